// @ts-check
"use strict";
// PKCE (RFC 7636): the verifier stays in this process; authentik gets only its S256 challenge at /authorize and
// the verifier itself at the token endpoint, so an intercepted code is useless without it.
const { createHash, randomBytes } = require("node:crypto");

/** RFC 7636 section 4.1: 43 to 128 characters of [A-Z] [a-z] [0-9] "-" "." "_" "~". */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

/** A fresh verifier: 32 random bytes, base64url (43 characters), as section 4.1 recommends. */
function newVerifier() {
  return randomBytes(32).toString("base64url");
}

/**
 * The S256 challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))), section 4.2.
 * @param {string} verifier
 */
function challengeS256(verifier) {
  if (!VERIFIER.test(verifier)) throw new Error("PKCE verifier must be 43 to 128 unreserved characters");
  return createHash("sha256").update(verifier, "ascii").digest("base64url");
}

/** An unguessable `state`, checked when the browser comes back (CSRF protection, RFC 6749 section 10.12). */
function newState() {
  return randomBytes(24).toString("base64url");
}

module.exports = { newVerifier, challengeS256, newState };
