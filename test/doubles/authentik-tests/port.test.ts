/** The authentik double listens on the port it is given (the sandbox's fixed one), else on an ephemeral port. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { startAuthentikDouble } from "../authentik";
import { closedLoopbackUrl } from "../../support/net";

const TOKEN = "port-test-api-token";

describe("authentik double: port option", () => {
  it("listens on the given port and answers there", async () => {
    const port = Number(new URL(await closedLoopbackUrl()).port);
    const authentik = await startAuthentikDouble({ token: TOKEN, port });
    try {
      assert.equal(authentik.url, `http://127.0.0.1:${port}`);
      const r = await fetch(`http://127.0.0.1:${port}/api/v3/root/config/`);
      assert.equal(r.status, 200);
      assert.equal(authentik.requests.at(-1)?.path, "/api/v3/root/config/");
    } finally {
      await authentik.close();
    }
  });

  it("refuses a port that is taken, and without a port picks a free one", async () => {
    const first = await startAuthentikDouble({ token: TOKEN });
    try {
      const port = Number(new URL(first.url).port);
      assert.ok(port > 0);
      // A double that started anyway is closed, so a failure here cannot leave a server running.
      const second = startAuthentikDouble({ token: TOKEN, port }).then(async (d) => {
        await d.close();
        return d;
      });
      await assert.rejects(second, { code: "EADDRINUSE" });
    } finally {
      await first.close();
    }
  });
});
