import assert from "node:assert/strict";
import { test } from "node:test";
import { jsonStringProblems } from "../../../lib/stack-file";

const FIX = (key: string) =>
  `in Pulumi.dev.yaml, remove the quotes around the value of proj:${key} (JSON is YAML, so the text can stay as it is)`;
const OLD = "holds JSON inside a string, the old form; it is now a YAML value.";

test("names every policy key still held as a JSON string, with the fix", () => {
  const text = [
    "config:",
    `  proj:groupPolicies: '[{"group":"a","policies":"readonly"}]'`,
    `  proj:customPolicies: '{}'`,
    `  proj:defaultPolicy: '["readonly","diagnostics"]'`,
    `  proj:fallbackPolicy: '"readonly"'`,
  ].join("\n");
  assert.deepEqual(jsonStringProblems("proj", "Pulumi.dev.yaml", text), [
    { key: "groupPolicies", message: OLD, fix: FIX("groupPolicies") },
    { key: "customPolicies", message: OLD, fix: FIX("customPolicies") },
    { key: "defaultPolicy", message: OLD, fix: FIX("defaultPolicy") },
    { key: "fallbackPolicy", message: OLD, fix: FIX("fallbackPolicy") },
  ]);
});

test("accepts YAML values, bare policy names, other projects' keys and files without config", () => {
  const text = [
    "config:",
    "  proj:groupPolicies:",
    "    - group: a",
    "      policies: [readonly]",
    "  proj:customPolicies: {}",
    "  proj:defaultPolicy: readonly",
    "  proj:fallbackPolicy: [readonly, diagnostics]",
    `  other:groupPolicies: '[]'`,
  ].join("\n");
  assert.deepEqual(jsonStringProblems("proj", "Pulumi.dev.yaml", text), []);
  assert.deepEqual(jsonStringProblems("proj", "Pulumi.dev.yaml", "encryptionsalt: x\n"), []);
  assert.deepEqual(jsonStringProblems("proj", "Pulumi.dev.yaml", "config: [unclosed"), []);
});

test('"" is a policy key set back to its default ("not set"), not the old JSON form', () => {
  const text = ["config:", '  proj:groupPolicies: ""', "  proj:customPolicies: ''", "  proj:defaultPolicy: readonly"];
  assert.deepEqual(jsonStringProblems("proj", "Pulumi.dev.yaml", text.join("\n")), []);
});
