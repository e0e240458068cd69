// MinIO never shows a non-empty client_secret, so `apply` could not tell that only the secret changed (a rotated
// authentik client secret would never reach MinIO). We keep a keyed fingerprint of the secret in the target's
// `comment`: a rotation changes the comment, and a changed key makes `apply` send the secret with it.
// The fingerprint is an HMAC keyed with the MinIO root secret key, so reading the comment does not allow an
// offline guess of a weak client secret without that key.
import { createHmac } from "node:crypto";
import { SECRET_KEY } from "./openid-keys";

/** Marks our fingerprint inside `comment`; text before it is the user's own comment. */
export const FINGERPRINT_LABEL = "client-secret-fp:";

/** 128 bits of HMAC-SHA256(rootSecretKey, domain || clientSecret), hex. */
export function secretFingerprint(rootSecretKey: string, clientSecret: string): string {
  return createHmac("sha256", rootSecretKey)
    .update("minio-authentik-sso/identity_openid/client_secret\0")
    .update(clientSecret)
    .digest("hex")
    .slice(0, 32);
}

/**
 * The desired settings with the secret's fingerprint appended to `comment` (after the user's comment, if any).
 * An empty client secret gets no fingerprint: MinIO shows an empty secret, so it is compared directly.
 */
export function withSecretFingerprint(
  desired: Readonly<Record<string, string>>,
  rootSecretKey: string,
): Record<string, string> {
  const secret = desired[SECRET_KEY] ?? "";
  if (secret === "") return { ...desired };
  const mark = FINGERPRINT_LABEL + secretFingerprint(rootSecretKey, secret);
  const comment = desired.comment ?? "";
  return { ...desired, comment: comment === "" ? mark : `${comment} ${mark}` };
}

/** The fingerprint written by withSecretFingerprint: the last well-formed `client-secret-fp:<32 hex>` in a comment. */
export function fingerprintInComment(comment: string): string | undefined {
  const all = [...comment.matchAll(new RegExp(`${FINGERPRINT_LABEL}([0-9a-f]{32})(?![0-9a-f])`, "g"))];
  return all.length === 0 ? undefined : all[all.length - 1][1];
}
