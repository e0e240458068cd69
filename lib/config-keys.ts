import { DEFAULT_REQUEST_TIMEOUT_SECONDS, DEFAULT_RESTART_TIMEOUT_SECONDS } from "../minio-admin/settings";

/**
 * Every config key the program reads: its default, whether it is secret, and an example for the fix command.
 * Pulumi.yaml declares the same project keys with the same defaults (a unit test keeps the two in step).
 */

export type ConfigKey =
  | "authentik:url"
  | "authentik:token"
  | "applicationName"
  | "applicationSlug"
  | "providerName"
  | "clientId"
  | "clientSecret"
  | "authorizationFlow"
  | "invalidationFlow"
  | "signingKey"
  | "accessTokenValidity"
  | "launchUrl"
  | "minioEndpoint"
  | "minioAccessKey"
  | "minioSecretKey"
  | "minioRedirectUri"
  | "minioDisplayName"
  | "minioClaimName"
  | "minioScopes"
  | "minioConfigName"
  | "minioRestartTimeout"
  | "minioRequestTimeout"
  | "allowInsecure"
  | "caBundle"
  | "loginClient"
  | "loginDeviceFlow"
  | "policyFile"
  | "defaultPolicy"
  | "groupPolicies"
  | "fallbackPolicy"
  | "customPolicies";

export interface ConfigKeySpec {
  readonly key: ConfigKey;
  /** Secret keys are set with `--secret` and never have a default. */
  readonly secret: boolean;
  /** Value used when the key is unset or empty. `undefined` = required (unless optional). `""` = empty means "none". */
  readonly default?: string;
  /** Unset is fine although there is no default: a secret cannot have one, so unset means "none". */
  readonly optional: boolean;
  /** Type declared in Pulumi.yaml; "yaml" = none declared, so a stack may hold a YAML list or map there. */
  readonly type: "string" | "boolean" | "integer" | "yaml";
  /** Example value, already quoted for a POSIX shell. Unused for secrets (the CLI prompts for them). */
  readonly example: string;
  /** Provider keys (`authentik:*`) cannot be declared in Pulumi.yaml; they are the provider's own config. */
  readonly providerKey: boolean;
}

/** The built-in MinIO policies (minio/pkg policy constants). */
export const BUILTIN_POLICIES: readonly string[] = [
  "consoleAdmin",
  "diagnostics",
  "readonly",
  "readwrite",
  "writeonly",
];

/** The OAuth scope under which the MinIO scope mapping is registered; MinIO must request it. */
export const MINIO_SCOPE_NAME = "minio";

/** The name the program gives its scope mapping; adopt renames a hand-made mapping to it. */
export const scopeMappingName = (providerName: string): string => `${providerName}: MinIO policies`;

// Structured keys are YAML values: the fix sets them path by path (a plain `config set` would store a string).
const GROUP_POLICIES_EXAMPLE =
  "--path 'groupPolicies[0].group' minio-admins && pulumi config set --path 'groupPolicies[0].policies' consoleAdmin";
const CUSTOM_POLICIES_EXAMPLE =
  "--path 'customPolicies.bucket-reader.Version' 2012-10-17 && pulumi config set --path " +
  "'customPolicies.bucket-reader.Statement[0].Effect' Allow (then Action and Resource the same way)";

function spec(
  key: ConfigKey,
  example: string,
  extra: { secret?: boolean; default?: string; optional?: boolean; type?: ConfigKeySpec["type"] } = {},
): ConfigKeySpec {
  return {
    key,
    example,
    secret: extra.secret ?? false,
    default: extra.default,
    optional: extra.optional ?? extra.default !== undefined,
    type: extra.type ?? "string",
    providerKey: key.startsWith("authentik:"),
  };
}

