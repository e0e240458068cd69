// JWT parsing and verification with the semantics and error texts of github.com/golang-jwt/jwt/v4 v4.5.2
// (parser.go ParseWithClaims, map_claims.go Valid, rsa.go/rsa_pss.go/ecdsa.go/hmac.go/ed25519.go Verify),
// the library minio/minio uses in internal/config/identity/openid/jwt.go.
import { createHmac, timingSafeEqual, verify as cryptoVerify, constants, type KeyObject } from "node:crypto";

export class JwtError extends Error {}

export type KeyLookup = (header: Record<string, unknown>) => KeyObject | Buffer;

/** The ValidMethods list MinIO passes on its first parse attempt. */
export const MINIO_VALID_METHODS = [
  "RS256",
  "RS384",
  "RS512",
  "ES256",
  "ES384",
  "ES512",
  "HS256",
  "HS384",
  "HS512",
  "RS3256",
  "RS3384",
  "RS3512",
  "ES3256",
  "ES3384",
  "ES3512",
];

const KNOWN = new Set([
  "HS256",
  "HS384",
  "HS512",
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "none",
]);

/** base64.RawURLEncoding.DecodeString, with Go's error text. */
function decodeSegment(seg: string): Buffer {
  const bad = seg.search(/[^A-Za-z0-9_-]/);
  if (bad >= 0) throw new JwtError(`illegal base64 data at input byte ${bad}`);
  if (seg.length % 4 === 1) throw new JwtError(`illegal base64 data at input byte ${seg.length - 1}`);
  return Buffer.from(seg, "base64url");
}

function decodeJson(buf: Buffer): Record<string, unknown> {
  const text = buf.toString("utf8");
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    const c = text.trimStart()[0];
    throw new JwtError(
      c === undefined ? "unexpected end of JSON input" : `invalid character '${c}' looking for beginning of value`,
    );
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new JwtError(
      `json: cannot unmarshal ${Array.isArray(v) ? "array" : typeof v} into Go value of type map[string]interface {}`,
    );
  }
  return v as Record<string, unknown>;
}

const HASH: Record<string, string> = { "256": "sha256", "384": "sha384", "512": "sha512" };

function safeVerify(fn: () => boolean): boolean {
  try {
    return fn();
  } catch {
    return false;
  }
}

function verifySignature(alg: string, signingInput: string, sigSeg: string, key: KeyObject | Buffer): void {
  const sig = decodeSegment(sigSeg);
  const data = Buffer.from(signingInput, "utf8");
  const family = alg.slice(0, 2);
  const hash = HASH[alg.slice(2)];
  if (alg === "none") throw new JwtError("'none' signature type is not allowed");
  if (family === "HS") {
    if (!Buffer.isBuffer(key)) throw new JwtError("key is of invalid type");
    const mac = createHmac(hash, key).update(data).digest();
    if (mac.length !== sig.length || !timingSafeEqual(mac, sig)) throw new JwtError("signature is invalid");
    return;
  }
  if (Buffer.isBuffer(key)) throw new JwtError("key is of invalid type");
  if (alg === "EdDSA") {
    if (key.asymmetricKeyType !== "ed25519") throw new JwtError("key is of invalid type");
    if (!safeVerify(() => cryptoVerify(null, data, key, sig))) throw new JwtError("ed25519: verification error");
    return;
  }
  if (family === "RS" || family === "PS") {
    if (key.asymmetricKeyType !== "rsa") throw new JwtError("key is of invalid type");
    const padding = family === "PS" ? constants.RSA_PKCS1_PSS_PADDING : constants.RSA_PKCS1_PADDING;
    const ok = safeVerify(() =>
      cryptoVerify(hash, data, { key, padding, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sig),
    );
    if (!ok) throw new JwtError("crypto/rsa: verification error");
    return;
  }
  if (family === "ES") {
    if (key.asymmetricKeyType !== "ec") throw new JwtError("key is of invalid type");
    const keySize = { "256": 32, "384": 48, "512": 66 }[alg.slice(2)] ?? 0;
    if (sig.length !== 2 * keySize) throw new JwtError("crypto/ecdsa: verification error");
    if (!safeVerify(() => cryptoVerify(hash, data, { key, dsaEncoding: "ieee-p1363" }, sig)))
      throw new JwtError("crypto/ecdsa: verification error");
    return;
  }
  throw new JwtError("signing method (alg) is unavailable.");
}

/** MapClaims.Valid: exp, iat, nbf; the last failing check's text wins, as in jwt v4. */
function validateTimes(claims: Record<string, unknown>, nowSec: number): void {
  let err: string | undefined;
  const num = (k: string): number | null | "bad" => {
    if (!(k in claims)) return null;
    const v = claims[k];
    if (typeof v !== "number") return "bad";
    return v === 0 ? null : v;
  };
  const exp = num("exp");
  if (exp === "bad" || (exp !== null && !(nowSec < exp))) err = "Token is expired";
  const iat = num("iat");
  if (iat === "bad" || (iat !== null && !(nowSec >= iat))) err = "Token used before issued";
  const nbf = num("nbf");
  if (nbf === "bad" || (nbf !== null && !(nowSec >= nbf))) err = "Token is not valid yet";
  if (err) throw new JwtError(err);
}

/**
 * Parser.ParseWithClaims: split, decode, method check (only when validMethods is given), key lookup,
 * signature check, then claim time checks. Returns the claims; throws JwtError with jwt v4's text.
 */
export function parseJwt(
  token: string,
  keyFor: KeyLookup,
  validMethods: string[] | undefined,
  nowSec = Math.floor(Date.now() / 1000),
): Record<string, unknown> {
  const parts = token.split(".");
  if (parts.length !== 3) throw new JwtError("token contains an invalid number of segments");
  let headerBytes: Buffer;
  try {
    headerBytes = decodeSegment(parts[0]);
  } catch (e) {
    if (token.toLowerCase().startsWith("bearer ")) throw new JwtError("tokenstring should not contain 'bearer '");
    throw e;
  }
  const header = decodeJson(headerBytes);
  const claims = decodeJson(decodeSegment(parts[1]));
  const alg = header.alg;
  if (typeof alg !== "string") throw new JwtError("signing method (alg) is unspecified.");
  if (!KNOWN.has(alg)) throw new JwtError("signing method (alg) is unavailable.");
  if (validMethods && !validMethods.includes(alg)) throw new JwtError(`signing method ${alg} is invalid`);
  const key = keyFor(header);
  verifySignature(alg, `${parts[0]}.${parts[1]}`, parts[2], key);
  validateTimes(claims, nowSec);
  return claims;
}

/** Go's %v of a JSON-decoded value, for the "Invalid kid value" text. */
export function goValue(v: unknown): string {
  if (v === undefined || v === null) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goValue).join(" ")}]`;
  if (typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `map[${entries.map(([k, x]) => `${k}:${goValue(x)}`).join(" ")}]`;
  }
  return String(v);
}
