// JWKS decoding as in minio/minio internal/config/identity/openid/jwks.go (DecodePublicKey) and jwt.go
// (publicKeys.parseAndAdd): every key must decode or the whole set is refused; keys are stored by kid.
import { createPublicKey, type KeyObject } from "node:crypto";

export class JwksError extends Error {}

/** kid -> verification key. A Buffer is the HMAC key MinIO registers under kid = client_id (the client secret). */
export type KeyStore = Map<string, KeyObject | Buffer>;

const B64URL = /^[A-Za-z0-9_-]*$/;

function b64url(s: unknown, err: string): Buffer {
  if (typeof s !== "string" || !B64URL.test(s) || s.length % 4 === 1) throw new JwksError(err);
  return Buffer.from(s, "base64url");
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

const RSA_ERR = "malformed JWK RSA key";
const EC_ERR = "malformed JWK EC key";

function decodeOne(k: Record<string, unknown>): KeyObject {
  const kty = str(k.kty);
  if (kty === "RSA") {
    if (!str(k.n) || !str(k.e)) throw new JwksError(RSA_ERR);
    const e = b64url(k.e, RSA_ERR);
    const n = b64url(k.n, RSA_ERR);
    try {
      return createPublicKey({
        key: { kty: "RSA", n: n.toString("base64url"), e: e.toString("base64url") },
        format: "jwk",
      });
    } catch {
      throw new JwksError(RSA_ERR);
    }
  }
  if (kty === "EC") {
    const crv = str(k.crv);
    if (!crv || !str(k.x) || !str(k.y)) throw new JwksError(EC_ERR);
    if (!["P-224", "P-256", "P-384", "P-521"].includes(crv)) throw new JwksError(`Unknown curve type: ${crv}`);
    const x = b64url(k.x, EC_ERR);
    const y = b64url(k.y, EC_ERR);
    try {
      return createPublicKey({
        key: { kty: "EC", crv, x: x.toString("base64url"), y: y.toString("base64url") },
        format: "jwk",
      });
    } catch {
      throw new JwksError(EC_ERR);
    }
  }
  if (str(k.alg) === "EdDSA" && str(k.crv) === "Ed25519" && str(k.x)) {
    const x = b64url(k.x, EC_ERR);
    try {
      return createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: x.toString("base64url") }, format: "jwk" });
    } catch {
      throw new JwksError(EC_ERR);
    }
  }
  throw new JwksError(`Unknown JWK key type ${kty}`);
}

/** Parse a JWKS document and add its keys to store (keys decoded before a failing one stay added, as in MinIO). */
export function addJwks(store: KeyStore, doc: unknown): void {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new JwksError("json: cannot unmarshal non-object into Go value of type openid.JWKS");
  }
  const keys = (doc as { keys?: unknown }).keys;
  if (keys === undefined || keys === null) return;
  if (!Array.isArray(keys)) throw new JwksError("json: cannot unmarshal keys into Go struct field JWKS.keys");
  for (const k of keys) {
    if (k === null || typeof k !== "object") throw new JwksError("Unknown JWK key type ");
    const rec = k as Record<string, unknown>;
    store.set(str(rec.kid), decodeOne(rec));
  }
}
