/**
 * Token signing as authentik's OAuth2Provider.encode does it with PyJWT: RS256 with the signing key pair and a
 * `kid` header, or HS256 keyed with the client secret when the provider has no signing key (no `kid`).
 */
import { createHash, createHmac, createPrivateKey, createPublicKey, sign } from "node:crypto";
import { keyId } from "./certificate";
import type { Store } from "./store";
import type { KeyPairRecord, ProviderRecord } from "./types";

export function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

/** PyJWT serialises the header with sorted keys and compact separators; the payload keeps insertion order. */
function encodeSegments(header: Record<string, string>, payload: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.entries(header).sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${b64url(JSON.stringify(sorted))}.${b64url(JSON.stringify(payload))}`;
}

/** The algorithm a provider signs with (also what discovery advertises). */
export function providerAlgorithm(store: Store, provider: ProviderRecord): "RS256" | "HS256" {
  return provider.signingKey && store.keyPairs.has(provider.signingKey) ? "RS256" : "HS256";
}

export function encodeForProvider(store: Store, provider: ProviderRecord, payload: Record<string, unknown>): string {
  const keyPair = provider.signingKey ? store.keyPairs.get(provider.signingKey) : undefined;
  if (keyPair) {
    const input = encodeSegments({ alg: "RS256", kid: keyId(keyPair.keyPem), typ: "JWT" }, payload);
    const signature = sign("sha256", Buffer.from(input), createPrivateKey(keyPair.keyPem));
    return `${input}.${b64url(signature)}`;
  }
  const input = encodeSegments({ alg: "HS256", typ: "JWT" }, payload);
  return `${input}.${b64url(createHmac("sha256", provider.clientSecret).update(input).digest())}`;
}

/** One JWKS entry as authentik's JWKSView.get_jwk_for_key builds it for an RSA key pair. */
export function jwkFor(keyPair: KeyPairRecord, use: "sig" | "enc"): Record<string, unknown> {
  const jwk = createPublicKey(keyPair.keyPem).export({ format: "jwk" }) as { n: string; e: string };
  const alg = use === "sig" ? { alg: "RS256" } : { alg: "RSA-OAEP-256", enc: "A256CBC-HS512" };
  return {
    ...alg,
    kid: keyId(keyPair.keyPem),
    kty: "RSA",
    use,
    n: jwk.n,
    e: jwk.e,
    x5c: [keyPair.certificateDer.toString("base64")],
    x5t: b64url(createHash("sha1").update(keyPair.certificateDer).digest()),
    "x5t#S256": b64url(createHash("sha256").update(keyPair.certificateDer).digest()),
  };
}
