/**
 * The MinIO command as pulumi-command runs it: the component's exact command string through `/bin/sh -c`, in the
 * project root (or a consumer's project beside the checkout), on top of the caller's environment, in a checkout after
 * `npm ci` where nothing was built (no dist/).
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { APPLY_COMMAND, REMOVE_COMMAND, adminCommands } from "../../../components/minio-openid";
import { openIdEnvironment } from "../../../minio-admin/settings";
import { startMinioDouble, type MinioDouble } from "../../doubles/minio";
import { startIssuer, type TestIssuer } from "../../doubles/minio-tests/support/issuer";
import { repoRoot } from "../../support/paths";

const ROOT_ACCESS = "launch-root";
const ROOT_SECRET = "launch-root-secret-8d1f";
const CLIENT_SECRET = "launch-client-secret-6b0e";

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `/bin/sh -c <command>` in `cwd`, as the provider runs a local.Command without `dir`. */
function shell(command: string, cwd: string, env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", command], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the MinIO command runs the admin CLI with no build step", () => {
  let project: string;
  let minio: MinioDouble;
  let issuer: TestIssuer;
  before(async () => {
    // The checkout as `npm ci` leaves it: sources and node_modules, nothing built.
    // A name the shell would split or unquote, so a consumer's relative command must quote it.
    project = mkdtempSync(path.join(tmpdir(), "run cli's-"));
    const skip = new Set(["dist", "node_modules", ".git", "test"].map((d) => path.join(repoRoot, d)));
    cpSync(repoRoot, project, { recursive: true, filter: (src) => !skip.has(src) });
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(project, "node_modules"), "dir");
    minio = await startMinioDouble({ accessKey: ROOT_ACCESS, secretKey: ROOT_SECRET, restartGapMs: 30 });
    issuer = await startIssuer({ clientId: "minio-client" });
  });
  after(async () => {
    await minio?.close();
    await issuer?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it("apply then remove, from the project root, with a relative path and dist/ absent", async () => {
    assert.equal(existsSync(path.join(project, "dist")), false);
    assert.equal(existsSync(path.join(project, "minio-admin", "cli.ts")), true);
    for (const command of [APPLY_COMMAND, REMOVE_COMMAND]) assert.doesNotMatch(command, /(^|\s)\//, command);
    const env = {
      // The provider's own environment comes first; node is the one running these tests.
      PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
      ...openIdEnvironment<string>({
        endpoint: minio.url,
        accessKey: ROOT_ACCESS,
        secretKey: ROOT_SECRET,
        configName: "launch",
        configUrl: issuer.configUrl,
        clientId: "minio-client",
        clientSecret: CLIENT_SECRET,
        claimName: "policy",
        scopes: "openid",
        redirectUri: "http://127.0.0.1:9001/oauth_callback",
        displayName: "SSO",
      }),
    };
    const applied = await shell(APPLY_COMMAND, project, env);
    assert.deepEqual(applied, {
      code: 0,
      stdout:
        '{"config":"identity_openid:launch","changed":true,"restarted":true,' +
        '"keys":["enable","display_name","config_url","client_id","client_secret","redirect_uri","scopes","comment"]}\n',
      stderr: "",
    });
    assert.equal(minio.loadedConfig()["identity_openid:launch"].client_secret, CLIENT_SECRET);

    const removed = await shell(REMOVE_COMMAND, project, env);
    assert.deepEqual(removed, {
      code: 0,
      stdout: '{"config":"identity_openid:launch","changed":true,"restarted":true}\n',
      stderr: "",
    });
    assert.equal(minio.loadedConfig()["identity_openid:launch"], undefined);
    assert.equal(minio.restarts(), 2);
  });

  it("from a consumer's project beside the checkout, the relative command quotes the path and runs the CLI", async () => {
    const consumer = mkdtempSync(path.join(tmpdir(), "run-cli-consumer-"));
    try {
      const commands = adminCommands(consumer, path.join(project, "minio-admin", "run-cli.js"));
      const quoted = `'../${path.basename(project).replace("'", "'\\''")}/minio-admin/run-cli.js'`;
      assert.deepEqual(commands, {
        apply: `node ${quoted} apply`,
        remove: `node ${quoted} remove`,
        checkPolicy: `node ${quoted} check-policy`,
      });
      const env = {
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`,
        ...openIdEnvironment<string>({
          endpoint: minio.url,
          accessKey: ROOT_ACCESS,
          secretKey: ROOT_SECRET,
          configName: "consumer",
          configUrl: issuer.configUrl,
          clientId: "minio-client",
          clientSecret: CLIENT_SECRET,
          claimName: "policy",
          scopes: "openid",
          redirectUri: "http://127.0.0.1:9001/oauth_callback",
          displayName: "SSO",
        }),
      };
      const applied = await shell(commands.apply, consumer, env);
      assert.equal(applied.code, 0, applied.stderr);
      assert.match(applied.stdout, /^\{"config":"identity_openid:consumer","changed":true,"restarted":true,/);
      assert.equal(minio.loadedConfig()["identity_openid:consumer"].client_secret, CLIENT_SECRET);
      const removed = await shell(commands.remove, consumer, env);
      assert.equal(removed.code, 0, removed.stderr);
      assert.equal(minio.loadedConfig()["identity_openid:consumer"], undefined);
    } finally {
      rmSync(consumer, { recursive: true, force: true });
    }
  });

  it("a bad input still ends in one stderr line and exit code 2 (the launcher passes the CLI's exit code on)", async () => {
    const run = await shell(APPLY_COMMAND, project, { PATH: `${path.dirname(process.execPath)}` });
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    assert.match(
      run.stderr,
      /^minio-openid-admin: bad input: MINIO_ENDPOINT must be set, e\.g\. http:\/\/127\.0\.0\.1:9000;/,
    );
  });
});
