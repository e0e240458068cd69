/**
 * A MinIO deployment of four nodes behind one endpoint, on the real engine: after each restart the admin CLI, and
 * so `pulumi up`, returns only once every node is back, one of them seconds after the others, and every person's
 * login then works on every node. With minioRestartTimeout low and a node that stays down, `up` fails naming the
 * node; a rerun with the node back converges.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RecordedRequest } from "../doubles/minio";
import { login } from "../integration/support/login";
import { startEngine, type Engine } from "./engine";
import { report } from "./report";
import { TARGET, minioClient } from "./servers";
import { PEOPLE, startWorld, type World } from "./world";

const NODES = ["minio1:9000", "minio2:9000", "minio3:9000", "minio4:9000"];
const LATE = "minio4:9000";
/** How long each node stays down after a restart: the late one 3 s longer than the others. */
const GAPS_MS = [50, 50, 50, 3050];

/** What each person gets from STS on every node (username -> node -> policies or refusal). */
const ON_EVERY_NODE = Object.fromEntries(
  Object.values(PEOPLE).map((p) => [
    p.username,
    Object.fromEntries(
      NODES.map((n) => [n, p.policies.length === 0 ? "refused: InvalidParameterValue" : p.policies.join(",")]),
    ),
  ]),
);

/** The error an operation rejected with, as one string (the engine's stderr included). */
async function failure(action: Promise<unknown>): Promise<string> {
  try {
    await action;
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail("the operation succeeded");
}

describe("e2e cluster: up waits for every node of a four-node MinIO behind one endpoint", () => {
  let world: World;
  let engine: Engine;
  let restarts = 0;
  const newRestarts = () => {
    const now = world.minio.restarts();
    const delta = now - restarts;
    restarts = now;
    return delta;
  };

  /** Runs `up`; returns its run, the requests MinIO got meanwhile and when it returned. */
  const timedUp = async () => {
    const from = world.minio.requests().length;
    const run = await engine.up();
    return { run, returnedAt: Date.now(), requests: world.minio.requests().slice(from) };
  };

  /**
   * Checks that the run's one restart brought every node back, the late one clearly last, and that the CLI went on
   * probing until it had reached every node after that node came back; returns the timeline.
   */
  const waitedForAll = (requests: readonly RecordedRequest[], returnedAt: number): string => {
    const restart = requests.filter((r) => r.path === "/minio/admin/v3/service" && r.query.action === "restart");
    assert.equal(restart.length, 1, "one restart");
    const sentAt = restart[0].at;
    const nodes = world.minio.nodes();
    assert.deepEqual(
      nodes.map((n) => [n.name, n.phase, n.iamReady]),
      NODES.map((n) => [n, "up", true]),
    );
    const back = new Map(nodes.map((n) => [n.name, (n.readyAt ?? 0) - sentAt]));
    for (const [node, ms] of back) assert.ok(ms > 0, `${node} restarted (ready ${ms} ms after the restart)`);
    const others = Math.max(...NODES.filter((n) => n !== LATE).map((n) => back.get(n)!));
    assert.ok(back.get(LATE)! - others >= 2500, `${LATE} back ${back.get(LATE)} ms, the others by ${others} ms`);
    const probes = requests.filter((r) => r.path === "/minio/health/cluster");
    for (const n of nodes) {
      const seen = probes.filter((p) => p.node === n.name && p.at >= n.readyAt!);
      assert.ok(seen.length > 0, `a cluster probe reached ${n.name} once it was back`);
    }
    const last = requests.at(-1)!;
    assert.equal(last.path, "/minio/health/cluster", "the CLI's last request is a cluster probe");
    assert.ok(last.at >= sentAt + back.get(LATE)!, "the CLI's last probe came after every node was back");
    assert.ok(returnedAt >= last.at);
    const at = (ms: number) => `+${ms} ms`;
    return (
      `restart sent; back: ${NODES.map((n) => `${n} ${at(back.get(n)!)}`).join(", ")}; ` +
      `CLI's last probe ${at(last.at - sentAt)} (${probes.length} cluster probes); up returned ${at(returnedAt - sentAt)}`
    );
  };

  /** Logs each person in NODES.length times in a row; round-robin, their STS calls land on each node once. */
  const loginsOnEveryNode = async () => {
    const client = minioClient(world);
    const found: Record<string, Record<string, string>> = {};
    for (const person of Object.values(PEOPLE)) {
      found[person.username] = {};
      for (let i = 0; i < NODES.length; i++) {
        const { sts } = await login(world.authentik.url, world.minio, client, person.username);
        const sent = world.minio.requests().at(-1)!;
        assert.equal(sent.method, "POST", "the last request MinIO got is the STS call");
        found[person.username][sent.node] =
          sts.status === 200 ? [...(sts.policies ?? [])].sort().join(",") : `refused: ${sts.error?.code}`;
      }
    }
    return found;
  };

  const log = (step: string, line: string) => process.stdout.write(`${step}: ${line}\n`);

  before(async () => {
    world = await startWorld({ minio: { nodes: NODES.length, restartGapMs: GAPS_MS, uptimeAtStartSeconds: 3600 } });
    engine = await startEngine();
    await engine.setConfig(world.config, world.secrets);
  });
  after(async () => {
    await engine?.close();
    await world?.close();
  });

  it("1. up from nothing returns only after all four nodes are back; every login then works on every node", async () => {
    const { run, returnedAt, requests } = await timedUp();
    assert.deepEqual(run.changes, { create: 10 });
    assert.equal(newRestarts(), 1);
    const timeline = waitedForAll(requests, returnedAt);
    assert.deepEqual(await loginsOnEveryNode(), ON_EVERY_NODE);
    assert.deepEqual(
      world.minio.nodes().map((n) => n.starts),
      [2, 2, 2, 2],
    );
    log("up from nothing", timeline);
    report("up from nothing (4 nodes, one 3 s late)", run, 1);
  });

  it("2. a MinIO setting change restarts once and again waits for every node", async () => {
    await engine.setConfig({ minioDisplayName: "Sign in with authentik (cluster)" });
    const { run, returnedAt, requests } = await timedUp();
    assert.deepEqual(run.changes, { same: 9, update: 1 });
    assert.equal(newRestarts(), 1);
    const timeline = waitedForAll(requests, returnedAt);
    assert.equal(world.minio.loadedConfig()[TARGET].display_name, "Sign in with authentik (cluster)");
    assert.deepEqual(await loginsOnEveryNode(), ON_EVERY_NODE);
    log("MinIO setting change", timeline);
    report("MinIO setting change (4 nodes)", run, 1);
  });

  it("3. minioRestartTimeout 2 and a node that stays down: up fails naming the node; a rerun with it back converges", async () => {
    await engine.setConfig({ minioRestartTimeout: "2", minioDisplayName: "Login (cluster, timeout)" });
    world.minio.faults.restartNeverReturns(LATE);
    const started = Date.now();
    const message = await failure(engine.up());
    const failedAfter = Date.now() - started;
    assert.equal(newRestarts(), 1);
    assert.match(
      message,
      /minio-openid-admin: http:\/\/127\.0\.0\.1:\d+: timed out: the deployment was not back within 2s after the restart \(last: minio4:9000 is offline\)/,
    );
    assert.deepEqual(
      world.minio.nodes().map((n) => n.phase),
      ["up", "up", "up", "down"],
    );
    const failed = engine.runs.at(-1)!;
    // The engine's summary of the failed run: the command and the stack errored, nothing else was touched.
    const summary = failed.stdout.split("Resources:")[1]?.split("Duration:")[0] ?? "";
    const counts = Object.fromEntries([...summary.matchAll(/^\s+(\d+) (\w+)$/gm)].map((m) => [m[2], Number(m[1])]));
    assert.deepEqual(counts, { unchanged: 9, errored: 2 }, failed.stdout);
    report("MinIO change, minioRestartTimeout 2, minio4 stays down", { ...failed, changes: counts }, 1);
    log("timeout", `${message.match(/minio-openid-admin: [^\n]*/)![0]} (up failed after ${failedAfter} ms)`);

    world.minio.faults.reset();
    for (let i = 0; i < 500 && !world.minio.settled(); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(world.minio.settled(), "minio4 is back");
    // The failed run set and restarted but could not record the command's new inputs: the rerun updates it, and
    // apply finds the config already loaded on every node, so nothing restarts.
    const rerun = await engine.up();
    assert.deepEqual(rerun.changes, { same: 9, update: 1 });
    assert.equal(newRestarts(), 0);
    assert.equal(world.minio.loadedConfig()[TARGET].display_name, "Login (cluster, timeout)");
    assert.deepEqual(await loginsOnEveryNode(), ON_EVERY_NODE);
    assert.deepEqual((await engine.up()).changes, { same: 10 }, "converged: nothing left to do");
    assert.equal(newRestarts(), 0);
    report("rerun with minio4 back", rerun, 0);
  });
});
