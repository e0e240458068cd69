/**
 * Loads and validates the stack configuration from plain values, so it can be tested without Pulumi.
 *
 * index.ts builds the input cheaply from Pulumi's config objects:
 *   loadConfig(rawFromConfigs(new pulumi.Config(), new pulumi.Config("authentik")))
 * and wraps every `SecretString` with `pulumi.secret(x.reveal())` before use.
 */
import {
  CONFIG_KEYS,
  MINIO_SCOPE_NAME,
  clearCommand,
  configKeySpec,
  fixCommand,
  nearestKey,
  type ConfigKey,
} from "./config-keys";
import { minioKeyProblem, plainSecretKeys, tokenProblem } from "./config-secrets";
import { readPolicyFile, type PolicyKey } from "./policy-file";
import { kvValueProblem } from "../minio-admin/config-kv";
import { readCaBundle, type CaBundle } from "./ca-bundle";
import { parsePolicies, type Report } from "./config-policies";
import {
  applicationSlugProblem,
  claimNameProblem,
  clientIdProblem,
  clientSecretProblem,
  configNameProblem,
  djangoUrlProblem,
  durationProblem,
  endpointOrigin,
  endpointProblem,
  flowSlugProblem,
  minioValueProblem,
  parseBoolean,
  quote,
  parseScopes,
  textProblem,
  oidcUrls,
  timeoutProblem,
  urlProblem,
} from "./config-rules";
import {
  ConfigError,
  SecretString,
  type ConfigGetter,
  type ConfigProblem,
  type RawConfig,
  type StackConfig,
} from "./config-types";

export { ConfigError, SecretString } from "./config-types";
export type { ConfigGetter, ConfigProblem, PolicyDocument, RawConfig, StackConfig } from "./config-types";
export { BUILTIN_POLICIES, CONFIG_KEYS, MINIO_SCOPE_NAME, type ConfigKey, type ConfigKeySpec } from "./config-keys";

const PROVIDER_PREFIX = "authentik:";

/**
 * What the authentik Terraform provider reads when its `url` or `token` is not configured: its schema's
 * `schema.EnvDefaultFunc("AUTHENTIK_URL", nil)` and `("AUTHENTIK_TOKEN", nil)` (goauthentik/terraform-provider-authentik
 * pkg/provider/provider.go, v2026.5.0). The program accepts the same, so CI can set them instead of stack config.
 */
export const AUTHENTIK_ENV: Readonly<Record<string, string>> = {
  "authentik:url": "AUTHENTIK_URL",
  "authentik:token": "AUTHENTIK_TOKEN",
};

/** `authentik:url` and `authentik:token` from AUTHENTIK_URL and AUTHENTIK_TOKEN, where those are set and non-empty. */
export function authentikFromEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, name] of Object.entries(AUTHENTIK_ENV)) if (env[name]) out[key] = env[name] as string;
  return out;
}
const MIN_ACCESS_KEY = 3;
const CLIENT_ID_MAX = 255;
const MIN_SECRET_KEY = 8;

/**
 * A getter over the project config and the authentik provider config: `authentik:url` reads `url` from
 * `authentik` (unset or empty: AUTHENTIK_URL of `env`, as the provider does), every other key reads from `project`.
 * Both config arguments may be `pulumi.Config` instances.
 */
export function rawFromConfigs(
  project: ConfigGetter,
  authentik: ConfigGetter,
  isSecret?: (key: string) => boolean,
  env: Readonly<Record<string, string | undefined>> = {},
  keys?: () => readonly string[],
): ConfigGetter {
  const fromEnv = authentikFromEnv(env);
  const own = (key: string) => authentik.get(key.slice(PROVIDER_PREFIX.length));
  return {
    get: (key: string) => (key.startsWith(PROVIDER_PREFIX) ? own(key) || fromEnv[key] : project.get(key)),
    // A provider key from the environment is not in the stack file, so it is not stored in plain text there.
    ...(isSecret === undefined
      ? {}
      : { isSecret: (key) => (key.startsWith(PROVIDER_PREFIX) && !own(key)) || isSecret(key) }),
    ...(keys === undefined ? {} : { keys }),
  };
}

/** A key as printed in a message: bare when it is a plain name, else quoted with escapes. */
const shownKey = (key: string) => (/^[A-Za-z0-9_.-]+$/.test(key) ? key : quote(key));

/** The project keys the stack sets that the program does not read: a typo would otherwise be ignored silently. */
function unknownKeyProblems(keys: readonly string[]): ConfigProblem[] {
  const known = new Set<string>(CONFIG_KEYS.map((s) => s.key));
  return keys
    .filter((key) => !known.has(key))
    .map((key) => {
      const near = nearestKey(key);
      const shown = shownKey(key);
      const message = near
        ? `is not a key of this program, so its value would be ignored; did you mean ${near}?`
        : 'is not a key of this program, so its value would be ignored (README, "Configuration" lists the keys).';
      return { key: shown, message, fix: `pulumi config rm ${shown}${near ? ` && ${fixCommand(near)}` : ""}` };
    });
}

