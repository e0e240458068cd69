/**
 * Rule "client-secret-not-plain": the OAuth2 client secret appears only where it belongs.
 * Pure: imports nothing from Pulumi or @pulumi/policy.
 *
 * The framework unwraps Pulumi secrets before a rule sees them, so a rule cannot tell a secret value from a plain
 * one. It can tell where the value is: the authentik provider's `clientSecret` and the MinIO command's
 * `MINIO_OPENID_CLIENT_SECRET` carry it (the bridge and our component keep both secret; the component's mock tests
 * prove its half). Anywhere else, a stack output above all, is a leak: nobody needs the secret outside those two.
 */
import { REDACTED } from "../minio-admin/errors";
import { OPENID_ENV, PROVIDER_PROPERTIES, TYPES, isOpenIdCommand } from "./checks";
import { elements, read, readPath } from "./read";

/** What a stack rule sees of one resource (its outputs; in preview, partly unknown). */
export interface StackResource {
  urn: string;
  type: string;
  props: unknown;
}

/** One place that holds the client secret but should not. */
export interface Leak {
  urn: string;
  type: string;
  /** Dotted property path, e.g. `secretOut` or `environment.EXTRA`; a key holding the secret shows as REDACTED. */
  path: string;
}

/** Shorter values are compared whole, so a short test secret cannot match inside unrelated text. */
const SUBSTRING_MIN_LENGTH = 8;
const COMMAND_SECRET_HOME = ["environment", OPENID_ENV.clientSecret] as const;
const COMMAND_SECRET_PATH = COMMAND_SECRET_HOME.join(".");

function holdsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((s) => text === s || (s.length >= SUBSTRING_MIN_LENGTH && text.includes(s)));
}

/**
 * Dotted paths below `value` whose string, or whose key, contains one of `secrets`; `allowed` paths and unknown
 * values are skipped.
 */
export function secretPaths(value: unknown, secrets: readonly string[], allowed: readonly string[] = []): string[] {
  if (secrets.length === 0) return [];
  const found: string[] = [];
  const walk = (v: unknown, path: string): void => {
    if (allowed.includes(path)) return;
    if (typeof v === "string") {
      if (holdsSecret(v, secrets)) found.push(path);
      return;
    }
    if (typeof v !== "object" || v === null) return;
    const join = (key: string) => (path === "" ? key : `${path}.${key}`);
    if (Array.isArray(v)) {
      elements(v).forEach((e, i) => {
        if (e.known) walk(e.value, join(String(i)));
      });
      return;
    }
    for (const key of Object.keys(v)) {
      // A key that contains a secret, however short, never appears in a path.
      const segment = secrets.some((s) => key.includes(s)) ? REDACTED : key;
      if (holdsSecret(key, secrets)) {
        found.push(join(segment));
        continue;
      }
      const next = read(v, key);
      if (next.known) walk(next.value, join(segment));
    }
  };
  walk(value, "");
  return found;
}

/** The known, non-empty string at `path`, or undefined. */
function knownString(props: unknown, path: readonly string[]): string | undefined {
  const r = readPath(props, path);
  return r.known && typeof r.value === "string" && r.value !== "" ? r.value : undefined;
}

/** Where a resource keeps its own copy of the secret: the provider's clientSecret, the MinIO command's variable. */
function secretHome(type: string, props: unknown): readonly string[] | undefined {
  if (type === TYPES.oauth2Provider) return [PROVIDER_PROPERTIES.client_secret];
  if (isOpenIdCommand(type, props)) return COMMAND_SECRET_HOME;
  return undefined;
}

/** The client secret a resource itself carries, if known (during an update; often unknown in preview). */
export function ownSecrets(type: string, props: unknown): string[] {
  const home = secretHome(type, props);
  const secret = home === undefined ? undefined : knownString(props, home);
  return secret === undefined ? [] : [secret];
}

/** `text` with every occurrence of `secrets` replaced, so a quoted value cannot repeat one in a message. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, s) => (s === "" ? t : t.split(s).join(REDACTED)), text);
}

/**
 * Before each step: the MinIO command carries the secret in MINIO_OPENID_CLIENT_SECRET only, never in a command
 * line, trigger or other variable (pulumi-command keeps those in plain state; command lines are visible to every
 * process on the machine).
 */
export function commandSecretProblems(props: unknown): string[] {
  return secretPaths(props, ownSecrets(TYPES.command, props), [COMMAND_SECRET_PATH]).map(
    (path) => `${path} carries the OAuth2 client secret; pass it only in ${COMMAND_SECRET_PATH}.`,
  );
}

/** The one place a resource may hold the secret: its own copy's home, as a dotted path. */
function allowedPaths(resource: StackResource): string[] {
  const home = secretHome(resource.type, resource.props);
  return home === undefined ? [] : [home.join(".")];
}

/** The known client secrets the stack declares. */
export function clientSecrets(resources: readonly StackResource[]): string[] {
  return [...new Set(resources.flatMap((r) => ownSecrets(r.type, r.props)))];
}

/**
 * After the update: every property, outside the allowed places, that holds a client secret. Strings only: an asset
 * or archive (whose contents the framework hands over as promises) is not read.
 */
export function clientSecretLeaks(resources: readonly StackResource[]): Leak[] {
  const secrets = clientSecrets(resources);
  return resources.flatMap((r) =>
    secretPaths(r.props, secrets, allowedPaths(r)).map((path) => ({ urn: r.urn, type: r.type, path })),
  );
}

/** The violation message for one leak; it names the place, never the value. */
export function leakMessage(leak: Leak): string {
  const where = leak.path === "" ? "the resource's state" : leak.path;
  const what = leak.type === TYPES.stack ? "stack output" : "resource";
  return (
    `${where} carries the OAuth2 client secret. Only the authentik provider's ${PROVIDER_PROPERTIES.client_secret} ` +
    `and the MinIO command's ${OPENID_ENV.clientSecret} may hold it; remove it from this ${what}. This check ` +
    "runs after the update, so the value is in the state already: rotate the client secret too."
  );
}
