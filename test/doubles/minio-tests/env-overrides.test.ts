// MINIO_IDENTITY_OPENID_* environment variables on the server, as minio/minio (7aac2a2) treats them:
// - get-config-kv prints "# NAME=value" lines before each target an environment variable sets, secrets left out
//   (internal/config/config.go GetSubsysInfo, getTargetEnvs, SubsysInfo.AddEnvString and WriteTo);
// - a variable with a target suffix names a target of its own (GetAvailableTargets);
// - set-config-kv and del-config-kv store what they are given and validate with environment values switched off
//   (cmd/admin-handlers-config-kv.go, cmd/config-current.go validateConfig: env.SetEnvOff());
// - at start the environment wins (ResolveConfigParam in openid.LookupConfig), so only then does a second
//   claim-based target the environment configures fail ("Only one OpenID provider …", errSingleProvider);
// - an unknown MINIO_IDENTITY_OPENID_* variable fails LookupConfig (Config.CheckValidKeys).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { delConfig, getConfig, json, openidLine, setConfig } from "./support/admin";
import { startIssuer, type TestIssuer } from "./support/issuer";
import { CLIENT_ID, restartAndWait, standardKeys, startWorld, type World } from "./support/world";

describe("MinIO double: environment overrides of identity_openid", () => {
  let corp: TestIssuer;
  let w: World;
  before(async () => {
    corp = await startIssuer({ clientId: "corp-client" });
    w = await startWorld({
      env: {
        MINIO_IDENTITY_OPENID_CLAIM_NAME: " groups ",
        MINIO_IDENTITY_OPENID_CLIENT_SECRET: "env-secret-value",
        MINIO_IDENTITY_OPENID_CONFIG_URL_corp: corp.configUrl,
        MINIO_IDENTITY_OPENID_CLIENT_ID_corp: "corp-client",
        MINIO_IDENTITY_OPENID_ROLE_POLICY_corp: "",
      },
    });
  });
  after(async () => {
    await w.close();
    await corp.close();
  });

  it("get-config-kv shows the variables before their target, trimmed, secrets and empty ones left out", async () => {
    assert.equal(
      await getConfig(w.root, "identity_openid"),
      "# MINIO_IDENTITY_OPENID_CLAIM_NAME=groups\n" +
        "identity_openid enable= display_name= config_url= client_id= client_secret= claim_name=policy " +
        "claim_userinfo= role_policy= redirect_uri_dynamic=off scopes= vendor= keycloak_realm= keycloak_admin_url= " +
        "user_readable_claim= user_id_claim= \n" +
        `# MINIO_IDENTITY_OPENID_CONFIG_URL_corp=${corp.configUrl}\n` +
        "# MINIO_IDENTITY_OPENID_CLIENT_ID_corp=corp-client\n" +
        "identity_openid:corp \n",
    );
    assert.equal(
      await getConfig(w.root, "identity_openid:corp"),
      `# MINIO_IDENTITY_OPENID_CONFIG_URL_corp=${corp.configUrl}\n# MINIO_IDENTITY_OPENID_CLIENT_ID_corp=corp-client\n` +
        "identity_openid:corp \n",
    );
  });

  it("set-config-kv stores a key the environment overrides, validating without it; the restart then fails on the environment's second claim-based target", async () => {
    const res = await setConfig(w.root, openidLine("", standardKeys(w, { claim_name: "policy" })));
    assert.equal(res.status, 200, res.text);
    assert.equal(w.minio.pendingConfig().identity_openid.claim_name, "policy");
    await restartAndWait(w);
    assert.equal(w.minio.iamReady(), false);
    assert.equal(w.minio.iamError(), "Only one OpenID provider can be configured if not using role policy mapping");
    // The loaded config is the stored one; the variable still shows above it.
    const text = await getConfig(w.root, "identity_openid:");
    assert.match(text, /^# MINIO_IDENTITY_OPENID_CLAIM_NAME=groups\nidentity_openid .*claim_name=policy /);
  });

  it("del-config-kv resets a key the environment overrides and answers 200", async () => {
    const res = await delConfig(w.root, "identity_openid claim_name");
    assert.equal(res.status, 200, res.text);
    assert.equal(w.minio.pendingConfig().identity_openid.claim_name, "policy");
    const gone = await delConfig(w.root, "identity_openid:corp");
    assert.equal(gone.status, 404, "the environment's target is not stored, so there is nothing to delete");
    assert.equal(json(gone).Code, "XMinioConfigNotFoundError");
  });
});

describe("MinIO double: environment values win at start", () => {
  it("a stored client_id the environment overrides is not the one loaded: a role-policy target then clashes with it", async () => {
    const w = await startWorld({ env: { MINIO_IDENTITY_OPENID_CLIENT_ID: "shared-client" } });
    try {
      const first = await setConfig(w.root, openidLine("", standardKeys(w)));
      assert.equal(first.status, 200, first.text);
      const second = openidLine("ro", standardKeys(w, { client_id: "shared-client", role_policy: "readonly" }));
      const res = await setConfig(w.root, second);
      assert.equal(res.status, 200, "validated with the stored client_id, which differs");
      await restartAndWait(w);
      assert.equal(w.minio.iamError(), "Client ID shared-client is present with multiple OpenID configurations");
      assert.equal(w.minio.loadedConfig().identity_openid.client_id, CLIENT_ID);
    } finally {
      await w.close();
    }
  });

  it("an unknown MINIO_IDENTITY_OPENID_* variable fails OpenID at start and every write", async () => {
    const w = await startWorld({ env: { MINIO_IDENTITY_OPENID_JWKS_URL: "http://127.0.0.1:1/jwks" } });
    try {
      assert.equal(
        w.minio.iamError(),
        "The following environment variables are unknown: MINIO_IDENTITY_OPENID_JWKS_URL",
      );
      const res = await setConfig(w.root, openidLine("", standardKeys(w)));
      assert.equal(res.status, 400);
      assert.deepEqual(
        [json(res).Code, json(res).Message],
        ["XMinioAdminConfigBadJSON", "The following environment variables are unknown: MINIO_IDENTITY_OPENID_JWKS_URL"],
      );
    } finally {
      await w.close();
    }
  });

  it("the double refuses an environment variable it does not model", async () => {
    await assert.rejects(startWorld({ env: { MINIO_ROOT_USER: "x" } }), {
      message: "MinIO double: env models only MINIO_IDENTITY_OPENID_*, not MINIO_ROOT_USER",
    });
  });
});
