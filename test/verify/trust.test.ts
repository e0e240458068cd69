/**
 * verify against authentik and MinIO behind a private CA (both doubles over https with a CA made for this test):
 * verify run as its own process trusts the CA of the stack's caBundle; without it, every check that needs a server
 * fails naming the untrusted chain and caBundle.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { trustCertificates } from "../../minio-admin/trust";
import { fromRoot } from "../support/paths";
import { makeTestCa, type TestCa } from "../support/test-ca";
import { STACK } from "./fixtures";
import { startVerifyWorld, worldSecrets, type VerifyWorld } from "./support";

/** verify as a process of its own, as `npm run verify` starts it: its trust store is its own. */
function verifyProcess(w: VerifyWorld): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ["--stack", STACK, "--config-json", w.configFile, "--outputs-json", w.outputsFile, "--timeout", "5"];
  return new Promise((resolve) => {
    execFile(process.execPath, [fromRoot("dist", "verify", "cli.js"), ...args], (err, stdout, stderr) =>
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
    );
  });
}

describe("verify with a private CA", () => {
  let ca: TestCa;
  let w: VerifyWorld;
  before(async () => {
    ca = makeTestCa();
    // This test process sets the world up as an administrator whose machine trusts the CA; verify runs apart.
    trustCertificates([ca.caPem]);
    w = await startVerifyWorld({ ca });
  });
  after(async () => {
    await w?.close();
    ca?.remove();
  });

  it("with caBundle set to the CA's file: every check passes over https", async () => {
    assert.match(w.ak.url, /^https:/);
    assert.match(w.minio.url, /^https:/);
    w.writeConfig({ "minio-authentik-sso:caBundle": { value: ca.caFile, secret: false } });
    const run = await verifyProcess(w);
    assert.equal(run.stderr, "");
    assert.equal(run.code, 0, run.stdout);
    assert.equal(run.stdout.trimEnd().split("\n").at(-1), "Result: OK, all 16 checks passed");
    for (const secret of worldSecrets(w)) assert.ok(!run.stdout.includes(secret));
  });

  it("without caBundle: authentik's provider, the discovery document and MinIO fail, each naming caBundle", async () => {
    w.writeConfig({});
    const run = await verifyProcess(w);
    assert.equal(run.code, 1, run.stdout);
    const hint =
      "SELF_SIGNED_CERT_IN_CHAIN self-signed certificate in certificate chain); its TLS certificate is signed by no trusted CA: set caBundle to its CA's PEM file";
    const failing = run.stdout.split("\n").filter((l) => l.startsWith("  FAIL"));
    assert.deepEqual(failing, [
      `  FAIL  provider: ${w.ak.url}/api/v3/providers/oauth2/${w.app.providerPk}/ unreachable (${hint}`,
      `  FAIL  discovery: ${w.ak.url}/application/o/minio/.well-known/openid-configuration unreachable (${hint}`,
      `  FAIL  loaded config: ${w.minio.url}: unreachable (GET /minio/admin/v3/get-config-kv: ${hint}`,
    ]);
  });
});
