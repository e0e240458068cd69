// What authentik holds that the stack's config names (I/O: GET requests with the stack's token, read only).
//
// authentik's list endpoints filter exactly by these fields (schema.yml: providers_oauth2_list `name`,
// `client_id`; core_applications_list `slug`; propertymappings_provider_scope_list `scope_name`, `name`) and
// answer {pagination: {next, ...}, results}; `next` is the next page's number, 0 on the last page.
import { describeFailure, jsonObject } from "../verify/outcome";
import { getWithToken } from "../verify/http";
import type { Candidates, FoundApplication, FoundMapping, FoundProvider, Wanted } from "./find";

/** authentik could not be read; the message names the request, never the token. */
export class AuthentikReadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuthentikReadError";
  }
}

/** Pages followed at most (100 objects each). */
const MAX_PAGES = 20;

async function list(base: string, token: string, path: string, query: Record<string, string>, timeoutMs: number) {
  const results: Record<string, unknown>[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const params = new URLSearchParams({ ...query, page_size: "100", page: String(page) });
    const outcome = await getWithToken(`${base}/api/v3${path}?${params}`, token, timeoutMs);
    const body = jsonObject(outcome);
    if ("error" in outcome || outcome.status !== 200 || !Array.isArray(body?.results)) {
      const hint = !("error" in outcome) && outcome.status === 403 ? "(check authentik:token or AUTHENTIK_TOKEN)" : "";
      throw new AuthentikReadError(`reading ${path} from authentik failed: ${describeFailure(outcome, hint)}`);
    }
    results.push(...(body.results as Record<string, unknown>[]));
    const next = (body.pagination as { next?: unknown } | undefined)?.next;
    if (typeof next !== "number" || next === 0) return results;
  }
  throw new AuthentikReadError(`authentik lists more than ${MAX_PAGES * 100} objects at ${path}`);
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

function provider(raw: Record<string, unknown>): FoundProvider {
  return {
    pk: Number(raw.pk),
    name: text(raw.name),
    client_id: text(raw.client_id),
    client_secret: text(raw.client_secret),
    property_mappings: Array.isArray(raw.property_mappings) ? raw.property_mappings.map(String) : [],
    assigned_application_slug: typeof raw.assigned_application_slug === "string" ? raw.assigned_application_slug : null,
  };
}

function application(raw: Record<string, unknown>): FoundApplication {
  return {
    slug: text(raw.slug),
    name: text(raw.name),
    provider: typeof raw.provider === "number" ? raw.provider : null,
  };
}

function mapping(raw: Record<string, unknown>): FoundMapping {
  return { pk: text(raw.pk), name: text(raw.name), scope_name: text(raw.scope_name) };
}

/** The providers, application and scope mappings that could be the stack's. */
export async function readCandidates(
  authentikUrl: string,
  token: string,
  wanted: Wanted,
  timeoutMs: number,
): Promise<Candidates> {
  const get = (path: string, query: Record<string, string>) => list(authentikUrl, token, path, query, timeoutMs);
  const [byName, byClientId, apps, scoped, named] = await Promise.all([
    get("/providers/oauth2/", { name: wanted.providerName }),
    get("/providers/oauth2/", { client_id: wanted.clientId ?? wanted.slug }),
    get("/core/applications/", { slug: wanted.slug }),
    get("/propertymappings/provider/scope/", { scope_name: "minio" }),
    get("/propertymappings/provider/scope/", { name: wanted.mappingName }),
  ]);
  const providers = new Map([...byName, ...byClientId].map((raw) => [Number(raw.pk), provider(raw)]));
  const mappings = new Map([...scoped, ...named].map((raw) => [text(raw.pk), mapping(raw)]));
  return {
    providers: [...providers.values()],
    application: apps.map(application).find((a) => a.slug === wanted.slug),
    mappings: [...mappings.values()],
  };
}
