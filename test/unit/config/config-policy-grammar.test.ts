/** customPolicies documents against MinIO's policy grammar (lib/policy-document.ts): what passes, and each refusal. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadConfig } from "../../../lib/config";
import { problems, validRaw } from "./fixtures";

const V = "2012-10-17";
const custom = (docs: Record<string, unknown>) => validRaw({ customPolicies: JSON.stringify(docs) });
/** The problems of one policy "p" made of the given statements, as "message | fix" lines. */
const statementProblems = (...statements: unknown[]) =>
  problems(custom({ p: { Version: V, Statement: statements } })).map((line) => line.replace(/^customPolicies: /, ""));
const S3 = { Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] };
const ACTION_FIX =
  "use MinIO's action names, e.g. s3:GetObject, s3:PutObject, s3:ListBucket, or a wildcard such as s3:Get*";
const RESOURCE_FIX =
  'write S3 resources as "arn:aws:s3:::BUCKET" (the bucket) or "arn:aws:s3:::BUCKET/*" (its objects), or "*"';
const KEY_FIX = "use a condition key MinIO knows, e.g. aws:SourceIp, aws:username, s3:prefix, jwt:groups";
const withCondition = (Condition: unknown, Action: unknown = "s3:GetObject") => ({
  Effect: "Allow",
  Action,
  Resource: "*",
  Condition,
});

describe("customPolicies: documents MinIO accepts pass", () => {
  it("admin, STS and KMS statements without Resource, wildcards, NotResource, conditions and MinIO's quirks", () => {
    const doc = {
      ID: "team",
      Version: V,
      Statement: [
        { Sid: "admin", Effect: "Allow", Action: ["admin:ServerInfo", "admin:*"] },
        { Effect: "Deny", Action: "*", Condition: { NumericGreaterThan: { "sts:DurationSeconds": "3600" } } },
        { Effect: "Allow", Action: ["kms:Status", "kms:*"], Resource: ["arn:minio:kms:::team-*", "*"] },
        { Effect: "Allow", Action: ["s3:Get*", "s3:?utObject", "s3:GetObject", "s3:GetObject"], Resource: "*" },
        { Effect: "Deny", Action: "s3:DeleteObject", NotResource: ["arn:aws:s3:::keep/*", "arn:aws:s3:::"] },
        S3,
        { ...S3, Sid: "same statement, other Sid" },
        {
          Effect: "Allow",
          Action: ["s3:ListBucket"],
          Resource: "arn:aws:s3:::b",
          Condition: {
            "ForAnyValue:StringLike": { "s3:prefix": ["home/${aws:username}/*", "shared/*"] },
            IpAddress: { "aws:SourceIp": ["10.0.0.0/8", "2001:db8::1"] },
            Null: { "aws:username": null },
            Bool: { "aws:SecureTransport": "true" },
            DateLessThan: { "aws:CurrentTime": "2030-01-01T00:00:00+01:00" },
            StringEquals: { "jwt:groups/x": "admins" },
            BinaryEquals: {},
          },
        },
      ],
    };
    const config = loadConfig(custom({ team: doc }));
    assert.deepEqual(config.customPolicies, { team: doc });
  });
});

