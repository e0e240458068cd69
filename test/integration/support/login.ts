/**
 * One console login as MinIO performs it, with the values MinIO actually loaded: the authorization-code flow at
 * authentik (client ID, client secret, scopes and redirect URI from MinIO's identity_openid config), then STS
 * AssumeRoleWithWebIdentity with the ID token at MinIO.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { authorizeAs, decodeJwt } from "../../doubles/authentik-tests/fixtures";
import { basic, form, oidcFetch } from "../../doubles/authentik-tests/client";
import { stsPost, xmlText } from "../../doubles/minio-tests/support/admin";
import type { MinioDouble } from "../../doubles/minio";

/** The OAuth2 client as MinIO's console uses it. */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** MinIO's comma-separated `scopes`. */
  scopes: string;
}

/** The client MinIO has loaded for `target` (fails when the target or one of its keys is missing). */
export function loadedClient(minio: MinioDouble, target: string): OAuthClient {
  const kv = minio.loadedConfig()[target];
  assert.ok(kv, `MinIO has no loaded ${target}`);
  for (const key of ["client_id", "client_secret", "redirect_uri", "scopes"]) {
    assert.equal(typeof kv[key], "string", `${target} lacks ${key}`);
  }
  return { clientId: kv.client_id, clientSecret: kv.client_secret, redirectUri: kv.redirect_uri, scopes: kv.scopes };
}

/** authorize (as `username`) + code exchange; returns the token endpoint's status and body. */
export async function exchangeCode(
  authentikUrl: string,
  client: OAuthClient,
  username: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const state = randomBytes(8).toString("hex");
  const { code, location } = await authorizeAs(
    authentikUrl,
    {
      client_id: client.clientId,
      redirect_uri: client.redirectUri,
      response_type: "code",
      scope: client.scopes.split(",").join(" "),
      state,
      nonce: randomBytes(8).toString("hex"),
    },
    username,
  );
  assert.equal(`${location.origin}${location.pathname}`, client.redirectUri, "redirected to MinIO's callback");
  assert.equal(location.searchParams.get("state"), state);
  const init = form({ grant_type: "authorization_code", code, redirect_uri: client.redirectUri });
  init.headers = {
    ...(init.headers as Record<string, string>),
    Authorization: basic(client.clientId, client.clientSecret),
  };
  const r = await oidcFetch(`${authentikUrl}/application/o/token/`, init);
  return { status: r.status, body: r.body as Record<string, unknown> };
}

export interface StsOutcome {
  status: number;
  /** Policies of the issued credentials (from the double's session record), when STS issued any. */
  policies?: string[];
  /** MinIO's error code and message, when STS refused. */
  error?: { code?: string; message?: string };
}

export async function assumeRole(minio: MinioDouble, idToken: string): Promise<StsOutcome> {
  const res = await stsPost(minio.url, {
    Action: "AssumeRoleWithWebIdentity",
    Version: "2011-06-15",
    WebIdentityToken: idToken,
  });
  if (res.status !== 200) {
    return { status: res.status, error: { code: xmlText(res.text, "Code"), message: xmlText(res.text, "Message") } };
  }
  const accessKey = xmlText(res.text, "AccessKeyId") ?? "";
  return { status: 200, policies: minio.sessionPolicies(accessKey) };
}

export interface LoginOutcome {
  idToken: string;
  accessToken: string;
  /** The policy claim authentik put into the ID token (undefined when the mapping returned None). */
  claim: unknown;
  sts: StsOutcome;
}

/** A full console login of `username`; the code exchange must succeed. */
export async function login(
  authentikUrl: string,
  minio: MinioDouble,
  client: OAuthClient,
  username: string,
  claimName = "policy",
): Promise<LoginOutcome> {
  const token = await exchangeCode(authentikUrl, client, username);
  assert.equal(token.status, 200, `token endpoint: ${JSON.stringify(token.body)}`);
  const idToken = token.body.id_token as string;
  const claims = decodeJwt(idToken).payload;
  const accessToken = token.body.access_token as string;
  return { idToken, accessToken, claim: claims[claimName], sts: await assumeRole(minio, idToken) };
}
