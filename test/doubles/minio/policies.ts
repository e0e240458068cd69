// Canned IAM policies: MinIO's built-ins (minio/pkg v3.1.3 policy/constants.go DefaultPolicies) plus stored
// ones, with the add-canned-policy checks of cmd/admin-handlers-users.go (AddCannedPolicy) and policy.ParseConfig
// (policy-parse.ts).
import { API_ERRORS, ApiError, withCause } from "./errors";
import { wildcardMatch } from "../../../lib/minio-policy-grammar";
import { type PolicyDoc, PolicyError, type Statement, parsePolicyConfig } from "./policy-parse";

export type { PolicyDoc, Statement };

const V = "2012-10-17";
const ALL = ["arn:aws:s3:::*"];

export const BUILTIN_POLICIES: Readonly<Record<string, PolicyDoc>> = {
  readwrite: { Version: V, Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: ALL }] },
  readonly: {
    Version: V,
    Statement: [{ Effect: "Allow", Action: ["s3:GetBucketLocation", "s3:GetObject"], Resource: ALL }],
  },
  writeonly: { Version: V, Statement: [{ Effect: "Allow", Action: ["s3:PutObject"], Resource: ALL }] },
  diagnostics: {
    Version: V,
    Statement: [
      {
        Effect: "Allow",
        Action: [
          "admin:BandwidthMonitor",
          "admin:ConsoleLog",
          "admin:OBDInfo",
          "admin:Profiling",
          "admin:Prometheus",
          "admin:ServerInfo",
          "admin:ServerTrace",
          "admin:TopLocksInfo",
        ],
        Resource: ALL,
      },
    ],
  },
  consoleAdmin: {
    Version: V,
    Statement: [
      { Effect: "Allow", Action: ["admin:*"] },
      { Effect: "Allow", Action: ["kms:*"] },
      { Effect: "Allow", Action: ["s3:*"], Resource: ALL },
    ],
  },
};

/** policy.ParseConfig on a request body; its errors become XMinioMalformedIAMPolicy (toAdminAPIErr). */
export function parsePolicyDocument(text: string): PolicyDoc {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    const c = text.trimStart()[0];
    const msg = c === undefined ? "EOF" : `invalid character '${c}' looking for beginning of value`;
    throw new ApiError(API_ERRORS.MalformedIAMPolicy, msg);
  }
  try {
    return parsePolicyConfig(raw);
  } catch (e) {
    if (e instanceof PolicyError) throw new ApiError(API_ERRORS.MalformedIAMPolicy, e.message);
    throw e;
  }
}

/**
 * InfoCannedPolicy and ListCannedPolicies json.Marshal the stored policy; Statement's "Action" has no omitempty and
 * ActionSet.MarshalJSON refuses an empty set, so a policy with a NotAction statement cannot be read back.
 */
export function marshalProblem(doc: PolicyDoc): string | undefined {
  if (doc.Statement.every((st) => (st.Action ?? []).length > 0)) return undefined;
  return "json: error calling MarshalJSON for type policy.ActionSet: empty actions not allowed";
}

/** AddCannedPolicy: ParseConfig, then a non-empty Version, then IAMStoreSys.SetPolicy's non-empty check. */
export function parseCannedPolicy(text: string): PolicyDoc {
  const doc = parsePolicyDocument(text);
  if (doc.Version === "") throw new ApiError(API_ERRORS.PolicyInvalidVersion);
  if (doc.Statement.length === 0) throw withCause(API_ERRORS.AdminInvalidArgument, "Invalid arguments specified");
  return doc;
}

function statementCovers(st: Statement, action: string): boolean {
  if (st.Action) return st.Action.some((a) => wildcardMatch(a, action));
  if (st.NotAction) return !st.NotAction.some((a) => wildcardMatch(a, action));
  return false;
}

export interface StoredPolicy {
  doc: PolicyDoc;
  created: Date;
  updated: Date;
}

export class PolicyStore {
  private readonly stored = new Map<string, StoredPolicy>();

  get(name: string): PolicyDoc | undefined {
    return this.stored.get(name)?.doc ?? BUILTIN_POLICIES[name];
  }

  info(name: string): StoredPolicy | undefined {
    const s = this.stored.get(name);
    if (s) return s;
    const b = BUILTIN_POLICIES[name];
    return b ? { doc: b, created: new Date(0), updated: new Date(0) } : undefined;
  }

  set(name: string, doc: PolicyDoc): void {
    const now = new Date();
    const prev = this.stored.get(name);
    this.stored.set(name, { doc, created: prev?.created ?? now, updated: now });
  }

  /** IAMSys.DeletePolicy: a built-in that is not overridden cannot be deleted; unknown names are ignored. */
  delete(name: string): void {
    if (name === "") throw withCause(API_ERRORS.AdminInvalidArgument, "Invalid arguments specified");
    if (BUILTIN_POLICIES[name] && !this.stored.has(name)) {
      throw withCause(API_ERRORS.InternalError, `inbuilt policy \`${name}\` not allowed to be deleted`);
    }
    this.stored.delete(name);
  }

  list(): Record<string, PolicyDoc> {
    const out: Record<string, PolicyDoc> = { ...BUILTIN_POLICIES };
    for (const [n, s] of this.stored) out[n] = s.doc;
    return out;
  }

  /** IAMSys.CurrentPolicies: the given names (in order) that exist. */
  existing(names: string[]): string[] {
    return names.filter((n) => n !== "" && this.get(n) !== undefined);
  }

  /** GetCombinedPolicy: statements of all named policies, duplicates dropped. */
  combined(names: string[]): PolicyDoc {
    const seen = new Set<string>();
    const out: PolicyDoc = { Version: "", Statement: [] };
    for (const n of names) {
      const d = this.get(n);
      if (!d) continue;
      if (out.Version === "") out.Version = d.Version;
      for (const st of d.Statement) {
        const key = JSON.stringify(st);
        if (!seen.has(key)) {
          seen.add(key);
          out.Statement.push(st);
        }
      }
    }
    return out;
  }

  /** Whether the named policies allow an action (Deny wins; conditions are not evaluated by the double). */
  allows(names: string[], action: string): boolean {
    const sts = this.combined(names).Statement;
    if (sts.some((st) => st.Effect === "Deny" && statementCovers(st, action))) return false;
    return sts.some((st) => st.Effect === "Allow" && statementCovers(st, action));
  }

  /** The DenyOnly check of AssumeRoleWithSSO, for unconditional Deny statements only. */
  deniesUnconditionally(names: string[], action: string): boolean {
    return this.combined(names).Statement.some(
      (st) => st.Effect === "Deny" && !st.Condition && statementCovers(st, action),
    );
  }
}
