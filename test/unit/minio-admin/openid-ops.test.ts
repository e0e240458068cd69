import assert from "node:assert/strict";
import { after, afterEach, before, beforeEach, describe, it } from "node:test";
import { MinioAdminClient } from "../../../minio-admin/client";
import { AdminError } from "../../../minio-admin/errors";
import { decryptData } from "../../../minio-admin/madmin-crypto";
import { desiredFromEnv } from "../../../minio-admin/openid-keys";
import { applyOpenId, readTarget, removeOpenId, showOpenId } from "../../../minio-admin/openid-ops";
import { startMinioDouble, type MinioDouble } from "../../doubles/minio";
import { deadUrl, startIssuer, type TestIssuer } from "../../doubles/minio-tests/support/issuer";

const ACCESS = "ops-root";
const SECRET = "ops-root-secret-41d2";
const wait = { timeoutMs: 5000, pollMs: 30 };

describe("apply / remove / show of identity_openid, against the MinIO double", () => {
  let issuer: TestIssuer;
  let minio: MinioDouble;
  let client: MinioAdminClient;
  let env: Record<string, string | undefined>;
  before(async () => {
    issuer = await startIssuer({ clientId: "minio" });
    env = {
      MINIO_OPENID_CONFIG_URL: issuer.configUrl,
      MINIO_OPENID_CLIENT_ID: "minio",
      MINIO_OPENID_CLIENT_SECRET: "ops-client-secret-x9",
      MINIO_OPENID_CLAIM_NAME: "minio_policy",
      MINIO_OPENID_SCOPES: "openid,profile,email",
      MINIO_OPENID_REDIRECT_URI: "http://minio.test:9001/oauth_callback",
      MINIO_OPENID_DISPLAY_NAME: "Login with authentik",
    };
  });
  after(() => issuer.close());
  // A fresh server per test: MinIO accepts only one claim-based provider per client ID.
  beforeEach(async () => {
    minio = await startMinioDouble({ accessKey: ACCESS, secretKey: SECRET, restartGapMs: 50 });
    client = new MinioAdminClient({ endpoint: minio.url, accessKey: ACCESS, secretKey: SECRET });
  });
  afterEach(() => minio.close());
  const admin = () => minio.requests().filter((r) => r.path.startsWith("/minio/admin/"));

  it("apply to a named target: sets all non-default keys once, restarts, and loads them", async () => {
    const result = await applyOpenId(client, "identity_openid:authentik", desiredFromEnv(env), wait);
    assert.deepEqual(result, {
      config: "identity_openid:authentik",
      changed: true,
      restarted: true,
      keys: [
        "enable",
        "display_name",
        "config_url",
        "client_id",
        "client_secret",
        "claim_name",
        "redirect_uri",
        "scopes",
      ],
    });
    const set = admin().find((r) => r.path.endsWith("/set-config-kv"));
    assert.equal(
      set && decryptData(SECRET, set.body).toString("utf8"),
      `identity_openid:authentik enable=on display_name="Login with authentik" config_url=${issuer.configUrl} ` +
        "client_id=minio client_secret=ops-client-secret-x9 claim_name=minio_policy redirect_uri=http://minio.test:9001/oauth_callback scopes=openid,profile,email",
    );
    const loaded = minio.loadedConfig()["identity_openid:authentik"];
    assert.deepEqual([loaded.client_secret, loaded.display_name], ["ops-client-secret-x9", "Login with authentik"]);
    assert.equal(minio.restarts(), 1);
  });

  it("apply again: reads back, finds nothing to change, neither sets nor restarts", async () => {
    await applyOpenId(client, "identity_openid", desiredFromEnv(env), wait);
    const mark = admin().length;
    const again = await applyOpenId(client, "identity_openid", desiredFromEnv(env), wait);
    assert.deepEqual(again, { config: "identity_openid", changed: false, restarted: false, keys: [] });
    assert.deepEqual(
      admin()
        .slice(mark)
        .map((r) => `${r.method} ${r.path}`),
      ["GET /minio/admin/v3/get-config-kv"],
    );
    assert.equal(minio.restarts(), 1);
  });

  it("apply a change: sends only the changed keys plus the unreadable secret", async () => {
    await applyOpenId(client, "identity_openid:a", desiredFromEnv(env), wait);
    const changed = await applyOpenId(
      client,
      "identity_openid:a",
      desiredFromEnv({ ...env, MINIO_OPENID_SCOPES: "openid", MINIO_OPENID_DISPLAY_NAME: undefined }),
      wait,
    );
    assert.deepEqual(changed.keys, ["display_name", "client_secret", "scopes"]);
    const loaded = minio.loadedConfig()["identity_openid:a"];
    assert.deepEqual([loaded.scopes, loaded.display_name], ["openid", ""]);
  });

  it("apply surfaces MinIO's validation error and restarts nothing", async () => {
    const url = await deadUrl();
    const desired = desiredFromEnv({ ...env, MINIO_OPENID_CONFIG_URL: url });
    await assert.rejects(applyOpenId(client, "identity_openid", desired, wait), (err: unknown) => {
      assert.ok(err instanceof AdminError);
      const port = new URL(url).port;
      assert.equal(
        err.message,
        `${minio.url}: PUT /minio/admin/v3/set-config-kv rejected: HTTP 400 XMinioAdminConfigBadJSON ` +
          `Get "${url}": dial tcp 127.0.0.1:${port}: connect: connection refused`,
      );
      return true;
    });
    assert.equal(minio.restarts(), 0);
  });

  it("show: loaded values with the client secret redacted; {} for an unknown named target", async () => {
    await applyOpenId(client, "identity_openid:s", desiredFromEnv(env), wait);
    const shown = await showOpenId(client, "identity_openid:s");
    assert.equal(shown.config, "identity_openid:s");
    assert.deepEqual(
      [shown.values.client_secret, shown.values.claim_name, shown.values.display_name],
      ["<redacted>", "minio_policy", "Login with authentik"],
    );
    assert.ok(!JSON.stringify(shown).includes("ops-client-secret-x9"));
    assert.deepEqual(await showOpenId(client, "identity_openid:unknown"), {
      config: "identity_openid:unknown",
      values: {},
    });
  });

  it("remove a named target: deletes and restarts; again: no change, no restart", async () => {
    await applyOpenId(client, "identity_openid:r", desiredFromEnv(env), wait);
    assert.deepEqual(await removeOpenId(client, "identity_openid:r", wait), {
      config: "identity_openid:r",
      changed: true,
      restarted: true,
    });
    assert.equal(minio.loadedConfig()["identity_openid:r"], undefined);
    assert.deepEqual(await removeOpenId(client, "identity_openid:r", wait), {
      config: "identity_openid:r",
      changed: false,
      restarted: false,
    });
    assert.equal(minio.restarts(), 2);
    assert.equal(await readTarget(client, "identity_openid:r"), null);
  });

  it("remove the default target: resets it and restarts only when it was configured", async () => {
    const pristine = minio.loadedConfig().identity_openid;
    await applyOpenId(client, "identity_openid", desiredFromEnv(env), wait);
    assert.deepEqual(await removeOpenId(client, "identity_openid", wait), {
      config: "identity_openid",
      changed: true,
      restarted: true,
    });
    assert.deepEqual(minio.loadedConfig().identity_openid, pristine);
    assert.deepEqual(await removeOpenId(client, "identity_openid", wait), {
      config: "identity_openid",
      changed: false,
      restarted: false,
    });
    assert.equal(minio.restarts(), 2);
  });
});
