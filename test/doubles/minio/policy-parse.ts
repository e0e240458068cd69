// policy.ParseConfig of github.com/minio/pkg v3.1.3 (the version minio/minio 7aac2a2 pins), for the double:
// - policy.go: ParseConfig sets DisallowUnknownFields, but Policy has its own UnmarshalJSON that calls json.Unmarshal
//   again, so unknown keys (Principal included) are silently dropped; Go matches keys case-insensitively, last wins.
//   UnmarshalJSON then drops duplicate statements (Statement.Equals ignores Sid). isValid: Version "" or 2012-10-17.
// - statement.go Statement.isValid; actionset.go (ActionSet.UnmarshalJSON: "empty actions not allowed");
//   resourceset.go / resource.go (parseResource, ValidateS3, ValidateKMS, Resource.IsValid);
//   conditions in policy-condition.ts.
// The action and key tables (lib/minio-policy-grammar.ts) and Go's value parsers (lib/go-parse.ts) are shared with
// the config check; the rules below are written independently, in MinIO's order and with MinIO's messages.
import {
  ADMIN_ACTIONS,
  ADMIN_KEYS,
  KMS_ACTIONS,
  STS_ACTIONS,
  STS_KEYS,
  isS3Action,
  s3ActionKeys,
} from "../../../lib/minio-policy-grammar";
import { PolicyError, conditionKeys, fail, goType, isMap } from "./policy-condition";

export { PolicyError };

export interface Statement {
  Sid?: string;
  Effect: string;
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Condition?: Record<string, unknown>;
}
export interface PolicyDoc {
  Version: string;
  Statement: Statement[];
  ID?: string;
}

/** Go's struct decoding: fields matched case-insensitively (last one wins), unknown keys ignored. */
function fields(raw: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const f = names.find((n) => n.toLowerCase() === k.toLowerCase());
    if (f !== undefined) out[f] = v;
  }
  return out;
}

function goString(v: unknown, field: string): string {
  if (v === undefined || v === null) return "";
  if (typeof v !== "string") fail(`json: cannot unmarshal ${goType(v)} into Go struct field ${field} of type string`);
  return v as string;
}

/** set.StringSet.UnmarshalJSON: a list or one value, each formatted with %v. */
function stringSet(v: unknown): string[] {
  const fmt = (x: unknown) => (typeof x === "string" ? x : x === null ? "<nil>" : JSON.stringify(x));
  if (v === null) return [];
  return [...new Set((Array.isArray(v) ? v : [v]).map(fmt))];
}

function actionSet(v: unknown): string[] {
  const set = stringSet(v);
  if (set.length === 0) fail("empty actions not allowed");
  return set;
}

type Res = { type: "s3" | "kms" | "all"; pattern: string; text: string };
const PREFIX = { s3: "arn:aws:s3:::", kms: "arn:minio:kms:::", all: "*" } as const;

function parseResource(s: string): Res {
  let r: Res | undefined;
  for (const [type, prefix] of Object.entries(PREFIX) as [Res["type"], string][]) {
    if (s === prefix) r = { type: "all", pattern: prefix, text: s };
    else if (r === undefined && s.startsWith(prefix)) r = { type, pattern: s.slice(prefix.length), text: s };
  }
  if (r === undefined) return fail(`invalid resource '${s}'`);
  if (r.pattern.startsWith("/")) fail(`invalid resource '${s}' - starts with '/' will not match a bucket`);
  return r;
}

function resourceSet(v: unknown): Res[] {
  const out: Res[] = [];
  for (const s of stringSet(v).sort()) {
    const r = parseResource(s);
    if (out.some((o) => o.type === r.type && o.pattern === r.pattern)) fail(`duplicate resource '${s}' found`);
    out.push(r);
  }
  return out;
}

/** Resource.IsValid, as ValidateS3 / ValidateKMS call it ("all" resources count as both S3 and KMS). */
function validateResources(rs: Res[], kind: "s3" | "kms"): void {
  for (const r of rs) {
    if (r.type !== kind && r.type !== "all")
      fail(`resource '${PREFIX[r.type]}${r.pattern}' type is not ${kind.toUpperCase()}`);
    if ((r.type !== "s3" && /[/\\.]/.test(r.pattern)) || r.pattern === "") fail("invalid resource");
  }
}

const unsupportedKeys = (keys: string[], allowed: ReadonlySet<string> | readonly string[], action: string) => {
  const diff = [...new Set(keys)].filter((k) => ![...allowed].includes(k.split("/")[0]));
  if (diff.length > 0) fail(`unsupported condition keys '[${diff.join(" ")}]' used for action '${action}'`);
};

