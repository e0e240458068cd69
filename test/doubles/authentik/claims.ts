/**
 * ID-token contents (authentik/providers/oauth2/id_token.py) and scope-mapping claims
 * (views/userinfo.py get_claims: mappings attached to the provider whose scope was granted, by scope_name,
 * each evaluated with python3; None and non-dict results are skipped, failures are logged and skipped,
 * dicts are deep-merged, then laid over the standard claims).
 */
import { createHash } from "node:crypto";
import { EXPRESSION_TIMEOUT_S, runPython, type EvaluationResult } from "./python";
import type { Store } from "./store";
import type { ProviderRecord, UserRecord } from "./types";

export const ACR_DEFAULT = "goauthentik.io/providers/oauth2/default";

/** Issuer per issuer_mode; per_provider needs an application (slug) or there is none. */
export function issuerFor(store: Store, provider: ProviderRecord, origin: string): string | null {
  if (provider.issuerMode === "global") return `${origin}/`;
  const app = store.applicationForProvider(provider.pk);
  return app ? `${origin}/application/o/${app.slug}/` : null;
}

export function subjectFor(provider: ProviderRecord, user: UserRecord): string {
  switch (provider.subMode) {
    case "user_id":
      return String(user.pk);
    case "user_uuid":
      return user.uuid;
    case "user_username":
      return user.username;
    case "user_email":
      return user.email;
    case "user_upn":
      return typeof user.attributes.upn === "string" ? user.attributes.upn : user.uid;
    default:
      return user.uid;
  }
}

export async function evaluateClaims(
  store: Store,
  provider: ProviderRecord,
  user: UserRecord,
  scope: string[],
  request: { path: string; method: string },
): Promise<Record<string, unknown>> {
  const mappings = store.providerScopeMappings(provider).filter((m) => scope.includes(m.scopeName));
  if (mappings.length === 0) return {};
  const app = store.applicationForProvider(provider.pk);
  const answer = await runPython<EvaluationResult>({
    op: "evaluate",
    mappings: mappings.map((m) => ({ name: m.name, scope_name: m.scopeName, expression: m.expression })),
    user_pk: user.pk,
    users: [...store.users.values()].map((u) => ({
      pk: u.pk,
      uuid: u.uuid,
      uid: u.uid,
      username: u.username,
      name: u.name,
      email: u.email,
      is_active: u.isActive,
      attributes: u.attributes,
      groups: store.directGroups(u.pk).map((g) => g.pk),
    })),
    groups: [...store.groups.values()].map((g) => ({
      pk: g.pk,
      num_pk: g.numPk,
      name: g.name,
      is_superuser: g.isSuperuser,
      attributes: g.attributes,
      parents: g.parents,
    })),
    provider: {
      pk: provider.pk,
      name: provider.name,
      client_id: provider.clientId,
      application: app ? { pk: app.pk, slug: app.slug, name: app.name } : null,
    },
    scope,
    path: request.path,
    method: request.method,
    timeout_s: EXPRESSION_TIMEOUT_S,
  });
  for (const f of answer.failures) store.mappingFailures.push({ mapping: f.name, error: f.error });
  for (const q of answer.group_queries) {
    store.groupQueries.push({ mapping: q.name, username: user.username, queries: q.count });
  }
  return answer.claims;
}

export interface IdTokenInput {
  origin: string;
  scope: string[];
  expiresAt: number;
  authTime: number;
  nonce: string | null;
  sessionKey: string | null;
  amr: string[] | null;
  request: { path: string; method: string };
}

/** IDToken.new(...).to_dict(): standard claims without None values, then the mapping claims on top. */
export async function idTokenClaims(
  store: Store,
  provider: ProviderRecord,
  user: UserRecord,
  input: IdTokenInput,
): Promise<Record<string, unknown>> {
  const standard: Record<string, unknown> = {
    iss: issuerFor(store, provider, input.origin),
    sub: subjectFor(provider, user),
    aud: provider.clientId,
    exp: Math.floor(input.expiresAt / 1000),
    iat: Math.floor(Date.now() / 1000),
    auth_time: Math.floor(input.authTime / 1000),
    acr: ACR_DEFAULT,
    amr: input.amr,
    nonce: input.nonce,
    sid: input.sessionKey ? createHash("sha256").update(input.sessionKey, "ascii").digest("hex") : null,
  };
  for (const key of Object.keys(standard))
    if (standard[key] === null || standard[key] === undefined) delete standard[key];
  if (!provider.includeClaimsInIdToken) return standard;
  const claims = await evaluateClaims(store, provider, user, input.scope, input.request);
  return { ...standard, ...claims };
}
