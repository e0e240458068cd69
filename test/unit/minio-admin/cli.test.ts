import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, beforeEach, describe, it } from "node:test";
import { closedLoopbackUrl } from "../../support/net";
import { repoRoot } from "../../support/paths";
import { startAdminFixture, type AdminFixture } from "./fixture/admin-server";
import { defaultKvs } from "./fixture/minio-kv";

// The compiled CLI next to this compiled test (same output tree, resolved like an import).
const CLI = require.resolve("../../../minio-admin/cli");
const ROOT_SECRET = "cli-root-secret-Q7wZ";
const CLIENT_SECRET = "cli-client-secret-K3pV";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with exactly the given environment (plus NODE_PATH, for private output directories). */
function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const childEnv: Record<string, string> = { ...env };
    if (process.env.NODE_PATH) childEnv.NODE_PATH = process.env.NODE_PATH;
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: repoRoot,
      env: childEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function assertNoSecrets(run: Run, ...secrets: string[]): void {
  for (const secret of [ROOT_SECRET, CLIENT_SECRET, ...secrets]) {
    assert.ok(!run.stdout.includes(secret), "a secret leaked to stdout");
    assert.ok(!run.stderr.includes(secret), "a secret leaked to stderr");
  }
}

/** The single stderr line of a failed run. */
function errorLine(run: Run): string {
  assert.equal(run.stdout, "");
  const lines = run.stderr.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, 1, run.stderr);
  return lines[0];
}

