/** HTTP plumbing shared by the double's API and OIDC handlers. */
import type { IncomingMessage, ServerResponse } from "node:http";

/** An error that becomes an HTTP response with a JSON body (DRF / OAuth shapes are built by the thrower). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}`);
  }
}

export const notFound = (detail = "Not found."): HttpError => new HttpError(404, { detail });

/** DRF's wording when a lookup misses: "No <Model> matches the given query." (DRF >= 3.15 keeps Http404's text). */
export const noMatch = (model: string): HttpError => notFound(`No ${model} matches the given query.`);

export const validationError = (errors: Record<string, unknown>): HttpError => new HttpError(400, errors);

export interface ParsedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  rawBody: Buffer;
  /** Absolute base URL as the client addressed the server (authentik builds URLs from the request host). */
  origin: string;
}

export async function readRequest(req: IncomingMessage): Promise<ParsedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? "/", "http://placeholder");
  const host = req.headers.host ?? "127.0.0.1";
  // authentik builds absolute URLs with request.build_absolute_uri: the scheme the request came in with.
  const scheme = (req.socket as { encrypted?: boolean }).encrypted ? "https" : "http";
  return {
    method: (req.method ?? "GET").toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    rawBody: Buffer.concat(chunks),
    origin: `${scheme}://${host}`,
  };
}

/** Query values grouped by key (repeated keys such as ?managed=a&managed=b are kept). */
export function queryToRecord(query: URLSearchParams): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of query) (out[k] ??= []).push(v);
  return out;
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Length": 0, ...headers });
  res.end();
}

export function sendHtml(res: ServerResponse, status: number, title: string, message: string): void {
  const escape = (s: string): string => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const text = `<!DOCTYPE html><html><head><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1><p>${escape(message)}</p></body></html>`;
  res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export function redirect(res: ServerResponse, location: string, status = 302): void {
  res.writeHead(status, { Location: location, "Content-Length": 0 });
  res.end();
}

/** Parse an application/x-www-form-urlencoded body (OAuth token endpoint). */
export function formBody(req: ParsedRequest): URLSearchParams {
  const type = String(req.headers["content-type"] ?? "");
  if (req.rawBody.length === 0 || !type.startsWith("application/x-www-form-urlencoded")) return new URLSearchParams();
  return new URLSearchParams(req.rawBody.toString("utf8"));
}

/** Python's type() name for a JSON value, as DRF puts it into error messages. */
export function pyType(value: unknown): string {
  if (value === null) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "string") return "str";
  return "dict";
}

/** authentik's list envelope (authentik/api/pagination.py) with page/page_size support. */
export function paginate<T>(items: T[], query: URLSearchParams): Record<string, unknown> {
  const size = Math.max(1, Number.parseInt(query.get("page_size") ?? "100", 10) || 100);
  const pageParam = query.get("page");
  const page = pageParam === null || pageParam === "" ? 1 : Number.parseInt(pageParam, 10);
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  if (!Number.isInteger(page) || page < 1 || page > totalPages) throw notFound("Invalid page.");
  const results = items.slice((page - 1) * size, page * size);
  const start = items.length === 0 ? 0 : (page - 1) * size + 1;
  return {
    pagination: {
      next: page < totalPages ? page + 1 : 0,
      previous: page > 1 ? page - 1 : 0,
      count: items.length,
      current: page,
      total_pages: totalPages,
      start_index: start,
      end_index: items.length === 0 ? 0 : start + results.length - 1,
    },
    results,
    autocomplete: {},
  };
}

/**
 * The group serializer's include_* switches (core/api/groups.py `_should_include_users` etc.): the raw value,
 * lower-cased, must equal "true"; anything else ("1", "yes", "") is false. Absent means the default.
 */
export function flagParam(query: URLSearchParams, key: string, fallback: boolean): boolean {
  return (query.get(key) ?? String(fallback)).toLowerCase() === "true";
}

/** django-filter's BooleanFilter reading of "true"/"false" (other values: no filtering). */
export function boolParam(query: URLSearchParams, key: string, fallback: boolean): boolean {
  const raw = query.get(key);
  if (raw === null) return fallback;
  if (raw.toLowerCase() === "true") return true;
  if (raw.toLowerCase() === "false") return false;
  return fallback;
}
