// The admin CLI's environment, both ways (pure: the environment is passed in): readConnectionSettings reads the
// connection settings (desiredFromEnv in openid-keys.ts the identity_openid values), openIdEnvironment builds the
// whole environment the Pulumi component hands the CLI.
import { InputError } from "./errors";
import { configTarget, targetNameProblem } from "./names";
import { CONFIG_NAME_VAR, desiredDefault, envVarForKey, OPENID_KEYS } from "./openid-keys";
import { CA_BUNDLE_VAR, parseCaBundle } from "./trust";

export interface ConnectionSettings {
  /** Origin of the MinIO S3/admin API, e.g. "http://127.0.0.1:9000" (no path, no credentials). */
  endpoint: string;
  accessKey: string;
  /** The root secret key: signs requests and keys the body encryption. Never printed. */
  secretKey: string;
  region: string;
  /** "identity_openid" or "identity_openid:NAME". */
  target: string;
  restartTimeoutMs: number;
  requestTimeoutMs: number;
  /** Extra CA certificates (PEM) to trust besides Node's default roots; empty for none. */
  caCertificates: string[];
}

export const DEFAULT_REGION = "us-east-1";
export const DEFAULT_RESTART_TIMEOUT_SECONDS = 60;
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 30;
export const MAX_TIMEOUT_SECONDS = 24 * 3600;

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Reads and checks MINIO_ENDPOINT, MINIO_ACCESS_KEY, MINIO_SECRET_KEY, MINIO_REGION, the config name, the timeouts
 * and MINIO_CA_BUNDLE.
 */
export function readConnectionSettings(env: Env): ConnectionSettings {
  const problems: string[] = [];
  const endpoint = readEndpoint(env.MINIO_ENDPOINT, problems);
  const accessKey = env.MINIO_ACCESS_KEY ?? "";
  if (accessKey === "") problems.push("MINIO_ACCESS_KEY must be set and non-empty");
  const secretKey = env.MINIO_SECRET_KEY ?? "";
  if (secretKey === "") problems.push("MINIO_SECRET_KEY must be set and non-empty");
  const region = env.MINIO_REGION === undefined || env.MINIO_REGION === "" ? DEFAULT_REGION : env.MINIO_REGION;
  if (!/^[A-Za-z0-9_-]+$/.test(region)) problems.push("MINIO_REGION may only hold letters, digits, '-' and '_'");
  const name = env[CONFIG_NAME_VAR] ?? "";
  const nameProblem = targetNameProblem(name);
  if (nameProblem !== undefined) problems.push(`${CONFIG_NAME_VAR} ${nameProblem}`);
  const target = nameProblem === undefined ? configTarget(name) : "";
  const restartTimeoutMs = readSeconds(env, "MINIO_RESTART_TIMEOUT_SECONDS", DEFAULT_RESTART_TIMEOUT_SECONDS, problems);
  const requestTimeoutMs = readSeconds(env, "MINIO_REQUEST_TIMEOUT_SECONDS", DEFAULT_REQUEST_TIMEOUT_SECONDS, problems);
  const caCertificates = readCaBundle(env[CA_BUNDLE_VAR] ?? "", problems);
  if (problems.length > 0) throw new InputError(problems.join("; "));
  return { endpoint, accessKey, secretKey, region, target, restartTimeoutMs, requestTimeoutMs, caCertificates };
}

/**
 * The MinIO endpoint rule, shared by the CLI and the Pulumi component: an http(s) origin without credentials, path,
 * query or fragment. Returns the origin, or what is wrong (worded to follow the name of the variable or argument,
 * and never repeating the value, which could hold credentials).
 */
export function parseEndpoint(raw: string): { origin: string } | { problem: string } {
  if (raw === "") return { problem: "must be set, e.g. http://127.0.0.1:9000" };
  const url = URL.parse(raw);
  if (url === null) return { problem: "is not a URL (expected e.g. http://127.0.0.1:9000)" };
  if (url.protocol !== "http:" && url.protocol !== "https:") return { problem: "must use http or https" };
  if (url.username !== "" || url.password !== "") {
    return { problem: "must not hold credentials; use MINIO_ACCESS_KEY and MINIO_SECRET_KEY" };
  }
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") {
    return { problem: `must be a bare origin such as ${url.origin}, without path or query` };
  }
  return { origin: url.origin };
}