describe("customPolicies: keys", () => {
  it("a key in another case, an unknown key, Principal and NotAction", () => {
    const raw = custom({
      p: {
        version: V,
        Statement: [{ ...S3, effect: "Allow", Effect: undefined, Principal: "*", NotPrincipal: "x", Conditon: {} }],
        Statment: [],
      },
      q: { Version: V, Statement: [{ Effect: "Deny", NotAction: "s3:DeleteObject", Resource: "*" }] },
    });
    assert.deepEqual(problems(raw), [
      `customPolicies: policy "p": the key "version" must be written "Version" (MinIO matches keys case-insensitively, so two spellings would silently replace each other). | rename "version" to "Version"`,
      `customPolicies: policy "p": the key "Statment" is unknown, and MinIO would silently drop it (a policy takes "ID", "Version", "Statement"). | remove "Statment", or correct its spelling`,
      `customPolicies: policy "p", statement 1: the key "effect" must be written "Effect" (MinIO matches keys case-insensitively, so two spellings would silently replace each other). | rename "effect" to "Effect"`,
      `customPolicies: policy "p", statement 1: the key "Conditon" is unknown, and MinIO would silently drop it (a statement takes "Sid", "Effect", "Action", "Resource", "NotResource", "Condition"). | remove "Conditon", or correct its spelling`,
      `customPolicies: policy "p", statement 1: "Principal" has no effect here: MinIO ignores it in an IAM policy (it belongs in bucket policies), so the statement would apply to everyone given the policy. | remove "Principal"; to limit who gets the policy, map it only to the right groups (groupPolicies)`,
      `customPolicies: policy "p", statement 1: "NotPrincipal" has no effect here: MinIO ignores it in an IAM policy (it belongs in bucket policies), so the statement would apply to everyone given the policy. | remove "NotPrincipal"; to limit who gets the policy, map it only to the right groups (groupPolicies)`,
      `customPolicies: policy "q", statement 1: "NotAction" cannot be used: MinIO stores such a statement but then cannot read the policy back ("empty actions not allowed"), so creating the policy fails. | list the actions under "Action" instead (add a Deny statement for exceptions)`,
    ]);
  });

  it("ID and Sid must be strings; Effect must be Allow or Deny", () => {
    const raw = custom({
      p: {
        ID: 7,
        Version: V,
        Statement: [
          { ...S3, Sid: 1, Effect: "allow" },
          { ...S3, Effect: undefined },
        ],
      },
    });
    assert.deepEqual(problems(raw), [
      `customPolicies: policy "p": "ID" must be a string. | make "ID" a string, or remove it`,
      `customPolicies: policy "p", statement 1: "Sid" must be a string. | make "Sid" a string, or remove it`,
      `customPolicies: policy "p", statement 1: "Effect" must be "Allow" or "Deny" (it is "allow"). | set Effect: Allow or Effect: Deny`,
      `customPolicies: policy "p", statement 2: "Effect" must be "Allow" or "Deny" (it is missing). | set Effect: Allow or Effect: Deny`,
    ]);
  });
});

describe("customPolicies: actions", () => {
  it("missing, empty or not strings", () => {
    const fix = `set Action: [s3:GetObject] or similar; ${ACTION_FIX}`;
    const message = `policy "p", statement N: "Action" must be an action or a non-empty list of actions. | ${fix}`;
    assert.deepEqual(
      statementProblems({ Effect: "Allow", Resource: "*" }, { ...S3, Action: [] }, { ...S3, Action: [5] }),
      [1, 2, 3].map((n) => message.replace("N", String(n))),
    );
  });

  it("unknown S3, admin, KMS and STS actions", () => {
    assert.deepEqual(
      statementProblems(
        { ...S3, Action: ["s3:Foo", "s3:Foo*", "s3:getobject", "sts:*"] },
        { Effect: "Allow", Action: ["admin:*", "admin:Server*"] },
        { Effect: "Allow", Action: ["kms:Status", "kms:Foo"] },
      ),
      [
        `policy "p", statement 1: "s3:Foo" matches no MinIO S3 action. | ${ACTION_FIX}`,
        `policy "p", statement 1: "s3:Foo*" matches no MinIO S3 action. | ${ACTION_FIX}`,
        `policy "p", statement 1: "s3:getobject" matches no MinIO S3 action (did you mean "s3:GetObject"?). | ${ACTION_FIX}`,
        `policy "p", statement 1: "sts:*" matches no MinIO S3 action. | ${ACTION_FIX}`,
        `policy "p", statement 2: "admin:Server*" is not a MinIO admin action (MinIO matches admin actions exactly; the only wildcard is "admin:*"). | use one of MinIO's admin actions, or "admin:*"`,
        `policy "p", statement 3: "kms:Foo" is not a MinIO KMS action (MinIO matches KMS actions exactly; the only wildcard is "kms:*"). | use one of MinIO's KMS actions, or "kms:*"`,
      ],
    );
  });

  it("one kind of action per statement", () => {
    assert.deepEqual(
      statementProblems(
        { ...S3, Action: ["admin:ServerInfo", "s3:GetObject"] },
        { ...S3, Action: ["kms:Status", "s3:GetObject"] },
        { ...S3, Action: ["*", "kms:Status"] },
      ),
      [
        `policy "p", statement 1: admin actions and the S3 action "s3:GetObject" are mixed; MinIO takes one kind of action (admin, KMS, STS or S3) per statement. | move "s3:GetObject" to a statement of its own`,
        `policy "p", statement 2: KMS actions and the S3 action "s3:GetObject" are mixed; MinIO takes one kind of action (admin, KMS, STS or S3) per statement. | move "s3:GetObject" to a statement of its own`,
        `policy "p", statement 2: resource "arn:aws:s3:::b/*" is an S3 resource, but the statement has KMS actions. | write KMS keys as "arn:minio:kms:::KEY" or "*"`,
        `policy "p", statement 3: STS actions and the KMS action "kms:Status" are mixed; MinIO takes one kind of action (admin, KMS, STS or S3) per statement. | move "kms:Status" to a statement of its own`,
      ],
    );
  });
});

