/**
 * Properties of the customPolicies grammar check (lib/policy-document.ts): MinIO's actions pass, unknown ones are
 * refused, and the check agrees with the MinIO double's add-canned-policy parser (test/doubles/minio/policy-parse.ts,
 * written separately in MinIO's own order) on random documents.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ADMIN_ACTIONS, KMS_ACTIONS, S3_ACTIONS, STS_ACTIONS } from "../../../lib/minio-policy-grammar";
import { policyDocumentProblems } from "../../../lib/policy-document";
import { parseCannedPolicy } from "../../doubles/minio/policies";

const V = "2012-10-17";
const doc = (...Statement: unknown[]) => ({ Version: V, Statement });
const messages = (d: Record<string, unknown>) => policyDocumentProblems(d).map((p) => p.message);
/** The double's verdict: undefined when it accepts the document, else MinIO's error message. */
function doubleRefusal(d: unknown): string | undefined {
  try {
    parseCannedPolicy(JSON.stringify(d));
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

describe("customPolicies grammar: MinIO's actions", () => {
  it("every action of MinIO's four tables passes, alone in a statement of its kind", () => {
    assert.deepEqual(
      [S3_ACTIONS.length, ADMIN_ACTIONS.length, KMS_ACTIONS.length, STS_ACTIONS.length],
      [60, 65, 22, 2],
    );
    for (const action of S3_ACTIONS) {
      const d = doc({ Effect: "Allow", Action: action, Resource: "arn:aws:s3:::b/*" });
      assert.deepEqual([action, messages(d), doubleRefusal(d)], [action, [], undefined]);
    }
    for (const action of [...ADMIN_ACTIONS, ...KMS_ACTIONS, ...STS_ACTIONS]) {
      const d = doc({ Effect: "Deny", Action: [action] });
      assert.deepEqual([action, messages(d), doubleRefusal(d)], [action, [], undefined]);
    }
  });

  it("any S3 action with part of its name turned into '*' or a letter into '?' still passes (wildcard.Match)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...S3_ACTIONS.filter((a) => a !== "s3:*")),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (a, i, j, star) => {
          const from = 3 + (i % (a.length - 3));
          const to = star ? from + (j % (a.length - from + 1)) : from + 1;
          const pattern = a.slice(0, from) + (star ? "*" : "?") + a.slice(to);
          const d = doc({ Effect: "Allow", Action: pattern, Resource: "*" });
          assert.deepEqual([pattern, messages(d), doubleRefusal(d)], [pattern, [], undefined]);
        },
      ),
      { numRuns: 300, seed: 1801 },
    );
  });

  it("an s3: name MinIO does not know is refused, by the check and by the double", () => {
    const known = S3_ACTIONS.map((a) => a.toLowerCase());
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9]{1,24}$/).filter((n) => !known.includes(`s3:${n}`.toLowerCase())),
        (name) => {
          const action = `s3:${name}`;
          const d = doc({ Effect: "Allow", Action: ["s3:GetObject", action], Resource: "*" });
          assert.deepEqual(messages(d), [`"${action}" matches no MinIO S3 action.`]);
          assert.equal(doubleRefusal(d), `unsupported action '${action}'`);
        },
      ),
      { numRuns: 300, seed: 1802 },
    );
  });
});

const pick = <T>(...values: T[]) => fc.constantFrom(...values);
/** Mostly `good`, sometimes `bad`: random documents that are often valid, and often wrong in one place. */
const mostly = <T>(good: fc.Arbitrary<T>, bad: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: good, weight: 6 }, { arbitrary: bad, weight: 1 });
const oneOrList = <T>(arb: fc.Arbitrary<T>) =>
  mostly(fc.oneof(arb, fc.array(arb, { minLength: 1, maxLength: 3 })), fc.constant([] as T[]));

