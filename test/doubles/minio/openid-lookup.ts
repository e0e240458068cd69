// openid.LookupConfig of minio/minio internal/config/identity/openid/openid.go (7aac2a2), which MinIO runs
// both to validate a config write (validateConfig) and to load OpenID at startup. Every enabled target is
// checked, its discovery document and JWKS are fetched; the first failure's text is the error.
import { createHash } from "node:crypto";
import { addJwks, JwksError, type KeyStore } from "./jwks";
import {
  DEFAULT_KVS,
  envValue,
  lookup,
  targetsOf,
  unknownEnvVars,
  type OpenIdConfig,
  type ServerEnv,
} from "./kv-config";
import { FetchError, httpGet, jsonDecode } from "./openid-http";

export const DUMMY_ROLE_ARN = "arn:minio:iam:::role/dummy-internal";

export interface ProviderCfg {
  target: string;
  clientId: string;
  clientSecret: string;
  claimName: string;
  claimPrefix: string;
  claimUserinfo: boolean;
  rolePolicy: string;
  /** "" for the claim-based provider. */
  roleArn: string;
  jwksUri: string;
  userinfoEndpoint: string;
  /** CA certificates trusted besides the system roots: MinIO's certs/CAs directory. */
  cas: readonly string[];
}

export interface LoadedOpenId {
  /** role ARN (or DUMMY_ROLE_ARN for the claim-based provider) -> provider. */
  providers: Map<string, ProviderCfg>;
  keys: KeyStore;
}

export class LookupError extends Error {}

/** config.ParseBool. */
export function parseBool(s: string): boolean {
  if (["1", "t", "T", "true", "TRUE", "True", "on", "ON", "On"].includes(s)) return true;
  if (["0", "f", "F", "false", "FALSE", "False", "off", "OFF", "Off"].includes(s)) return false;
  if (s.toLowerCase() === "enabled") return true;
  if (s.toLowerCase() === "disabled") return false;
  throw new LookupError(`ParseBool: parsing '${s}': invalid syntax`);
}

