/** /providers/oauth2/ (authentik/providers/oauth2/api/providers.py). */
import type { ApiContext, ApiResult, Route } from "./api";
import { noMatch, notFound, paginate } from "./http";
import { invalidRegexes } from "./python";
import { providerJson } from "./serializers";
import { cmp } from "./store";
import type { ProviderRecord, RedirectUri } from "./types";
import { alreadyExists, durationError, FieldErrors, invalidPk, randomAlnum } from "./validators";

const LIST = "/providers/oauth2/";
const DETAIL = "/providers/oauth2/{id}/";

function list(ctx: ApiContext): ApiResult {
  const q = ctx.req.query;
  let items = [...ctx.store.providers.values()];
  for (const [param, pick] of [
    ["name", (p: ProviderRecord) => p.name],
    ["client_id", (p: ProviderRecord) => p.clientId],
    ["authorization_flow", (p: ProviderRecord) => p.authorizationFlow],
  ] as const) {
    const value = q.get(param);
    if (value) items = items.filter((p) => pick(p) === value);
  }
  items.sort((a, b) => cmp(a.name, b.name) || a.pk - b.pk);
  return {
    status: 200,
    body: paginate(
      items.map((p) => providerJson(ctx.store, p)),
      q,
    ),
  };
}

async function validate(ctx: ApiContext, existing: ProviderRecord | undefined): Promise<void> {
  const { store, body } = ctx;
  const errors = new FieldErrors(ctx.schemaErrors);
  const others = [...store.providers.values()].filter((p) => p.pk !== existing?.pk);
  if (errors.ok(body, "name") && others.some((p) => p.name === body.name)) {
    errors.add("name", alreadyExists("provider", "name"));
  }
  if (errors.ok(body, "client_id") && others.some((p) => p.clientId === body.client_id)) {
    errors.add("client_id", alreadyExists("OAuth2/OpenID Provider", "Client ID"));
  }
  for (const field of ["authorization_flow", "invalidation_flow", "authentication_flow"]) {
    const value = body[field];
    if (errors.ok(body, field) && value !== null && !store.flows.has(String(value).toLowerCase())) {
      errors.add(field, invalidPk(value));
    }
  }
  for (const field of ["signing_key", "encryption_key"]) {
    const value = body[field];
    if (errors.ok(body, field) && value !== null && !store.keyPairs.has(String(value).toLowerCase())) {
      errors.add(field, invalidPk(value));
    }
  }
  if (errors.ok(body, "property_mappings")) {
    for (const pk of body.property_mappings as string[]) {
      if (!store.scopeMappings.has(pk.toLowerCase())) errors.add("property_mappings", invalidPk(pk));
    }
  }
  if (errors.ok(body, "jwt_federation_sources")) {
    // The double has no OAuth sources, so every source id is unknown.
    for (const pk of body.jwt_federation_sources as string[]) errors.add("jwt_federation_sources", invalidPk(pk));
  }
  if (errors.ok(body, "jwt_federation_providers")) {
    for (const pk of body.jwt_federation_providers as number[]) {
      if (!store.providers.has(pk)) errors.add("jwt_federation_providers", invalidPk(pk));
    }
  }
  for (const field of [
    "access_code_validity",
    "access_token_validity",
    "refresh_token_validity",
    "refresh_token_threshold",
  ]) {
    if (errors.ok(body, field)) {
      const problem = durationError(String(body[field]));
      if (problem) errors.add(field, problem);
    }
  }
  // ListField(allow_empty=False).to_internal_value: DRF's ListField "empty" message (see create below).
  if (errors.ok(body, "grant_types") && (body.grant_types as string[]).length === 0) {
    errors.add("grant_types", "This list may not be empty.");
  }
  if (errors.ok(body, "redirect_uris")) {
    const entries = body.redirect_uris as RedirectUri[];
    const regexes = entries.filter((e) => e.matching_mode === "regex").map((e) => e.url);
    for (const index of await invalidRegexes(regexes))
      errors.add("redirect_uris", `Invalid Regex Pattern: ${regexes[index]}`);
  }
  errors.throwIfAny();
}

function apply(p: ProviderRecord, body: Record<string, unknown>): void {
  const set = <K extends keyof ProviderRecord>(
    field: string,
    key: K,
    map?: (v: unknown) => ProviderRecord[K],
  ): void => {
    if (field in body) p[key] = map ? map(body[field]) : (body[field] as ProviderRecord[K]);
  };
  set("name", "name");
  set("authentication_flow", "authenticationFlow", (v) => (v === null ? null : String(v).toLowerCase()));
  set("authorization_flow", "authorizationFlow", (v) => String(v).toLowerCase());
  set("invalidation_flow", "invalidationFlow", (v) => String(v).toLowerCase());
  set("property_mappings", "propertyMappings", (v) => (v as string[]).map((x) => x.toLowerCase()));
  set("client_type", "clientType");
  set("grant_types", "grantTypes", (v) => [...(v as string[])]);
  set("client_id", "clientId");
  set("client_secret", "clientSecret");
  set("access_code_validity", "accessCodeValidity");
  set("access_token_validity", "accessTokenValidity");
  set("refresh_token_validity", "refreshTokenValidity");
  set("refresh_token_threshold", "refreshTokenThreshold");
  set("include_claims_in_id_token", "includeClaimsInIdToken");
  set("signing_key", "signingKey", (v) => (v === null ? null : String(v).toLowerCase()));
  set("encryption_key", "encryptionKey", (v) => (v === null ? null : String(v).toLowerCase()));
  // api/providers.py RedirectURISerializer: redirect_uri_type = ChoiceField(authorization|logout,
  // default=authorization, required=False); the schema check refuses other values and null.
  set("redirect_uris", "redirectUris", (v) =>
    (v as Array<Partial<RedirectUri>>).map((e) => ({
      matching_mode: e.matching_mode!,
      url: e.url!,
      redirect_uri_type: e.redirect_uri_type ?? "authorization",
    })),
  );
  set("logout_uri", "logoutUri");
  set("logout_method", "logoutMethod");
  set("sub_mode", "subMode");
  set("issuer_mode", "issuerMode");
  set("jwt_federation_sources", "jwtFederationSources");
  set("jwt_federation_providers", "jwtFederationProviders");
}