export const CONFIG_KEYS: readonly ConfigKeySpec[] = [
  spec("authentik:url", "https://authentik.example.com"),
  spec("authentik:token", "", { secret: true }),
  spec("applicationName", "MinIO"),
  spec("applicationSlug", "minio"),
  spec("providerName", "MinIO"),
  spec("clientId", "minio", { default: "" }),
  spec("clientSecret", "", { secret: true, default: "" }),
  spec("authorizationFlow", "default-provider-authorization-implicit-consent", {
    default: "default-provider-authorization-implicit-consent",
  }),
  spec("invalidationFlow", "default-provider-invalidation-flow", { default: "default-provider-invalidation-flow" }),
  spec("signingKey", "'authentik Self-signed Certificate'", { default: "authentik Self-signed Certificate" }),
  spec("accessTokenValidity", "'minutes=10'", { default: "minutes=10" }),
  spec("launchUrl", "https://console.example.com", { default: "" }),
  spec("minioEndpoint", "https://minio.example.com"),
  spec("minioAccessKey", "", { secret: true }),
  spec("minioSecretKey", "", { secret: true }),
  spec("minioRedirectUri", "https://console.example.com/oauth_callback"),
  spec("minioDisplayName", "'Login with authentik'", { default: "" }),
  spec("minioClaimName", "policy", { default: "policy" }),
  spec("minioScopes", "openid,profile,email,minio", { default: "openid,profile,email,minio" }),
  spec("minioConfigName", "authentik", { default: "" }),
  spec("minioRestartTimeout", "120", { default: String(DEFAULT_RESTART_TIMEOUT_SECONDS), type: "integer" }),
  spec("minioRequestTimeout", "60", { default: String(DEFAULT_REQUEST_TIMEOUT_SECONDS), type: "integer" }),
  spec("allowInsecure", "false", { default: "false", type: "boolean" }),
  spec("caBundle", "certs/corporate-ca.pem", { default: "" }),
  spec("loginClient", "false", { default: "true", type: "boolean" }),
  spec("loginDeviceFlow", "true", { default: "false", type: "boolean" }),
  spec("policyFile", "policies.yaml", { default: "" }),
  spec("defaultPolicy", "readonly", { default: "", type: "yaml" }),
  spec("groupPolicies", GROUP_POLICIES_EXAMPLE, { default: "", type: "yaml" }),
  spec("fallbackPolicy", "readonly", { default: "", type: "yaml" }),
  spec("customPolicies", CUSTOM_POLICIES_EXAMPLE, { default: "", type: "yaml" }),
];

const BY_KEY: ReadonlyMap<ConfigKey, ConfigKeySpec> = new Map(CONFIG_KEYS.map((s) => [s.key, s]));

export function configKeySpec(key: ConfigKey): ConfigKeySpec {
  return BY_KEY.get(key) as ConfigKeySpec;
}

/**
 * The command that sets `key`. `example` overrides the default example (already shell-quoted). Secrets are set
 * without a value on the command line: `pulumi config set --secret KEY` prompts for it, keeping it out of argv
 * and shell history.
 */
export function fixCommand(key: ConfigKey, example?: string): string {
  const s = configKeySpec(key);
  if (s.secret) return `pulumi config set --secret ${key}`;
  const value = example ?? s.example;
  return value.startsWith("--path ") ? `pulumi config set ${value}` : `pulumi config set ${key} ${value}`;
}

/** The command that clears an optional key back to its default. */
export function clearCommand(key: ConfigKey): string {
  return `pulumi config rm ${key}`;
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps), case-insensitive. */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const d = Array.from({ length: x.length + 1 }, (_, i) => [i, ...Array<number>(y.length).fill(0)]);
  for (let j = 1; j <= y.length; j++) d[0][j] = j;
  for (let i = 1; i <= x.length; i++) {
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[x.length][y.length];
}

/** The declared project key nearest to `key`, when it is near enough to be a typo of it (or contains it). */
export function nearestKey(key: string): ConfigKey | undefined {
  let best: { key: ConfigKey; d: number } | undefined;
  for (const spec of CONFIG_KEYS) {
    if (spec.providerKey) continue;
    const lower = key.toLowerCase();
    const name = spec.key.toLowerCase();
    const d =
      lower.includes(name) || name.includes(lower) ? Math.abs(lower.length - name.length) : distance(key, spec.key);
    if (best === undefined || d < best.d) best = { key: spec.key, d };
  }
  return best !== undefined && best.d <= Math.max(2, Math.floor(best.key.length / 4)) ? best.key : undefined;
}
