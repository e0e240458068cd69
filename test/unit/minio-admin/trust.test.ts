/**
 * Private CAs in the admin CLI: MINIO_CA_BUNDLE is checked like every other input, and a CLI process trusts it,
 * against the MinIO double serving a certificate of a CA made for this test. Without it, the failure names the
 * variable and the stack config key.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { InputError } from "../../../minio-admin/errors";
import { readConnectionSettings, openIdEnvironment } from "../../../minio-admin/settings";
import { MAX_CA_BUNDLE_BYTES, isUntrustedCertificate, parseCaBundle } from "../../../minio-admin/trust";
import { startMinioDouble, type MinioDouble } from "../../doubles/minio";
import { startIssuer, type TestIssuer } from "../../doubles/minio-tests/support/issuer";
import { fromRoot } from "../../support/paths";
import { makeTestCa, type TestCa } from "../../support/test-ca";

const ACCESS = "trust-root";
const SECRET = "trust-root-secret-31c7";
const base = { MINIO_ENDPOINT: "https://127.0.0.1:9000", MINIO_ACCESS_KEY: ACCESS, MINIO_SECRET_KEY: SECRET };

describe("MINIO_CA_BUNDLE", () => {
  let ca: TestCa;
  let other: TestCa;
  before(() => {
    ca = makeTestCa();
    other = makeTestCa("second test CA");
  });
  after(() => {
    ca?.remove();
    other?.remove();
  });

  it("reads every certificate of a bundle, re-encoded without the text around them", () => {
    const bundle = `# corporate roots\n${ca.caPem}\nsome comment\n${other.caPem}`;
    const s = readConnectionSettings({ ...base, MINIO_CA_BUNDLE: bundle });
    assert.deepEqual(s.caCertificates, [ca.caPem, other.caPem]);
    assert.deepEqual(readConnectionSettings({ ...base, MINIO_CA_BUNDLE: " \n" }).caCertificates, []);
  });

  it("refuses a bundle without certificates, with a private key, with a broken block, or too large", () => {
    const problem = (text: string) => {
      const parsed = parseCaBundle(text);
      return "problem" in parsed ? parsed.problem : "accepted";
    };
    assert.equal(
      problem("not a certificate"),
      "holds no PEM certificate (a block from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----)",
    );
    assert.equal(
      problem(ca.caPem + ca.serverKey),
      'holds a "PRIVATE KEY" PEM block; a CA bundle holds CERTIFICATE blocks only',
    );
    const broken = ca.caPem.replace(/\n[A-Za-z0-9+/]{20}/, "\nAAAAAAAAAAAAAAAAAAAA");
    assert.equal(
      problem(other.caPem + broken),
      "holds a CERTIFICATE block (number 2) that is not an X.509 certificate",
    );
    const many = Array.from({ length: Math.ceil(MAX_CA_BUNDLE_BYTES / ca.caPem.length) + 1 }, () => ca.caPem);
    assert.match(
      problem(many.join("")),
      /^holds \d+ certificates \(\d+ KiB\), more than the 64 KiB that can be passed on; list only the private CAs/,
    );
    assert.throws(
      () =>
        readConnectionSettings({
          ...base,
          MINIO_CA_BUNDLE: "-----BEGIN RSA PRIVATE KEY-----\nAA\n-----END RSA PRIVATE KEY-----",
        }),
      new InputError('MINIO_CA_BUNDLE holds a "RSA PRIVATE KEY" PEM block; a CA bundle holds CERTIFICATE blocks only'),
    );
  });

  it("tells an untrusted chain from other TLS failures", () => {
    for (const code of [
      "SELF_SIGNED_CERT_IN_CHAIN",
      "DEPTH_ZERO_SELF_SIGNED_CERT",
      "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
    ]) {
      assert.equal(isUntrustedCertificate(`unreachable (GET /x: ${code} self-signed)`), true, code);
    }
    for (const code of ["CERT_HAS_EXPIRED", "ERR_TLS_CERT_ALTNAME_INVALID", "ECONNREFUSED"]) {
      assert.equal(isUntrustedCertificate(`unreachable (GET /x: ${code})`), false, code);
    }
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The built CLI as its own process: trusting a CA changes the whole process, so never this test runner. */
function cli(env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [fromRoot("dist", "minio-admin", "cli.js"), "apply"], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("the admin CLI against MinIO behind a private CA", () => {
  let ca: TestCa;
  let minio: MinioDouble;
  let issuer: TestIssuer;
  let env: Record<string, string>;
  before(async () => {
    ca = makeTestCa();
    minio = await startMinioDouble({
      accessKey: ACCESS,
      secretKey: SECRET,
      restartGapMs: 30,
      tls: { key: ca.serverKey, cert: ca.serverChain },
    });
    issuer = await startIssuer({ clientId: "minio-client" });
    env = openIdEnvironment<string>({
      endpoint: minio.url,
      accessKey: ACCESS,
      secretKey: SECRET,
      configName: "",
      configUrl: issuer.configUrl,
      clientId: "minio-client",
      clientSecret: "trust-client-secret-0d9a",
      claimName: "policy",
      scopes: "openid",
      redirectUri: "https://127.0.0.1:9001/oauth_callback",
      displayName: "SSO",
    });
  });
  after(async () => {
    await minio?.close();
    await issuer?.close();
    ca?.remove();
  });

  it("without the CA: one line naming the untrusted chain, MINIO_CA_BUNDLE and caBundle; nothing changed", async () => {
    assert.match(minio.url, /^https:/);
    const run = await cli(env);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, "");
    assert.equal(
      run.stderr,
      `minio-openid-admin: ${minio.url}: unreachable (GET /minio/admin/v3/get-config-kv: SELF_SIGNED_CERT_IN_CHAIN ` +
        "self-signed certificate in certificate chain); MinIO's TLS certificate is not signed by a CA this command " +
        "trusts: give that CA's PEM in MINIO_CA_BUNDLE (stack config key caBundle, a PEM file)\n",
    );
    assert.equal(minio.restarts(), 0);
  });

  it("with the CA in MINIO_CA_BUNDLE: apply configures MinIO over https", async () => {
    const run = await cli({ ...env, MINIO_CA_BUNDLE: ca.caPem });
    assert.equal(run.stderr, "");
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^\{"config":"identity_openid","changed":true,"restarted":true,/);
    assert.equal(minio.loadedConfig().identity_openid.client_id, "minio-client");
  });
});
