/**
 * Servers failing mid-run: each fault ends the run with a clear error that names the server and the cause, and a
 * plain rerun converges to the declared state.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { afterEach, beforeEach, describe, it } from "node:test";
import { closedLoopbackUrl } from "../support/net";
import { repoRoot } from "../support/paths";
import { startEngine, type Engine } from "./engine";
import { policiesPerPerson, programObjects } from "./servers";
import { PEOPLE, startWorld, type World } from "./world";

const EXPECTED_ADMIN = [...PEOPLE.admin.policies];

/** The error an operation rejected with, as one string (the engine's stderr included). */
async function failure(action: Promise<unknown>): Promise<string> {
  try {
    await action;
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail("the operation succeeded");
}

/** The lines of the engine's output that say what failed. */
const errorLines = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => /error:/.test(l) && !/Command failed with exit code|^at /.test(l))
    .filter((l, i, all) => all.indexOf(l) === i);

describe("e2e faults: a clear error, then a plain rerun converges", () => {
  let world: World;
  let engine: Engine;
  const converged = async () => {
    const up = await engine.up();
    const { providers, applications, mappings } = await programObjects(world);
    assert.deepEqual([providers.length, applications.length, mappings.length], [1, 1, 1]);
    assert.deepEqual((await policiesPerPerson(world)).alice, EXPECTED_ADMIN);
    return up;
  };
  const log = (fault: string, message: string, rerun: string) =>
    process.stdout.write(
      `fault: ${fault}\n  error: ${errorLines(message).slice(0, 3).join("\n         ")}\n  rerun: ${rerun}\n`,
    );

  beforeEach(async () => {
    world = await startWorld();
    engine = await startEngine();
    await engine.setConfig(world.config, world.secrets);
  });
  afterEach(async () => {
    await engine.close();
    await world.close();
  });

  it("authentik answers 500 to a lookup: the preview names the request, authentik and its answer", async () => {
    world.authentik.faults.failNext(50, 500, "GET /api/v3/flows/instances/");
    const message = await failure(engine.preview());
    assert.ok(message.includes("error: Invalid stack configuration (1 problem):\n"), message);
    assert.ok(
      message.includes(
        `  - authentik:url: authentik at ${world.authentik.url} answered GET /api/v3/flows/instances/ with HTTP 500: ` +
          `"Fault injected by the authentik double (HTTP 500)". Fix: check authentik's logs and run the preview ` +
          "again once it answers\n",
      ),
      message,
    );
    world.authentik.faults.reset();
    const up = await converged();
    log("authentik 500 on a lookup", message, `up: ${JSON.stringify(up.changes)}`);
  });

  it("an unknown flow slug: the preview names the config key and the fix, and creates nothing", async () => {
    await engine.setConfig({ invalidationFlow: "no-such-flow" });
    const message = await failure(engine.preview());
    assert.ok(
      message.includes(
        `  - invalidationFlow: authentik at ${world.authentik.url} has no flow with the slug "no-such-flow". Fix: ` +
          "pulumi config set invalidationFlow <slug of an existing flow> (authentik: Flows and Stages > Flows)\n",
      ),
      message,
    );
    assert.deepEqual(await programObjects(world), { providers: [], applications: [], mappings: [] });
    await engine.setConfig({ invalidationFlow: "default-provider-invalidation-flow" });
    const up = await converged();
    log("unknown flow slug", message, `up: ${JSON.stringify(up.changes)}`);
  });

  it("authentik answers 500 to a create: the update names the request and the status", async () => {
    world.authentik.faults.failNext(50, 500, "POST /api/v3/providers/oauth2/");
    const message = await failure(engine.up());
    assert.match(message, /POST \/api\/v3\/providers\/oauth2\//);
    assert.match(message, /500/);
    world.authentik.faults.reset();
    const up = await converged();
    log("authentik 500 on a create", message, `up: ${JSON.stringify(up.changes)}`);
  });

  it("MinIO down: the update names MinIO's endpoint and the refused connection", async () => {
    await world.minioRelay.down();
    const message = await failure(engine.up());
    assert.match(message, new RegExp(world.minioRelay.url.replace(/[.]/g, "\\.")));
    assert.match(message, /ECONNREFUSED|refused/i);
    await world.minioRelay.up();
    const up = await converged();
    log("MinIO down", message, `up: ${JSON.stringify(up.changes)}`);
  });

  it("minioEndpoint moved to a server that does not answer: up stops first, the old server keeps its target", async () => {
    await engine.up();
    const restarts = world.minio.restarts();
    const [loaded, pending] = [world.minio.loadedConfig(), world.minio.pendingConfig()];
    const dead = await closedLoopbackUrl();
    await engine.setConfig({ minioEndpoint: dead });
    const message = await failure(engine.up());
    const at = dead.replace(/[.]/g, "\\.");
    assert.match(
      message,
      new RegExp(`MinIO at ${at} could not be read \\(unreachable \\(.*ECONNREFUSED.*\\)\\), so this update stops`),
    );
    assert.equal(world.minio.restarts(), restarts, "no restart");
    assert.deepEqual([world.minio.loadedConfig(), world.minio.pendingConfig()], [loaded, pending], "old target kept");
    await engine.setConfig({ minioEndpoint: world.config.minioEndpoint as string });
    const up = await converged();
    assert.deepEqual(Object.keys(up.changes), ["same"], "nothing had changed");
    log("minioEndpoint moved to a dead server", message, `up: ${JSON.stringify(up.changes)}`);
  });

  it("a MinIO restart that never comes back: the update says MinIO did not return in time", async () => {
    world.minio.faults.restartNeverReturns();
    const message = await failure(engine.up());
    assert.match(message, /restart/i);
    world.minio.faults.reset();
    const up = await converged();
    log("MinIO restart never returns", message, `up: ${JSON.stringify(up.changes)}`);
  });

  it("an up interrupted by SIGINT stops cleanly, and the next up converges", async () => {
    world.authentik.faults.delay(400);
    const child = spawn("pulumi", ["up", "--yes", "--skip-preview", "--stack", engine.stack.name, "--color", "never"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PULUMI_BACKEND_URL: `file://${engine.backendDir}`,
        PULUMI_CONFIG_PASSPHRASE: engine.passphrase,
      },
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const interrupted = new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        if (/ProviderOauth2 minio-provider creating/.test(output)) {
          clearInterval(timer);
          child.kill("SIGINT");
          resolve();
        }
      }, 20);
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    await interrupted;
    assert.notEqual(code, 0, output);
    world.authentik.faults.reset();
    const up = await converged();
    log("SIGINT mid-up", output, `up: ${JSON.stringify(up.changes)}`);
  });
});
