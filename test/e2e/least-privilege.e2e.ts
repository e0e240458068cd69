/**
 * Least privilege, the CI way: the program's MinIO key is a non-root user holding exactly README's policy
 * (docs/minio-sso-admin-policy.json), which the MinIO double enforces per admin action, and authentik's URL and
 * token come from AUTHENTIK_URL and AUTHENTIK_TOKEN instead of stack config. up, SSO, a no-op preview, verify and
 * destroy all pass; every signed MinIO request is the user's, and the token appears in no output, state or argv.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { fromRoot, repoRoot } from "../support/paths";
import { startEngine, type Engine } from "./engine";
import { policiesPerPerson, programObjects } from "./servers";
import { PEOPLE, SECRETS, startWorld, type World } from "./world";

const USER = { accessKey: "sso-deployer", secretKey: "sso-deployer-secret-4e1b7c" };
const POLICY = JSON.parse(readFileSync(fromRoot("docs", "minio-sso-admin-policy.json"), "utf8")) as object;
const EXPECTED = Object.fromEntries(
  Object.values(PEOPLE).map((p) => [
    p.username,
    p.policies.length === 0 ? "refused: InvalidParameterValue" : [...p.policies],
  ]),
);

describe("e2e: a least-privilege MinIO user, authentik from AUTHENTIK_URL and AUTHENTIK_TOKEN", () => {
  let world: World;
  let engine: Engine;
  let authentikEnv: Record<string, string>;

  before(async () => {
    world = await startWorld();
    world.minio.addCannedPolicy("minio-sso-admin", POLICY);
    world.minio.addUser(USER.accessKey, USER.secretKey, ["minio-sso-admin"]);
    authentikEnv = { AUTHENTIK_URL: world.authentik.url, AUTHENTIK_TOKEN: SECRETS.authentikToken };
    engine = await startEngine(repoRoot, authentikEnv);
    const config = { ...world.config };
    delete config["authentik:url"];
    await engine.setConfig(config, { minioAccessKey: USER.accessKey, minioSecretKey: USER.secretKey });
  });
  after(async () => {
    await engine?.close();
    await world?.close();
  });

  /** Access keys of the signed MinIO admin requests since `from`. */
  const signers = (from: number) =>
    new Set(
      world.minio
        .requests()
        .slice(from)
        .map((r) => /Credential=([^/]+)\//.exec(String(r.headers.authorization ?? ""))?.[1])
        .filter((k) => k !== undefined),
    );

  it("the stack config holds neither authentik:url nor authentik:token", async () => {
    const all = await engine.stack.getAllConfig();
    assert.deepEqual(
      Object.keys(all).filter((k) => k.startsWith("authentik:")),
      [],
    );
  });

  it("up: the user's policy is enough; SSO works per group", async () => {
    const up = await engine.up();
    assert.deepEqual(up.changes, { create: 10 });
    assert.equal(world.minio.restarts(), 1);
    assert.deepEqual([...signers(0)], [USER.accessKey]);
    assert.deepEqual(await policiesPerPerson(world), EXPECTED);
    const again = await engine.preview({ expectNoChanges: true });
    assert.deepEqual(again.changes, { same: 10 });
  });

  it("verify, with the same environment, passes", async () => {
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env = {
        ...process.env,
        ...authentikEnv,
        PULUMI_BACKEND_URL: `file://${engine.backendDir}`,
        PULUMI_CONFIG_PASSPHRASE: engine.passphrase,
      };
      const args = [fromRoot("dist", "verify", "cli.js"), "--stack", engine.stack.name];
      execFile(process.execPath, args, { cwd: repoRoot, env }, (err, stdout, stderr) =>
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
      );
    });
    assert.equal(run.stderr, "");
    assert.equal(run.code, 0, run.stdout);
    assert.match(run.stdout, /Result: OK, all \d+ checks passed\n$/);
    assert.ok(!run.stdout.includes(SECRETS.authentikToken));
  });

  it("destroy: removing identity_openid and restarting is within the policy too", async () => {
    const before = world.minio.requests().length;
    const down = await engine.destroy();
    assert.deepEqual(down.changes, { delete: 10 });
    assert.deepEqual(await programObjects(world), { providers: [], applications: [], mappings: [] });
    assert.equal(world.minio.restarts(), 2);
    assert.deepEqual([...signers(before)], [USER.accessKey]);
  });

  it("the token from the environment is in no engine output, no state file and no command line", () => {
    const token = SECRETS.authentikToken;
    for (const run of engine.runs) {
      assert.ok(!run.stdout.includes(token) && !run.stderr.includes(token), `${run.op} printed the token`);
    }
    for (const [file, text] of Object.entries(engine.backendFiles())) assert.ok(!text.includes(token), file);
    for (const argv of engine.argv) assert.ok(!argv.includes(token), "a command line held the token");
  });
});
