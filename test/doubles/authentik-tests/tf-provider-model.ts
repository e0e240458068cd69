/**
 * What terraform-provider-authentik v2026.5.0 puts into request bodies and what it keeps in state after a read,
 * restated in TypeScript from the behaviour of its Go source (facts read from TFP pkg/provider/resource_*.go and
 * the goauthentik.io/api/v3 ToMap rules: a Nullable* field set to nil is sent as JSON null, an empty non-nil slice
 * as [], a nil pointer is left out). planDiff() (tf-go-rules.ts) then answers: would the next plan show a change?
 */
import { isDeepStrictEqual } from "node:util";
import { consistentMerge, goJson, optional, planned, str, type Obj, type ResourceSchema } from "./tf-go-rules";

// ---- authentik_property_mapping_provider_scope ----------------------------------------------------------------

export const SCOPE_MAPPING: ResourceSchema = {
  name: {},
  scope_name: {},
  description: {},
  // helpers.DiffSuppressExpression: strings.TrimSuffix(new, "\n") == old
  expression: { suppress: (c, s) => str(c).replace(/\n$/, "") === s },
};

export function scopeMappingRequest(config: Obj): Obj {
  return {
    name: config.name,
    scope_name: config.scope_name,
    expression: config.expression,
    ...optional("description", config.description),
  };
}

/** The four attributes the read sets; everything else about the mapping stays out of state. */
export function scopeMappingState(res: Obj): Obj {
  return {
    name: res.name,
    expression: res.expression,
    scope_name: res.scope_name,
    description: str(res.description),
  };
}

// ---- authentik_provider_oauth2 ---------------------------------------------------------------------------------

export interface RedirectEntry {
  matching_mode: string;
  url: string;
  redirect_uri_type?: string;
}

export const OAUTH2_PROVIDER: ResourceSchema = {
  name: {},
  authentication_flow: {},
  authorization_flow: {},
  invalidation_flow: {},
  property_mappings: {},
  client_type: { default: "confidential" },
  grant_types: { computed: true },
  client_id: {},
  client_secret: { computed: true },
  access_code_validity: { default: "minutes=1" },
  access_token_validity: { default: "minutes=10" },
  refresh_token_validity: { default: "days=30" },
  refresh_token_threshold: { default: "seconds=0" },
  include_claims_in_id_token: { default: true },
  signing_key: {},
  encryption_key: {},
  allowed_redirect_uris: {},
  logout_method: { default: "backchannel" },
  logout_uri: {},
  sub_mode: { default: "hashed_user_id" },
  issuer_mode: { default: "per_provider" },
  jwt_federation_sources: {},
  jwt_federation_providers: {},
};

/** resourceProviderOAuth2SchemaToProvider; `prior` is the state before an update (Computed values live there). */
export function oauth2ProviderRequest(config: Obj, prior?: Obj): Obj {
  const v = (key: string): unknown => planned(OAUTH2_PROVIDER, config, prior, key);
  const list = (key: string): unknown[] => (v(key) as unknown[] | undefined) ?? [];
  const grantTypes = list("grant_types");
  return {
    name: v("name"),
    authorization_flow: v("authorization_flow"),
    authentication_flow: str(v("authentication_flow")) || null,
    invalidation_flow: v("invalidation_flow"),
    access_code_validity: v("access_code_validity"),
    access_token_validity: v("access_token_validity"),
    refresh_token_validity: v("refresh_token_validity"),
    ...optional("refresh_token_threshold", v("refresh_token_threshold")),
    include_claims_in_id_token: v("include_claims_in_id_token"),
    client_id: v("client_id"),
    ...optional("client_secret", v("client_secret")),
    issuer_mode: v("issuer_mode"),
    sub_mode: v("sub_mode"),
    client_type: v("client_type"),
    property_mappings: list("property_mappings"),
    jwt_federation_sources: list("jwt_federation_sources"),
    ...optional("logout_method", v("logout_method")),
    ...optional("logout_uri", v("logout_uri")),
    signing_key: str(v("signing_key")) || null,
    encryption_key: str(v("encryption_key")) || null,
    redirect_uris: (list("allowed_redirect_uris") as RedirectEntry[]).map((e) => ({
      matching_mode: e.matching_mode,
      url: e.url,
      ...optional("redirect_uri_type", e.redirect_uri_type),
    })),
    jwt_federation_providers: list("jwt_federation_providers"),
    // "Only send grant_types when explicitly set; the API rejects an empty list"
    ...(grantTypes.length > 0 ? { grant_types: grantTypes } : {}),
  };
}

/** CustomRedirectURI: a missing or null redirect_uri_type becomes "" and the map key is then left out. */
function redirectKey(e: Partial<RedirectEntry>): Required<RedirectEntry> {
  return { matching_mode: str(e.matching_mode), url: str(e.url), redirect_uri_type: str(e.redirect_uri_type) };
}

