/** The admin CLI's commands, exit codes and printed lines (runCli in this process), against the MinIO double. */
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { runCli } from "../../../minio-admin/cli";
import { startMinioDouble, type MinioDouble } from "../../doubles/minio";
import { deadUrl, startIssuer, type TestIssuer } from "../../doubles/minio-tests/support/issuer";
import { closedLoopbackUrl } from "../../support/net";

const ROOT_SECRET = "cli-root-secret-Q7wZ";
const CLIENT_SECRET = "cli-client-secret-K3pV";

interface Run {
  code: number;
  stdout: string[];
  stderr: string[];
}

async function run(args: string[], env: Record<string, string>): Promise<Run> {
  const out: Run = { code: -1, stdout: [], stderr: [] };
  out.code = await runCli(args, env, { stdout: (l) => out.stdout.push(l), stderr: (l) => out.stderr.push(l) });
  return out;
}

function assertNoSecrets(r: Run, ...secrets: string[]): void {
  const printed = [...r.stdout, ...r.stderr].join("\n");
  for (const secret of [ROOT_SECRET, CLIENT_SECRET, ...secrets]) assert.ok(!printed.includes(secret), printed);
}

/** The single stderr line of a failed run. */
function errorLine(r: Run): string {
  assert.deepEqual(r.stdout, []);
  assert.equal(r.stderr.length, 1, r.stderr.join("\n"));
  return r.stderr[0];
}

