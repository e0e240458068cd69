/** The MinIO double listens on the port it is given (the sandbox's fixed one), else on an ephemeral port. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startMinioDouble } from "../minio";
import { closedLoopbackUrl } from "../../support/net";
import { get } from "./support/admin";

const ROOT = { accessKey: "port-test-root", secretKey: "port-test-secret-1" };

describe("MinIO double: port option", () => {
  it("listens on the given port and answers there", async () => {
    const port = Number(new URL(await closedLoopbackUrl()).port);
    const minio = await startMinioDouble({ ...ROOT, port });
    try {
      assert.equal(minio.url, `http://127.0.0.1:${port}`);
      assert.equal((await get(`http://127.0.0.1:${port}`, "/minio/health/live")).status, 200);
    } finally {
      await minio.close();
    }
  });

  it("refuses a port that is taken, and without a port picks a free one", async () => {
    const first = await startMinioDouble(ROOT);
    try {
      const port = Number(new URL(first.url).port);
      assert.ok(port > 0);
      // A double that started anyway is closed, so a failure here cannot leave a server running.
      const second = startMinioDouble({ ...ROOT, port }).then(async (d) => {
        await d.close();
        return d;
      });
      await assert.rejects(second, { code: "EADDRINUSE" });
    } finally {
      await first.close();
    }
  });
});
