// The stack's config and outputs, from the JSON the Pulumi CLI prints (pure: text in, plain data out).
//
// `pulumi config --json --show-secrets` prints one object keyed by the fully qualified key ("<namespace>:<key>"),
// each entry {"value": "<text>", "secret": bool} plus "objectValue" for structured values; without
// --show-secrets a secret entry has no "value" (pulumi/pulumi pkg/cmd/pulumi/config/config.go, configValueJSON).
// `pulumi stack output --json` prints the outputs as one plain object, name -> value
// (pkg/cmd/pulumi/stack/stack_output.go). The program exports no secret output: verify reads the client secret
// from authentik (authentik-checks.ts).
import { loadConfig, type StackConfig } from "../lib/config";
import { VerifyInputError } from "./args";

export const PROJECT = "minio-authentik-sso";
/** The provider keys lib/config.ts reads besides the project's own. */
export const PROVIDER_KEYS: readonly string[] = ["authentik:url", "authentik:token"];
/** An authentik provider's pk (a positive int32) as the program exports it: a decimal string. */
const PROVIDER_ID = /^[1-9][0-9]{0,9}$/;

export interface StackOutputs {
  /** The id of the authentik OAuth2 provider the stack created (decimal). */
  providerId: string;
  /** The OAuth2 client ID the program exported, when it did. */
  clientId?: string;
  /** The discovery URL the program exported, when it did. */
  discoveryUrl?: string;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses JSON text; the error names where it came from, never its content. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new VerifyInputError(`${source} is not valid JSON`);
  }
}

/**
 * The raw config lib/config.ts's loadConfig takes: project keys without the "minio-authentik-sso:" namespace plus
 * "authentik:url" and "authentik:token". Keys of other namespaces are ignored.
 */
export function rawConfigFromPulumi(json: unknown, source: string): Record<string, string> {
  if (!isRecord(json)) throw new VerifyInputError(`${source} must be a JSON object of "<namespace>:<key>" entries`);
  const raw: Record<string, string> = {};
  const prefix = `${PROJECT}:`;
  for (const [fullKey, entry] of Object.entries(json)) {
    const key = fullKey.startsWith(prefix)
      ? fullKey.slice(prefix.length)
      : PROVIDER_KEYS.includes(fullKey)
        ? fullKey
        : undefined;
    if (key === undefined) continue;
    if (!isRecord(entry)) throw new VerifyInputError(`${source}: the entry of ${fullKey} must be an object`);
    if (typeof entry.value === "string") raw[key] = entry.value;
    else if (entry.objectValue !== undefined) raw[key] = JSON.stringify(entry.objectValue);
    else if (entry.secret === true) {
      throw new VerifyInputError(
        `${source}: the secret ${fullKey} has no value (run pulumi config with --show-secrets)`,
      );
    } else throw new VerifyInputError(`${source}: the entry of ${fullKey} has no string "value"`);
  }
  return raw;
}

/**
 * The validated stack config; config problems (never secret values) become one VerifyInputError. `fallback` holds
 * values for keys the stack does not set (authentik:url and authentik:token from the environment).
 */
export function stackConfigFromPulumi(
  json: unknown,
  source: string,
  fallback: Readonly<Record<string, string>> = {},
): StackConfig {
  const raw = rawConfigFromPulumi(json, source);
  for (const [key, value] of Object.entries(fallback)) if (!raw[key]) raw[key] = value;
  try {
    return loadConfig(raw);
  } catch (err) {
    throw new VerifyInputError(`${source}: ${(err as Error).message}`);
  }
}

function optionalString(json: Record<string, unknown>, name: string, source: string): string | undefined {
  const value = json[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new VerifyInputError(`${source}: output ${name} must be a string`);
  return value;
}

/** The outputs verify needs; providerId is required. */
export function outputsFromPulumi(json: unknown, source: string): StackOutputs {
  if (!isRecord(json)) throw new VerifyInputError(`${source} must be a JSON object of stack outputs`);
  const providerId = optionalString(json, "providerId", source);
  if (providerId === undefined || providerId === "") {
    throw new VerifyInputError(`${source}: output providerId is missing (has the stack been deployed?)`);
  }
  if (!PROVIDER_ID.test(providerId)) {
    throw new VerifyInputError(`${source}: output providerId must be the decimal id of an authentik provider`);
  }
  const out: StackOutputs = { providerId };
  const clientId = optionalString(json, "clientId", source);
  if (clientId !== undefined) out.clientId = clientId;
  const discoveryUrl = optionalString(json, "discoveryUrl", source);
  if (discoveryUrl !== undefined) out.discoveryUrl = discoveryUrl;
  return out;
}
