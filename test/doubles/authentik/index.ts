/**
 * authentik test double: an HTTP server on 127.0.0.1 (an ephemeral port unless one is given) speaking the parts of
 * authentik 2026.5's REST API that terraform-provider-authentik v2026.5.0 calls, plus the OIDC endpoints MinIO uses.
 * See the modules for the behaviour and its sources; tests only, the program must never import this.
 *
 * Known differences from a real authentik: the login at /application/o/authorize/ is the header shortcut described
 * in oidc.ts (no flow executor, no consent stage, GET only); of the response types only code is served (implicit
 * and hybrid ones a provider allows answer 501); the device flow's user page is the same shortcut (oidc-device.ts); no JWT client assertions, JWE (encryption_key),
 * end-session, introspection or policy bindings (unimplemented API operations answer 501); no providers from
 * before 2026.5 (whose grant_types the upgrade backfilled); RSA keys have 2048 bits (authentik generates 4096) to
 * keep start-up fast.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { API_PREFIX, handleApi, type Route } from "./api";
import { coreRoutes } from "./api-core";
import { mappingRoutes } from "./api-mappings";
import { miscRoutes } from "./api-misc";
import { providerRoutes } from "./api-providers";
import { ADMIN, userRoutes, type TokenUser } from "./api-users";
import {
  HttpError,
  queryToRecord,
  readRequest,
  redirect,
  sendEmpty,
  sendHtml,
  sendJson,
  type ParsedRequest,
} from "./http";
import { authorize, discovery, jwks } from "./oidc";
import { token, userinfo } from "./oidc-token";
import { deviceAuthorization, deviceEntry, setBrandDeviceFlow } from "./oidc-device";
import { seedFreshInstall } from "./seed";
import { Store } from "./store";
import type { GroupQueryRecord, RecordedRequest } from "./types";

export type { GroupQueryRecord, RecordedRequest } from "./types";
export type { TokenUser } from "./api-users";
export { USER_HEADER, PASSWORD_HEADER } from "./oidc";

export interface AuthentikDouble {
  url: string;
  close(): Promise<void>;
  addUser(u: { username: string; email?: string; name?: string; groups?: string[]; password?: string }): {
    pk: number;
    uid: string;
  };
  addAppPassword(username: string, key: string): void;
  /** Sets the brand's "default device code flow" (authentik serves /device only with one). */
  setBrandDeviceFlow(on: boolean): void;
  /** Who the API token is (default: a superuser); a test narrows it to a user whose role holds given permissions. */
  setTokenUser(user: TokenUser): void;
  requests: RecordedRequest[];
  /** Every scope-mapping evaluation (token, userinfo, refresh): the queries of the user's groups it made. */
  groupQueries: readonly GroupQueryRecord[];
  faults: {
    /** The next n requests (only those `method path` starts with `match`, when given) fail with `status`. */
    failNext(n: number, status: number, match?: string): void;
    delay(ms: number): void;
    reset(): void;
  };
}

const ROUTES: Route[] = [...mappingRoutes, ...providerRoutes, ...coreRoutes, ...miscRoutes];

