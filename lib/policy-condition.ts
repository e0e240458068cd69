/**
 * Checks a statement's "Condition" as MinIO parses it: github.com/minio/pkg v3.1.3 policy/condition (func.go
 * Functions.UnmarshalJSON, name.go parseName, key.go parseKey, valueset.go / value.go ValueSet.UnmarshalJSON, and
 * the constructors in stringfunc.go, ipaddrfunc.go, nullfunc.go, boolfunc.go, numericfunc.go, datefunc.go).
 * Pure module.
 */
import { quote } from "./config-rules";

/** A JSON value as echoed in a message: strings quoted with every hidden character escaped. */
const shown = (value: unknown): string => (typeof value === "string" ? quote(value) : JSON.stringify(value));
import {
  goAtoiOk,
  goBase64Decode,
  goBase64Ok,
  goBucketNameOk,
  goCidrOk,
  goIntOk,
  goParseBool,
  goRfc3339Ok,
} from "./go-parse";
import { ALL_KEYS, CONDITION_OPERATORS, type OperatorKind, operatorKind } from "./minio-policy-grammar";

/** One problem: what is wrong (after "statement N: ") and how to fix it. */
export interface Problem {
  readonly message: string;
  readonly fix: string;
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const CONDITION_FIX = `write it as a map of operators to {key: values}, e.g. Condition: {StringLike: {"s3:prefix": ["home/*"]}}`;
const OPERATORS = Object.values(CONDITION_OPERATORS).flat().join(", ");
const KEY_FIX = "use a condition key MinIO knows, e.g. aws:SourceIp, aws:username, s3:prefix, jwt:groups";

/** A value as Go's condition.Value holds it: bool, int or string (JSON null decodes as false). */
type Value = { t: "bool"; v: boolean } | { t: "int"; v: number } | { t: "string"; v: string };

function toValue(raw: unknown): Value | undefined {
  if (raw === null) return { t: "bool", v: false };
  if (typeof raw === "boolean") return { t: "bool", v: raw };
  if (typeof raw === "number") return goIntOk(raw) ? { t: "int", v: raw } : undefined;
  if (typeof raw === "string") return { t: "string", v: raw };
  return undefined;
}

/** ValueSet.UnmarshalJSON: one value, or a non-empty list of distinct values. */
function valueSet(raw: unknown, where: string): { values: Value[] } | { problem: Problem } {
  const shapeFix = "give one value or a non-empty list of values (strings, whole numbers or booleans)";
  const one = Array.isArray(raw) ? undefined : toValue(raw);
  if (one !== undefined) return { values: [one] };
  if (!Array.isArray(raw) || raw.length === 0) {
    return { problem: { message: `${where} must be a value or a non-empty list of values.`, fix: shapeFix } };
  }
  const values: Value[] = [];
  for (const item of raw) {
    const v = toValue(item);
    if (v === undefined) {
      return {
        problem: {
          message: `${where} holds ${shown(item)}, which is not a string, whole number or boolean.`,
          fix: shapeFix,
        },
      };
    }
    if (values.some((w) => w.t === v.t && w.v === v.v)) {
      return {
        problem: { message: `${where} list the value ${shown(item)} twice.`, fix: "list each value once" },
      };
    }
    values.push(v);
  }
  return { values };
}

/** validateStringValues: per-key rules on string values (the header rules only for the non-Like operators). */
function stringValueProblem(base: string, key: string, s: string, where: string): Problem | undefined {
  if (key === "s3:x-amz-copy-source") {
    const slash = s.replace(/^\//, "").indexOf("/");
    const path = s.replace(/^\//, "");
    if (slash < 1 || slash === path.length - 1 || !goBucketNameOk(path.slice(0, slash))) {
      return {
        message: `${where}: ${quote(s)} is not BUCKET/OBJECT with a valid bucket name.`,
        fix: 'write it as "bucket/object-or-pattern" (bucket: 3-63 letters, digits, ".", "-", "_" or ":")',
      };
    }
  }
  if (base === "StringLike" || base === "StringNotLike") return undefined;
  const allowed: Record<string, readonly string[]> = {
    "s3:x-amz-server-side-encryption-customer-algorithm": ["AES256"],
    "s3:x-amz-server-side-encryption": ["AES256", "aws:kms"],
    "s3:x-amz-metadata-directive": ["COPY", "REPLACE"],
  };
  const list = allowed[key];
  if (list !== undefined && !list.includes(s)) {
    return { message: `${where}: ${quote(s)} is not one of ${list.join(", ")}.`, fix: `use ${list.join(" or ")}` };
  }
  if (key === "s3:x-amz-content-sha256" && s === "") {
    return { message: `${where} must not be empty.`, fix: "give the expected SHA-256 hex digest" };
  }
  return undefined;
}

/** The operator's constructor (newStringFunc, newIPAddressFunc, newNullFunc, ...): its rules on key and values. */
function operatorProblems(kind: OperatorKind, base: string, key: string, values: Value[], where: string): Problem[] {
  const keyName = key.split("/")[0];
  const single = (what: string, ok: (v: Value) => boolean, fix: string): Problem[] => {
    if (values.length !== 1) return [{ message: `${where} must be one value, not ${values.length}.`, fix: "keep one" }];
    return ok(values[0]) ? [] : [{ message: `${where} must be ${what}.`, fix }];
  };
  const boolLike = (v: Value) => v.t === "bool" || (v.t === "string" && goParseBool(v.v) !== undefined);
  switch (kind) {
    case "string":
    case "binary": {
      if (values.some((v) => v.t !== "string")) {
        return [{ message: `${where} must be strings.`, fix: "quote the values" }];
      }
      const strings = values.map((v) => v.v as string);
      if (kind === "binary" && !strings.every(goBase64Ok)) {
        return [
          { message: `${where} must be base64 (standard alphabet, padded).`, fix: "encode the values in base64" },
        ];
      }
      const decoded = kind === "binary" ? strings.map(goBase64Decode) : strings;
      return decoded.flatMap((s) => stringValueProblem(base, keyName, s, where) ?? []);
    }
    case "ip": {
      const problems: Problem[] = [];
      if (keyName !== "aws:SourceIp") {
        problems.push({
          message: `${quote(base)} works only with the key "aws:SourceIp", not ${quote(key)}.`,
          fix: "use aws:SourceIp",
        });
      }
      const bad = values.find((v) => v.t !== "string" || !goCidrOk(v.v.includes("/") ? v.v : `${v.v}/32`));
      if (bad !== undefined) {
        problems.push({
          message: `${where}: ${shown(bad.v)} is not an IP address or CIDR range.`,
          fix: 'write e.g. "10.0.0.0/8" or "192.0.2.7"',
        });
      }
      return problems;
    }
    case "null":
      return single("true or false", boolLike, "use true (the key must be absent) or false (present)");
    case "bool":
      if (keyName !== "aws:SecureTransport") {
        return [
          {
            message: `"Bool" works only with the key "aws:SecureTransport", not ${quote(key)}.`,
            fix: "use aws:SecureTransport",
          },
        ];
      }
      return single("true or false", boolLike, "use true or false");
    case "numeric":
      return single(
        "a whole number",
        (v) => v.t === "int" || (v.t === "string" && goAtoiOk(v.v)),
        "write a whole number, e.g. 3600",
      );
    case "date":
      return single(
        "an RFC 3339 time",
        (v) => v.t === "string" && goRfc3339Ok(v.v),
        'write e.g. "2030-01-01T00:00:00Z"',
      );
  }
}

const suggestion = (name: string, known: readonly string[]): string => {
  const match = known.find((k) => k.toLowerCase() === name.toLowerCase());
  return match === undefined ? "" : ` (did you mean ${quote(match)}?)`;
};

/** The problems of a "Condition" value, and the condition keys it uses (for the per-action key check). */
export function conditionProblems(raw: unknown): { problems: Problem[]; keys: string[] } {
  const problems: Problem[] = [];
  const keys: string[] = [];
  if (!isMap(raw) || Object.keys(raw).length === 0) {
    return {
      problems: [{ message: '"Condition" must be a non-empty map.', fix: `${CONDITION_FIX}, or remove "Condition"` }],
      keys,
    };
  }
  for (const [name, args] of Object.entries(raw)) {
    const kind = operatorKind(name);
    if (kind === undefined) {
      const known = Object.values(CONDITION_OPERATORS).flat();
      problems.push({
        message: `unknown condition operator ${quote(name)}${suggestion(name, known)}.`,
        fix: `use one of ${OPERATORS}, optionally prefixed with ForAllValues: or ForAnyValue:`,
      });
      continue;
    }
    if (args === null) continue;
    if (!isMap(args)) {
      problems.push({
        message: `condition operator ${quote(name)} must map condition keys to values.`,
        fix: CONDITION_FIX,
      });
      continue;
    }
    const base = name.split(":").pop() as string;
    for (const [key, rawValues] of Object.entries(args)) {
      const keyName = key.split("/")[0];
      if (!ALL_KEYS.includes(keyName)) {
        problems.push({
          message: `unknown condition key ${quote(key)}${suggestion(keyName, ALL_KEYS)}.`,
          fix: KEY_FIX,
        });
        continue;
      }
      const where = `the values of ${quote(key)} under ${quote(name)}`;
      const set = valueSet(rawValues, where);
      if ("problem" in set) problems.push(set.problem);
      else {
        const found = operatorProblems(kind, base, key, set.values, where);
        problems.push(...found);
        if (found.length === 0) keys.push(key);
      }
    }
  }
  return { problems, keys };
}
