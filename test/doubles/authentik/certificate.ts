/**
 * A self-signed X.509 certificate built with node:crypto and a small DER writer, shaped like the one
 * authentik's CertificateBuilder makes (subject CN/O=authentik/OU=Self-signed, issuer CN "authentik <version>",
 * a critical subjectAltName DNS entry, sha256WithRSAEncryption, valid from yesterday for 365 days).
 */
import { createHash, generateKeyPairSync, randomUUID, sign, X509Certificate, type KeyObject } from "node:crypto";

const OID_CN = "2.5.4.3";
const OID_O = "2.5.4.10";
const OID_OU = "2.5.4.11";
const OID_SHA256_RSA = "1.2.840.113549.1.1.11";
const OID_SUBJECT_ALT_NAME = "2.5.29.17";

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), derLength(content.length), content]);
}

const sequence = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));
const utf8 = (text: string): Buffer => tlv(0x0c, Buffer.from(text, "utf8"));
const explicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 + n, inner);

function objectId(oid: string): Buffer {
  const parts = oid.split(".").map(Number);
  const bytes: number[] = [parts[0] * 40 + parts[1]];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let rest = Math.floor(part / 128); rest > 0; rest = Math.floor(rest / 128))
      chunk.unshift((rest & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function positiveInteger(bytes: Buffer): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, trimmed[0] & 0x80 ? Buffer.concat([Buffer.from([0]), trimmed]) : trimmed);
}

function time(date: Date): Buffer {
  const iso = date.toISOString();
  const digits = iso.slice(0, 19).replace(/[-:T]/g, "");
  const year = date.getUTCFullYear();
  // RFC 5280: UTCTime up to 2049, GeneralizedTime from 2050 on.
  return year < 2050 ? tlv(0x17, Buffer.from(`${digits.slice(2)}Z`)) : tlv(0x18, Buffer.from(`${digits}Z`));
}

function name(attributes: Array<[string, string]>): Buffer {
  return sequence(...attributes.map(([oid, value]) => set(sequence(objectId(oid), utf8(value)))));
}

export interface SelfSignedPair {
  keyPem: string;
  certificatePem: string;
  certificateDer: Buffer;
  privateKey: KeyObject;
  notAfter: Date;
}

/** Generate an RSA key and a certificate for it, signed with that key. */
export function buildSelfSignedPair(
  commonName: string,
  issuerName: string,
  altName: string,
  bits = 2048,
): SelfSignedPair {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: 65537 });
  const now = Math.floor(Date.now() / 1000) * 1000;
  const notBefore = new Date(now - 24 * 3600 * 1000);
  const notAfter = new Date(now + 365 * 24 * 3600 * 1000);
  const algorithm = sequence(objectId(OID_SHA256_RSA), tlv(0x05, Buffer.alloc(0)));
  const subjectAltName = sequence(
    objectId(OID_SUBJECT_ALT_NAME),
    tlv(0x01, Buffer.from([0xff])),
    tlv(0x04, sequence(tlv(0x82, Buffer.from(altName, "ascii")))),
  );
  const tbs = sequence(
    explicit(0, tlv(0x02, Buffer.from([2]))),
    positiveInteger(Buffer.from(randomUUID().replace(/-/g, ""), "hex")),
    algorithm,
    name([[OID_CN, issuerName]]),
    sequence(time(notBefore), time(notAfter)),
    name([
      [OID_CN, commonName.slice(0, 64)],
      [OID_O, "authentik"],
      [OID_OU, "Self-signed"],
    ]),
    publicKey.export({ type: "spki", format: "der" }),
    explicit(3, sequence(subjectAltName)),
  );
  const signature = sign("sha256", tbs, privateKey);
  const certificateDer = sequence(tbs, algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
  const base64 = certificateDer.toString("base64").replace(/(.{64})/g, "$1\n");
  const certificatePem = `-----BEGIN CERTIFICATE-----\n${base64.replace(/\n$/, "")}\n-----END CERTIFICATE-----\n`;
  const keyPem = privateKey.export({ type: "pkcs1", format: "pem" }).toString();
  return { keyPem, certificatePem, certificateDer, privateKey, notAfter };
}

/** authentik's fingerprint format: lower-case hex pairs joined by ":" (crypto/models.py). */
export function fingerprint(der: Buffer, algorithm: "sha256" | "sha1"): string {
  return createHash(algorithm).update(der).digest("hex").match(/../g)!.join(":");
}

/** The subject as cryptography's rfc4514_string() prints it: attributes in reverse order. */
export function rfc4514Subject(der: Buffer): string {
  const parsed = new X509Certificate(der);
  return parsed.subject.split("\n").reverse().join(",");
}

/** authentik's JWKS kid: md5 hex of the private key PEM text (crypto/models.py `kid`). */
export function keyId(keyPem: string): string {
  return createHash("md5").update(keyPem, "utf8").digest("hex");
}

/** DRF DateTimeField rendering of a UTC time without sub-second part, e.g. 2027-01-01T00:00:00Z. */
export function drfDateTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
