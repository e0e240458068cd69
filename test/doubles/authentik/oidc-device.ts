/**
 * The device flow (RFC 8628) as authentik 2026.5 serves it:
 * - POST /application/o/device/ (views/device_backchannel.py DeviceView): the provider by client_id, which must
 *   have an application, else DeviceCodeError("invalid_client") with HTTP 400; a DeviceToken valid for the
 *   provider's access_code_validity with the requested scopes; the answer's verification_uri is the root
 *   `device` view and `interval` is 5.
 * - GET /device (views/device_init.py DeviceEntryView): 404 unless the brand has a device code flow
 *   (`brand.flow_device_code`); with ?code= of a known token the provider's authorization flow runs and its last
 *   stage (views/device_finish.py) sets the token's user. The double runs the flow as its header login (oidc.ts).
 * - The token endpoint (views/token.py __post_init_device_code, create_device_code_response): the token by
 *   device_code and provider, else invalid_grant; no user yet -> DeviceCodeError("authorization_pending"); then
 *   the tokens (a refresh token with offline_access) and the device token is deleted. Its expiry is not checked
 *   there (expired tokens are only swept later), and neither is a client secret.
 */
import { randomBytes, randomInt } from "node:crypto";
import type { ServerResponse } from "node:http";
import { formBody, redirect, sendHtml, sendJson, type ParsedRequest } from "./http";
import { PASSWORD_HEADER, USER_HEADER } from "./oidc";
import type { Grant } from "./oidc-refresh";
import type { Store } from "./store";
import { durationMs } from "./validators";

interface DeviceTokenRecord {
  deviceCode: string;
  userCode: string;
  providerPk: number;
  scope: string[];
  expiresAt: number;
  userPk: number | null;
  authTime: number;
}

/** Per store: the device tokens, and whether the brand has a device code flow. */
const state = new WeakMap<Store, { tokens: Map<string, DeviceTokenRecord>; brandFlow: boolean }>();
function of(store: Store) {
  let s = state.get(store);
  if (!s) state.set(store, (s = { tokens: new Map(), brandFlow: false }));
  return s;
}

/** Sets or clears the brand's "default device code flow" (Brand.flow_device_code). */
export function setBrandDeviceFlow(store: Store, on: boolean): void {
  of(store).brandFlow = on;
}

/** errors.py DeviceCodeError descriptions for the errors the double raises. */
const DEVICE_ERRORS: Record<string, string> = {
  invalid_client:
    "Client authentication failed (e.g., unknown client, no client authentication included, or unsupported authentication method)",
  authorization_pending:
    "The authorization request is still pending as the end user hasn't yet completed the user-interaction steps",
};

export class DeviceCodeError extends Error {
  constructor(readonly error: keyof typeof DEVICE_ERRORS) {
    super(error);
  }
  body(): Record<string, string> {
    return {
      error: this.error,
      error_description: DEVICE_ERRORS[this.error],
      request_id: randomBytes(16).toString("hex"),
    };
  }
}

export function deviceAuthorization(store: Store, req: ParsedRequest, res: ServerResponse): void {
  const form = formBody(req);
  const provider = store.providerByClientId(form.get("client_id") ?? "");
  if (!provider || !store.applicationForProvider(provider.pk)) {
    return sendJson(res, 400, new DeviceCodeError("invalid_client").body());
  }
  const validity = durationMs(provider.accessCodeValidity);
  const record: DeviceTokenRecord = {
    deviceCode: randomBytes(32).toString("hex"),
    userCode: String(randomInt(10_000_000, 100_000_000)),
    providerPk: provider.pk,
    scope: (form.get("scope") ?? "").split(" "),
    expiresAt: Date.now() + validity,
    userPk: null,
    authTime: 0,
  };
  of(store).tokens.set(record.deviceCode, record);
  const uri = `${req.origin}/device`;
  sendJson(res, 200, {
    device_code: record.deviceCode,
    verification_uri: uri,
    verification_uri_complete: `${uri}?${new URLSearchParams({ code: record.userCode })}`,
    user_code: record.userCode,
    expires_in: Math.floor(validity / 1000),
    interval: 5,
  });
}

/** The user's side: the brand's device flow, the code, the login (header shortcut), then the finish stage. */
export function deviceEntry(store: Store, req: ParsedRequest, res: ServerResponse): void {
  const s = of(store);
  if (!s.brandFlow) return void res.writeHead(404).end();
  const code = req.query.get("code") ?? "";
  const token = [...s.tokens.values()].find((t) => t.userCode === code);
  if (!token) return sendHtml(res, 200, "Device code", "Enter the code shown on your device.");
  const username = String(req.headers[USER_HEADER] ?? req.query.get("ak_double_user") ?? "");
  if (username === "") return redirect(res, `/flows/-/default/authentication/?next=${encodeURIComponent(req.path)}`);
  const user = store.userByName(username);
  const password = String(req.headers[PASSWORD_HEADER] ?? req.query.get("ak_double_password") ?? "");
  if (!user || !user.isActive || (user.password !== null && user.password !== password)) {
    return sendHtml(res, 401, "Login failed", "The authentik double could not log in the requested test user.");
  }
  token.userPk = user.pk;
  token.authTime = Date.now();
  sendHtml(res, 200, "Device authenticated", "You may close this tab.");
}

/** The grant behind a device_code at the token endpoint; throws DeviceCodeError or returns undefined (invalid_grant). */
export function deviceGrant(store: Store, providerPk: number, deviceCode: string): Grant | undefined {
  const s = of(store);
  const token = s.tokens.get(deviceCode);
  if (!token || token.providerPk !== providerPk) return undefined;
  if (token.userPk === null) throw new DeviceCodeError("authorization_pending");
  const user = store.users.get(token.userPk);
  if (!user) return undefined;
  s.tokens.delete(deviceCode);
  return { user, scope: token.scope, authTime: token.authTime, nonce: null, sessionKey: null, amr: null };
}
