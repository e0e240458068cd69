/**
 * Replays the REST calls terraform-provider-authentik v2026.5.0 makes, one method per Go CRUD/lookup function
 * (TFP pkg/provider/provider.go, resource_*.go, data_source_*.go). Every reply goes through the shared Api client,
 * which validates it against its schema.yml response component with the Go client's decoding rules (schema.ts);
 * here the statuses are checked and the response keys each read copies into state must be present.
 * Each call is also logged as the double should have received it (path and decoded query), for comparison.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { checkResponse, matchTemplate } from "../authentik/schema";
import type { Api, Reply } from "./client";
import {
  APPLICATION,
  applicationRequest,
  applicationState,
  groupRequest,
  GROUP,
  groupState,
  OAUTH2_PROVIDER,
  oauth2ProviderRequest,
  oauth2ProviderState,
  SCOPE_MAPPING,
  scopeMappingRequest,
  scopeMappingState,
} from "./tf-provider-model";
import { goQuery, plannedAll, type Obj, type ResourceSchema } from "./tf-go-rules";

/** The generated Go client's JsonCheck (client.go): the only content types it decodes as JSON. */
const GO_JSON = /(?:application|text)\/(?:[^;]+\+)?json/i;

/** Error bodies (DRF field messages, {"detail"}) are safe to show; success bodies may carry the client secret. */
const shown = (r: Reply): string => (r.status >= 400 ? JSON.stringify(r.body) : "(success body withheld)");

/** A copy fit for assertion messages: the client secret replaced by a short digest (equal secrets, equal digests). */
export function redacted(value: Obj): Obj {
  if (typeof value.client_secret !== "string") return value;
  const digest = createHash("sha256").update(value.client_secret).digest("hex").slice(0, 12);
  return { ...value, client_secret: `<secret ${value.client_secret.length} chars, sha256 ${digest}>` };
}

export interface Call {
  method: string;
  path: string;
  query: Record<string, string[]>;
}

/** One resource type: where it lives, how it is addressed, what the Go code sends and keeps. */
export interface Kind {
  schema: ResourceSchema;
  collection: string;
  /** What d.SetId() takes from a create/update/read response. */
  idOf: (res: Obj) => string;
  readQuery: Array<[string, string]>;
  request: (config: Obj, prior?: Obj) => Obj;
  state: (res: Obj, current: Obj) => Obj;
  /** Response keys the read function copies into state (optional in schema.yml, so checked here). */
  reads: string[];
}

export const SCOPE_MAPPING_KIND: Kind = {
  schema: SCOPE_MAPPING,
  collection: "/propertymappings/provider/scope/",
  idOf: (res) => String(res.pk),
  readQuery: [],
  request: scopeMappingRequest,
  state: scopeMappingState,
  reads: ["name", "expression", "scope_name", "description"],
};

export const OAUTH2_PROVIDER_KIND: Kind = {
  schema: OAUTH2_PROVIDER,
  collection: "/providers/oauth2/",
  idOf: (res) => String(res.pk),
  readQuery: [],
  request: oauth2ProviderRequest,
  state: oauth2ProviderState,
  reads: [
    "name",
    "authentication_flow",
    "authorization_flow",
    "invalidation_flow",
    "client_id",
    "client_secret",
    "client_type",
    "grant_types",
    "include_claims_in_id_token",
    "issuer_mode",
    "logout_method",
    "logout_uri",
    "property_mappings",
    "redirect_uris",
    "signing_key",
    "encryption_key",
    "sub_mode",
    "access_code_validity",
    "access_token_validity",
    "refresh_token_validity",
    "refresh_token_threshold",
    "jwt_federation_providers",
    "jwt_federation_sources",
  ],
};

export const APPLICATION_KIND: Kind = {
  schema: APPLICATION,
  collection: "/core/applications/",
  idOf: (res) => String(res.slug),
  readQuery: [],
  request: (config) => applicationRequest(config),
  state: (res) => applicationState(res),
  reads: [
    "pk",
    "name",
    "group",
    "slug",
    "open_in_new_tab",
    "meta_hide",
    "provider",
    "meta_launch_url",
    "meta_icon",
    "meta_description",
    "meta_publisher",
    "policy_engine_mode",
    "backchannel_providers",
  ],
};

export const GROUP_KIND: Kind = {
  schema: GROUP,
  collection: "/core/groups/",
  idOf: (res) => String(res.pk),
  readQuery: [["include_users", "false"]],
  request: groupRequest,
  state: groupState,
  reads: ["name", "is_superuser", "parents", "users", "roles", "attributes"],
};

export interface Stored {
  id: string;
  state: Obj;
}

type Page = { results: Obj[] };

export class TfProvider {
  readonly calls: Call[] = [];

  constructor(private readonly api: Api) {}

  private async send(
    method: string,
    path: string,
    query: Array<[string, string]> = [],
    body?: unknown,
  ): Promise<Reply> {
    const decoded: Record<string, string[]> = {};
    for (const [k, v] of query) (decoded[k] ??= []).push(v);
    this.calls.push({ method, path: `/api/v3${path}`, query: decoded });
    const qs = goQuery(query);
    const r = await this.api.call(method, qs === "" ? path : `${path}?${qs}`, body);
    if (r.body !== undefined) {
      // Anything else is "undefined response type" to the Go client, whatever the body.
      assert.match(r.headers.get("content-type") ?? "", GO_JSON, `${method} ${path}: content type`);
    }
    const template = matchTemplate(path);
    assert.ok(template, `${path} is no path of schema.yml`);
    assert.deepEqual(checkResponse(method, template, r.status, r.body), [], `${method} ${path} -> ${r.status}`);
    return r;
  }

