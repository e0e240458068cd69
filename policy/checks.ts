/**
 * The per-resource rules of the policy pack, as pure functions over the property bags a rule receives. Nothing here
 * imports Pulumi or @pulumi/policy, so each rule is unit-tested directly; rules.ts wires them into policies.
 *
 * Names follow the Pulumi SDK that the terraform-provider bridge generates from terraform-provider-authentik: TF
 * attributes become camelCase properties (`client_type` -> `clientType`), while the keys inside a TF map, such as an
 * `allowed_redirect_uris` entry, are data and stay as written (`matching_mode`, `url`).
 */
import { envVarForKey } from "../minio-admin/openid-keys";
import { elements, read, readPath, type Read } from "./read";
import { httpsProblem } from "./urls";

/** The resource types the rules look at. */
export const TYPES = {
  /** `authentik_provider_oauth2`, as the bridge names it in the single `index` module. */
  oauth2Provider: "authentik:index/providerOauth2:ProviderOauth2",
  /** pulumi-command's local command; the MinIO one is recognised by its environment (see isOpenIdCommand). */
  command: "command:local:Command",
  /** The root resource; its properties are the stack outputs. */
  stack: "pulumi:pulumi:Stack",
} as const;

/** The OAuth2 provider's properties the rules read (TF attribute -> bridge property). */
export const PROVIDER_PROPERTIES = {
  client_type: "clientType",
  signing_key: "signingKey",
  allowed_redirect_uris: "allowedRedirectUris",
  client_secret: "clientSecret",
  grant_types: "grantTypes",
} as const;
const P = PROVIDER_PROPERTIES;

/** The admin CLI's variables that the rules read. */
export const OPENID_ENV = {
  configUrl: envVarForKey("config_url"),
  redirectUri: envVarForKey("redirect_uri"),
  clientSecret: envVarForKey("client_secret"),
} as const;

const quote = (value: string) => JSON.stringify(value);
const shown = (r: Read & { known: true }) => (typeof r.value === "string" ? quote(r.value) : "not set");

/**
 * The one pattern the program's login client (`minio-sso login`) registers: any port on 127.0.0.1, path /callback.
 * authentik matches `regex` entries with Python's re.fullmatch, so it admits only the loopback redirect of RFC 8252.
 */
export const LOOPBACK_REDIRECT_REGEX = "http://127\\.0\\.0\\.1:[0-9]+/callback";

/** Whether a redirect entry is exactly that loopback pattern in regex mode. */
function isLoopbackPattern(entry: Read): boolean {
  if (!entry.known) return false;
  const [mode, url] = [read(entry.value, "matching_mode"), read(entry.value, "url")];
  return mode.known && mode.value === "regex" && url.known && url.value === LOOPBACK_REDIRECT_REGEX;
}

/**
 * The login client: a public client whose every redirect is the loopback pattern. Holding no secret is its point
 * (no end user may hold MinIO's), and authorization codes can only reach the signed-in person's own machine,
 * bound to the asking process by PKCE.
 */
export function isLoginClient(props: unknown): boolean {
  const clientType = read(props, P.client_type);
  const list = read(props, P.allowed_redirect_uris);
  if (!clientType.known || clientType.value !== "public" || !list.known) return false;
  const entries = elements(list.value);
  return entries.length > 0 && entries.every(isLoopbackPattern);
}

/** Rule "https-urls", authentik side: every allowed redirect URL is https (the loopback pattern aside). */
export function providerUrlProblems(props: unknown): string[] {
  const list = read(props, P.allowed_redirect_uris);
  if (!list.known) return [];
  return elements(list.value).flatMap((entry, i) => {
    if (isLoopbackPattern(entry)) return [];
    const url = entry.known ? read(entry.value, "url") : entry;
    const problem = url.known ? httpsProblem(`${P.allowed_redirect_uris}[${i}].url`, url.value) : undefined;
    return problem === undefined ? [] : [problem];
  });
}

/** Rule "confidential-client": the provider is a confidential client, or the login client (isLoginClient). */
export function confidentialClientProblem(props: unknown): string | undefined {
  const clientType = read(props, P.client_type);
  if (!clientType.known || clientType.value === "confidential" || isLoginClient(props)) return undefined;
  return (
    `${P.client_type} is ${shown(clientType)}; MinIO signs in with a client secret, which only a confidential ` +
    `client has. Set ${P.client_type}: "confidential".`
  );
}