/**
 * grant_types as authentik 2026.5 stores it (PR #20363, "providers/oauth2: Configure allowed grant types"):
 * - authentik/providers/oauth2/models.py, OAuth2Provider.grant_types: ArrayField(TextField(choices=GrantType.choices),
 *   default=list). A provider created without the field therefore allows no grant at all.
 * - migrations/0032_oauth2provider_grant_types.py: AddField with a one-off default (migrate_default_grant_types, all
 *   seven GrantType values), then AlterField to default=list. Only rows that existed before the upgrade are
 *   backfilled; the double starts as a fresh 2026.5 install, so it has no such rows.
 * - api/providers.py, OAuth2ProviderSerializer.Meta.fields lists "grant_types" with no custom validation. DRF
 *   (rest_framework/serializers.py build_standard_field + utils/field_mapping.py get_field_kwargs) makes it a
 *   ListField(child=ChoiceField, required=False, allow_empty=False): [] -> "This list may not be empty.", an unknown
 *   item -> {"<index>": ['"<value>" is not a valid choice.']} (ListField.run_child_validation; from the schema
 *   check, drf-errors.ts). Omitted on PUT/PATCH -> the stored value is kept.
 */
async function create(ctx: ApiContext): Promise<ApiResult> {
  await validate(ctx, undefined);
  const p: ProviderRecord = {
    pk: 0,
    name: "",
    authenticationFlow: null,
    authorizationFlow: "",
    invalidationFlow: "",
    propertyMappings: [],
    clientType: "confidential",
    grantTypes: [],
    clientId: randomAlnum(40),
    clientSecret: randomAlnum(128),
    accessCodeValidity: "minutes=1",
    accessTokenValidity: "hours=1",
    refreshTokenValidity: "days=30",
    refreshTokenThreshold: "seconds=0",
    includeClaimsInIdToken: true,
    signingKey: null,
    encryptionKey: null,
    redirectUris: [],
    logoutUri: "",
    logoutMethod: "backchannel",
    subMode: "hashed_user_id",
    issuerMode: "per_provider",
    jwtFederationSources: [],
    jwtFederationProviders: [],
  };
  apply(p, ctx.body);
  p.pk = ctx.store.nextProviderPk();
  ctx.store.providers.set(p.pk, p);
  return { status: 201, body: providerJson(ctx.store, p) };
}

export function findProvider(ctx: ApiContext): ProviderRecord {
  const raw = ctx.params.id;
  if (!/^-?\d+$/.test(raw)) throw notFound();
  const found = ctx.store.providers.get(Number(raw));
  if (!found) throw noMatch("OAuth2Provider");
  return found;
}

async function update(ctx: ApiContext): Promise<ApiResult> {
  const p = findProvider(ctx);
  await validate(ctx, p);
  apply(p, ctx.body);
  return { status: 200, body: providerJson(ctx.store, p) };
}

/** GET .../setup_urls/: URLs are absolute, built from the host the API was called on. */
function setupUrls(ctx: ApiContext): ApiResult {
  const p = findProvider(ctx);
  const origin = ctx.req.origin;
  const app = ctx.store.applicationForProvider(p.pk);
  const appUrl = (suffix: string): string | null => (app ? `${origin}/application/o/${app.slug}/${suffix}` : null);
  return {
    status: 200,
    body: {
      issuer: p.issuerMode === "global" ? `${origin}/` : appUrl(""),
      authorize: `${origin}/application/o/authorize/`,
      token: `${origin}/application/o/token/`,
      user_info: `${origin}/application/o/userinfo/`,
      provider_info: appUrl(".well-known/openid-configuration"),
      logout: appUrl("end-session/"),
      jwks: appUrl("jwks/"),
    },
  };
}

export const providerRoutes: Route[] = [
  { method: "GET", template: LIST, handler: list },
  { method: "POST", template: LIST, handler: create },
  {
    method: "GET",
    template: DETAIL,
    handler: (ctx) => ({ status: 200, body: providerJson(ctx.store, findProvider(ctx)) }),
  },
  { method: "PUT", template: DETAIL, handler: update },
  { method: "PATCH", template: DETAIL, handler: update },
  {
    method: "DELETE",
    template: DETAIL,
    handler: (ctx) => {
      ctx.store.deleteProvider(findProvider(ctx).pk);
      return { status: 204 };
    },
  },
  { method: "GET", template: "/providers/oauth2/{id}/setup_urls/", handler: setupUrls },
];
