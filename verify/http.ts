// The HTTP calls of the verify command (thin I/O: Node's fetch, one bounded attempt each). Every answer becomes a
// plain HttpOutcome that the pure checks read; failures to connect become text naming the cause.
import { describeNetworkError } from "../minio-admin/errors";
import type { HttpOutcome } from "./outcome";

/** Largest answer body read (discovery documents, JWKS and provider answers are a few KiB). */
const MAX_BODY_BYTES = 1024 * 1024;

function failure(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError")) {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  return describeNetworkError(err);
}

/** Reads the body as UTF-8 text, stopping (and dropping the rest) after MAX_BODY_BYTES. */
async function readLimited(res: Response): Promise<string> {
  if (res.body === null) return "";
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(Buffer.from(value));
    size += value.byteLength;
    if (size >= MAX_BODY_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString("utf8");
}

async function send(url: string, init: RequestInit, timeoutMs: number): Promise<HttpOutcome> {
  try {
    const res = await fetch(url, { redirect: "follow", ...init, signal: AbortSignal.timeout(timeoutMs) });
    const body = await readLimited(res);
    return { url, status: res.status, contentType: res.headers.get("content-type") ?? "", body };
  } catch (err) {
    return { url, error: failure(err, timeoutMs) };
  }
}

/** GET, expecting JSON. */
export function getJson(url: string, timeoutMs: number): Promise<HttpOutcome> {
  return send(url, { method: "GET", headers: { Accept: "application/json" } }, timeoutMs);
}

/** GET of authentik's API with its token. Redirects are not followed, so the token goes to this URL only. */
export function getWithToken(url: string, token: string, timeoutMs: number): Promise<HttpOutcome> {
  const headers = { Accept: "application/json", Authorization: `Bearer ${token}` };
  return send(url, { method: "GET", headers, redirect: "manual" }, timeoutMs);
}
