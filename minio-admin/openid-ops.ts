// apply / remove / show of one identity_openid target, on top of MinioAdminClient.
//
// MinIO's get-config-kv shows the config loaded at the last start; set and delete only change the saved config
// and need a restart to take effect (identity_openid is not a dynamic subsystem; minio.md §0.2).
import type { MinioAdminClient, WaitOptions } from "./client";
import {
  diffConfig,
  displayValues,
  encodeDeleteLine,
  encodeSetLine,
  findTarget,
  isConfigured,
  parseConfigOutput,
  type ParsedTarget,
} from "./config-kv";
import { AdminError } from "./errors";
import { clobberProblems, ownershipOf, refusal, type DesiredIdentity } from "./never-clobber";
import { getConfigKey, SECRET_KEY, SUBSYSTEM } from "./openid-keys";
import { FINGERPRINT_LABEL, fingerprintInComment } from "./secret-fingerprint";

export interface ApplyResult {
  config: string;
  changed: boolean;
  restarted: boolean;
  keys: string[];
}

export interface RemoveResult {
  config: string;
  changed: boolean;
  restarted: boolean;
}

export interface ShowResult {
  config: string;
  values: Record<string, string>;
}

/** MinIO's answer for a named target it does not know (HTTP 400 XMinioConfigError). */
function isNoSuchTarget(err: unknown): boolean {
  return (
    err instanceof AdminError &&
    err.status === 400 &&
    err.code === "XMinioConfigError" &&
    /there is no target/.test(err.serverMessage ?? "")
  );
}

/** The loaded config of `target`, or null when MinIO does not list it. */
export async function readTarget(client: MinioAdminClient, target: string): Promise<ParsedTarget | null> {
  let text: string;
  try {
    text = await client.getConfigKV(getConfigKey(target));
  } catch (err) {
    if (isNoSuchTarget(err)) return null;
    throw err;
  }
  let parsed: ParsedTarget[];
  try {
    parsed = parseConfigOutput(text);
  } catch (err) {
    throw new AdminError(
      { kind: "protocol", endpoint: client.endpoint },
      `cannot parse the get-config-kv answer: ${(err as Error).message}`,
    );
  }
  return findTarget(parsed, target);
}

/** Every target get-config-kv lists for the sub-system (the default first), with their environment overrides. */
export async function readAllTargets(client: MinioAdminClient): Promise<ParsedTarget[]> {
  const text = await client.getConfigKV(SUBSYSTEM);
  try {
    return parseConfigOutput(text);
  } catch (err) {
    throw new AdminError(
      { kind: "protocol", endpoint: client.endpoint },
      `cannot parse the get-config-kv answer: ${(err as Error).message}`,
    );
  }
}

/**
 * Whether only the fingerprint is missing: a target written by hand (`mc admin config set`, adopted with
 * `npm run adopt`) holds every managed key as desired, but its comment has no fingerprint, so the hidden secret
 * cannot be compared. Writing the comment alone then needs no restart: MinIO's openid subsystem never reads
 * `comment` (minio/minio internal/config/identity/openid/openid.go LookupConfig and providercfg.go
 * newProviderCfgFromConfig read the keys they use, and `comment` is not one of them), so the running server
 * behaves the same. get-config-kv keeps showing the loaded comment until the next restart, so a later apply
 * writes the same comment again, still without a restart.
 */
export function onlyFingerprintMissing(
  current: ParsedTarget | null,
  desired: Readonly<Record<string, string>>,
  keys: readonly string[],
): boolean {
  if (current === null || fingerprintInComment(desired.comment ?? "") === undefined) return false;
  // A shown client_secret is an empty one: then the secret itself differs.
  if (Object.hasOwn(current.values, SECRET_KEY)) return false;
  if (fingerprintInComment(current.values.comment ?? "") !== undefined) return false;
  return keys.filter((k) => k !== SECRET_KEY).join() === "comment";
}

/**
 * Sets the keys that differ from `desired` and restarts only if something was set, except when only the secret's
 * fingerprint is missing (onlyFingerprintMissing): then it sets the comment alone, without a restart. First, before
 * any write, it refuses (AdminError "refused") what never-clobber.ts names: a foreign target, environment
 * overrides, another claim-based target.
 */
export async function applyOpenId(
  client: MinioAdminClient,
  target: string,
  desired: Readonly<Record<string, string>>,
  wait: WaitOptions,
): Promise<ApplyResult> {
  const all = await readAllTargets(client);
  const identity = { client_id: desired.client_id ?? "", config_url: desired.config_url ?? "" };
  const problems = clobberProblems(all, target, identity);
  if (problems.length > 0)
    throw new AdminError({ kind: "refused", endpoint: client.endpoint }, refusal(target, problems));
  const current = findTarget(all, target);
  const keys = diffConfig(current, desired);
  if (keys.length === 0) return { config: target, changed: false, restarted: false, keys: [] };
  if (onlyFingerprintMissing(current, desired, keys)) {
    await client.setConfigKV(encodeSetLine(target, [["comment", desired.comment]]));
    return { config: target, changed: true, restarted: false, keys: ["comment"] };
  }
  const line = encodeSetLine(
    target,
    keys.map((k) => [k, desired[k]] as const),
  );
  await client.setConfigKV(line);
  await client.restartAndWait(wait);
  return { config: target, changed: true, restarted: true, keys };
}

/**
 * Deletes the target and restarts when the running server had it configured. Idempotent: an absent target
 * (HTTP 404 XMinioConfigNotFoundError for a named one) changes nothing. The default target always exists in
 * MinIO, so for it "configured" means any setting beyond the defaults. Given the stack's `desired` identity, a
 * target that holds someone else's configuration (never-clobber.ts) is refused, not deleted.
 */
export async function removeOpenId(
  client: MinioAdminClient,
  target: string,
  wait: WaitOptions,
  desired?: DesiredIdentity,
): Promise<RemoveResult> {
  const current = await readTarget(client, target);
  if (desired !== undefined && ownershipOf(current, desired) === "foreign") {
    throw new AdminError(
      { kind: "refused", endpoint: client.endpoint },
      `refusing to remove ${target}: it holds a configuration this stack did not write (client_id ` +
        `${JSON.stringify(current?.values.client_id ?? "")}, no ${FINGERPRINT_LABEL} mark in its comment). Fix: ` +
        `remove it by hand if nothing uses it (mc admin config reset ALIAS ${target}, then restart MinIO), or let ` +
        "the stack forget it: pulumi state delete '<URN of the …-identity-openid command>'. Nothing was changed",
    );
  }
  const loaded = current !== null && (target !== SUBSYSTEM || isConfigured(current));
  let removed = false;
  try {
    await client.delConfigKV(encodeDeleteLine(target));
    removed = target !== SUBSYSTEM || loaded;
  } catch (err) {
    const absent = err instanceof AdminError && err.status === 404 && err.code === "XMinioConfigNotFoundError";
    if (!absent) throw err;
  }
  if (!loaded) return { config: target, changed: removed, restarted: false };
  await client.restartAndWait(wait);
  return { config: target, changed: true, restarted: true };
}

/** The loaded values of the target, client secret redacted; empty when MinIO does not list the target. */
export async function showOpenId(client: MinioAdminClient, target: string): Promise<ShowResult> {
  const current = await readTarget(client, target);
  return { config: target, values: current === null ? {} : displayValues(current) };
}
