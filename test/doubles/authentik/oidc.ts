/**
 * OIDC endpoints per application slug (authentik/providers/oauth2/urls.py, mount "application/o/"):
 * discovery (views/provider.py), JWKS (views/jwks.py) and the authorization endpoint (views/authorize.py).
 *
 * Login shortcut of the double: authentik would run its authentication flow in a browser. Here the test names
 * the user with the header `X-Authentik-Double-User: <username>` (or the query parameter `ak_double_user`);
 * when the user was added with a password, `X-Authentik-Double-Password` (or `ak_double_password`) must match.
 * Consent stages are not run (implicit and explicit consent flows behave alike).
 */
import { randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { issuerFor } from "./claims";
import { redirect, sendHtml, sendJson, type ParsedRequest } from "./http";
import { jwkFor, providerAlgorithm } from "./jwt";
import { anyFullmatch } from "./python";
import type { Store } from "./store";
import type { ProviderRecord } from "./types";
import { durationMs } from "./validators";

export const USER_HEADER = "x-authentik-double-user";
export const PASSWORD_HEADER = "x-authentik-double-password";
const FORBIDDEN_SCHEMES = new Set(["javascript", "data", "vbscript"]);

/** authentik's AuthorizeError descriptions (providers/oauth2/errors.py) for the errors the double raises. */
const AUTHORIZE_ERRORS: Record<string, string> = {
  invalid_request: "The request is otherwise malformed",
  unsupported_response_type:
    "The authorization server does not support obtaining an authorization code using this method",
  login_required: "The Authorization Server requires End-User authentication",
  request_not_supported: "The provider does not support use of the request parameter",
};

function providerForSlug(store: Store, slug: string): ProviderRecord | undefined {
  const app = store.applicationBySlug(slug);
  return app && app.provider !== null ? store.providers.get(app.provider) : undefined;
}

export function discovery(store: Store, req: ParsedRequest, res: ServerResponse, slug: string): void {
  const provider = providerForSlug(store, slug);
  if (!provider) return sendHtml(res, 404, "Not Found", "The requested resource was not found on this server.");
  const o = req.origin;
  const scopes = store.providerScopeMappings(provider).map((m) => m.scopeName);
  if (!scopes.includes("openid")) scopes.push("openid");
  sendJson(res, 200, {
    issuer: issuerFor(store, provider, o),
    authorization_endpoint: `${o}/application/o/authorize/`,
    token_endpoint: `${o}/application/o/token/`,
    userinfo_endpoint: `${o}/application/o/userinfo/`,
    end_session_endpoint: `${o}/application/o/${slug}/end-session/`,
    introspection_endpoint: `${o}/application/o/introspect/`,
    revocation_endpoint: `${o}/application/o/revoke/`,
    device_authorization_endpoint: `${o}/application/o/device/`,
    response_types_supported: [
      "code",
      "id_token",
      "id_token token",
      "code token",
      "code id_token",
      "code id_token token",
    ],
    jwks_uri: `${o}/application/o/${slug}/jwks/`,
    grant_types_supported: [
      "authorization_code",
      "refresh_token",
      "implicit",
      "client_credentials",
      "password",
      "urn:ietf:params:oauth:grant-type:device_code",
    ],
    id_token_signing_alg_values_supported: [providerAlgorithm(store, provider)],
    subject_types_supported: ["public"],
    token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
    acr_values_supported: ["goauthentik.io/providers/oauth2/default"],
    scopes_supported: scopes,
    request_parameter_supported: false,
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "auth_time", "acr"],
    claims_parameter_supported: false,
  });
}

/** {"keys": [...]} with the signing key (and encryption key), or {} when the provider has neither. */
export function jwks(store: Store, res: ServerResponse, slug: string): void {
  const provider = providerForSlug(store, slug);
  if (!provider) return sendHtml(res, 404, "Not Found", "The requested resource was not found on this server.");
  const body: { keys?: unknown[] } = {};
  const signing = provider.signingKey ? store.keyPairs.get(provider.signingKey) : undefined;
  const encryption = provider.encryptionKey ? store.keyPairs.get(provider.encryptionKey) : undefined;
  if (signing) (body.keys ??= []).push(jwkFor(signing, "sig"));
  if (encryption) (body.keys ??= []).push(jwkFor(encryption, "enc"));
  sendJson(res, 200, body, { "Access-Control-Allow-Origin": "*" });
}

/** Redirect URI check shared with the token endpoint: strict = equality, regex = Python re.fullmatch. */
export async function redirectAllowed(provider: ProviderRecord, uri: string): Promise<boolean> {
  const allowed = provider.redirectUris.filter((r) => r.redirect_uri_type === "authorization");
  if (allowed.some((r) => r.matching_mode === "strict" && r.url === uri)) return true;
  return anyFullmatch(
    allowed.filter((r) => r.matching_mode === "regex").map((r) => r.url),
    uri,
  );
}

function withParams(base: string, params: Record<string, string | null>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) if (v !== null) url.searchParams.set(k, v);
  return url.toString();
}

/** Python's urllib.parse.quote(text) (safe="/"): encodeURIComponent, minus the characters it leaves alone. */
function pyQuote(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, "/");
}

