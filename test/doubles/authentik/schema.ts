/**
 * authentik's OpenAPI 3.0 document (schema.yml of @goauthentik/api) turned into JSON Schema for ajv, once per process.
 * OpenAPI specifics handled: nullable, readOnly (dropped from request schemas), writeOnly (dropped from response
 * schemas), $ref to #/components/schemas, enums, the formats authentik uses, and the discriminator keyword.
 * Response schemas are also held to what the Go client of terraform-provider-authentik decodes (goauthentik.io/api/v3,
 * openapi-generator): `integer` without a format is an int32 field, `date-time` is a time.Time that only parses
 * RFC 3339 (`2006-01-02T15:04:05Z07:00`, optional fraction).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { parse } from "yaml";
import { fromRoot } from "../../support/paths";

type Json = Record<string, unknown>;
type Direction = "request" | "response";

interface Operation {
  requestBody?: { content?: Record<string, { schema?: Json }> };
  responses?: Record<string, { content?: Record<string, { schema?: Json }>; $ref?: string }>;
}

interface Loaded {
  doc: {
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Json>; responses: Json };
  };
  ajv: Ajv;
  templates: Array<{ template: string; regex: RegExp }>;
  cache: Map<string, ValidateFunction>;
}

let loaded: Loaded | undefined;

const UUID = /^(urn:uuid:)?\{?[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}\}?$/i;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;
/** What Go's time.Time.UnmarshalJSON accepts (strict RFC 3339: "T", seconds and a zone are mandatory). */
const GO_RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const INT32 = { minimum: -2147483648, maximum: 2147483647 };

function isGoTime(value: string): boolean {
  const m = GO_RFC3339.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second < 60;
}

/**
 * Django's URLValidator in short: blank is allowed by the blank=True model fields, else scheme://host..., at most
 * 2048 characters with a host of at most 253 (django/core/validators.py URLValidator.max_length, Django 5.2).
 */
