/**
 * Rule "client-secret-not-plain", whole stack: the OAuth2 client secret appears only where it belongs.
 * Pure: imports nothing from Pulumi or @pulumi/policy.
 *
 * The policy framework unwraps Pulumi secrets before a rule sees them, so a rule cannot tell a secret output from a
 * plain one. It can tell where the value is: the authentik provider's `clientSecret` and the MinIO command's
 * `MINIO_OPENID_CLIENT_SECRET` carry it (the bridge and our component keep both secret); anywhere else, a stack
 * output above all, is a leak. Nobody needs the secret outside authentik and MinIO.
 */
import { OPENID_ENV, TYPES, isOpenIdCommand, read } from "./checks";

/** What a stack rule sees of one resource (its outputs, or its inputs where outputs are not known yet). */
export interface StackResource {
  urn: string;
  type: string;
  props: unknown;
}

/** One place that holds the client secret but should not. */
export interface Leak {
  urn: string;
  type: string;
  /** Dotted property path, e.g. `secretOut` or `environment.EXTRA`. */
  path: string;
}

/** Shorter values are compared whole, so a short test secret cannot match inside unrelated text. */
const SUBSTRING_MIN_LENGTH = 8;

/** Where each type may hold the secret, as dotted paths. */
function allowedPaths(resource: StackResource): string[] {
  if (resource.type === TYPES.oauth2Provider) return ["clientSecret"];
  if (isOpenIdCommand(resource.type, resource.props)) return [`environment.${OPENID_ENV.clientSecret}`];
  return [];
}

/** The known, non-empty client secrets declared in the stack. */
export function clientSecrets(resources: readonly StackResource[]): string[] {
  const found = new Set<string>();
  for (const resource of resources) {
    for (const path of allowedPaths(resource)) {
      let value: unknown = resource.props;
      for (const key of path.split(".")) {
        const next = read(value, key);
        value = next.known ? next.value : undefined;
      }
      if (typeof value === "string" && value !== "") found.add(value);
    }
  }
  return [...found];
}

function holdsSecret(text: string, secrets: readonly string[]): boolean {
  return secrets.some((s) => text === s || (s.length >= SUBSTRING_MIN_LENGTH && text.includes(s)));
}

/** Every property, outside the allowed places, whose string value contains a client secret. Unknowns are skipped. */
export function clientSecretLeaks(resources: readonly StackResource[]): Leak[] {
  const secrets = clientSecrets(resources);
  if (secrets.length === 0) return [];
  const leaks: Leak[] = [];
  for (const resource of resources) {
    const allowed = allowedPaths(resource);
    const walk = (value: unknown, path: string): void => {
      if (allowed.includes(path)) return;
      if (typeof value === "string") {
        if (holdsSecret(value, secrets)) leaks.push({ urn: resource.urn, type: resource.type, path });
        return;
      }
      if (typeof value !== "object" || value === null) return;
      const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
      for (const key of keys) {
        const next = read(value, key);
        if (next.known) walk(next.value, path === "" ? String(key) : `${path}.${key}`);
      }
    };
    walk(resource.props, "");
  }
  return leaks;
}

/** The violation message for one leak; it names the place, never the value. */
export function leakMessage(leak: Leak): string {
  const where = leak.path === "" ? "the resource's state" : leak.path;
  return (
    `${where} carries the OAuth2 client secret. Only the authentik provider's clientSecret and the MinIO ` +
    `command's ${OPENID_ENV.clientSecret} may hold it; remove it from this ` +
    `${leak.type === TYPES.stack ? "stack output" : "resource"}.`
  );
}
