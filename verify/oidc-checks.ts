// Check 1: the OIDC discovery document MinIO's config_url points at, and the JWKS it names. Pure: takes the
// HTTP outcomes, returns report lines.
//
// MinIO fetches config_url, requires `jwks_uri`, and verifies tokens with the JWKS key named by the token's `kid`
// (RS256 from authentik when the provider has a signing key; without one authentik signs HS256 and serves an
// empty JWKS). Research notes: shared/reference/minio.md §2, §4.2; authentik.md §3.3.
import { compare, fail, ok, skip, show, type Check, type ReportSection } from "./report";
import { describeFailure, jsonObject, type HttpOutcome } from "./outcome";

export interface DiscoveryInputs {
  /** Where the discovery document should be (StackConfig.oidc.configUrl). */
  configUrl: string;
  /** The issuer the document must name (StackConfig.oidc.issuerUrl). */
  issuerUrl: string;
  discovery: HttpOutcome;
  /** The JWKS answer; absent when the document names no jwks_uri (or there is no document). */
  jwks?: HttpOutcome;
}

/** The discovery document, when the answer is HTTP 200 with a JSON object. */
export function discoveryDocument(outcome: HttpOutcome): Record<string, unknown> | undefined {
  if ("error" in outcome || outcome.status !== 200) return undefined;
  return jsonObject(outcome);
}

/** An absolute http(s) URL named by the document under `field`, else undefined. */
export function documentUrl(doc: Record<string, unknown> | undefined, field: string): string | undefined {
  const value = doc?.[field];
  if (typeof value !== "string") return undefined;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? value : undefined;
  } catch {
    return undefined;
  }
}

function discoveryCheck(outcome: HttpOutcome): Check {
  if ("error" in outcome || outcome.status !== 200) return fail("discovery", describeFailure(outcome));
  if (jsonObject(outcome) === undefined) return fail("discovery", `${outcome.url} did not answer a JSON object`);
  return ok("discovery", "answered HTTP 200 with a JSON document");
}

interface Jwk {
  kty?: unknown;
  kid?: unknown;
  use?: unknown;
  alg?: unknown;
}

/** RSA algorithms MinIO accepts (PS* is not on its list; minio.md §4.2). */
const RSA_ALGORITHMS: readonly unknown[] = [undefined, "RS256", "RS384", "RS512"];

/** RSA keys MinIO can verify with: a string kid, not an encryption key, alg RS256/384/512 or unset. */
export function rsaSigningKids(jwks: Record<string, unknown>): string[] {
  const keys = Array.isArray(jwks.keys) ? (jwks.keys as Jwk[]) : [];
  return keys
    .filter((k) => typeof k === "object" && k !== null && k.kty === "RSA" && typeof k.kid === "string")
    .filter((k) => k.use === undefined || k.use === "sig")
    .filter((k) => RSA_ALGORITHMS.includes(k.alg))
    .map((k) => k.kid as string);
}

function jwksCheck(outcome: HttpOutcome): Check {
  if ("error" in outcome || outcome.status !== 200) return fail("jwks", describeFailure(outcome));
  const jwks = jsonObject(outcome);
  if (jwks === undefined) return fail("jwks", `${outcome.url} did not answer a JSON object`);
  const kids = rsaSigningKids(jwks);
  if (kids.length === 0) {
    return fail(
      "jwks",
      `${outcome.url} serves no RSA signing key with a kid (MinIO needs RS256: give the provider a signing key)`,
    );
  }
  const count = kids.length === 1 ? "1 RSA signing key" : `${kids.length} RSA signing keys`;
  return ok("jwks", `${outcome.url} serves ${count} (kid ${kids.map(show).join(", ")})`);
}

export function discoverySection(input: DiscoveryInputs): ReportSection {
  const checks: Check[] = [discoveryCheck(input.discovery)];
  const doc = discoveryDocument(input.discovery);
  if (doc === undefined) {
    const why = "not checked (no discovery document)";
    checks.push(skip("issuer", why), skip("jwks_uri", why), skip("jwks", why));
  } else {
    const issuer = typeof doc.issuer === "string" ? show(doc.issuer) : "<missing>";
    checks.push(compare("issuer", show(input.issuerUrl), issuer, true));
    const jwksUri = documentUrl(doc, "jwks_uri");
    if (jwksUri === undefined) {
      checks.push(fail("jwks_uri", "the discovery document names no http(s) jwks_uri"));
      checks.push(skip("jwks", "not checked (no jwks_uri)"));
    } else {
      checks.push(ok("jwks_uri", show(jwksUri)));
      checks.push(input.jwks === undefined ? skip("jwks", "not fetched") : jwksCheck(input.jwks));
    }
  }
  return { title: `OIDC discovery: ${input.configUrl}`, checks };
}
