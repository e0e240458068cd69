/**
 * authentik 2026.5 serves only the grants a provider lists in grant_types (PR #20363): views/authorize.py
 * OAuthAuthorizationParams.check_grant at the authorization endpoint, views/token.py TokenParams.__post_init__ at
 * the token endpoint. A provider created through the API without grant_types stores [] (models.py default=list).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startAuthentikDouble, USER_HEADER, type AuthentikDouble } from "../authentik/index";
import { Api, form, oidcFetch, TOKEN, type Reply } from "./client";
import {
  authorizeAs,
  configureMinioApp,
  PROGRAM_GRANT_TYPES,
  redeemCode,
  REDIRECT,
  withoutRequestId,
  type MinioApp,
} from "./fixtures";

const INVALID_GRANT = {
  error: "invalid_grant",
  error_description:
    "The provided authorization grant or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client",
};
/** errors.py AuthorizeError "invalid_request", as create_uri quotes it. */
const NOT_ALLOWED = "error=invalid_request&error_description=The%20request%20is%20otherwise%20malformed";

describe("authentik double grant_types (authentik 2026.5)", () => {
  let ak: AuthentikDouble;
  let api: Api;
  let offlineAccess: string;

  before(async () => {
    ak = await startAuthentikDouble({ token: TOKEN });
    api = new Api(ak.url);
    const managed = "goauthentik.io%2Fproviders%2Foauth2%2Fscope-offline_access";
    offlineAccess = (
      await api.ok<{ results: Array<{ pk: string }> }>(`/propertymappings/provider/scope/?managed=${managed}`)
    ).results[0].pk;
    ak.addUser({ username: "alice", groups: ["minio-readers"] });
    ak.addUser({ username: "svc" });
    ak.addAppPassword("svc", "svc-app-password");
  });
  after(() => ak.close());

  /** A provider whose grant_types is `grants` (undefined: the key is not sent at all). */
  async function appWith(slug: string, grants: string[] | undefined, extraMappings: string[] = []): Promise<MinioApp> {
    const app = await configureMinioApp(api, { slug, provider: { grant_types: grants } });
    const provider = await api.ok(`/providers/oauth2/${app.providerPk}/`);
    const mappings = [...(provider.property_mappings as string[]), ...extraMappings];
    assert.equal(
      (await api.patch(`/providers/oauth2/${app.providerPk}/`, { property_mappings: mappings })).status,
      200,
    );
    return app;
  }

  const authorizeUrl = (params: Record<string, string>): string =>
    `${ak.url}/application/o/authorize/?${new URLSearchParams(params)}`;
  const asAlice = { headers: { [USER_HEADER]: "alice" } };
  const token = async (values: Record<string, string>): Promise<Reply> =>
    oidcFetch(`${ak.url}/application/o/token/`, form(values));
  const refusal = async (values: Record<string, string>): Promise<{ status: number; body: unknown }> => {
    const r = await oidcFetch(`${ak.url}/application/o/token/`, form(values), "tokenError");
    return { status: r.status, body: withoutRequestId(r.body) };
  };

  it("stores [] for a provider created without grant_types and refuses its authorization-code flow", async () => {
    const app = await appWith("no-grants", undefined);
    assert.deepEqual((await api.ok(`/providers/oauth2/${app.providerPk}/`)).grant_types, []);
    const params = { client_id: app.clientId, redirect_uri: REDIRECT, response_type: "code", scope: "openid" };
    const r = await oidcFetch(authorizeUrl({ ...params, state: "st-1" }), asAlice);
    assert.deepEqual([r.status, r.headers.get("location")], [302, `${REDIRECT}?${NOT_ALLOWED}&state=st-1`]);
    const noState = await oidcFetch(authorizeUrl(params), asAlice);
    assert.equal(noState.headers.get("location"), `${REDIRECT}?${NOT_ALLOWED}`);
    // The token endpoint checks the grant before the client secret: a wrong secret is not even looked at.
    const exchange = { grant_type: "authorization_code", code: "any", redirect_uri: REDIRECT, client_id: app.clientId };
    assert.deepEqual(await refusal({ ...exchange, client_secret: "wrong" }), { status: 400, body: INVALID_GRANT });
  });

  it("completes the authorization-code flow once authorization_code is allowed", async () => {
    const app = await appWith("code-only", ["authorization_code"]);
    const { code } = await authorizeAs(
      ak.url,
      { client_id: app.clientId, redirect_uri: REDIRECT, response_type: "code", scope: "openid minio" },
      "alice",
    );
    const r = await redeemCode(ak.url, app, code);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal((r.body as Record<string, unknown>).scope, "openid minio");
    assert.equal("refresh_token" in (r.body as Record<string, unknown>), false, "no offline_access, no refresh token");
  });

  it("answers implicit and hybrid response types the provider does not allow in the fragment", async () => {
    const app = await appWith("code-only-2", ["authorization_code"]);
    for (const responseType of ["id_token", "id_token token", "code id_token"]) {
      const r = await oidcFetch(
        authorizeUrl({ client_id: app.clientId, redirect_uri: REDIRECT, response_type: responseType, state: "f" }),
        asAlice,
      );
      assert.deepEqual(
        [r.status, r.headers.get("location")],
        [302, `${REDIRECT}#${NOT_ALLOWED}&state=f`],
        responseType,
      );
    }
  });

  it("refuses refresh without refresh_token in grant_types, serves it once allowed, and rotates the token", async () => {
    const app = await appWith("offline", ["authorization_code"], [offlineAccess]);
    const { code } = await authorizeAs(
      ak.url,
      { client_id: app.clientId, redirect_uri: REDIRECT, response_type: "code", scope: "openid offline_access" },
      "alice",
    );
    const first = await redeemCode(ak.url, app, code);
    const refreshToken = (first.body as Record<string, string>).refresh_token;
    assert.match(refreshToken, /^[A-Za-z0-9]{128}$/, "create_code_response issues one for offline_access");
    const refresh = {
      grant_type: "refresh_token",
      refresh_token: refreshToken,
      client_id: app.clientId,
      client_secret: app.clientSecret,
    };
    assert.deepEqual(await refusal(refresh), { status: 400, body: INVALID_GRANT });

    const patched = await api.patch(`/providers/oauth2/${app.providerPk}/`, { grant_types: PROGRAM_GRANT_TYPES });
    assert.deepEqual((patched.body as Record<string, unknown>).grant_types, ["authorization_code", "refresh_token"]);
    const narrower = await refusal({ ...refresh, scope: "openid" });
    assert.deepEqual(narrower, {
      status: 400,
      body: {
        error: "invalid_scope",
        error_description:
          "The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner",
      },
    });
    const second = await token(refresh);
    assert.equal(second.status, 200, JSON.stringify(second.body));
    const body = second.body as Record<string, string>;
    assert.equal(body.scope, "openid offline_access");
    assert.match(body.refresh_token, /^[A-Za-z0-9]{128}$/);
    assert.notEqual(body.refresh_token, refreshToken);
    assert.deepEqual(await refusal(refresh), { status: 400, body: INVALID_GRANT }, "the used token was revoked");
    const third = await token({ ...refresh, refresh_token: body.refresh_token });
    assert.equal(third.status, 200, JSON.stringify(third.body));
  });

  it("refuses a client_credentials login unless grant_types lists it, as it does for the program's provider", async () => {
    const app = await appWith("no-cc", PROGRAM_GRANT_TYPES);
    const login = {
      grant_type: "client_credentials",
      client_id: app.clientId,
      username: "svc",
      password: "svc-app-password",
      scope: "openid",
    };
    assert.deepEqual(await refusal(login), { status: 400, body: INVALID_GRANT });
    const grants = [...PROGRAM_GRANT_TYPES, "client_credentials"];
    assert.equal((await api.patch(`/providers/oauth2/${app.providerPk}/`, { grant_types: grants })).status, 200);
    const allowed = await oidcFetch(`${ak.url}/application/o/token/`, form(login), "token");
    assert.equal(allowed.status, 200, JSON.stringify(allowed.body));
  });
});
