import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { MinioAdminClient } from "../../../minio-admin/client";
import { AdminError } from "../../../minio-admin/errors";
import { desiredFromEnv } from "../../../minio-admin/openid-keys";
import { applyOpenId, readTarget, removeOpenId, showOpenId } from "../../../minio-admin/openid-ops";
import { startAdminFixture, type AdminFixture } from "./fixture/admin-server";
import { defaultKvs } from "./fixture/minio-kv";

const ACCESS = "ops-root";
const SECRET = "ops-root-secret-41d2";
const wait = { timeoutMs: 5000, pollMs: 30 };

const env = {
  MINIO_OPENID_CONFIG_URL: "http://idp.test/application/o/minio/.well-known/openid-configuration",
  MINIO_OPENID_CLIENT_ID: "minio",
  MINIO_OPENID_CLIENT_SECRET: "ops-client-secret-x9",
  MINIO_OPENID_CLAIM_NAME: "minio_policy",
  MINIO_OPENID_SCOPES: "openid,profile,email",
  MINIO_OPENID_REDIRECT_URI: "http://minio.test:9001/oauth_callback",
  MINIO_OPENID_DISPLAY_NAME: "Login with authentik",
};

describe("apply / remove / show of identity_openid", () => {
  let fx: AdminFixture;
  let client: MinioAdminClient;
  before(async () => {
    fx = await startAdminFixture({ accessKey: ACCESS, secretKey: SECRET, downMs: 100 });
    client = new MinioAdminClient({
      endpoint: fx.url,
      accessKey: ACCESS,
      secretKey: SECRET,
      algorithm: "pbkdf2-aes-gcm",
    });
  });
  after(() => fx.close());
  beforeEach(() => {
    fx.saved = new Map([["_", defaultKvs()]]);
    fx.loaded = new Map([["_", defaultKvs()]]);
    fx.requests.length = 0;
  });

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
    const set = fx.requests.find((r) => r.path.endsWith("/set-config-kv"));
    assert.equal(
      set?.plaintext,
      'identity_openid:authentik enable=on display_name="Login with authentik" config_url=http://idp.test/application/o/minio/.well-known/openid-configuration ' +
        "client_id=minio client_secret=ops-client-secret-x9 claim_name=minio_policy redirect_uri=http://minio.test:9001/oauth_callback scopes=openid,profile,email",
    );
    assert.equal(fx.loaded.get("authentik")?.client_secret, "ops-client-secret-x9");
    assert.equal(fx.loaded.get("authentik")?.display_name, "Login with authentik");
  });

  it("apply again: reads back, finds nothing to change, neither sets nor restarts", async () => {
    await applyOpenId(client, "identity_openid", desiredFromEnv(env), wait);
    const restarts = fx.restarts();
    fx.requests.length = 0;
    const again = await applyOpenId(client, "identity_openid", desiredFromEnv(env), wait);
    assert.deepEqual(again, { config: "identity_openid", changed: false, restarted: false, keys: [] });
    assert.deepEqual(
      fx.requests.map((r) => `${r.method} ${r.path}`),
      ["GET /minio/admin/v3/get-config-kv"],
    );
    assert.equal(fx.restarts(), restarts);
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
    assert.equal(fx.loaded.get("a")?.scopes, "openid");
    assert.equal(fx.loaded.get("a")?.display_name, "");
  });

  it("apply surfaces MinIO's validation error and restarts nothing", async () => {
    const restarts = fx.restarts();
    const failing = await startAdminFixture({
      accessKey: ACCESS,
      secretKey: SECRET,
      validate: (_t, kvs) => `Get "${kvs.config_url}": dial tcp 10.0.0.1:443: connect: connection refused`,
    });
    try {
      const c = new MinioAdminClient({
        endpoint: failing.url,
        accessKey: ACCESS,
        secretKey: SECRET,
        algorithm: "pbkdf2-aes-gcm",
      });
      await assert.rejects(applyOpenId(c, "identity_openid", desiredFromEnv(env), wait), (err: unknown) => {
        assert.ok(err instanceof AdminError);
        assert.equal(
          err.message,
          `${failing.url}: PUT /minio/admin/v3/set-config-kv rejected: HTTP 400 XMinioAdminConfigBadJSON Get "${env.MINIO_OPENID_CONFIG_URL}": dial tcp 10.0.0.1:443: connect: connection refused`,
        );
        return true;
      });
      assert.equal(failing.restarts(), 0);
    } finally {
      await failing.close();
    }
    assert.equal(fx.restarts(), restarts);
  });

  it("show: loaded values with the client secret redacted; {} for an unknown named target", async () => {
    await applyOpenId(client, "identity_openid:s", desiredFromEnv(env), wait);
    const shown = await showOpenId(client, "identity_openid:s");
    assert.equal(shown.config, "identity_openid:s");
    assert.equal(shown.values.client_secret, "<redacted>");
    assert.equal(shown.values.claim_name, "minio_policy");
    assert.equal(shown.values.display_name, "Login with authentik");
    assert.ok(!JSON.stringify(shown).includes(env.MINIO_OPENID_CLIENT_SECRET));
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
    assert.equal(fx.loaded.has("r"), false);
    const restarts = fx.restarts();
    assert.deepEqual(await removeOpenId(client, "identity_openid:r", wait), {
      config: "identity_openid:r",
      changed: false,
      restarted: false,
    });
    assert.equal(fx.restarts(), restarts);
    assert.equal(await readTarget(client, "identity_openid:r"), null);
  });

  it("remove the default target: resets it and restarts only when it was configured", async () => {
    await applyOpenId(client, "identity_openid", desiredFromEnv(env), wait);
    assert.deepEqual(await removeOpenId(client, "identity_openid", wait), {
      config: "identity_openid",
      changed: true,
      restarted: true,
    });
    assert.deepEqual(fx.loaded.get("_"), defaultKvs());
    const restarts = fx.restarts();
    assert.deepEqual(await removeOpenId(client, "identity_openid", wait), {
      config: "identity_openid",
      changed: false,
      restarted: false,
    });
    assert.equal(fx.restarts(), restarts);
  });
});
