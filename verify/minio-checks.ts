// Check 2: MinIO's LOADED identity_openid target against what the stack declares. Pure: the expected values are
// built from the stack config and outputs, the comparison takes the parsed get-config-kv target.
//
// MinIO never shows a non-empty client_secret; the admin CLI keeps a keyed fingerprint of it in `comment`
// (minio-admin/secret-fingerprint.ts), which is compared here with the fingerprint of the secret authentik holds.
// Environment overrides printed by get-config-kv ("# MINIO_IDENTITY_OPENID_<KEY>[_<NAME>]=value") win over stored
// values (minio.md §1), so they are what MinIO runs with.
import type { StackConfig } from "../lib/config";
import { currentValue, type ParsedTarget } from "../minio-admin/config-kv";
import { configTarget } from "../minio-admin/names";
import { SECRET_KEY, SUBSYSTEM } from "../minio-admin/openid-keys";
import { fingerprintInComment, secretFingerprint } from "../minio-admin/secret-fingerprint";
import { compare, fail, ok, skip, type Check, type ReportSection } from "./report";
import type { StackOutputs } from "./stack-data";

/** The keys compared by value, in MinIO's key order; client_secret is compared through its fingerprint. */
export const COMPARED_KEYS = [
  "enable",
  "display_name",
  "config_url",
  "client_id",
  "claim_name",
  "redirect_uri",
  "scopes",
] as const;
export type ComparedKey = (typeof COMPARED_KEYS)[number];

export interface ExpectedOpenId {
  /** "identity_openid" or "identity_openid:NAME". */
  target: string;
  values: Readonly<Record<ComparedKey, string>>;
  /**
   * secretFingerprint(root secret key, authentik's client secret): what the comment must carry. Not a secret
   * itself. Undefined when authentik gave no client secret.
   */
  fingerprint?: string;
}

export type LoadedTarget =
  { kind: "found"; target: ParsedTarget } | { kind: "absent" } | { kind: "error"; message: string };

/** The client ID MinIO should have: the clientId output, else the config's. */
export function stackClientId(config: StackConfig, outputs: StackOutputs): string {
  return outputs.clientId ?? config.provider.clientId;
}

/**
 * What the program gives the admin CLI (components/minio-openid.ts), from the validated config and outputs, and
 * the client secret authentik holds (undefined when it could not be read).
 */
export function expectedOpenId(
  config: StackConfig,
  outputs: StackOutputs,
  clientSecret: string | undefined,
): ExpectedOpenId {
  return {
    // loadConfig holds minioConfigName to configTarget's own rule, so this cannot throw.
    target: configTarget(config.minio.configName),
    values: {
      enable: "on",
      display_name: config.minio.displayName,
      config_url: config.oidc.configUrl,
      client_id: stackClientId(config, outputs),
      claim_name: config.minio.claimName,
      redirect_uri: config.minio.redirectUri,
      scopes: config.minio.scopes.join(","),
    },
    fingerprint:
      clientSecret === undefined ? undefined : secretFingerprint(config.minio.secretKey.reveal(), clientSecret),
  };
}

/** The environment variable that overrides `key` of `target` (MINIO_IDENTITY_OPENID_<KEY>[_<NAME>]). */
export function overrideVariable(target: string, key: string): string {
  const base = `MINIO_${SUBSYSTEM.toUpperCase()}_${key.toUpperCase()}`;
  return target === SUBSYSTEM ? base : `${base}_${target.slice(SUBSYSTEM.length + 1)}`;
}

/** The value MinIO runs with and, when an environment variable sets it, that variable's name. */
export function effectiveValue(
  loaded: ParsedTarget,
  target: string,
  key: string,
): { value: string | undefined; variable?: string } {
  const variable = overrideVariable(target, key);
  if (Object.prototype.hasOwnProperty.call(loaded.envOverrides, variable)) {
    return { value: loaded.envOverrides[variable], variable };
  }
  return { value: currentValue(loaded, key) };
}

const SECRET_EXPECTED = "<authentik's client_secret>";

function secretCheck(loaded: ParsedTarget, expected: ExpectedOpenId): Check {
  if (expected.fingerprint === undefined) return skip(SECRET_KEY, "not checked (no client_secret from authentik)");
  const say = (actual: string): string => `expected ${SECRET_EXPECTED}, actual ${actual}`;
  const secret = effectiveValue(loaded, expected.target, SECRET_KEY);
  if (secret.variable !== undefined) {
    return fail(SECRET_KEY, say(`<set by the environment variable ${secret.variable}, outside the stack>`));
  }
  if (secret.value === "") return fail(SECRET_KEY, say("<empty>"));
  const comment = effectiveValue(loaded, expected.target, "comment").value ?? "";
  const found = fingerprintInComment(comment);
  if (found === undefined) return fail(SECRET_KEY, say("<no fingerprint in comment>"));
  if (found !== expected.fingerprint) return fail(SECRET_KEY, say("<fingerprint differs>"));
  return ok(SECRET_KEY, say("<fingerprint matches>"));
}

function keyCheck(loaded: ParsedTarget, expected: ExpectedOpenId, key: ComparedKey): Check {
  const actual = effectiveValue(loaded, expected.target, key);
  const check = compare(key, expected.values[key], actual.value ?? "");
  if (actual.variable !== undefined) check.text += ` (set by the environment variable ${actual.variable})`;
  return check;
}

export function minioSection(endpoint: string, expected: ExpectedOpenId, loaded: LoadedTarget): ReportSection {
  const title = `MinIO ${expected.target} (loaded config): ${endpoint}`;
  const keys: string[] = [...COMPARED_KEYS.slice(0, 4), SECRET_KEY, ...COMPARED_KEYS.slice(4)];
  if (loaded.kind !== "found") {
    const why = loaded.kind === "absent" ? `MinIO does not list ${expected.target}` : loaded.message;
    const skipped = keys.map((k) => skip(k, "not checked (no loaded config)"));
    return { title, checks: [fail("loaded config", why), ...skipped] };
  }
  const checks = keys.map((k) =>
    k === SECRET_KEY ? secretCheck(loaded.target, expected) : keyCheck(loaded.target, expected, k as ComparedKey),
  );
  return { title, checks };
}