describe("minio-openid-admin CLI", () => {
  let fx: AdminFixture;
  let env: Record<string, string>;
  before(async () => {
    fx = await startAdminFixture({
      accessKey: "cli-root",
      secretKey: ROOT_SECRET,
      downMs: 100,
      validate: (_t, kvs) =>
        kvs.config_url.includes("unreachable")
          ? `Get "${kvs.config_url}": dial tcp: lookup unreachable: no such host (secret was ${kvs.client_secret})`
          : undefined,
    });
  });
  after(() => fx.close());
  beforeEach(() => {
    fx.saved = new Map([["_", defaultKvs()]]);
    fx.loaded = new Map([["_", defaultKvs()]]);
    fx.readyNever = false;
    fx.delayMs = 0;
    env = {
      MINIO_ENDPOINT: fx.url,
      MINIO_ACCESS_KEY: "cli-root",
      MINIO_SECRET_KEY: ROOT_SECRET,
      MINIO_OPENID_CONFIG_NAME: "cli",
      MINIO_RESTART_TIMEOUT_SECONDS: "10",
      MINIO_OPENID_CONFIG_URL: "http://idp.test/application/o/minio/.well-known/openid-configuration",
      MINIO_OPENID_CLIENT_ID: "minio",
      MINIO_OPENID_CLIENT_SECRET: CLIENT_SECRET,
      MINIO_OPENID_CLAIM_NAME: "policy",
      MINIO_OPENID_SCOPES: "openid,profile",
      MINIO_OPENID_REDIRECT_URI: "http://minio.test/oauth_callback",
      MINIO_OPENID_DISPLAY_NAME: "SSO",
    };
  });

  it("apply, apply again, show, remove, remove again: one JSON line each, exit 0", async () => {
    const first = await runCli(["apply"], env);
    assert.deepEqual([first.code, first.stderr], [0, ""]);
    assert.equal(
      first.stdout,
      '{"config":"identity_openid:cli","changed":true,"restarted":true,' +
        '"keys":["enable","display_name","config_url","client_id","client_secret","redirect_uri","scopes","comment"]}\n',
    );
    assert.equal(fx.loaded.get("cli")?.client_secret, CLIENT_SECRET);

    const second = await runCli(["apply"], env);
    assert.equal(second.stdout, '{"config":"identity_openid:cli","changed":false,"restarted":false,"keys":[]}\n');

    const shown = await runCli(["show"], env);
    assert.equal(shown.code, 0);
    const values = JSON.parse(shown.stdout).values;
    assert.deepEqual(
      [values.client_secret, values.client_id, values.scopes],
      ["<redacted>", "minio", "openid,profile"],
    );

    const removed = await runCli(["remove"], env);
    assert.equal(removed.stdout, '{"config":"identity_openid:cli","changed":true,"restarted":true}\n');
    const again = await runCli(["remove"], env);
    assert.equal(again.stdout, '{"config":"identity_openid:cli","changed":false,"restarted":false}\n');
    for (const run of [first, second, shown, removed, again]) assertNoSecrets(run);
  });

  it("bad input: exit 2 with one line naming the variables", async () => {
    const { MINIO_OPENID_CLIENT_ID: _omit, ...rest } = env;
    const run = await runCli(["apply"], { ...rest, MINIO_OPENID_CLAIM: "x" });
    assert.equal(run.code, 2);
    assert.equal(
      errorLine(run),
      `minio-openid-admin: ${fx.url}: bad input: MINIO_OPENID_CLAIM is not a known identity_openid setting; ` +
        "MINIO_OPENID_CLIENT_ID must be set and non-empty",
    );
    assertNoSecrets(run);
    const both = await runCli(["apply"], { ...rest, MINIO_ACCESS_KEY: "" });
    assert.equal(both.code, 2);
    assert.equal(
      errorLine(both),
      `minio-openid-admin: ${fx.url}: bad input: MINIO_ACCESS_KEY must be set and non-empty; ` +
        "MINIO_OPENID_CLIENT_ID must be set and non-empty",
    );
  });

  it("usage errors (no command, unknown command, extra argv) exit 2", async () => {
    for (const args of [[], ["frobnicate"], ["apply", "client_secret=x"]]) {
      const run = await runCli(args, env);
      assert.equal(run.code, 2);
      assert.equal(
        errorLine(run),
        "minio-openid-admin: usage: minio-openid-admin <apply|remove|show> (all inputs come from environment variables, see minio-admin/README.md)",
      );
    }
  });

  it("unreachable endpoint: exit 1 naming the endpoint and the connection error", async () => {
    const url = await closedLoopbackUrl();
    const run = await runCli(["show"], { ...env, MINIO_ENDPOINT: url });
    assert.equal(run.code, 1);
    assert.match(
      errorLine(run),
      new RegExp(`^minio-openid-admin: ${url}: unreachable \\(GET /minio/admin/v3/get-config-kv: .*ECONNREFUSED`),
    );
    assertNoSecrets(run);
  });

  it("bad credentials: exit 1 with MinIO's 403 error code, the wrong secret not shown", async () => {
    const wrong = "wrong-root-secret-Z9";
    const run = await runCli(["apply"], { ...env, MINIO_SECRET_KEY: wrong });
    assert.equal(run.code, 1);
    assert.equal(
      errorLine(run),
      `minio-openid-admin: ${fx.url}: credentials rejected on GET /minio/admin/v3/get-config-kv: HTTP 403 SignatureDoesNotMatch signature check failed: SignatureDoesNotMatch`,
    );
    assertNoSecrets(run, wrong);
  });

  it("MinIO's own 400 validation error: exit 1 with its message, secrets scrubbed from it", async () => {
    const url = "http://unreachable/.well-known/openid-configuration";
    const run = await runCli(["apply"], { ...env, MINIO_OPENID_CONFIG_URL: url });
    assert.equal(run.code, 1);
    assert.equal(
      errorLine(run),
      `minio-openid-admin: ${fx.url}: PUT /minio/admin/v3/set-config-kv rejected: HTTP 400 XMinioAdminConfigBadJSON ` +
        `Get "${url}": dial tcp: lookup unreachable: no such host (secret was <redacted>)`,
    );
    assertNoSecrets(run);
    assert.equal(fx.saved.has("cli"), false);
  });

  it("restart timeout: exit 1 with a clear timeout message", async () => {
    fx.readyNever = true;
    const run = await runCli(["apply"], { ...env, MINIO_RESTART_TIMEOUT_SECONDS: "1" });
    assert.equal(run.code, 1);
    assert.equal(
      errorLine(run),
      `minio-openid-admin: ${fx.url}: timed out: not ready within 1s after the restart (last /minio/health/ready: HTTP 503)`,
    );
    assertNoSecrets(run);
  });

  it("request timeout: exit 1 naming the request that got no answer", async () => {
    fx.delayMs = 1500;
    const run = await runCli(["show"], { ...env, MINIO_REQUEST_TIMEOUT_SECONDS: "0.3" });
    assert.equal(run.code, 1);
    assert.equal(
      errorLine(run),
      `minio-openid-admin: ${fx.url}: timed out: no answer to GET /minio/admin/v3/get-config-kv within 0.3s`,
    );
  });
});
