// Read-only checks of a MinIO deployment before anything is written (no Pulumi imports): the never-clobber rules of
// the identity_openid target, for the component at preview, and the custom-policy guard the CLI's `check-policy`
// runs before the stack first writes a policy.
import type { MinioAdminClient } from "./client";
import { AdminError } from "./errors";
import { clobberProblems, refusal, type DesiredIdentity } from "./never-clobber";
import { readAllTargets } from "./openid-ops";

/** What a read-only check found: go on, stop with a message, or go on with a warning (the server was not reached). */
export type Verdict =
  { kind: "ok" } | { kind: "refused"; message: string } | { kind: "unreached"; message: string; atUp: string };

/** The fix for a failure that is not a refusal, by kind; undefined: the server was not reached, say so and go on. */
function failureFix(err: AdminError): string | undefined {
  if (err.kind === "auth") {
    return (
      "check the stack's MinIO keys (minioAccessKey, minioSecretKey); a user other than root needs " +
      "admin:ConfigUpdate, admin:ServiceRestart and admin:ServerInfo (README, Least privilege)"
    );
  }
  if (err.kind === "rejected" || err.kind === "protocol") {
    return "check that minioEndpoint is the S3/admin API of a MinIO server (not its console)";
  }
  return undefined;
}

/**
 * Reads every identity_openid target of the server once and applies never-clobber.ts to `target`. Refused: a
 * never-clobber problem, or an answer that shows a wrong key or a server that is not MinIO; unreached: no
 * connection, a timeout or a server error, worded for preview (a warning: `apply` meets it again before it writes)
 * and for `up` (the update stops before anything is written). `atPreview`: see clobberProblems.
 */
export async function checkOpenIdTarget(
  client: MinioAdminClient,
  target: string,
  desired: DesiredIdentity,
  atPreview = false,
): Promise<Verdict> {
  try {
    const problems = clobberProblems(await readAllTargets(client), target, desired, { atPreview });
    if (problems.length === 0) return { kind: "ok" };
    return { kind: "refused", message: `MinIO at ${client.endpoint}: ${refusal(target, problems)}` };
  } catch (err) {
    if (!(err instanceof AdminError)) throw err;
    const cause = err.message.startsWith(`${err.endpoint}: `)
      ? err.message.slice(err.endpoint.length + 2)
      : err.message;
    const fix = failureFix(err);
    if (fix !== undefined) {
      return { kind: "refused", message: `reading MinIO at ${client.endpoint} failed: ${cause}. Fix: ${fix}` };
    }
    return {
      kind: "unreached",
      message:
        `MinIO at ${client.endpoint} could not be read at preview (${cause}); its never-clobber checks run ` +
        "again when `up` applies the target, before anything is written",
      atUp:
        `MinIO at ${client.endpoint} could not be read (${cause}), so this update stops before anything is written ` +
        "in authentik or MinIO. Fix: check that MinIO is up and that minioEndpoint is its S3/admin API " +
        "(pulumi config set minioEndpoint <scheme://host:port>), then run pulumi up again",
    };
  }
}

const SET_KEYS = new Set(["Action", "NotAction", "Resource", "NotResource"]);

/** A policy document as MinIO reads it, for comparison: keys sorted, and Action/Resource lists as sorted sets. */
function canonicalPolicy(value: unknown, key = "", inCondition = false): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => canonicalPolicy(v, "", inCondition));
    return SET_KEYS.has(key) || inCondition ? [...new Set(items.map((v) => JSON.stringify(v)))].sort() : items;
  }
  if (typeof value === "string" && (SET_KEYS.has(key) || (inCondition && key !== ""))) return [JSON.stringify(value)];
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[k];
    if ((k === "Sid" || k === "ID" || k === "Id") && v === "") continue;
    if (k === "Condition" && v !== null && typeof v === "object" && Object.keys(v).length === 0) continue;
    out[k] = canonicalPolicy(v, k, inCondition || k === "Condition");
  }
  return out;
}

/** Whether two policy documents (JSON text) say the same to MinIO: the order of keys and of list items aside. */
export function samePolicy(a: string, b: string): boolean {
  try {
    return JSON.stringify(canonicalPolicy(JSON.parse(a))) === JSON.stringify(canonicalPolicy(JSON.parse(b)));
  } catch {
    return false;
  }
}

export interface PolicyCheck {
  policy: string;
  /** MinIO has a policy of that name. */
  exists: boolean;
}

/**
 * The custom-policy guard: MinIO's add-canned-policy replaces a policy of the same name without a word
 * (cmd/iam-store.go SetPolicy), so before the stack first writes `name`, a policy MinIO already holds under it
 * must be the same document (then the stack takes it over). Otherwise AdminError "refused", nothing written.
 */
export async function checkPolicy(client: MinioAdminClient, name: string, document: string): Promise<PolicyCheck> {
  const stored = await client.infoCannedPolicy(name);
  if (stored === null || samePolicy(stored, document)) return { policy: name, exists: stored !== null };
  throw new AdminError(
    { kind: "refused", endpoint: client.endpoint },
    `refusing to write the policy "${name}": MinIO already holds a policy of that name with another document, ` +
      `which this stack did not write (add-canned-policy would replace it without a word). Fix: give the custom ` +
      `policy another name in customPolicies; or, if nothing uses MinIO's policy any more, remove it (mc admin ` +
      `policy remove ALIAS ${name}); or make customPolicies.${name} MinIO's document, so that the stack takes it ` +
      "over. Nothing was changed",
  );
}
