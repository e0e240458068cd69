// The MinIO double as a deployment of several nodes behind one endpoint (state.ts, topology.ts,
// admin-service.ts and the health probes of server.ts).
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import type { MinioDoubleOptions, NodeStatus } from "../minio";
import { topology } from "../minio/topology";
import { get, type HttpResult, json, restart, signedRequest } from "./support/admin";
import { startWorld, type World } from "./support/world";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const GET_KV = "/minio/admin/v3/get-config-kv?key=identity_openid";
const INFO = "/minio/admin/v3/info?metrics=false";

/** Polls until `check` holds (every 10 ms, at most 5 s). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await sleep(10);
  assert.ok(check(), `still not: ${what}`);
}

describe("MinIO double: a deployment of several nodes behind one endpoint", () => {
  const worlds: World[] = [];
  const world = async (opts: Partial<MinioDoubleOptions>) => {
    const w = await startWorld(opts);
    worlds.push(w);
    return w;
  };
  after(async () => {
    for (const w of worlds) await w.close();
  });
  /** Sends `send` until the node named `node` serves it (the balancer decides; at most 20 tries). */
  const on = async (w: World, node: string, send: () => Promise<HttpResult>): Promise<HttpResult> => {
    for (let i = 0; i < 20; i++) {
      const res = await send();
      if (w.minio.requests().at(-1)?.node === node) return res;
    }
    assert.fail(`no request reached ${node}`);
  };
  const phases = (w: World) => w.minio.nodes().map((n) => n.phase);

  it("topology: MinIO's default parity, read quorum = data drives, write quorum one more when data = parity", () => {
    const layouts = [
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [8, 1],
      [4, 4],
    ].map(([n, d]) => {
      const t = topology(n, d);
      return [t.drives, t.parity, t.readQuorum, t.writeQuorum];
    });
    assert.deepEqual(layouts, [
      [1, 0, 1, 1],
      [2, 1, 1, 2],
      [3, 1, 2, 2],
      [4, 2, 2, 3],
      [8, 4, 4, 5],
      [16, 4, 12, 12],
    ]);
    assert.throws(() => topology(17, 1), {
      message: "MinIO double: at most 16 drives in all (one erasure set), got 17",
    });
    assert.throws(() => topology(0, 1), { message: "MinIO double: nodes must be a positive integer" });
  });

  it("the balancer: round-robin hands requests to the nodes in turn; random follows its seed", async () => {
    const rr = await world({ nodes: 3 });
    for (let i = 0; i < 6; i++) await get(rr.minio.url, "/minio/health/live");
    assert.deepEqual(
      rr.minio.requests().map((r) => r.node),
      ["minio1:9000", "minio2:9000", "minio3:9000", "minio1:9000", "minio2:9000", "minio3:9000"],
    );
    const sequences: string[][] = [];
    for (const seed of [7, 7, 8]) {
      const w = await world({ nodes: 3, balance: "random", seed });
      for (let i = 0; i < 12; i++) await get(w.minio.url, "/minio/health/live");
      sequences.push(w.minio.requests().map((r) => r.node));
    }
    assert.deepEqual(sequences[0], sequences[1]);
    assert.notDeepEqual(sequences[0], sequences[2]);
    assert.ok(new Set(sequences[0]).size > 1, `seed 7 sent everything to ${sequences[0][0]}`);
  });

  it("restart: the answering node goes down at once, its peers later; each comes back after its own gap", async () => {
    const w = await world({ nodes: 3, restartGapMs: [50, 300, 300], peerRestartDelayMs: 600 });
    const res = await restart(w.root);
    assert.deepEqual(json(res), {
      action: "restart",
      dryRun: false,
      results: [{ host: "minio1:9000" }, { host: "minio2:9000" }, { host: "minio3:9000" }],
    });
    assert.deepEqual(phases(w), ["down", "up", "up"]);
    // minio1 is back after 50 ms; its peers still run their old process until 600 ms.
    await sleep(250);
    assert.deepEqual(
      w.minio.nodes().map((n) => [n.phase, n.starts]),
      [
        ["up", 2],
        ["up", 1],
        ["up", 1],
      ],
    );
    await until(() => phases(w).join() === "up,down,down", "the peers go down");
    await until(() => w.minio.nodes().every((n) => n.phase === "up" && n.iamReady && n.starts === 2), "all back");
  });

  it("a node that listens without an object layer: ready 200 'offline', cluster 503, admin 503, ServerInfo answers", async () => {
    // v1 restart: the peers restart at once. minio1 is back after 100 ms, alone: it waits for a peer.
    const w = await world({ nodes: 3, restartGapMs: [100, 1500, 1500] });
    assert.equal((await restart(w.root, "action=restart")).status, 200);
    await until(() => phases(w).join() === "starting,down,down", "minio1 starting alone");
    const ready = await on(w, "minio1:9000", () => get(w.minio.url, "/minio/health/ready"));
    assert.deepEqual([ready.status, ready.headers["x-minio-server-status"]], [200, "offline"]);
    const cluster = await on(w, "minio1:9000", () => get(w.minio.url, "/minio/health/cluster"));
    assert.deepEqual([cluster.status, cluster.headers["x-minio-server-status"]], [503, "offline"]);
    const admin = await on(w, "minio1:9000", () => signedRequest(w.root, "GET", GET_KV));
    assert.deepEqual([admin.status, json(admin).Code], [503, "XMinioServerNotInitialized"]);
    const info = await on(w, "minio1:9000", () => signedRequest(w.root, "GET", INFO));
    assert.equal(info.status, 200);
    assert.deepEqual(json(info), {
      mode: "initializing",
      servers: [
        { state: "offline", endpoint: "minio2:9000" },
        { state: "offline", endpoint: "minio3:9000" },
        { state: "initializing", endpoint: "minio1:9000" },
      ],
    });
    const down = await on(w, "minio2:9000", () => get(w.minio.url, "/minio/health/ready"));
    assert.deepEqual([down.status, down.headers["x-minio-server-status"]], [503, "offline"]);
    await until(() => w.minio.nodes().every((n) => n.phase === "up"), "all up once the peers listen");
  });

  it("cluster health is write quorum, not every node: 200 with one of four nodes down; maintenance=true 412", async () => {
    const w = await world({ nodes: 4, restartGapMs: [50, 50, 50, 600_000] });
    assert.equal((await restart(w.root)).status, 200);
    await until(() => phases(w).join() === "up,up,up,down" && w.minio.nodes()[0].iamReady, "three of four up");
    await until(
      () =>
        w.minio
          .nodes()
          .slice(0, 3)
          .every((n) => n.iamReady),
      "IAM on the three",
    );
    const cluster = await on(w, "minio2:9000", () => get(w.minio.url, "/minio/health/cluster"));
    assert.deepEqual(
      [cluster.status, cluster.headers["x-minio-write-quorum"], cluster.headers["x-minio-storage-class-defaults"]],
      [200, "3", "true"],
    );
    const maintenance = await on(w, "minio2:9000", () => get(w.minio.url, "/minio/health/cluster?maintenance=true"));
    assert.deepEqual([maintenance.status, maintenance.headers["x-minio-write-quorum"]], [412, "3"]);
    const read = await on(w, "minio2:9000", () => get(w.minio.url, "/minio/health/cluster/read"));
    assert.deepEqual([read.status, read.headers["x-minio-read-quorum"]], [200, "2"]);
    const info = await on(w, "minio2:9000", () => signedRequest(w.root, "GET", INFO));
    assert.deepEqual(
      (json(info).servers as { endpoint: string; state: string }[]).map((s) => `${s.endpoint} ${s.state}`),
      ["minio1:9000 online", "minio3:9000 online", "minio4:9000 offline", "minio2:9000 online"],
    );
    // A second restart cannot reach minio4: MinIO's grid error for a disconnected peer.
    const again = await on(w, "minio1:9000", () => restart(w.root, "action=restart&type=2&dry-run=true"));
    assert.deepEqual((json(again).results as object[])[3], { host: "minio4:9000", err: "remote disconnected" });
  });

  it("a peer with I/O waiting on its drives lists them and keeps running; the answering node restarts anyway", async () => {
    const w = await world({ nodes: 3, restartGapMs: 50 });
    w.minio.faults.drivesWaitingOnNextRestart("minio1:9000", ["/d1"]);
    w.minio.faults.drivesWaitingOnNextRestart("minio2:9000", ["/d1", "/d2"]);
    const res = await restart(w.root);
    assert.deepEqual(json(res).results, [
      { host: "minio1:9000", waitingDrives: { "/d1": { totalWaiting: 1 } } },
      { host: "minio2:9000", waitingDrives: { "/d1": { totalWaiting: 1 }, "/d2": { totalWaiting: 1 } } },
      { host: "minio3:9000" },
    ]);
    await until(() => w.minio.nodes()[2].starts === 2 && phases(w).every((p) => p === "up"), "minio1, minio3 back");
    assert.deepEqual(
      w.minio.nodes().map((n) => n.starts),
      [2, 1, 2],
    );
    assert.throws(() => w.minio.faults.drivesWaitingOnNextRestart("minio9:9000", []), {
      message: "MinIO double: no node minio9:9000",
    });
  });

  it("restartNeverReturns(node): only that node stays down, listed offline, until reset(); readyAt, request times", async () => {
    const w = await world({ nodes: 3, restartGapMs: 50 });
    const booted = w.minio.nodes().map((n) => n.readyAt ?? 0);
    assert.ok(booted.every((t) => t > 0));
    w.minio.faults.restartNeverReturns("minio3:9000");
    const sent = Date.now();
    assert.equal((await restart(w.root)).status, 200);
    const back = (n: NodeStatus) => n.phase === "up" && n.iamReady && n.starts === 2;
    await until(() => w.minio.nodes().slice(0, 2).every(back) && phases(w)[2] === "down", "minio1, minio2 back");
    await sleep(300);
    assert.deepEqual(
      w.minio.nodes().map((n) => [n.phase, n.readyAt === undefined]),
      [
        ["up", false],
        ["up", false],
        ["down", true],
      ],
    );
    const info = await on(w, "minio1:9000", () => signedRequest(w.root, "GET", INFO));
    assert.deepEqual(
      (json(info).servers as { endpoint: string; state: string }[]).map((s) => `${s.endpoint} ${s.state}`),
      ["minio2:9000 online", "minio3:9000 offline", "minio1:9000 online"],
    );
    w.minio.faults.reset();
    await until(() => w.minio.nodes().every(back), "minio3 back after reset()");
    for (const n of w.minio.nodes()) assert.ok((n.readyAt ?? 0) >= sent, `${n.name} ready since the restart`);
    const restartRequest = w.minio.requests().find((r) => r.query.action === "restart");
    assert.ok(restartRequest && restartRequest.at >= sent && restartRequest.at <= Date.now());
    assert.throws(() => w.minio.faults.restartNeverReturns("minio9:9000"), {
      message: "MinIO double: no node minio9:9000",
    });
  });

  it("ServerInfo's uptime counts from each node's start and is left out when 0", async () => {
    const w = await world({ nodes: 2, restartGapMs: 50, uptimeAtStartSeconds: 3600 });
    const before = json(await signedRequest(w.root, "GET", INFO)).servers as { uptime?: number }[];
    assert.ok(before.every((s) => s.uptime !== undefined && s.uptime >= 3600 && s.uptime <= 3601));
    assert.equal((await restart(w.root)).status, 200);
    await until(() => w.minio.nodes().every((n) => n.starts === 2 && n.phase === "up"), "both back");
    const after = json(await signedRequest(w.root, "GET", INFO)).servers as Record<string, unknown>[];
    assert.equal(after.length, 2);
    for (const s of after) assert.ok(!("uptime" in s) || (s.uptime as number) === 1, JSON.stringify(s));
  });
});