function readEndpoint(raw: string | undefined, problems: string[]): string {
  const parsed = parseEndpoint(raw ?? "");
  if ("origin" in parsed) return parsed.origin;
  problems.push(`MINIO_ENDPOINT ${parsed.problem}`);
  return "";
}

function readCaBundle(raw: string, problems: string[]): string[] {
  if (raw.trim() === "") return [];
  const parsed = parseCaBundle(raw);
  if ("certificates" in parsed) return parsed.certificates;
  problems.push(`${CA_BUNDLE_VAR} ${parsed.problem}`);
  return [];
}

function readSeconds(env: Env, name: string, fallback: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback * 1000;
  const value = /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(value > 0 && value <= MAX_TIMEOUT_SECONDS)) {
    problems.push(`${name} must be a number of seconds between 0 and ${MAX_TIMEOUT_SECONDS} (got "${raw}")`);
    return fallback * 1000;
  }
  return Math.round(value * 1000);
}

/** What the program sets, as values of type T (strings, or Pulumi Inputs); the CLI's defaults cover the rest. */
export interface OpenIdSettings<T> {
  endpoint: T;
  accessKey: T;
  secretKey: T;
  /** "" selects the default target `identity_openid`. */
  configName: T;
  configUrl: T;
  clientId: T;
  clientSecret: T;
  claimName: T;
  /** Comma-separated. */
  scopes: T;
  redirectUri: T;
  displayName: T;
  /** How long to wait for the deployment after a restart; unset = DEFAULT_RESTART_TIMEOUT_SECONDS. */
  restartTimeoutSeconds?: number;
  /** Bound of each request; unset = DEFAULT_REQUEST_TIMEOUT_SECONDS. */
  requestTimeoutSeconds?: number;
  /** PEM text of extra CA certificates for MinIO's TLS certificate; unset or "" for none. */
  caBundle?: T;
}

/** The identity_openid key each setting carries. */
export const SETTING_KEYS = {
  configUrl: "config_url",
  clientId: "client_id",
  clientSecret: "client_secret",
  claimName: "claim_name",
  scopes: "scopes",
  redirectUri: "redirect_uri",
  displayName: "display_name",
} as const;

/**
 * The CLI's complete environment: every variable it reads, those the settings do not give set to the CLI's own
 * defaults, because `local.Command` runs on top of the caller's environment: a stray `MINIO_REGION` or
 * `MINIO_OPENID_*` in a CI job must not reach `apply`. The one exception is MINIO_CA_BUNDLE, set only with a
 * bundle (it only adds trusted CAs). Values pass through untouched, so the caller decides which are Pulumi secrets.
 */
export function openIdEnvironment<T>(settings: OpenIdSettings<T>): Record<string, T | string> {
  const env: Record<string, T | string> = {
    MINIO_ENDPOINT: settings.endpoint,
    MINIO_ACCESS_KEY: settings.accessKey,
    MINIO_SECRET_KEY: settings.secretKey,
    MINIO_REGION: DEFAULT_REGION,
    [CONFIG_NAME_VAR]: settings.configName,
    MINIO_RESTART_TIMEOUT_SECONDS: String(settings.restartTimeoutSeconds ?? DEFAULT_RESTART_TIMEOUT_SECONDS),
    MINIO_REQUEST_TIMEOUT_SECONDS: String(settings.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS),
  };
  // Only when given: a stack deployed before MINIO_CA_BUNDLE existed keeps an unchanged command (no update, no diff).
  if (settings.caBundle !== undefined && settings.caBundle !== "") env[CA_BUNDLE_VAR] = settings.caBundle;
  const given = new Map<string, T>(
    Object.entries(SETTING_KEYS).map(([field, key]) => [key, settings[field as keyof typeof SETTING_KEYS]]),
  );
  for (const spec of OPENID_KEYS) env[envVarForKey(spec.key)] = given.get(spec.key) ?? desiredDefault(spec);
  return env;
}
