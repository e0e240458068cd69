// AWS Signature V4 checks of the MinIO double. The order of checks and the error codes follow
// minio/minio cmd/auth-handler.go (setAuthMiddleware, validateAdminSignature, checkAssumeRoleAuth,
// checkClaimsFromToken), cmd/signature-v4-parser.go (parseSignV4, parseCredentialHeader) and
// cmd/signature-v4.go (doesSignatureMatch) at 7aac2a2. The signature itself is recomputed with the
// `aws4` package, an implementation independent of the project's client (@smithy/signature-v4).
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";
import * as aws4 from "aws4";
import { API_ERRORS, ApiError, regionMismatch } from "./errors";

export interface Principal {
  accessKey: string;
  secretKey: string;
  root: boolean;
  /** For temporary (STS) credentials. */
  sessionToken?: string;
  expiresAt?: number;
}

export interface AuthContext {
  /** Configured server region; undefined accepts any region, as MinIO does when none is configured. */
  region: string | undefined;
  /** Returns the principal for an access key, undefined if unknown, "iam-offline" while IAM is not initialised. */
  lookup(accessKey: string): Principal | undefined | "iam-offline";
  now(): number;
}

const ALGO = "AWS4-HMAC-SHA256";
const EMPTY_SHA256 = createHash("sha256").update("").digest("hex");
const MAX_SKEW_MS = 15 * 60 * 1000;

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(",") : v;
}

/** getRequestAuthType, reduced to what the double needs. */
export function authKind(req: IncomingMessage): "signed" | "anonymous" | "other" {
  const a = header(req, "authorization");
  if (a === undefined || a === "") return "anonymous";
  return a.startsWith(ALGO) ? "signed" : "other";
}

/** parseAmzDate: ISO8601 basic, RFC1123 (with zone name or numeric offset). */
function parseAmzDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (m) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  if (/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} (GMT|UTC|[+-]\d{4})$/.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

function requestDate(req: IncomingMessage): Date {
  const raw = header(req, "x-amz-date") ?? header(req, "date");
  if (!raw) throw new ApiError(API_ERRORS.MissingDateHeader);
  const d = parseAmzDate(raw);
  if (!d) throw new ApiError(API_ERRORS.MalformedDate);
  return d;
}

/** setAuthMiddleware: for signed requests, a parseable date within 15 minutes. Errors are sent as XML. */
export function checkRequestTime(req: IncomingMessage, nowMs: number): ApiError | undefined {
  const auth = header(req, "authorization") ?? "";
  if (authKind(req) === "other") {
    if (auth.startsWith("Bearer")) return undefined;
    if (!auth.startsWith("AWS ")) return new ApiError(API_ERRORS.SignatureVersionNotSupported);
  } else if (authKind(req) !== "signed") return undefined;
  try {
    const d = requestDate(req);
    if (Math.abs(nowMs - d.getTime()) > MAX_SKEW_MS) return new ApiError(API_ERRORS.RequestTimeTooSkewed);
  } catch (e) {
    return e as ApiError;
  }
  return undefined;
}

interface Credential {
  accessKey: string;
  date: string;
  region: string;
  service: string;
}

function parseCredential(element: string, ctx: AuthContext, service: "s3" | "sts"): Credential {
  const eq = element.trim().indexOf("=");
  if (eq < 0) throw new ApiError(API_ERRORS.MissingFields);
  if (element.trim().slice(0, eq) !== "Credential") throw new ApiError(API_ERRORS.MissingCredTag);
  const parts = element
    .trim()
    .slice(eq + 1)
    .trim()
    .replace(/\/+$/, "")
    .split("/");
  if (parts.length < 5) throw new ApiError(API_ERRORS.CredMalformed);
  const accessKey = parts.slice(0, -4).join("/");
  if (accessKey.length < 3) throw new ApiError(API_ERRORS.InvalidAccessKeyId);
  const [date, region, svc, terminal] = parts.slice(-4);
  if (!/^\d{8}$/.test(date)) throw new ApiError(API_ERRORS.MalformedCredentialDate);
  const want = ctx.region === "US" ? "us-east-1" : ctx.region;
  if (want !== undefined && want !== "" && (region === "US" ? "us-east-1" : region) !== want)
    throw regionMismatch(want);
  if (svc !== service)
    throw new ApiError(service === "sts" ? API_ERRORS.InvalidServiceSTS : API_ERRORS.InvalidServiceS3);
  if (terminal !== "aws4_request") throw new ApiError(API_ERRORS.InvalidRequestVersion);
  return { accessKey, date, region, service: svc };
}

interface SignValues {
  cred: Credential;
  signedHeaders: string[];
  signature: string;
}

/** parseSignV4. */
function parseAuthorization(auth: string, ctx: AuthContext, service: "s3" | "sts"): SignValues {
  const credElement = auth.trim().split(",")[0].replace(ALGO, "");
  const compact = auth.replaceAll(" ", "");
  if (compact === "") throw new ApiError(API_ERRORS.MissingFields);
  if (!compact.startsWith(ALGO)) throw new ApiError(API_ERRORS.SignatureVersionNotSupported);
  const fields = compact.slice(ALGO.length).split(",");
  if (fields.length !== 3) throw new ApiError(API_ERRORS.MissingFields);
  const cred = parseCredential(credElement, ctx, service);
  const sh = fields[1].split("=");
  if (sh.length !== 2) throw new ApiError(API_ERRORS.MissingFields);
  if (sh[0] !== "SignedHeaders") throw new ApiError(API_ERRORS.MissingSignHeadersTag);
  if (sh[1] === "") throw new ApiError(API_ERRORS.MissingFields);
  const sg = fields[2].split("=");
  if (sg.length !== 2) throw new ApiError(API_ERRORS.MissingFields);
  if (sg[0] !== "Signature") throw new ApiError(API_ERRORS.MissingSignTag);
  return { cred, signedHeaders: sh[1].split(";"), signature: sg[1] };
}

