import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { get, json, signedRequest, stsPost, xmlText } from "./support/admin";
import { startWorld, type World } from "./support/world";

const GET_KV = "/minio/admin/v3/get-config-kv?key=identity_openid";

describe("MinIO double: fault injection", () => {
  let w: World;
  before(async () => {
    w = await startWorld();
  });
  after(() => w.close());
  afterEach(() => w.minio.faults.reset());

  it("failNext(n, 503) fails exactly the next n admin calls with MinIO's 503 JSON, health untouched", async () => {
    w.minio.faults.failNext(2, 503);
    assert.equal((await get(w.minio.url, "/minio/health/ready")).status, 200);
    for (let i = 0; i < 2; i++) {
      const res = await signedRequest(w.root, "GET", GET_KV);
      assert.equal(res.status, 503);
      assert.equal(res.headers["retry-after"], "60");
      assert.deepEqual(
        [json(res).Code, json(res).Message],
        ["XMinioServerNotInitialized", "injected fault (HTTP 503)"],
      );
    }
    assert.equal((await signedRequest(w.root, "GET", GET_KV)).status, 200);
  });

  it("failNext applies to STS with the STS XML error shape", async () => {
    w.minio.faults.failNext(1, 500);
    const res = await stsPost(w.minio.url, {
      Action: "AssumeRoleWithWebIdentity",
      Version: "2011-06-15",
      WebIdentityToken: "x",
    });
    assert.equal(res.status, 500);
    assert.deepEqual(
      [xmlText(res.text, "Code"), xmlText(res.text, "Message")],
      ["InternalError", "injected fault (HTTP 500)"],
    );
  });

  it("failNext with another status keeps that status", async () => {
    w.minio.faults.failNext(1, 502);
    const res = await signedRequest(w.root, "GET", GET_KV);
    assert.deepEqual([res.status, json(res).Code], [502, "InternalError"]);
  });

  it("delay(ms) slows every answer down until reset()", async () => {
    // A long delay, so "no longer delayed" has a wide margin even on a loaded machine.
    w.minio.faults.delay(600);
    let t = Date.now();
    assert.equal((await get(w.minio.url, "/minio/health/live")).status, 200);
    assert.ok(Date.now() - t >= 595, `took ${Date.now() - t} ms`);
    w.minio.faults.reset();
    t = Date.now();
    await get(w.minio.url, "/minio/health/live");
    assert.ok(Date.now() - t < 595, `took ${Date.now() - t} ms after reset`);
  });

  it("reset() cancels pending failures", async () => {
    w.minio.faults.failNext(5, 500);
    w.minio.faults.reset();
    assert.equal((await signedRequest(w.root, "GET", GET_KV)).status, 200);
  });
});
