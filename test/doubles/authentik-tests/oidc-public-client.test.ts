/**
 * What `minio-sso login` relies on, as authentik 2026.5 does it: a public client (views/token.py
 * TokenParams.__post_init__ checks the client secret only for confidential clients), PKCE (__post_init_code: the
 * S256 challenge of the verifier must equal the code's), a regex loopback redirect (authorize.py and token.py:
 * re.fullmatch, so the whole URI must match), refresh-token rotation (create_refresh_response revokes the used
 * token when refresh_token_threshold is seconds=0), and mapping claims laid over the standard ones
 * (id_token.py IDToken.to_dict: `id_dict.update(self.claims)`), which lets a mapping set `aud`.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { startAuthentikDouble, USER_HEADER, type AuthentikDouble } from "../authentik/index";
import { Api, form, oidcFetch, TOKEN, type Reply } from "./client";
import { configureMinioApp, decodeJwt, PROGRAM_GRANT_TYPES, withoutRequestId, type MinioApp } from "./fixtures";

const LOOPBACK = "http://127\\.0\\.0\\.1:[0-9]+/callback";
const VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE = createHash("sha256").update(VERIFIER).digest("base64url");
const INVALID_GRANT =
  "The provided authorization grant or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client";

describe("authentik double: a public client with PKCE on a loopback redirect", () => {
  let ak: AuthentikDouble;
  let api: Api;
  let cli: MinioApp;
  let confidential: MinioApp;

  before(async () => {
    ak = await startAuthentikDouble({ token: TOKEN });
    api = new Api(ak.url);
    ak.addUser({ username: "alice", groups: ["minio-admins"] });
    confidential = await configureMinioApp(api, { slug: "minio" });
    const managed = "goauthentik.io%2Fproviders%2Foauth2%2Fscope-offline_access";
    const offline = (
      await api.ok<{ results: Array<{ pk: string }> }>(`/propertymappings/provider/scope/?managed=${managed}`)
    ).results[0].pk;
    const audience = await api.created("/propertymappings/provider/scope/", {
      name: "minio audience",
      scope_name: "minio-audience",
      expression: `return {"aud": ["minio-cli-client", "${confidential.clientId}"]}`,
    });
    cli = await configureMinioApp(api, {
      slug: "minio-cli",
      provider: {
        client_type: "public",
        redirect_uris: [{ matching_mode: "regex", url: LOOPBACK, redirect_uri_type: "authorization" }],
        grant_types: PROGRAM_GRANT_TYPES,
      },
    });
    const provider = await api.ok(`/providers/oauth2/${cli.providerPk}/`);
    const mappings = [...(provider.property_mappings as string[]), offline, audience.pk as string];
    assert.equal(
      (await api.patch(`/providers/oauth2/${cli.providerPk}/`, { property_mappings: mappings })).status,
      200,
    );
  });
  after(() => ak.close());

  const authorize = (clientId: string, redirect: string, extra: Record<string, string> = {}) =>
    oidcFetch(
      `${ak.url}/application/o/authorize/?${new URLSearchParams({
        client_id: clientId,
        redirect_uri: redirect,
        response_type: "code",
        scope: "openid minio minio-audience offline_access",
        state: "st",
        code_challenge: CHALLENGE,
        code_challenge_method: "S256",
        ...extra,
      })}`,
      { headers: { [USER_HEADER]: "alice" } },
    );
  const codeFor = async (redirect: string): Promise<string> => {
    const r = await authorize(cli.clientId, redirect);
    assert.equal(r.status, 302);
    return new URL(r.headers.get("location")!).searchParams.get("code")!;
  };
  const token = (values: Record<string, string>): Promise<Reply> =>
    oidcFetch(`${ak.url}/application/o/token/`, form(values));

  it("matches the loopback regex against the whole redirect URI, any port", async () => {
    for (const ok of ["http://127.0.0.1:53177/callback", "http://127.0.0.1:1/callback"]) {
      assert.equal((await authorize(cli.clientId, ok)).status, 302, ok);
    }
    for (const bad of [
      "http://127.0.0.1:53177/callback/more",
      "http://127.0.0.1.evil.test:80/callback",
      "http://localhost:53177/callback",
      "http://127.0.0.1/callback",
    ]) {
      assert.equal((await authorize(cli.clientId, bad)).status, 400, bad);
    }
  });

  it("redeems a code without a client secret for the public client, only with the right verifier", async () => {
    const redirect = "http://127.0.0.1:40001/callback";
    const base = { grant_type: "authorization_code", client_id: cli.clientId, redirect_uri: redirect };
    const wrong = await token({ ...base, code: await codeFor(redirect), code_verifier: `${VERIFIER}x` });
    assert.deepEqual(
      [wrong.status, withoutRequestId(wrong.body)],
      [400, { error: "invalid_grant", error_description: INVALID_GRANT }],
    );
    const missing = await token({ ...base, code: await codeFor(redirect) });
    assert.equal((missing.body as { error: string }).error, "invalid_grant");
    const ok = await token({ ...base, code: await codeFor(redirect), code_verifier: VERIFIER });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const claims = decodeJwt((ok.body as { id_token: string }).id_token).payload;
    assert.deepEqual([claims.aud, claims.policy], [["minio-cli-client", confidential.clientId], ["consoleAdmin"]]);
  });

  it("still demands the secret of a confidential client", async () => {
    const r = await oidcFetch(
      `${ak.url}/application/o/authorize/?${new URLSearchParams({
        client_id: confidential.clientId,
        redirect_uri: "https://console.minio.test/oauth_callback",
        response_type: "code",
        scope: "openid",
      })}`,
      { headers: { [USER_HEADER]: "alice" } },
    );
    const code = new URL(r.headers.get("location")!).searchParams.get("code")!;
    const answer = await token({
      grant_type: "authorization_code",
      client_id: confidential.clientId,
      code,
      redirect_uri: "https://console.minio.test/oauth_callback",
    });
    assert.deepEqual([answer.status, (answer.body as { error: string }).error], [400, "invalid_client"]);
  });

  it("rotates the refresh token: each refresh returns a new one and revokes the used one", async () => {
    const redirect = "http://127.0.0.1:40002/callback";
    const first = await token({
      grant_type: "authorization_code",
      client_id: cli.clientId,
      redirect_uri: redirect,
      code: await codeFor(redirect),
      code_verifier: VERIFIER,
    });
    const r1 = (first.body as { refresh_token: string }).refresh_token;
    assert.ok(r1);
    const second = await token({ grant_type: "refresh_token", client_id: cli.clientId, refresh_token: r1 });
    assert.equal(second.status, 200);
    const r2 = (second.body as { refresh_token: string }).refresh_token;
    assert.ok(r2 && r2 !== r1);
    const aud = decodeJwt((second.body as { id_token: string }).id_token).payload.aud;
    assert.deepEqual(aud, ["minio-cli-client", confidential.clientId], "the refreshed ID token keeps MinIO's audience");
    const reused = await token({ grant_type: "refresh_token", client_id: cli.clientId, refresh_token: r1 });
    assert.deepEqual([reused.status, (reused.body as { error: string }).error], [400, "invalid_grant"]);
  });
});
