import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { decryptData, MadminDecryptError } from "../../../minio-admin/madmin-crypto";
import { encrypt, get, json, restart, signedRequest, stsPost, waitReady, xmlText } from "./support/admin";
import { ROOT_SECRET, startWorld, type World } from "./support/world";

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

  it("corruptNextAnswer(): the next get-config-kv answer no longer decrypts, the one after does", async () => {
    w.minio.faults.corruptNextAnswer();
    const damaged = await signedRequest(w.root, "GET", GET_KV);
    assert.equal(damaged.status, 200);
    assert.throws(() => decryptData(ROOT_SECRET, damaged.body), MadminDecryptError);
    const next = await signedRequest(w.root, "GET", GET_KV);
    assert.match(decryptData(ROOT_SECRET, next.body).toString("utf8"), /^identity_openid /);
  });

  it("failPeerOnNextRestart(): the next ServiceV2 answer lists the failed peer after this node", async () => {
    w.minio.faults.failPeerOnNextRestart("10.0.0.2:9000", "drive hung");
    const first = await restart(w.root);
    assert.deepEqual(json(first).results, [
      { host: w.minio.url.slice(7) },
      { host: "10.0.0.2:9000", err: "drive hung" },
    ]);
    await waitReady(w.minio.url);
    const second = await restart(w.root);
    assert.deepEqual(json(second).results, [{ host: w.minio.url.slice(7) }]);
    await waitReady(w.minio.url);
  });
});

describe("MinIO double: request log", () => {
  it("records every request in order: method, path, query, headers and the body as sent", async () => {
    const w = await startWorld();
    try {
      await get(w.minio.url, "/minio/health/ready");
      const body = encrypt(ROOT_SECRET, "identity_openid comment=x enable=off");
      await signedRequest(w.root, "PUT", "/minio/admin/v3/set-config-kv", body);
      await signedRequest(w.root, "GET", GET_KV);
      const log = w.minio.requests();
      assert.deepEqual(
        log.map((r) => [r.method, r.path, r.query]),
        [
          ["GET", "/minio/health/ready", {}],
          ["PUT", "/minio/admin/v3/set-config-kv", {}],
          ["GET", "/minio/admin/v3/get-config-kv", { key: "identity_openid" }],
        ],
      );
      assert.deepEqual(log[1].body, body);
      assert.match(String(log[1].headers.authorization), /^AWS4-HMAC-SHA256 Credential=minio-root\//);
    } finally {
      await w.close();
    }
  });
});
