// @ts-check
"use strict";
// The two ways to get credentials: a browser sign-in (authorization code with PKCE on a loopback redirect), and a
// silent renewal with the stored refresh token. Both end at MinIO's STS with authentik's ID token.
const { LoginError } = require("./errors");
const { startLoopback } = require("./loopback");
const {
  authorizationUrl,
  deviceAuthorize,
  discover,
  exchangeCode,
  pollDevice,
  refresh,
  unverifiedClaims,
} = require("./oidc");
const { challengeS256, newState, newVerifier } = require("./pkce");
const { assumeRoleWithWebIdentity } = require("./sts");
const { loadSession, saveSession } = require("./files");

/** Credentials with less than this left are renewed rather than handed out. */
const RENEW_MARGIN_MS = 60_000;
/** Beyond this, a clock difference to authentik or MinIO is reported even when nothing failed yet. */
const SKEW_WARNING_S = 60;

/**
 * @typedef {import("./profile").Profile} Profile
 * @typedef {import("./sts").Credentials} Credentials
 * @typedef {{ credentials: Credentials, user: string, policies: string[], renewed: boolean }} Outcome
 * @typedef {{ openUrl: (url: string) => void, log: (line: string) => void, timeoutMs: number,
 *   durationSeconds?: number }} LoginOptions
 */

/** @param {Record<string, unknown>} claims @param {string} claimName */
function policiesOf(claims, claimName) {
  const v = claims[claimName];
  const list = typeof v === "string" ? v.split(",") : Array.isArray(v) ? v.filter((x) => typeof x === "string") : [];
  return list
    .map((s) => s.trim())
    .filter((s) => s !== "")
    .sort();
}

/** @param {(line: string) => void} log @param {string} server @param {number | null} skew */
function warnSkew(log, server, skew) {
  if (skew !== null && Math.abs(skew) > SKEW_WARNING_S) {
    log(
      `warning: this machine's clock differs from ${server}'s by about ${Math.abs(skew)} s; enable NTP if MinIO refuses tokens`,
    );
  }
}

/**
 * The ID token for STS, then the credentials; the session (with a rotated refresh token) is saved before STS is
 * asked, so a refused STS call never loses the refresh token authentik just rotated.
 * @param {Profile} profile
 * @param {{ idToken: string, refreshToken?: string, skewSeconds: number | null }} tokens
 * @param {string | undefined} previousRefresh
 * @param {(line: string) => void} log
 * @param {number | undefined} durationSeconds
 */
async function toCredentials(profile, tokens, previousRefresh, log, durationSeconds) {
  warnSkew(log, "authentik", tokens.skewSeconds);
  const refreshToken = tokens.refreshToken ?? previousRefresh;
  saveSession({ profile, refreshToken });
  const claims = unverifiedClaims(tokens.idToken);
  const creds = await assumeRoleWithWebIdentity({
    endpoint: profile.minioEndpoint,
    idToken: tokens.idToken,
    durationSeconds,
    claimName: profile.claimName,
  });
  warnSkew(log, "MinIO", creds.skewSeconds);
  const { skewSeconds: _skew, ...credentials } = creds;
  saveSession({ profile, refreshToken, credentials });
  const user = String(claims.preferred_username ?? claims.email ?? claims.sub ?? "?");
  return { credentials, user, policies: policiesOf(claims, profile.claimName) };
}

/**
 * Signs in through the browser and returns fresh credentials.
 * @param {Profile} profile
 * @param {LoginOptions} opts
 * @returns {Promise<Outcome>}
 */
async function login(profile, opts) {
  const disc = await discover(profile.issuer);
  const verifier = newVerifier();
  const state = newState();
  const loopback = await startLoopback(state, opts.timeoutMs);
  let code;
  try {
    const url = authorizationUrl(disc, {
      clientId: profile.clientId,
      redirectUri: loopback.redirectUri,
      scopes: profile.scopes,
      state,
      challenge: challengeS256(verifier),
    });
    opts.openUrl(url);
    code = await loopback.code;
  } finally {
    await loopback.close();
  }
  const tokens = await exchangeCode(disc, {
    clientId: profile.clientId,
    code,
    redirectUri: loopback.redirectUri,
    verifier,
  });
  const previous = loadSession(profile.name)?.refreshToken;
  return { ...(await toCredentials(profile, tokens, previous, opts.log, opts.durationSeconds)), renewed: false };
}

/**
 * Signs in with the device flow: the person opens the URL on any device and enters (or confirms) the code.
 * @param {Profile} profile
 * @param {{ show: (uri: string, userCode: string) => void, log: (line: string) => void, timeoutMs: number,
 *   durationSeconds?: number }} opts
 * @returns {Promise<Outcome>}
 */
async function loginWithDevice(profile, opts) {
  const disc = await discover(profile.issuer);
  const device = await deviceAuthorize(disc, { clientId: profile.clientId, scopes: profile.scopes });
  opts.show(device.completeUri ?? device.verificationUri, device.userCode);
  const deadline = Date.now() + Math.min(device.expiresIn * 1000, opts.timeoutMs);
  const tokens = await pollDevice(disc, {
    clientId: profile.clientId,
    deviceCode: device.deviceCode,
    interval: device.interval,
    deadline,
  });
  const previous = loadSession(profile.name)?.refreshToken;
  return { ...(await toCredentials(profile, tokens, previous, opts.log, opts.durationSeconds)), renewed: false };
}

/**
 * The stored credentials while they last, else new ones through the refresh token; never a browser.
 * @param {string} name
 * @param {{ log: (line: string) => void, durationSeconds?: number, now?: number }} opts
 * @returns {Promise<Outcome>}
 */
async function current(name, opts) {
  const session = loadSession(name);
  if (!session) {
    throw new LoginError(
      "expired-session",
      `no sign-in named "${name}" on this machine; run minio-sso login --profile <file or URL> first`,
    );
  }
  const now = opts.now ?? Date.now();
  const creds = session.credentials;
  if (creds && Date.parse(creds.expiration) - now > RENEW_MARGIN_MS) {
    return { credentials: creds, user: "", policies: [], renewed: false };
  }
  if (!session.refreshToken) {
    throw new LoginError(
      "expired-session",
      `the credentials of "${name}" expired and there is no refresh token; run minio-sso login again`,
    );
  }
  const disc = await discover(session.profile.issuer);
  const tokens = await refresh(disc, { clientId: session.profile.clientId, refreshToken: session.refreshToken });
  return {
    ...(await toCredentials(session.profile, tokens, session.refreshToken, opts.log, opts.durationSeconds)),
    renewed: true,
  };
}

module.exports = { login, loginWithDevice, current, policiesOf, RENEW_MARGIN_MS };
