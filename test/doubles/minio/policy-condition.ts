// condition.Functions.UnmarshalJSON of github.com/minio/pkg v3.1.3, for the double's policy parser: policy/condition
// func.go, name.go (parseName), key.go (parseKey), valueset.go and value.go (ValueSet / Value.UnmarshalJSON), and the
// constructors' checks in stringfunc.go, ipaddrfunc.go, nullfunc.go, boolfunc.go, numericfunc.go and datefunc.go.
import {
  goAtoiOk,
  goBase64Decode,
  goBase64Ok,
  goBucketNameOk,
  goCidrOk,
  goIntOk,
  goParseBool,
  goRfc3339Ok,
} from "../../../lib/go-parse";
import { ALL_KEYS, operatorKind } from "../../../lib/minio-policy-grammar";

/** A policy.Error (or a wrapped decoding error): the caller turns it into XMinioMalformedIAMPolicy. */
export class PolicyError extends Error {}
export const fail = (msg: string): never => {
  throw new PolicyError(msg);
};

export const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
export const goType = (v: unknown) =>
  Array.isArray(v) ? "array" : v === null ? "null" : typeof v === "object" ? "object" : typeof v;

type Value = { t: string; v: unknown };

/** ValueSet.UnmarshalJSON (Value tries bool, then int, then string; null decodes as bool false). */
function valueSet(v: unknown): Value[] {
  const one = (x: unknown): Value | undefined =>
    x === null || typeof x === "boolean"
      ? { t: "bool", v: x ?? false }
      : typeof x === "number" && goIntOk(x)
        ? { t: "int", v: x }
        : typeof x === "string"
          ? { t: "string", v: x }
          : undefined;
  const single = Array.isArray(v) ? undefined : one(v);
  if (single !== undefined) return [single];
  if (!Array.isArray(v)) return fail(`json: cannot unmarshal ${goType(v)} into Go value of type []condition.Value`);
  if (v.length === 0) fail("invalid value");
  const out: Value[] = [];
  for (const x of v) {
    const val = one(x) ?? fail(`unknown json data '${JSON.stringify(x)}'`);
    if (out.some((o) => o.t === val.t && o.v === val.v)) fail(`duplicate value found '${String(val.v)}'`);
    out.push(val);
  }
  return out;
}

/** The newXxxFunc constructors' checks. */
function checkFunction(name: string, key: string, values: Value[]): void {
  const base = name.split(":").pop() as string;
  const keyName = key.split("/")[0];
  const kind = operatorKind(name);
  const oneValue = (label: string) => values.length === 1 || fail(`only one value is allowed for ${label} condition`);
  if (kind === "string" || kind === "binary") {
    if (values.some((x) => x.t !== "string")) fail(`value must be a string for ${base} condition`);
    let strings = values.map((x) => x.v as string);
    if (kind === "binary") {
      if (!strings.every(goBase64Ok)) fail("illegal base64 data at input byte 0");
      strings = strings.map(goBase64Decode);
    }
    for (const s of strings) {
      if (keyName === "s3:x-amz-copy-source") {
        const path = s.replace(/^\//, "");
        const cut = path.indexOf("/");
        if (cut < 0 || cut === path.length - 1) fail(`invalid value '${s}' for '${keyName}' for ${base} condition`);
        if (!goBucketNameOk(path.slice(0, cut))) fail("Bucket name contains invalid characters");
      }
      if (base === "StringLike" || base === "StringNotLike") continue;
      const allowed: Record<string, string[]> = {
        "s3:x-amz-server-side-encryption-customer-algorithm": ["AES256"],
        "s3:x-amz-server-side-encryption": ["AES256", "aws:kms"],
        "s3:x-amz-metadata-directive": ["COPY", "REPLACE"],
      };
      if (allowed[keyName] !== undefined && !allowed[keyName].includes(s)) {
        fail(`invalid value '${s}' for '${keyName}' for ${base} condition`);
      }
      if (keyName === "s3:x-amz-content-sha256" && s === "") {
        fail(`invalid empty value for '${keyName}' for ${base} condition`);
      }
    }
  } else if (kind === "ip") {
    for (const x of values) {
      if (x.t !== "string") fail(`value ${String(x.v)} must be string representation of CIDR for ${base} condition`);
      const s = (x.v as string).includes("/") ? (x.v as string) : `${x.v as string}/32`;
      if (!goCidrOk(s)) fail(`value ${s} must be CIDR string for ${base} condition`);
    }
    if (keyName !== "aws:SourceIp") fail(`only aws:SourceIp key is allowed for ${base} condition`);
  } else if (kind === "null" || kind === "bool") {
    if (kind === "bool" && keyName !== "aws:SecureTransport")
      fail("only aws:SecureTransport key is allowed for Bool condition");
    oneValue(kind === "bool" ? "boolean" : "Null");
    const x = values[0];
    if (x.t === "string" && goParseBool(x.v as string) === undefined)
      fail(`value must be a boolean string for ${base} condition`);
    if (x.t === "int") fail(`value must be a boolean for ${base} condition`);
  } else if (kind === "numeric") {
    oneValue(base);
    const x = values[0];
    if (x.t === "bool" || (x.t === "string" && !goAtoiOk(x.v as string)))
      fail(`value ${String(x.v)} must be a int for ${base} condition`);
  } else if (kind === "date") {
    oneValue(base);
    const x = values[0];
    if (x.t !== "string" || !goRfc3339Ok(x.v as string))
      fail(`value ${String(x.v)} must be a time.Time for ${base} condition`);
  }
}

/** condition.Functions.UnmarshalJSON: map[string]map[string]ValueSet; returns the keys of its functions. */
export function conditionKeys(v: unknown): string[] {
  if (v !== null && !isMap(v))
    fail(`json: cannot unmarshal ${goType(v)} into Go value of type map[string]map[string]condition.ValueSet`);
  const nm = (v ?? {}) as Record<string, unknown>;
  if (Object.keys(nm).length === 0) fail("condition must not be empty");
  const keys: string[] = [];
  for (const [name, args] of Object.entries(nm)) {
    if (args !== null && !isMap(args))
      fail(`json: cannot unmarshal ${goType(args)} into Go value of type map[string]condition.ValueSet`);
    const values = Object.entries((args ?? {}) as Record<string, unknown>).map(([k, x]) => [k, valueSet(x)] as const);
    if (operatorKind(name) === undefined) fail(`invalid condition name '${name}'`);
    for (const [key, vals] of values) {
      if (!ALL_KEYS.includes(key.split("/")[0])) fail(`invalid condition key '${key}'`);
      checkFunction(name, key, vals);
      keys.push(key);
    }
  }
  return keys;
}
