/**
 * Checks one customPolicies document against MinIO's IAM policy grammar, so that a document MinIO would refuse is
 * refused at preview. Rules, from github.com/minio/pkg v3.1.3 unless noted:
 * - policy/policy.go ParseConfig / Policy.isValid: Version "2012-10-17" (AddCannedPolicy in minio/minio
 *   cmd/admin-handlers-users.go also refuses an empty one); IAMStoreSys.SetPolicy refuses a policy without statements.
 * - policy/statement.go Statement.isValid: Effect Allow|Deny; Action required; the statement's kind (admin, STS, KMS,
 *   S3) comes from its actions and every action must be of that kind; S3 statements need Resource or NotResource
 *   (not both) of S3 type; KMS statements take only KMS resources; condition keys must suit every action.
 * - policy/actionset.go: value shapes. Resources: lib/policy-resource.ts; conditions: lib/policy-condition.ts.
 * - AddCannedPolicy: a body over 20 KiB is refused.
 * Stricter than MinIO, each for the reason given in its message: keys are spelled exactly (Go's JSON decoding matches
 * them case-insensitively), and unknown keys, Principal and NotAction are refused (MinIO drops the first two silently;
 * a NotAction statement is stored but cannot be read back). Pure module.
 */
import { quote } from "./config-rules";
import { conditionProblems, type Problem } from "./policy-condition";
import { RESOURCE_FIX, resourceProblems } from "./policy-resource";
import {
  ADMIN_ACTIONS,
  ADMIN_KEYS,
  KMS_ACTIONS,
  S3_ACTIONS,
  STS_ACTIONS,
  type ActionKind,
  MAX_POLICY_BYTES,
  STS_KEYS,
  actionOfKind,
  kindsOf,
  s3ActionKeys,
  statementKind,
} from "./minio-policy-grammar";

/** A problem in a policy document; `statement` is 1-based, undefined for the document itself. No fix: the default. */
export interface DocumentProblem {
  readonly message: string;
  readonly fix?: string;
  readonly statement?: number;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const present = (v: unknown) => v !== undefined && v !== null;

const KIND_NAME: Record<ActionKind, string> = { admin: "admin", sts: "STS", kms: "KMS", s3: "S3" };
const ACTION_FIX =
  "use MinIO's action names, e.g. s3:GetObject, s3:PutObject, s3:ListBucket, or a wildcard such as s3:Get*";

/**
 * The map with its keys in their one accepted spelling. A key that differs only in case is reported and read as the
 * canonical one; other unknown keys are reported (by `unknown`) and left out.
 */
function canonicalKeys(
  map: Record<string, unknown>,
  allowed: readonly string[],
  unknown: (key: string) => Problem,
): { view: Record<string, unknown>; problems: Problem[] } {
  const view: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const [key, value] of Object.entries(map)) {
    const canonical = allowed.find((a) => a.toLowerCase() === key.toLowerCase());
    if (canonical === key) view[key] = value;
    else if (canonical !== undefined) {
      problems.push({
        message: `the key ${quote(key)} must be written ${quote(canonical)} (MinIO matches keys case-insensitively, so two spellings would silently replace each other).`,
        fix: `rename ${quote(key)} to ${quote(canonical)}`,
      });
      if (!(canonical in map)) view[canonical] = value;
    } else problems.push(unknown(key));
  }
  return { view, problems };
}

/** ActionSet.UnmarshalJSON: one action or a non-empty list (MinIO turns non-strings into names it then refuses). */
function actionList(raw: unknown): string[] | undefined {
  if (typeof raw === "string") return [raw];
  if (Array.isArray(raw) && raw.length > 0 && raw.every((a) => typeof a === "string")) return [...new Set(raw)];
  return undefined;
}

function actionProblems(actions: string[], kind: ActionKind): Problem[] {
  return actions.flatMap((action): Problem[] => {
    if (actionOfKind(kind, action)) return [];
    const other = kindsOf(action)[0];
    if (other !== undefined) {
      return [
        {
          message: `${KIND_NAME[kind]} actions and the ${KIND_NAME[other]} action ${quote(action)} are mixed; MinIO takes one kind of action (admin, KMS, STS or S3) per statement.`,
          fix: `move ${quote(action)} to a statement of its own`,
        },
      ];
    }
    const family = action.startsWith("admin:") ? "admin" : action.startsWith("kms:") ? "KMS" : undefined;
    if (family !== undefined) {
      return [
        {
          message: `${quote(action)} is not a MinIO ${family} action (MinIO matches ${family} actions exactly; the only wildcard is "${family.toLowerCase()}:*").`,
          fix: `use one of MinIO's ${family} actions, or "${family.toLowerCase()}:*"`,
        },
      ];
    }
    const known = [...S3_ACTIONS, ...ADMIN_ACTIONS, ...KMS_ACTIONS, ...STS_ACTIONS];
    const hint = known.find((a) => a.toLowerCase() === action.toLowerCase());
    const suggestion = hint === undefined ? "" : ` (did you mean ${quote(hint)}?)`;
    return [{ message: `${quote(action)} matches no MinIO S3 action${suggestion}.`, fix: ACTION_FIX }];
  });
}

