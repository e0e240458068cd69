// HTTP dispatch of the MinIO double: each request goes to the node the balancer picks, then health probes,
// injected faults, the date check of MinIO's auth middleware, the admin API and STS. Health semantics:
// minio/minio cmd/healthcheck-handler.go; STS routing: cmd/sts-handlers.go registerSTSRouter (7aac2a2).
import type { IncomingMessage, ServerResponse } from "node:http";
import { handleAdmin } from "./admin-routes";
import type { NodeEnv } from "./admin-types";
import { API_ERRORS, ApiError, type ApiErrorDef, STS_ERRORS, StsError } from "./errors";
import {
  newRequestId,
  readBody,
  type Reply,
  send,
  sendAdminError,
  sendS3Error,
  sendStsError,
  sleep,
} from "./http-util";
import { authKind, checkRequestTime, type AuthContext, verifyStsRequest } from "./sigv4";
import type { DoubleState, MinioNode } from "./state";
import { assumeRole, assumeRoleWithWebIdentity, type Form, type StsEnv } from "./sts";

const STATUS_HEADER = "x-minio-server-status";

/**
 * The health probes of the node that serves the request (cmd/healthcheck-handler.go, 7aac2a2):
 * - live, ready: 200 once the process listens; while its object layer is not set they add
 *   `x-minio-server-status: offline` and still answer 200 (LivenessCheckHandler, ReadinessCheckHandler).
 * - cluster, cluster/read: checkHealth first (no object layer: 503 offline; IAM not initialised: 503
 *   iam-offline), then erasureServerPools.Health: healthy when the set has write (read) quorum of drives
 *   online, counted over every node whose process runs; `maintenance=true` leaves out this node's own drives
 *   and answers 412 instead of 503 when that loses quorum. Headers: X-Minio-Write-Quorum (or
 *   X-Minio-Read-Quorum) and X-Minio-Storage-Class-Defaults (true: the double has no storage-class config).
 * A node that is down answers 503 offline, as the double always has (a balancer answers 502/503 for it).
 */
function health(env: NodeEnv, req: IncomingMessage, url: URL, r: Reply): void {
  const { state, node } = env;
  const path = url.pathname;
  const method = req.method ?? "GET";
  if (method !== "GET" && method !== "HEAD") {
    sendS3Error(r, unsupported(method, path));
    return;
  }
  const offline = { [STATUS_HEADER]: "offline" };
  switch (path) {
    case "/minio/health/live":
    case "/minio/health/ready":
      if (node.phase === "down") send(r, 503, undefined, undefined, offline);
      else send(r, 200, undefined, undefined, node.phase === "starting" ? offline : {});
      return;
    case "/minio/health/cluster":
    case "/minio/health/cluster/read": {
      if (node.phase !== "up") send(r, 503, undefined, undefined, offline);
      else if (!node.iamReady) send(r, 503, undefined, undefined, { [STATUS_HEADER]: "iam-offline" });
      else {
        const read = path.endsWith("/read");
        const { topology } = state;
        const maintenance = url.searchParams.get("maintenance") === "true";
        const counted = state.listening().filter((n) => !(maintenance && n === node));
        const online = counted.length * topology.drivesPerNode;
        const quorum = read ? topology.readQuorum : topology.writeQuorum;
        const headers = {
          [read ? "X-Minio-Read-Quorum" : "X-Minio-Write-Quorum"]: String(quorum),
          "X-Minio-Storage-Class-Defaults": "true",
        };
        send(r, online >= quorum ? 200 : maintenance ? 412 : 503, undefined, undefined, headers);
      }
      return;
    }
    default:
      sendS3Error(r, unsupported(method, path));
  }
}

function unsupported(method: string, path: string): ApiError {
  return new ApiError({
    code: "BadRequest",
    description: `An unsupported API call for method: ${method} at '${path}'`,
    status: 400,
  });
}

const INJECTED_ADMIN: Record<number, ApiErrorDef> = {
  403: API_ERRORS.AccessDenied,
  500: API_ERRORS.InternalError,
  501: API_ERRORS.NotImplemented,
  503: API_ERRORS.ServerNotInitialized,
};
const INJECTED_STS: Record<number, ApiErrorDef> = {
  403: STS_ERRORS.AccessDenied,
  500: STS_ERRORS.InternalError,
  503: STS_ERRORS.IAMNotInitialized,
};

