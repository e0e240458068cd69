// Outbound GETs of the double (discovery document, JWKS, userinfo), with error texts shaped like the
// Go net/http errors MinIO passes through verbatim (e.g. `Get "URL": dial tcp HOST:PORT: connect: connection refused`).
import * as http from "node:http";
import * as https from "node:https";
import { STATUS_CODES } from "node:http";
import { rootCertificates } from "node:tls";

export interface GetResult {
  status: number;
  /** Go's resp.Status, e.g. "404 Not Found". */
  statusText: string;
  body: string;
}

export class FetchError extends Error {}

function goNetError(url: URL, err: NodeJS.ErrnoException): string {
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  const host = `${url.hostname}:${port}`;
  switch (err.code) {
    case "ECONNREFUSED":
      return `dial tcp ${host}: connect: connection refused`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `dial tcp: lookup ${url.hostname}: no such host`;
    case "ECONNRESET":
      return "EOF";
    case "ETIMEDOUT":
      return `dial tcp ${host}: i/o timeout`;
    // Go's crypto/tls wraps x509.UnknownAuthorityError so (tls: failed to verify certificate: ...).
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
      return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
    default:
      return err.message;
  }
}

/**
 * GET url, resolving with the status and body; network failures reject with a Go-shaped FetchError. Over https the
 * server's chain must end in a system root or one of `cas` (MinIO's certs/CAs).
 */
export function httpGet(
  rawUrl: string,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
  cas: readonly string[] = [],
): Promise<GetResult> {
  const url = new URL(rawUrl);
  const mod = url.protocol === "https:" ? https : http;
  const tls = url.protocol === "https:" && cas.length > 0 ? { ca: [...rootCertificates, ...cas] } : {};
  return new Promise((resolve, reject) => {
    const req = mod.get(url, { headers, timeout: timeoutMs, ...tls }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        resolve({
          status,
          statusText: `${status} ${res.statusMessage || STATUS_CODES[status] || ""}`.trimEnd(),
          body: Buffer.concat(chunks).toString("utf8"),
        });
      });
      res.on("error", (e) => reject(new FetchError(`Get "${rawUrl}": ${goNetError(url, e)}`)));
    });
    req.on("timeout", () => {
      req.destroy(Object.assign(new Error("timeout"), { code: "ETIMEDOUT" }));
    });
    req.on("error", (e: NodeJS.ErrnoException) => reject(new FetchError(`Get "${rawUrl}": ${goNetError(url, e)}`)));
  });
}

/** A Go encoding/json-like decode error text for a body that is not the JSON object we need. */
export function jsonDecode(body: string): unknown {
  const trimmed = body.trimStart();
  if (trimmed === "") throw new FetchError("EOF");
  try {
    return JSON.parse(body);
  } catch {
    throw new FetchError(`invalid character '${trimmed[0]}' looking for beginning of value`);
  }
}
