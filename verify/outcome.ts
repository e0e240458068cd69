// HTTP answers as plain data, and the small readers the pure checks share. Pure: no I/O.
import { isUntrustedCertificate } from "../minio-admin/trust";

/** An HTTP answer (any status), or why there was none. */
export type HttpOutcome =
  { url: string; status: number; contentType: string; body: string } | { url: string; error: string };

/** The body as a JSON object, or undefined when there was no answer or it is not one. */
export function jsonObject(outcome: HttpOutcome): Record<string, unknown> | undefined {
  if ("error" in outcome) return undefined;
  try {
    const value: unknown = JSON.parse(outcome.body);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** "URL unreachable (cause)" or "URL answered HTTP 404", for an outcome that is not the wanted answer. */
export function describeFailure(outcome: HttpOutcome, extra = ""): string {
  if ("error" in outcome) return `${outcome.url} unreachable (${outcome.error})${untrustedHint(outcome.error)}`;
  return `${outcome.url} answered HTTP ${outcome.status}${extra === "" ? "" : ` ${extra}`}`;
}

/** For a TLS failure on a chain no trusted CA signed: how to trust the server's CA. */
export function untrustedHint(error: string): string {
  return isUntrustedCertificate(error)
    ? "; its TLS certificate is signed by no trusted CA: set caBundle to its CA's PEM file"
    : "";
}
