// The identity_openid part of MinIO's server config, modelled on minio/minio internal/config/config.go
// (SetKVS, kvFields, DelKVS, GetSubsysInfo, SubsysInfo.WriteTo) and internal/config/identity/openid/openid.go
// (DefaultKVS) + help.go (which keys are optional / secret), at 7aac2a2.

export const OPENID = "identity_openid";
export const DEFAULT_TARGET = "_";

export interface KV {
  key: string;
  value: string;
}
export type Kvs = KV[];
/** target name ("_" for the default target) -> stored key/values, in stored order. */
export type OpenIdConfig = Map<string, Kvs>;

const HIDDEN_IF_EMPTY = new Set(["claim_prefix", "redirect_uri"]);

/** DefaultKVS of identity_openid, in MinIO's order. */
export const DEFAULT_KVS: readonly KV[] = [
  ["enable", ""],
  ["display_name", ""],
  ["config_url", ""],
  ["client_id", ""],
  ["client_secret", ""],
  ["claim_name", "policy"],
  ["claim_userinfo", ""],
  ["role_policy", ""],
  ["claim_prefix", ""],
  ["redirect_uri", ""],
  ["redirect_uri_dynamic", "off"],
  ["scopes", ""],
  ["vendor", ""],
  ["keycloak_realm", ""],
  ["keycloak_admin_url", ""],
  ["user_readable_claim", ""],
  ["user_id_claim", ""],
].map(([key, value]) => ({ key, value }));

/** Help keys in help.go order; only these three are not optional, client_secret is the only secret. */
const REQUIRED_IN_HELP_ORDER = ["config_url", "client_id", "client_secret"];
export const SECRET_KEYS = new Set(["client_secret"]);
const COMMENT = "comment";

/** madmin.SubSystems at madmin-go v3.0.109: known names that the double does not model. */
const OTHER_SUBSYSTEMS = new Set(
  (
    "credentials policy_opa policy_plugin identity_ldap identity_tls identity_plugin cache site region etcd " +
    "storage_class api compression logger_webhook audit_webhook audit_kafka heal scanner crawler subnet callhome " +
    "batch drive ilm notify_kafka notify_mqtt notify_mysql notify_nats notify_nsq notify_elasticsearch notify_amqp " +
    "notify_postgres notify_redis notify_webhook lambda_webhook browser"
  ).split(" "),
);

/** config.ErrConfigGeneric (-> 400 XMinioConfigError) or config.ErrConfigNotFound (-> 404 XMinioConfigNotFoundError). */
export class ConfigError extends Error {
  constructor(
    readonly kind: "generic" | "notfound" | "unmodelled",
    message: string,
  ) {
    super(message);
  }
}

export function newOpenIdConfig(): OpenIdConfig {
  return new Map([[DEFAULT_TARGET, cloneKvs(DEFAULT_KVS)]]);
}

export function cloneKvs(kvs: readonly KV[]): Kvs {
  return kvs.map((kv) => ({ ...kv }));
}

export function cloneConfig(c: OpenIdConfig): OpenIdConfig {
  return new Map([...c].map(([t, kvs]) => [t, cloneKvs(kvs)]));
}

export function lookup(kvs: readonly KV[], key: string): string | undefined {
  return kvs.find((kv) => kv.key === key)?.value;
}

function setKv(kvs: Kvs, key: string, value: string): void {
  const found = kvs.find((kv) => kv.key === key);
  if (found) found.value = value;
  else kvs.push({ key, value });
}

/** madmin.SanitizeValue: trim, then drop one leading/trailing double quote, then one single quote. */
export function sanitizeValue(v: string): string {
  let s = v.trim();
  if (s.startsWith('"')) s = s.slice(1);
  if (s.endsWith('"')) s = s.slice(0, -1);
  if (s.startsWith("'")) s = s.slice(1);
  if (s.endsWith("'")) s = s.slice(0, -1);
  return s;
}

/** config.kvFields: split "k1=v1 k2=v2" at the first occurrence of each known "key=". */
function kvFields(input: string, keys: string[]): string[] {
  const idx = keys.map((k) => input.indexOf(k + "=")).filter((i) => i >= 0);
  idx.sort((a, b) => a - b);
  return idx.map((start, i) => input.slice(start, i + 1 < idx.length ? idx[i + 1] : undefined).trim());
}

interface SubSysRef {
  subSys: string;
  target: string;
  rest: string | undefined;
}

/** config.GetSubSys for one line; non-openid subsystems are refused as not modelled. */
function parseLine(line: string): SubSysRef {
  const sp = line.indexOf(" ");
  const head = sp < 0 ? line : line.slice(0, sp);
  const rest = sp < 0 ? undefined : line.slice(sp + 1);
  const colon = head.indexOf(":");
  const subSys = colon < 0 ? head : head.slice(0, colon);
  const target = colon < 0 ? DEFAULT_TARGET : head.slice(colon + 1);
  if (subSys !== OPENID) {
    if (OTHER_SUBSYSTEMS.has(subSys)) {
      throw new ConfigError("unmodelled", `the MinIO double models only ${OPENID}, not sub-system ${subSys}`);
    }
    // MinIO echoes the whole line; the double masks secret values so they cannot reach a client's stderr.
    throw new ConfigError("generic", `unknown sub-system ${redactSecrets(line)}`);
  }
  return { subSys, target, rest };
}

