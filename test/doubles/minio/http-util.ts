// Small HTTP helpers of the MinIO double: body reading and response writing with MinIO's common headers.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, adminErrorJson, s3ErrorXml, StsError, stsErrorXml } from "./errors";

let lastRequestId = 0n;

/** A request id like MinIO's (upper-case hex of the UnixNano time), kept strictly increasing. */
export function newRequestId(): string {
  let id = BigInt(Date.now()) * 1_000_000n;
  if (id <= lastRequestId) id = lastRequestId + 1n;
  lastRequestId = id;
  return id.toString(16).toUpperCase();
}

export function readBody(req: IncomingMessage, limit = 16 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error("request body too large"));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export interface Reply {
  res: ServerResponse;
  requestId: string;
  /** URL path of the request, used as the error's Resource. */
  path: string;
}

export function send(
  r: Reply,
  status: number,
  body: string | Buffer | undefined,
  contentType?: string,
  extraHeaders: Record<string, string> = {},
): void {
  if (r.res.headersSent) return;
  const buf = body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(body) ? body : Buffer.from(body, "utf8");
  const headers: Record<string, string> = {
    Server: "MinIO",
    "X-Amz-Request-Id": r.requestId,
    "Content-Length": String(buf.length),
    ...extraHeaders,
  };
  if (contentType) headers["Content-Type"] = contentType;
  if (status === 503) headers["Retry-After"] = "60";
  r.res.writeHead(status, headers);
  r.res.end(buf);
}

export function sendAdminError(r: Reply, err: ApiError): void {
  send(r, err.status, adminErrorJson(err, r.path, r.requestId), "application/json");
}

export function sendS3Error(r: Reply, err: ApiError): void {
  send(r, err.status, s3ErrorXml(err, r.path, r.requestId), "application/xml");
}

export function sendStsError(r: Reply, err: StsError): void {
  send(r, err.status, stsErrorXml(err, r.requestId), "application/xml");
}

export function sendJson(r: Reply, value: unknown, status = 200): void {
  send(r, status, JSON.stringify(value), "application/json");
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
