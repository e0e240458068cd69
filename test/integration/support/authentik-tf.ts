/**
 * authentik configured through its REST API in the order and with the bodies terraform-provider-authentik
 * v2026.5.0 uses for the program's resources (research notes authentik.md §1-§2; TFP
 * pkg/provider/resource_property_mapping_provider_scope.go: update = PropertymappingsProviderScopeUpdate = PUT).
 * The real provider binary cannot run here, so this module stands in for it; every response is checked against
 * authentik's schema.yml by the shared Api client.
 */
import assert from "node:assert/strict";
import { Api } from "../../doubles/authentik-tests/client";
import { PROGRAM_GRANT_TYPES } from "../../doubles/authentik-tests/fixtures";
import type { StackConfig } from "../../../lib/config";
import { policyExpression, type AuthentikOutputs } from "./stack";

type Obj = Record<string, unknown>;
type Page = { results: Obj[] };

const MANAGED_SCOPES = ["openid", "email", "profile"].map((s) => `goauthentik.io/providers/oauth2/scope-${s}`);

export interface AuthentikState extends AuthentikOutputs {
  providerPk: number;
  mappingPk: string;
  applicationSlug: string;
  /** The ids the group lookups found, by name. */
  groupIds: ReadonlyMap<string, string>;
}

/** The name the program gives the MinIO scope mapping (unique among all property mappings). */
export function mappingName(config: StackConfig): string {
  return `${config.application.name} policy claim (${config.application.slug})`;
}

function mappingBody(config: StackConfig, groupIds: ReadonlyMap<string, string>): Obj {
  return {
    name: mappingName(config),
    scope_name: config.provider.scopeName,
    expression: policyExpression(config, groupIds),
    description: "MinIO policies of the signed-in user",
  };
}

async function single(api: Api, path: string, what: string): Promise<Obj> {
  const page = await api.ok<Page>(path);
  assert.equal(page.results.length, 1, `${what}: expected exactly one match for ${path}`);
  return page.results[0];
}

/**
 * The program's group lookups (data "authentik_group" by name, includeUsers false): the list filtered by name, with
 * the Go client's defaults for the other include_* flags (client-go api_core.go CoreGroupsListExecute); exactly one
 * result (TFP data_source_group.go dataSourceGroupReadByName).
 */
export async function lookUpGroups(api: Api, config: StackConfig): Promise<ReadonlyMap<string, string>> {
  const mapping = config.policyMapping;
  const ids = new Map<string, string>();
  for (const rule of mapping.kind === "groups" ? mapping.rules : []) {
    const query = new URLSearchParams({
      include_children: "false",
      include_inherited_roles: "false",
      include_parents: "false",
      include_users: "false",
      name: rule.group,
    });
    ids.set(rule.group, String((await single(api, `/core/groups/?${query}`, "group")).pk));
  }
  return ids;
}

/** One `pulumi up` from nothing: data sources, then scope mapping, OAuth2 provider and application. */
export async function createAuthentikResources(api: Api, config: StackConfig): Promise<AuthentikState> {
  await api.ok("/root/config/"); // provider configure step
  const q = (v: string) => encodeURIComponent(v);
  const authorization = await single(api, `/flows/instances/?slug=${q(config.provider.authorizationFlow)}`, "flow");
  const invalidation = await single(api, `/flows/instances/?slug=${q(config.provider.invalidationFlow)}`, "flow");
  const key = await single(api, `/crypto/certificatekeypairs/?name=${q(config.provider.signingKey)}`, "key pair");
  const managed = await api.ok<Page>(
    `/propertymappings/provider/scope/?${MANAGED_SCOPES.map((m) => `managed=${q(m)}`).join("&")}`,
  );
  assert.equal(managed.results.length, MANAGED_SCOPES.length, "managed openid/email/profile scope mappings");
  const groupIds = await lookUpGroups(api, config);

  const mapping = await api.created("/propertymappings/provider/scope/", mappingBody(config, groupIds));
  const storedMapping = await api.ok(`/propertymappings/provider/scope/${mapping.pk}/`);
  const expression = policyExpression(config, groupIds);
  assert.equal(storedMapping.expression, expression, "authentik stores the expression unchanged");

  const provider = await api.created("/providers/oauth2/", {
    name: config.provider.name,
    authorization_flow: authorization.pk,
    invalidation_flow: invalidation.pk,
    authentication_flow: null,
    client_id: config.provider.clientId,
    client_type: "confidential",
    // The program sets grant_types explicitly: authentik 2026.5 stores [] for a provider created without them
    // and then refuses every login (test/doubles/authentik/api-providers.ts).
    grant_types: PROGRAM_GRANT_TYPES,
    access_code_validity: "minutes=1",
    access_token_validity: config.provider.accessTokenValidity,
    refresh_token_validity: "days=30",
    refresh_token_threshold: "seconds=0",
    include_claims_in_id_token: true,
    sub_mode: "hashed_user_id",
    issuer_mode: "per_provider",
    logout_method: "backchannel",
    property_mappings: [...managed.results.map((m) => m.pk), mapping.pk],
    signing_key: key.pk,
    encryption_key: null,
    redirect_uris: [{ matching_mode: "strict", url: config.minio.redirectUri, redirect_uri_type: "authorization" }],
    jwt_federation_sources: [],
    jwt_federation_providers: [],
  });
  const stored = await api.ok(`/providers/oauth2/${provider.pk}/`);

  await api.created("/core/applications/", {
    name: config.application.name,
    slug: config.application.slug,
    provider: provider.pk,
    backchannel_providers: [],
    meta_launch_url: config.application.launchUrl,
    policy_engine_mode: "any",
    open_in_new_tab: false,
  });
  await api.ok(`/core/applications/${config.application.slug}/`);
  return {
    providerPk: provider.pk as number,
    mappingPk: mapping.pk as string,
    applicationSlug: config.application.slug,
    clientId: stored.client_id as string,
    clientSecret: stored.client_secret as string,
    groupIds,
  };
}

/** The update `pulumi up` makes when only the policy mapping changed: the lookups, a PUT of the whole mapping, a GET. */
export async function updateScopeMapping(api: Api, state: AuthentikState, config: StackConfig): Promise<Obj> {
  const path = `/propertymappings/provider/scope/${state.mappingPk}/`;
  const r = await api.put(path, mappingBody(config, await lookUpGroups(api, config)));
  assert.equal(r.status, 200, `PUT ${path}: ${JSON.stringify(r.body)}`);
  return api.ok(path);
}

/** An administrator rotates the client secret in authentik (a PATCH of client_secret only). */
export async function rotateClientSecret(api: Api, state: AuthentikState, secret: string): Promise<void> {
  const path = `/providers/oauth2/${state.providerPk}/`;
  const r = await api.patch(path, { client_secret: secret });
  assert.equal(r.status, 200, `PATCH ${path}: ${JSON.stringify(r.body)}`);
}

/** What `pulumi refresh` reads back into the provider's state: its client ID and (possibly rotated) secret. */
export async function refreshProvider(api: Api, state: AuthentikState): Promise<AuthentikState> {
  const stored = await api.ok(`/providers/oauth2/${state.providerPk}/`);
  return { ...state, clientId: stored.client_id as string, clientSecret: stored.client_secret as string };
}
