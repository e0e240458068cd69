// STS of the MinIO double: AssumeRoleWithWebIdentity (AssumeRoleWithSSO) and AssumeRole, following
// minio/minio cmd/sts-handlers.go, cmd/sts-datatypes.go and internal/auth/credentials.go (7aac2a2).
import { createHash, createHmac, randomBytes } from "node:crypto";
import { ApiError, STS_ERRORS, StsError, xmlEscape } from "./errors";
import { DUMMY_ROLE_ARN, type LoadedOpenId } from "./openid-lookup";
import { parsePolicyDocument, type PolicyStore } from "./policies";
import type { Principal } from "./sigv4";
import { defaultExpirationSeconds, expToSeconds, validateWebIdentity, valuesFromClaims } from "./sts-validate";

export interface StsSession {
  kind: "AssumeRoleWithWebIdentity" | "AssumeRole";
  accessKey: string;
  secretKey: string;
  sessionToken: string;
  /** Expiry in ms since the epoch. */
  expiresAt: number;
  parentUser: string;
  /** Existing policies the credentials carry (claim mode: from the claim; role mode: from role_policy). */
  policies: string[];
  roleArn?: string;
  subject?: string;
  claims: Record<string, unknown>;
}

export interface StsEnv {
  iamReady(): boolean;
  openid(): LoadedOpenId | undefined;
  policies: PolicyStore;
  rootAccessKey: string;
  rootSecretKey: string;
  now(): number;
  sessions: Map<string, StsSession>;
}

export type Form = (key: string) => string;

const invalid = (msg: string) => new StsError(STS_ERRORS.InvalidParameterValue, msg);
const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

function newAccessKey(): string {
  const table = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  return [...randomBytes(20)].map((b) => table[b % table.length]).join("");
}

function newSecretKey(): string {
  return randomBytes(30).toString("base64").replace(/=+$/, "").replaceAll("/", "+");
}