  private async expect(status: number, method: string, path: string, query?: Array<[string, string]>, body?: unknown) {
    const r = await this.send(method, path, query, body);
    assert.equal(r.status, status, `${method} ${path}: ${shown(r)}`);
    return r.body as Obj;
  }

  /** providerConfigure: RootConfigRetrieve (errors ignored); Sentry starts only if error_reporting.enabled. */
  configure(): Promise<Obj> {
    return this.expect(200, "GET", "/root/config/");
  }

  /** data "authentik_flow" by slug: FlowsInstancesList(slug), results[0]. */
  async flow(slug: string): Promise<Obj> {
    const page = (await this.expect(200, "GET", "/flows/instances/", [["slug", slug]])) as Page;
    assert.ok(page.results.length >= 1, "No matching flows found");
    const f = page.results[0];
    return {
      id: f.pk,
      title: f.title,
      name: f.name,
      slug: f.slug,
      designation: f.designation,
      authentication: f.authentication,
    };
  }

  /** data "authentik_certificate_key_pair": list by name, then view_certificate / view_private_key unless disabled. */
  async keyPair(name: string, fetch = { certificate: true, key: true }): Promise<Obj> {
    const page = (await this.expect(200, "GET", "/crypto/certificatekeypairs/", [["name", name]])) as Page;
    assert.ok(page.results.length >= 1, "No matching groups found");
    const f = page.results[0];
    const out: Obj = {
      id: f.pk,
      name: f.name,
      expiry: f.cert_expiry,
      subject: f.cert_subject,
      fingerprint1: f.fingerprint_sha1,
      fingerprint256: f.fingerprint_sha256,
    };
    const base = `/crypto/certificatekeypairs/${String(f.pk)}`;
    if (fetch.certificate)
      out.certificate_data = `${(await this.expect(200, "GET", `${base}/view_certificate/`)).data}\n`;
    if (fetch.key) out.key_data = `${(await this.expect(200, "GET", `${base}/view_private_key/`)).data}\n`;
    return out;
  }

  /**
   * data "authentik_group" by name (TFP data_source_group.go dataSourceGroupReadByName): CoreGroupsList with name
   * and include_users; the Go client also sends the other include_* flags at their defaults (client-go
   * api_core.go CoreGroupsListExecute, read at v3.2026020.2). None is "No matching groups found", several "Multiple
   * groups found"; the id is the group's pk (setGroup: data.SetId(pk)).
   */
  async group(name: string, includeUsers: boolean): Promise<Obj> {
    const query: Array<[string, string]> = [
      ["include_children", "false"],
      ["include_inherited_roles", "false"],
      ["include_parents", "false"],
      ["include_users", String(includeUsers)],
      ["name", name],
    ];
    const page = (await this.expect(200, "GET", "/core/groups/", query)) as Page;
    if (page.results.length < 1) throw new Error("No matching groups found");
    if (page.results.length > 1) throw new Error("Multiple groups found");
    const g = page.results[0];
    return { id: g.pk, pk: g.pk, name: g.name, users: g.users, users_obj: g.users_obj ?? [] };
  }

  /** data "authentik_property_mapping_provider_scope" with managed_list: id "-1", ids in server order. */
  async managedScopes(managed: string[]): Promise<string[]> {
    const page = (await this.expect(
      200,
      "GET",
      "/propertymappings/provider/scope/",
      managed.map((m) => ["managed", m]),
    )) as Page;
    assert.ok(page.results.length >= 1, "No matching mappings found");
    return page.results.map((r) => String(r.pk));
  }

  /** Create = POST (201), SetId, then the read function. */
  async create(kind: Kind, config: Obj): Promise<Stored> {
    const res = await this.expect(201, "POST", kind.collection, [], kind.request(config));
    const read = await this.read(kind, kind.idOf(res), plannedAll(kind.schema, config));
    assert.ok(read, `${kind.collection}: created object vanished`);
    return read;
  }

  /** Read = GET (200) into state; 404 = HTTPToDiag's SetId(""): gone from state, no error (null here). */
  async read(kind: Kind, id: string, current: Obj): Promise<Stored | null> {
    const r = await this.send("GET", `${kind.collection}${encodeURIComponent(id)}/`, kind.readQuery);
    if (r.status === 404) return null;
    assert.equal(r.status, 200, `read ${kind.collection}${id}: ${shown(r)}`);
    const res = r.body as Obj;
    const missing = kind.reads.filter((key) => !(key in res));
    assert.deepEqual(missing, [], `${kind.collection}${id}: keys the read copies into state`);
    return { id: kind.idOf(res), state: kind.state(res, current) };
  }

  /** Update = PUT of the whole request model (200) to the current id, then the read function. */
  async update(kind: Kind, stored: Stored, config: Obj): Promise<Stored> {
    const path = `${kind.collection}${encodeURIComponent(stored.id)}/`;
    const res = await this.expect(200, "PUT", path, [], kind.request(config, stored.state));
    const read = await this.read(kind, kind.idOf(res), plannedAll(kind.schema, config, stored.state));
    assert.ok(read, `${path}: updated object vanished`);
    return read;
  }

  /** Delete = DELETE (204); a 404 also ends without error (HTTPToDiag). Returns the status. */
  async destroy(kind: Kind, id: string): Promise<number> {
    const r = await this.send("DELETE", `${kind.collection}${encodeURIComponent(id)}/`);
    assert.ok(r.status === 204 || r.status === 404, `DELETE ${kind.collection}${id}: ${r.status}`);
    if (r.status === 204) assert.equal(r.body, undefined, "204 has no body");
    return r.status;
  }
}