/** Statement.isValid. */
function validate(st: Statement, res: Res[], notRes: Res[], keys: string[]): void {
  if (st.Effect !== "Allow" && st.Effect !== "Deny") fail(`invalid Effect ${st.Effect}`);
  const actions = st.Action ?? [];
  if (actions.length === 0 && (st.NotAction ?? []).length === 0) fail("Action must not be empty");
  if (actions.length > 0 && (st.NotAction ?? []).length > 0)
    fail("Action and NotAction cannot be specified in the same statement");
  const families: [string, readonly string[], readonly string[] | undefined][] = [
    ["admin", ADMIN_ACTIONS, ADMIN_KEYS],
    ["STS", STS_ACTIONS, STS_KEYS],
    ["KMS", KMS_ACTIONS, undefined],
  ];
  for (const [label, known, allowedKeys] of families) {
    if (!actions.some((a) => known.includes(a))) continue;
    for (const a of actions) if (!known.includes(a)) fail(`unsupported ${label} action '${a}'`);
    if (allowedKeys !== undefined) for (const a of actions) unsupportedKeys(keys, allowedKeys, a);
    if (label === "KMS") validateResources([...res, ...notRes], "kms");
    return;
  }
  if (res.length === 0 && notRes.length === 0) fail("Resource must not be empty");
  if (res.length > 0 && notRes.length > 0) fail("Resource and NotResource cannot be specified in the same statement");
  validateResources([...res, ...notRes], "s3");
  for (const a of actions) if (!isS3Action(a)) fail(`unsupported action '${a}'`);
  for (const a of actions) unsupportedKeys(keys, s3ActionKeys(a), a);
}

const STATEMENT_FIELDS = ["Sid", "Effect", "Action", "NotAction", "Resource", "NotResource", "Condition"];

function parseStatement(raw: unknown): { st: Statement; check: () => void } {
  if (raw !== null && !isMap(raw))
    fail(`json: cannot unmarshal ${goType(raw)} into Go struct field Policy.Statement of type policy.Statement`);
  const f = fields((raw ?? {}) as Record<string, unknown>, STATEMENT_FIELDS);
  const st: Statement = { Effect: goString(f.Effect, "Statement.Effect") };
  const sid = goString(f.Sid, "Statement.Sid");
  if (sid !== "") st.Sid = sid;
  if ("Action" in f) st.Action = actionSet(f.Action);
  if ("NotAction" in f) st.NotAction = actionSet(f.NotAction);
  const res = "Resource" in f ? resourceSet(f.Resource) : [];
  const notRes = "NotResource" in f ? resourceSet(f.NotResource) : [];
  if (res.length > 0) st.Resource = res.map((r) => r.text);
  if (notRes.length > 0) st.NotResource = notRes.map((r) => r.text);
  const keys = "Condition" in f ? conditionKeys(f.Condition) : [];
  if ("Condition" in f && isMap(f.Condition)) st.Condition = f.Condition;
  return { st, check: () => validate(st, res, notRes, keys) };
}

/** Statement.Equals: everything but Sid, sets compared as sets. */
function sameStatement(a: Statement, b: Statement): boolean {
  const key = (s: Statement) =>
    JSON.stringify([
      s.Effect,
      ...[s.Action, s.NotAction, s.Resource, s.NotResource].map((l) => [...(l ?? [])].sort()),
      s.Condition ?? null,
    ]);
  return key(a) === key(b);
}

/** policy.ParseConfig: decoding (with its unmarshal errors), duplicate statements dropped, then Validate. */
export function parsePolicyConfig(raw: unknown): PolicyDoc {
  if (!isMap(raw)) return fail(`json: cannot unmarshal ${goType(raw)} into Go value of type policy.Policy`);
  const f = fields(raw, ["ID", "Version", "Statement"]);
  const doc: PolicyDoc = { Version: goString(f.Version, "Policy.Version"), Statement: [] };
  const id = goString(f.ID, "Policy.ID");
  if (id !== "") doc.ID = id;
  if (f.Statement !== undefined && f.Statement !== null && !Array.isArray(f.Statement)) {
    fail(
      `json: cannot unmarshal ${goType(f.Statement)} into Go struct field Policy.Statement of type []policy.Statement`,
    );
  }
  const parsed = ((f.Statement ?? []) as unknown[]).map(parseStatement);
  const kept = parsed.filter((p, i) => !parsed.slice(0, i).some((q) => sameStatement(q.st, p.st)));
  if (doc.Version !== "2012-10-17" && doc.Version !== "") fail(`invalid version '${doc.Version}'`);
  for (const p of kept) p.check();
  doc.Statement = kept.map((p) => p.st);
  return doc;
}