/** Values from a plain record may be YAML scalars or structures; they are read the way Pulumi delivers them. */
function asText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (typeof value === "boolean" || typeof value === "number") return String(value);
  return JSON.stringify(value);
}

function getterOf(raw: RawConfig): (key: string) => string | undefined {
  const maybe = raw as Partial<ConfigGetter>;
  if (typeof maybe.get === "function") return (key) => asText(maybe.get?.call(raw, key));
  const record = raw as Readonly<Record<string, unknown>>;
  return (key) => (Object.hasOwn(record, key) ? asText(record[key]) : undefined);
}

const KEY_ORDER: ReadonlyMap<string, number> = new Map(CONFIG_KEYS.map((s, i) => [s.key, i]));

/** The problems ordered as the keys in Pulumi.yaml (stable within a key). */
export function orderProblems(problems: readonly ConfigProblem[]): ConfigProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (KEY_ORDER.get(a.p.key) ?? 0) - (KEY_ORDER.get(b.p.key) ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

/**
 * Validates the raw config and returns it typed, with defaults applied.
 * Throws one `ConfigError` that lists every problem, ordered as the keys in Pulumi.yaml.
 */
export function loadConfig(raw: RawConfig): StackConfig {
  const get = getterOf(raw);
  const maybe = raw as Partial<ConfigGetter>;
  const isSecret = typeof maybe.isSecret === "function" ? (key: string) => maybe.isSecret?.call(raw, key) : undefined;
  const problems: ConfigProblem[] = typeof maybe.keys === "function" ? unknownKeyProblems(maybe.keys.call(raw)) : [];
  const report: Report = (key, message, fix = fixCommand(key)) => problems.push({ key, message, fix });
  /** The value, or the key's default when unset or empty (`""` for required keys). */
  const read = (key: ConfigKey): string => {
    const value = get(key);
    return value === undefined || value === "" ? (configKeySpec(key).default ?? "") : value;
  };
  const required = (key: ConfigKey): string => {
    const value = read(key);
    const env = AUTHENTIK_ENV[key] === undefined ? "" : `, and ${AUTHENTIK_ENV[key]} is not set either`;
    if (value === "") report(key, configKeySpec(key).secret ? `is not set (secret)${env}.` : `is not set${env}.`);
    return value;
  };
  const check = (key: ConfigKey, value: string, problem: (v: string) => string | undefined): string => {
    const message = value === "" ? undefined : problem(value);
    if (message !== undefined) report(key, message);
    return value;
  };

  const insecure = parseBoolean(read("allowInsecure"));
  if ("problem" in insecure) report("allowInsecure", insecure.problem);
  const allowInsecure = "value" in insecure ? insecure.value : false;
  const login = parseBoolean(read("loginClient"));
  if ("problem" in login) report("loginClient", login.problem);
  const device = parseBoolean(read("loginDeviceFlow"));
  if ("problem" in device) report("loginDeviceFlow", device.problem);
  const urlRule = (allowQuery: boolean) => (v: string) => urlProblem(v, { allowInsecure, allowQuery });

  const authentikUrl = check("authentik:url", required("authentik:url"), urlRule(false));
  const token = check("authentik:token", required("authentik:token"), tokenProblem);
  for (const key of plainSecretKeys(get as (key: ConfigKey) => string | undefined, isSecret)) {
    report(key, "is stored in plain text in the stack file; a secret must be stored encrypted.");
  }
  const applicationName = check("applicationName", required("applicationName"), textProblem);
  const slug = check("applicationSlug", required("applicationSlug"), applicationSlugProblem);
  if (authentikUrl !== "" && urlRule(false)(authentikUrl) === undefined && applicationSlugProblem(slug) === undefined) {
    // MinIO stores the discovery URL as config_url, so it must fit MinIO's config text too.
    const { configUrl } = oidcUrls(authentikUrl, slug);
    const problem = kvValueProblem(configUrl);
    if (problem !== undefined) report("authentik:url", `the discovery URL ${quote(configUrl)} ${problem}.`);
  }
  const providerName = check("providerName", required("providerName"), textProblem);
  const ownClientId = check("clientId", read("clientId"), clientIdProblem);
  const clientId = ownClientId || slug;
  if (ownClientId === "" && [...slug].length > CLIENT_ID_MAX) {
    // providers/oauth2/models.py OAuth2Provider.client_id: CharField(max_length=255).
    report(
      "applicationSlug",
      `is ${[...slug].length} characters long; with clientId unset it is the OAuth2 client ID, which authentik ` +
        `holds in at most ${CLIENT_ID_MAX}. Use a shorter slug, or set clientId.`,
    );
  }
  const clientSecret = check("clientSecret", read("clientSecret"), clientSecretProblem);
  const authorizationFlow = check("authorizationFlow", read("authorizationFlow"), flowSlugProblem);
  const invalidationFlow = check("invalidationFlow", read("invalidationFlow"), flowSlugProblem);
  const signingKey = check("signingKey", read("signingKey"), textProblem);
  const accessTokenValidity = check("accessTokenValidity", read("accessTokenValidity"), durationProblem);
  const launchUrl = check("launchUrl", read("launchUrl"), (v) => urlRule(true)(v) ?? djangoUrlProblem(v));

  const endpoint = check("minioEndpoint", required("minioEndpoint"), (v) => urlRule(false)(v) ?? endpointProblem(v));
  const accessKey = check("minioAccessKey", required("minioAccessKey"), (v) => minioKeyProblem("minioAccessKey", v));
  if (accessKey !== "" && accessKey.length < MIN_ACCESS_KEY) {
    report("minioAccessKey", `must be at least ${MIN_ACCESS_KEY} characters long (MinIO's rule for the root user).`);
  }
  const secretKey = check("minioSecretKey", required("minioSecretKey"), (v) => minioKeyProblem("minioSecretKey", v));
  if (secretKey !== "" && secretKey.length < MIN_SECRET_KEY) {
    report("minioSecretKey", `must be at least ${MIN_SECRET_KEY} characters long (MinIO's rule for the root user).`);
  }
  const redirectUri = check(
    "minioRedirectUri",
    required("minioRedirectUri"),
    (v) => urlRule(true)(v) ?? minioValueProblem(v),
  );
  const ownDisplayName = read("minioDisplayName");
  check("minioDisplayName", ownDisplayName, (v) => textProblem(v) ?? minioValueProblem(v));
  const displayName = ownDisplayName || applicationName;
  if (ownDisplayName === "" && applicationName !== "" && textProblem(applicationName) === undefined) {
    const problem = minioValueProblem(applicationName);
    if (problem !== undefined) report("minioDisplayName", `is unset, so it defaults to applicationName: ${problem}`);
  }
  const claimName = check("minioClaimName", read("minioClaimName"), claimNameProblem);
  const scopes = parseScopes(read("minioScopes"), ["openid", MINIO_SCOPE_NAME]);
  for (const message of scopes.problems) report("minioScopes", message);
  const configName = check("minioConfigName", read("minioConfigName"), configNameProblem);
  const restartTimeout = check("minioRestartTimeout", read("minioRestartTimeout"), timeoutProblem);
  const requestTimeout = check("minioRequestTimeout", read("minioRequestTimeout"), timeoutProblem);

  const caPath = read("caBundle");
  let caBundle: CaBundle | undefined;
  if (caPath !== "") {
    const result = readCaBundle(caPath);
    if ("problem" in result) report("caBundle", result.problem);
    else caBundle = result.bundle;
  }

  const policyFile = read("policyFile");
  const fromFile = policyFile === "" ? { values: {} } : readPolicyFile(policyFile);
  if ("problem" in fromFile) report("policyFile", fromFile.problem);
  const policy = (key: PolicyKey): string => {
    const own = read(key);
    const filed = "values" in fromFile ? fromFile.values[key] : undefined;
    if (own !== "" && filed !== undefined) {
      report(
        key,
        `is set both in the stack config and in policyFile ${quote(policyFile)}; keep one.`,
        clearCommand(key),
      );
    }
    return own || (filed ?? "");
  };
  const policies = parsePolicies(
    {
      defaultPolicy: policy("defaultPolicy"),
      groupPolicies: policy("groupPolicies"),
      fallbackPolicy: policy("fallbackPolicy"),
      customPolicies: policy("customPolicies"),
    },
    report,
  );

  if (problems.length > 0 || policies.mapping === undefined) throw new ConfigError(orderProblems(problems));

  const { baseUrl, issuerUrl, configUrl } = oidcUrls(authentikUrl, slug);
  return Object.freeze({
    authentik: Object.freeze({ url: baseUrl, token: new SecretString(token) }),
    application: Object.freeze({ name: applicationName, slug, launchUrl }),
    provider: Object.freeze({
      name: providerName,
      clientId,
      clientSecret: clientSecret === "" ? undefined : new SecretString(clientSecret),
      authorizationFlow,
      invalidationFlow,
      signingKey,
      accessTokenValidity,
      scopeName: MINIO_SCOPE_NAME,
    }),
    oidc: Object.freeze({ issuerUrl, configUrl }),
    minio: Object.freeze({
      endpoint: endpointOrigin(endpoint),
      accessKey: new SecretString(accessKey),
      secretKey: new SecretString(secretKey),
      redirectUri,
      displayName,
      claimName,
      scopes: Object.freeze([...scopes.scopes]),
      configName,
      restartTimeoutSeconds: Number(restartTimeout),
      requestTimeoutSeconds: Number(requestTimeout),
    }),
    allowInsecure,
    caBundle,
    loginClient: "value" in login ? login.value : true,
    loginDeviceFlow: "value" in device ? device.value : false,
    policyMapping: policies.mapping,
    customPolicies: Object.freeze(policies.customPolicies),
  });
}
