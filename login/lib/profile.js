// @ts-check
"use strict";
// The login profile an operator hands to users: the stack output `loginProfile`, saved to a file or served at a
// URL. It holds no secret: the issuer of the MinIO CLI application, its public client ID and MinIO's endpoint.
const fs = require("node:fs");
const { LoginError, unreachable } = require("./errors");

/**
 * @typedef {{ version: 1, name: string, issuer: string, clientId: string, minioEndpoint: string,
 *   scopes: string[], claimName: string }} Profile
 */

/** @param {string} key @param {string} fix */
function bad(key, fix) {
  return new LoginError(
    "profile",
    `login profile: ${key} ${fix}; ask your MinIO admin for the stack output loginProfile`,
  );
}

/** @param {unknown} value @param {string} key */
function httpUrl(value, key) {
  if (typeof value !== "string") throw bad(key, "is missing");
  let url;
  try {
    url = new URL(value);
  } catch {
    throw bad(key, `is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw bad(key, "must be an http or https URL");
  if (url.username || url.password) throw bad(key, "must not hold credentials");
  return value;
}

/**
 * Checks a parsed profile; throws a LoginError naming the first wrong key.
 * @param {unknown} raw
 * @returns {Profile}
 */
function checkProfile(raw) {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw bad("(whole)", "is not a JSON object");
  /** @type {Record<string, unknown>} */
  const p = /** @type {any} */ (raw);
  if (p.version !== 1) throw bad("version", `is ${JSON.stringify(p.version)}, this minio-sso reads version 1`);
  if (typeof p.name !== "string" || !/^[A-Za-z0-9_-]{1,64}$/.test(p.name)) {
    throw bad("name", "must be 1 to 64 letters, digits, '-' or '_'");
  }
  const issuer = httpUrl(p.issuer, "issuer");
  const minioEndpoint = httpUrl(p.minioEndpoint, "minioEndpoint");
  if (typeof p.clientId !== "string" || p.clientId === "") throw bad("clientId", "is missing");
  const scopes = p.scopes;
  if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every((s) => typeof s === "string" && /^\S+$/.test(s))) {
    throw bad("scopes", "must be a non-empty list of scope names");
  }
  if (!scopes.includes("openid")) throw bad("scopes", "must include openid");
  const claimName = p.claimName === undefined ? "policy" : p.claimName;
  if (typeof claimName !== "string" || claimName === "") throw bad("claimName", "must be a claim name");
  return { version: 1, name: p.name, issuer, clientId: p.clientId, minioEndpoint, scopes: [...scopes], claimName };
}

/**
 * Reads a profile from a file or an http(s) URL.
 * @param {string} source
 * @returns {Promise<Profile>}
 */
async function loadProfile(source) {
  let text;
  if (/^https?:\/\//.test(source)) {
    let res;
    try {
      res = await fetch(source, { signal: AbortSignal.timeout(30_000) });
    } catch (err) {
      throw unreachable(err, "the login profile's server", source);
    }
    if (res.status !== 200)
      throw new LoginError("profile", `fetching the login profile ${source} answered ${res.status}`);
    text = await res.text();
  } else {
    try {
      text = fs.readFileSync(source, "utf8");
    } catch (err) {
      throw new LoginError(
        "profile",
        `cannot read the login profile ${source}: ${/** @type {any} */ (err).code ?? err}`,
      );
    }
  }
  let raw;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new LoginError("profile", `the login profile ${source} is not JSON`);
  }
  return checkProfile(raw);
}

module.exports = { checkProfile, loadProfile };