/** Statement.isValid's per-action condition-key check (KMS statements skip it). */
function conditionKeyProblems(kind: ActionKind, actions: string[], keys: string[]): Problem[] {
  const problems: Problem[] = [];
  for (const key of new Set(keys.map((k) => k.split("/")[0]))) {
    if (kind === "admin" && !ADMIN_KEYS.includes(key)) {
      problems.push({
        message: `condition key ${quote(key)} does not apply to admin actions.`,
        fix: `use one of ${ADMIN_KEYS.join(", ")}`,
      });
    } else if (kind === "sts" && !STS_KEYS.includes(key)) {
      problems.push({
        message: `condition key ${quote(key)} does not apply to STS actions.`,
        fix: 'use "sts:DurationSeconds"',
      });
    } else if (kind === "s3") {
      for (const action of actions.filter((a) => actionOfKind("s3", a) && !s3ActionKeys(a).has(key))) {
        problems.push({
          message: `condition key ${quote(key)} does not apply to the action ${quote(action)}.`,
          fix: `move ${quote(action)} to a statement without that condition, or use an action that supports the key`,
        });
      }
    }
  }
  return problems;
}

const STATEMENT_KEYS = ["Sid", "Effect", "Action", "Resource", "NotResource", "Condition"];

function statementProblems(st: Record<string, unknown>): Problem[] {
  const { view, problems } = canonicalKeys(
    st,
    [...STATEMENT_KEYS, "Principal", "NotPrincipal", "NotAction"],
    (key) => ({
      message: `the key ${quote(key)} is unknown, and MinIO would silently drop it (a statement takes ${STATEMENT_KEYS.map(quote).join(", ")}).`,
      fix: `remove ${quote(key)}, or correct its spelling`,
    }),
  );
  for (const key of ["Principal", "NotPrincipal"].filter((k) => k in view)) {
    problems.push({
      message: `${quote(key)} has no effect here: MinIO ignores it in an IAM policy (it belongs in bucket policies), so the statement would apply to everyone given the policy.`,
      fix: `remove ${quote(key)}; to limit who gets the policy, map it only to the right groups (groupPolicies)`,
    });
  }
  if ("NotAction" in view) {
    problems.push({
      message: `"NotAction" cannot be used: MinIO stores such a statement but then cannot read the policy back ("empty actions not allowed"), so creating the policy fails.`,
      fix: 'list the actions under "Action" instead (add a Deny statement for exceptions)',
    });
  }
  if (present(view.Sid) && typeof view.Sid !== "string") {
    problems.push({ message: '"Sid" must be a string.', fix: 'make "Sid" a string, or remove it' });
  }
  if (view.Effect !== "Allow" && view.Effect !== "Deny") {
    const now = view.Effect === undefined ? "missing" : `${JSON.stringify(view.Effect)}`;
    problems.push({
      message: `"Effect" must be "Allow" or "Deny" (it is ${now}).`,
      fix: "set Effect: Allow or Effect: Deny",
    });
  }
  const actions = actionList(view.Action);
  if (actions === undefined) {
    if (!("NotAction" in view) || present(view.Action)) {
      problems.push({
        message: '"Action" must be an action or a non-empty list of actions.',
        fix: `set Action: [s3:GetObject] or similar; ${ACTION_FIX}`,
      });
    }
    return problems;
  }
  const kind = statementKind(actions);
  problems.push(...actionProblems(actions, kind));
  const resource = resourceProblems("Resource", view.Resource, kind);
  const notResource = resourceProblems("NotResource", view.NotResource, kind);
  problems.push(...resource.problems, ...notResource.problems);
  if (
    kind === "s3" &&
    resource.count === 0 &&
    notResource.count === 0 &&
    resource.problems.length + notResource.problems.length === 0
  ) {
    problems.push({
      message: 'S3 actions need a "Resource", and there is none.',
      fix: `add Resource; ${RESOURCE_FIX}`,
    });
  }
  if (kind === "s3" && resource.count > 0 && notResource.count > 0) {
    problems.push({
      message: '"Resource" and "NotResource" are both set; MinIO takes one of them.',
      fix: 'keep only one of "Resource" and "NotResource"',
    });
  }
  if ("Condition" in view) {
    const condition = conditionProblems(view.Condition);
    problems.push(...condition.problems);
    if (kind !== "kms") problems.push(...conditionKeyProblems(kind, actions, condition.keys));
  }
  return problems;
}

const DOC_KEYS = ["ID", "Version", "Statement"];

/** Every problem of one policy document (a YAML map). */
export function policyDocumentProblems(doc: Record<string, unknown>): DocumentProblem[] {
  const { view, problems } = canonicalKeys(doc, DOC_KEYS, (key) => ({
    message: `the key ${quote(key)} is unknown, and MinIO would silently drop it (a policy takes "ID", "Version", "Statement").`,
    fix: `remove ${quote(key)}, or correct its spelling`,
  }));
  const out: DocumentProblem[] = [...problems];
  if (present(view.ID) && typeof view.ID !== "string") {
    out.push({ message: '"ID" must be a string.', fix: 'make "ID" a string, or remove it' });
  }
  if (view.Version !== "2012-10-17") out.push({ message: '"Version" must be "2012-10-17".' });
  const statements = view.Statement;
  if (!Array.isArray(statements) || statements.length === 0) {
    out.push({ message: '"Statement" must be a non-empty list.' });
  } else {
    statements.forEach((st: unknown, i) => {
      if (!isMap(st)) {
        out.push({ statement: i + 1, message: "the statement must be a YAML map (Effect, Action, Resource, ...)." });
      } else for (const p of statementProblems(st)) out.push({ statement: i + 1, ...p });
    });
  }
  const bytes = new TextEncoder().encode(JSON.stringify(doc)).length;
  if (bytes > MAX_POLICY_BYTES) {
    out.push({
      message: `the document is ${bytes} bytes as JSON; MinIO accepts at most ${MAX_POLICY_BYTES} bytes per policy.`,
      fix: "split its statements over several policies and list them all where this one is used",
    });
  }
  return out;
}
