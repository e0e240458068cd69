import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { get, json, openidLine, restart, setConfig, signedRequest, stsPost, waitReady } from "./support/admin";
import { CLIENT_ID, restartAndWait, standardKeys, startWorld, type World } from "./support/world";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("MinIO double: service restart and health", () => {
  let w: World;
  before(async () => {
    // The gap is the window in which the offline answers below are checked: wide enough for a loaded machine.
    w = await startWorld({ restartGapMs: 1000 });
  });
  after(() => w.close());

  it("answers health probes while up", async () => {
    assert.equal((await get(w.minio.url, "/minio/health/live")).status, 200);
    assert.equal((await get(w.minio.url, "/minio/health/ready")).status, 200);
    const cluster = await get(w.minio.url, "/minio/health/cluster");
    assert.equal(cluster.status, 200);
    assert.equal(cluster.headers["x-minio-write-quorum"], "1");
  });

  it("restart answers MinIO's v2 JSON, then health and admin calls fail during the gap, then recover", async () => {
    const res = await restart(w.root);
    assert.equal(res.status, 200);
    assert.deepEqual(json(res), { action: "restart", dryRun: false, results: [{ host: new URL(w.minio.url).host }] });
    assert.equal(w.minio.restarts(), 1);
    const ready = await get(w.minio.url, "/minio/health/ready");
    assert.equal(ready.status, 503);
    assert.equal(ready.headers["x-minio-server-status"], "offline");
    const admin = await signedRequest(w.root, "GET", "/minio/admin/v3/get-config-kv?key=identity_openid");
    assert.equal(admin.status, 503);
    assert.equal(admin.headers["retry-after"], "60");
    assert.deepEqual(
      [json(admin).Code, json(admin).Message],
      ["XMinioServerNotInitialized", "Server not initialized yet, please try again."],
    );
    await waitReady(w.minio.url);
    assert.equal((await signedRequest(w.root, "GET", "/minio/admin/v3/get-config-kv?key=identity_openid")).status, 200);
  });

  it("a dry-run restart does not restart; the deprecated v1 call answers headers only", async () => {
    const dry = await restart(w.root, "action=restart&type=2&dry-run=true");
    assert.equal(dry.status, 200);
    assert.equal(json(dry).dryRun, true);
    assert.equal(w.minio.restarts(), 1);
    const v1 = await restart(w.root, "action=restart");
    assert.deepEqual([v1.status, v1.text], [200, ""]);
    assert.equal(w.minio.restarts(), 2);
    await waitReady(w.minio.url);
  });

  it("rejects an unknown service action with 400 MalformedPOSTRequest", async () => {
    const res = await restart(w.root, "action=reboot&type=2");
    assert.equal(res.status, 400);
    assert.equal(json(res).Code, "MalformedPOSTRequest");
    assert.equal(w.minio.restarts(), 2);
  });

  it("restartNeverReturns keeps the server offline until the faults are reset", async () => {
    w.minio.faults.restartNeverReturns();
    assert.equal((await restart(w.root)).status, 200);
    await sleep(1150); // longer than the restart gap: only the held restart keeps it offline
    assert.equal((await get(w.minio.url, "/minio/health/live")).status, 503);
    assert.equal((await get(w.minio.url, "/minio/health/ready")).status, 503);
    w.minio.faults.reset();
    await waitReady(w.minio.url);
    assert.equal(w.minio.restarts(), 3);
  });

  it("a provider unreachable at start leaves IAM offline: cluster 503 iam-offline, STS 503, ready 200; it recovers", async () => {
    assert.equal((await setConfig(w.root, openidLine("", standardKeys(w)))).status, 200);
    w.issuer.setDiscoveryStatus(503);
    await restartAndWait(w);
    assert.equal(w.minio.iamReady(), false);
    assert.equal(
      w.minio.iamError(),
      `unexpected error returned by ${w.issuer.configUrl} : status(503 Service Unavailable)`,
    );
    assert.equal((await get(w.minio.url, "/minio/health/live")).status, 200);
    const cluster = await get(w.minio.url, "/minio/health/cluster");
    assert.deepEqual([cluster.status, cluster.headers["x-minio-server-status"]], [503, "iam-offline"]);
    const token = w.issuer.idToken({ policy: "readonly" });
    const sts = await stsPost(w.minio.url, {
      Action: "AssumeRoleWithWebIdentity",
      Version: "2011-06-15",
      WebIdentityToken: token,
    });
    assert.equal(sts.status, 503);
    assert.match(
      sts.text,
      /<Code>STSIAMNotInitialized<\/Code><Message>IAM sub-system is being initialized, please try again<\/Message>/,
    );
    // The root account still works while IAM retries.
    assert.equal((await signedRequest(w.root, "GET", "/minio/admin/v3/get-config-kv?key=identity_openid")).status, 200);
    w.issuer.setDiscoveryStatus(200);
    for (let i = 0; i < 100 && !w.minio.iamReady(); i++) await sleep(20);
    assert.equal(w.minio.iamReady(), true);
    assert.equal(w.minio.loadedConfig().identity_openid.client_id, CLIENT_ID);
    assert.equal((await get(w.minio.url, "/minio/health/cluster")).status, 200);
  });
});
