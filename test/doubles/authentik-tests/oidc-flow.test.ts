/** Discovery, JWKS and the authorization-code flow, with claims from the managed and a custom scope mapping. */
import assert from "node:assert/strict";
import { createHash, createPublicKey, type JsonWebKey } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { startAuthentikDouble, type AuthentikDouble } from "../authentik/index";
import { Api, basic, form, oidcFetch, TOKEN } from "./client";
import {
  authorizeAs,
  configureMinioApp,
  redeemCode,
  REDIRECT,
  verifyHs256,
  verifyRs256,
  type MinioApp,
} from "./fixtures";

type Jwks = { keys: Array<JsonWebKey & { kid: string }> };

describe("authentik double OIDC authorization-code flow", () => {
  let ak: AuthentikDouble;
  let api: Api;
  let app: MinioApp;
  let jwks: Jwks;
  const uids: Record<string, string> = {};
  const emails: Record<string, string> = {
    nogroups: "no@example.test",
    reader: "r@example.test",
    both: "b@example.test",
  };

  before(async () => {
    ak = await startAuthentikDouble({ token: TOKEN });
    api = new Api(ak.url);
    app = await configureMinioApp(api);
    uids.nogroups = ak.addUser({ username: "nogroups", email: emails.nogroups, name: "No Groups" }).uid;
    uids.reader = ak.addUser({
      username: "reader",
      email: emails.reader,
      name: "Rea Der",
      groups: ["minio-readers"],
    }).uid;
    uids.both = ak.addUser({
      username: "both",
      email: emails.both,
      name: "Bo Th",
      groups: ["minio-admins", "minio-readers"],
      password: "pw-both",
    }).uid;
    jwks = (await oidcFetch(`${ak.url}/application/o/minio/jwks/`, {}, "jwks")).body as Jwks;
  });
  after(() => ak.close());

  it("publishes discovery for the application slug with the global endpoints and RS256", async () => {
    const r = await oidcFetch(`${ak.url}/application/o/minio/.well-known/openid-configuration`, {}, "discovery");
    assert.equal(r.status, 200);
    const d = r.body as Record<string, unknown>;
    assert.deepEqual(
      [d.issuer, d.authorization_endpoint, d.token_endpoint, d.userinfo_endpoint, d.jwks_uri],
      [
        `${ak.url}/application/o/minio/`,
        `${ak.url}/application/o/authorize/`,
        `${ak.url}/application/o/token/`,
        `${ak.url}/application/o/userinfo/`,
        `${ak.url}/application/o/minio/jwks/`,
      ],
    );
    assert.deepEqual(d.id_token_signing_alg_values_supported, ["RS256"]);
    assert.deepEqual(d.scopes_supported, ["email", "minio", "openid", "profile"]);
    assert.deepEqual(d.token_endpoint_auth_methods_supported, ["client_secret_post", "client_secret_basic"]);
  });

  it("serves the signing key pair in the JWKS with authentik's kid (md5 of the key PEM)", async () => {
    const kp = (await api.ok<{ results: Array<{ pk: string }> }>("/crypto/certificatekeypairs/")).results[0];
    const pem = (await api.ok<{ data: string }>(`/crypto/certificatekeypairs/${kp.pk}/view_private_key/`)).data;
    assert.equal(jwks.keys.length, 1);
    const [key] = jwks.keys;
    assert.deepEqual(
      [key.kid, key.alg, key.use, key.kty],
      [createHash("md5").update(pem).digest("hex"), "RS256", "sig", "RSA"],
    );
    const fromPem = createPublicKey(pem).export({ format: "jwk" });
    assert.deepEqual([key.n, key.e], [fromPem.n, fromPem.e]);
  });

  const scope = "openid email profile minio";

  async function login(
    username: string,
    extra: Record<string, string> = {},
    password?: string,
  ): Promise<Record<string, unknown>> {
    const { code, location } = await authorizeAs(
      ak.url,
      {
        client_id: app.clientId,
        redirect_uri: REDIRECT,
        response_type: "code",
        scope,
        state: `st-${username}`,
        nonce: `n-${username}`,
        ...extra,
      },
      username,
      password,
    );
    assert.equal(location.searchParams.get("state"), `st-${username}`);
    assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
    const r = await redeemCode(ak.url, app, code);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.headers.get("cache-control"), "no-store");
    return r.body as Record<string, unknown>;
  }

  const expectedPolicy: Array<[string, string[] | undefined, string | undefined]> = [
    ["nogroups", undefined, undefined],
    ["reader", ["readonly"], undefined],
    ["both", ["consoleAdmin", "readonly"], "pw-both"],
  ];

  for (const [username, policy, password] of expectedPolicy) {
    it(`signs an id_token for ${username} whose policy claim is ${JSON.stringify(policy)}`, async () => {
      const before = Math.floor(Date.now() / 1000);
      const tokens = await login(username, {}, password);
      const { header, payload } = verifyRs256(tokens.id_token as string, jwks);
      assert.equal(header.kid, jwks.keys[0].kid);
      assert.equal(payload.iss, `${ak.url}/application/o/minio/`);
      assert.equal(payload.aud, app.clientId);
      assert.equal(payload.nonce, `n-${username}`);
      assert.equal(payload.acr, "goauthentik.io/providers/oauth2/default");
      assert.equal(payload.sub, uids[username]);
      assert.ok((payload.iat as number) >= before);
      assert.equal((payload.exp as number) - (payload.iat as number), 600);
      assert.equal(tokens.expires_in, 600);
      assert.equal(tokens.scope, "openid email profile minio");
      assert.deepEqual(payload.amr, password ? ["pwd"] : undefined);
      assert.equal(payload.email, emails[username]);
      assert.equal(payload.email_verified, false);
      assert.equal(payload.preferred_username, username);
      assert.deepEqual(payload.policy, policy);
      const groups = { nogroups: [], reader: ["minio-readers"], both: ["minio-admins", "minio-readers"] }[username];
      assert.deepEqual(payload.groups, groups);
      // authentik puts azp (and uid) only into the access token JWT (id_token.py to_access_token), not the id_token.
      assert.equal(payload.azp, undefined);
      const access = verifyRs256(tokens.access_token as string, jwks).payload;
      assert.deepEqual([access.azp, access.sub, access.policy], [app.clientId, uids[username], policy]);
      assert.match(String(access.uid), /^[A-Za-z0-9]{40}$/);

      const info = await oidcFetch(
        `${ak.url}/application/o/userinfo/`,
        { headers: { Authorization: `Bearer ${tokens.access_token}` } },
        "userinfo",
      );
      assert.equal(info.status, 200);
      const claims = info.body as Record<string, unknown>;
      assert.deepEqual(
        [claims.sub, claims.nonce, claims.policy, claims.preferred_username],
        [payload.sub, `n-${username}`, policy, username],
      );
    });
  }

  it("accepts client_secret_basic as well as client_secret_post and grants only configured scopes", async () => {
    const { code } = await authorizeAs(
      ak.url,
      {
        client_id: app.clientId,
        redirect_uri: REDIRECT,
        response_type: "code",
        scope: "openid minio offline_access unknown",
      },
      "reader",
    );
    const r = await oidcFetch(
      `${ak.url}/application/o/token/`,
      {
        ...form({ grant_type: "authorization_code", code, redirect_uri: REDIRECT }),
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Authorization: basic(app.clientId, app.clientSecret),
        },
      },
      "token",
    );
    assert.equal(r.status, 200);
    const tokens = r.body as Record<string, unknown>;
    assert.equal(tokens.scope, "openid minio");
    const { payload } = verifyRs256(tokens.id_token as string, jwks);
    assert.deepEqual([payload.policy, payload.email, payload.nonce], [["readonly"], undefined, undefined]);
  });

  it("signs HS256 with the client secret and publishes an empty JWKS when the provider has no signing key", async () => {
    const hs = await configureMinioApp(api, { slug: "nokey", signingKey: false });
    const keys = await oidcFetch(`${ak.url}/application/o/nokey/jwks/`);
    assert.deepEqual([keys.status, keys.body], [200, {}]);
    const disco = await oidcFetch(`${ak.url}/application/o/nokey/.well-known/openid-configuration`, {}, "discovery");
    assert.deepEqual((disco.body as Record<string, unknown>).id_token_signing_alg_values_supported, ["HS256"]);
    const { code } = await authorizeAs(
      ak.url,
      { client_id: hs.clientId, redirect_uri: REDIRECT, response_type: "code", scope: "openid" },
      "reader",
    );
    const r = await redeemCode(ak.url, hs, code);
    const { header, payload } = verifyHs256((r.body as Record<string, string>).id_token, hs.clientSecret);
    assert.deepEqual(header, { alg: "HS256", typ: "JWT" });
    assert.equal(payload.iss, `${ak.url}/application/o/nokey/`);
  });
});