describe("customPolicies: resources", () => {
  it("S3 actions need exactly one of Resource and NotResource", () => {
    assert.deepEqual(
      statementProblems(
        { ...S3, Resource: undefined },
        { ...S3, Resource: [] },
        { ...S3, NotResource: "arn:aws:s3:::c/*" },
      ),
      [
        `policy "p", statement 1: S3 actions need a "Resource", and there is none. | add Resource; ${RESOURCE_FIX}`,
        `policy "p", statement 2: S3 actions need a "Resource", and there is none. | add Resource; ${RESOURCE_FIX}`,
        `policy "p", statement 3: "Resource" and "NotResource" are both set; MinIO takes one of them. | keep only one of "Resource" and "NotResource"`,
      ],
    );
  });

  it("ARNs MinIO does not parse, and resources of the wrong kind", () => {
    assert.deepEqual(
      statementProblems(
        { ...S3, Resource: ["b/*", "arn:aws:s3:::/b", "*.txt", "*", "**", "arn:minio:kms:::k", 7] },
        { ...S3, Resource: ["b/*", "arn:aws:s3:::/b", "*", "**"] },
        { Effect: "Allow", Action: "kms:CreateKey", Resource: ["arn:minio:kms:::k.1", "arn:minio:kms:::"] },
      ),
      [
        `policy "p", statement 1: "Resource" must be a resource ARN or a list of them. | ${RESOURCE_FIX}`,
        `policy "p", statement 2: resource "b/*" is not an ARN MinIO knows. | ${RESOURCE_FIX}`,
        `policy "p", statement 2: resource "arn:aws:s3:::/b" starts with "/" after the prefix, so it matches no bucket. | remove that "/"`,
        `policy "p", statement 2: resources "*" and "**" are the same resource to MinIO. | list it once`,
        `policy "p", statement 3: resource "arn:minio:kms:::k.1" has "/", "\\" or "." in a pattern MinIO reads as a KMS key name. | remove "/", "\\" and "." from the key name`,
      ],
    );
    assert.deepEqual(statementProblems({ ...S3, Resource: ["*.txt", "arn:minio:kms:::k"] }), [
      `policy "p", statement 1: resource "*.txt" has "/", "\\" or "." in a pattern MinIO reads as a KMS key name. | write it as "arn:aws:s3:::*.txt"`,
      `policy "p", statement 1: resource "arn:minio:kms:::k" is a KMS key, but the statement has S3 actions. | ${RESOURCE_FIX}`,
    ]);
  });
});

