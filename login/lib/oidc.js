// @ts-check
"use strict";
// authentik's side: discovery, the authorization URL, and the token endpoint for the code and refresh grants.
// The tool's provider is a public client: authentik checks the client secret only for confidential clients
// (authentik/providers/oauth2/views/token.py, TokenParams.__post_init__), so no secret is ever sent or held.
const { LoginError, unreachable } = require("./errors");

const TIMEOUT_MS = 30_000;

/**
 * @typedef {{ issuer: string, authorization_endpoint: string, token_endpoint: string,
 *   device_authorization_endpoint?: string }} Discovery
 * @typedef {{ idToken: string, refreshToken?: string, expiresIn: number, skewSeconds: number | null }} Tokens
 */

/**
 * Seconds the server's clock is ahead of ours (its Date header), or null without one. Date has a one-second
 * resolution, so only large differences mean anything.
 * @param {Response} res
 * @param {number} sentAt
 */
function skewOf(res, sentAt) {
  const date = res.headers.get("date");
  const server = date ? Date.parse(date) : NaN;
  if (Number.isNaN(server)) return null;
  const local = (sentAt + Date.now()) / 2;
  return Math.round((server - local) / 1000);
}

/** @param {string} issuer @returns {Promise<Discovery>} */
async function discover(issuer) {
  const url = `${issuer.replace(/\/?$/, "/")}.well-known/openid-configuration`;
  let res;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { Accept: "application/json" } });
  } catch (err) {
    throw unreachable(err, "authentik", url);
  }
  if (res.status !== 200) {
    throw new LoginError(
      "authentik",
      `authentik answered ${res.status} for ${url}; the login profile's issuer may be wrong or the MinIO CLI application deleted (ask your authentik admin)`,
    );
  }
  /** @type {any} */
  const doc = await res.json().catch(() => ({}));
  for (const key of ["issuer", "authorization_endpoint", "token_endpoint"]) {
    if (typeof doc[key] !== "string")
      throw new LoginError("authentik", `authentik's discovery document ${url} has no ${key}`);
  }
  return doc;
}

/**
 * @param {Discovery} disc
 * @param {{ clientId: string, redirectUri: string, scopes: readonly string[], state: string, challenge: string }} p
 */
function authorizationUrl(disc, p) {
  const url = new URL(disc.authorization_endpoint);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", p.clientId);
  url.searchParams.set("redirect_uri", p.redirectUri);
  url.searchParams.set("scope", p.scopes.join(" "));
  url.searchParams.set("state", p.state);
  url.searchParams.set("code_challenge", p.challenge);
  url.searchParams.set("code_challenge_method", "S256");
  return url.toString();
}

/**
 * POSTs a grant to the token endpoint. authentik answers errors with 400 and {error, error_description}
 * (errors.py TokenError); `invalid_grant` on a refresh means the session is over.
 * @param {Discovery} disc
 * @param {Record<string, string>} form
 * @param {boolean} refreshing
 * @returns {Promise<Tokens>}
 */
async function tokenRequest(disc, form, refreshing) {
  const url = disc.token_endpoint;
  const sentAt = Date.now();
  let res;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw unreachable(err, "authentik", url);
  }
  /** @type {any} */
  const body = await res.json().catch(() => ({}));
  if (res.status !== 200 || typeof body.id_token !== "string") {
    const error = typeof body.error === "string" ? body.error : `HTTP ${res.status}`;
    if (["authorization_pending", "slow_down", "access_denied", "expired_token"].includes(error)) {
      throw Object.assign(new LoginError("authentik", `authentik: ${error}`), { deviceError: error });
    }
    if (refreshing && error === "invalid_grant") {
      throw new LoginError(
        "expired-session",
        "your authentik session has ended (refresh token expired or revoked); run minio-sso login again",
      );
    }
    throw new LoginError(
      "authentik",
      `authentik's token endpoint refused the ${refreshing ? "refresh" : "sign-in"}: ${error}; run minio-sso login again, and if it persists ask your authentik admin to check the MinIO CLI provider`,
    );
  }
  return {
    idToken: body.id_token,
    refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : undefined,
    expiresIn: Number(body.expires_in) || 0,
    skewSeconds: skewOf(res, sentAt),
  };
}