/** Rule "signing-key": the provider signs tokens with a key pair (RS256), not with the client secret (HS256). */
export function signingKeyProblem(props: unknown): string | undefined {
  const key = read(props, P.signing_key);
  if (!key.known || (typeof key.value === "string" && key.value !== "")) return undefined;
  return (
    `${P.signing_key} is not set; authentik then signs ID tokens with HS256 and MinIO, which verifies them against ` +
    `the provider's JWKS, rejects every login. Set ${P.signing_key} to a certificate-key pair's ID.`
  );
}

/** Rule "strict-redirect": at least one redirect URI, each matched exactly (no regex but the loopback pattern). */
export function strictRedirectProblems(props: unknown): string[] {
  const list = read(props, P.allowed_redirect_uris);
  if (!list.known) return [];
  const entries = elements(list.value);
  if (entries.length === 0) {
    return [
      `${P.allowed_redirect_uris} is empty; authentik then saves the first redirect URI a client sends. ` +
        'Declare MinIO\'s callback URL with matching_mode "strict".',
    ];
  }
  return entries.flatMap((entry, i) => {
    if (isLoopbackPattern(entry)) return [];
    const mode = entry.known ? read(entry.value, "matching_mode") : entry;
    if (!mode.known || mode.value === "strict") return [];
    return [
      `${P.allowed_redirect_uris}[${i}].matching_mode is ${shown(mode)}; a pattern lets a look-alike URL receive ` +
        'the authorization code. Set matching_mode "strict" and list each exact callback URL.',
    ];
  });
}

/** Grant types that hand tokens out without the authorization-code flow's checks (front channel or passwords). */
export const UNSAFE_GRANT_TYPES: readonly string[] = ["implicit", "hybrid", "password"];

/** Rule "grant-types": the provider allows the authorization-code flow and none of the unsafe grants. */
export function grantTypeProblems(props: unknown): string[] {
  const list = read(props, P.grant_types);
  if (!list.known) return [];
  const entries = elements(list.value);
  if (entries.some((e) => !e.known)) return [];
  const grants = entries.map((e) => (e.known ? e.value : undefined));
  const problems: string[] = [];
  if (!grants.includes("authorization_code")) {
    problems.push(
      `${P.grant_types} ${grants.length === 0 ? "is not set" : `is ${JSON.stringify(grants)}`}; authentik 2026.5 ` +
        'then refuses every MinIO login. Include "authorization_code" (and "refresh_token").',
    );
  }
  for (const grant of UNSAFE_GRANT_TYPES.filter((g) => grants.includes(g))) {
    problems.push(
      `${P.grant_types} includes ${quote(grant)}; MinIO needs only the authorization-code flow. Remove ${quote(grant)}.`,
    );
  }
  return problems;
}

/**
 * Whether a resource is the `local.Command` that runs the MinIO admin CLI, known by the discovery URL in its
 * environment: "unknown" while its environment as a whole is not known yet (a preview).
 */
export function openIdCommandState(type: string, props: unknown): "yes" | "no" | "unknown" {
  if (type !== TYPES.command) return "no";
  const env = read(props, "environment");
  if (!env.known) return "unknown";
  return typeof env.value === "object" && env.value !== null && OPENID_ENV.configUrl in env.value ? "yes" : "no";
}

/** True for the MinIO admin command (see openIdCommandState). */
export function isOpenIdCommand(type: string, props: unknown): boolean {
  return openIdCommandState(type, props) === "yes";
}

/** Rule "https-urls", MinIO side: the discovery URL and the console's redirect URI are https. */
export function openIdCommandUrlProblems(props: unknown): string[] {
  return [OPENID_ENV.configUrl, OPENID_ENV.redirectUri].flatMap((variable) => {
    const value = readPath(props, ["environment", variable]);
    const problem = value.known ? httpsProblem(`environment.${variable}`, value.value) : undefined;
    return problem === undefined ? [] : [problem];
  });
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
    const value = typeof logging.value === "string" ? quote(logging.value) : "not set (pulumi-command logs both)";
    problems.push(`logging is ${value}; the command's output would reach Pulumi's log. Set logging: "none".`);
  }
  return problems;
}
