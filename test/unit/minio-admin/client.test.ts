import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { after, before, beforeEach, describe, it } from "node:test";
import { closedLoopbackUrl } from "../../support/net";
import { MinioAdminClient, type AdminClientOptions } from "../../../minio-admin/client";
import { AdminError } from "../../../minio-admin/errors";
import { startAdminFixture, type AdminFixture } from "./fixture/admin-server";

const ACCESS = "admin-root";
const SECRET = "client-test-root-secret-5e1";

async function rejection(p: Promise<unknown>): Promise<AdminError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AdminError, `expected AdminError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected a rejection");
}

describe("MinioAdminClient against the fixture server", () => {
  let fx: AdminFixture;
  const client = (over: Partial<AdminClientOptions> = {}) =>
    new MinioAdminClient({
      endpoint: fx.url,
      accessKey: ACCESS,
      secretKey: SECRET,
      algorithm: "pbkdf2-aes-gcm",
      ...over,
    });

  before(async () => {
    fx = await startAdminFixture({ accessKey: ACCESS, secretKey: SECRET, downMs: 300 });
  });
  after(() => fx.close());
  beforeEach(() => {
    fx.requests.length = 0;
    fx.delayMs = 0;
    fx.readyNever = false;
    fx.restartError = undefined;
    fx.answerPassword = undefined;
  });

  it("set-config-kv: PUT with an encrypted body, SigV4 over service s3 (checked with aws4)", async () => {
    const line = 'identity_openid:a config_url=http://idp/x client_id=minio client_secret=s3 display_name="SSO login"';
    await client({ algorithm: undefined }).setConfigKV(line);
    const [req] = fx.requests;
    assert.equal(req.method, "PUT");
    assert.equal(req.path, "/minio/admin/v3/set-config-kv");
    assert.equal(req.plaintext, line);
    assert.equal(req.headers["content-type"], "application/octet-stream");
    assert.match(
      String(req.headers.authorization),
      /^AWS4-HMAC-SHA256 Credential=admin-root\/\d{8}\/us-east-1\/s3\/aws4_request, /,
    );
    assert.equal(fx.saved.get("a")?.display_name, "SSO login");
  });

  it("get-config-kv: GET ?key=, decrypts the answer (any of the three algorithms)", async () => {
    const text = await client().getConfigKV("identity_openid:");
    assert.deepEqual(fx.requests[0].query, { key: "identity_openid:" });
    assert.match(
      text,
      /^identity_openid enable= display_name= config_url= client_id= client_secret= claim_name=policy /,
    );
  });

  it("get-config-kv of an unknown target: rejected with MinIO's code and message", async () => {
    const err = await rejection(client().getConfigKV("identity_openid:nope"));
    assert.equal(err.kind, "rejected");
    assert.equal(err.status, 400);
    assert.equal(err.code, "XMinioConfigError");
    assert.equal(
      err.message,
      `${fx.url}: GET /minio/admin/v3/get-config-kv rejected: HTTP 400 XMinioConfigError there is no target \`nope\` for subsystem \`identity_openid\``,
    );
  });

  it("del-config-kv: DELETE with the encrypted target; 404 when the named target is absent", async () => {
    fx.saved.set("gone", { enable: "on" });
    await client().delConfigKV("identity_openid:gone");
    assert.equal(fx.requests[0].method, "DELETE");
    assert.equal(fx.requests[0].plaintext, "identity_openid:gone");
    assert.equal(fx.saved.has("gone"), false);
    const err = await rejection(client().delConfigKV("identity_openid:gone"));
    assert.deepEqual([err.status, err.code], [404, "XMinioConfigNotFoundError"]);
  });

  it("restart: POST service?action=restart&dry-run=false&type=2, then waits until ready again", async () => {
    const before = fx.restarts();
    const started = Date.now();
    const result = await client().restartAndWait({ timeoutMs: 5000, pollMs: 50 });
    assert.deepEqual(fx.requests[0].query, { action: "restart", "dry-run": "false", type: "2" });
    assert.equal(fx.restarts(), before + 1);
    // The fixture is down for 300 ms from the moment it accepted the restart, which is after `started`; the wait
    // itself starts only once the answer arrived, so bound the whole call (exact on any machine load) rather than it.
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 300 && elapsed < 3000, `restart and wait took ${elapsed} ms`);
    assert.ok(result.waitedMs > 0 && result.waitedMs <= elapsed, `waited ${result.waitedMs} of ${elapsed} ms`);
  });

  it("restart: a node error in the ServiceV2 answer fails the restart", async () => {
    fx.restartError = "drive hung";
    const err = await rejection(client().restart());
    assert.deepEqual([err.kind, err.message], ["server", `${fx.url}: restart failed on 127.0.0.1: drive hung`]);
  });

  it("waitUntilReady: trusts a ready server only after the settle time when it never saw it down", async () => {
    const { waitedMs } = await client().waitUntilReady({ timeoutMs: 3000, pollMs: 50, settleMs: 300 });
    assert.ok(waitedMs >= 300 && waitedMs < 1500, `waited ${waitedMs} ms`);
  });

  it("waitUntilReady: a clear timeout error when the server does not come back", async () => {
    fx.readyNever = true;
    const err = await rejection(client().waitUntilReady({ timeoutMs: 500, pollMs: 50 }));
    assert.equal(err.kind, "timeout");
    assert.equal(
      err.message,
      `${fx.url}: timed out: not ready within 0.5s after the restart (last /minio/health/ready: HTTP 503)`,
    );
  });

  it("health: unsigned GET /minio/health/<check>", async () => {
    assert.deepEqual(await client().health("live"), { status: 200, ok: true });
    fx.readyNever = true;
    assert.deepEqual(await client().health("ready"), { status: 503, ok: false });
  });

  it("a wrong secret key, access key or region is an auth failure with MinIO's error code", async () => {
    const cases: [Partial<AdminClientOptions>, string][] = [
      [{ secretKey: "wrong-secret-key-123" }, "SignatureDoesNotMatch"],
      [{ accessKey: "someone" }, "InvalidAccessKeyId"],
      [{ region: "eu-west-1" }, "SignatureDoesNotMatch"],
    ];
    for (const [over, code] of cases) {
      const err = await rejection(client(over).getConfigKV("identity_openid:"));
      assert.deepEqual([err.kind, err.status, err.code], ["auth", 403, code]);
      assert.ok(
        err.message.startsWith(
          `${fx.url}: credentials rejected on GET /minio/admin/v3/get-config-kv: HTTP 403 ${code}`,
        ),
      );
      assert.ok(!err.message.includes(SECRET) && !err.message.includes("wrong-secret-key-123"));
    }
  });

  it("reads the error code from an XML error body too", async () => {
    fx.failNext({
      status: 403,
      contentType: "application/xml",
      body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied.</Message></Error>',
    });
    const err = await rejection(client().getConfigKV("identity_openid:"));
    assert.equal(
      err.message,
      `${fx.url}: credentials rejected on GET /minio/admin/v3/get-config-kv: HTTP 403 AccessDenied Access Denied.`,
    );
  });

  it("a 5xx is a server failure", async () => {
    fx.failNext({
      status: 503,
      body: '{"Code":"XMinioServerNotInitialized","Message":"Server not initialized yet, please try again."}',
    });
    const err = await rejection(client().setConfigKV("identity_openid client_id=x"));
    assert.deepEqual([err.kind, err.code], ["server", "XMinioServerNotInitialized"]);
  });

  it("an answer encrypted with another key is a protocol failure", async () => {
    fx.answerPassword = "not-the-root-secret";
    const err = await rejection(client().getConfigKV("identity_openid:"));
    assert.equal(err.kind, "protocol");
    assert.equal(
      err.message,
      `${fx.url}: cannot read the answer to GET /minio/admin/v3/get-config-kv: cannot decrypt pbkdf2-aes-gcm data: data is not authentic (wrong root secret key, or corrupted or truncated data)`,
    );
  });

  it("a slow answer times out after the request timeout", async () => {
    fx.delayMs = 600;
    const err = await rejection(client({ requestTimeoutMs: 150 }).getConfigKV("identity_openid:"));
    assert.deepEqual(
      [err.kind, err.message],
      ["timeout", `${fx.url}: timed out: no answer to GET /minio/admin/v3/get-config-kv within 0.15s`],
    );
  });
});

describe("MinioAdminClient without a server", () => {
  it("an unreachable endpoint names the endpoint and the connection error", async () => {
    const url = await closedLoopbackUrl();
    const c = new MinioAdminClient({
      endpoint: url,
      accessKey: ACCESS,
      secretKey: SECRET,
      algorithm: "pbkdf2-aes-gcm",
    });
    const err = await rejection(c.setConfigKV(`identity_openid client_secret=${crypto.randomUUID()}`));
    assert.equal(err.kind, "unreachable");
    assert.match(err.message, new RegExp(`^${url}: unreachable \\(PUT /minio/admin/v3/set-config-kv: .*ECONNREFUSED`));
  });
});