/**
 * @param {Discovery} disc
 * @param {{ clientId: string, code: string, redirectUri: string, verifier: string }} p
 */
function exchangeCode(disc, p) {
  const form = {
    grant_type: "authorization_code",
    client_id: p.clientId,
    code: p.code,
    redirect_uri: p.redirectUri,
    code_verifier: p.verifier,
  };
  return tokenRequest(disc, form, false);
}

/**
 * @param {Discovery} disc
 * @param {{ clientId: string, refreshToken: string }} p
 */
function refresh(disc, p) {
  return tokenRequest(
    disc,
    { grant_type: "refresh_token", client_id: p.clientId, refresh_token: p.refreshToken },
    true,
  );
}

/**
 * Starts the device flow (RFC 8628 section 3.1) at the discovery document's device endpoint.
 * @param {Discovery} disc
 * @param {{ clientId: string, scopes: readonly string[] }} p
 * @returns {Promise<{ deviceCode: string, userCode: string, verificationUri: string, completeUri?: string,
 *   expiresIn: number, interval: number }>}
 */
async function deviceAuthorize(disc, p) {
  const url = disc.device_authorization_endpoint;
  if (!url)
    throw new LoginError("authentik", "authentik offers no device flow for this application; sign in with the browser");
  let res;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
      body: new URLSearchParams({ client_id: p.clientId, scope: p.scopes.join(" ") }).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw unreachable(err, "authentik", url);
  }
  /** @type {any} */
  const body = await res.json().catch(() => ({}));
  if (res.status !== 200 || typeof body.device_code !== "string") {
    throw new LoginError(
      "authentik",
      `authentik refused the device sign-in: ${body.error ?? `HTTP ${res.status}`}; sign in with the browser`,
    );
  }
  return {
    deviceCode: body.device_code,
    userCode: String(body.user_code),
    verificationUri: String(body.verification_uri),
    completeUri: typeof body.verification_uri_complete === "string" ? body.verification_uri_complete : undefined,
    expiresIn: Number(body.expires_in) || 300,
    interval: Number(body.interval) || 5,
  };
}

/**
 * Polls the token endpoint for the device code (RFC 8628 section 3.4-3.5) until the person signed in, the code
 * expired or `deadline` (ms since the epoch) passed.
 * @param {Discovery} disc
 * @param {{ clientId: string, deviceCode: string, interval: number, deadline: number,
 *   sleep?: (ms: number) => Promise<void> }} p
 * @returns {Promise<Tokens>}
 */
async function pollDevice(disc, p) {
  const sleep = p.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  let interval = p.interval;
  const form = {
    grant_type: "urn:ietf:params:oauth:grant-type:device_code",
    client_id: p.clientId,
    device_code: p.deviceCode,
  };
  for (;;) {
    if (Date.now() >= p.deadline) {
      throw new LoginError(
        "cancelled",
        "the device code expired before the sign-in was completed; run minio-sso login --device again",
      );
    }
    await sleep(interval * 1000);
    try {
      return await tokenRequest(disc, form, false);
    } catch (err) {
      const error = /** @type {any} */ (err).deviceError;
      if (error === "authorization_pending") continue;
      if (error === "slow_down") {
        interval += 5;
        continue;
      }
      if (error === "access_denied")
        throw new LoginError("cancelled", "sign-in cancelled at authentik; run minio-sso login --device again");
      if (error === "expired_token") {
        throw new LoginError(
          "cancelled",
          "the device code expired before the sign-in was completed; run minio-sso login --device again",
        );
      }
      throw err;
    }
  }
}

/**
 * The claims of a JWT, read without verifying it: only to name the user and the policies in messages. MinIO
 * verifies the token itself.
 * @param {string} jwt
 * @returns {Record<string, unknown>}
 */
function unverifiedClaims(jwt) {
  try {
    const v = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8"));
    return v && typeof v === "object" && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

module.exports = {
  discover,
  authorizationUrl,
  exchangeCode,
  refresh,
  deviceAuthorize,
  pollDevice,
  unverifiedClaims,
  skewOf,
};
