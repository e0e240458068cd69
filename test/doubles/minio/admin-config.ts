// Config KV admin handlers of the MinIO double: set-config-kv, get-config-kv, del-config-kv, following
// minio/minio cmd/admin-handlers-config-kv.go (7aac2a2). Bodies are madmin-encrypted with the requester's
// secret key, using the project's own madmin crypto module.
import { decryptData, encryptData } from "../../../minio-admin/madmin-crypto";
import { API_ERRORS, ApiError } from "./errors";
import type { AdminCall } from "./admin-types";
import { applyDeleteText, applySetText, cloneConfig, ConfigError, renderGet } from "./kv-config";
import { LookupError, lookupOpenId } from "./openid-lookup";
import { send } from "./http-util";

const MAX_ECONFIG_JSON_SIZE = 262272;

/** toAdminAPIErr for config errors. */
function configApiError(e: unknown): ApiError {
  if (e instanceof ConfigError) {
    if (e.kind === "notfound") return new ApiError(API_ERRORS.ConfigNotFound, e.message);
    if (e.kind === "unmodelled") return new ApiError(API_ERRORS.NotImplemented, e.message);
    return new ApiError(API_ERRORS.ConfigError, e.message);
  }
  if (e instanceof ApiError) return e;
  return new ApiError(API_ERRORS.InternalError, e instanceof Error ? e.message : String(e));
}

/** Content-Length must be present and at most maxEConfigJSONSize; then the body must decrypt. */
function decryptBody(call: AdminCall): string {
  const len = call.req.headers["content-length"];
  if (len === undefined || Number(len) > MAX_ECONFIG_JSON_SIZE) throw new ApiError(API_ERRORS.AdminConfigTooLarge);
  try {
    return decryptData(call.principal.secretKey, call.body).toString("utf8");
  } catch {
    throw new ApiError(API_ERRORS.AdminConfigBadJSON);
  }
}

/**
 * validateConfig over the whole would-be config, with environment values switched off (`env.SetEnvOff()`,
 * cmd/config-current.go); failures are 400 XMinioAdminConfigBadJSON with the cause. Neither set-config-kv nor
 * del-config-kv looks at the environment otherwise: they store what they are given even where a variable overrides
 * it (only the idp-config API refuses with XMinioAdminConfigEnvOverridden, cmd/admin-handlers-idp-config.go).
 */
async function validate(call: AdminCall, cfg: Parameters<typeof lookupOpenId>[0]): Promise<void> {
  try {
    await lookupOpenId(cfg, call.state.arnRegion, call.state.trustedCas, { env: call.state.env, valuesOn: false });
  } catch (e) {
    if (e instanceof LookupError) throw new ApiError(API_ERRORS.AdminConfigBadJSON, e.message);
    throw e;
  }
}

/** PUT /minio/admin/v3/set-config-kv */
export async function setConfigKV(call: AdminCall): Promise<void> {
  const text = decryptBody(call);
  const cfg = cloneConfig(call.state.pending);
  try {
    applySetText(cfg, text);
  } catch (e) {
    throw configApiError(e);
  }
  await validate(call, cfg);
  call.state.pending = cfg;
  // identity_openid is not dynamic: no x-minio-config-applied header, so madmin reports restart=true.
  send(call.reply, 200, undefined);
}

/** GET /minio/admin/v3/get-config-kv?key=... : the config loaded at the last start, secrets left out. */
export function getConfigKV(call: AdminCall): void {
  const key = call.url.searchParams.get("key") ?? "";
  let text: string;
  try {
    text = renderGet(call.node.loaded, key, call.state.env);
  } catch (e) {
    throw configApiError(e);
  }
  const body = encryptData(call.principal.secretKey, Buffer.from(text, "utf8"));
  if (call.state.faults.corruptNextAnswer) {
    call.state.faults.corruptNextAnswer = false;
    body[body.length - 1] ^= 0x01;
  }
  send(call.reply, 200, body, "application/json");
}

/** DELETE /minio/admin/v3/del-config-kv */
export async function delConfigKV(call: AdminCall): Promise<void> {
  const text = decryptBody(call);
  const cfg = cloneConfig(call.state.pending);
  try {
    applyDeleteText(cfg, text);
  } catch (e) {
    throw configApiError(e);
  }
  await validate(call, cfg);
  call.state.pending = cfg;
  send(call.reply, 200, undefined);
}
