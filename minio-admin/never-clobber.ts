// What the program refuses to overwrite on MinIO's identity_openid, judged from get-config-kv's answer for every
// target (pure: no I/O). Used by the admin CLI before `apply` writes, and by the Pulumi component at preview.
//
// Facts from minio/minio at 7aac2a2:
// - get-config-kv prints, before each target, "# NAME=value" for each key the server's environment sets for that
//   target (secrets left out), and an environment value wins over the stored one at start (internal/config/config.go
//   GetSubsysInfo, AddEnvString, ResolveConfigParam). Variable names: MINIO_IDENTITY_OPENID_<KEY> for the default
//   target, MINIO_IDENTITY_OPENID_<KEY>_<NAME> for identity_openid:NAME (getEnvVarName).
// - LookupConfig accepts one enabled target without role_policy at most ("Only one OpenID provider can be
//   configured if not using role policy mapping", internal/config/identity/openid/openid.go). An empty `enable`
//   means enabled when client_id, client_secret or config_url is set.
import { currentValue, findTarget, isConfigured, type ParsedTarget } from "./config-kv";
import { openIdKey, SECRET_KEY, SUBSYSTEM } from "./openid-keys";
import { FINGERPRINT_LABEL, fingerprintInComment } from "./secret-fingerprint";

/** What the stack would write, as far as ownership goes. */
export interface DesiredIdentity {
  client_id: string;
  config_url: string;
}

/**
 * Whose the target is: `empty` (absent or only defaults), `ours` (our fingerprint in its comment), `adopted` (the
 * same client_id and config_url: a hand-made setup of the same authentik application), else `foreign`.
 */
export type Ownership = "empty" | "ours" | "adopted" | "foreign";

export function ownershipOf(current: ParsedTarget | null, desired: DesiredIdentity): Ownership {
  // A target only the environment names shows no stored key at all.
  if (current === null || Object.keys(current.values).length === 0 || !isConfigured(current)) return "empty";
  if (fingerprintInComment(current.values.comment ?? "") !== undefined) return "ours";
  const same = (key: keyof DesiredIdentity) => currentValue(current, key) === desired[key];
  return same("client_id") && same("config_url") ? "adopted" : "foreign";
}

/** The server's variable for a key of a target ("identity_openid" or "identity_openid:NAME"). */
export function serverEnvVar(target: string, key: string): string {
  const name = target.startsWith(`${SUBSYSTEM}:`) ? target.slice(SUBSYSTEM.length + 1) : "_";
  const base = `MINIO_IDENTITY_OPENID_${key.toUpperCase()}`;
  return name === "_" ? base : `${base}_${name}`;
}

/** config.ParseBool's words; undefined for anything else. */
function parseBool(s: string): boolean | undefined {
  if (["1", "t", "T", "true", "TRUE", "True", "on", "ON", "On"].includes(s)) return true;
  if (["0", "f", "F", "false", "FALSE", "False", "off", "OFF", "Off"].includes(s)) return false;
  if (s.toLowerCase() === "enabled") return true;
  if (s.toLowerCase() === "disabled") return false;
  return undefined;
}

/**
 * The value MinIO resolves at start for a key of a listed target: the environment's, else the stored one. A target
 * only the environment names shows no keys: its stored values are the defaults. Undefined: a hidden secret.
 */
function effective(t: ParsedTarget, key: string): string | undefined {
  const fromEnv = t.envOverrides[serverEnvVar(t.target, key)];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  if (Object.keys(t.values).length === 0) return openIdKey(key)?.serverDefault ?? "";
  return currentValue(t, key);
}

/** Whether MinIO loads the target as a claim-based provider (enabled, no role_policy). */
export function isClaimBased(t: ParsedTarget): boolean {
  const enable = effective(t, "enable") ?? "";
  if (enable !== "" && parseBool(enable) !== true) return false;
  if (enable === "") {
    const secret = effective(t, SECRET_KEY);
    const anySet = effective(t, "client_id") !== "" || effective(t, "config_url") !== "" || secret !== "";
    if (!anySet) return false;
  }
  return (effective(t, "role_policy") ?? "") === "";
}

const same = (a: string, b: string) =>
  (a === `${SUBSYSTEM}:_` ? SUBSYSTEM : a) === (b === `${SUBSYSTEM}:_` ? SUBSYSTEM : b);

/**
 * Every reason not to write `target`, each one sentence with its fix (empty: go ahead). `all`: get-config-kv's
 * answer for the whole sub-system. The client secret's variable cannot be seen (MinIO never shows it).
 * `atPreview`: another claim-based target that holds a stack's fingerprint does not count, because a stack moving
 * its config to another target removes the old one before it writes the new (apply, which runs after that
 * removal, still counts it).
 */
export function clobberProblems(
  all: readonly ParsedTarget[],
  target: string,
  desired: DesiredIdentity,
  opts: { atPreview?: boolean } = {},
): string[] {
  const problems: string[] = [];
  const current = findTarget(all, target);
  const env = Object.keys(current?.envOverrides ?? {});
  if (env.length > 0) {
    problems.push(
      `the server's environment sets ${env.join(", ")}, which override${env.length === 1 ? "s" : ""} what this ` +
        `stack writes to ${target}, so its values would not take effect. Fix: remove ${env.length === 1 ? "that variable" : "those variables"} ` +
        `from MinIO's environment (its container or service definition) and restart MinIO, or leave ${target} to ` +
        `whoever sets them and point this stack at another target (minioConfigName)`,
    );
  }
  if (ownershipOf(current, desired) === "foreign") {
    const shown = (key: string) => JSON.stringify(current?.values[key] ?? "");
    problems.push(
      `${target} holds a configuration this stack did not write (client_id ${shown("client_id")}, config_url ` +
        `${shown("config_url")}, and no ${FINGERPRINT_LABEL} mark in its comment). Fix: if it is the hand-made ` +
        `setup of this authentik application, set clientId to its client_id so the stack adopts it; if it is no ` +
        `longer used, remove it (mc admin config reset ALIAS ${target}) and restart MinIO; otherwise give this ` +
        `stack another target (minioConfigName)`,
    );
  }
  for (const other of all) {
    if (same(other.target, target) || !isClaimBased(other)) continue;
    if (opts.atPreview && fingerprintInComment(other.values.comment ?? "") !== undefined) continue;
    const byEnv = Object.keys(other.values).length === 0 ? " (set by the server's environment)" : "";
    problems.push(
      `${other.target}${byEnv} is another claim-based OpenID target (enabled, no role_policy), and MinIO loads ` +
        `only one, so it would refuse ${target} at the restart. Fix: give ${other.target} a role_policy, turn it off ` +
        `(enable=off) or remove it (mc admin config reset ALIAS ${other.target}), then restart MinIO`,
    );
  }
  return problems;
}

/** One message for every problem: "refusing to write TARGET: …" (problems separated by " Also: "). */
export function refusal(target: string, problems: readonly string[]): string {
  return `refusing to write ${target}: ${problems.join(". Also: ")}. Nothing was changed`;
}