type StsRoute = "assume-role" | "web-identity" | undefined;

/** Which STS handler registerSTSRouter would pick for this request, if any. */
function stsRoute(req: IncomingMessage, url: URL): StsRoute {
  if (req.method !== "POST" || url.pathname !== "/") return undefined;
  const form = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
  const noQuery = url.search === "" || url.search === "?";
  if (form && noQuery) return authKind(req) === "signed" ? "assume-role" : "web-identity";
  const q = url.searchParams;
  if (
    q.get("Action") === "AssumeRoleWithWebIdentity" &&
    q.get("Version") === "2011-06-15" &&
    q.has("WebIdentityToken")
  ) {
    return "web-identity";
  }
  return undefined;
}

function formOf(req: IncomingMessage, url: URL, body: Buffer): Form {
  const isForm = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
  const post = new URLSearchParams(isForm ? body.toString("utf8") : "");
  return (k) => post.get(k) ?? url.searchParams.get(k) ?? "";
}

async function handleSts(
  env: NodeEnv,
  sts: StsEnv,
  route: StsRoute,
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  r: Reply,
) {
  try {
    if (env.node.phase !== "up") {
      throw new StsError(STS_ERRORS.IAMNotInitialized, "IAM sub-system is being initialized, please try again");
    }
    const form = formOf(req, url, body);
    let xml: string;
    if (route === "assume-role") {
      let auth;
      try {
        auth = verifyStsRequest(req, body, env.auth);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        auth = e;
      }
      xml = assumeRole(sts, form, auth, r.requestId);
    } else {
      xml = await assumeRoleWithWebIdentity(sts, form, r.requestId);
    }
    send(r, 200, xml, "application/xml");
  } catch (e) {
    sendStsError(r, e instanceof StsError ? e : new StsError(STS_ERRORS.InternalError, (e as Error).message));
  }
}

/** What the handler needs besides the deployment: a node's view of authentication and STS. */
export interface NodeViews {
  auth(node: MinioNode): AuthContext;
  sts(node: MinioNode): StsEnv;
}

export function makeHandler(state: DoubleState, views: NodeViews) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://double.invalid");
    const r: Reply = { res, requestId: newRequestId(), path: url.pathname };
    try {
      const body = await readBody(req);
      const { method = "", headers } = req;
      const query = Object.fromEntries(url.searchParams);
      const node = state.pickNode();
      const env: NodeEnv = { state, node, auth: views.auth(node) };
      const sts = views.sts(node);
      state.requests.push({ method, path: url.pathname, query, headers, body, node: node.name, at: state.now() });
      if (state.faults.delayMs > 0) await sleep(state.faults.delayMs);
      if (url.pathname.startsWith("/minio/health/")) return health(env, req, url, r);

      const isAdmin = url.pathname.startsWith("/minio/admin/");
      const route = isAdmin ? undefined : stsRoute(req, url);
      const injected = isAdmin || route ? state.takeFailure() : undefined;
      if (injected !== undefined) {
        const msg = `injected fault (HTTP ${injected})`;
        if (isAdmin)
          sendAdminError(
            r,
            new ApiError(INJECTED_ADMIN[injected] ?? { ...API_ERRORS.InternalError, status: injected }, msg),
          );
        else
          sendStsError(
            r,
            new StsError(INJECTED_STS[injected] ?? { ...STS_ERRORS.InternalError, status: injected }, msg),
          );
        return;
      }
      const timeErr = node.phase !== "down" ? checkRequestTime(req, state.now()) : undefined;
      if (timeErr) return sendS3Error(r, timeErr);
      if (isAdmin) return await handleAdmin(env, req, url, body, r);
      if (route) return await handleSts(env, sts, route, req, url, body, r);
      sendS3Error(
        r,
        new ApiError(
          API_ERRORS.NotImplemented,
          `The MinIO double does not model this S3 API call: ${req.method} ${url.pathname}`,
        ),
      );
    } catch (e) {
      sendS3Error(r, new ApiError(API_ERRORS.InternalError, (e as Error).message));
    }
  };
}
