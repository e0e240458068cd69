/**
 * The program's life on the real engine against the doubles: up from nothing, SSO per group, no-op previews, a
 * mapping change, a MinIO change, a client-secret rotation, drift, destroy and up again. Every step checks what the
 * servers hold, not only what Pulumi printed.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { MinioAdminClient } from "../../minio-admin/client";
import { encodeSetLine } from "../../minio-admin/config-kv";
import { findLeaks } from "../integration/support/secrets";
import { repoRoot } from "../support/paths";
import { startEngine, type Engine } from "./engine";
import { report } from "./report";
import { TARGET, minioClient, policiesPerPerson, programObjects, tokenAnswer } from "./servers";
import { GROUP_POLICIES, PEOPLE, SECRETS, USERS, startWorld, type World } from "./world";

const ROTATED_SECRET = "e2e-rotated-client-secret-4b8e1d7a90c2f3";

const EXPECTED = Object.fromEntries(
  Object.values(PEOPLE).map((p) => [
    p.username,
    p.policies.length === 0 ? "refused: InvalidParameterValue" : [...p.policies],
  ]),
);

describe("e2e: the program's life on the real engine", () => {
  let world: World;
  let engine: Engine;
  let restarts = 0;
  /** Every client secret MinIO was given, for the scans. */
  const clientSecrets = new Set<string>();
  /** MinIO restarts since the last call. */
  const newRestarts = () => {
    const now = world.minio.restarts();
    const delta = now - restarts;
    restarts = now;
    return delta;
  };

  before(async () => {
    world = await startWorld();
    engine = await startEngine();
    await engine.setConfig(world.config, world.secrets);
  });
  after(async () => {
    await engine?.close();
    await world?.close();
  });

  it("1. up from nothing creates the ten resources and configures MinIO with one restart", async () => {
    const up = await engine.up();
    assert.deepEqual(up.changes, { create: 10 });
    assert.equal(newRestarts(), 1);
    const { providers, applications, mappings } = await programObjects(world);
    assert.equal(providers.length, 1);
    assert.deepEqual(providers[0].grant_types, ["authorization_code", "refresh_token"]);
    assert.equal(applications[0].provider, providers[0].pk);
    assert.equal(mappings.length, 1);
    const loaded = world.minio.loadedConfig()[TARGET];
    assert.equal(loaded.config_url, `${world.authentik.url}/application/o/minio-e2e/.well-known/openid-configuration`);
    assert.equal(loaded.client_id, "minio-e2e");
    assert.equal(loaded.client_secret, providers[0].client_secret, "MinIO holds the secret authentik generated");
    clientSecrets.add(loaded.client_secret);
    report("up from nothing", up, 1);
  });

  it("2. SSO: each person gets the policies the mapping promises, the one in no group gets nothing", async () => {
    assert.deepEqual(await policiesPerPerson(world), EXPECTED);
  });

  it("3. preview shows no changes, with and without --refresh", async () => {
    for (const refresh of [false, true]) {
      const preview = await engine.preview({ refresh, expectNoChanges: true });
      assert.deepEqual(preview.changes, { same: 10 });
      report(`preview${refresh ? " --refresh" : ""} (no-op)`, preview, 0);
    }
    assert.equal(newRestarts(), 0);
  });

  it("4. a mapping-only change updates exactly the scope mapping and restarts nothing", async () => {
    const rules = [GROUP_POLICIES[0], { group: USERS, policies: "readonly" }];
    await engine.setConfig({ groupPolicies: rules });
    const up = await engine.up();
    assert.deepEqual(up.changes, { same: 9, update: 1 });
    assert.equal(newRestarts(), 0);
    const policies = await policiesPerPerson(world);
    assert.deepEqual(policies.bob, ["readonly"]);
    report("mapping-only change", up, 0);
    await engine.setConfig({ groupPolicies: GROUP_POLICIES });
    await engine.up();
    newRestarts();
  });

  it("5. a MinIO setting change (display name) updates the command and restarts MinIO once", async () => {
    await engine.setConfig({ minioDisplayName: "Sign in with authentik (e2e)" });
    const up = await engine.up();
    assert.deepEqual(up.changes, { same: 9, update: 1 });
    assert.equal(newRestarts(), 1);
    assert.equal(world.minio.loadedConfig()[TARGET].display_name, "Sign in with authentik (e2e)");
    report("MinIO setting change", up, 1);
  });

  it("6. a client-secret rotation updates authentik and MinIO with one restart; the old secret is refused", async () => {
    const old = minioClient(world);
    await engine.setConfig({}, { clientSecret: ROTATED_SECRET });
    const up = await engine.up();
    assert.deepEqual(up.changes, { same: 8, update: 2 });
    assert.equal(newRestarts(), 1);
    assert.equal(minioClient(world).clientSecret, ROTATED_SECRET);
    assert.equal(await tokenAnswer(world, old, PEOPLE.admin.username), "400 invalid_client");
    assert.deepEqual(await policiesPerPerson(world), EXPECTED);
    report("client-secret rotation", up, 1);
  });

  it("7. a display name changed behind the stack's back: verify names it, and up --replace repairs it", async () => {
    const admin = new MinioAdminClient({
      endpoint: world.minio.url,
      accessKey: SECRETS.minioAccessKey,
      secretKey: SECRETS.minioSecretKey,
    });
    await admin.setConfigKV(encodeSetLine(TARGET, [["display_name", "Changed by hand"]]));
    await admin.restartAndWait({ timeoutMs: 10_000 });
    newRestarts();
    // Run asynchronously: the doubles answer from this very process.
    const verify = () =>
      new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
        const env = {
          ...process.env,
          PULUMI_BACKEND_URL: `file://${engine.backendDir}`,
          PULUMI_CONFIG_PASSPHRASE: engine.passphrase,
        };
        execFile(
          process.execPath,
          ["dist/verify/cli.js", "--stack", engine.stack.name],
          { cwd: repoRoot, env },
          (err, stdout, stderr) => resolve({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
        );
      });
    const drifted = await verify();
    assert.equal(drifted.status, 1, drifted.stdout + drifted.stderr);
    assert.match(
      drifted.stdout,
      /FAIL\s+display_name: expected "Sign in with authentik \(e2e\)", actual "Changed by hand"/,
    );
    // The command has no read: a refresh or a plain up cannot see MinIO's side, so they leave the drift alone.
    assert.deepEqual((await engine.up()).changes, { same: 10 });
    const command = (await engine.stack.exportStack()).deployment.resources.find(
      (r: { type: string }) => r.type === "command:local:Command",
    ).urn;
    const repaired = await engine.up({ replace: [command] });
    assert.deepEqual(repaired.changes, { replace: 1, same: 9 });
    const restartsOfRepair = newRestarts();
    assert.equal(restartsOfRepair, 2, "remove, then apply");
    assert.equal(world.minio.loadedConfig()[TARGET].display_name, "Sign in with authentik (e2e)");
    const clean = await verify();
    assert.equal(clean.status, 0, clean.stdout + clean.stderr);
    report("drift repaired with up --replace <command>", repaired, restartsOfRepair);
  });

  it("8. destroy removes the authentik objects and identity_openid with one restart; up again rebuilds", async () => {
    const destroy = await engine.destroy();
    assert.deepEqual(destroy.changes, { delete: 10 });
    assert.equal(newRestarts(), 1);
    assert.deepEqual(await programObjects(world), { providers: [], applications: [], mappings: [] });
    // MinIO's default target always exists; removed, it holds no client and no discovery URL.
    const loaded = world.minio.loadedConfig()[TARGET];
    assert.deepEqual([loaded.config_url, loaded.client_id, loaded.client_secret], ["", "", ""]);
    report("destroy", destroy, 1);
    const up = await engine.up();
    assert.deepEqual(up.changes, { create: 10 });
    assert.equal(newRestarts(), 1);
    assert.deepEqual(await policiesPerPerson(world), EXPECTED);
    clientSecrets.add(minioClient(world).clientSecret);
    report("up again from nothing", up, 1);
  });

  it("9. no secret in the backend's files, the engine's output or any command line sampled during the run", () => {
    const secrets: Record<string, string> = {
      "authentik token": SECRETS.authentikToken,
      "MinIO access key": SECRETS.minioAccessKey,
      "MinIO secret key": SECRETS.minioSecretKey,
      "private key": "PRIVATE KEY",
    };
    [...clientSecrets].forEach((secret, i) => (secrets[`client secret #${i + 1}`] = secret));
    const places: Record<string, string> = {};
    for (const [file, text] of Object.entries(engine.backendFiles())) places[`backend ${file}`] = text;
    engine.runs.forEach((run, i) => {
      places[`run #${i + 1} ${run.op} stdout`] = run.stdout;
      places[`run #${i + 1} ${run.op} stderr`] = run.stderr;
    });
    [...engine.argv].forEach((line, i) => (places[`argv sample #${i + 1}`] = line));
    const files = Object.keys(places).filter((p) => p.startsWith("backend ")).length;
    assert.ok(files >= 10, `state, history and backups were scanned (${files} files)`);
    assert.ok(engine.argv.size >= 20, `argv was sampled (${engine.argv.size} distinct command lines)`);
    assert.deepEqual(findLeaks(secrets, places), []);
    // The scan finds a planted leak, even base64-encoded inside a real state file.
    const state = Object.entries(places).find(([p]) => p.includes(".pulumi/stacks/"))!;
    const first = [...clientSecrets][0];
    const planted = { ...places, [state[0]]: `${state[1]}${Buffer.from(`x${first}`).toString("base64")}` };
    assert.deepEqual(findLeaks(secrets, planted), [{ secret: "client secret #1", where: state[0] }]);
    process.stdout.write(
      `secret scan: ${Object.keys(secrets).length} secrets, ${files} backend files, ${engine.runs.length} runs, ` +
        `${engine.argv.size} command lines: 0 hits\n`,
    );
  });
});
