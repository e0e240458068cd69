// Test-side client for the MinIO double: SigV4 signing with the `aws4` package, bodies encrypted with the
// project's madmin crypto module (PBKDF2 variant, fast), over node:http (node:https for an https double).
import * as aws4 from "aws4";
import { request } from "node:http";
import { request as tlsRequest } from "node:https";
import { decryptData, encryptData } from "../../../../minio-admin/madmin-crypto";

export interface Creds {
  url: string;
  accessKey: string;
  secretKey: string;
  region?: string;
  sessionToken?: string;
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  text: string;
}

export interface SendOptions {
  headers?: Record<string, string>;
  /** Replace the body after signing (the signed payload hash stays). */
  bodyAfterSigning?: Buffer;
  /** Skip signing entirely. */
  unsigned?: boolean;
  /** Signing time (default now). */
  date?: Date;
  service?: string;
}

export function rawRequest(
  url: string,
  method: string,
  path: string,
  headers: Record<string, string | number>,
  body: Buffer,
): Promise<HttpResult> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const send = u.protocol === "https:" ? tlsRequest : request;
    const req = send({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const b = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b, text: b.toString("utf8") });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** Signs (service s3 unless told) and sends one request. */
export function signedRequest(
  c: Creds,
  method: string,
  path: string,
  body: Buffer = Buffer.alloc(0),
  o: SendOptions = {},
) {
  const host = new URL(c.url).host;
  const headers: Record<string, string> = { "Content-Type": "application/octet-stream", ...(o.headers ?? {}) };
  if (o.date) headers["X-Amz-Date"] = o.date.toISOString().replace(/[-:]|\.\d{3}/g, "");
  if (o.unsigned)
    return rawRequest(c.url, method, path, { ...headers, Host: host, "Content-Length": body.length }, body);
  const signed = aws4.sign(
    { host, method, path, body, service: o.service ?? "s3", region: c.region ?? "us-east-1", headers },
    { accessKeyId: c.accessKey, secretAccessKey: c.secretKey, sessionToken: c.sessionToken },
  );
  const sendBody = o.bodyAfterSigning ?? body;
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(signed.headers ?? {})) if (v !== undefined) out[k] = v as string | number;
  out["Content-Length"] = sendBody.length;
  return rawRequest(c.url, method, signed.path ?? path, out, sendBody);
}

export function encrypt(secret: string, text: string): Buffer {
  return encryptData(secret, Buffer.from(text, "utf8"), { algorithm: "pbkdf2-aes-gcm" });
}

export function setConfig(c: Creds, text: string, o?: SendOptions): Promise<HttpResult> {
  return signedRequest(c, "PUT", "/minio/admin/v3/set-config-kv", encrypt(c.secretKey, text), o);
}

export function delConfig(c: Creds, text: string): Promise<HttpResult> {
  return signedRequest(c, "DELETE", "/minio/admin/v3/del-config-kv", encrypt(c.secretKey, text));
}

/** get-config-kv, decrypted; throws on a non-200 answer. */
export async function getConfig(c: Creds, key: string): Promise<string> {
  const res = await signedRequest(c, "GET", `/minio/admin/v3/get-config-kv?key=${encodeURIComponent(key)}`);
  if (res.status !== 200) throw new Error(`get-config-kv ${res.status}: ${res.text}`);
  return decryptData(c.secretKey, res.body).toString("utf8");
}

export function restart(c: Creds, query = "action=restart&type=2"): Promise<HttpResult> {
  return signedRequest(c, "POST", `/minio/admin/v3/service?${query}`);
}

export function get(url: string, path: string): Promise<HttpResult> {
  return rawRequest(url, "GET", path, {}, Buffer.alloc(0));
}

/** Polls /minio/health/ready until 200 (or fails after timeoutMs). */
export async function waitReady(url: string, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if ((await get(url, "/minio/health/ready")).status === 200) return;
    if (Date.now() > end) throw new Error("double did not become ready");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** An identity_openid line with the usual keys, overridable per key (null drops a key). */
export function openidLine(target: string, kv: Record<string, string | null>): string {
  const parts = Object.entries(kv)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}=${/\s/.test(v as string) ? `"${v}"` : v}`);
  return `identity_openid${target ? `:${target}` : ""} ${parts.join(" ")}`;
}

export function json(res: HttpResult): Record<string, unknown> {
  return JSON.parse(res.text) as Record<string, unknown>;
}

/** POST / with a form body (AssumeRoleWithWebIdentity), unsigned. */
export function stsPost(url: string, params: Record<string, string>): Promise<HttpResult> {
  const body = Buffer.from(new URLSearchParams(params).toString());
  return rawRequest(
    url,
    "POST",
    "/",
    { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": body.length },
    body,
  );
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** Text of the first <tag>…</tag> in an XML document, entities decoded. */
export function xmlText(xml: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  if (!m) return undefined;
  return m[1].replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (all, e: string) => {
    if (e.startsWith("#x")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return ENTITIES[e] ?? all;
  });
}