/** Masks the value of every secret key ("client_secret=…") in a config line. */
export function redactSecrets(line: string): string {
  return line.replace(/(client_secret=)("[^"]*"|'[^']*'|\S*)/g, "$1<redacted>");
}

function contentLines(text: string): string[] {
  return text.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
}

/** Config.SetKVS for one identity_openid line, merged into cfg (mutates cfg). */
function setLine(cfg: OpenIdConfig, line: string): void {
  const { target, rest } = parseLine(line);
  if (rest === undefined) throw new ConfigError("generic", `sub-system '${OPENID}' must have key`);
  const keys = [...DEFAULT_KVS.map((kv) => kv.key), COMMENT];
  const fields = kvFields(rest, keys);
  if (fields.length === 0) throw new ConfigError("generic", `sub-system '${OPENID}' cannot have empty keys`);
  const input: Kvs = [];
  for (const f of fields) {
    const eq = f.indexOf("=");
    setKv(input, f.slice(0, eq), sanitizeValue(f.slice(eq + 1)));
  }
  if (lookup(input, "enable") === undefined) setKv(input, "enable", "on");

  const existing = cfg.get(target);
  const merged = existing ? cloneKvs(existing) : cloneKvs(DEFAULT_KVS);
  for (const d of DEFAULT_KVS) if (lookup(merged, d.key) === undefined) setKv(merged, d.key, d.value);
  for (const kv of input) if (kv.key !== COMMENT) setKv(merged, kv.key, kv.value);
  const comment = lookup(input, COMMENT);
  if (comment !== undefined) setKv(merged, COMMENT, comment);

  if (lookup(merged, "enable") === "on") {
    for (const key of REQUIRED_IN_HELP_ORDER) {
      if (!lookup(merged, key)) {
        throw new ConfigError(
          "generic",
          `'${key}' is not optional for '${OPENID}' sub-system, please check '${OPENID}' documentation`,
        );
      }
    }
  }
  cfg.set(target, merged);
}

/** Config.ReadConfig: apply every non-comment line; returns the targets written. */
export function applySetText(cfg: OpenIdConfig, text: string): string[] {
  const lines = contentLines(text);
  if (lines.length === 0) throw new ConfigError("generic", "input arguments cannot be empty");
  const targets: string[] = [];
  for (const line of lines) {
    setLine(cfg, line);
    targets.push(parseLine(line).target);
  }
  return targets;
}

/** Config.DelFrom / DelKVS: delete targets or reset listed keys to their defaults. */
export function applyDeleteText(cfg: OpenIdConfig, text: string): void {
  const lines = contentLines(text);
  if (lines.length === 0) throw new ConfigError("generic", "input arguments cannot be empty");
  for (const line of lines) {
    const { target, rest } = parseLine(line);
    const current = cfg.get(target);
    if (!current) {
      throw new ConfigError("notfound", `sub-system ${OPENID}:${target} already deleted or does not exist`);
    }
    if (rest !== undefined) {
      const next = cloneKvs(current);
      for (const key of rest.split(/\s+/).filter((k) => k !== "")) {
        if (lookup(next, key) === undefined) throw new ConfigError("notfound", `key ${key} doesn't exist`);
        const def = DEFAULT_KVS.find((kv) => kv.key === key);
        if (def) setKv(next, key, def.value);
        else
          next.splice(
            next.findIndex((kv) => kv.key === key),
            1,
          );
      }
      cfg.set(target, next);
    } else {
      cfg.delete(target);
    }
  }
  // The default target always exists: MinIO re-reads the saved config merged with defaults.
  if (!cfg.has(DEFAULT_TARGET)) cfg.set(DEFAULT_TARGET, cloneKvs(DEFAULT_KVS));
}

/**
 * The server process's environment (only MINIO_IDENTITY_OPENID_* variables are modelled). MinIO reads it through
 * minio/pkg v3.1.3 env: `env.Get` trims the value and answers the default while lookups are switched off
 * (validateConfig), `env.List` lists names by prefix whatever the switch.
 */
export type ServerEnv = Readonly<Record<string, string>>;
export const ENV_PREFIX = "MINIO_IDENTITY_OPENID_";

/** config.getEnvVarName: MINIO_IDENTITY_OPENID_<KEY> for the default target, …_<KEY>_<target> for a named one. */
export function envVarName(target: string, key: string): string {
  const base = ENV_PREFIX + key.toUpperCase();
  return target === DEFAULT_TARGET ? base : `${base}_${target}`;
}

/** The value ResolveConfigParam takes from the environment: env.Get trimmed, "" meaning not set. */
export function envValue(env: ServerEnv, target: string, key: string): string {
  return (env[envVarName(target, key)] ?? "").trim();
}

/**
 * Targets in GetAvailableTargets order: "_" first, then the others sorted. Besides the stored ones, every target
 * an environment variable names: for each key's prefix `MINIO_IDENTITY_OPENID_<KEY>_`, the rest of a variable's
 * name, the longest matching prefix winning (so `…_REDIRECT_URI_DYNAMIC` on its own names a target "DYNAMIC",
 * as in MinIO).
 */
export function targetsOf(cfg: OpenIdConfig, env: ServerEnv = {}): string[] {
  const seen = new Set([...cfg.keys()]);
  const prefixOf = new Map<string, string>();
  for (const { key } of DEFAULT_KVS) {
    const prefix = envVarName(DEFAULT_TARGET, key) + "_";
    for (const name of Object.keys(env)) {
      if (!name.startsWith(prefix) || name === prefix) continue;
      const had = prefixOf.get(name);
      if (had === undefined || prefix.startsWith(had)) prefixOf.set(name, prefix);
    }
  }
  for (const [name, prefix] of prefixOf) seen.add(name.slice(prefix.length));
  seen.delete(DEFAULT_TARGET);
  return [DEFAULT_TARGET, ...[...seen].sort()];
}

/**
 * Config.CheckValidKeys on the environment: a MINIO_IDENTITY_OPENID_* variable that is neither a key of the default
 * target (comment included) nor a key followed by "_" and a target name. Go's set ToSlice sorts the names.
 */
export function unknownEnvVars(env: ServerEnv): string[] {
  const keys = [...DEFAULT_KVS.map((kv) => kv.key), COMMENT];
  return Object.keys(env)
    .filter((name) => name.startsWith(ENV_PREFIX))
    .filter((name) => {
      if (keys.some((k) => envVarName(DEFAULT_TARGET, k) === name)) return false;
      return !keys.some((k) => {
        const prefix = envVarName(DEFAULT_TARGET, k) + "_";
        return name.length > prefix.length && name.startsWith(prefix);
      });
    })
    .sort();
}

function kvString(kv: KV): string {
  return /\s/u.test(kv.value) ? `${kv.key}="${kv.value}"` : `${kv.key}=${kv.value}`;
}

/**
 * GetConfigKVHandler's text: GetSubsysInfo(redactSecrets=true) + SubsysInfo.WriteTo for each target. WriteTo first
 * writes AddEnvString: one "# NAME=value" line per key (DefaultKVS order, then comment) that the environment sets
 * for that target, secrets left out (getTargetEnvs skips them when redacting).
 */
export function renderGet(cfg: OpenIdConfig, key: string, env: ServerEnv = {}): string {
  const colon = key.indexOf(":");
  const subSys = colon < 0 ? key : key.slice(0, colon);
  let target = "";
  if (colon >= 0) target = key.slice(colon + 1) === "" ? DEFAULT_TARGET : key.slice(colon + 1);
  if (subSys !== OPENID) {
    if (OTHER_SUBSYSTEMS.has(subSys)) {
      throw new ConfigError("unmodelled", `the MinIO double models only ${OPENID}, not sub-system ${subSys}`);
    }
    throw new ConfigError("generic", `unknown subsystem: ${subSys}`);
  }
  const all = targetsOf(cfg, env);
  if (target !== "" && !all.includes(target)) {
    throw new ConfigError("generic", `there is no target \`${target}\` for subsystem \`${OPENID}\``);
  }
  const known = new Set([...DEFAULT_KVS.map((kv) => kv.key), COMMENT]);
  let out = "";
  for (const t of target === "" ? all : [target]) {
    for (const k of [...DEFAULT_KVS.map((kv) => kv.key), COMMENT]) {
      const value = envValue(env, t, k);
      if (value !== "" && !SECRET_KEYS.has(k)) out += `# ${envVarName(t, k)}=${value}\n`;
    }
    out += t === DEFAULT_TARGET ? `${OPENID} ` : `${OPENID}:${t} `;
    for (const kv of cfg.get(t) ?? []) {
      if (!known.has(kv.key)) continue;
      if (SECRET_KEYS.has(kv.key) && kv.value !== "") continue;
      if (HIDDEN_IF_EMPTY.has(kv.key) && kv.value === "") continue;
      if (kv.key === "enable" && kv.value === "on") continue;
      out += kvString(kv) + " ";
    }
    out += "\n";
  }
  return out;
}

/** Test-side view: "identity_openid" / "identity_openid:NAME" -> all stored keys, secrets included. */
export function toRecord(cfg: OpenIdConfig): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const t of targetsOf(cfg)) {
    const name = t === DEFAULT_TARGET ? OPENID : `${OPENID}:${t}`;
    out[name] = Object.fromEntries((cfg.get(t) ?? []).map((kv) => [kv.key, kv.value]));
  }
  return out;
}
