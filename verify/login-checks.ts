// Check 3 (optional): a service account logs in with client_credentials (username + app password) at authentik's
// token endpoint, and MinIO STS AssumeRoleWithWebIdentity accepts the id_token. Pure: takes the HTTP outcomes.
//
// MinIO reads the policy claim as a string, a comma-separated string or a list of strings, drops policies it
// does not have, and puts the remaining names, comma-joined, into the session token's claim of the same name
// (minio.md §4.2, §4.4). Tokens and credentials are never printed.
import { compare, fail, ok, skip, show, type Check, type ReportSection } from "./report";
import { documentUrl } from "./oidc-checks";
import { describeFailure, jsonObject, jwtPayload, xmlText, type HttpOutcome } from "./outcome";

export interface LoginInputs {
  user: string;
  /** The claim MinIO reads policies from (identity_openid claim_name). */
  claimName: string;
  /** Expected policy names (sorted), when --expect-policy was given. */
  expected?: readonly string[];
  /** The discovery document's token_endpoint; undefined when there is none (the login is then not tried). */
  tokenEndpoint?: string;
  /** Why no token endpoint is known (e.g. no discovery document). */
  noEndpointReason?: string;
  token?: HttpOutcome;
  sts?: HttpOutcome;
}

/**
 * Where the login may send the app password: the discovery document's token_endpoint, only when it is on the same
 * origin as the discovery URL the stack declares (authentik builds every endpoint from the request's host).
 */
export function loginEndpoint(
  doc: Record<string, unknown> | undefined,
  configUrl: string,
): { url: string } | { reason: string } {
  if (doc === undefined) return { reason: "not tried (no discovery document)" };
  const url = documentUrl(doc, "token_endpoint");
  if (url === undefined) return { reason: "the discovery document names no http(s) token_endpoint" };
  const origin = new URL(configUrl).origin;
  if (new URL(url).origin !== origin) {
    return {
      reason: `not tried: the token_endpoint ${url} is not on ${origin}, so the app password is not sent there`,
    };
  }
  return { url };
}

/** The id_token of a successful token answer. */
export function idTokenOf(outcome: HttpOutcome | undefined): string | undefined {
  if (outcome === undefined || "error" in outcome || outcome.status !== 200) return undefined;
  const token = jsonObject(outcome)?.id_token;
  return typeof token === "string" && token !== "" ? token : undefined;
}

/** Policy names from a claim value as MinIO reads it; sorted, without duplicates. Undefined for other shapes. */
export function policyNames(value: unknown): string[] | undefined {
  let names: string[];
  if (typeof value === "string") names = value.split(",");
  else if (Array.isArray(value) && value.every((v) => typeof v === "string")) names = value as string[];
  else return undefined;
  return [...new Set(names.map((n) => n.trim()).filter((n) => n !== ""))].sort();
}

function list(names: readonly string[]): string {
  return `[${names.map(show).join(", ")}]`;
}

function tokenCheck(input: LoginInputs): Check {
  const as = `client_credentials as ${show(input.user)}`;
  if (input.tokenEndpoint === undefined)
    return fail("login", `${as}: ${input.noEndpointReason ?? "no token endpoint"}`);
  const outcome = input.token;
  if (outcome === undefined) return skip("login", `${as}: not tried`);
  if (!("error" in outcome) && outcome.status === 200) {
    return idTokenOf(outcome) === undefined
      ? fail("login", `${as}: ${outcome.url} answered without an id_token`)
      : ok("login", `${as} at ${outcome.url}: id_token issued`);
  }
  const body = jsonObject(outcome);
  const error = typeof body?.error === "string" ? body.error : "";
  const description = typeof body?.error_description === "string" ? ` (${body.error_description})` : "";
  return fail("login", `${as}: ${describeFailure(outcome, `${error}${description}`.trim())}`);
}

function claimCheck(input: LoginInputs, idToken: string): Check {
  const name = `${input.claimName} claim`;
  const payload = jwtPayload(idToken);
  const claim = payload === undefined ? undefined : payload[input.claimName];
  const names = policyNames(claim);
  const actual =
    payload === undefined
      ? "<id_token is not a readable JWT>"
      : claim === undefined
        ? "<no claim>"
        : names === undefined
          ? "<not a string or list of strings>"
          : list(names);
  if (input.expected === undefined) {
    return names === undefined ? fail(name, actual) : ok(name, `${actual} (no --expect-policy given)`);
  }
  return compare(name, list(input.expected), actual, true);
}

function stsCheck(input: LoginInputs, outcome: HttpOutcome | undefined): Check {
  if (outcome === undefined) return skip("sts", "not tried");
  if ("error" in outcome) return fail("sts", describeFailure(outcome));
  const call = `AssumeRoleWithWebIdentity at ${outcome.url}`;
  if (outcome.status !== 200 || xmlText(outcome.body, "AccessKeyId") === undefined) {
    const code = xmlText(outcome.body, "Code");
    const message = xmlText(outcome.body, "Message");
    const why = [code, message].filter((s) => s !== undefined && s !== "").join(": ");
    return fail("sts", `${call} rejected the id_token: HTTP ${outcome.status}${why === "" ? "" : ` ${why}`}`);
  }
  const session = jwtPayload(xmlText(outcome.body, "SessionToken") ?? "");
  const granted = session === undefined ? undefined : policyNames(session[input.claimName]);
  if (granted === undefined) return ok("sts", `${call} returned credentials`);
  const text = `${call} returned credentials with the policies ${list(granted)}`;
  if (input.expected !== undefined && list(granted) !== list(input.expected)) {
    return fail("sts", `${text}, expected ${list(input.expected)}`);
  }
  return ok("sts", text);
}

export function loginSection(input: LoginInputs): ReportSection {
  const title = `Login: client_credentials as ${show(input.user)}, then MinIO STS`;
  const checks: Check[] = [tokenCheck(input)];
  const idToken = idTokenOf(input.token);
  if (idToken === undefined) {
    checks.push(skip(`${input.claimName} claim`, "not checked (no id_token)"), skip("sts", "not tried (no id_token)"));
  } else {
    checks.push(claimCheck(input, idToken), stsCheck(input, input.sts));
  }
  return { title, checks };
}