/**
 * errors.py AuthorizeError.create_uri, character for character: "?" (or "#" for implicit and hybrid grants) is
 * appended to the redirect URI as given, the description is quote()d and the state appended unencoded; get_response
 * sends it as a 302 (HttpResponseRedirect).
 */
function authorizeError(
  res: ServerResponse,
  redirectUri: string,
  error: string,
  grantType: string,
  state: string | null,
  description = AUTHORIZE_ERRORS[error],
): void {
  const sep = grantType === "implicit" || grantType === "hybrid" ? "#" : "?";
  const tail = state ? `&state=${state}` : "";
  redirect(res, `${redirectUri}${sep}error=${error}&error_description=${pyQuote(description)}${tail}`);
}

/** views/authorize.py OAuthAuthorizationParams.check_grant: the grant a response_type asks for. */
const GRANT_OF_RESPONSE_TYPE: Record<string, string> = {
  code: "authorization_code",
  id_token: "implicit",
  "id_token token": "implicit",
  "code token": "hybrid",
  "code id_token": "hybrid",
  "code id_token token": "hybrid",
};

export async function authorize(store: Store, req: ParsedRequest, res: ServerResponse): Promise<void> {
  const q = req.query;
  if ([...q.keys()].length === 0)
    return sendHtml(res, 404, "Not Found", "The requested resource was not found on this server.");
  const clientId = q.get("client_id") ?? "";
  const redirectUri = q.get("redirect_uri") ?? "";
  const state = q.get("state");
  const provider = store.providerByClientId(clientId);
  if (!provider)
    return sendHtml(res, 400, "Client ID Error", "The client identifier (client_id) is missing or invalid.");
  const redirectError = (): void =>
    sendHtml(
      res,
      400,
      "Redirect URI Error",
      "The request fails due to a missing, invalid, or mismatching redirection URI (redirect_uri).",
    );
  if (redirectUri === "") return redirectError();
  let scheme: string;
  try {
    scheme = new URL(redirectUri).protocol.replace(/:$/, "");
  } catch {
    return redirectError();
  }
  if (!provider.redirectUris.some((r) => r.redirect_uri_type === "authorization")) {
    // check_redirect_uri, "Setting redirect for blank redirect_uris": the list is replaced by this one entry.
    provider.redirectUris = [{ matching_mode: "strict", url: redirectUri, redirect_uri_type: "authorization" }];
  }
  if (!(await redirectAllowed(provider, redirectUri)) || FORBIDDEN_SCHEMES.has(scheme)) return redirectError();
  // check_grant (runs right after check_redirect_uri): the response type picks a grant, which the provider's
  // grant_types must contain (PR #20363), else AuthorizeError(redirect_uri, "invalid_request", grant_type, state).
  const grantType = GRANT_OF_RESPONSE_TYPE[q.get("response_type") ?? ""];
  if (!grantType) return authorizeError(res, redirectUri, "unsupported_response_type", "", state);
  if (!provider.grantTypes.includes(grantType)) {
    return authorizeError(res, redirectUri, "invalid_request", grantType, state);
  }
  if (grantType !== "authorization_code") {
    return sendHtml(res, 501, "Not Implemented", "The authentik double serves only response_type=code.");
  }
  const configured = new Set(store.providerScopeMappings(provider).map((m) => m.scopeName));
  const requested = (q.get("scope") ?? "").split(/\s+/).filter((s) => s !== "");
  const scope = requested.length === 0 ? [...configured] : [...new Set(requested)].filter((s) => configured.has(s));
  if (q.get("request")) return authorizeError(res, redirectUri, "request_not_supported", grantType, state);
  const challenge = q.get("code_challenge");
  const method = q.get("code_challenge_method") ?? "plain";
  if (challenge && method !== "plain" && method !== "S256") {
    const description = `Unsupported challenge method ${method}`;
    return authorizeError(res, redirectUri, "invalid_request", grantType, state, description);
  }
  const username = String(req.headers[USER_HEADER] ?? q.get("ak_double_user") ?? "");
  if (username === "") {
    if ((q.get("prompt") ?? "").split(" ").includes("none"))
      return authorizeError(res, redirectUri, "login_required", grantType, state);
    const next = `${req.path}?${q.toString()}`;
    return redirect(res, `/flows/-/default/authentication/?next=${encodeURIComponent(next)}`);
  }
  const user = store.userByName(username);
  const password = String(req.headers[PASSWORD_HEADER] ?? q.get("ak_double_password") ?? "");
  if (!user || !user.isActive || (user.password !== null && user.password !== password)) {
    return sendHtml(res, 401, "Login failed", "The authentik double could not log in the requested test user.");
  }
  if (!store.applicationForProvider(provider.pk)) return sendHtml(res, 403, "Permission denied", "Access denied");
  const now = Date.now();
  const code = randomBytes(16).toString("hex");
  store.codes.set(code, {
    code,
    providerPk: provider.pk,
    userPk: user.pk,
    scope,
    nonce: q.get("nonce"),
    expiresAt: now + durationMs(provider.accessCodeValidity),
    authTime: now,
    sessionKey: randomBytes(16).toString("hex"),
    amr: user.password !== null ? ["pwd"] : null,
    codeChallenge: challenge,
    codeChallengeMethod: challenge ? method : null,
  });
  redirect(res, withParams(redirectUri, { code, state }));
}
