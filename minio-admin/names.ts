// MinIO's naming rules as this project holds them, for every part that names a target or a policy: the admin CLI,
// the Pulumi components, the stack config and verify. Each rule answers with a phrase (or undefined when the name is
// fine) worded to follow whatever carries the name: a variable, an argument or a config key. Pure: no I/O.
import { SUBSYSTEM } from "./openid-keys";

/** MinIO's own name for the default target: "identity_openid:_" is "identity_openid". */
export const DEFAULT_TARGET_NAME = "_";

/**
 * Target names: MinIO itself is laxer, but a name must also work in the KV text and in MinIO's per-target
 * environment variables (MINIO_IDENTITY_OPENID_<KEY>_<NAME>), so letters, digits and "_" only.
 */
const TARGET_NAME = /^[A-Za-z0-9][A-Za-z0-9_]{0,63}$/;

/** Why `name` is not a usable identity_openid target name; "" and "_" both mean the default target. */
export function targetNameProblem(name: string): string | undefined {
  if (name === "" || name === DEFAULT_TARGET_NAME || TARGET_NAME.test(name)) return undefined;
  return 'must be empty or 1-64 letters, digits and "_", starting with a letter or digit';
}

/** "identity_openid" for the default target ("" or "_"), "identity_openid:NAME" for a name targetNameProblem accepts. */
export function configTarget(name: string): string {
  const problem = targetNameProblem(name);
  if (problem !== undefined) throw new Error(`configTarget: the target name ${problem}`);
  return name === "" || name === DEFAULT_TARGET_NAME ? SUBSYSTEM : `${SUBSYSTEM}:${name}`;
}

/**
 * Policy names: MinIO splits the policy claim on commas and trims blanks, and refuses names with commas or
 * surrounding blanks (ErrPolicyInvalidName); this accepts a conservative set of characters within that.
 */
const POLICY_NAME = /^[A-Za-z0-9_.+=@-]{1,128}$/;

/** Why `name` is not a usable MinIO policy name, or undefined. */
export function policyNameProblem(name: string): string | undefined {
  if (POLICY_NAME.test(name)) return undefined;
  return 'must be 1 to 128 letters, digits, "_", "-", ".", "+", "=" or "@"';
}
