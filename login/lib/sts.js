// @ts-check
"use strict";
// MinIO's STS AssumeRoleWithWebIdentity: a form POST to the S3 endpoint's root, no signature; the ID token is the
// credential. MinIO answers XML (cmd/sts-datatypes.go, cmd/sts-errors.go in minio/minio).
const { LoginError, unreachable } = require("./errors");
const { skewOf } = require("./oidc");

const TIMEOUT_MS = 30_000;

/** @typedef {{ accessKeyId: string, secretAccessKey: string, sessionToken: string, expiration: string }} Credentials */

/** @param {string} s */
function xmlUnescape(s) {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/&#x([0-9a-fA-F]+);/g, (_, n) => String.fromCodePoint(parseInt(n, 16)))
    .replace(/&amp;/g, "&");
}

/**
 * The text of the first <name> element, or undefined.
 * @param {string} xml
 * @param {string} name
 */
function element(xml, name) {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  return m ? xmlUnescape(m[1]) : undefined;
}

/**
 * Credentials from a success answer; throws when one of the four is missing.
 * @param {string} xml
 * @returns {Credentials}
 */
function parseCredentials(xml) {
  const accessKeyId = element(xml, "AccessKeyId");
  const secretAccessKey = element(xml, "SecretAccessKey");
  const sessionToken = element(xml, "SessionToken");
  const expiration = element(xml, "Expiration");
  if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration || Number.isNaN(Date.parse(expiration))) {
    throw new LoginError("minio", "MinIO's STS answer holds no complete credentials");
  }
  return { accessKeyId, secretAccessKey, sessionToken, expiration };
}

/**
 * MinIO's refusal, as something the user can act on. MinIO's texts (cmd/sts-handlers.go,
 * internal/config/identity/openid/jwt.go, golang-jwt v4's validation errors) are matched loosely.
 * @param {string} code
 * @param {string} message
 * @param {number | null} skewSeconds
 * @param {string} claimName
 */
function explain(code, message, skewSeconds, claimName) {
  if (/claim missing from the JWT token|None of the given policies/.test(message)) {
    return new LoginError(
      "not-mapped",
      `MinIO refused: you are signed in, but your authentik account is in no group that the MinIO mapping gives policies to (no usable \`${claimName}\` claim). Ask your authentik admin to add you to one of the mapped groups, then run minio-sso login again.`,
    );
  }
  if (/used before issued|not valid yet|token is expired/i.test(message)) {
    const skew =
      skewSeconds === null ? "" : ` (this machine's clock differs from MinIO's by about ${Math.abs(skewSeconds)} s)`;
    return new LoginError(
      "clock-skew",
      `MinIO refused the token as not yet valid or expired: ${message}${skew}. Check this machine's clock (enable NTP), then run minio-sso login again.`,
    );
  }
  if (/aud|azp/.test(message)) {
    return new LoginError(
      "minio",
      `MinIO refused the token's audience: ${message}. The login profile does not fit this MinIO; ask your admin for the current one.`,
    );
  }
  return new LoginError("minio", `MinIO's STS refused: ${code}: ${message}`);
}

/**
 * Trades the ID token for temporary credentials. Without `durationSeconds` MinIO ends them with the token.
 * @param {{ endpoint: string, idToken: string, durationSeconds?: number, claimName: string }} p
 * @returns {Promise<Credentials & { skewSeconds: number | null }>}
 */
async function assumeRoleWithWebIdentity(p) {
  const form = new URLSearchParams({
    Action: "AssumeRoleWithWebIdentity",
    Version: "2011-06-15",
    WebIdentityToken: p.idToken,
  });
  if (p.durationSeconds !== undefined) form.set("DurationSeconds", String(p.durationSeconds));
  const url = `${p.endpoint.replace(/\/$/, "")}/`;
  const sentAt = Date.now();
  let res;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: form.toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    throw unreachable(err, "MinIO", url);
  }
  const xml = await res.text();
  const skewSeconds = skewOf(res, sentAt);
  if (res.status !== 200) {
    const code = element(xml, "Code") ?? `HTTP ${res.status}`;
    const message = element(xml, "Message") ?? "";
    if (res.status === 503 || code === "STSIAMNotInitialized") {
      throw new LoginError("unreachable", `MinIO at ${url} is not ready (${code}); try again in a minute`);
    }
    throw explain(code, message, skewSeconds, p.claimName);
  }
  return { ...parseCredentials(xml), skewSeconds };
}

module.exports = { assumeRoleWithWebIdentity, parseCredentials, explain, element };