/** checkKeyValid + checkClaimsFromToken. */
function principalFor(req: IncomingMessage, accessKey: string, ctx: AuthContext): Principal {
  const p = ctx.lookup(accessKey);
  if (p === "iam-offline") throw new ApiError(API_ERRORS.IAMNotInitialized);
  if (!p) throw new ApiError(API_ERRORS.InvalidAccessKeyId);
  const token = header(req, "x-amz-security-token") ?? "";
  const temp = p.sessionToken !== undefined;
  if (token === "" && temp) throw new ApiError(API_ERRORS.InvalidToken);
  if (token !== "" && !temp) throw new ApiError(API_ERRORS.InvalidToken);
  if (temp) {
    const a = Buffer.from(token);
    const b = Buffer.from(p.sessionToken ?? "");
    if (a.length !== b.length || !timingSafeEqual(a, b)) throw new ApiError(API_ERRORS.InvalidToken);
    if ((p.expiresAt ?? 0) <= ctx.now()) throw new ApiError(API_ERRORS.InvalidAccessKeyId);
  }
  return p;
}

function toIsoBasic(d: Date): string {
  return d.toISOString().replace(/[-:]|\.\d{3}/g, "");
}

type SignerRequest = aws4.Request & {
  extraHeadersToInclude?: Record<string, boolean>;
  extraHeadersToIgnore?: Record<string, boolean>;
};

/** doesSignatureMatch: rebuild the signed request and let aws4 compute the signature. */
function checkSignature(req: IncomingMessage, sv: SignValues, secret: string, payloadHash: string): void {
  if (!sv.signedHeaders.includes("host")) throw new ApiError(API_ERRORS.UnsignedHeaders);
  const headers: Record<string, string> = {};
  const query = new URL(req.url ?? "/", "http://double").searchParams;
  for (const h of sv.signedHeaders) {
    let v = header(req, h);
    if (v === undefined) v = query.get(h) ?? undefined;
    if (v === undefined && h === "expect") v = "100-continue";
    if (v === undefined) throw new ApiError(API_ERRORS.UnsignedHeaders);
    headers[h] = v;
  }
  const include: Record<string, boolean> = {};
  for (const h of sv.signedHeaders) include[h] = true;
  const ignore: Record<string, boolean> = {};
  if (!sv.signedHeaders.includes("x-amz-content-sha256")) ignore["x-amz-content-sha256"] = true;
  headers["x-amz-content-sha256"] = payloadHash;
  const request: SignerRequest = {
    method: req.method,
    path: req.url ?? "/",
    host: headers.host,
    headers,
    service: sv.cred.service,
    region: sv.cred.region,
    doNotModifyHeaders: true,
    extraHeadersToInclude: include,
    extraHeadersToIgnore: ignore,
  };
  const signer = new aws4.RequestSigner(request, { accessKeyId: sv.cred.accessKey, secretAccessKey: secret });
  signer.datetime = toIsoBasic(requestDate(req));
  const expected = Buffer.from(signer.signature(), "utf8");
  const given = Buffer.from(sv.signature, "utf8");
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new ApiError(API_ERRORS.SignatureDoesNotMatch);
  }
}

function sha256Hex(b: Buffer): string {
  return createHash("sha256").update(b).digest("hex");
}

/** validateAdminSignature: requires X-Amz-Content-Sha256, key check first, then signature, then payload hash. */
export function verifyAdminRequest(req: IncomingMessage, body: Buffer, ctx: AuthContext): Principal {
  const contentSha = header(req, "x-amz-content-sha256");
  if (contentSha === undefined || authKind(req) !== "signed") throw new ApiError(API_ERRORS.AccessDenied);
  const auth = header(req, "authorization") ?? "";
  const fields = auth.slice(ALGO.length).trim().split(",");
  if (fields.length !== 3) throw new ApiError(API_ERRORS.MissingFields);
  const cred = parseCredential(fields[0], ctx, "s3");
  const principal = principalFor(req, cred.accessKey, ctx);
  const sv = parseAuthorization(auth, ctx, "s3");
  checkSignature(req, sv, principal.secretKey, contentSha || EMPTY_SHA256);
  if (contentSha !== "UNSIGNED-PAYLOAD" && contentSha !== "STREAMING-UNSIGNED-PAYLOAD-TRAILER") {
    if (
      !/^[0-9a-fA-F]+$/.test(contentSha) ||
      contentSha.length % 2 !== 0 ||
      contentSha.toLowerCase() !== sha256Hex(body)
    ) {
      throw new ApiError(API_ERRORS.ContentSHA256Mismatch);
    }
  }
  return principal;
}

/** checkAssumeRoleAuth: signature over sha256(body) with service "sts", then the key and its kind. */
export function verifyStsRequest(req: IncomingMessage, body: Buffer, ctx: AuthContext): Principal {
  if (authKind(req) !== "signed") throw new ApiError(API_ERRORS.AccessDenied);
  const sv = parseAuthorization(header(req, "authorization") ?? "", ctx, "sts");
  const principal = principalFor(req, sv.cred.accessKey, ctx);
  const signedSha = header(req, "x-amz-content-sha256");
  if (sv.signedHeaders.includes("x-amz-content-sha256") && signedSha !== sha256Hex(body)) {
    throw new ApiError(API_ERRORS.SignatureDoesNotMatch);
  }
  checkSignature(req, sv, principal.secretKey, sha256Hex(body));
  return principal;
}