function recordBody(req: ParsedRequest): unknown {
  if (req.rawBody.length === 0) return undefined;
  const type = String(req.headers["content-type"] ?? "");
  const text = req.rawBody.toString("utf8");
  if (type.startsWith("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function dispatch(
  store: Store,
  apiToken: string,
  routes: Route[],
  req: ParsedRequest,
  res: ServerResponse,
): Promise<void> {
  const path = req.path;
  if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`)) {
    const outcome = await handleApi(store, apiToken, routes, req);
    if ("redirect" in outcome) return redirect(res, outcome.redirect, 301);
    if (outcome.body === undefined) return sendEmpty(res, outcome.status);
    if (outcome.contentType && typeof outcome.body === "string") {
      res.writeHead(outcome.status, {
        "Content-Type": outcome.contentType,
        "Content-Length": Buffer.byteLength(outcome.body),
      });
      return void res.end(outcome.body);
    }
    return sendJson(res, outcome.status, outcome.body);
  }
  if (path === "/application/o/authorize/") return authorize(store, req, res);
  if (path === "/application/o/token/") return token(store, req, res);
  if (path === "/application/o/userinfo/") return userinfo(store, req, res);
  if (path === "/application/o/device/" && req.method === "POST") return deviceAuthorization(store, req, res);
  if (path === "/device" || path === "/device/") return deviceEntry(store, req, res);
  const perApp = /^\/application\/o\/([-a-zA-Z0-9_]+)\/(.*)$/.exec(path);
  if (perApp) {
    const [, slug, rest] = perApp;
    if (rest === ".well-known/openid-configuration") return discovery(store, req, res, slug);
    if (rest === "jwks/") return jwks(store, res, slug);
    if (rest === "") return redirect(res, `/application/o/${slug}/.well-known/openid-configuration`);
  }
  sendHtml(res, 404, "Not Found", "The requested resource was not found on this server.");
}

export interface AuthentikDoubleOptions {
  /** The API token the REST API accepts. */
  token: string;
  /** The loopback port to listen on (default 0: ephemeral). */
  port?: number;
  /** Serve https with this key and certificate chain (PEM), as authentik behind a TLS certificate. */
  tls?: { key: string; cert: string };
}

export async function startAuthentikDouble(opts: AuthentikDoubleOptions): Promise<AuthentikDouble> {
  const store = new Store();
  seedFreshInstall(store);
  const requests: RecordedRequest[] = [];
  let failures: { remaining: number; status: number; match?: string } = { remaining: 0, status: 500 };
  let delayMs = 0;
  let tokenUser: TokenUser = ADMIN;
  const routes = [...ROUTES, ...userRoutes(() => tokenUser)];

  const handle = async (raw: IncomingMessage, res: ServerResponse): Promise<void> => {
    const req = await readRequest(raw);
    requests.push({
      method: req.method,
      path: req.path,
      query: queryToRecord(req.query),
      hasAuthorization: req.headers.authorization !== undefined,
      body: recordBody(req),
    });
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    if (failures.remaining > 0 && `${req.method} ${req.path}`.startsWith(failures.match ?? "")) {
      failures.remaining--;
      return sendJson(res, failures.status, {
        detail: `Fault injected by the authentik double (HTTP ${failures.status})`,
      });
    }
    await dispatch(store, opts.token, routes, req, res);
  };

  const listener = (raw: IncomingMessage, res: ServerResponse) => {
    handle(raw, res).catch((e: unknown) => {
      if (e instanceof HttpError) return sendJson(res, e.status, e.body, e.headers);
      process.stderr.write(`authentik double: internal error: ${(e as Error).message}\n`);
      if (!res.headersSent) sendJson(res, 500, { detail: "A server error occurred." });
      else res.end();
    });
  };
  const server = opts.tls ? createTlsServer(opts.tls, listener) : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`,
    requests,
    groupQueries: store.groupQueries,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
    addUser(u) {
      const user = store.createUser(u);
      for (const groupName of u.groups ?? []) {
        const group = store.groupByName(groupName) ?? store.createGroup(groupName);
        group.users.push(user.pk);
      }
      return { pk: user.pk, uid: user.uid };
    },
    addAppPassword(username, key) {
      const user = store.userByName(username);
      if (!user) throw new Error(`authentik double: no user "${username}" for an app password`);
      store.appPasswords.push({ userPk: user.pk, key });
    },
    setBrandDeviceFlow: (on) => setBrandDeviceFlow(store, on),
    setTokenUser(user) {
      tokenUser = user;
    },
    faults: {
      failNext(n, status, match) {
        failures = { remaining: n, status, match };
      },
      delay(ms) {
        delayMs = ms;
      },
      reset() {
        failures = { remaining: 0, status: 500 };
        delayMs = 0;
      },
    },
  };
}
