/** Response bodies in the shapes authentik 2026.5's serializers produce (required keys per schema.yml). */
import type { Store } from "./store";
import type {
  ApplicationRecord,
  FlowRecord,
  GroupRecord,
  KeyPairRecord,
  ProviderRecord,
  ScopeMappingRecord,
} from "./types";

export function scopeMappingJson(m: ScopeMappingRecord): Record<string, unknown> {
  return {
    pk: m.pk,
    managed: m.managed,
    name: m.name,
    expression: m.expression,
    component: "ak-property-mapping-provider-scope-form",
    verbose_name: "Scope Mapping",
    verbose_name_plural: "Scope Mappings",
    meta_model_name: "authentik_providers_oauth2.scopemapping",
    scope_name: m.scopeName,
    description: m.description,
  };
}

/** The generic Provider serializer (used for provider_obj of applications). */
function providerBase(store: Store, p: ProviderRecord): Record<string, unknown> {
  const app = store.applicationForProvider(p.pk);
  return {
    pk: p.pk,
    name: p.name,
    authentication_flow: p.authenticationFlow,
    authorization_flow: p.authorizationFlow,
    invalidation_flow: p.invalidationFlow,
    property_mappings: [...p.propertyMappings],
    component: "ak-provider-oauth2-form",
    assigned_application_slug: app?.slug ?? null,
    assigned_application_name: app?.name ?? null,
    assigned_backchannel_application_slug: null,
    assigned_backchannel_application_name: null,
    verbose_name: "OAuth2/OpenID Provider",
    verbose_name_plural: "OAuth2/OpenID Providers",
    meta_model_name: "authentik_providers_oauth2.oauth2provider",
  };
}

export function providerJson(store: Store, p: ProviderRecord): Record<string, unknown> {
  return {
    ...providerBase(store, p),
    client_type: p.clientType,
    grant_types: [...p.grantTypes],
    client_id: p.clientId,
    client_secret: p.clientSecret,
    access_code_validity: p.accessCodeValidity,
    access_token_validity: p.accessTokenValidity,
    refresh_token_validity: p.refreshTokenValidity,
    refresh_token_threshold: p.refreshTokenThreshold,
    include_claims_in_id_token: p.includeClaimsInIdToken,
    signing_key: p.signingKey,
    encryption_key: p.encryptionKey,
    redirect_uris: p.redirectUris.map((r) => ({ ...r })),
    logout_uri: p.logoutUri,
    logout_method: p.logoutMethod,
    sub_mode: p.subMode,
    issuer_mode: p.issuerMode,
    jwt_federation_sources: [...p.jwtFederationSources],
    jwt_federation_providers: [...p.jwtFederationProviders],
  };
}

/**
 * models.py OAuth2Provider.launch_url: urlunparse(urlparse(first authorization_redirect_uris entry, any matching
 * mode)._replace(path="")), i.e. the URL as typed minus its path (regex entries included). Only scheme://host
 * URLs are modelled; others answer null.
 */
function providerLaunchUrl(p: ProviderRecord): string | null {
  const first = p.redirectUris.find((r) => r.redirect_uri_type === "authorization");
  const m = first && /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)[^?#]*(?:\?([^#]*))?(?:#(.*))?$/.exec(first.url);
  if (!m) return null;
  const [, scheme, netloc, query, fragment] = m;
  return `${scheme.toLowerCase()}://${netloc}${query ? `?${query}` : ""}${fragment ? `#${fragment}` : ""}`;
}

