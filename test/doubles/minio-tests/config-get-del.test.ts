import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { delConfig, getConfig, json, openidLine, setConfig, signedRequest } from "./support/admin";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  configure,
  restartAndWait,
  standardKeys,
  startWorld,
  type World,
} from "./support/world";

describe("MinIO double: get-config-kv and del-config-kv", () => {
  let w: World;
  before(async () => {
    w = await startWorld();
    await configure(w, { display_name: "Login with SSO", claim_name: "groups" });
    const second = openidLine("extra", standardKeys(w, { client_id: "c2", role_policy: "readonly" }));
    assert.equal((await setConfig(w.root, second)).status, 200);
    await restartAndWait(w);
  });
  after(() => w.close());

  it("shows the loaded config with client_secret left out, enable=on omitted and empty hidden keys dropped", async () => {
    const text = await getConfig(w.root, "identity_openid:");
    assert.equal(
      text,
      `identity_openid display_name="Login with SSO" config_url=${w.issuer.configUrl} client_id=${CLIENT_ID} ` +
        "claim_name=groups claim_userinfo= role_policy= redirect_uri_dynamic=off scopes= vendor= keycloak_realm= " +
        "keycloak_admin_url= user_readable_claim= user_id_claim= \n",
    );
    assert.ok(!text.includes(CLIENT_SECRET));
  });

  it("lists every target for the bare sub-system key, the default first", async () => {
    const lines = (await getConfig(w.root, "identity_openid")).split("\n");
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^identity_openid display_name=/);
    assert.match(lines[1], /^identity_openid:extra display_name= .* client_id=c2 .*role_policy=readonly /);
    assert.equal(lines[2], "");
  });

  it("rejects a target that does not exist with 400 XMinioConfigError", async () => {
    const res = await signedRequest(w.root, "GET", "/minio/admin/v3/get-config-kv?key=identity_openid:nope");
    assert.equal(res.status, 400);
    assert.deepEqual(
      [json(res).Code, json(res).Message],
      ["XMinioConfigError", "there is no target `nope` for subsystem `identity_openid`"],
    );
  });

  it("rejects deleting a named target that is not saved with 404 XMinioConfigNotFoundError", async () => {
    const res = await delConfig(w.root, "identity_openid:ghost");
    assert.equal(res.status, 404);
    assert.deepEqual(
      [json(res).Code, json(res).Message],
      ["XMinioConfigNotFoundError", "sub-system identity_openid:ghost already deleted or does not exist"],
    );
  });

  it("rejects resetting a key that the target does not have with 404", async () => {
    const res = await delConfig(w.root, "identity_openid:extra jwks_url");
    assert.equal(res.status, 404);
    assert.equal(json(res).Message, "key jwks_url doesn't exist");
  });

  it("resets a listed key to its default in the pending config only", async () => {
    assert.equal((await delConfig(w.root, "identity_openid claim_name")).status, 200);
    assert.equal(w.minio.pendingConfig().identity_openid.claim_name, "policy");
    assert.equal(w.minio.loadedConfig().identity_openid.claim_name, "groups");
    assert.match(await getConfig(w.root, "identity_openid:"), / claim_name=groups /);
  });

  it("deletes a target from the pending config; the loaded config loses it after a restart", async () => {
    assert.equal((await delConfig(w.root, "identity_openid:extra")).status, 200);
    assert.equal(w.minio.pendingConfig()["identity_openid:extra"], undefined);
    assert.equal(w.minio.loadedConfig()["identity_openid:extra"].client_id, "c2");
    await restartAndWait(w);
    assert.equal(w.minio.loadedConfig()["identity_openid:extra"], undefined);
    assert.equal(w.minio.loadedConfig().identity_openid.claim_name, "policy");
  });

  it("deleting the default target resets it to the defaults", async () => {
    assert.equal((await delConfig(w.root, "identity_openid")).status, 200);
    const p = w.minio.pendingConfig().identity_openid;
    assert.deepEqual([p.enable, p.client_id, p.claim_name, p.client_secret], ["", "", "policy", ""]);
  });
});
