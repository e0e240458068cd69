// HTTP for the admin client: SigV4-signed requests (@smithy/signature-v4, service "s3") over global fetch, each
// bounded by an AbortController timeout, with failures turned into AdminError.
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { AdminError, describeNetworkError, parseErrorBody } from "./errors";

export interface TransportOptions {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
  requestTimeoutMs: number;
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: Buffer;
}

export interface RequestSpec {
  method: "GET" | "PUT" | "POST" | "DELETE" | "HEAD";
  path: string;
  query?: Record<string, string>;
  body?: Uint8Array;
  /** Sign with the root credentials (admin API); health endpoints are unsigned. */
  signed: boolean;
  /** Overrides the transport's request timeout. */
  timeoutMs?: number;
}

export class Transport {
  readonly endpoint: string;
  private readonly url: URL;
  private readonly signer: SignatureV4;
  private readonly requestTimeoutMs: number;

  constructor(opts: TransportOptions) {
    this.endpoint = opts.endpoint;
    this.url = new URL(opts.endpoint);
    this.requestTimeoutMs = opts.requestTimeoutMs;
    this.signer = new SignatureV4({
      service: "s3",
      region: opts.region,
      credentials: { accessKeyId: opts.accessKey, secretAccessKey: opts.secretKey },
      sha256: Sha256,
      // S3 canonical paths are encoded once, not twice.
      uriEscapePath: false,
      applyChecksum: true,
    });
  }

  /** Sends one request; resolves with any HTTP answer, rejects with AdminError (unreachable/timeout) otherwise. */
  async send(spec: RequestSpec): Promise<HttpResult> {
    const headers: Record<string, string> = { host: this.url.host };
    if (spec.body !== undefined) headers["content-type"] = "application/octet-stream";
    let request = new HttpRequest({
      method: spec.method,
      protocol: this.url.protocol,
      hostname: this.url.hostname,
      port: this.url.port === "" ? undefined : Number(this.url.port),
      path: spec.path,
      query: spec.query ?? {},
      headers,
      body: spec.body,
    });
    if (spec.signed) request = (await this.signer.sign(request)) as HttpRequest;
    const target = new URL(spec.path, this.url);
    for (const [k, v] of Object.entries(spec.query ?? {})) target.searchParams.append(k, v);
    const sendHeaders = { ...request.headers };
    delete sendHeaders.host; // fetch derives Host from the URL (the signed value is the same)

    const timeoutMs = spec.timeoutMs ?? this.requestTimeoutMs;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const what = `${spec.method} ${spec.path}`;
    try {
      const response = await fetch(target, {
        method: spec.method,
        headers: sendHeaders,
        body: spec.body,
        signal: controller.signal,
        redirect: "manual",
      });
      const body = Buffer.from(await response.arrayBuffer());
      return { status: response.status, headers: response.headers, body };
    } catch (err) {
      if (controller.signal.aborted) {
        throw new AdminError(
          { kind: "timeout", endpoint: this.endpoint },
          `timed out: no answer to ${what} within ${formatSeconds(timeoutMs)}`,
        );
      }
      throw new AdminError(
        { kind: "unreachable", endpoint: this.endpoint },
        `unreachable (${what}: ${describeNetworkError(err)})`,
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Like send, but any status outside 2xx becomes an AdminError naming MinIO's error code and message. */
  async sendOk(spec: RequestSpec): Promise<HttpResult> {
    const result = await this.send(spec);
    if (result.status >= 200 && result.status < 300) return result;
    throw httpError(this.endpoint, `${spec.method} ${spec.path}`, result);
  }
}

/** The AdminError for a non-2xx answer. */
export function httpError(endpoint: string, what: string, result: HttpResult): AdminError {
  const { code, message } = parseErrorBody(result.body.toString("utf8"));
  const detail = [`HTTP ${result.status}`, code, message].filter(Boolean).join(" ");
  const base = { endpoint, status: result.status, code, serverMessage: message };
  if (result.status === 401 || result.status === 403) {
    return new AdminError({ ...base, kind: "auth" }, `credentials rejected on ${what}: ${detail}`);
  }
  if (result.status >= 500) return new AdminError({ ...base, kind: "server" }, `server error on ${what}: ${detail}`);
  return new AdminError({ ...base, kind: "rejected" }, `${what} rejected: ${detail}`);
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))}s`;
}