const BAD_ACTIONS = ["s3:Foo", "s3:get*", "admin:Foo", "admin:Server*", "kms:Foo", "sts:*", "*Foo", "s3:GetObject"];
const actions = {
  s3: mostly(
    pick("s3:GetObject", "s3:ListBucket", "s3:PutObject", "s3:*", "s3:Get*", "s3:?utObject"),
    pick(...BAD_ACTIONS),
  ),
  admin: mostly(pick("admin:ServerInfo", "admin:*", "admin:CreatePolicy"), pick(...BAD_ACTIONS)),
  kms: mostly(pick("kms:Status", "kms:*", "kms:CreateKey"), pick(...BAD_ACTIONS)),
  sts: mostly(pick("*", "sts:AssumeRoleWithWebIdentity"), pick(...BAD_ACTIONS)),
};
const BAD_RESOURCES = [
  "**",
  "b/*",
  "arn:aws:s3:::/b",
  "*.txt",
  "arn:minio:kms:::k.1",
  "arn:minio:kms:::k",
  "arn:aws:s3:::b",
];
const resources = {
  s3: mostly(
    pick("*", "arn:aws:s3:::b", "arn:aws:s3:::b/*", "arn:aws:s3:::", "arn:aws:s3:::*/x.txt"),
    pick(...BAD_RESOURCES),
  ),
  kms: mostly(pick("*", "arn:minio:kms:::k", "arn:minio:kms:::k-*", "arn:minio:kms:::"), pick(...BAD_RESOURCES)),
};
const BAD_VALUES: unknown[] = ["10.0.0.0/40", "yes", 1.5, "2030-02-30T00:00:00Z", "AES", "x", ["a", "a"], [], { a: 1 }];
const values = {
  string: pick<unknown>("a", ["a", "b"], "AES256", "COPY", "bkt/obj*"),
  ip: pick<unknown>("10.0.0.0/8", ["192.0.2.7", "::1/128"]),
  bool: pick<unknown>(true, "false", null, "1"),
  number: pick<unknown>(5, "3600", -1),
  date: pick<unknown>("2030-01-01T00:00:00Z", "2030-01-01T1:00:00.5+01:00"),
  binary: pick<unknown>("Q09QWQ==", ["QUVTMjU2", "UkVQTEFDRQ=="]),
};
const KEYS = {
  s3: [
    "aws:username",
    "aws:SourceIp",
    "aws:SecureTransport",
    "aws:CurrentTime",
    "s3:prefix",
    "s3:max-keys",
    "s3:x-amz-server-side-encryption",
    "s3:x-amz-metadata-directive",
    "s3:x-amz-copy-source",
    "jwt:groups/x",
  ],
  admin: ["aws:username", "aws:SourceIp", "aws:SecureTransport", "svc:DurationSeconds", "jwt:groups/x"],
  sts: ["sts:DurationSeconds"],
};
const BAD_KEYS = ["aws:Foo", "aws:sourceip", "s3:prefix", "sts:DurationSeconds", "s3:versionid"];
const key = (kind: keyof typeof KEYS) => mostly(pick(...KEYS[kind]), pick(...BAD_KEYS));
const entry = (kind: keyof typeof KEYS) =>
  fc.oneof(
    fc.tuple(
      pick("StringEquals", "StringLike", "ForAnyValue:StringEquals", "StringNotEquals"),
      key(kind),
      mostly(values.string, pick(...BAD_VALUES)),
    ),
    fc.tuple(
      pick("IpAddress", "NotIpAddress"),
      mostly(pick("aws:SourceIp"), key(kind)),
      mostly(values.ip, pick(...BAD_VALUES)),
    ),
    fc.tuple(pick("Null"), key(kind), mostly(values.bool, pick(...BAD_VALUES))),
    fc.tuple(pick("Bool"), mostly(pick("aws:SecureTransport"), key(kind)), mostly(values.bool, pick(...BAD_VALUES))),
    fc.tuple(
      pick("NumericLessThan", "NumericGreaterThanIfExists"),
      key(kind),
      mostly(values.number, pick(...BAD_VALUES)),
    ),
    fc.tuple(pick("DateEquals", "DateLessThan"), key(kind), mostly(values.date, pick(...BAD_VALUES))),
    fc.tuple(pick("BinaryEquals"), key(kind), mostly(values.binary, pick(...BAD_VALUES))),
    fc.tuple(pick("StringEqualz", "Foo:StringEquals"), key(kind), values.string),
  );
const condition = (kind: keyof typeof KEYS) =>
  mostly<unknown>(
    fc.array(entry(kind), { minLength: 1, maxLength: 3 }).map((entries) => {
      const out: Record<string, Record<string, unknown>> = {};
      for (const [op, k, v] of entries) out[op] = { ...out[op], [k]: v };
      return out;
    }),
    pick<unknown>({}, null, "x", { StringEquals: null }, { StringEquals: "x" }),
  );
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
const withoutUndefined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
const statement = fc
  .oneof(
    fc.record({
      Sid: optional(pick("s1", "")),
      Effect: mostly(pick("Allow", "Deny"), pick("allow", "")),
      Action: oneOrList(actions.s3),
      Resource: optional(oneOrList(resources.s3)),
      NotResource: fc.option(oneOrList(resources.s3), { nil: undefined, freq: 6 }),
      Condition: optional(condition("s3")),
    }),
    fc.record({
      Effect: pick("Allow", "Deny"),
      Action: oneOrList(actions.admin),
      Resource: optional(oneOrList(resources.s3)),
      Condition: optional(condition("admin")),
    }),
    fc.record({
      Effect: pick("Allow", "Deny"),
      Action: oneOrList(actions.kms),
      Resource: optional(oneOrList(resources.kms)),
    }),
    fc.record({ Effect: pick("Allow", "Deny"), Action: oneOrList(actions.sts), Condition: optional(condition("sts")) }),
  )
  .map(withoutUndefined);
const documents = fc.record({
  Version: mostly(pick(V), pick("", "2008-10-17")),
  Statement: fc.array(statement, { minLength: 1, maxLength: 3 }),
});

describe("customPolicies grammar: agreement with the MinIO double's add-canned-policy", () => {
  it("a document the check passes, the double accepts; one the double refuses, the check refuses", () => {
    let accepted = 0;
    fc.assert(
      fc.property(documents, (d) => {
        const problems = messages(d);
        const refusal = doubleRefusal(d);
        if (problems.length === 0) accepted++;
        assert.equal(
          problems.length === 0,
          refusal === undefined,
          `check: ${problems.join(" / ")}; double: ${refusal}`,
        );
      }),
      { numRuns: 3000, seed: 1803 },
    );
    assert.ok(accepted > 500, `only ${accepted} random documents were valid`);
  });

  it("the check refuses Principal, NotAction and misspelt keys, which the double (like MinIO) lets through", () => {
    const s3 = { Effect: "Allow", Action: "s3:GetObject", Resource: "*" };
    for (const st of [
      { ...s3, Principal: "*" },
      { ...s3, Conditon: {} },
      { Effect: "Allow", action: "s3:GetObject", Resource: "*" },
      { Effect: "Deny", NotAction: "s3:PutObject", Resource: "*" },
    ]) {
      assert.equal(doubleRefusal(doc(st)), undefined);
      assert.equal(messages(doc(st)).length, 1);
    }
  });
});
