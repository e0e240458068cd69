/** The OIDC endpoints refuse what authentik's authorize/token/userinfo views refuse, with the same answers. */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { startAuthentikDouble, USER_HEADER, type AuthentikDouble } from "../authentik/index";
import { Api, basic, form, oidcFetch, TOKEN } from "./client";
import { authorizeAs, configureMinioApp, REDIRECT, withoutRequestId, type MinioApp } from "./fixtures";

const INVALID_CLIENT =
  "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method)";
const INVALID_GRANT =
  "The provided authorization grant or refresh token is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client";

describe("authentik double OIDC rejections", () => {
  let ak: AuthentikDouble;
  let app: MinioApp;
  let fast: MinioApp;

  before(async () => {
    ak = await startAuthentikDouble({ token: TOKEN });
    const api = new Api(ak.url);
    app = await configureMinioApp(api, {
      provider: {
        redirect_uris: [
          { matching_mode: "strict", url: REDIRECT, redirect_uri_type: "authorization" },
          { matching_mode: "regex", url: "https://app\\.example/cb/[a-z]+", redirect_uri_type: "authorization" },
          { matching_mode: "strict", url: "https://logout.example/", redirect_uri_type: "logout" },
        ],
      },
    });
    fast = await configureMinioApp(api, { slug: "fast", provider: { access_code_validity: "milliseconds=50" } });
    ak.addUser({ username: "alice", email: "alice@example.test", groups: ["minio-readers"] });
  });
  after(() => ak.close());

  const codeFor = async (target: MinioApp, extra: Record<string, string> = {}): Promise<string> =>
    (
      await authorizeAs(
        ak.url,
        { client_id: target.clientId, redirect_uri: REDIRECT, response_type: "code", scope: "openid", ...extra },
        "alice",
      )
    ).code;

  async function exchange(
    values: Record<string, string>,
    init: RequestInit = {},
  ): Promise<{ status: number; body: unknown }> {
    const r = await oidcFetch(`${ak.url}/application/o/token/`, { ...form(values), ...init }, "tokenError");
    return { status: r.status, body: withoutRequestId(r.body) };
  }

  it("answers a wrong client secret with invalid_client (post and basic)", async () => {
    const code = await codeFor(app);
    const post = await exchange({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      client_id: app.clientId,
      client_secret: "wrong",
    });
    assert.deepEqual(post, { status: 400, body: { error: "invalid_client", error_description: INVALID_CLIENT } });
    const viaBasic = await exchange(
      { grant_type: "authorization_code", code, redirect_uri: REDIRECT },
      { headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: basic(app.clientId, "wrong") } },
    );
    assert.deepEqual(viaBasic.body, { error: "invalid_client", error_description: INVALID_CLIENT });
    const unknown = await exchange({ grant_type: "authorization_code", code, client_id: "nobody", client_secret: "x" });
    assert.deepEqual(unknown.body, { error: "invalid_client", error_description: INVALID_CLIENT });
  });

  it("refuses a redirect_uri outside the provider's list at authorize (400 page) and at token (invalid_client)", async () => {
    const params = (uri: string): string =>
      new URLSearchParams({ client_id: app.clientId, redirect_uri: uri, response_type: "code", state: "s" }).toString();
    for (const uri of [
      "https://console.minio.test/oauth_callback/extra",
      "https://evil.example/?https://app.example/cb/x",
      "https://app.example/cb/x1",
      "https://logout.example/",
    ]) {
      const r = await oidcFetch(`${ak.url}/application/o/authorize/?${params(uri)}`, {
        headers: { [USER_HEADER]: "alice" },
      });
      assert.equal(r.status, 400, uri);
      assert.match(String(r.body), /Redirect URI Error/);
      assert.equal(r.headers.get("location"), null);
    }
    const ok = await authorizeAs(
      ak.url,
      { client_id: app.clientId, redirect_uri: "https://app.example/cb/abc", response_type: "code" },
      "alice",
    );
    assert.equal(ok.location.origin + ok.location.pathname, "https://app.example/cb/abc");
    const mismatch = await exchange({
      grant_type: "authorization_code",
      code: ok.code,
      redirect_uri: "https://elsewhere.example/cb",
      client_id: app.clientId,
      client_secret: app.clientSecret,
    });
    assert.deepEqual(mismatch, { status: 400, body: { error: "invalid_client", error_description: INVALID_CLIENT } });
  });

  it("answers a grant type the provider does not list with invalid_grant, a listed non-token one with unsupported_grant_type", async () => {
    const r = await exchange({ grant_type: "magic", client_id: app.clientId, client_secret: app.clientSecret });
    assert.deepEqual(r, { status: 400, body: { error: "invalid_grant", error_description: INVALID_GRANT } });
    const api = new Api(ak.url);
    const implicit = await configureMinioApp(api, { slug: "implicit", provider: { grant_types: ["implicit"] } });
    const listed = await exchange({
      grant_type: "implicit",
      client_id: implicit.clientId,
      client_secret: implicit.clientSecret,
    });
    assert.deepEqual(listed, {
      status: 400,
      body: {
        error: "unsupported_grant_type",
        error_description: "The authorization grant type is not supported by the authorization server",
      },
    });
  });

  it("answers unknown, reused and expired codes with invalid_grant", async () => {
    const creds = {
      client_id: app.clientId,
      client_secret: app.clientSecret,
      redirect_uri: REDIRECT,
      grant_type: "authorization_code",
    };
    const unknown = await exchange({ ...creds, code: "0123456789abcdef" });
    assert.deepEqual(unknown, { status: 400, body: { error: "invalid_grant", error_description: INVALID_GRANT } });
    const code = await codeFor(app);
    const first = await oidcFetch(`${ak.url}/application/o/token/`, form({ ...creds, code }), "token");
    assert.equal(first.status, 200);
    const reused = await exchange({ ...creds, code });
    assert.deepEqual(reused.body, { error: "invalid_grant", error_description: INVALID_GRANT });
    const stale = await codeFor(fast);
    await new Promise((r) => setTimeout(r, 120));
    const expired = await exchange({
      ...creds,
      client_id: fast.clientId,
      client_secret: fast.clientSecret,
      code: stale,
    });
    assert.deepEqual(expired.body, { error: "invalid_grant", error_description: INVALID_GRANT });
    // A live code of one provider presented by another client (app's code, so it cannot fail by expiring instead).
    const otherClient = await exchange({
      ...creds,
      client_id: fast.clientId,
      client_secret: fast.clientSecret,
      code: await codeFor(app),
    });
    assert.deepEqual(otherClient.body, { error: "invalid_grant", error_description: INVALID_GRANT });
  });

  it("checks PKCE: a wrong verifier or a verifier without challenge is invalid_grant", async () => {
    const creds = {
      client_id: app.clientId,
      client_secret: app.clientSecret,
      redirect_uri: REDIRECT,
      grant_type: "authorization_code",
    };
    const verifier = "pkce-verifier-0123456789-abcdefghijklmnopqrstuvwxyz";
    const challenge = createHash("sha256").update(verifier).digest("base64url");
    const code = await codeFor(app, { code_challenge: challenge, code_challenge_method: "S256" });
    const wrong = await exchange({ ...creds, code, code_verifier: "not-the-verifier" });
    assert.deepEqual(wrong.body, { error: "invalid_grant", error_description: INVALID_GRANT });
    const right = await codeFor(app, { code_challenge: challenge, code_challenge_method: "S256" });
    const good = await oidcFetch(
      `${ak.url}/application/o/token/`,
      form({ ...creds, code: right, code_verifier: verifier }),
      "token",
    );
    assert.equal(good.status, 200);
    const downgrade = await exchange({ ...creds, code: await codeFor(app), code_verifier: verifier });
    assert.deepEqual(downgrade.body, { error: "invalid_grant", error_description: INVALID_GRANT });
  });

  it("refuses unknown clients, unsupported response types and anonymous users at the authorization endpoint", async () => {
    const url = (p: Record<string, string>): string => `${ak.url}/application/o/authorize/?${new URLSearchParams(p)}`;
    const unknown = await oidcFetch(url({ client_id: "nobody", redirect_uri: REDIRECT, response_type: "code" }));
    assert.equal(unknown.status, 400);
    assert.match(String(unknown.body), /Client ID Error/);
    const implicit = await oidcFetch(
      url({ client_id: app.clientId, redirect_uri: REDIRECT, response_type: "token", state: "xyz" }),
      {
        headers: { [USER_HEADER]: "alice" },
      },
    );
    assert.equal(implicit.status, 302);
    const loc = new URL(implicit.headers.get("location")!);
    assert.deepEqual(
      [loc.origin + loc.pathname, loc.searchParams.get("error"), loc.searchParams.get("state")],
      [REDIRECT, "unsupported_response_type", "xyz"],
    );
    const anonymous = await oidcFetch(url({ client_id: app.clientId, redirect_uri: REDIRECT, response_type: "code" }));
    assert.equal(anonymous.status, 302);
    assert.match(
      anonymous.headers.get("location")!,
      /^\/flows\/-\/default\/authentication\/\?next=%2Fapplication%2Fo%2Fauthorize%2F/,
    );
    const noneWithoutLogin = await oidcFetch(
      url({ client_id: app.clientId, redirect_uri: REDIRECT, response_type: "code", prompt: "none" }),
    );
    assert.equal(new URL(noneWithoutLogin.headers.get("location")!).searchParams.get("error"), "login_required");
    const empty = await oidcFetch(`${ak.url}/application/o/authorize/`);
    assert.equal(empty.status, 404);
  });

  it("refuses userinfo without a valid bearer token (401 invalid_token)", async () => {
    for (const headers of [{}, { Authorization: "Bearer not-a-token" }]) {
      const r = await oidcFetch(`${ak.url}/application/o/userinfo/`, { headers });
      assert.equal(r.status, 401);
      assert.equal(
        r.headers.get("www-authenticate"),
        'error="invalid_token", error_description="The access token provided is expired, revoked, malformed, or invalid for other reasons"',
      );
    }
  });

  it("answers discovery and JWKS of unknown slugs with 404", async () => {
    for (const path of ["nope/.well-known/openid-configuration", "nope/jwks/"]) {
      assert.equal((await oidcFetch(`${ak.url}/application/o/${path}`)).status, 404, path);
    }
  });
});
