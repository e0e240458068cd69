/**
 * MinIO and authentik behind a private CA: both doubles serve https with certificates of a CA made for this run.
 * authentik's provider (Go) trusts it through SSL_CERT_FILE and MinIO through its certs/CAs, as README says; the
 * program needs `caBundle`. Without it, `up` stops at the pre-flight, before any change, naming the key; with it, `up`
 * succeeds, SSO works, verify passes and a second preview changes nothing.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { trustCertificates } from "../../minio-admin/trust";
import { fromRoot, repoRoot } from "../support/paths";
import { makeTestCa, type TestCa } from "../support/test-ca";
import { startEngine, type Engine } from "./engine";
import { policiesPerPerson, programObjects } from "./servers";
import { PEOPLE, startWorld, type World } from "./world";

const EXPECTED = Object.fromEntries(
  Object.values(PEOPLE).map((p) => [
    p.username,
    p.policies.length === 0 ? "refused: InvalidParameterValue" : [...p.policies],
  ]),
);

describe("e2e: MinIO and authentik behind a private CA", () => {
  let ca: TestCa;
  let world: World;
  let engine: Engine;

  before(async () => {
    ca = makeTestCa("e2e corporate root");
    world = await startWorld({ ca });
    // Go's crypto/x509 reads SSL_CERT_FILE on Linux: the authentik provider trusts the CA, as README tells users.
    engine = await startEngine(repoRoot, { SSL_CERT_FILE: ca.caFile });
    await engine.setConfig(world.config, world.secrets);
    // This test process checks the servers over https itself, as a person whose machine trusts the CA would.
    trustCertificates([ca.caPem]);
  });
  after(async () => {
    await engine?.close();
    await world?.close();
    ca?.remove();
  });

  it("without caBundle: up stops at the pre-flight, before any change, naming authentik's untrusted chain and caBundle", async () => {
    assert.match(world.authentik.url, /^https:/);
    assert.match(world.minioRelay.url, /^https:/);
    const message = await engine.up().then(
      () => assert.fail("up succeeded without the CA"),
      (err: Error) => err.message,
    );
    const expected =
      `  - caBundle: authentik at ${world.authentik.url}: its TLS certificate is signed by a CA this program does not ` +
      "trust (SELF_SIGNED_CERT_IN_CHAIN). Fix: pulumi config set caBundle certs/corporate-ca.pem (a PEM file of the " +
      "CA that signed authentik's certificate)";
    assert.ok(message.includes(`${expected}\n`), message);
    process.stdout.write(`without caBundle, up failed with:\n${expected}\n`);
    assert.equal(world.minio.restarts(), 0);
    assert.deepEqual(await programObjects(world), { providers: [], applications: [], mappings: [] });
  });

  it("a caBundle naming a file that is not there: the preview stops with the key, the file and the fix", async () => {
    await engine.setConfig({ caBundle: `${ca.dir}/missing.pem` });
    const message = await engine.preview().then(
      () => assert.fail("the preview succeeded"),
      (err: Error) => err.message,
    );
    assert.ok(
      message.includes(
        `  - caBundle: names the file "${ca.dir}/missing.pem", which does not exist. Fix: pulumi config set caBundle certs/corporate-ca.pem`,
      ),
      message,
    );
  });

  it("with caBundle: up succeeds over https, SSO works, and a second preview changes nothing", async () => {
    await engine.setConfig({ caBundle: ca.caFile });
    const up = await engine.up();
    // The refused run created only the stack itself; every step of the program is new.
    assert.deepEqual(up.changes, { create: 9, same: 1 });
    assert.equal(world.minio.restarts(), 1);
    assert.equal(
      world.minio.loadedConfig().identity_openid.config_url,
      `${world.authentik.url}/application/o/minio-e2e/.well-known/openid-configuration`,
    );
    assert.deepEqual(await policiesPerPerson(world), EXPECTED);
    const again = await engine.preview({ expectNoChanges: true });
    assert.deepEqual(again.changes, { same: 10 });
  });

  it("verify, a process that trusts only what caBundle names, passes against the deployed stack", async () => {
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env = {
        ...process.env,
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
  });

  it("destroy removes everything over https", async () => {
    const down = await engine.destroy();
    assert.deepEqual(down.changes, { delete: 10 });
    assert.deepEqual(await programObjects(world), { providers: [], applications: [], mappings: [] });
  });
});
