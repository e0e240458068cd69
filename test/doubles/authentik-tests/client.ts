/**
 * HTTP client for the double's own tests. Every REST response is checked against the response schema of its
 * operation in authentik's schema.yml (statuses the schema does not list: 400 -> ValidationError, other 4xx ->
 * GenericError); OIDC JSON responses are checked against the schemas in oidc-schemas.ts.
 */
import assert from "node:assert/strict";
import { checkResponse, matchTemplate } from "../authentik/schema";
import { checkOidc, type OidcSchema } from "./oidc-schemas";

export const TOKEN = "ak-double-test-token-0123456789";

export interface Reply {
  status: number;
  body: unknown;
  headers: Headers;
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === "") return undefined;
  return (res.headers.get("content-type") ?? "").startsWith("application/json") ? JSON.parse(text) : text;
}

export class Api {
  constructor(
    readonly base: string,
    private readonly token: string | null = TOKEN,
  ) {}

  /** Any request below /api/v3; JSON bodies are sent as application/json. */
  async call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const h: Record<string, string> = { Accept: "application/json", ...headers };
    if (this.token !== null) h.Authorization ??= `Bearer ${this.token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      payload = typeof body === "string" ? body : JSON.stringify(body);
      h["Content-Type"] ??= "application/json";
    }
    const res = await fetch(`${this.base}/api/v3${path}`, { method, headers: h, body: payload, redirect: "manual" });
    const reply = { status: res.status, body: await readBody(res), headers: res.headers };
    const apiPath = path.split("?")[0];
    const template = matchTemplate(apiPath);
    if (template && res.status < 500 && res.status !== 301) {
      const contentType = res.headers.get("content-type") ?? "";
      if (contentType.startsWith("application/json") || reply.body === undefined) {
        assert.deepEqual(
          checkResponse(method, template, res.status, reply.body),
          [],
          `${method} ${path} -> ${res.status}`,
        );
      }
    }
    return reply;
  }

  get = (path: string): Promise<Reply> => this.call("GET", path);
  post = (path: string, body: unknown): Promise<Reply> => this.call("POST", path, body);
  put = (path: string, body: unknown): Promise<Reply> => this.call("PUT", path, body);
  patch = (path: string, body: unknown): Promise<Reply> => this.call("PATCH", path, body);
  del = (path: string): Promise<Reply> => this.call("DELETE", path);

  /** GET that must answer 200; returns the body. */
  async ok<T = Record<string, unknown>>(path: string): Promise<T> {
    const r = await this.get(path);
    assert.equal(r.status, 200, `GET ${path}: ${JSON.stringify(r.body)}`);
    return r.body as T;
  }

  /** POST that must answer 201; returns the body. */
  async created<T = Record<string, unknown>>(path: string, body: unknown): Promise<T> {
    const r = await this.post(path, body);
    assert.equal(r.status, 201, `POST ${path}: ${JSON.stringify(r.body)}`);
    return r.body as T;
  }
}

/** Fetch outside /api/v3 (OIDC). JSON bodies are validated against `schema` when one is given. */
export async function oidcFetch(url: string, init: RequestInit = {}, schema?: OidcSchema): Promise<Reply> {
  const res = await fetch(url, { redirect: "manual", ...init });
  const reply = { status: res.status, body: await readBody(res), headers: res.headers };
  if (schema) assert.deepEqual(checkOidc(schema, reply.body), [], `${url} -> ${res.status}`);
  return reply;
}

export function form(values: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(values).toString(),
  };
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}
