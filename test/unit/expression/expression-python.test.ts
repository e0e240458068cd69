/** Runs generated expressions in python3, wrapped and executed the way authentik runs scope mappings. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generatePolicyExpression, type PolicyMapping } from "../../../lib/expression";
import { runHarness } from "./harness";

const ADMINS = "0b7c9e2a-51d4-4f0e-9a63-2c8e5d1f7a40";
const USERS_ID = "e4d1a6b8-93c2-4b7f-8e05-6f2a1c9d3b78";
const QUOTED = "5a0f3c71-2b8d-4e96-a1c4-7d9e0b6f2a13";
const OTHER = "9c2e7b40-6d1a-4f38-b5e9-0a3c8d7f1e62";
const groupIds = new Map([
  ["minio-admins", ADMINS],
  ["minio-users", USERS_ID],
  ['Q"uote\\d\n', QUOTED],
]);

const GROUPS: PolicyMapping = {
  kind: "groups",
  rules: [
    { group: "minio-admins", policies: "consoleAdmin" },
    { group: "minio-users", policies: ["readonly", "diagnostics"] },
    { group: 'Q"uote\\d\n', policies: ["writeonly"] },
  ],
};

/** What all_groups() yields for each user: no group, each group alone, three groups, ids that are not quite ours. */
const USERS: string[][] = [
  [],
  [USERS_ID],
  [ADMINS],
  [QUOTED],
  [OTHER, USERS_ID, ADMINS],
  [ADMINS.toUpperCase(), `${ADMINS} `, ADMINS.replaceAll("-", "")],
];

describe("expression evaluated as authentik does", () => {
  it("group mapping without fallback: first matching rule wins, otherwise None; one query per user", () => {
    const [result] = runHarness([{ expression: generatePolicyExpression(GROUPS, { groupIds }), users: USERS }]);
    assert.equal(result.error, null);
    assert.deepEqual(result.outcomes, [
      null,
      { policy: ["readonly", "diagnostics"] },
      { policy: "consoleAdmin" },
      { policy: "writeonly" },
      { policy: "consoleAdmin" },
      null,
    ]);
    assert.deepEqual(result.queries, [1, 1, 1, 1, 1, 1]);
  });

  it("group mapping with fallback and custom claim name", () => {
    const mapping: PolicyMapping = { ...GROUPS, fallback: "readonly" } as PolicyMapping;
    const [result] = runHarness([
      { expression: generatePolicyExpression(mapping, { claimName: "minio_policy", groupIds }), users: USERS },
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

  it("the user's groups are queried once, however many rules there are, and not at all without rules", () => {
    const many = Array.from({ length: 40 }, (_, i) => `team-${i}`);
    const ids = new Map(many.map((g, i) => [g, `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`]));
    const rules = many.map((group) => ({ group, policies: "readonly" }));
    const [forty, none] = runHarness([
      { expression: generatePolicyExpression({ kind: "groups", rules }, { groupIds: ids }), users: [[], [OTHER]] },
      { expression: generatePolicyExpression({ kind: "groups", rules: [], fallback: "readonly" }), users: [[]] },
    ]);
    assert.deepEqual([forty.error, forty.queries, forty.outcomes], [null, [1, 1], [null, null]]);
    assert.deepEqual([none.error, none.queries, none.outcomes], [null, [0], [{ policy: "readonly" }]]);
  });

  it("fixed mapping gives everyone the same claim", () => {
    const [single, several] = runHarness([
      { expression: generatePolicyExpression({ kind: "fixed", policies: "readwrite" }), users: [[], [ADMINS]] },
      { expression: generatePolicyExpression({ kind: "fixed", policies: ["readonly", "diagnostics"] }), users: [[]] },
    ]);
    assert.equal(single.error, null);
    assert.deepEqual(single.outcomes, [{ policy: "readwrite" }, { policy: "readwrite" }]);
    assert.deepEqual(single.queries, [0, 0]);
    assert.deepEqual(several.outcomes, [{ policy: ["readonly", "diagnostics"] }]);
  });

  it("reports the compiled structure of the rules, each comment decoding to its group's name", () => {
    const [result] = runHarness([{ expression: generatePolicyExpression(GROUPS, { groupIds }), users: [] }]);
    assert.deepEqual(result.structure, {
      query: true,
      rules: [
        { group_id: ADMINS, name: "minio-admins", claim: "policy", policy: "consoleAdmin" },
        { group_id: USERS_ID, name: "minio-users", claim: "policy", policy: ["readonly", "diagnostics"] },
        { group_id: QUOTED, name: 'Q"uote\\d\n', claim: "policy", policy: "writeonly" },
      ],
      final: null,
    });
  });

  it("the harness rejects code that is not the expected shape (so the structure check can fail)", () => {
    const read = 'group_ids = {str(pk) for pk in request.user.all_groups().values_list("pk", flat=True)}';
    const [syntax, extra, byName, noRead, noComment] = runHarness([
      { expression: 'return {"policy": "a"', users: [] },
      { expression: `${read}\nx = 1\nreturn {"policy": "a"}`, users: [] },
      {
        expression: `${read}\nif ak_is_group_member(user, name="g"): return {"policy": "a"}  # "g"\nreturn None`,
        users: [],
      },
      {
        expression: `group_ids = set()\nif "${ADMINS}" in group_ids: return {"policy": "a"}  # "g"\nreturn None`,
        users: [],
      },
      { expression: `${read}\nif "${ADMINS}" in group_ids: return {"policy": "a"}\nreturn None`, users: [] },
    ]);
    assert.match(syntax.error ?? "", /^SyntaxError: /);
    assert.equal(extra.error, "Shape: handler body is not the read, if-rules and one return");
    assert.match(byName.error ?? "", /^Shape: if-test is not `<id> in group_ids`/);
    assert.equal(noRead.error, "Shape: the body does not start with the one read of the user's group ids");
    assert.equal(noComment.error, "Shape: rule on line 3 has no comment naming its group");
  });
});
