/** Runs generated expressions in python3, wrapped and executed the way authentik runs scope mappings. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generatePolicyExpression, type PolicyMapping } from "../../../lib/expression";
import { runHarness } from "./harness";

const GROUPS: PolicyMapping = {
  kind: "groups",
  rules: [
    { group: "minio-admins", policies: "consoleAdmin" },
    { group: "minio-users", policies: ["readonly", "diagnostics"] },
    { group: 'Q"uote\\d\n', policies: ["writeonly"] },
  ],
};

const USERS: string[][] = [
  [],
  ["minio-users"],
  ["minio-admins"],
  ['Q"uote\\d\n'],
  ["unrelated", "minio-users", "minio-admins"],
  ["MINIO-ADMINS", "minio-admins "],
];

describe("expression evaluated as authentik does", () => {
  it("group mapping without fallback: first matching rule wins, otherwise None", () => {
    const [result] = runHarness([{ expression: generatePolicyExpression(GROUPS), users: USERS }]);
    assert.equal(result.error, null);
    assert.deepEqual(result.outcomes, [
      null,
      { policy: ["readonly", "diagnostics"] },
      { policy: "consoleAdmin" },
      { policy: "writeonly" },
      { policy: "consoleAdmin" },
      null,
    ]);
  });

  it("group mapping with fallback and custom claim name", () => {
    const mapping: PolicyMapping = { ...GROUPS, fallback: "readonly" } as PolicyMapping;
    const [result] = runHarness([
      { expression: generatePolicyExpression(mapping, { claimName: "minio_policy" }), users: USERS },
    ]);
    assert.equal(result.error, null);
    assert.deepEqual(result.outcomes, [
      { minio_policy: "readonly" },
      { minio_policy: ["readonly", "diagnostics"] },
      { minio_policy: "consoleAdmin" },
      { minio_policy: "writeonly" },
      { minio_policy: "consoleAdmin" },
      { minio_policy: "readonly" },
    ]);
  });

  it("fixed mapping gives everyone the same claim", () => {
    const [single, several] = runHarness([
      { expression: generatePolicyExpression({ kind: "fixed", policies: "readwrite" }), users: [[], ["x", "y"]] },
      { expression: generatePolicyExpression({ kind: "fixed", policies: ["readonly", "diagnostics"] }), users: [[]] },
    ]);
    assert.equal(single.error, null);
    assert.deepEqual(single.outcomes, [{ policy: "readwrite" }, { policy: "readwrite" }]);
    assert.deepEqual(several.outcomes, [{ policy: ["readonly", "diagnostics"] }]);
  });

  it("reports the compiled structure of the rules", () => {
    const [result] = runHarness([{ expression: generatePolicyExpression(GROUPS), users: [] }]);
    assert.deepEqual(result.structure, {
      rules: [
        { group: "minio-admins", claim: "policy", policy: "consoleAdmin" },
        { group: "minio-users", claim: "policy", policy: ["readonly", "diagnostics"] },
        { group: 'Q"uote\\d\n', claim: "policy", policy: "writeonly" },
      ],
      final: null,
    });
  });

  it("the harness rejects code that is not the expected shape (so the structure check can fail)", () => {
    const [syntax, extra, wrongCall] = runHarness([
      { expression: 'return {"policy": "a"', users: [] },
      { expression: 'x = 1\nreturn {"policy": "a"}', users: [] },
      { expression: 'if ak_is_group_member(user, name="g"): return {"policy": "a"}\nreturn None', users: [] },
    ]);
    assert.match(syntax.error ?? "", /^SyntaxError: /);
    assert.equal(extra.error, "Shape: handler body is not if-rules followed by one return");
    assert.match(wrongCall.error ?? "", /^Shape: ak_is_group_member is not called as \(request\.user, name=\.\.\.\)/);
  });
});
