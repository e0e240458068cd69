/** /core/applications/ (addressed by slug) and /core/groups/ (addressed by UUID). */
import { randomUUID } from "node:crypto";
import type { ApiContext, ApiResult, Route } from "./api";
import { flagParam, noMatch, paginate } from "./http";
import { applicationJson, groupJson, type GroupIncludes } from "./serializers";
import { byName } from "./store";
import type { ApplicationRecord, GroupRecord } from "./types";
import { alreadyExists, byUuid, FieldErrors, invalidPk } from "./validators";

const APPS = "/core/applications/";
const APP = "/core/applications/{slug}/";
const GROUPS = "/core/groups/";
const GROUP = "/core/groups/{group_uuid}/";

function listApps(ctx: ApiContext): ApiResult {
  const q = ctx.req.query;
  let items = [...ctx.store.applications.values()];
  for (const param of ["slug", "name", "group"] as const) {
    const value = q.get(param);
    if (value) items = items.filter((a) => a[param] === value);
  }
  items.sort(byName);
  return {
    status: 200,
    body: paginate(
      items.map((a) => applicationJson(ctx.store, a)),
      q,
    ),
  };
}

/** core/models.py Application.reserved_slugs: they clash with /application/o/<x>/ (authorize/, token/, ...). */
const RESERVED_SLUGS = ["authorize", "token", "device", "userinfo", "introspect", "revoke"];

function findApp(ctx: ApiContext): ApplicationRecord {
  const found = ctx.store.applicationBySlug(ctx.params.slug);
  if (!found) throw noMatch("Application");
  return found;
}

function validateApp(ctx: ApiContext, existing: ApplicationRecord | undefined): void {
  const { store, body } = ctx;
  const errors = new FieldErrors(ctx.schemaErrors);
  const others = [...store.applications.values()].filter((a) => a.pk !== existing?.pk);
  if (errors.ok(body, "slug") && others.some((a) => a.slug === body.slug)) {
    errors.add("slug", alreadyExists("Application", "slug"));
  } else if (errors.ok(body, "slug") && RESERVED_SLUGS.includes(String(body.slug))) {
    // core/api/applications.py ApplicationSerializer.validate_slug (runs after the field's unique validator).
    errors.add("slug", `The slug '${String(body.slug)}' is reserved and cannot be used for applications.`);
  }
  if (errors.ok(body, "provider") && body.provider !== null) {
    const pk = body.provider as number;
    if (!store.providers.has(pk)) errors.add("provider", invalidPk(pk));
    else if (others.some((a) => a.provider === pk)) errors.add("provider", alreadyExists("Application", "provider"));
  }
  if (errors.ok(body, "backchannel_providers")) {
    for (const pk of body.backchannel_providers as number[]) {
      if (!store.providers.has(pk)) errors.add("backchannel_providers", invalidPk(pk));
    }
  }
  errors.throwIfAny();
}

function applyApp(a: ApplicationRecord, body: Record<string, unknown>): void {
  const fields: Array<[string, keyof ApplicationRecord]> = [
    ["name", "name"],
    ["slug", "slug"],
    ["provider", "provider"],
    ["backchannel_providers", "backchannelProviders"],
    ["open_in_new_tab", "openInNewTab"],
    ["meta_launch_url", "metaLaunchUrl"],
    ["meta_icon", "metaIcon"],
    ["meta_description", "metaDescription"],
    ["meta_publisher", "metaPublisher"],
    ["policy_engine_mode", "policyEngineMode"],
    ["group", "group"],
    ["meta_hide", "metaHide"],
  ];
  for (const [field, key] of fields) if (field in body) (a as unknown as Record<string, unknown>)[key] = body[field];
}

function createApp(ctx: ApiContext): ApiResult {
  validateApp(ctx, undefined);
  const a: ApplicationRecord = {
    pk: randomUUID(),
    name: "",
    slug: "",
    provider: null,
    backchannelProviders: [],
    openInNewTab: false,
    metaLaunchUrl: "",
    metaIcon: "",
    metaDescription: "",
    metaPublisher: "",
    policyEngineMode: "any",
    group: "",
    metaHide: false,
  };
  applyApp(a, ctx.body);
  ctx.store.applications.set(a.pk, a);
  return { status: 201, body: applicationJson(ctx.store, a) };
}

/**
 * PUT/PATCH to the current slug (core/api/applications.py ApplicationViewSet: lookup_field = "slug"); a new slug in
 * the body renames the same record. The pk stays (core/models.py Application, pk = PolicyBindingModel.pbm_uuid),
 * and what hangs off it with it: policies/models.py PolicyBinding.target and ApplicationEntitlement.app are foreign
 * keys to that pk, not to the slug. terraform-provider-authentik renames this way (resource_application.go Update).
 */
