import assert from "node:assert/strict";
import { after, afterEach, before, describe, it } from "node:test";
import { getConfig, json, openidLine, setConfig } from "./support/admin";
import { deadUrl } from "./support/issuer";
import { CLIENT_ID, CLIENT_SECRET, standardKeys, startWorld, type World } from "./support/world";

describe("MinIO double: set-config-kv identity_openid validation", () => {
  let w: World;
  before(async () => {
    w = await startWorld();
  });
  after(() => w.close());
  afterEach(() => {
    w.issuer.setDiscoveryStatus(200);
    w.issuer.setJwksStatus(200);
    w.issuer.setDiscovery(undefined);
  });

  async function setExpectError(line: string, status: number, code: string, message: string): Promise<void> {
    const before = JSON.stringify(w.minio.pendingConfig());
    const res = await setConfig(w.root, line);
    assert.equal(res.status, status, res.text);
    assert.deepEqual([json(res).Code, json(res).Message], [code, message]);
    assert.equal(JSON.stringify(w.minio.pendingConfig()), before, "a refused write must not change the saved config");
  }

  it("rejects an unreachable config_url with 400 XMinioAdminConfigBadJSON naming the connection error", async () => {
    const url = await deadUrl();
    const port = new URL(url).port;
    await setExpectError(
      openidLine("", { ...standardKeys(w), config_url: url }),
      400,
      "XMinioAdminConfigBadJSON",
      `Get "${url}": dial tcp 127.0.0.1:${port}: connect: connection refused`,
    );
  });

  it("rejects a discovery URL answering 404 with the status in the message", async () => {
    w.issuer.setDiscoveryStatus(404);
    await setExpectError(
      openidLine("", standardKeys(w)),
      400,
      "XMinioAdminConfigBadJSON",
      `unexpected error returned by ${w.issuer.configUrl} : status(404 Not Found)`,
    );
  });

  it("rejects a discovery document without jwks_uri", async () => {
    w.issuer.setDiscovery({ issuer: w.issuer.url });
    await setExpectError(
      openidLine("", standardKeys(w)),
      400,
      "XMinioAdminConfigBadJSON",
      `no JWKS URI found in your provider's discovery doc (config_url=${w.issuer.configUrl})`,
    );
  });

  it("rejects a JWKS endpoint answering 500 with the bare status text", async () => {
    w.issuer.setJwksStatus(500);
    await setExpectError(openidLine("", standardKeys(w)), 400, "XMinioAdminConfigBadJSON", "500 Internal Server Error");
  });

  it("rejects a config without client_id as a required key (400 XMinioConfigError)", async () => {
    await setExpectError(
      openidLine("", standardKeys(w, { client_id: null })),
      400,
      "XMinioConfigError",
      "'client_id' is not optional for 'identity_openid' sub-system, please check 'identity_openid' documentation",
    );
  });

  it("rejects role_policy together with a non-default claim_name", async () => {
    await setExpectError(
      openidLine("", standardKeys(w, { role_policy: "readonly", claim_name: "groups" })),
      400,
      "XMinioAdminConfigBadJSON",
      "Role Policy (=`readonly`) and Claim Name (=`groups`) cannot both be set",
    );
  });

  it("rejects a line naming only unknown keys: the sub-system cannot have empty keys", async () => {
    await setExpectError(
      "identity_openid jwks_url=http://x foo=bar",
      400,
      "XMinioConfigError",
      "sub-system 'identity_openid' cannot have empty keys",
    );
  });

  it("rejects an unknown sub-system", async () => {
    await setExpectError(
      "identity_oidc client_id=x",
      400,
      "XMinioConfigError",
      "unknown sub-system identity_oidc client_id=x",
    );
  });

  it("rejects an unknown sub-system without echoing a client_secret value", async () => {
    await setExpectError(
      "identity_oidc client_id=x client_secret=hunter2-secret",
      400,
      "XMinioConfigError",
      "unknown sub-system identity_oidc client_id=x client_secret=<redacted>",
    );
  });

  it("refuses a known sub-system the double does not model with 501 NotImplemented", async () => {
    await setExpectError(
      "region name=eu-west-1",
      501,
      "NotImplemented",
      "the MinIO double models only identity_openid, not sub-system region",
    );
  });

  it("rejects a scope list with an empty element", async () => {
    await setExpectError(
      openidLine("", standardKeys(w, { scopes: "openid,,email" })),
      400,
      "XMinioAdminConfigBadJSON",
      "empty scope value is not allowed 'openid,,email', please refer to our documentation",
    );
  });

  it("rejects a vendor other than keycloak with MinIO's (misleading) text", async () => {
    await setExpectError(
      openidLine("", standardKeys(w, { vendor: "authentik" })),
      400,
      "XMinioAdminConfigBadJSON",
      "Unsupported vendor keycloak",
    );
  });

  it("rejects a config_url that is not http(s)", async () => {
    await setExpectError(
      openidLine("", standardKeys(w, { config_url: "ftp://127.0.0.1/x" })),
      400,
      "XMinioAdminConfigBadJSON",
      "unexpected scheme found ftp",
    );
  });

  it("rejects a second claim-based provider, then the same client_id in two targets", async () => {
    assert.equal((await setConfig(w.root, openidLine("", standardKeys(w)))).status, 200);
    await setExpectError(
      openidLine("second", standardKeys(w, { client_id: "other-client" })),
      400,
      "XMinioAdminConfigBadJSON",
      "Only one OpenID provider can be configured if not using role policy mapping",
    );
    await setExpectError(
      openidLine("second", standardKeys(w, { role_policy: "readonly" })),
      400,
      "XMinioAdminConfigBadJSON",
      `Client ID ${CLIENT_ID} is present with multiple OpenID configurations`,
    );
    const res = await setConfig(
      w.root,
      openidLine("second", standardKeys(w, { client_id: "c2", role_policy: "readonly" })),
    );
    assert.equal(res.status, 200, res.text);
    assert.equal(w.minio.pendingConfig()["identity_openid:second"].role_policy, "readonly");
  });

  it("saves a valid write to the pending config only; get-config-kv keeps showing the loaded config", async () => {
    const fresh = await startWorld();
    try {
      const res = await setConfig(fresh.root, openidLine("", standardKeys(fresh, { display_name: "Login with SSO" })));
      assert.equal(res.status, 200, res.text);
      assert.equal(res.text, "");
      assert.equal(res.headers["x-minio-config-applied"], undefined);
      const pending = fresh.minio.pendingConfig().identity_openid;
      assert.equal(pending.enable, "on");
      assert.equal(pending.client_secret, CLIENT_SECRET);
      assert.equal(pending.display_name, "Login with SSO");
      assert.equal(fresh.minio.loadedConfig().identity_openid.client_id, "");
      assert.match(
        await getConfig(fresh.root, "identity_openid:"),
        /^identity_openid enable= display_name= config_url= /,
      );
    } finally {
      await fresh.close();
    }
  });

  it("parses values like MinIO: quotes stripped, unknown key text glued to the previous value, keys merged", async () => {
    const fresh = await startWorld();
    try {
      const line = `identity_openid config_url="${fresh.issuer.configUrl}" client_id='${CLIENT_ID}' client_secret=${CLIENT_SECRET} comment=a foo=b`;
      assert.equal((await setConfig(fresh.root, line)).status, 200);
      let p = fresh.minio.pendingConfig().identity_openid;
      assert.deepEqual([p.config_url, p.client_id, p.comment], [fresh.issuer.configUrl, CLIENT_ID, "a foo=b"]);
      assert.equal((await setConfig(fresh.root, "identity_openid scopes=openid,email")).status, 200);
      p = fresh.minio.pendingConfig().identity_openid;
      assert.deepEqual([p.scopes, p.client_id, p.claim_name], ["openid,email", CLIENT_ID, "policy"]);
    } finally {
      await fresh.close();
    }
  });
});