/** xnet.ParseHTTPURL: only http/https with a host. */
function parseHttpUrl(s: string): URL {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(s);
  const scheme = m ? m[1].toLowerCase() : "";
  let host = "";
  if (m && m[2].startsWith("//")) host = m[2].slice(2).split(/[/?#]/)[0].replace(/^.*@/, "");
  if (host.replace(/:\d*$/, "") === "" && scheme !== "") throw new LookupError("scheme appears with empty host");
  if (scheme !== "http" && scheme !== "https") throw new LookupError(`unexpected scheme found ${scheme}`);
  try {
    return new URL(s);
  } catch {
    throw new LookupError(`parse "${s}": invalid URL`);
  }
}

function roleArnFor(clientId: string, region: string): string {
  const id = createHash("sha1").update(clientId).digest("base64url");
  return `arn:minio:iam:${region}::role/${id}`;
}

async function fetchDiscovery(url: string, cas: readonly string[]): Promise<Record<string, unknown>> {
  const res = await httpGet(url, {}, undefined, cas);
  if (res.status !== 200) throw new LookupError(`unexpected error returned by ${url} : status(${res.statusText})`);
  const doc = jsonDecode(res.body);
  if (doc === null) return {}; // Go decodes JSON null into an empty struct
  if (typeof doc !== "object" || Array.isArray(doc)) {
    const kind = Array.isArray(doc) ? "array" : typeof doc;
    throw new LookupError(`json: cannot unmarshal ${kind} into Go value of type openid.DiscoveryDoc`);
  }
  return doc as Record<string, unknown>;
}

/** PopulatePublicKey: register the client secret under kid=client_id, then GET the JWKS and add its keys. */
export async function populatePublicKeys(keys: KeyStore, p: ProviderCfg): Promise<void> {
  keys.set(p.clientId, Buffer.from(p.clientSecret, "utf8"));
  const res = await httpGet(p.jwksUri, {}, undefined, p.cas);
  if (res.status !== 200) throw new LookupError(res.statusText);
  addJwks(keys, jsonDecode(res.body));
}

/** How LookupConfig sees the environment: the server's, and whether values are read from it (off in validateConfig). */
export interface EnvView {
  env: ServerEnv;
  valuesOn: boolean;
}

async function lookupInner(
  cfg: OpenIdConfig,
  region: string,
  cas: readonly string[],
  view: EnvView,
): Promise<LoadedOpenId> {
  const loaded: LoadedOpenId = { providers: new Map(), keys: new Map() };
  const seenClientIds = new Set<string>();
  // Config.CheckValidKeys lists the environment with env.List, which the switch does not turn off.
  const unknown = unknownEnvVars(view.env);
  if (unknown.length > 0) {
    throw new LookupError(`The following environment variables are unknown: ${unknown.join(", ")}`);
  }
  for (const target of targetsOf(cfg, view.env)) {
    const kvs = cfg.get(target) ?? [];
    // ResolveConfigParam: a non-empty environment value, else the stored value, else the default.
    const val = (key: string): string =>
      (view.valuesOn ? envValue(view.env, target, key) : "") || (lookup(kvs, key) ?? lookup(DEFAULT_KVS, key) ?? "");
    const enableVal = val("enable");
    if (enableVal !== "" && !parseBool(enableVal)) continue;
    const p: ProviderCfg = {
      target,
      clientId: val("client_id"),
      clientSecret: val("client_secret"),
      claimName: val("claim_name"),
      claimPrefix: val("claim_prefix"),
      claimUserinfo: val("claim_userinfo") === "on",
      rolePolicy: val("role_policy"),
      roleArn: "",
      jwksUri: "",
      userinfoEndpoint: "",
      cas,
    };
    const configUrl = val("config_url");
    if (enableVal === "" && p.clientId === "" && p.clientSecret === "" && configUrl === "") continue;

    if (seenClientIds.has(p.clientId)) {
      throw new LookupError(`Client ID ${p.clientId} is present with multiple OpenID configurations`);
    }
    seenClientIds.add(p.clientId);

    parseHttpUrl(configUrl);
    const doc = await fetchDiscovery(configUrl, cas);
    p.userinfoEndpoint = typeof doc.userinfo_endpoint === "string" ? doc.userinfo_endpoint : "";

    const scopeList = val("scopes");
    if (scopeList !== "" && scopeList.split(",").some((s) => s.trim() === "")) {
      throw new LookupError(`empty scope value is not allowed '${scopeList}', please refer to our documentation`);
    }
    if (p.claimName !== "policy" && p.rolePolicy !== "") {
      throw new LookupError(
        `Role Policy (=\`${p.rolePolicy}\`) and Claim Name (=\`${p.claimName}\`) cannot both be set`,
      );
    }
    p.jwksUri = typeof doc.jwks_uri === "string" ? doc.jwks_uri : "";
    if (p.jwksUri === "") {
      throw new LookupError(`no JWKS URI found in your provider's discovery doc (config_url=${configUrl})`);
    }
    parseHttpUrl(p.jwksUri);

    if (p.rolePolicy !== "") {
      if (p.clientId === "") throw new LookupError("client ID must not be empty");
      p.roleArn = roleArnFor(p.clientId, region);
    } else if (p.claimName === "") {
      throw new LookupError("A role policy or claim name must be specified");
    }
    const vendor = val("vendor");
    if (vendor !== "" && vendor !== "keycloak") throw new LookupError("Unsupported vendor keycloak");

    const arnKey = p.rolePolicy === "" ? DUMMY_ROLE_ARN : p.roleArn;
    if (p.rolePolicy === "" && loaded.providers.has(DUMMY_ROLE_ARN)) {
      throw new LookupError("Only one OpenID provider can be configured if not using role policy mapping");
    }
    loaded.providers.set(arnKey, p);
    await populatePublicKeys(loaded.keys, p);
  }
  return loaded;
}

/**
 * Run LookupConfig over every target of cfg; rejects with a LookupError whose message is MinIO's text. `cas`: the
 * CA certificates of MinIO's certs/CAs directory, trusted besides the system roots for the discovery document,
 * JWKS and userinfo (cmd/config-current.go and cmd/iam.go pass openid.LookupConfig NewHTTPTransport(), whose
 * RootCAs is globalRootCAs, from minio/pkg certs.GetRootCAs: the system roots plus that directory). `view`: the
 * server's environment; at start its values win over the stored ones, while validateConfig (set-config-kv,
 * del-config-kv) runs with `env.SetEnvOff()` (cmd/config-current.go), so there only the stored values count, and a
 * target only the environment configures is off.
 */
export async function lookupOpenId(
  cfg: OpenIdConfig,
  region: string,
  cas: readonly string[] = [],
  view: EnvView = { env: {}, valuesOn: true },
): Promise<LoadedOpenId> {
  try {
    return await lookupInner(cfg, region, cas, view);
  } catch (e) {
    if (e instanceof LookupError) throw e;
    if (e instanceof FetchError || e instanceof JwksError) throw new LookupError(e.message);
    throw new LookupError(e instanceof Error ? e.message : String(e));
  }
}
