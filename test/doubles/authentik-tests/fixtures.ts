/** Shared test steps: configure authentik through REST as terraform-provider-authentik does, log in, verify JWTs. */
import assert from "node:assert/strict";
import { createHmac, createPublicKey, verify, type JsonWebKey } from "node:crypto";
import { USER_HEADER, PASSWORD_HEADER } from "../authentik/index";
import { Api, form, oidcFetch, type Reply } from "./client";

export const REDIRECT = "https://console.minio.test/oauth_callback";

/** A policy claim from group membership: none -> no claim, one or both groups -> list. */
export const POLICY_EXPRESSION = [
  "policies = []",
  'if ak_is_group_member(request.user, name="minio-admins"):',
  '    policies.append("consoleAdmin")',
  'if ak_is_group_member(request.user, name="minio-readers"):',
  '    policies.append("readonly")',
  'ak_logger.info("minio policy", count=len(policies))',
  "if not policies:",
  "    return None",
  'return {"policy": policies}',
].join("\n");

type Obj = Record<string, unknown>;
type Page = { results: Obj[] };

export interface MinioApp {
  providerPk: number;
  slug: string;
  clientId: string;
  clientSecret: string;
  mappingPk: string;
}

/** The program's default grant_types: MinIO's console login (authorization code) and token refresh. */
export const PROGRAM_GRANT_TYPES = ["authorization_code", "refresh_token"];

/** Data-source lookups, then POST+GET of mapping, provider and application: the order of one `pulumi up`. */
export async function configureMinioApp(
  api: Api,
  opts: { slug?: string; signingKey?: boolean; provider?: Obj; expression?: string } = {},
): Promise<MinioApp> {
  const slug = opts.slug ?? "minio";
  const flow = async (s: string): Promise<string> =>
    (await api.ok<Page>(`/flows/instances/?slug=${s}`)).results[0].pk as string;
  const authorization = await flow("default-provider-authorization-implicit-consent");
  const invalidation = await flow("default-provider-invalidation-flow");
  const keys = await api.ok<Page>("/crypto/certificatekeypairs/?name=authentik+Self-signed+Certificate");
  const managed = ["openid", "email", "profile"].map((s) => `managed=goauthentik.io%2Fproviders%2Foauth2%2Fscope-${s}`);
  const scopes = await api.ok<Page>(`/propertymappings/provider/scope/?${managed.join("&")}`);
  const mapping = await api.created("/propertymappings/provider/scope/", {
    name: `${slug}-policy`,
    scope_name: "minio",
    expression: opts.expression ?? POLICY_EXPRESSION,
    description: "MinIO policy",
  });
  await api.ok(`/propertymappings/provider/scope/${mapping.pk}/`);
  const provider = await api.created("/providers/oauth2/", {
    name: `${slug}-provider`,
    authorization_flow: authorization,
    invalidation_flow: invalidation,
    authentication_flow: null,
    client_id: `${slug}-client`,
    client_type: "confidential",
    grant_types: PROGRAM_GRANT_TYPES,
    access_code_validity: "minutes=1",
    access_token_validity: "minutes=10",
    refresh_token_validity: "days=30",
    include_claims_in_id_token: true,
    sub_mode: "hashed_user_id",
    issuer_mode: "per_provider",
    property_mappings: [...scopes.results.map((m) => m.pk), mapping.pk],
    signing_key: opts.signingKey === false ? null : keys.results[0].pk,
    encryption_key: null,
    redirect_uris: [{ matching_mode: "strict", url: REDIRECT, redirect_uri_type: "authorization" }],
    jwt_federation_sources: [],
    jwt_federation_providers: [],
    ...opts.provider,
  });
  const fetched = await api.ok(`/providers/oauth2/${provider.pk}/`);
  await api.created("/core/applications/", {
    name: `${slug} app`,
    slug,
    provider: provider.pk,
    backchannel_providers: [],
    meta_launch_url: "",
    policy_engine_mode: "any",
    open_in_new_tab: false,
  });
  await api.ok(`/core/applications/${slug}/`);
  return {
    providerPk: provider.pk as number,
    slug,
    clientId: fetched.client_id as string,
    clientSecret: fetched.client_secret as string,
    mappingPk: mapping.pk as string,
  };
}

/** Run the authorization endpoint as the named test user and return the code from the redirect. */
export async function authorizeAs(
  base: string,
  params: Record<string, string>,
  user: string,
  password?: string,
): Promise<{ code: string; location: URL }> {
  const headers: Record<string, string> = { [USER_HEADER]: user };
  if (password !== undefined) headers[PASSWORD_HEADER] = password;
  const r = await oidcFetch(`${base}/application/o/authorize/?${new URLSearchParams(params)}`, { headers });
  assert.equal(r.status, 302, `authorize answered ${r.status}: ${String(r.body)}`);
  const location = new URL(r.headers.get("location")!);
  const code = location.searchParams.get("code");
  assert.ok(code, `no code in ${location}`);
  return { code, location };
}

/** Redeems `code` at the token endpoint with client_secret_post and the standard redirect URI. */
export function redeemCode(
  base: string,
  client: { clientId: string; clientSecret: string },
  code: string,
): Promise<Reply> {
  return oidcFetch(
    `${base}/application/o/token/`,
    form({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    }),
    "token",
  );
}

/** A token-endpoint error body without its request_id (random per request; its format is in oidc-schemas.ts). */
export function withoutRequestId(body: unknown): unknown {
  if (body === null || typeof body !== "object") return body;
  const { request_id: _id, ...rest } = body as Obj;
  return rest;
}

export interface DecodedJwt {
  header: Obj;
  payload: Obj;
}

export function decodeJwt(token: string): DecodedJwt {
  const [h, p] = token.split(".");
  return {
    header: JSON.parse(Buffer.from(h, "base64url").toString("utf8")) as Obj,
    payload: JSON.parse(Buffer.from(p, "base64url").toString("utf8")) as Obj,
  };
}

/** Verify an RS256 JWT with the key of the JWKS whose kid the header names. */
export function verifyRs256(token: string, jwks: { keys: Array<JsonWebKey & { kid: string }> }): DecodedJwt {
  const decoded = decodeJwt(token);
  assert.equal(decoded.header.alg, "RS256");
  const jwk = jwks.keys.find((k) => k.kid === decoded.header.kid);
  assert.ok(jwk, `no JWKS key with kid ${String(decoded.header.kid)}`);
  const [h, p, s] = token.split(".");
  const key = createPublicKey({ key: { kty: jwk.kty, n: jwk.n, e: jwk.e }, format: "jwk" });
  assert.equal(verify("sha256", Buffer.from(`${h}.${p}`), key, Buffer.from(s, "base64url")), true, "RS256 signature");
  return decoded;
}

export function verifyHs256(token: string, secret: string): DecodedJwt {
  const [h, p, s] = token.split(".");
  const expected = createHmac("sha256", secret).update(`${h}.${p}`).digest("base64url");
  assert.equal(s, expected, "HS256 signature");
  return decodeJwt(token);
}
