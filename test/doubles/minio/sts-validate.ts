// openid.Config.Validate of minio/minio internal/config/identity/openid/jwt.go (7aac2a2): the web identity
// token's signature (by kid, JWKS re-fetched once on failure), exp/iat/nbf, DurationSeconds, userinfo
// claims, and aud/azp against the provider's client_id. Failures carry MinIO's STS code and text.
import { STS_ERRORS, StsError } from "./errors";
import { JwtError, MINIO_VALID_METHODS, goValue, parseJwt, type KeyLookup } from "./jwt";
import { type LoadedOpenId, populatePublicKeys, type ProviderCfg } from "./openid-lookup";
import { httpGet } from "./openid-http";

const invalid = (msg: string) => new StsError(STS_ERRORS.InvalidParameterValue, msg);
const INVALID_DURATION = "invalid token expiry";
export const MIN_EXPIRATION = 900;
export const MAX_EXPIRATION = 31536000;

/** policy.GetValuesFromClaims: string (comma-separated) or array of strings (each comma-separated). */
export function valuesFromClaims(claims: Record<string, unknown>, name: string): { ok: boolean; values: string[] } {
  if (!(name in claims)) return { ok: false, values: [] };
  const v = claims[name];
  const out = new Set<string>();
  const addCsv = (s: string) =>
    s
      .split(",")
      .map((x) => x.trim())
      .filter((x) => x !== "")
      .forEach((x) => out.add(x));
  if (typeof v === "string") addCsv(v);
  else if (Array.isArray(v)) v.forEach((x) => typeof x === "string" && addCsv(x));
  else return { ok: false, values: [] };
  return { ok: true, values: [...out].sort() };
}

/** openid.GetDefaultExpiration (no MINIO_STS_DURATION in the double): seconds, or throws. */
export function defaultExpirationSeconds(dsecs: string): number {
  if (dsecs === "") return 3600;
  if (!/^[+-]?\d+$/.test(dsecs)) throw invalid(INVALID_DURATION);
  const n = Number(dsecs);
  if (n < MIN_EXPIRATION || n > MAX_EXPIRATION) throw invalid(INVALID_DURATION);
  return n;
}

/** auth.ExpToInt64 for the claim types a JSON token can carry. */
export function expToSeconds(exp: unknown): number {
  let n: number;
  if (exp === undefined || exp === null) n = 0;
  else if (typeof exp === "number") n = Math.trunc(exp);
  else if (typeof exp === "string") {
    if (!/^[+-]?\d+$/.test(exp)) throw invalid(`strconv.ParseInt: parsing "${exp}": invalid syntax`);
    n = Number(exp);
  } else throw invalid(INVALID_DURATION);
  if (n < 0) throw invalid(INVALID_DURATION);
  return n;
}

function keyLookup(loaded: LoadedOpenId): KeyLookup {
  return (header) => {
    const kid = header.kid;
    if (typeof kid !== "string") throw new JwtError(`Invalid kid value ${goValue(kid)}`);
    const key = loaded.keys.get(kid);
    if (!key) throw new JwtError(`No public key found for kid ${kid}`);
    return key;
  };
}

async function userinfoClaims(p: ProviderCfg, accessToken: string): Promise<Record<string, unknown>> {
  if (p.userinfoEndpoint === "") throw invalid("openid not configured");
  const res = await httpGet(p.userinfoEndpoint, { Authorization: `Bearer ${accessToken}` }, undefined, p.cas);
  if (res.status !== 200) throw invalid(`UserInfo: unexpected status ${res.statusText}`);
  const v: unknown = JSON.parse(res.body);
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Validate: returns the token's claims (exp possibly replaced by now + DurationSeconds). */
export async function validateWebIdentity(
  loaded: LoadedOpenId,
  arn: string,
  token: string,
  accessToken: string,
  dsecs: string,
  nowMs: number,
): Promise<Record<string, unknown>> {
  const p = loaded.providers.get(arn);
  if (!p) throw invalid(`Role ${arn} does not exist`);
  const nowSec = Math.floor(nowMs / 1000);
  let claims: Record<string, unknown>;
  try {
    claims = parseJwt(token, keyLookup(loaded), MINIO_VALID_METHODS, nowSec);
  } catch (first) {
    if (!(first instanceof JwtError)) throw first;
    try {
      await populatePublicKeys(loaded.keys, p);
    } catch (e) {
      throw invalid(e instanceof Error ? e.message : String(e));
    }
    try {
      // The retry in jwt.go uses the package-level ParseWithClaims: no ValidMethods list.
      claims = parseJwt(token, keyLookup(loaded), undefined, nowSec);
    } catch (e) {
      throw invalid(e instanceof Error ? e.message : String(e));
    }
  }

  if (claims.exp === "") throw new StsError(STS_ERRORS.WebIdentityExpiredToken, "token expired");
  if (dsecs !== "") {
    expToSeconds(claims.exp);
    claims.exp = nowSec + defaultExpirationSeconds(dsecs);
  }

  if (p.claimUserinfo) {
    if (accessToken === "") throw invalid("access_token is mandatory if user_info claim is enabled");
    const extra = await userinfoClaims(p, accessToken);
    for (const [k, v] of Object.entries(extra)) if (!(k in claims)) claims[k] = v;
  }

  const aud = valuesFromClaims(claims, "aud");
  if (!aud.ok) throw invalid("STS JWT Token has `aud` claim invalid, `aud` must match configured OpenID Client ID");
  if (!aud.values.includes(p.clientId)) {
    const azp = valuesFromClaims(claims, "azp");
    if (!azp.ok || !azp.values.includes(p.clientId)) {
      throw invalid("STS JWT Token has `azp` claim invalid, `azp` must match configured OpenID Client ID");
    }
  }
  return claims;
}
