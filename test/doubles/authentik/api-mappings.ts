/** /propertymappings/provider/scope/ (authentik/providers/oauth2/api/scopes.py + core/api/property_mappings.py). */
import { randomUUID } from "node:crypto";
import type { ApiContext, ApiResult, Route } from "./api";
import { paginate, validationError } from "./http";
import { compileExpression } from "./python";
import { scopeMappingJson } from "./serializers";
import { cmp } from "./store";
import type { ScopeMappingRecord } from "./types";
import { alreadyExists, byUuid, FieldErrors } from "./validators";

const LIST = "/propertymappings/provider/scope/";
const DETAIL = "/propertymappings/provider/scope/{pm_uuid}/";

function list(ctx: ApiContext): ApiResult {
  const q = ctx.req.query;
  let items = [...ctx.store.scopeMappings.values()];
  const managed = q.getAll("managed").filter((v) => v !== "");
  if (managed.length > 0) {
    // AllValuesMultipleFilter: only values that exist are valid choices; others fail the filterset -> 400.
    const known = new Set(items.map((m) => m.managed));
    const unknown = managed.find((v) => !known.has(v));
    if (unknown !== undefined) {
      throw validationError({ managed: [`Select a valid choice. ${unknown} is not one of the available choices.`] });
    }
    items = items.filter((m) => m.managed !== null && managed.includes(m.managed));
  }
  const isNull = q.get("managed__isnull");
  if (isNull === "true" || isNull === "false")
    items = items.filter((m) => (m.managed === null) === (isNull === "true"));
  const name = q.get("name");
  if (name) items = items.filter((m) => m.name === name);
  const scopeName = q.get("scope_name");
  if (scopeName) items = items.filter((m) => m.scopeName === scopeName);
  const search = q.get("search");
  if (search) {
    const s = search.toLowerCase();
    items = items.filter((m) => m.name.toLowerCase().includes(s) || m.scopeName.toLowerCase().includes(s));
  }
  const ordering = q.get("ordering");
  if (ordering === "name" || ordering === "-name") {
    items.sort((a, b) => cmp(a.name, b.name) * (ordering === "name" ? 1 : -1));
  } else {
    items.sort((a, b) => cmp(a.scopeName, b.scopeName) || cmp(a.name, b.name));
  }
  return { status: 200, body: paginate(items.map(scopeMappingJson), q) };
}

/** Uniqueness of the name and the save-time compile of the expression (validate_expression). */
async function validate(ctx: ApiContext, existing: ScopeMappingRecord | undefined): Promise<void> {
  const errors = new FieldErrors(ctx.schemaErrors);
  const body = ctx.body;
  if (errors.ok(body, "name")) {
    const clash = [...ctx.store.scopeMappings.values()].some((m) => m.name === body.name && m.pk !== existing?.pk);
    if (clash) errors.add("name", alreadyExists("Property Mapping", "name"));
  }
  if (errors.ok(body, "expression")) {
    // The evaluator's filename is the mapping's name on update and str(None) on create.
    const failure = await compileExpression(String(body.expression), existing ? existing.name : "None");
    if (failure !== null) errors.add("expression", failure);
  }
  errors.throwIfAny();
}

function apply(record: ScopeMappingRecord, body: Record<string, unknown>): void {
  if (typeof body.name === "string") record.name = body.name;
  if (typeof body.expression === "string") record.expression = body.expression;
  if (typeof body.scope_name === "string") record.scopeName = body.scope_name;
  if (typeof body.description === "string") record.description = body.description;
  if ("managed" in body) record.managed = (body.managed as string | null) ?? null;
}

async function create(ctx: ApiContext): Promise<ApiResult> {
  await validate(ctx, undefined);
  const record: ScopeMappingRecord = {
    pk: randomUUID(),
    name: "",
    expression: "",
    scopeName: "",
    description: "",
    managed: null,
  };
  apply(record, ctx.body);
  ctx.store.scopeMappings.set(record.pk, record);
  return { status: 201, body: scopeMappingJson(record) };
}

function find(ctx: ApiContext): ScopeMappingRecord {
  return byUuid(ctx.store.scopeMappings, ctx.params.pm_uuid, "ScopeMapping");
}

async function update(ctx: ApiContext): Promise<ApiResult> {
  const record = find(ctx);
  await validate(ctx, record);
  apply(record, ctx.body);
  return { status: 200, body: scopeMappingJson(record) };
}

export const mappingRoutes: Route[] = [
  { method: "GET", template: LIST, handler: list },
  { method: "POST", template: LIST, handler: create },
  { method: "GET", template: DETAIL, handler: (ctx) => ({ status: 200, body: scopeMappingJson(find(ctx)) }) },
  { method: "PUT", template: DETAIL, handler: update },
  { method: "PATCH", template: DETAIL, handler: update },
  {
    method: "DELETE",
    template: DETAIL,
    handler: (ctx) => {
      ctx.store.deleteScopeMapping(find(ctx).pk);
      return { status: 204 };
    },
  },
];