export function applicationJson(store: Store, a: ApplicationRecord): Record<string, unknown> {
  const provider = a.provider === null ? undefined : store.providers.get(a.provider);
  return {
    pk: a.pk,
    name: a.name,
    slug: a.slug,
    provider: a.provider,
    provider_obj: provider ? providerBase(store, provider) : null,
    backchannel_providers: [...a.backchannelProviders],
    backchannel_providers_obj: a.backchannelProviders
      .map((pk) => store.providers.get(pk))
      .filter((p): p is ProviderRecord => p !== undefined)
      .map((p) => providerBase(store, p)),
    launch_url: a.metaLaunchUrl !== "" ? a.metaLaunchUrl : provider ? providerLaunchUrl(provider) : null,
    open_in_new_tab: a.openInNewTab,
    meta_launch_url: a.metaLaunchUrl,
    meta_icon: a.metaIcon,
    meta_icon_url: a.metaIcon === "" ? null : a.metaIcon,
    meta_icon_themed_urls: null,
    meta_description: a.metaDescription,
    meta_publisher: a.metaPublisher,
    policy_engine_mode: a.policyEngineMode,
    group: a.group,
    meta_hide: a.metaHide,
  };
}

export interface GroupIncludes {
  users: boolean;
  parents: boolean;
  children: boolean;
  inheritedRoles: boolean;
}

function relatedGroup(g: GroupRecord): Record<string, unknown> {
  return { pk: g.pk, name: g.name, is_superuser: g.isSuperuser, attributes: g.attributes, group_uuid: g.pk };
}

export function groupJson(store: Store, g: GroupRecord, include: GroupIncludes): Record<string, unknown> {
  const children = [...store.groups.values()].filter((c) => c.parents.includes(g.pk));
  return {
    pk: g.pk,
    num_pk: g.numPk,
    name: g.name,
    is_superuser: g.isSuperuser,
    parents: [...g.parents],
    parents_obj: include.parents
      ? g.parents.map((pk) => store.groups.get(pk)).flatMap((p) => (p ? [relatedGroup(p)] : []))
      : null,
    users: [...g.users],
    users_obj: include.users
      ? g.users.flatMap((pk) => {
          const u = store.users.get(pk);
          if (!u) return [];
          return [
            {
              pk: u.pk,
              username: u.username,
              name: u.name,
              is_active: u.isActive,
              last_login: null,
              email: u.email,
              attributes: u.attributes,
              uid: u.uid,
            },
          ];
        })
      : null,
    attributes: g.attributes,
    roles: [...g.roles],
    roles_obj: [],
    inherited_roles_obj: include.inheritedRoles ? [] : null,
    children: children.map((c) => c.pk),
    children_obj: include.children ? children.map(relatedGroup) : null,
  };
}

export function flowJson(f: FlowRecord): Record<string, unknown> {
  return {
    pk: f.pk,
    policybindingmodel_ptr_id: f.pk,
    name: f.name,
    slug: f.slug,
    title: f.title,
    designation: f.designation,
    background: "",
    background_url: "/static/dist/assets/images/flow_background.jpg",
    background_themed_urls: null,
    stages: [],
    policies: [],
    cache_count: 0,
    policy_engine_mode: "any",
    compatibility_mode: false,
    export_url: `/api/v3/flows/instances/${f.slug}/export/`,
    layout: "stacked",
    denied_action: "message_continue",
    authentication: f.authentication,
  };
}

export function keyPairJson(k: KeyPairRecord, includeDetails: boolean): Record<string, unknown> {
  const base = `/api/v3/crypto/certificatekeypairs/${k.pk}`;
  return {
    pk: k.pk,
    name: k.name,
    fingerprint_sha256: includeDetails ? k.fingerprintSha256 : null,
    fingerprint_sha1: includeDetails ? k.fingerprintSha1 : null,
    cert_expiry: includeDetails ? k.certExpiry : null,
    cert_subject: includeDetails ? k.certSubject : null,
    private_key_available: k.keyPem !== "",
    key_type: includeDetails ? k.keyType : null,
    certificate_download_url: `${base}/view_certificate/?download`,
    private_key_download_url: `${base}/view_private_key/?download`,
    managed: k.managed,
  };
}

/** GET /root/config/: error reporting must stay off, or the TF provider starts Sentry. */
export function rootConfigJson(): Record<string, unknown> {
  return {
    error_reporting: { enabled: false, sentry_dsn: "", environment: "", send_pii: false, traces_sample_rate: 0 },
    capabilities: [],
    cache_timeout: 300,
    cache_timeout_flows: 300,
    cache_timeout_policies: 300,
  };
}
