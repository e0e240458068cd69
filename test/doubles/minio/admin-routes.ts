// Admin API (v3) router of the MinIO double: authentication/authorisation (validateAdminReq), service
// restart, server info, canned policies and accountinfo. Paths, methods, queries and checks follow minio/minio
// cmd/admin-router.go, cmd/admin-handlers.go (ServiceHandler, ServiceV2Handler, ServerInfoHandler) and
// cmd/admin-handlers-users.go (AddCannedPolicy, InfoCannedPolicy, ListCannedPolicies, RemoveCannedPolicy,
// AccountInfoHandler) at 7aac2a2.
import type { IncomingMessage } from "node:http";
import { delConfigKV, getConfigKV, setConfigKV } from "./admin-config";
import type { AdminCall, NodeEnv } from "./admin-types";
import { API_ERRORS, ApiError, withCause } from "./errors";
import { type Reply, send, sendAdminError, sendJson } from "./http-util";
import { BUILTIN_POLICIES, marshalProblem, parseCannedPolicy } from "./policies";
import { type AuthContext, type Principal, verifyAdminRequest } from "./sigv4";
import { SERVICE_ACTIONS, serverInfo, service } from "./admin-service";

type Handler = (call: AdminCall) => Promise<void> | void;

interface Route {
  method: string;
  path: string;
  queries: string[];
  /** The admin action checked for non-root callers; undefined = signature only (accountinfo). */
  action?: string;
  /** adminMiddleware's noObjLayerFlag: served while the node has no object layer yet. */
  noObjectLayer?: boolean;
  handler: Handler;
}

const PREFIX = "/minio/admin/v3";

function iamReady(call: AdminCall): void {
  if (!call.node.iamReady) throw new ApiError(API_ERRORS.ServerNotInitialized);
}

function policyName(call: AdminCall): string {
  return call.url.searchParams.get("name") ?? "";
}

function addCannedPolicy(call: AdminCall): void {
  const name = policyName(call);
  if (name !== name.trim()) throw new ApiError(API_ERRORS.AdminResourceInvalidArgument);
  if (name.includes(",")) throw new ApiError(API_ERRORS.PolicyInvalidName);
  const len = Number(call.req.headers["content-length"] ?? "0");
  if (!(len > 0)) throw new ApiError(API_ERRORS.MissingContentLength);
  if (len > 20 * 1024) throw new ApiError(API_ERRORS.EntityTooLarge);
  const doc = parseCannedPolicy(call.body.toString("utf8"));
  iamReady(call);
  if (name === "") throw withCause(API_ERRORS.AdminInvalidArgument, "Invalid arguments specified");
  call.state.policies.set(name, doc);
  send(call.reply, 200, undefined);
}

function infoCannedPolicy(call: AdminCall): void {
  const name = policyName(call);
  const names = name
    .split(",")
    .map((n) => n.trim())
    .filter((n) => n !== "");
  if (names.length !== 1)
    throw new ApiError(API_ERRORS.AdminInvalidRequest, "Only a single policy may be specified here.");
  iamReady(call);
  const info = call.state.policies.info(name);
  if (!info) throw withCause(API_ERRORS.AdminNoSuchPolicy, "Specified canned policy does not exist");
  const unreadable = marshalProblem(info.doc);
  if (unreadable !== undefined) throw withCause(API_ERRORS.InternalError, unreadable);
  const v = call.url.searchParams.get("v");
  if (v === "2") {
    const doc = {
      PolicyName: name,
      Policy: info.doc,
      CreateDate: info.created.toISOString(),
      UpdateDate: info.updated.toISOString(),
    };
    send(call.reply, 200, JSON.stringify(doc, null, " "), "application/json");
  } else if (v !== null && v !== "") {
    throw withCause(API_ERRORS.InternalError, "invalid version parameter 'v' supplied");
  } else {
    send(call.reply, 200, JSON.stringify(info.doc, null, " "), "application/json");
  }
}

function listCannedPolicies(call: AdminCall): void {
  iamReady(call);
  // ListCannedPolicies leaves out (and logs) the policies it cannot marshal.
  const listed = Object.entries(call.state.policies.list()).filter(([, doc]) => marshalProblem(doc) === undefined);
  send(call.reply, 200, JSON.stringify(Object.fromEntries(listed)) + "\n", "application/json");
}

function removeCannedPolicy(call: AdminCall): void {
  iamReady(call);
  call.state.policies.delete(policyName(call));
  send(call.reply, 200, undefined);
}

function accountInfo(call: AdminCall): void {
  const p = call.principal;
  const session = p.sessionToken !== undefined ? call.state.sessions.get(p.accessKey) : undefined;
  const user = call.state.users.get(p.accessKey);
  const policy = session
    ? call.state.policies.combined(session.policies)
    : user
      ? call.state.policies.combined(user.policies)
      : BUILTIN_POLICIES.consoleAdmin;
  sendJson(call.reply, {
    AccountName: session ? session.parentUser : p.accessKey,
    Server: {},
    Policy: policy,
    Buckets: null,
  });
}

