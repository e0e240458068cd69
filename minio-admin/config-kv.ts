// The KV text of MinIO's config API (pure, no I/O): the lines sent to set-config-kv / del-config-kv, parsing what
// get-config-kv returns, and the difference between the current and the desired identity_openid settings.
//
// Facts from minio/minio internal/config/config.go (HEAD 7aac2a2):
// - A set line is "subsys[:target] k=v k2=v2 …". The server reads the body line by line, finds each known key by
//   searching for the text "key=" (first occurrence), cuts the value up to the next found key, trims spaces and
//   strips one pair of surrounding quotes. So values may contain spaces, but a value must not contain another
//   key followed by "=", must not start or end with a quote or space, and must not contain a line break.
// - get-config-kv prints one line per target: optional "# MINIO_…=value" lines for environment overrides, then
//   "subsys[:target] k=v k2="v with space" " (values quoted when they contain whitespace, never escaped). It
//   leaves out a non-empty client_secret, `enable` when it is "on", and empty keys marked hidden-if-empty.
import { InputError, REDACTED } from "./errors";
import { openIdKey, OPENID_KEYS, SECRET_KEY, SUBSYSTEM } from "./openid-keys";

// Control characters (line breaks included) are not representable in one config line.
const CONTROL = /[\u0000-\u001f\u007f]/;
const WHITESPACE = /\s/u;

/** Encodes one `key=value` pair for set-config-kv; errors name the key, never the value. */
export function encodeKeyValue(key: string, value: string): string {
  if (!openIdKey(key)) throw new InputError(`${key} is not an identity_openid key`);
  const problem = kvValueProblem(value);
  if (problem) throw new InputError(`the value of ${key} ${problem}`);
  return WHITESPACE.test(value) ? `${key}="${value}"` : `${key}=${value}`;
}

/** Why MinIO could not store `value` unchanged in its one-line KV text (a phrase), or undefined. */
export function kvValueProblem(value: string): string | undefined {
  if (CONTROL.test(value)) return "contains a control character or line break";
  if (value !== value.trim()) return "starts or ends with whitespace, which MinIO would strip";
  if (/^["']|["']$/.test(value)) return "starts or ends with a quote, which MinIO would strip";
  const clash = OPENID_KEYS.find((s) => value.includes(`${s.key}=`));
  if (clash) return `contains the text "${clash.key}=", which MinIO would read as the start of another key`;
  return undefined;
}

/** The set-config-kv body text: "identity_openid[:NAME] k=v …" for the given pairs, in the given order. */
export function encodeSetLine(target: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  if (pairs.length === 0) throw new InputError("nothing to set");
  return [target, ...pairs.map(([k, v]) => encodeKeyValue(k, v))].join(" ");
}

/** The del-config-kv body text that deletes a whole target. */
export function encodeDeleteLine(target: string): string {
  return target;
}

export interface ParsedTarget {
  /** "identity_openid" or "identity_openid:NAME". */
  target: string;
  /** Keys as printed (a redacted client_secret is absent). */
  values: Record<string, string>;
  /** Environment overrides printed before the target line: variable name -> value. */
  envOverrides: Record<string, string>;
}

/** Parses get-config-kv text. Throws an Error (not InputError) on text that does not follow the format. */
export function parseConfigOutput(text: string): ParsedTarget[] {
  const targets: ParsedTarget[] = [];
  let pendingEnv: Record<string, string> = {};
  for (const raw of text.split("\n")) {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "") continue;
    if (line.startsWith("#")) {
      const env = /^#\s*([A-Za-z0-9_]+)=(.*)$/.exec(line);
      if (env) pendingEnv[env[1]] = env[2];
      continue;
    }
    const space = line.indexOf(" ");
    const target = space < 0 ? line : line.slice(0, space);
    const values = parseKeyValues(space < 0 ? "" : line.slice(space + 1));
    targets.push({ target, values, envOverrides: pendingEnv });
    pendingEnv = {};
  }
  return targets;
}

const KEY_AT = /^([A-Za-z0-9_]+)=/;
const NEXT_KEY_OR_END = /^(\s*$|\s+[A-Za-z0-9_]+=)/;

/** Parses "k=v k2="v w" k3=" into a record; a quoted value ends at the first quote followed by a key or the end. */
export function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && WHITESPACE.test(text[i])) i++;
  };
  skipSpace();
  while (i < text.length) {
    const m = KEY_AT.exec(text.slice(i));
    if (!m) throw new Error(`unexpected text in config output at column ${i + 1}`);
    const key = m[1];
    i += m[0].length;
    let value: string | undefined;
    if (text[i] === '"') {
      for (let j = text.indexOf('"', i + 1); j >= 0; j = text.indexOf('"', j + 1)) {
        if (NEXT_KEY_OR_END.test(text.slice(j + 1))) {
          value = text.slice(i + 1, j);
          i = j + 1;
          break;
        }
      }
    }
    if (value === undefined) {
      let end = i;
      while (end < text.length && !WHITESPACE.test(text[end])) end++;
      value = text.slice(i, end);
      i = end;
    }
    out[key] = value;
    skipSpace();
  }
  return out;
}

