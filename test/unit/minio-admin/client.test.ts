import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { after, afterEach, before, describe, it } from "node:test";
import { closedLoopbackUrl } from "../../support/net";
import { MinioAdminClient, type AdminClientOptions } from "../../../minio-admin/client";
import { AdminError } from "../../../minio-admin/errors";
import { decryptData, type MadminAlgorithm } from "../../../minio-admin/madmin-crypto";
import { waitReady } from "../../doubles/minio-tests/support/admin";
import { ROOT_ACCESS, ROOT_SECRET, startWorld, type World } from "../../doubles/minio-tests/support/world";

async function rejection(p: Promise<unknown>): Promise<AdminError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AdminError, `expected AdminError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected a rejection");
}

const GET_KV = "GET /minio/admin/v3/get-config-kv";

describe("MinioAdminClient against the MinIO double", () => {
  let w: World;
  const client = (over: Partial<AdminClientOptions> = {}) =>
    new MinioAdminClient({ endpoint: w.minio.url, accessKey: ROOT_ACCESS, secretKey: ROOT_SECRET, ...over });
  /** The requests the double received since `mark` (a length of its log). */
  const since = (mark: number) => w.minio.requests().slice(mark);

  before(async () => {
    w = await startWorld({ region: "us-east-1", restartGapMs: 300 });
  });
  after(() => w.close());
  afterEach(async () => {
    w.minio.faults.reset();
    await waitReady(w.minio.url);
  });

  it("set-config-kv: PUT with a body encrypted by any of madmin's algorithms, SigV4 over service s3", async () => {
    const algorithms: MadminAlgorithm[] = ["argon2id-aes-gcm", "argon2id-chacha20poly1305", "pbkdf2-aes-gcm"];
    for (const algorithm of algorithms) {
      const line =
        `identity_openid:a config_url=${w.issuer.configUrl} client_id=minio client_secret=s3 ` +
        `display_name="SSO ${algorithm}"`;
      const mark = w.minio.requests().length;
      await client({ algorithm }).setConfigKV(line);
      const [req] = since(mark);
      assert.deepEqual([req.method, req.path], ["PUT", "/minio/admin/v3/set-config-kv"]);
      assert.equal(decryptData(ROOT_SECRET, req.body).toString("utf8"), line);
      assert.equal(req.headers["content-type"], "application/octet-stream");
      assert.match(
        String(req.headers.authorization),
        /^AWS4-HMAC-SHA256 Credential=minio-root\/\d{8}\/us-east-1\/s3\/aws4_request, /,
      );
      assert.equal(w.minio.pendingConfig()["identity_openid:a"].display_name, `SSO ${algorithm}`);
    }
    await client().delConfigKV("identity_openid:a");
  });

  it("get-config-kv: GET ?key=, the answer decrypted", async () => {
    const mark = w.minio.requests().length;
    const text = await client().getConfigKV("identity_openid:");
    assert.deepEqual(since(mark)[0].query, { key: "identity_openid:" });
    assert.match(
      text,
      /^identity_openid enable= display_name= config_url= client_id= client_secret= claim_name=policy /,
    );
  });

  it("get-config-kv of an unknown target: rejected with MinIO's code and message", async () => {
    const err = await rejection(client().getConfigKV("identity_openid:nope"));
    assert.deepEqual([err.kind, err.status, err.code], ["rejected", 400, "XMinioConfigError"]);
    assert.equal(
      err.message,
      `${w.minio.url}: ${GET_KV} rejected: HTTP 400 XMinioConfigError there is no target \`nope\` for subsystem \`identity_openid\``,
    );
  });

  it("del-config-kv: DELETE with the encrypted target; 404 when the named target is absent", async () => {
    await client().setConfigKV("identity_openid:gone enable=off");
    const mark = w.minio.requests().length;
    await client().delConfigKV("identity_openid:gone");
    const [req] = since(mark);
    assert.equal(req.method, "DELETE");
    assert.equal(decryptData(ROOT_SECRET, req.body).toString("utf8"), "identity_openid:gone");
    assert.equal(w.minio.pendingConfig()["identity_openid:gone"], undefined);
    const err = await rejection(client().delConfigKV("identity_openid:gone"));
    assert.deepEqual([err.status, err.code], [404, "XMinioConfigNotFoundError"]);
  });

  it("restart: POST service?action=restart&dry-run=false&type=2, then waits until the deployment is back", async () => {
    const restarts = w.minio.restarts();
    const mark = w.minio.requests().length;
    const started = Date.now();
    const result = await client().restartAndWait({ timeoutMs: 5000, pollMs: 50, settleMs: 100 });
    const sent = since(mark);
    assert.deepEqual(sent[0].query, { action: "restart", "dry-run": "false", type: "2" });
    assert.equal(w.minio.restarts(), restarts + 1);
    // The double is offline for 300 ms from the moment it accepted the restart, which is after `started`.
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 300 && elapsed < 3000, `restart and wait took ${elapsed} ms`);
    assert.ok(result.waitedMs > 0 && result.waitedMs <= elapsed, `waited ${result.waitedMs} of ${elapsed} ms`);
    // ServerInfo (signed, metrics=false) until the one node is back, then one cluster probe (unsigned).
    const info = sent.filter((r) => r.path === "/minio/admin/v3/info");
    assert.ok(info.length >= 1 && info.every((r) => r.query.metrics === "false" && r.headers.authorization));
    assert.deepEqual(
      sent.slice(-2).map((r) => [r.method, r.path, r.headers.authorization === undefined]),
      [
        ["GET", "/minio/admin/v3/info", false],
        ["GET", "/minio/health/cluster", true],
      ],
    );
  });

  it("restart: a node error in the ServiceV2 answer fails the restart", async () => {
    w.minio.faults.failPeerOnNextRestart("10.0.0.2:9000", "drive hung");
    const err = await rejection(client().restart());
    assert.deepEqual(
      [err.kind, err.message],
      ["server", `${w.minio.url}: restart failed on 10.0.0.2:9000: drive hung`],
    );
  });

  it("serverInfo: GET /minio/admin/v3/info, the one server named by the endpoint's host", async () => {
    const servers = await client().serverInfo();
    assert.equal(servers.length, 1);
    assert.deepEqual(servers[0], {
      endpoint: new URL(w.minio.url).host,
      state: "online",
      uptimeSeconds: servers[0].uptimeSeconds,
    });
    assert.ok(servers[0].uptimeSeconds >= 0 && servers[0].uptimeSeconds < 600, `uptime ${servers[0].uptimeSeconds}`);
  });

  it("waitUntilBack: the first poll waits for the settle time after the restart was sent", async () => {
    const { waitedMs } = await client().waitUntilBack(
      { timeoutMs: 3000, pollMs: 50, settleMs: 300 },
      { results: [{ host: new URL(w.minio.url).host }], sentAt: Date.now() },
    );
    assert.ok(waitedMs >= 300 && waitedMs < 1500, `waited ${waitedMs} ms`);
  });

  it("waitUntilBack and health: a clear timeout when the server does not come back; health unsigned", async () => {
    assert.deepEqual(await client().health("live"), { status: 200, ok: true });
    w.minio.faults.restartNeverReturns();
    const restart = await client().restart();
    assert.deepEqual(await client().health("ready"), { status: 503, ok: false, serverStatus: "offline" });
    const err = await rejection(client().waitUntilBack({ timeoutMs: 500, pollMs: 50, settleMs: 0 }, restart));
    assert.equal(err.kind, "timeout");
    assert.equal(
      err.message,
      `${w.minio.url}: timed out: the deployment was not back within 0.5s after the restart (last: server error on ` +
        "GET /minio/admin/v3/info: HTTP 503 XMinioServerNotInitialized Server not initialized yet, please try again.)",
    );
    assert.ok(w.minio.requests().every((r) => !r.path.startsWith("/minio/health/") || !r.headers.authorization));
  });

  it("a wrong secret key or access key is an auth failure, a wrong region MinIO's region error", async () => {
    const cases: [Partial<AdminClientOptions>, string, number, string][] = [
      [{ secretKey: "wrong-secret-key-123" }, "auth", 403, "SignatureDoesNotMatch"],
      [{ accessKey: "someone" }, "auth", 403, "InvalidAccessKeyId"],
      [{ region: "eu-west-1" }, "rejected", 400, "AuthorizationHeaderMalformed"],
    ];
    for (const [over, kind, status, code] of cases) {
      const err = await rejection(client(over).getConfigKV("identity_openid:"));
      assert.deepEqual([err.kind, err.status, err.code], [kind, status, code]);
      const what = kind === "auth" ? `credentials rejected on ${GET_KV}:` : `${GET_KV} rejected:`;
      assert.ok(err.message.startsWith(`${w.minio.url}: ${what} HTTP ${status} ${code}`), err.message);
      assert.ok(!err.message.includes(ROOT_SECRET) && !err.message.includes("wrong-secret-key-123"));
    }
  });

  it("a 5xx is a server failure", async () => {
    w.minio.faults.failNext(1, 503);
    const err = await rejection(client().setConfigKV("identity_openid client_id=x"));
    assert.deepEqual([err.kind, err.code], ["server", "XMinioServerNotInitialized"]);
  });

  it("an answer that does not decrypt is a protocol failure", async () => {
    w.minio.faults.corruptNextAnswer();
    const err = await rejection(client().getConfigKV("identity_openid:"));
    assert.equal(err.kind, "protocol");
    assert.equal(
      err.message,
      `${w.minio.url}: cannot read the answer to ${GET_KV}: cannot decrypt argon2id-aes-gcm data: data is not authentic (wrong root secret key, or corrupted or truncated data)`,
    );
  });

  it("a slow answer times out after the request timeout", async () => {
    w.minio.faults.delay(600);
    const err = await rejection(client({ requestTimeoutMs: 150 }).getConfigKV("identity_openid:"));
    assert.deepEqual(
      [err.kind, err.message],
      ["timeout", `${w.minio.url}: timed out: no answer to ${GET_KV} within 0.15s`],
    );
  });
});

describe("MinioAdminClient without a server", () => {
  it("an unreachable endpoint names the endpoint and the connection error", async () => {
    const url = await closedLoopbackUrl();
    const c = new MinioAdminClient({ endpoint: url, accessKey: ROOT_ACCESS, secretKey: ROOT_SECRET });
    const err = await rejection(c.setConfigKV(`identity_openid client_secret=${crypto.randomUUID()}`));
    assert.equal(err.kind, "unreachable");
    assert.match(err.message, new RegExp(`^${url}: unreachable \\(PUT /minio/admin/v3/set-config-kv: .*ECONNREFUSED`));
  });
});
