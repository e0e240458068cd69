/** README shows a generated expression; it must be exactly what the generator produces for that config. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { generatePolicyExpression } from "../../../lib/expression";
import { fromRoot } from "../../support/paths";

test("README's example expression is the generator's output for the config it names", () => {
  const readme = readFileSync(fromRoot("README.md"), "utf8");
  const block = /```python\n([\s\S]*?)\n```/.exec(readme);
  assert.ok(block, "README has a python block");
  const config = /For `groupPolicies: (\[.*?\])`,\nwhose groups authentik knows by the ids `(\{.*?\})`/.exec(readme);
  assert.ok(config, "README names the groupPolicies of its example and the ids of their groups");
  const rules = JSON.parse(config[1]) as { group: string; policies: string | string[] }[];
  const groupIds = new Map(Object.entries(JSON.parse(config[2]) as Record<string, string>));
  assert.equal(block[1], generatePolicyExpression({ kind: "groups", rules }, { groupIds }));
});
