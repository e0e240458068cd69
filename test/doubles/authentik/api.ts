/**
 * /api/v3/ dispatch: trailing-slash redirect, token authentication (authentik/api/authentication.py, DRF answers
 * 403 because the authenticator sends no WWW-Authenticate), JSON parsing, request-schema validation, routing.
 */
import { toDrfErrors, type DrfErrors } from "./drf-errors";
import { HttpError, type ParsedRequest } from "./http";
import { matchTemplate, operation, requestComponent, validateComponent } from "./schema";
import type { Store } from "./store";
import { trimStrings } from "./validators";

export interface ApiContext {
  store: Store;
  req: ParsedRequest;
  /** Path parameters in template order, e.g. {pm_uuid: "..."}. */
  params: Record<string, string>;
  /** Parsed JSON body with surrounding whitespace of strings trimmed (DRF CharField). */
  body: Record<string, unknown>;
  /** DRF-shaped errors of the body against the operation's request schema (not yet raised). */
  schemaErrors: DrfErrors;
}

export interface ApiResult {
  status: number;
  body?: unknown;
  contentType?: string;
}

export interface Route {
  method: string;
  template: string;
  handler: (ctx: ApiContext) => Promise<ApiResult> | ApiResult;
}

/** Paths that answer anonymous requests too (schema.yml security lists `{}`). */
const ANONYMOUS_OK = new Set(["/root/config/"]);

export const API_PREFIX = "/api/v3";

export type ApiOutcome = ApiResult | { redirect: string };

function authenticate(req: ParsedRequest, token: string, template: string): void {
  const raw = String(req.headers.authorization ?? "").trim();
  if (raw === "" || !raw.includes(" ")) {
    if (ANONYMOUS_OK.has(template)) return;
    throw new HttpError(403, { detail: "Authentication credentials were not provided." });
  }
  const space = raw.indexOf(" ");
  if (raw.slice(0, space).toLowerCase() !== "bearer") {
    throw new HttpError(403, { detail: "Unsupported authentication type" });
  }
  if (raw.slice(space + 1) !== token) throw new HttpError(403, { detail: "Token invalid/expired" });
}

function parseBody(req: ParsedRequest): unknown {
  if (req.rawBody.length === 0) return {};
  const type = String(req.headers["content-type"] ?? "");
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpError(415, { detail: `Unsupported media type "${type}" in request.` });
  }
  try {
    return JSON.parse(req.rawBody.toString("utf8"));
  } catch (e) {
    // Node's message quotes the input, which may hold a secret: report only where parsing stopped.
    const position = /position (\d+)/.exec((e as Error).message)?.[1];
    const where = position === undefined ? "" : ` (char ${position})`;
    throw new HttpError(400, { detail: `JSON parse error - invalid JSON${where}` });
  }
}

function paramsOf(template: string, apiPath: string): Record<string, string> {
  const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, "([^/]+)")}$`);
  const values = pattern.exec(apiPath)?.slice(1) ?? [];
  return Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(values[i] ?? "")]));
}

export async function handleApi(store: Store, token: string, routes: Route[], req: ParsedRequest): Promise<ApiOutcome> {
  if (!req.path.endsWith("/")) {
    // Django's CommonMiddleware (APPEND_SLASH) redirects to the slash-terminated URL.
    const qs = req.query.toString();
    return { redirect: `${req.path}/${qs ? `?${qs}` : ""}` };
  }
  const apiPath = req.path.slice(API_PREFIX.length);
  const template = matchTemplate(apiPath);
  if (!template) throw new HttpError(404, { detail: "Not found." });
  authenticate(req, token, template);
  if (!operation(req.method, template)) {
    throw new HttpError(405, { detail: `Method "${req.method}" not allowed.` });
  }
  const route = routes.find((r) => r.method === req.method && r.template === template);
  if (!route) {
    throw new HttpError(501, { detail: `The authentik double does not implement ${req.method} ${template}` });
  }
  let body: Record<string, unknown> = {};
  let schemaErrors: DrfErrors = {};
  if (["POST", "PUT", "PATCH"].includes(req.method)) {
    const parsed = trimStrings(parseBody(req));
    const component = requestComponent(req.method, template);
    if (component) {
      const errors = validateComponent(component, parsed, "request");
      if (errors.length > 0) schemaErrors = toDrfErrors(errors, parsed);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      throw new HttpError(400, toDrfErrors([], parsed));
    }
    body = parsed as Record<string, unknown>;
  }
  return route.handler({ store, req, params: paramsOf(template, apiPath), body, schemaErrors });
}