/** resourceProviderOAuth2Read; `current` holds what `d` held before the read (config after create, else state). */
export function oauth2ProviderState(res: Obj, current: Obj): Obj {
  const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
  const redirects = consistentMerge(
    arr<RedirectEntry>(current.allowed_redirect_uris).map(redirectKey),
    arr<RedirectEntry>(res.redirect_uris).map(redirectKey),
  ).map((e) => ({ matching_mode: e.matching_mode, url: e.url, ...optional("redirect_uri_type", e.redirect_uri_type) }));
  return {
    name: res.name,
    authentication_flow: str(res.authentication_flow),
    authorization_flow: res.authorization_flow,
    invalidation_flow: res.invalidation_flow,
    client_id: str(res.client_id),
    client_secret: str(res.client_secret),
    client_type: str(res.client_type),
    grant_types: arr<string>(res.grant_types),
    include_claims_in_id_token: res.include_claims_in_id_token === true,
    issuer_mode: str(res.issuer_mode),
    logout_method: str(res.logout_method),
    logout_uri: str(res.logout_uri),
    property_mappings: consistentMerge(arr<string>(current.property_mappings), arr<string>(res.property_mappings)),
    allowed_redirect_uris: redirects,
    signing_key: str(res.signing_key),
    encryption_key: str(res.encryption_key),
    sub_mode: str(res.sub_mode),
    access_code_validity: str(res.access_code_validity),
    access_token_validity: str(res.access_token_validity),
    refresh_token_validity: str(res.refresh_token_validity),
    refresh_token_threshold: str(res.refresh_token_threshold),
    jwt_federation_providers: consistentMerge(
      arr<number>(current.jwt_federation_providers),
      arr<number>(res.jwt_federation_providers),
    ),
    jwt_federation_sources: consistentMerge(
      arr<string>(current.jwt_federation_sources),
      arr<string>(res.jwt_federation_sources),
    ),
  };
}

// ---- authentik_application -------------------------------------------------------------------------------------

export const APPLICATION: ResourceSchema = {
  name: {},
  group: {},
  uuid: { computed: true },
  slug: {},
  protocol_provider: {},
  backchannel_providers: {},
  meta_launch_url: {},
  meta_icon: {},
  meta_description: {},
  meta_publisher: {},
  policy_engine_mode: { default: "any" },
  open_in_new_tab: { default: false },
  meta_hide: { default: false },
};

export function applicationRequest(config: Obj): Obj {
  const v = (key: string): unknown => planned(APPLICATION, config, undefined, key);
  return {
    name: v("name"),
    slug: v("slug"),
    provider: (v("protocol_provider") as number | undefined) || null,
    open_in_new_tab: v("open_in_new_tab"),
    meta_hide: v("meta_hide"),
    policy_engine_mode: v("policy_engine_mode"),
    ...optional("group", v("group")),
    ...optional("meta_icon", v("meta_icon")),
    ...optional("meta_launch_url", v("meta_launch_url")),
    ...optional("meta_description", v("meta_description")),
    ...optional("meta_publisher", v("meta_publisher")),
    backchannel_providers: (v("backchannel_providers") as number[] | undefined) ?? [],
  };
}

export function applicationState(res: Obj): Obj {
  return {
    uuid: res.pk,
    name: res.name,
    group: str(res.group),
    slug: res.slug,
    open_in_new_tab: res.open_in_new_tab === true,
    meta_hide: res.meta_hide === true,
    protocol_provider: typeof res.provider === "number" ? res.provider : 0,
    meta_launch_url: str(res.meta_launch_url),
    meta_icon: str(res.meta_icon),
    meta_description: str(res.meta_description),
    meta_publisher: str(res.meta_publisher),
    policy_engine_mode: str(res.policy_engine_mode),
    backchannel_providers: Array.isArray(res.backchannel_providers) ? res.backchannel_providers : [],
  };
}

// ---- authentik_group -------------------------------------------------------------------------------------------

export const GROUP: ResourceSchema = {
  name: {},
  is_superuser: { default: false },
  parents: {},
  users: { computed: true },
  // helpers.DiffSuppressJSON: equal once both sides are parsed
  attributes: {
    default: "{}",
    suppress: (c, s) => isDeepStrictEqual(JSON.parse(str(c)), JSON.parse(str(s) || "null")),
  },
  roles: {},
};

export function groupRequest(config: Obj, prior?: Obj): Obj {
  const v = (key: string): unknown => planned(GROUP, config, prior, key);
  return {
    name: v("name"),
    is_superuser: v("is_superuser"),
    parents: v("parents") ?? [],
    users: v("users") ?? [],
    roles: v("roles") ?? [],
    attributes: JSON.parse(str(v("attributes"))),
  };
}

export function groupState(res: Obj, current: Obj): Obj {
  const arr = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
  return {
    name: res.name,
    is_superuser: res.is_superuser === true,
    parents: consistentMerge(arr<string>(current.parents), arr<string>(res.parents)),
    users: consistentMerge(arr<number>(current.users), arr<number>(res.users)),
    // The read merges with the key "role", which is not in the schema: server order always wins.
    roles: consistentMerge([], arr<string>(res.roles)),
    attributes: goJson(res.attributes),
  };
}
