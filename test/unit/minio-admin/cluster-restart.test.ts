// The admin client's wait after a restart, against a multi-node MinIO double behind one endpoint whose nodes
// come back at different times.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { MinioAdminClient } from "../../../minio-admin/client";
import { AdminError } from "../../../minio-admin/errors";
import { applyOpenId } from "../../../minio-admin/openid-ops";
import type { MinioDoubleOptions } from "../../doubles/minio";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  ROOT_ACCESS,
  ROOT_SECRET,
  startWorld,
  type World,
} from "../../doubles/minio-tests/support/world";

async function rejection(p: Promise<unknown>): Promise<AdminError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AdminError, `expected AdminError, got ${String(err)}`);
    return err;
  }
  assert.fail("expected a rejection");
}

/** Four nodes that have run for an hour; after a restart they come back 50 ms to 900 ms apart. */
const CLUSTER: Partial<MinioDoubleOptions> = {
  nodes: 4,
  restartGapMs: [50, 300, 600, 900],
  uptimeAtStartSeconds: 3600,
};
/** Every node restarted once and runs with its object layer, IAM initialised. */
const ALL_BACK = [1, 2, 3, 4].map(() => ["up", true, 2]);
/** The nodes as [phase, IAM ready, process starts]. */
const states = (w: World) => w.minio.nodes().map((n) => [n.phase, n.iamReady, n.starts]);

describe("MinioAdminClient.restartAndWait on a deployment of several nodes", () => {
  const worlds: World[] = [];
  const world = async (opts: Partial<MinioDoubleOptions>) => {
    const w = await startWorld(opts);
    worlds.push(w);
    return w;
  };
  const clientOf = (w: World) =>
    new MinioAdminClient({ endpoint: w.minio.url, accessKey: ROOT_ACCESS, secretKey: ROOT_SECRET });
  after(async () => {
    for (const w of worlds) await w.close();
  });

  it("round-robin: returns only once every node runs again with its object layer and IAM initialised", async () => {
    const w = await world(CLUSTER);
    await clientOf(w).restartAndWait({ timeoutMs: 10_000, pollMs: 50 });
    assert.deepEqual(states(w), ALL_BACK);
  });

  it("random balancing: returns only once every node runs again with its object layer", async () => {
    for (const seed of [1, 2, 3]) {
      const w = await world({ ...CLUSTER, balance: "random", seed });
      await clientOf(w).restartAndWait({ timeoutMs: 10_000, pollMs: 50 });
      // IAM too is initialised on the nodes that answered the cluster probes; which ones is up to chance.
      const phases = w.minio.nodes().map((n) => [n.phase, n.starts]);
      assert.deepEqual(
        phases,
        ALL_BACK.map(([phase, , starts]) => [phase, starts]),
        `seed ${seed}`,
      );
    }
  });

  it("apply: the new identity_openid is loaded and IAM initialised on every node when it returns", async () => {
    const w = await world(CLUSTER);
    const desired = { config_url: w.issuer.configUrl, client_id: CLIENT_ID, client_secret: CLIENT_SECRET };
    const result = await applyOpenId(clientOf(w), "identity_openid", desired, { timeoutMs: 10_000, pollMs: 50 });
    assert.equal(result.restarted, true);
    assert.deepEqual(states(w), ALL_BACK);
    assert.equal(w.minio.loadedConfig().identity_openid.client_id, CLIENT_ID);
  });

  it("a node that does not come back: a timeout naming it, once the others are back", async () => {
    const w = await world({ nodes: 3, restartGapMs: [50, 50, 600_000] });
    const err = await rejection(clientOf(w).restartAndWait({ timeoutMs: 2000, pollMs: 50 }));
    assert.equal(err.kind, "timeout");
    assert.equal(
      err.message,
      `${w.minio.url}: timed out: the deployment was not back within 2s after the restart (last: minio3:9000 is offline)`,
    );
  });

  it("uptime: a peer's old process, still answering, does not count as restarted (no settle time)", async () => {
    // The peers go down 500 ms after the answer; until then their old processes answer "online".
    const w = await world({ ...CLUSTER, restartGapMs: 50, peerRestartDelayMs: 500 });
    await clientOf(w).restartAndWait({ timeoutMs: 10_000, pollMs: 50, settleMs: 0 });
    assert.deepEqual(states(w), ALL_BACK);
    // The last run of cluster probes: one per node, in a row.
    const probes = w.minio.requests().filter((r) => r.path === "/minio/health/cluster");
    assert.equal(new Set(probes.slice(-4).map((r) => r.node)).size, 4);
  });

  it("settle time: a deployment just started, whose uptimes cannot tell, is not polled before its peers restart", async () => {
    const w = await world({ nodes: 3, restartGapMs: [50, 1500, 1500] });
    await clientOf(w).restartAndWait({ timeoutMs: 10_000, pollMs: 50 });
    assert.deepEqual(states(w), ALL_BACK.slice(0, 3));
  });

  it("a peer with I/O waiting on its drives is not restarted: the restart fails at once, naming it", async () => {
    const w = await world(CLUSTER);
    w.minio.faults.drivesWaitingOnNextRestart("minio3:9000", ["/data1", "/data2"]);
    // The restart goes to the first node (round-robin, nothing sent before), so minio3 is a peer.
    const err = await rejection(clientOf(w).restart());
    assert.deepEqual(
      [err.kind, err.message],
      ["server", `${w.minio.url}: restart failed on minio3:9000: not restarted, I/O waiting on /data1, /data2`],
    );
  });

  it("the node answering the restart restarts even with drives waiting: the restart succeeds", async () => {
    const w = await world(CLUSTER);
    w.minio.faults.drivesWaitingOnNextRestart("minio1:9000", ["/data1"]);
    const result = await clientOf(w).restart();
    assert.deepEqual(result.results, [
      { host: "minio1:9000", waitingDrives: ["/data1"] },
      { host: "minio2:9000" },
      { host: "minio3:9000" },
      { host: "minio4:9000" },
    ]);
  });

  it("credentials refused by ServerInfo fail the wait at once, not at the timeout", async () => {
    const w = await world({ nodes: 2, restartGapMs: 50 });
    const client = clientOf(w);
    const restart = await client.restart();
    const wrong = new MinioAdminClient({ endpoint: w.minio.url, accessKey: ROOT_ACCESS, secretKey: "not-the-key-123" });
    const started = Date.now();
    const err = await rejection(wrong.waitUntilBack({ timeoutMs: 10_000, pollMs: 50 }, restart));
    assert.ok(Date.now() - started < 5000, `took ${Date.now() - started} ms`);
    assert.deepEqual([err.kind, err.status, err.code], ["auth", 403, "SignatureDoesNotMatch"]);
  });
});
