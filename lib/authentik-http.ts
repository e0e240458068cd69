/**
 * Read-only GETs against authentik's REST API for the pre-flight, with Node's fetch. Pure of Pulumi. A network
 * failure becomes a `Failure` with a short reason; the caller decides what it means for the run.
 */
import { isUntrustedCertificate } from "../minio-admin/trust";

/** How a request failed before authentik answered: it could not be reached, or its certificate is not trusted. */
export interface Failure {
  readonly kind: "unreachable" | "untrusted";
  /** e.g. "connection refused (ECONNREFUSED)"; never the token. */
  readonly reason: string;
}

export interface Answer {
  readonly status: number;
  readonly contentType: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  readonly json: unknown;
}

export type Fetcher = typeof fetch;

const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "no such host",
  EAI_AGAIN: "the host name could not be resolved now",
  ECONNRESET: "the connection was reset",
  EHOSTUNREACH: "no route to the host",
  ENETUNREACH: "the network is unreachable",
  UND_ERR_CONNECT_TIMEOUT: "the connection timed out",
  UND_ERR_SOCKET: "the connection was closed",
};

/** The code of a fetch failure: Node's fetch rejects with TypeError("fetch failed") whose `cause` holds it. */
function codeOf(err: unknown): string {
  let e = err as { code?: unknown; cause?: unknown; name?: unknown } | undefined;
  for (let depth = 0; e && depth < 4; depth++) {
    if (e.name === "TimeoutError") return "TIMEOUT";
    if (typeof e.code === "string") return e.code;
    e = e.cause as typeof e;
  }
  return "";
}

export function failureOf(err: unknown, timeoutSeconds: number): Failure {
  const code = codeOf(err);
  if (isUntrustedCertificate(code)) {
    return { kind: "untrusted", reason: `its TLS certificate is signed by a CA this program does not trust (${code})` };
  }
  if (code === "TIMEOUT") return { kind: "unreachable", reason: `no answer within ${timeoutSeconds} s` };
  const text = REASONS[code];
  if (text !== undefined) return { kind: "unreachable", reason: `${text} (${code})` };
  return { kind: "unreachable", reason: code === "" ? "the request failed" : `the request failed (${code})` };
}

/** Reads authentik's REST API at `base` (no trailing slash) with `token` (omitted for anonymous calls). */
export class AuthentikReader {
  constructor(
    readonly base: string,
    private readonly token: string,
    private readonly timeoutSeconds: number,
    private readonly fetcher: Fetcher = fetch,
  ) {}

  /** GET /api/v3<path>; `query` values repeat for arrays (`managed=a&managed=b`). */
  async get(
    path: string,
    query: Record<string, string | readonly string[]> = {},
    anonymous = false,
  ): Promise<{ failure: Failure } | { answer: Answer }> {
    const url = new URL(`${this.base}/api/v3${path}`);
    for (const [key, value] of Object.entries(query)) {
      for (const v of typeof value === "string" ? [value] : value) url.searchParams.append(key, v);
    }
    const headers: Record<string, string> = { accept: "application/json" };
    if (!anonymous) headers.authorization = `Bearer ${this.token}`;
    let response: Response;
    try {
      response = await this.fetcher(url, {
        headers,
        redirect: "manual",
        signal: AbortSignal.timeout(this.timeoutSeconds * 1000),
      });
    } catch (err) {
      return { failure: failureOf(err, this.timeoutSeconds) };
    }
    const contentType = response.headers.get("content-type") ?? "";
    const text = await response.text().catch(() => "");
    let json: unknown;
    if (/^application\/json\b/i.test(contentType)) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { answer: { status: response.status, contentType, json } };
  }
}

/** DRF's `{"detail": "..."}`, one line, at most 200 characters; "" when there is none. */
export function detailOf(answer: Answer): string {
  const detail = (answer.json as { detail?: unknown } | undefined)?.detail;
  if (typeof detail !== "string") return "";
  const line = JSON.stringify(detail.length > 200 ? `${detail.slice(0, 200)}…` : detail);
  return `: ${line}`;
}

/** The `results` of authentik's list envelope (authentik/api/pagination.py), or undefined when it is not one. */
export function resultsOf(answer: Answer): readonly Record<string, unknown>[] | undefined {
  const results = (answer.json as { results?: unknown } | undefined)?.results;
  return Array.isArray(results) ? (results as Record<string, unknown>[]) : undefined;
}
