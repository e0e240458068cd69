// Private CAs: the certificates of a PEM bundle (parseCaBundle, pure), and trusting them in this process besides
// Node's own roots (trustCertificates). The admin CLI gets the bundle as PEM text in MINIO_CA_BUNDLE; the stack
// config key and the MinioSso arg `caBundle` name a PEM file (lib/ca-bundle.ts reads it).
import { X509Certificate } from "node:crypto";
import * as tls from "node:tls";

/** The environment variable of the admin CLI that holds the PEM text of extra CA certificates. */
export const CA_BUNDLE_VAR = "MINIO_CA_BUNDLE";

/**
 * Largest bundle accepted, in bytes of normalised PEM. It travels in one environment variable, and Linux refuses to
 * start a process with a single argument or variable longer than 128 KiB (MAX_ARG_STRLEN, execve(2)); a bundle
 * holds only the private CAs, since they are trusted besides the default roots.
 */
export const MAX_CA_BUNDLE_BYTES = 64 * 1024;

const BLOCK = /-----BEGIN ([^\r\n-]+)-----[\s\S]*?-----END \1-----/g;

/**
 * The certificates of PEM text, each re-encoded as plain PEM (comments and blank lines dropped), or what is wrong:
 * no certificate at all, a block that is not a certificate (a private key never belongs in a CA bundle), a block
 * that does not parse, or a bundle too large to pass on.
 */
export function parseCaBundle(text: string): { certificates: string[] } | { problem: string } {
  const certificates: string[] = [];
  for (const match of text.matchAll(BLOCK)) {
    if (match[1] !== "CERTIFICATE") {
      return { problem: `holds a "${match[1]}" PEM block; a CA bundle holds CERTIFICATE blocks only` };
    }
    try {
      certificates.push(new X509Certificate(match[0]).toString());
    } catch {
      return {
        problem: `holds a CERTIFICATE block (number ${certificates.length + 1}) that is not an X.509 certificate`,
      };
    }
  }
  if (certificates.length === 0) {
    return {
      problem: "holds no PEM certificate (a block from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----)",
    };
  }
  const size = Buffer.byteLength(certificates.join(""));
  if (size > MAX_CA_BUNDLE_BYTES) {
    return {
      problem:
        `holds ${certificates.length} certificates (${Math.ceil(size / 1024)} KiB), more than the ` +
        `${MAX_CA_BUNDLE_BYTES / 1024} KiB that can be passed on; list only the private CAs (they are trusted ` +
        "besides the default roots)",
    };
  }
  return { certificates };
}

/**
 * Makes this process trust `certificates` besides its current default CAs (Node's bundled roots plus
 * NODE_EXTRA_CA_CERTS): every later TLS connection without its own `ca`, global fetch included, verifies against both.
 */
export function trustCertificates(certificates: readonly string[]): void {
  if (certificates.length === 0) return;
  if (typeof tls.setDefaultCACertificates !== "function") {
    throw new Error(
      `Node ${process.version} cannot add trusted CAs (tls.setDefaultCACertificates came in Node 22.19 and 24.5)`,
    );
  }
  tls.setDefaultCACertificates([...tls.getCACertificates("default"), ...certificates]);
}

// OpenSSL's verify results for a chain that ends in no trusted root (Node puts them in the error's code).
const UNTRUSTED =
  /\b(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?)\b/;

/** Whether an error text says the server's certificate chains to no trusted CA (not: expired, wrong host name). */
export function isUntrustedCertificate(text: string): boolean {
  return UNTRUSTED.test(text);
}
