/**
 * Checks of the secret keys that never quote the value: stored encrypted, and made only of characters the value's
 * path can carry (an HTTP header for authentik's token, an environment variable and SigV4 for MinIO's keys).
 * Pure of Pulumi.
 */
import { CONFIG_KEYS, type ConfigKey } from "./config-keys";

/** The 1-based position of the first character outside printable ASCII ("!" to "~"), or 0. */
function firstUnprintable(value: string): number {
  const i = [...value].findIndex((c) => c < "!" || c > "~");
  return i + 1;
}

/** The 1-based position of the first control character or line break (C0, DEL, C1, U+2028, U+2029), or 0. */
function firstControl(value: string): number {
  const i = [...value].findIndex((c) => /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u.test(c));
  return i + 1;
}

/**
 * `authentik:token`: an API token is sent as `Authorization: Bearer <token>`; authentik generates tokens of letters
 * and digits (core/models.py default_token_key), so a blank, control or non-ASCII character is a copy-paste slip,
 * refused before the token is sent.
 */
export function tokenProblem(value: string): string | undefined {
  const at = firstUnprintable(value);
  if (at === 0) return undefined;
  return (
    `holds a blank, a line break, a control or a non-ASCII character (character ${at} of ${[...value].length}); ` +
    "an authentik API token is printable ASCII without blanks, so it was not sent."
  );
}

/**
 * MinIO's keys reach the admin command as environment variables (no NUL) and are signed into SigV4 headers; MinIO
 * refuses "=" and "," in an access key (minio/minio internal/auth/credentials.go, ContainsReservedChars).
 */
export function minioKeyProblem(key: "minioAccessKey" | "minioSecretKey", value: string): string | undefined {
  const at = firstControl(value);
  if (at !== 0) return `holds a control character or line break (character ${at}); MinIO keys are printable text.`;
  if (value.trim() !== value) return "starts or ends with a blank; MinIO keys have none.";
  if (key === "minioAccessKey" && /[=,]/.test(value)) {
    return 'contains "=" or ",", which MinIO refuses in an access key (its reserved characters).';
  }
  return undefined;
}

/** The secret keys whose value is set but not stored encrypted (`isSecret` false); unknown secretness passes. */
export function plainSecretKeys(
  get: (key: ConfigKey) => string | undefined,
  isSecret: ((key: string) => boolean | undefined) | undefined,
): ConfigKey[] {
  if (isSecret === undefined) return [];
  return CONFIG_KEYS.filter((s) => s.secret && (get(s.key) ?? "") !== "" && isSecret(s.key) === false).map(
    (s) => s.key,
  );
}
