// Error types of the admin client, and helpers that keep secrets out of any text shown to people.

/** What stands in for a secret in anything printed: scrubbed messages and `show`'s client secret. */
export const REDACTED = "<redacted>";

/** Bad input (environment variables, values that cannot be encoded): the CLI exits with code 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/**
 * What went wrong when talking to MinIO:
 * - unreachable: no connection (refused, DNS, TLS, reset)
 * - timeout: no answer in time, or not ready again in time after a restart
 * - auth: HTTP 401/403 (wrong access key or secret key, or not allowed)
 * - rejected: other HTTP 4xx, e.g. MinIO's own config validation (400 XMinioAdminConfigBadJSON)
 * - server: HTTP 5xx
 * - protocol: an answer that does not follow the admin API (undecryptable, unparsable)
 * - refused: this program will not write what MinIO holds (never-clobber.ts); nothing was sent
 */
export type AdminFailureKind = "unreachable" | "timeout" | "auth" | "rejected" | "server" | "protocol" | "refused";

export interface AdminErrorDetails {
  kind: AdminFailureKind;
  endpoint: string;
  status?: number;
  code?: string;
  serverMessage?: string;
}

/** A failed admin operation. The message starts with the endpoint and names the cause. */
export class AdminError extends Error {
  readonly kind: AdminFailureKind;
  readonly endpoint: string;
  readonly status?: number;
  readonly code?: string;
  readonly serverMessage?: string;

  constructor(details: AdminErrorDetails, cause: string) {
    super(`${details.endpoint}: ${cause}`);
    this.name = "AdminError";
    this.kind = details.kind;
    this.endpoint = details.endpoint;
    this.status = details.status;
    this.code = details.code;
    this.serverMessage = details.serverMessage;
  }
}

/** Error code and message from a MinIO error body: JSON (admin API) or XML (S3 layer). */
export function parseErrorBody(body: string): { code?: string; message?: string } {
  const text = body.trim();
  if (text.startsWith("{")) {
    try {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const pick = (k: string) =>
        typeof parsed[k] === "string" && parsed[k] !== "" ? (parsed[k] as string) : undefined;
      return { code: pick("Code"), message: pick("Message") };
    } catch {
      return {};
    }
  }
  if (text.startsWith("<")) {
    const tag = (name: string): string | undefined => {
      const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(text);
      return m && m[1] !== "" ? decodeXmlText(m[1]) : undefined;
    };
    return { code: tag("Code"), message: tag("Message") };
  }
  return {};
}

function decodeXmlText(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, "&");
}

/** Text forms in which a secret could show up in a message: raw, JSON-escaped, URL-encoded, XML-escaped. */
function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  forms.add(secret.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;"));
  return [...forms].filter((f) => f.length > 0);
}

/** Replaces every occurrence of each secret (in any of its common encodings) with REDACTED. */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  const forms = secrets
    .filter((s): s is string => typeof s === "string" && s.length > 0)
    .flatMap(secretForms)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const form of forms) out = out.split(form).join(REDACTED);
  return out;
}

/** A one-line description of a network-level failure from fetch (the `cause` carries the system error). */
export function describeNetworkError(err: unknown): string {
  const parts: string[] = [];
  let current: unknown = err;
  for (let depth = 0; current instanceof Error && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    const text = current.message && current.message !== "fetch failed" ? current.message : "";
    const piece = [typeof code === "string" && !text.includes(code) ? code : "", text].filter(Boolean).join(" ");
    if (piece && !parts.includes(piece)) parts.push(piece);
    current = (current as { cause?: unknown }).cause;
  }
  return (parts.join(": ") || "connection failed").replace(/\s+/g, " ");
}
