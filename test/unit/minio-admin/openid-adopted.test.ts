/**
 * apply on a target written by hand (`mc admin config set`, then adopted): when only the secret's fingerprint is
 * missing, apply writes the comment alone and does not restart MinIO; anything else still converges with a restart.
 *
 * MinIO's get-config-kv answers from the config loaded at the last start (minio/minio
 * cmd/admin-handlers-config-kv.go GetConfigKVHandler: `cfg := globalServerConfig`), while set-config-kv merges
 * into the saved config (SetConfigKVHandler: readServerConfig, cfg.ReadFrom, saveServerConfig). So until the next
 * restart the comment written here shows only in the saved config, and a second apply writes it again.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { MinioAdminClient } from "../../../minio-admin/client";
import { encodeSetLine } from "../../../minio-admin/config-kv";
import { decryptData } from "../../../minio-admin/madmin-crypto";
import { desiredFromEnv } from "../../../minio-admin/openid-keys";
import { applyOpenId, onlyFingerprintMissing } from "../../../minio-admin/openid-ops";
import { secretFingerprint, withSecretFingerprint } from "../../../minio-admin/secret-fingerprint";
import { startMinioDouble, type MinioDouble } from "../../doubles/minio";
import { startIssuer, type TestIssuer } from "../../doubles/minio-tests/support/issuer";

const ACCESS = "adopt-root";
const SECRET = "adopt-root-secret-7c1e";
const CLIENT_SECRET = "hand-made-client-secret-3f9a0d";
const wait = { timeoutMs: 5000, pollMs: 30 };
const TARGET = "identity_openid";

describe("apply on a hand-made identity_openid target (no fingerprint in its comment)", () => {
  let issuer: TestIssuer;
  let minio: MinioDouble;
  let client: MinioAdminClient;
  let desired: Record<string, string>;
  before(async () => {
    issuer = await startIssuer({ clientId: "minio" });
    const env = {
      MINIO_OPENID_CONFIG_URL: issuer.configUrl,
      MINIO_OPENID_CLIENT_ID: "minio",
      MINIO_OPENID_CLIENT_SECRET: CLIENT_SECRET,
      MINIO_OPENID_SCOPES: "openid,profile,email,minio",
      MINIO_OPENID_REDIRECT_URI: "http://minio.test:9001/oauth_callback",
      MINIO_OPENID_DISPLAY_NAME: "Login with authentik",
    };
    // As the CLI applies it: the fingerprint of the client secret in `comment`.
    desired = withSecretFingerprint(desiredFromEnv(env), SECRET);
  });
  after(() => issuer.close());
  beforeEach(async () => {
    minio = await startMinioDouble({ accessKey: ACCESS, secretKey: SECRET, restartGapMs: 50 });
    client = new MinioAdminClient({ endpoint: minio.url, accessKey: ACCESS, secretKey: SECRET });
  });
  afterEach(() => minio.close());

  /** What the guide's `mc admin config set` writes (no comment), then `mc admin service restart`. */
  async function byHand(overrides: Record<string, string> = {}): Promise<void> {
    const values = {
      display_name: "Login with authentik",
      config_url: issuer.configUrl,
      client_id: "minio",
      client_secret: CLIENT_SECRET,
      redirect_uri: "http://minio.test:9001/oauth_callback",
      scopes: "openid,profile,email,minio",
      ...overrides,
    };
    await client.setConfigKV(encodeSetLine(TARGET, Object.entries(values)));
    await client.restartAndWait(wait);
  }
  const sets = () =>
    minio
      .requests()
      .filter((r) => r.path.endsWith("/set-config-kv"))
      .map((r) => decryptData(SECRET, r.body).toString("utf8"));

  it("every managed key as desired: writes only the comment, no restart, and the secret is not sent", async () => {
    await byHand();
    const before = { restarts: minio.restarts(), sets: sets().length };
    const result = await applyOpenId(client, TARGET, desired, wait);
    assert.deepEqual(result, { config: TARGET, changed: true, restarted: false, keys: ["comment"] });
    assert.equal(minio.restarts(), before.restarts);
    const mark = `client-secret-fp:${secretFingerprint(SECRET, CLIENT_SECRET)}`;
    assert.deepEqual(sets().slice(before.sets), [`${TARGET} comment=${mark}`]);
    // Saved, not loaded: the running server still has its hand-made config, which keeps working.
    assert.equal(minio.pendingConfig()[TARGET].comment, mark);
    assert.equal(minio.pendingConfig()[TARGET].client_secret, CLIENT_SECRET);
    assert.equal(minio.loadedConfig()[TARGET].comment, undefined);
  });

  it("applied again before a restart: the same comment again, still no restart; after one: nothing", async () => {
    await byHand();
    await applyOpenId(client, TARGET, desired, wait);
    const again = await applyOpenId(client, TARGET, desired, wait);
    assert.deepEqual(again, { config: TARGET, changed: true, restarted: false, keys: ["comment"] });
    assert.equal(minio.restarts(), 1);
    await client.restartAndWait(wait);
    const after = await applyOpenId(client, TARGET, desired, wait);
    assert.deepEqual(after, { config: TARGET, changed: false, restarted: false, keys: [] });
  });

  it("another key differs too: the full change with the secret, and a restart", async () => {
    await byHand({ display_name: "SSO" });
    const result = await applyOpenId(client, TARGET, desired, wait);
    assert.deepEqual(result, {
      config: TARGET,
      changed: true,
      restarted: true,
      keys: ["display_name", "client_secret", "comment"],
    });
    assert.equal(minio.restarts(), 2);
    assert.equal(minio.loadedConfig()[TARGET].display_name, "Login with authentik");
  });

  it("a comment that already holds a fingerprint (a rotated secret): the secret is sent, with a restart", async () => {
    await byHand({ comment: `client-secret-fp:${secretFingerprint(SECRET, "an-older-client-secret-0000")}` });
    const result = await applyOpenId(client, TARGET, desired, wait);
    assert.deepEqual(result.keys, ["client_secret", "comment"]);
    assert.equal(result.restarted, true);
    assert.equal(minio.restarts(), 2);
  });
});

describe("onlyFingerprintMissing (pure)", () => {
  const mark = `client-secret-fp:${"a".repeat(32)}`;
  const target = (values: Record<string, string>) => ({ target: TARGET, values, envOverrides: {} });
  it("holds only for a loaded target whose hidden secret and comment lack the fingerprint that is wanted", () => {
    const keys = ["client_secret", "comment"];
    assert.equal(onlyFingerprintMissing(target({ comment: "" }), { comment: mark }, keys), true);
    assert.equal(onlyFingerprintMissing(target({ comment: "mine" }), { comment: mark }, keys), true);
    assert.equal(onlyFingerprintMissing(null, { comment: mark }, keys), false);
    assert.equal(onlyFingerprintMissing(target({ comment: "" }), { comment: "" }, keys), false);
    assert.equal(onlyFingerprintMissing(target({ comment: mark.replace("a", "b") }), { comment: mark }, keys), false);
    // A shown client_secret is an empty one, so the secret itself must be written.
    assert.equal(onlyFingerprintMissing(target({ comment: "", client_secret: "" }), { comment: mark }, keys), false);
    assert.equal(onlyFingerprintMissing(target({ comment: "" }), { comment: mark }, ["display_name", ...keys]), false);
  });
});