describe("minio-openid-admin CLI", () => {
  let issuer: TestIssuer;
  let minio: MinioDouble;
  let env: Record<string, string>;
  before(async () => {
    issuer = await startIssuer({ clientId: "minio" });
  });
  after(() => issuer.close());
  beforeEach(async () => {
    minio = await startMinioDouble({ accessKey: "cli-root", secretKey: ROOT_SECRET, restartGapMs: 50 });
    env = {
      MINIO_ENDPOINT: minio.url,
      MINIO_ACCESS_KEY: "cli-root",
      MINIO_SECRET_KEY: ROOT_SECRET,
      MINIO_OPENID_CONFIG_NAME: "cli",
      MINIO_RESTART_TIMEOUT_SECONDS: "10",
      MINIO_OPENID_CONFIG_URL: issuer.configUrl,
      MINIO_OPENID_CLIENT_ID: "minio",
      MINIO_OPENID_CLIENT_SECRET: CLIENT_SECRET,
      MINIO_OPENID_CLAIM_NAME: "policy",
      MINIO_OPENID_SCOPES: "openid,profile",
      MINIO_OPENID_REDIRECT_URI: "http://minio.test/oauth_callback",
      MINIO_OPENID_DISPLAY_NAME: "SSO",
    };
  });
  afterEach(() => minio.close());

  it("apply, apply again, show, remove, remove again: one JSON line each, exit 0", async () => {
    const first = await run(["apply"], env);
    assert.deepEqual(first, {
      code: 0,
      stdout: [
        '{"config":"identity_openid:cli","changed":true,"restarted":true,' +
          '"keys":["enable","display_name","config_url","client_id","client_secret","redirect_uri","scopes","comment"]}',
      ],
      stderr: [],
    });
    assert.equal(minio.loadedConfig()["identity_openid:cli"].client_secret, CLIENT_SECRET);

    const second = await run(["apply"], env);
    assert.deepEqual(second.stdout, ['{"config":"identity_openid:cli","changed":false,"restarted":false,"keys":[]}']);

    const shown = await run(["show"], env);
    assert.equal(shown.code, 0);
    const values = JSON.parse(shown.stdout[0]).values;
    assert.deepEqual(
      [values.client_secret, values.client_id, values.scopes],
      ["<redacted>", "minio", "openid,profile"],
    );

    const removed = await run(["remove"], env);
    assert.deepEqual(removed.stdout, ['{"config":"identity_openid:cli","changed":true,"restarted":true}']);
    const again = await run(["remove"], env);
    assert.deepEqual(again.stdout, ['{"config":"identity_openid:cli","changed":false,"restarted":false}']);
    for (const r of [first, second, shown, removed, again]) assertNoSecrets(r);
    assert.equal(minio.restarts(), 2);
  });

  it("bad input: exit 2 with one line naming the variables", async () => {
    const { MINIO_OPENID_CLIENT_ID: _omit, ...rest } = env;
    const r = await run(["apply"], { ...rest, MINIO_OPENID_CLAIM: "x" });
    assert.equal(r.code, 2);
    assert.equal(
      errorLine(r),
      `minio-openid-admin: ${minio.url}: bad input: MINIO_OPENID_CLAIM is not a known identity_openid setting; ` +
        "MINIO_OPENID_CLIENT_ID must be set and non-empty",
    );
    assertNoSecrets(r);
    const both = await run(["apply"], { ...rest, MINIO_ACCESS_KEY: "" });
    assert.equal(both.code, 2);
    assert.equal(
      errorLine(both),
      `minio-openid-admin: ${minio.url}: bad input: MINIO_ACCESS_KEY must be set and non-empty; ` +
        "MINIO_OPENID_CLIENT_ID must be set and non-empty",
    );
    assert.deepEqual(
      minio.requests().map((q) => q.path),
      [],
    );
  });

  it("usage errors (no command, unknown command, extra argv) exit 2", async () => {
    for (const args of [[], ["frobnicate"], ["apply", "client_secret=x"]]) {
      const r = await run(args, env);
      assert.equal(r.code, 2);
      assert.equal(
        errorLine(r),
        "minio-openid-admin: usage: minio-openid-admin <apply|remove|show|check-policy> (all inputs come from environment variables, see minio-admin/README.md)",
      );
    }
  });

  it("unreachable endpoint: exit 1 naming the endpoint and the connection error", async () => {
    const url = await closedLoopbackUrl();
    const r = await run(["show"], { ...env, MINIO_ENDPOINT: url });
    assert.equal(r.code, 1);
    assert.match(
      errorLine(r),
      new RegExp(`^minio-openid-admin: ${url}: unreachable \\(GET /minio/admin/v3/get-config-kv: .*ECONNREFUSED`),
    );
    assertNoSecrets(r);
  });

  it("bad credentials: exit 1 with MinIO's 403 error code, the wrong secret not shown", async () => {
    const wrong = "wrong-root-secret-Z9";
    const r = await run(["apply"], { ...env, MINIO_SECRET_KEY: wrong });
    assert.equal(r.code, 1);
    assert.equal(
      errorLine(r),
      `minio-openid-admin: ${minio.url}: credentials rejected on GET /minio/admin/v3/get-config-kv: HTTP 403 ` +
        "SignatureDoesNotMatch The request signature we calculated does not match the signature you provided. " +
        "Check your key and signing method.",
    );
    assertNoSecrets(r, wrong);
  });

  it("a user whose policy lacks admin:ServiceRestart: the config is set, the restart refused, the line says why", async () => {
    minio.addCannedPolicy("config-only", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["admin:ConfigUpdate"] }],
    });
    minio.addUser("cli-user", "cli-user-secret-P2", ["config-only"]);
    const r = await run(["apply"], { ...env, MINIO_ACCESS_KEY: "cli-user", MINIO_SECRET_KEY: "cli-user-secret-P2" });
    assert.equal(r.code, 1);
    assert.equal(
      errorLine(r),
      `minio-openid-admin: ${minio.url}: credentials rejected on POST /minio/admin/v3/service: HTTP 403 AccessDenied ` +
        "Access Denied.; the MinIO user needs admin:ConfigUpdate, admin:ServiceRestart and admin:ServerInfo (README, Least privilege)",
    );
    assert.equal(minio.pendingConfig()["identity_openid:cli"].client_id, "minio");
    assert.equal(minio.restarts(), 0);
    assertNoSecrets(r, "cli-user-secret-P2");
  });

  it("a user whose policy lacks admin:ServerInfo: MinIO restarts, the wait is refused, the line says why", async () => {
    minio.addCannedPolicy("no-server-info", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["admin:ConfigUpdate", "admin:ServiceRestart"] }],
    });
    minio.addUser("cli-user", "cli-user-secret-P2", ["no-server-info"]);
    const r = await run(["apply"], { ...env, MINIO_ACCESS_KEY: "cli-user", MINIO_SECRET_KEY: "cli-user-secret-P2" });
    assert.equal(r.code, 1);
    assert.equal(
      errorLine(r),
      `minio-openid-admin: ${minio.url}: credentials rejected on GET /minio/admin/v3/info: HTTP 403 AccessDenied ` +
        "Access Denied.; the MinIO user needs admin:ConfigUpdate, admin:ServiceRestart and admin:ServerInfo (README, Least privilege)",
    );
    assert.equal(minio.restarts(), 1);
    assertNoSecrets(r, "cli-user-secret-P2");
  });

  it("MinIO's own 400 validation error: exit 1 with its message, secrets scrubbed from it", async () => {
    // MinIO repeats config_url in its error; here the URL carries the client secret, which must not be printed.
    const url = `${await deadUrl()}?${CLIENT_SECRET}`;
    const r = await run(["apply"], { ...env, MINIO_OPENID_CONFIG_URL: url });
    assert.equal(r.code, 1);
    const shown = url.replace(CLIENT_SECRET, "<redacted>");
    assert.equal(
      errorLine(r),
      `minio-openid-admin: ${minio.url}: PUT /minio/admin/v3/set-config-kv rejected: HTTP 400 XMinioAdminConfigBadJSON ` +
        `Get "${shown}": dial tcp 127.0.0.1:${new URL(url).port}: connect: connection refused`,
    );
    assertNoSecrets(r);
    assert.equal(minio.pendingConfig()["identity_openid:cli"], undefined);
  });

  it("restart timeout: exit 1 with a clear timeout message", async () => {
    minio.faults.restartNeverReturns();
    const r = await run(["apply"], { ...env, MINIO_RESTART_TIMEOUT_SECONDS: "1" });
    assert.equal(r.code, 1);
    assert.equal(
      errorLine(r),
      `minio-openid-admin: ${minio.url}: timed out: the deployment was not back within 1s after the restart (last: ` +
        "server error on GET /minio/admin/v3/info: HTTP 503 XMinioServerNotInitialized Server not initialized yet, " +
        "please try again.)",
    );
    assertNoSecrets(r);
  });

  it("request timeout: exit 1 naming the request that got no answer", async () => {
    minio.faults.delay(1500);
    const r = await run(["show"], { ...env, MINIO_REQUEST_TIMEOUT_SECONDS: "0.3" });
    assert.equal(r.code, 1);
    assert.equal(
      errorLine(r),
      `minio-openid-admin: ${minio.url}: timed out: no answer to GET /minio/admin/v3/get-config-kv within 0.3s`,
    );
  });
});
