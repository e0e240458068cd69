// @ts-check
"use strict";

/**
 * An error the user can act on: `message` says what happened and what to do. The CLI prints only the message
 * (never a stack, a token or a response body that could carry one) and exits with `exitCode`.
 */
class LoginError extends Error {
  /**
   * @param {string} kind a stable short name tests and scripts can match: not-mapped, cancelled, unreachable,
   *   clock-skew, expired-session, profile, usage, authentik, minio
   * @param {string} message
   * @param {number} [exitCode]
   */
  constructor(kind, message, exitCode = 1) {
    super(message);
    this.kind = kind;
    this.exitCode = exitCode;
  }
}

/**
 * A failed fetch (no answer at all) as a LoginError naming the server and the URL, with the system's reason
 * (ECONNREFUSED, ENOTFOUND, a TLS failure...). Anything else passes through.
 * @param {unknown} err
 * @param {string} server "authentik" or "MinIO"
 * @param {string} url
 * @returns {unknown}
 */
function unreachable(err, server, url) {
  if (err instanceof LoginError) return err;
  if (!(err instanceof Error)) return err;
  /** @type {any} */
  const cause = /** @type {any} */ (err).cause;
  const reason = (cause && (cause.code || cause.message)) || err.message;
  if (err.name === "TimeoutError" || err.name === "AbortError") {
    return new LoginError(
      "unreachable",
      `${server} at ${url} did not answer in time; check the address and your network, then try again`,
    );
  }
  if (err instanceof TypeError || cause) {
    return new LoginError(
      "unreachable",
      `${server} at ${url} is unreachable (${reason}); check the address in the login profile and your network, then try again`,
    );
  }
  return err;
}

module.exports = { LoginError, unreachable };