/** auth.JWTSignWithAccessKey: an HS512 JWT over the claims (keys sorted, as Go marshals a map). */
function signSessionToken(claims: Record<string, unknown>, secret: string): string {
  const sorted = Object.fromEntries(Object.entries(claims).sort(([a], [b]) => (a < b ? -1 : 1)));
  const head = Buffer.from(JSON.stringify({ alg: "HS512", typ: "JWT" })).toString("base64url");
  const body = Buffer.from(JSON.stringify(sorted)).toString("base64url");
  const sig = createHmac("sha512", secret).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${sig}`;
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function credentialsXml(s: StsSession): string {
  return (
    `<Credentials><AccessKeyId>${s.accessKey}</AccessKeyId><SecretAccessKey>${xmlEscape(s.secretKey)}</SecretAccessKey>` +
    `<SessionToken>${s.sessionToken}</SessionToken><Expiration>${rfc3339(s.expiresAt)}</Expiration></Credentials>`
  );
}

/** claims.populateSessionPolicy. */
function addSessionPolicy(claims: Record<string, unknown>, form: Form): void {
  const text = form("Policy");
  if (text === "") return;
  let doc;
  try {
    doc = parsePolicyDocument(text);
  } catch (e) {
    throw invalid(e instanceof Error ? e.message : String(e));
  }
  if (doc.Version === "") throw invalid("Version cannot be empty expecting '2012-10-17'");
  const buf = JSON.stringify(doc);
  if (buf.length > 2048) throw invalid("Session policy should not exceed 2048 characters");
  claims.sessionPolicy = Buffer.from(buf).toString("base64");
}

function issue(
  env: StsEnv,
  claims: Record<string, unknown>,
  base: Omit<StsSession, "accessKey" | "secretKey" | "sessionToken" | "expiresAt" | "claims">,
): StsSession {
  const accessKey = newAccessKey();
  const expSec = expToSeconds(claims.exp);
  const tokenClaims = { ...claims, accessKey };
  return {
    ...base,
    accessKey,
    secretKey: newSecretKey(),
    sessionToken: signSessionToken(tokenClaims, env.rootSecretKey),
    expiresAt: expSec * 1000,
    claims: tokenClaims,
  };
}

function checkVersion(form: Form): void {
  if (form("Version") !== "2011-06-15") {
    throw new StsError(STS_ERRORS.MissingParameter, `Invalid STS API version ${form("Version")}, expecting 2011-06-15`);
  }
}

/** The role_policy map of the loaded providers (IAMSys.rolesMap). */
function rolePolicy(loaded: LoadedOpenId | undefined, arnStr: string): { arn: string; policy: string } {
  const parts = arnStr.split(":");
  if (parts.length !== 6 || parts[0] !== "arn") throw new Error("RoleARN parse err: invalid ARN string format");
  if (parts[1] !== "minio") throw new Error("RoleARN parse err: invalid ARN - bad partition field");
  if (parts[2] !== "iam") throw new Error("RoleARN parse err: invalid ARN - bad service field");
  if (parts[4] !== "") throw new Error("RoleARN parse err: invalid ARN - unsupported account-id field");
  for (const [arn, p] of loaded?.providers ?? []) {
    if (arn === arnStr && p.rolePolicy !== "") return { arn, policy: p.rolePolicy };
  }
  throw new Error(`RoleARN ${arnStr} is not defined.`);
}

function claimName(loaded: LoadedOpenId | undefined): string {
  const p = loaded?.providers.get(DUMMY_ROLE_ARN);
  return p ? p.claimPrefix + p.claimName : "";
}

/** AssumeRoleWithSSO for Action=AssumeRoleWithWebIdentity / AssumeRoleWithClientGrants. */
export async function assumeRoleWithWebIdentity(env: StsEnv, form: Form, requestId: string): Promise<string> {
  checkVersion(form);
  const action = form("Action");
  if (action !== "AssumeRoleWithWebIdentity" && action !== "AssumeRoleWithClientGrants") {
    throw invalid(`Unsupported action ${action}`);
  }
  const token = form("Token") || form("WebIdentityToken");
  const loaded = env.openid();
  let arn = DUMMY_ROLE_ARN;
  const roleArnStr = form("RoleArn");
  let roleMode = roleArnStr !== "";
  if (roleMode) {
    try {
      arn = rolePolicy(loaded, roleArnStr).arn;
    } catch (e) {
      if (claimName(loaded).trim() === "") throw invalid(`Error processing RoleArn parameter: ${(e as Error).message}`);
      roleMode = false;
    }
  }
  if (!env.iamReady() || !loaded) {
    throw new StsError(STS_ERRORS.IAMNotInitialized, "IAM sub-system is being initialized, please try again");
  }
  const now = env.now();
  const claims = await validateWebIdentity(
    loaded,
    arn,
    token,
    form("WebIdentityAccessToken"),
    form("DurationSeconds"),
    now,
  );

  let policyName = "";
  if (roleMode) {
    claims.roleArn = arn;
  } else {
    const name = claimName(loaded);
    const got = valuesFromClaims(claims, name);
    const requested = got.values.join(",");
    if (!got.ok) throw invalid(`${name} claim missing from the JWT token, credentials will not be generated`);
    policyName = env.policies.existing(got.values).join(",");
    if (policyName === "") {
      throw invalid(`None of the given policies (\`${requested}\`) are defined, credentials will not be generated`);
    }
    claims[name] = policyName;
  }
  if (form("TokenRevokeType") !== "") claims.tokenRevokeType = form("TokenRevokeType");
  addSessionPolicy(claims, form);

  const sub = typeof claims.sub === "string" ? claims.sub : "";
  const iss = typeof claims.iss === "string" ? claims.iss : "";
  const session = issue(env, claims, {
    kind: "AssumeRoleWithWebIdentity",
    parentUser: createHash("sha256").update(`openid:${sub}:${iss}`).digest("base64url"),
    policies: [],
    roleArn: roleMode ? arn : undefined,
    subject: sub,
  });
  if (sub === "") throw invalid("STS JWT Token has `sub` claim missing, `sub` claim is mandatory");

  let effective = policyName;
  if (effective === "") {
    const rp = rolePolicy(loaded, roleArnStr).policy;
    if (env.policies.existing(rp.split(",").map((x) => x.trim())).length === 0) {
      throw invalid(`None of the given policies (\`${rp}\`) are defined, credentials will not be generated`);
    }
    effective = rp;
  }
  session.policies = env.policies.existing(effective.split(",").map((x) => x.trim()));
  if (env.policies.deniesUnconditionally(session.policies, "sts:AssumeRoleWithWebIdentity")) {
    throw new StsError(STS_ERRORS.AccessDenied, "this user does not have enough permission");
  }
  env.sessions.set(session.accessKey, session);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<AssumeRoleWithWebIdentityResponse xmlns="${STS_NS}"><AssumeRoleWithWebIdentityResult>` +
    `<AssumedRoleUser><Arn></Arn><AssumeRoleId></AssumeRoleId></AssumedRoleUser>${credentialsXml(session)}` +
    `<SubjectFromWebIdentityToken>${xmlEscape(sub)}</SubjectFromWebIdentityToken></AssumeRoleWithWebIdentityResult>` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleWithWebIdentityResponse>`
  );
}

/** AssumeRole with SigV4-signed (service "sts") long-term credentials; auth is the signature check's outcome. */
export function assumeRole(env: StsEnv, form: Form, auth: Principal | ApiError, requestId: string): string {
  checkVersion(form);
  if (form("Action") !== "AssumeRole") throw invalid(`Unsupported action ${form("Action")}`);
  if (auth instanceof ApiError) throw new StsError(STS_ERRORS.AccessDenied, auth.message);
  if (auth.sessionToken !== undefined) throw new StsError(STS_ERRORS.AccessDenied, "Access Denied.");
  const claims: Record<string, unknown> = {};
  addSessionPolicy(claims, form);
  claims.exp = Math.floor(env.now() / 1000) + defaultExpirationSeconds(form("DurationSeconds"));
  claims.parent = auth.accessKey;
  if (form("TokenRevokeType") !== "") claims.tokenRevokeType = form("TokenRevokeType");
  const session = issue(env, claims, { kind: "AssumeRole", parentUser: auth.accessKey, policies: ["consoleAdmin"] });
  env.sessions.set(session.accessKey, session);
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<AssumeRoleResponse xmlns="${STS_NS}"><AssumeRoleResult>` +
    `<AssumedRoleUser><Arn></Arn><AssumeRoleId></AssumeRoleId></AssumedRoleUser>${credentialsXml(session)}` +
    `</AssumeRoleResult><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></AssumeRoleResponse>`
  );
}