/** The parsed entry for `target`, or null when the output does not list it. */
export function findTarget(parsed: readonly ParsedTarget[], target: string): ParsedTarget | null {
  const wanted = target === `${SUBSYSTEM}:_` ? SUBSYSTEM : target;
  return parsed.find((p) => (p.target === `${SUBSYSTEM}:_` ? SUBSYSTEM : p.target) === wanted) ?? null;
}

/**
 * A key's current stored value as far as get-config-kv shows it; undefined when it can't be known (a non-empty
 * client_secret is never shown).
 */
export function currentValue(current: ParsedTarget, key: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(current.values, key)) return current.values[key];
  if (key === SECRET_KEY) return undefined;
  if (key === "enable") return "on";
  return openIdKey(key)?.serverDefault ?? "";
}

/**
 * The keys `apply` must send, in MinIO's key order.
 * - No current target: every key that is required or differs from MinIO's default.
 * - Otherwise: every key whose shown value differs. The client secret is sent when its shown value differs, or,
 *   when it is hidden (set but unreadable), together with any other change; a secret-only change to a hidden
 *   secret can't be detected.
 */
export function diffConfig(current: ParsedTarget | null, desired: Readonly<Record<string, string>>): string[] {
  const keys = OPENID_KEYS.map((s) => s.key).filter((k) => desired[k] !== undefined);
  if (current === null) {
    return keys.filter((k) => openIdKey(k)?.required || desired[k] !== openIdKey(k)?.serverDefault);
  }
  const changed = keys.filter((k) => k !== SECRET_KEY && currentValue(current, k) !== desired[k]);
  if (desired[SECRET_KEY] !== undefined) {
    const secretNow = currentValue(current, SECRET_KEY);
    const sendSecret = secretNow === undefined ? changed.length > 0 : secretNow !== desired[SECRET_KEY];
    if (sendSecret) changed.push(SECRET_KEY);
  }
  return keys.filter((k) => changed.includes(k));
}

/** Whether a shown target holds any setting beyond MinIO's defaults (`enable` alone does not count). */
export function isConfigured(current: ParsedTarget): boolean {
  return OPENID_KEYS.some((s) => {
    if (s.key === "enable") return false;
    const value = currentValue(current, s.key);
    return value === undefined || value !== s.serverDefault;
  });
}

/** The values `show` reports: the shown keys plus implied ones, with the client secret redacted. */
export function displayValues(current: ParsedTarget): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of OPENID_KEYS) {
    const shown = Object.prototype.hasOwnProperty.call(current.values, spec.key);
    if (spec.key === SECRET_KEY) out[spec.key] = shown && current.values[spec.key] === "" ? "" : REDACTED;
    else if (shown) out[spec.key] = current.values[spec.key];
    else if (spec.key === "enable") out[spec.key] = "on";
    else if (spec.hiddenIfEmpty) out[spec.key] = "";
  }
  for (const [k, v] of Object.entries(current.values)) if (!(k in out)) out[k] = v;
  return out;
}
