/**
 * The authentik pre-flight: before any resource is declared, the program asks authentik itself (read-only) whether
 * the URL is authentik, the token is accepted and may do what the program does, and the flows, key pair, managed
 * scope mappings and groups the stack names exist. Every problem is one line with its config key and fix; all are
 * reported at once. The ids found are handed to MinioSso, so its lookups are not repeated. Pure of Pulumi.
 */
import { AuthentikReader, detailOf, resultsOf, type Answer, type Failure, type Fetcher } from "./authentik-http";
import type { ConfigProblem } from "./config-types";
import { quote } from "./config-rules";
import { OFFLINE_ACCESS_MAPPING, STANDARD_SCOPE_MAPPINGS, requiredPermissions } from "./authentik-requirements";

export { OFFLINE_ACCESS_MAPPING, STANDARD_SCOPE_MAPPINGS, requiredPermissions } from "./authentik-requirements";

/** The ids the provider and the scope mapping refer to, as authentik answered them. */
export interface AuthentikIds {
  readonly authorizationFlowId: string;
  readonly invalidationFlowId: string;
  readonly signingKeyId: string;
  readonly standardMappingIds: string[];
  /** Group name -> Group.pk, for every group of the mapping. */
  readonly groupIds: Record<string, string>;
  /** The `offline_access` mapping's pk, when the login client is declared. */
  readonly offlineAccessMappingId?: string;
}

export interface AuthentikPreflightInput {
  /** authentik's base URL (no trailing slash). */
  readonly url: string;
  readonly token: string;
  /** Where url and token came from: the stack config, or AUTHENTIK_URL / AUTHENTIK_TOKEN. */
  readonly fromEnv: { readonly url: boolean; readonly token: boolean };
  readonly authorizationFlow: string;
  readonly invalidationFlow: string;
  readonly signingKey: string;
  /** The group of each groupPolicies entry, in order ([] for a fixed policy). */
  readonly groups: readonly string[];
  /** The login client is declared: its `offline_access` mapping must exist too. */
  readonly loginClient?: boolean;
  readonly timeoutSeconds: number;
  readonly fetcher?: Fetcher;
}

export type PreflightOutcome =
  | { readonly kind: "ok"; readonly ids: AuthentikIds }
  | { readonly kind: "problems"; readonly problems: readonly ConfigProblem[] }
  /** authentik could not be reached: one line to print; nothing was checked. */
  | { readonly kind: "unreachable"; readonly line: string };

/** A group's id only: none of its members, children, parents or roles (core/api/groups.py include_* switches). */
const GROUP_FLAGS = {
  include_users: "false",
  include_children: "false",
  include_parents: "false",
  include_inherited_roles: "false",
};

/** Above this many groups, the pre-flight lists all groups page by page instead of asking for each by name. */
const LIST_ALL_FROM = 50;
/** Groups per page (authentik/api/pagination.py sets no max_page_size; `next` is followed regardless). */
const LIST_PAGE = 1000;

/** Concurrent group lookups: enough to keep 2,000 rules fast, few enough not to flood authentik. */
const PARALLEL = 16;

class Unreachable extends Error {
  constructor(readonly failure: Failure) {
    super(failure.reason);
  }
}