describe("customPolicies: conditions", () => {
  it("operators and keys MinIO does not know, and wrong shapes", () => {
    assert.deepEqual(
      statementProblems(
        withCondition({}),
        withCondition("x"),
        withCondition({ stringEquals: { "aws:username": "a" }, "ForEach:StringLike": {}, StringLike: "x" }),
        withCondition({ StringEquals: { "aws:sourceip": "a", "aws:Foo": "b" } }),
      ),
      [
        `policy "p", statement 1: "Condition" must be a non-empty map. | write it as a map of operators to {key: values}, e.g. Condition: {StringLike: {"s3:prefix": ["home/*"]}}, or remove "Condition"`,
        `policy "p", statement 2: "Condition" must be a non-empty map. | write it as a map of operators to {key: values}, e.g. Condition: {StringLike: {"s3:prefix": ["home/*"]}}, or remove "Condition"`,
        `policy "p", statement 3: unknown condition operator "stringEquals" (did you mean "StringEquals"?). | use one of StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike, BinaryEquals, IpAddress, NotIpAddress, Null, Bool, NumericEquals, NumericNotEquals, NumericLessThan, NumericLessThanEquals, NumericGreaterThan, NumericGreaterThanIfExists, NumericGreaterThanEquals, DateEquals, DateNotEquals, DateLessThan, DateLessThanEquals, DateGreaterThan, DateGreaterThanEquals, optionally prefixed with ForAllValues: or ForAnyValue:`,
        `policy "p", statement 3: unknown condition operator "ForEach:StringLike". | use one of StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase, StringLike, StringNotLike, BinaryEquals, IpAddress, NotIpAddress, Null, Bool, NumericEquals, NumericNotEquals, NumericLessThan, NumericLessThanEquals, NumericGreaterThan, NumericGreaterThanIfExists, NumericGreaterThanEquals, DateEquals, DateNotEquals, DateLessThan, DateLessThanEquals, DateGreaterThan, DateGreaterThanEquals, optionally prefixed with ForAllValues: or ForAnyValue:`,
        `policy "p", statement 3: condition operator "StringLike" must map condition keys to values. | write it as a map of operators to {key: values}, e.g. Condition: {StringLike: {"s3:prefix": ["home/*"]}}`,
        `policy "p", statement 4: unknown condition key "aws:sourceip" (did you mean "aws:SourceIp"?). | ${KEY_FIX}`,
        `policy "p", statement 4: unknown condition key "aws:Foo". | ${KEY_FIX}`,
      ],
    );
  });

  it("values: shapes, duplicates and each operator's own rules", () => {
    const of = (op: string, key: string) => `the values of "${key}" under "${op}"`;
    const shapeFix = "give one value or a non-empty list of values (strings, whole numbers or booleans)";
    assert.deepEqual(
      statementProblems(
        withCondition({ StringEquals: { "aws:username": [], "aws:userid": { a: 1 }, "aws:groups": [1.5] } }),
        withCondition({ StringEquals: { "aws:username": ["a", "a"], "aws:userid": 5 } }),
        withCondition({ StringEquals: { "s3:x-amz-server-side-encryption": "AES" } }, "s3:GetObject"),
        withCondition(
          { StringLike: { "s3:x-amz-copy-source": ["bkt/o*", "bucket", "a/x", "/bucket/x"] } },
          "s3:PutObject",
        ),
        withCondition({ BinaryEquals: { "s3:x-amz-metadata-directive": ["Q09QWQ==", "no!"] } }, "s3:PutObject"),
        withCondition({ IpAddress: { "aws:username": ["10.0.0.0/33"] } }),
        withCondition({ Null: { "aws:username": [true, false] }, Bool: { "aws:username": true } }),
        withCondition({
          NumericEquals: { "s3:max-keys": "ten" },
          DateEquals: { "aws:CurrentTime": "2030-02-30T00:00:00Z" },
        }),
      ),
      [
        `policy "p", statement 1: ${of("StringEquals", "aws:username")} must be a value or a non-empty list of values. | ${shapeFix}`,
        `policy "p", statement 1: ${of("StringEquals", "aws:userid")} must be a value or a non-empty list of values. | ${shapeFix}`,
        `policy "p", statement 1: ${of("StringEquals", "aws:groups")} holds 1.5, which is not a string, whole number or boolean. | ${shapeFix}`,
        `policy "p", statement 2: ${of("StringEquals", "aws:username")} list the value "a" twice. | list each value once`,
        `policy "p", statement 2: ${of("StringEquals", "aws:userid")} must be strings. | quote the values`,
        `policy "p", statement 3: ${of("StringEquals", "s3:x-amz-server-side-encryption")}: "AES" is not one of AES256, aws:kms. | use AES256 or aws:kms`,
        `policy "p", statement 4: ${of("StringLike", "s3:x-amz-copy-source")}: "bucket" is not BUCKET/OBJECT with a valid bucket name. | write it as "bucket/object-or-pattern" (bucket: 3-63 letters, digits, ".", "-", "_" or ":")`,
        `policy "p", statement 4: ${of("StringLike", "s3:x-amz-copy-source")}: "a/x" is not BUCKET/OBJECT with a valid bucket name. | write it as "bucket/object-or-pattern" (bucket: 3-63 letters, digits, ".", "-", "_" or ":")`,
        `policy "p", statement 5: ${of("BinaryEquals", "s3:x-amz-metadata-directive")} must be base64 (standard alphabet, padded). | encode the values in base64`,
        `policy "p", statement 6: "IpAddress" works only with the key "aws:SourceIp", not "aws:username". | use aws:SourceIp`,
        `policy "p", statement 6: ${of("IpAddress", "aws:username")}: "10.0.0.0/33" is not an IP address or CIDR range. | write e.g. "10.0.0.0/8" or "192.0.2.7"`,
        `policy "p", statement 7: ${of("Null", "aws:username")} must be one value, not 2. | keep one`,
        `policy "p", statement 7: "Bool" works only with the key "aws:SecureTransport", not "aws:username". | use aws:SecureTransport`,
        `policy "p", statement 8: ${of("NumericEquals", "s3:max-keys")} must be a whole number. | write a whole number, e.g. 3600`,
        `policy "p", statement 8: ${of("DateEquals", "aws:CurrentTime")} must be an RFC 3339 time. | write e.g. "2030-01-01T00:00:00Z"`,
      ],
    );
    assert.deepEqual(
      statementProblems(
        withCondition({ BinaryEquals: { "s3:x-amz-metadata-directive": ["Q09QWQ==", "bm9wZQ=="] } }, "s3:PutObject"),
      ),
      [
        `policy "p", statement 1: ${of("BinaryEquals", "s3:x-amz-metadata-directive")}: "nope" is not one of COPY, REPLACE. | use COPY or REPLACE`,
      ],
    );
  });

  it("condition keys must suit every action of the statement (KMS statements are not checked)", () => {
    assert.deepEqual(
      statementProblems(
        withCondition({ StringLike: { "s3:prefix": "a/*" } }, ["s3:ListBucket", "s3:GetObject", "s3:Get*"]),
        { Effect: "Allow", Action: "admin:ServerInfo", Condition: { StringEquals: { "s3:prefix": "a" } } },
        { Effect: "Allow", Action: "*", Condition: { StringEquals: { "aws:username": "a" } } },
        { Effect: "Allow", Action: "kms:Status", Condition: { StringEquals: { "s3:prefix": "a" } } },
      ),
      [
        `policy "p", statement 1: condition key "s3:prefix" does not apply to the action "s3:GetObject". | move "s3:GetObject" to a statement without that condition, or use an action that supports the key`,
        `policy "p", statement 1: condition key "s3:prefix" does not apply to the action "s3:Get*". | move "s3:Get*" to a statement without that condition, or use an action that supports the key`,
        `policy "p", statement 2: condition key "s3:prefix" does not apply to admin actions. | use one of aws:Referer, aws:SourceIp, aws:UserAgent, aws:SecureTransport, aws:CurrentTime, aws:EpochTime, aws:principaltype, aws:userid, aws:username, aws:groups, ldap:user, ldap:username, ldap:groups, svc:DurationSeconds, jwt:sub, jwt:iss, jwt:aud, jwt:jti, jwt:name, jwt:upn, jwt:groups, jwt:given_name, jwt:family_name, jwt:middle_name, jwt:nickname, jwt:preferred_username, jwt:profile, jwt:picture, jwt:website, jwt:email, jwt:gender, jwt:birthdate, jwt:phone_number, jwt:address, jwt:scope, jwt:client_id`,
        `policy "p", statement 3: condition key "aws:username" does not apply to STS actions. | use "sts:DurationSeconds"`,
      ],
    );
  });
});

describe("customPolicies: size", () => {
  it("MinIO's add-canned-policy takes at most 20 KiB", () => {
    const resources = Array.from({ length: 800 }, (_, i) => `arn:aws:s3:::bucket-${String(i).padStart(4, "0")}/*`);
    const doc = { Version: V, Statement: [{ ...S3, Resource: resources }] };
    const bytes = JSON.stringify(doc).length;
    assert.ok(bytes > 20 * 1024);
    assert.deepEqual(problems(custom({ big: doc })), [
      `customPolicies: policy "big": the document is ${bytes} bytes as JSON; MinIO accepts at most 20480 bytes per policy. | split its statements over several policies and list them all where this one is used`,
    ]);
    doc.Statement[0].Resource = resources.slice(0, 650);
    assert.ok(JSON.stringify(doc).length <= 20 * 1024);
    assert.deepEqual(loadConfig(custom({ big: doc })).customPolicies, { big: doc });
  });
});
