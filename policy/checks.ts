/**
 * The policy pack's rules as pure functions over plain property bags. Nothing here imports Pulumi or
 * @pulumi/policy, so each rule is unit-tested directly; rules.ts wires them into policies.
 *
 * Property names follow the Pulumi SDK that the terraform-provider bridge generates from
 * terraform-provider-authentik: TF attributes become camelCase properties (`client_type` -> `clientType`), but the
 * keys inside a TF map, such as an `allowed_redirect_uris` entry, stay as they are (`matching_mode`, `url`).
 */
import { envVarForKey } from "../minio-admin/openid-keys";

/** The resource types the rules look at. */
export const TYPES = {
  /** `authentik_provider_oauth2`, as the bridge names it in the single `index` module. */
  oauth2Provider: "authentik:index/providerOauth2:ProviderOauth2",
  /** pulumi-command's local command; the MinIO one is recognised by its environment (see isOpenIdCommand). */
  command: "command:local:Command",
  /** The root resource; its properties are the stack outputs. */
  stack: "pulumi:pulumi:Stack",
} as const;

/** The admin CLI's variables that the rules read. */
export const OPENID_ENV = {
  configUrl: envVarForKey("config_url"),
  redirectUri: envVarForKey("redirect_uri"),
  clientSecret: envVarForKey("client_secret"),
} as const;

/** A property that may not be known yet. */
export type Read = { known: true; value: unknown } | { known: false };

/**
 * Reads `obj[key]`. During preview the policy framework hands the rules a proxy that throws when a value the
 * engine does not know yet is read; that is the only getter in this data that throws, so a throw means "unknown".
 * The rules skip unknown values: they run again, with everything known, before the update applies them.
 */
export function read(obj: unknown, key: string | number): Read {
  if (typeof obj !== "object" || obj === null) return { known: true, value: undefined };
  try {
    return { known: true, value: (obj as Record<string | number, unknown>)[key] };
  } catch {
    return { known: false };
  }
}

const quote = (value: string) => JSON.stringify(value);

/** localhost, 127.0.0.0/8 and [::1]: a browser's redirect to these never leaves the user's machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Why `value` (named `what`) is not an https URL, or undefined. Plain http is accepted for loopback hosts only. */
export function httpsProblem(what: string, value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return `${what} is not set; it must be an https:// URL.`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${what} ${quote(value)} is not an absolute URL; it must be an https:// URL.`;
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return undefined;
  return (
    `${what} ${quote(value)} must use https:// ` +
    "(plain http is accepted only for localhost, 127.0.0.0/8 and [::1], which never leave the machine)."
  );
}

/** The entries of `allowedRedirectUris`, each read on its own; undefined while the list itself is unknown. */
function redirectEntries(props: unknown): Read[] | undefined {
  const list = read(props, "allowedRedirectUris");
  if (!list.known) return undefined;
  if (!Array.isArray(list.value)) return [];
  return list.value.map((_, i) => read(list.value, i));
}

/** Rule "https-urls", authentik side: every allowed redirect URL is https. */
export function providerUrlProblems(props: unknown): string[] {
  const problems: string[] = [];
  redirectEntries(props)?.forEach((entry, i) => {
    if (!entry.known) return;
    const url = read(entry.value, "url");
    if (!url.known) return;
    const problem = httpsProblem(`allowedRedirectUris[${i}].url`, url.value);
    if (problem) problems.push(problem);
  });
  return problems;
}

/** Rule "confidential-client": the provider is a confidential client. */
export function confidentialClientProblem(props: unknown): string | undefined {
  const clientType = read(props, "clientType");
  if (!clientType.known || clientType.value === "confidential") return undefined;
  const shown = typeof clientType.value === "string" ? quote(clientType.value) : "not set";
  return (
    `clientType is ${shown}; MinIO signs in with a client secret, which only a confidential client has. ` +
    'Set clientType: "confidential".'
  );
}

/** Rule "signing-key": the provider signs tokens with a key pair (RS256), not with the client secret (HS256). */
export function signingKeyProblem(props: unknown): string | undefined {
  const key = read(props, "signingKey");
  if (!key.known || (typeof key.value === "string" && key.value !== "")) return undefined;
  return (
    "signingKey is not set; authentik then signs ID tokens with HS256 and MinIO, which verifies them against the " +
    "provider's JWKS, rejects every login. Set signingKey to a certificate-key pair's ID."
  );
}

/** Rule "strict-redirect": at least one redirect URI, each matched exactly (no regex). */
export function strictRedirectProblems(props: unknown): string[] {
  const entries = redirectEntries(props);
  if (entries === undefined) return [];
  if (entries.length === 0) {
    return [
      "allowedRedirectUris is empty; authentik then saves the first redirect URI a client sends. " +
        'Declare MinIO\'s callback URL with matching_mode "strict".',
    ];
  }
  const problems: string[] = [];
  entries.forEach((entry, i) => {
    if (!entry.known) return;
    const mode = read(entry.value, "matching_mode");
    if (!mode.known || mode.value === "strict") return;
    const shown = typeof mode.value === "string" ? quote(mode.value) : "not set";
    problems.push(
      `allowedRedirectUris[${i}].matching_mode is ${shown}; a pattern lets a look-alike URL receive the ` +
        'authorization code. Set matching_mode "strict" and list each exact callback URL.',
    );
  });
  return problems;
}

/** True for the `local.Command` that runs the MinIO admin CLI: its environment carries the discovery URL. */
export function isOpenIdCommand(type: string, props: unknown): boolean {
  if (type !== TYPES.command) return false;
  const env = read(props, "environment");
  return env.known && typeof env.value === "object" && env.value !== null && OPENID_ENV.configUrl in env.value;
}

/** Rule "https-urls", MinIO side: the discovery URL and the console's redirect URI are https. */
export function openIdCommandUrlProblems(props: unknown): string[] {
  const env = read(props, "environment");
  if (!env.known) return [];
  const problems: string[] = [];
  for (const variable of [OPENID_ENV.configUrl, OPENID_ENV.redirectUri]) {
    const value = read(env.value, variable);
    if (!value.known) continue;
    const problem = httpsProblem(`environment.${variable}`, value.value);
    if (problem) problems.push(problem);
  }
  return problems;
}

/**
 * Rule "client-secret-not-plain", MinIO side: what the CLI prints stays out of plain state and out of the log.
 * `additionalSecretOutputs` is the resource option as the engine reports it.
 */
export function openIdCommandExposureProblems(props: unknown, additionalSecretOutputs: readonly string[]): string[] {
  const problems: string[] = [];
  const missing = ["stdout", "stderr"].filter((p) => !additionalSecretOutputs.includes(p));
  if (missing.length > 0) {
    problems.push(
      `${missing.join(" and ")} ${missing.length === 1 ? "is" : "are"} not in additionalSecretOutputs; ` +
        "pulumi-command keeps them in plain state, and they come from a run that holds the client secret. " +
        'Add additionalSecretOutputs: ["stdout", "stderr"].',
    );
  }
  const logging = read(props, "logging");
  if (logging.known && logging.value !== "none") {
    const shown = typeof logging.value === "string" ? quote(logging.value) : "not set (pulumi-command logs both)";
    problems.push(`logging is ${shown}; the command's output would reach Pulumi's log. Set logging: "none".`);
  }
  return problems;
}