export async function authentikPreflight(input: AuthentikPreflightInput): Promise<PreflightOutcome> {
  const { url } = input;
  const reader = new AuthentikReader(url, input.token, input.timeoutSeconds, input.fetcher);
  const urlFix = input.fromEnv.url
    ? "set AUTHENTIK_URL to authentik's base URL, e.g. https://authentik.example.com"
    : "pulumi config set authentik:url https://authentik.example.com (authentik's base URL)";
  const tokenFix = input.fromEnv.token
    ? "set AUTHENTIK_TOKEN to an API token of authentik (Directory > Tokens and App passwords)"
    : "create an API token in authentik (Directory > Tokens and App passwords), then pulumi config set --secret authentik:token";
  const problems: ConfigProblem[] = [];
  const at = `authentik at ${url}`;
  const get = async (path: string, query?: Record<string, string | readonly string[]>, anonymous = false) => {
    const result = await reader.get(path, query, anonymous);
    if ("failure" in result) throw new Unreachable(result.failure);
    return result.answer;
  };
  const failing = (path: string, a: Answer) => {
    const message = `${at} answered GET /api/v3${path} with HTTP ${a.status}${detailOf(a)}.`;
    // Both flow lookups (or many group lookups) failing alike are one problem.
    if (problems.some((p) => p.message === message)) return;
    problems.push({
      key: "authentik:url",
      message,
      fix: "check authentik's logs and run the preview again once it answers",
    });
  };

  try {
    // 1. Is it authentik? /root/config/ answers anyone (authentik/api/v3/config.py ConfigView: AllowAny) with the
    //    Config serializer: error_reporting, capabilities, cache_timeout* (schema.yml `Config`).
    const config = await get("/root/config/", {}, true);
    const body = config.json as Record<string, unknown> | undefined;
    const isAuthentik =
      config.status === 200 &&
      body !== undefined &&
      Array.isArray(body.capabilities) &&
      typeof body.error_reporting === "object" &&
      typeof body.cache_timeout === "number";
    if (!isAuthentik) {
      const what = config.contentType === "" ? "no content type" : config.contentType.split(";")[0];
      problems.push({
        key: "authentik:url",
        message:
          `${url} is not authentik: GET /api/v3/root/config/ answered HTTP ${config.status} (${what}), not ` +
          `authentik's configuration (JSON with capabilities and error_reporting).`,
        fix: urlFix,
      });
      return { kind: "problems", problems };
    }

    // 2. Is the token accepted? /core/users/me/ (core/api/users.py user_me) answers the token's user.
    const me = await get("/core/users/me/");
    if (me.status === 401 || me.status === 403) {
      problems.push({
        key: "authentik:token",
        message: `${at} refuses the token (HTTP ${me.status}${detailOf(me)}).`,
        fix: tokenFix,
      });
      return { kind: "problems", problems };
    }
    const user = (me.json as { user?: Record<string, unknown> } | undefined)?.user;
    if (me.status !== 200 || user === undefined) {
      failing("/core/users/me/", me);
      return { kind: "problems", problems };
    }

    // 3. May its user do what the program does? A superuser may do everything; otherwise the permissions of the
    //    user's roles, direct and through groups (UserSelfSerializer.get_roles: user.all_roles()), as
    //    GET /rbac/permissions/?role= lists them (rbac/api/rbac.py PermissionFilter.filter_role).
    const needed = requiredPermissions(input.groups.length > 0);
    let granted: ReadonlySet<string> = new Set(needed);
    if (user.is_superuser !== true) {
      const held = new Set<string>();
      const roles = Array.isArray(user.roles) ? (user.roles as { pk?: unknown }[]) : [];
      for (const role of roles) {
        for (let page = 1; page > 0;) {
          const path = "/rbac/permissions/";
          const answer = await get(path, { role: String(role.pk), page_size: "1000", page: String(page) });
          const results = resultsOf(answer);
          if (answer.status !== 200 || results === undefined) {
            failing(path, answer);
            return { kind: "problems", problems };
          }
          for (const p of results) held.add(`${String(p.app_label)}.${String(p.codename)}`);
          page = Number((answer.json as { pagination?: { next?: unknown } }).pagination?.next ?? 0);
        }
      }
      granted = held;
      const missing = needed.filter((p) => !held.has(p));
      if (missing.length > 0) {
        const name = quote(String(user.username));
        problems.push({
          key: "authentik:token",
          message: `the token's user ${name} lacks the global permissions ${missing.join(", ")} (README, "Least privilege").`,
          fix: `grant them to a role of ${name} in authentik (Directory > Roles), or use a token of a user who has them: ${tokenFix}`,
        });
      }
    }

    // 4. The objects the stack names; a lookup the token may not make is left out (its permission is named above).
    const may = (permission: string) => granted.has(permission);
    const one = async (path: string, query: Record<string, string | readonly string[]>) => {
      const answer = await get(path, query);
      const results = resultsOf(answer);
      if (answer.status !== 200 || results === undefined) {
        failing(path, answer);
        return undefined;
      }
      return results;
    };
    const flow = async (key: "authorizationFlow" | "invalidationFlow", slug: string) => {
      if (!may("authentik_flows.view_flow")) return "";
      const found = await one("/flows/instances/", { slug });
      if (found !== undefined && found.length === 0) {
        problems.push({
          key,
          message: `${at} has no flow with the slug ${quote(slug)}.`,
          fix: `pulumi config set ${key} <slug of an existing flow> (authentik: Flows and Stages > Flows)`,
        });
      }
      return String(found?.[0]?.pk ?? "");
    };
    const keyPair = async () => {
      if (!may("authentik_crypto.view_certificatekeypair")) return "";
      const found = await one("/crypto/certificatekeypairs/", { name: input.signingKey, include_details: "false" });
      const fix = `pulumi config set signingKey "<name of a certificate-key pair with a private key>" (authentik: System > Certificates)`;
      if (found !== undefined && found.length === 0) {
        problems.push({
          key: "signingKey",
          message: `${at} has no certificate-key pair named ${quote(input.signingKey)}.`,
          fix,
        });
      } else if (found?.[0] !== undefined && found[0].private_key_available !== true) {
        const message = `the certificate-key pair ${quote(input.signingKey)} has no private key, so it cannot sign tokens.`;
        problems.push({ key: "signingKey", message, fix });
      }
      return String(found?.[0]?.pk ?? "");
    };
    const wanted = [...STANDARD_SCOPE_MAPPINGS, ...(input.loginClient ? [OFFLINE_ACCESS_MAPPING] : [])];
    const none: { standardIds: string[]; offlineId?: string } = { standardIds: [] };
    const standard = async () => {
      if (!may("authentik_providers_oauth2.view_scopemapping")) return none;
      const answer = await get("/propertymappings/provider/scope/", { managed: wanted });
      // django-filter refuses a managed value no mapping has (400 "Select a valid choice"): one is missing.
      const found = answer.status === 400 ? [] : resultsOf(answer);
      if (found === undefined || (answer.status !== 200 && answer.status !== 400)) {
        failing("/propertymappings/provider/scope/", answer);
        return none;
      }
      const byManaged = new Map(found.map((m) => [String(m.managed), String(m.pk)]));
      const missing = wanted.filter((m) => !byManaged.has(m));
      if (missing.length > 0) {
        problems.push({
          key: "authentik:url",
          message: `${at} lacks the managed scope mappings ${missing.join(", ")}.`,
          fix: `restore them: authentik's "providers-oauth2" system blueprint creates them (System > Blueprints, run it)`,
        });
      }
      // The standard ones in authentik's own order (scope name), as the provider's lookup returns them: the
      // provider's property_mappings is an ordered list, so another order would show a change on deployed stacks.
      const standardIds = found
        .filter((m) => STANDARD_SCOPE_MAPPINGS.includes(String(m.managed)))
        .map((m) => String(m.pk));
      return { standardIds, offlineId: byManaged.get(OFFLINE_ACCESS_MAPPING) };
    };
    const groups = async () => {
      const ids: Record<string, string> = {};
      if (!may("authentik_core.view_group")) return ids;
      const names = [...new Set(input.groups)];
      const missingGroups = new Set<string>();
      if (names.length > LIST_ALL_FROM) {
        // Many rules: every group, a page of LIST_PAGE at a time, rather than one request per name.
        const all = new Map<string, string>();
        for (let page = 1; page > 0;) {
          const path = "/core/groups/";
          const answer = await get(path, { ...GROUP_FLAGS, page_size: String(LIST_PAGE), page: String(page) });
          const results = resultsOf(answer);
          if (answer.status !== 200 || results === undefined) {
            failing(path, answer);
            return ids;
          }
          for (const g of results) all.set(String(g.name), String(g.pk));
          page = Number((answer.json as { pagination?: { next?: unknown } }).pagination?.next ?? 0);
        }
        for (const name of names) {
          const pk = all.get(name);
          if (pk === undefined) missingGroups.add(name);
          else ids[name] = pk;
        }
      } else {
        const lookUp = async (name: string) => {
          const found = await one("/core/groups/", { name, ...GROUP_FLAGS });
          const match = found?.find((g) => g.name === name);
          if (match !== undefined) ids[name] = String(match.pk);
          else if (found !== undefined) missingGroups.add(name);
        };
        for (let i = 0; i < names.length; i += PARALLEL) await Promise.all(names.slice(i, i + PARALLEL).map(lookUp));
      }
      input.groups.forEach((name, entry) => {
        if (!missingGroups.has(name) || input.groups.indexOf(name) !== entry) return;
        problems.push({
          key: "groupPolicies",
          message: `${at} has no group named ${quote(name)} (groupPolicies[${entry}].group).`,
          fix: `create the group in authentik, or name an existing one: pulumi config set --path 'groupPolicies[${entry}].group' "<group name>"`,
        });
      });
      return ids;
    };
    const [authorizationFlowId, invalidationFlowId, signingKeyId, managedIds, groupIds] = await Promise.all([
      flow("authorizationFlow", input.authorizationFlow),
      flow("invalidationFlow", input.invalidationFlow),
      keyPair(),
      standard(),
      groups(),
    ]);
    if (problems.length > 0) return { kind: "problems", problems };
    const standardMappingIds = managedIds.standardIds;
    const offlineAccessMappingId = input.loginClient ? managedIds.offlineId : undefined;
    return {
      kind: "ok",
      ids: {
        authorizationFlowId,
        invalidationFlowId,
        signingKeyId,
        standardMappingIds,
        groupIds,
        offlineAccessMappingId,
      },
    };
  } catch (err) {
    if (!(err instanceof Unreachable)) throw err;
    if (err.failure.kind === "untrusted") {
      problems.push({
        key: "caBundle",
        message: `${at}: ${err.failure.reason}.`,
        fix: "pulumi config set caBundle certs/corporate-ca.pem (a PEM file of the CA that signed authentik's certificate)",
      });
      return { kind: "problems", problems };
    }
    return {
      kind: "unreachable",
      line:
        `${at} could not be reached at preview (${err.failure.reason}); its token, flows, key pair and groups were ` +
        `not checked, and authentik's provider looks them up instead.`,
    };
  }
}
