/** Field-level checks DRF/authentik run after the JSON-schema checks (uniqueness, relations, formats). */
import { randomInt } from "node:crypto";
import { HttpError, notFound } from "./http";
import { mergeErrors, type DrfErrors } from "./drf-errors";

/** Collects {"field": ["message"]} errors; fields that already failed schema validation are skipped. */
export class FieldErrors {
  private readonly errors: DrfErrors;

  constructor(schemaErrors: DrfErrors) {
    this.errors = { ...schemaErrors };
  }

  /** True when the field is present in the body and passed schema validation. */
  ok(body: Record<string, unknown>, field: string): boolean {
    return field in body && body[field] !== undefined && !(field in this.errors);
  }

  add(field: string, message: string): void {
    const list = (this.errors[field] ??= []) as string[];
    if (!list.includes(message)) list.push(message);
  }

  merge(extra: DrfErrors): void {
    Object.assign(this.errors, mergeErrors(this.errors, extra));
  }

  throwIfAny(): void {
    if (Object.keys(this.errors).length > 0) throw new HttpError(400, this.errors);
  }
}

/** DRF PrimaryKeyRelatedField's does_not_exist message. */
export const invalidPk = (value: unknown): string => `Invalid pk "${String(value)}" - object does not exist.`;

/** Django's default unique message: "<model verbose_name> with this <field verbose_name> already exists." */
export const alreadyExists = (model: string, field: string): string => `${model} with this ${field} already exists.`;

const DURATION_KEYS = new Set(["microseconds", "milliseconds", "seconds", "minutes", "hours", "days", "weeks"]);

/** authentik's timedelta_from_string, in milliseconds; throws like the Python version on bad input. */
export function durationMs(expr: string): number {
  const factor: Record<string, number> = {
    microseconds: 0.001,
    milliseconds: 1,
    seconds: 1000,
    minutes: 60_000,
    hours: 3_600_000,
    days: 86_400_000,
    weeks: 604_800_000,
  };
  let total = 0;
  let used = 0;
  for (const pair of expr.split(";")) {
    const parts = pair.split("=");
    if (parts.length !== 2) throw new Error("bad pair");
    const key = parts[0].toLowerCase();
    if (!DURATION_KEYS.has(key)) continue;
    const value = Number(parts[1].trim());
    if (parts[1].trim() === "" || Number.isNaN(value)) throw new Error("bad number");
    total += value * factor[key];
    used++;
  }
  if (used < 1) throw new Error("No valid keys to pass to timedelta");
  // datetime.timedelta(**kwargs) raises OverflowError past 999999999 days; timedelta_string_validator catches only
  // ValueError (lib/utils/time.py), so authentik answers 500.
  if (!Number.isFinite(total) || Math.abs(total) >= TIMEDELTA_LIMIT_MS) {
    throw new OverflowError("days; must have magnitude <= 999999999");
  }
  return total;
}

/** Python's OverflowError: not a ValueError, so no validator turns it into a 400; the request fails with 500. */
export class OverflowError extends Error {}

const TIMEDELTA_LIMIT_MS = 1_000_000_000 * 86_400_000;

/**
 * `now + validity` as a Python datetime: past the year 9999 (datetime.MAXYEAR) the addition raises OverflowError
 * ("date value out of range"), so the request that issues the token fails with 500.
 */
export function expiryMs(now: number, validityMs: number): number {
  const at = now + validityMs;
  if (at >= Date.UTC(10000, 0, 1)) throw new OverflowError("date value out of range");
  return at;
}

/** timedelta_string_validator's message, or null when the value parses. */
export function durationError(value: string): string | null {
  try {
    durationMs(value);
    return null;
  } catch (e) {
    if (e instanceof OverflowError) throw e;
    return `${value} is not in the correct format of 'hours=3;minutes=1'.`;
  }
}

/** DRF CharField trims surrounding whitespace; do it for top-level strings and strings inside lists of objects. */
export function trimStrings(body: unknown): unknown {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return body;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === "string") out[key] = value.trim();
    else if (Array.isArray(value))
      out[key] = value.map((item) =>
        item !== null && typeof item === "object" && !Array.isArray(item)
          ? Object.fromEntries(Object.entries(item).map(([k, v]) => [k, typeof v === "string" ? v.trim() : v]))
          : item,
      );
    else out[key] = value;
  }
  return out;
}

const ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** authentik's generate_id / generate_key: random letters and digits. */
export function randomAlnum(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Look up by UUID path parameter: a malformed UUID is DRF's bare "Not found.", a miss names the model. */
export function byUuid<T>(map: Map<string, T>, raw: string, model: string): T {
  if (!UUID_RE.test(raw)) throw notFound();
  const found = map.get(raw.toLowerCase());
  if (!found) throw notFound(`No ${model} matches the given query.`);
  return found;
}
