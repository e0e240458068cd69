/**
 * The device flow of authentik 2026.5 (views/device_backchannel.py, views/device_init.py, views/device_finish.py,
 * views/token.py create_device_code_response), as `minio-sso login --device` uses it.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startAuthentikDouble, USER_HEADER, type AuthentikDouble } from "../authentik/index";
import { Api, form, oidcFetch, TOKEN, type Reply } from "./client";
import { configureMinioApp, decodeJwt, type MinioApp } from "./fixtures";

const DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

describe("authentik double: the device flow", () => {
  let ak: AuthentikDouble;
  let api: Api;
  let app: MinioApp;
  let noDevice: MinioApp;

  before(async () => {
    ak = await startAuthentikDouble({ token: TOKEN });
    api = new Api(ak.url);
    ak.addUser({ username: "alice", groups: ["minio-admins"] });
    const managed = "goauthentik.io%2Fproviders%2Foauth2%2Fscope-offline_access";
    const offline = (
      await api.ok<{ results: Array<{ pk: string }> }>(`/propertymappings/provider/scope/?managed=${managed}`)
    ).results[0].pk;
    app = await configureMinioApp(api, {
      slug: "cli",
      provider: { client_type: "public", grant_types: ["authorization_code", "refresh_token", DEVICE_GRANT] },
    });
    const provider = await api.ok(`/providers/oauth2/${app.providerPk}/`);
    const mappings = [...(provider.property_mappings as string[]), offline];
    assert.equal(
      (await api.patch(`/providers/oauth2/${app.providerPk}/`, { property_mappings: mappings })).status,
      200,
    );
    noDevice = await configureMinioApp(api, { slug: "no-device", provider: { client_type: "public" } });
  });
  after(() => ak.close());

  const start = (clientId: string) =>
    oidcFetch(`${ak.url}/application/o/device/`, form({ client_id: clientId, scope: "openid minio offline_access" }));
  const poll = (clientId: string, deviceCode: string): Promise<Reply> =>
    oidcFetch(
      `${ak.url}/application/o/token/`,
      form({ grant_type: DEVICE_GRANT, client_id: clientId, device_code: deviceCode }),
    );

  it("hands out a device code and a verification URI; an unknown client gets invalid_client", async () => {
    const r = await start(app.clientId);
    assert.equal(r.status, 200);
    const body = r.body as Record<string, unknown>;
    assert.equal(body.verification_uri, `${ak.url}/device`);
    assert.equal(body.verification_uri_complete, `${ak.url}/device?code=${body.user_code}`);
    assert.deepEqual([body.expires_in, body.interval], [60, 5]);
    const unknown = await start("nobody");
    assert.deepEqual([unknown.status, (unknown.body as { error: string }).error], [400, "invalid_client"]);
  });

  it("serves the user's page only when the brand has a device code flow", async () => {
    const code = (await start(app.clientId)).body as Record<string, string>;
    ak.setBrandDeviceFlow(false);
    const page = await fetch(code.verification_uri_complete, { headers: { [USER_HEADER]: "alice" } });
    assert.equal(page.status, 404);
    ak.setBrandDeviceFlow(true);
  });

  it("answers authorization_pending until the person signed in, then the tokens, once", async () => {
    ak.setBrandDeviceFlow(true);
    const code = (await start(app.clientId)).body as Record<string, string>;
    const pending = await poll(app.clientId, code.device_code);
    assert.deepEqual([pending.status, (pending.body as { error: string }).error], [400, "authorization_pending"]);
    const page = await fetch(code.verification_uri_complete, { headers: { [USER_HEADER]: "alice" } });
    assert.equal(page.status, 200);
    const done = await poll(app.clientId, code.device_code);
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const body = done.body as Record<string, string>;
    assert.ok(body.refresh_token, "offline_access brings a refresh token");
    assert.deepEqual(decodeJwt(body.id_token).payload.policy, ["consoleAdmin"]);
    const again = await poll(app.clientId, code.device_code);
    assert.deepEqual([again.status, (again.body as { error: string }).error], [400, "invalid_grant"]);
  });

  it("refuses the grant to a provider that does not list it, and a code of another provider", async () => {
    const code = (await start(noDevice.clientId)).body as Record<string, string>;
    const r = await poll(noDevice.clientId, code.device_code);
    assert.deepEqual([r.status, (r.body as { error: string }).error], [400, "invalid_grant"]);
    const other = (await start(app.clientId)).body as Record<string, string>;
    const wrong = await poll(noDevice.clientId, other.device_code);
    assert.equal((wrong.body as { error: string }).error, "invalid_grant");
  });
});