function updateApp(ctx: ApiContext): ApiResult {
  const a = findApp(ctx);
  validateApp(ctx, a);
  applyApp(a, ctx.body);
  return { status: 200, body: applicationJson(ctx.store, a) };
}

function includes(q: URLSearchParams): GroupIncludes {
  return {
    users: flagParam(q, "include_users", true),
    parents: flagParam(q, "include_parents", false),
    children: flagParam(q, "include_children", false),
    inheritedRoles: flagParam(q, "include_inherited_roles", false),
  };
}

function listGroups(ctx: ApiContext): ApiResult {
  const q = ctx.req.query;
  let items = [...ctx.store.groups.values()];
  const name = q.get("name");
  if (name) items = items.filter((g) => g.name === name);
  const superuser = q.get("is_superuser");
  if (superuser === "true" || superuser === "false")
    items = items.filter((g) => g.isSuperuser === (superuser === "true"));
  const members = q.getAll("members_by_username");
  if (members.length > 0) {
    const pks = members.map((u) => ctx.store.userByName(u)?.pk);
    items = items.filter((g) => g.users.some((pk) => pks.includes(pk)));
  }
  items.sort(byName);
  return {
    status: 200,
    body: paginate(
      items.map((g) => groupJson(ctx.store, g, includes(q))),
      q,
    ),
  };
}

function findGroup(ctx: ApiContext): GroupRecord {
  return byUuid(ctx.store.groups, ctx.params.group_uuid, "Group");
}

function validateGroup(ctx: ApiContext, existing: GroupRecord | undefined): void {
  const { store, body } = ctx;
  const errors = new FieldErrors(ctx.schemaErrors);
  if (
    errors.ok(body, "name") &&
    [...store.groups.values()].some((g) => g.name === body.name && g.pk !== existing?.pk)
  ) {
    errors.add("name", alreadyExists("Group", "name"));
  }
  if (errors.ok(body, "parents")) {
    for (const pk of body.parents as string[]) {
      if (!store.groups.has(pk.toLowerCase()) || pk.toLowerCase() === existing?.pk)
        errors.add("parents", invalidPk(pk));
    }
  }
  if (errors.ok(body, "users")) {
    for (const pk of body.users as number[]) if (!store.users.has(pk)) errors.add("users", invalidPk(pk));
  }
  if (errors.ok(body, "roles")) {
    // The double has no RBAC roles: every role id is unknown.
    for (const pk of body.roles as string[]) errors.add("roles", invalidPk(pk));
  }
  errors.throwIfAny();
}

function applyGroup(g: GroupRecord, body: Record<string, unknown>): void {
  if (typeof body.name === "string") g.name = body.name;
  if (typeof body.is_superuser === "boolean") g.isSuperuser = body.is_superuser;
  if (Array.isArray(body.parents)) g.parents = (body.parents as string[]).map((p) => p.toLowerCase());
  if (Array.isArray(body.users)) g.users = [...(body.users as number[])];
  if (body.attributes && typeof body.attributes === "object") g.attributes = body.attributes as Record<string, unknown>;
}

function createGroup(ctx: ApiContext): ApiResult {
  validateGroup(ctx, undefined);
  const g = ctx.store.createGroup(String(ctx.body.name));
  applyGroup(g, ctx.body);
  return { status: 201, body: groupJson(ctx.store, g, includes(ctx.req.query)) };
}

function updateGroup(ctx: ApiContext): ApiResult {
  const g = findGroup(ctx);
  validateGroup(ctx, g);
  applyGroup(g, ctx.body);
  return { status: 200, body: groupJson(ctx.store, g, includes(ctx.req.query)) };
}

export const coreRoutes: Route[] = [
  { method: "GET", template: APPS, handler: listApps },
  { method: "POST", template: APPS, handler: createApp },
  { method: "GET", template: APP, handler: (ctx) => ({ status: 200, body: applicationJson(ctx.store, findApp(ctx)) }) },
  { method: "PUT", template: APP, handler: updateApp },
  { method: "PATCH", template: APP, handler: updateApp },
  {
    method: "DELETE",
    template: APP,
    handler: (ctx) => {
      ctx.store.applications.delete(findApp(ctx).pk);
      return { status: 204 };
    },
  },
  { method: "GET", template: GROUPS, handler: listGroups },
  { method: "POST", template: GROUPS, handler: createGroup },
  {
    method: "GET",
    template: GROUP,
    handler: (ctx) => ({ status: 200, body: groupJson(ctx.store, findGroup(ctx), includes(ctx.req.query)) }),
  },
  { method: "PUT", template: GROUP, handler: updateGroup },
  { method: "PATCH", template: GROUP, handler: updateGroup },
  {
    method: "DELETE",
    template: GROUP,
    handler: (ctx) => {
      ctx.store.deleteGroup(findGroup(ctx).pk);
      return { status: 204 };
    },
  },
];
