// @ts-check
"use strict";
// The loopback redirect (RFC 8252 section 7.3): a one-shot HTTP server on 127.0.0.1 and a port the system picks.
// authentik sends the browser back to http://127.0.0.1:<port>/callback?code=...&state=...; the provider allows
// that URI through a regex entry (any port), which authentik matches with Python's re.fullmatch.
const http = require("node:http");
const { LoginError } = require("./errors");

const CALLBACK_PATH = "/callback";

/** @param {string} title @param {string} text */
function page(title, text) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`;
}

/**
 * @typedef {{ redirectUri: string, code: Promise<string>, close: () => Promise<void> }} Loopback
 */

/**
 * Listens on 127.0.0.1 (never on all interfaces) and resolves `code` with the authorization code of the first
 * callback whose state matches. An error answer (the user cancelled, or authentik refused) rejects it; so does a
 * callback with another state, which cannot stem from this login. `timeoutMs` bounds the wait.
 * @param {string} expectedState
 * @param {number} timeoutMs
 * @returns {Promise<Loopback>}
 */
async function startLoopback(expectedState, timeoutMs) {
  /** @type {(code: string) => void} */
  let resolve = () => undefined;
  /** @type {(err: Error) => void} */
  let reject = () => undefined;
  /** @type {Promise<string>} */
  const code = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  code.catch(() => undefined); // the caller awaits it; a rejection before that must not end the process
  let settled = false;
  /** @param {() => void} fn */
  const settle = (fn) => {
    if (!settled) {
      settled = true;
      fn();
    }
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    /** @param {number} status @param {string} title @param {string} text */
    const answer = (status, title, text) => {
      res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
      res.end(page(title, text));
    };
    if (req.method !== "GET" || url.pathname !== CALLBACK_PATH) return answer(404, "Not found", "");
    const q = url.searchParams;
    if (q.get("state") !== expectedState) {
      answer(400, "Sign-in failed", "This answer does not belong to the running sign-in. Close this window.");
      return settle(() =>
        reject(new LoginError("authentik", "the browser came back with an unknown state; run minio-sso login again")),
      );
    }
    const error = q.get("error");
    if (error !== null) {
      answer(200, "Sign-in cancelled", "You can close this window.");
      const why = q.get("error_description") ?? error;
      const kind = error === "access_denied" ? "cancelled" : "authentik";
      const text =
        kind === "cancelled"
          ? `sign-in cancelled at authentik (${why}); run minio-sso login again to retry`
          : `authentik refused the sign-in: ${error} (${why}); ask your authentik admin to check the MinIO CLI application`;
      return settle(() => reject(new LoginError(kind, text)));
    }
    const got = q.get("code");
    if (!got) {
      answer(400, "Sign-in failed", "No authorization code. Close this window.");
      return settle(() => reject(new LoginError("authentik", "authentik sent the browser back without a code")));
    }
    answer(200, "Signed in", "You are signed in to MinIO. You can close this window and return to the terminal.");
    settle(() => resolve(got));
  });
  await new Promise((res, rej) => {
    server.once("error", rej);
    server.listen(0, "127.0.0.1", () => res(undefined));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const timer = setTimeout(
    () =>
      settle(() =>
        reject(
          new LoginError(
            "cancelled",
            `sign-in not completed within ${Math.round(timeoutMs / 1000)} s; run minio-sso login again (--timeout to wait longer)`,
          ),
        ),
      ),
    timeoutMs,
  );
  timer.unref();
  return {
    redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
    code,
    close: () =>
      new Promise((res) => {
        clearTimeout(timer);
        settle(() => reject(new LoginError("cancelled", "sign-in cancelled")));
        server.closeAllConnections();
        server.close(() => res(undefined));
      }),
  };
}

module.exports = { startLoopback, CALLBACK_PATH };