function isUrl(value: string): boolean {
  if (value === "") return true;
  if ([...value].length > 2048) return false;
  if ((/^[a-z0-9.+-]*:\/\/([^/?#]*)/i.exec(value)?.[1] ?? "").length > 253) return false;
  if (!/^(https?|ftps?):\/\/[^\s/?#]+[^\s]*$/i.test(value)) return false;
  try {
    return new URL(value).hostname !== "";
  } catch {
    return false;
  }
}

function convert(node: unknown, direction: Direction): unknown {
  if (Array.isArray(node)) return node.map((n) => convert(n, direction));
  if (node === null || typeof node !== "object") return node;
  const src = node as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(src)) {
    if (key === "nullable" || key === "discriminator") continue;
    if (key === "$ref" && typeof value === "string") {
      out.$ref = value.replace("#/components/schemas/", "#/definitions/");
    } else if (key === "properties" && value && typeof value === "object") {
      const props: Json = {};
      for (const [name, prop] of Object.entries(value as Json)) {
        const p = prop as Json;
        if (direction === "request" && p.readOnly === true) continue;
        if (direction === "response" && p.writeOnly === true) continue;
        props[name] = convert(p, direction);
      }
      out.properties = props;
    } else {
      out[key] = convert(value, direction);
    }
  }
  if (direction === "response") {
    if (out.format === "date-time") out.format = "go-date-time";
    if (out.type === "integer" && out.format === undefined) Object.assign(out, { ...INT32, ...out });
  }
  if (Array.isArray(out.required) && out.properties) {
    out.required = (out.required as string[]).filter((r) => r in (out.properties as Json));
  }
  if (src.nullable === true) {
    if (typeof out.type === "string" && !out.allOf && !out.$ref) {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
      return out;
    }
    return { anyOf: [out, { type: "null" }] };
  }
  return out;
}

/**
 * Parsing the 1.7 MB schema.yml with `yaml` takes seconds, and every test file runs in its own process, so the
 * parsed document is cached as JSON in the OS temp dir, keyed by the hash of the YAML text.
 */
function readSchemaDocument(): Loaded["doc"] {
  const text = fs.readFileSync(fromRoot("node_modules/@goauthentik/api/schema.yml"), "utf8");
  const digest = createHash("sha256").update(text).digest("hex").slice(0, 24);
  const cacheFile = path.join(os.tmpdir(), `authentik-double-schema-${digest}.json`);
  try {
    return JSON.parse(fs.readFileSync(cacheFile, "utf8")) as Loaded["doc"];
  } catch {
    const doc = parse(text) as Loaded["doc"];
    const partial = `${cacheFile}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(partial, JSON.stringify(doc));
      fs.renameSync(partial, cacheFile);
    } catch {
      // A read-only temp dir only costs speed.
    }
    return doc;
  }
}

function load(): Loaded {
  if (loaded) return loaded;
  const doc = readSchemaDocument();
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  ajv.addFormat("uuid", UUID);
  ajv.addFormat("date-time", DATE_TIME);
  ajv.addFormat("go-date-time", { type: "string", validate: isGoTime });
  ajv.addFormat("email", EMAIL);
  ajv.addFormat("uri", { type: "string", validate: isUrl });
  for (const f of ["double", "int64", "int32", "binary", "float"]) ajv.addFormat(f, true);
  for (const direction of ["request", "response"] as const) {
    ajv.addSchema({ $id: `authentik-${direction}`, definitions: convert(doc.components.schemas, direction) });
  }
  const templates = Object.keys(doc.paths).map((template) => ({
    template,
    regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`),
  }));
  loaded = { doc, ajv, templates, cache: new Map() };
  return loaded;
}

/** The OpenAPI path template (e.g. "/core/applications/{slug}/") for a path below /api/v3. */
export function matchTemplate(apiPath: string): string | undefined {
  // Django's router tries a viewset's extra actions (`/core/users/me/`) before its detail route (`{id}/`).
  const matches = load().templates.filter((t) => t.regex.test(apiPath));
  return (matches.find((t) => !t.template.includes("{")) ?? matches[0])?.template;
}

export function operation(method: string, template: string): Operation | undefined {
  return load().doc.paths[template]?.[method.toLowerCase()];
}

function componentName(schema: Json | undefined): string | undefined {
  const ref = schema?.$ref;
  return typeof ref === "string" ? ref.replace("#/components/schemas/", "") : undefined;
}

/** Name of the request-body component of an operation (e.g. ScopeMappingRequest), if it has one. */
export function requestComponent(method: string, template: string): string | undefined {
  return componentName(operation(method, template)?.requestBody?.content?.["application/json"]?.schema);
}

function validator(component: string, direction: Direction): ValidateFunction {
  const state = load();
  const key = `${direction}:${component}`;
  let fn = state.cache.get(key);
  if (!fn) {
    if (!(component in state.doc.components.schemas)) throw new Error(`schema.yml has no component ${component}`);
    fn = state.ajv.compile({ $ref: `authentik-${direction}#/definitions/${component}` });
    state.cache.set(key, fn);
  }
  return fn;
}

/** Validate a value against a component schema; returns ajv's errors (empty when valid). */
export function validateComponent(component: string, value: unknown, direction: Direction): ErrorObject[] {
  const fn = validator(component, direction);
  return fn(value) ? [] : [...(fn.errors ?? [])];
}

/**
 * Which component a response of this operation/status must match. Statuses the schema does not list fall back
 * to authentik's error components: 400 -> ValidationError, other 4xx -> GenericError ({"detail": ...}).
 * Returns null for responses without a body (e.g. 204) and undefined when nothing applies.
 */
export function responseComponent(method: string, template: string, status: number): string | null | undefined {
  const responses = operation(method, template)?.responses ?? {};
  const entry = responses[String(status)];
  if (entry) {
    const ref = entry.$ref;
    if (typeof ref === "string") return ref.endsWith("ValidationErrorResponse") ? "ValidationError" : "GenericError";
    const schema = entry.content?.["application/json"]?.schema;
    return schema ? (componentName(schema) ?? undefined) : null;
  }
  if (status === 400) return "ValidationError";
  if (status >= 401 && status < 500) return "GenericError";
  return undefined;
}

/** Human-readable list of schema violations of a response body (empty when it conforms). */
export function checkResponse(method: string, template: string, status: number, body: unknown): string[] {
  const component = responseComponent(method, template, status);
  if (component === undefined) return [`no schema for ${method} ${template} -> ${status}`];
  if (component === null) return body === undefined || body === "" ? [] : [`expected no body, got ${String(body)}`];
  return validateComponent(component, body, "response").map(
    (e) => `${component}${e.instancePath} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`,
  );
}
