/** Read-only lookups the TF provider's data sources use: flows, certificate key pairs, root config. */
import type { ApiContext, ApiResult, Route } from "./api";
import { boolParam, noMatch, paginate } from "./http";
import { flowJson, keyPairJson, rootConfigJson } from "./serializers";
import { byName, cmp } from "./store";
import type { KeyPairRecord } from "./types";
import { byUuid } from "./validators";

function listFlows(ctx: ApiContext): ApiResult {
  const q = ctx.req.query;
  let items = [...ctx.store.flows.values()];
  for (const param of ["slug", "designation", "name"] as const) {
    const value = q.get(param);
    if (value) items = items.filter((f) => f[param] === value);
  }
  const uuid = q.get("flow_uuid");
  if (uuid) items = items.filter((f) => f.pk === uuid.toLowerCase());
  items.sort((a, b) => cmp(a.slug, b.slug));
  return { status: 200, body: paginate(items.map(flowJson), q) };
}

function getFlow(ctx: ApiContext): ApiResult {
  const flow = ctx.store.flowBySlug(ctx.params.slug);
  if (!flow) throw noMatch("Flow");
  return { status: 200, body: flowJson(flow) };
}

function listKeyPairs(ctx: ApiContext): ApiResult {
  const q = ctx.req.query;
  let items = [...ctx.store.keyPairs.values()];
  const name = q.get("name");
  if (name) items = items.filter((k) => k.name === name);
  const managed = q.get("managed");
  if (managed) items = items.filter((k) => k.managed === managed);
  if (boolParam(q, "has_key", false)) items = items.filter((k) => k.keyPem !== "");
  const details = boolParam(q, "include_details", true);
  items.sort(byName);
  return {
    status: 200,
    body: paginate(
      items.map((k) => keyPairJson(k, details)),
      q,
    ),
  };
}

function findKeyPair(ctx: ApiContext): KeyPairRecord {
  return byUuid(ctx.store.keyPairs, ctx.params.kp_uuid, "CertificateKeyPair");
}

/** view_certificate / view_private_key: {"data": PEM}, or the bare PEM file with ?download. */
function viewPem(pick: (k: KeyPairRecord) => string) {
  return (ctx: ApiContext): ApiResult => {
    const pem = pick(findKeyPair(ctx));
    if (ctx.req.query.has("download")) return { status: 200, body: pem, contentType: "application/x-pem-file" };
    return { status: 200, body: { data: pem } };
  };
}

export const miscRoutes: Route[] = [
  { method: "GET", template: "/root/config/", handler: () => ({ status: 200, body: rootConfigJson() }) },
  { method: "GET", template: "/flows/instances/", handler: listFlows },
  { method: "GET", template: "/flows/instances/{slug}/", handler: getFlow },
  { method: "GET", template: "/crypto/certificatekeypairs/", handler: listKeyPairs },
  {
    method: "GET",
    template: "/crypto/certificatekeypairs/{kp_uuid}/",
    handler: (ctx) => ({
      status: 200,
      body: keyPairJson(findKeyPair(ctx), boolParam(ctx.req.query, "include_details", true)),
    }),
  },
  {
    method: "GET",
    template: "/crypto/certificatekeypairs/{kp_uuid}/view_certificate/",
    handler: viewPem((k) => k.certificatePem),
  },
  {
    method: "GET",
    template: "/crypto/certificatekeypairs/{kp_uuid}/view_private_key/",
    handler: viewPem((k) => k.keyPem),
  },
];