const ROUTES: Route[] = [
  { method: "POST", path: "/service", queries: ["action"], handler: service },
  { method: "GET", path: "/info", queries: [], action: "admin:ServerInfo", noObjectLayer: true, handler: serverInfo },
  { method: "PUT", path: "/set-config-kv", queries: [], action: "admin:ConfigUpdate", handler: setConfigKV },
  { method: "GET", path: "/get-config-kv", queries: ["key"], action: "admin:ConfigUpdate", handler: getConfigKV },
  { method: "DELETE", path: "/del-config-kv", queries: [], action: "admin:ConfigUpdate", handler: delConfigKV },
  {
    method: "PUT",
    path: "/add-canned-policy",
    queries: ["name"],
    action: "admin:CreatePolicy",
    handler: addCannedPolicy,
  },
  {
    method: "GET",
    path: "/info-canned-policy",
    queries: ["name"],
    action: "admin:GetPolicy",
    handler: infoCannedPolicy,
  },
  {
    method: "GET",
    path: "/list-canned-policies",
    queries: [],
    action: "admin:ListUserPolicies",
    handler: listCannedPolicies,
  },
  {
    method: "DELETE",
    path: "/remove-canned-policy",
    queries: ["name"],
    action: "admin:DeletePolicy",
    handler: removeCannedPolicy,
  },
  { method: "GET", path: "/accountinfo", queries: [], handler: accountInfo },
];

/** errorResponseHandler for admin paths that match no route. */
function versionMismatch(path: string): ApiError {
  const m = /^\/minio.*\/(v\d+)\/.*/.exec(path);
  const version = m ? m[1] : "unknown";
  let desc: string;
  if (version === "v1" || version === "v2") {
    desc = `Server expects client requests with 'admin' API version 'v3', found '${version}', please upgrade the client to latest releases`;
  } else if (version === "v3") {
    desc = "This 'admin' API is not supported by server in 'mode-server-xl-single'";
  } else {
    desc = `Unexpected client 'admin' API version found '${version}', expected 'v3', please downgrade the client to older releases`;
  }
  return new ApiError({ code: "XMinioAdminVersionMismatch", description: desc, status: 426 });
}

/**
 * adminMiddleware's object-layer check (skipped by noObjLayerFlag routes once the node listens), then
 * validateAdminReq (cmd/admin-handler-utils.go) -> checkAdminRequestAuth (cmd/auth-handler.go): SigV4 valid, then
 * globalIAMSys.IsAllowed with the route's admin action (cmd/iam.go): the root user (IsOwner) may do everything;
 * temporary credentials are checked against their session's policies; an IAM user against the policies attached
 * to it, and a user without any is refused. Otherwise 403 AccessDenied.
 */
function authorize(env: NodeEnv, route: Route, req: IncomingMessage, body: Buffer): Principal {
  const { phase } = env.node;
  if (phase === "down" || (phase === "starting" && !route.noObjectLayer)) {
    throw new ApiError(API_ERRORS.ServerNotInitialized);
  }
  const ctx: AuthContext = route.action === undefined ? { ...env.auth, region: undefined } : env.auth;
  const principal = verifyAdminRequest(req, body, ctx);
  const action =
    route.path === "/service"
      ? SERVICE_ACTIONS[new URL(req.url ?? "/", "http://d").searchParams.get("action") ?? ""]
      : route.action;
  if (principal.root || action === undefined) return principal;
  const session = env.state.sessions.get(principal.accessKey);
  const policies = session?.policies ?? env.state.users.get(principal.accessKey)?.policies ?? [];
  if (env.state.policies.allows(policies, action)) return principal;
  throw new ApiError(API_ERRORS.AccessDenied);
}

export async function handleAdmin(
  env: NodeEnv,
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  reply: Reply,
): Promise<void> {
  try {
    const sub = url.pathname.startsWith(PREFIX + "/") ? url.pathname.slice(PREFIX.length) : undefined;
    const route = ROUTES.find(
      (r) => r.path === sub && r.method === req.method && r.queries.every((q) => url.searchParams.has(q)),
    );
    if (!route) throw versionMismatch(url.pathname);
    if (route.path === "/service" && !SERVICE_ACTIONS[url.searchParams.get("action") ?? ""]) {
      throw new ApiError(API_ERRORS.MalformedPOSTRequest);
    }
    const principal = authorize(env, route, req, body);
    await route.handler({ req, url, body, reply, state: env.state, node: env.node, principal });
  } catch (e) {
    sendAdminError(reply, e instanceof ApiError ? e : new ApiError(API_ERRORS.InternalError, (e as Error).message));
  }
}
