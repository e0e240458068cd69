// The identity_openid keys MinIO knows (minio/minio internal/config/identity/openid/openid.go DefaultKVS, read at
// HEAD 7aac2a2, plus the `comment` key every subsystem accepts), their server defaults, and how the CLI's
// environment variables map onto them. Pure: no I/O.
import { InputError } from "./errors";

export const SUBSYSTEM = "identity_openid";
export const SECRET_KEY = "client_secret";

export interface OpenIdKeySpec {
  key: string;
  /** The value MinIO stores when the key is not given. */
  serverDefault: string;
  /** MinIO's get-config-kv leaves the key out when its value is empty. */
  hiddenIfEmpty?: boolean;
  /** `apply` refuses to run without a non-empty value. */
  required?: boolean;
}

/** In MinIO's own order, which is also the order in which keys are sent and reported. */
export const OPENID_KEYS: readonly OpenIdKeySpec[] = [
  { key: "enable", serverDefault: "" },
  { key: "display_name", serverDefault: "" },
  { key: "config_url", serverDefault: "", required: true },
  { key: "client_id", serverDefault: "", required: true },
  { key: "client_secret", serverDefault: "", required: true },
  { key: "claim_name", serverDefault: "policy" },
  { key: "claim_userinfo", serverDefault: "" },
  { key: "role_policy", serverDefault: "" },
  { key: "claim_prefix", serverDefault: "", hiddenIfEmpty: true },
  { key: "redirect_uri", serverDefault: "", hiddenIfEmpty: true },
  { key: "redirect_uri_dynamic", serverDefault: "off" },
  { key: "scopes", serverDefault: "" },
  { key: "vendor", serverDefault: "" },
  { key: "keycloak_realm", serverDefault: "" },
  { key: "keycloak_admin_url", serverDefault: "" },
  { key: "user_readable_claim", serverDefault: "" },
  { key: "user_id_claim", serverDefault: "" },
  { key: "comment", serverDefault: "" },
];

const SPEC_BY_KEY = new Map(OPENID_KEYS.map((s) => [s.key, s]));

export function openIdKey(key: string): OpenIdKeySpec | undefined {
  return SPEC_BY_KEY.get(key);
}

export const ENV_PREFIX = "MINIO_OPENID_";
/** MINIO_OPENID_CONFIG_NAME selects the target; it is not a config key. */
export const CONFIG_NAME_VAR = "MINIO_OPENID_CONFIG_NAME";

/** The environment variable that carries a key: "MINIO_OPENID_" + upper-case key. */
export function envVarForKey(key: string): string {
  return ENV_PREFIX + key.toUpperCase();
}

/**
 * The value `apply` wants for a key that has no environment variable. Everything falls back to MinIO's default,
 * except `enable`, which defaults to "on": applying a config means wanting it active.
 */
export function desiredDefault(spec: OpenIdKeySpec): string {
  return spec.key === "enable" ? "on" : spec.serverDefault;
}

/**
 * The complete desired identity_openid settings from the environment: every known key, from its variable when
 * set (an empty variable means an empty value) and otherwise from desiredDefault. Unknown MINIO_OPENID_*
 * variables and missing required keys are input errors; messages name variables, never values.
 */
export function desiredFromEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const problems: string[] = [];
  const known = new Set([CONFIG_NAME_VAR, ...OPENID_KEYS.map((s) => envVarForKey(s.key))]);
  for (const name of Object.keys(env).sort()) {
    if (name.startsWith(ENV_PREFIX) && env[name] !== undefined && !known.has(name)) {
      problems.push(`${name} is not a known identity_openid setting`);
    }
  }
  const desired: Record<string, string> = {};
  for (const spec of OPENID_KEYS) {
    const value = env[envVarForKey(spec.key)];
    desired[spec.key] = value ?? desiredDefault(spec);
    if (spec.required && desired[spec.key] === "") problems.push(`${envVarForKey(spec.key)} must be set and non-empty`);
  }
  if (problems.length > 0) throw new InputError(problems.join("; "));
  return desired;
}

/** The get-config-kv `key` query for a target: "identity_openid:" asks for the default target only. */
export function getConfigKey(target: string): string {
  return target === SUBSYSTEM ? `${SUBSYSTEM}:` : target;
}
