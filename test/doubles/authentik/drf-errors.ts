/**
 * Turns JSON-schema violations of a request body into the 400 body Django REST framework would send:
 * {"field": ["message"]}, nested lists for many=True serializers, {"0": [...]} for ListField items and
 * {"non_field_errors": [...]} for a body that is not an object. Messages are DRF's default field messages.
 */
import type { ErrorObject } from "ajv";
import { pyType } from "./http";

export type DrfErrors = Record<string, unknown>;

/** Request fields that are DRF ListFields (errors keyed by item index) rather than related-field lists. */
const LIST_FIELDS = new Set(["grant_types"]);

function typeMessage(expected: string, value: unknown): string {
  if (value === null) return "This field may not be null.";
  switch (expected) {
    case "string":
      return "Not a valid string.";
    case "integer":
      return "A valid integer is required.";
    case "number":
      return "A valid number is required.";
    case "boolean":
      return "Must be a valid boolean.";
    case "array":
      return `Expected a list of items but got type "${pyType(value)}".`;
    default:
      return `Invalid data. Expected a dictionary, but got ${pyType(value)}.`;
  }
}

function message(error: ErrorObject, value: unknown): string | undefined {
  // Field.validate_empty_values runs first: null on a non-nullable field is that one message, whatever else fails.
  if (value === null && error.keyword !== "required") return "This field may not be null.";
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return "This field is required.";
    case "type":
      return typeMessage(String(Array.isArray(p.type) ? p.type[0] : p.type), value);
    case "minLength":
      return Number(p.limit) === 1
        ? "This field may not be blank."
        : `Ensure this field has at least ${p.limit} characters.`;
    case "maxLength":
      return `Ensure this field has no more than ${p.limit} characters.`;
    case "pattern":
      return "Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.";
    case "enum":
      return `"${String(value)}" is not a valid choice.`;
    case "format":
      if (p.format === "uuid") return "Must be a valid UUID.";
      if (p.format === "uri") return "Enter a valid URL.";
      if (p.format === "email") return "Enter a valid email address.";
      return "Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].";
    case "minimum":
      return `Ensure this value is greater than or equal to ${p.limit}.`;
    case "maximum":
      return `Ensure this value is less than or equal to ${p.limit}.`;
    default:
      return undefined;
  }
}

function valueAt(body: unknown, segments: string[]): unknown {
  let cur: unknown = body;
  for (const s of segments)
    cur = cur !== null && typeof cur === "object" ? (cur as Record<string, unknown>)[s] : undefined;
  return cur;
}

function pushUnique(list: string[], text: string): void {
  if (!list.includes(text)) list.push(text);
}

/** Convert ajv errors (allErrors mode) for `body` into DRF's error structure. */
export function toDrfErrors(errors: ErrorObject[], body: unknown): DrfErrors {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return { non_field_errors: [`Invalid data. Expected a dictionary, but got ${pyType(body)}.`] };
  }
  const out: DrfErrors = {};
  for (const error of errors) {
    // Errors from the null branch of a nullable wrapper, and the wrapper itself, carry no field message.
    if (error.keyword === "anyOf" || /\/anyOf\/1\//.test(error.schemaPath)) continue;
    const segments = error.instancePath.split("/").slice(1).map(decodePointer);
    if (error.keyword === "required")
      segments.push(String((error.params as { missingProperty: string }).missingProperty));
    const value = error.keyword === "required" ? undefined : valueAt(body, segments);
    const text = message(error, value);
    if (text === undefined || segments.length === 0) continue;
    const [field, index, ...rest] = segments;
    if (index === undefined) {
      pushUnique((out[field] = Array.isArray(out[field]) ? out[field] : []) as string[], text);
    } else if (rest.length > 0) {
      // many=True nested serializer (e.g. redirect_uris): one dict per item, {} for valid items.
      const length = Array.isArray((body as Record<string, unknown>)[field])
        ? ((body as Record<string, unknown[]>)[field] as unknown[]).length
        : 0;
      const items = (out[field] ??= Array.from({ length }, () => ({}))) as Array<Record<string, string[]>>;
      const item = (items[Number(index)] ??= {});
      pushUnique((item[rest[0]] ??= []), text);
    } else if (LIST_FIELDS.has(field)) {
      const byIndex = (out[field] ??= {}) as Record<string, string[]>;
      pushUnique((byIndex[index] ??= []), text);
    } else {
      pushUnique((out[field] = Array.isArray(out[field]) ? out[field] : []) as string[], text);
    }
  }
  return out;
}

function decodePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** Merge field errors: lists are concatenated, everything else from `extra` wins. */
export function mergeErrors(base: DrfErrors, extra: DrfErrors): DrfErrors {
  const out: DrfErrors = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    out[key] = Array.isArray(out[key]) && Array.isArray(value) ? [...(out[key] as unknown[]), ...value] : value;
  }
  return out;
}
