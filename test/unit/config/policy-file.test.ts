/** policyFile: the policy keys from a YAML file, for configs the engine cannot pass in its environment. */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { loadConfig } from "../../../lib/config";
import { problems, validRaw } from "./fixtures";

const dir = mkdtempSync(path.join(tmpdir(), "policy-file-"));
const file = (name: string, text: string) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe("policyFile", () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("2,000 group rules and a custom policy come from the file, with the stack config holding only its name", () => {
    const rules = Array.from({ length: 2000 }, (_, i) => `  - group: team-${i}\n    policies: [readonly, team-rw]\n`);
    const custom =
      "customPolicies:\n  team-rw:\n    Version: '2012-10-17'\n    Statement:\n" +
      "      - {Effect: Allow, Action: ['s3:GetObject', 's3:PutObject'], Resource: ['arn:aws:s3:::team/*']}\n";
    const p = file("big.yaml", `groupPolicies:\n${rules.join("")}fallbackPolicy: readonly\n${custom}`);
    const cfg = loadConfig(validRaw({ defaultPolicy: undefined, policyFile: p }));
    assert.equal(cfg.policyMapping.kind, "groups");
    assert.equal(cfg.policyMapping.kind === "groups" && cfg.policyMapping.rules.length, 2000);
    assert.deepEqual(Object.keys(cfg.customPolicies), ["team-rw"]);
  });

  it("a key set both in the stack config and in the file is refused, naming both places", () => {
    const p = file("default.yaml", "defaultPolicy: readonly\n");
    assert.deepEqual(problems(validRaw({ policyFile: p })), [
      `defaultPolicy: is set both in the stack config and in policyFile ${JSON.stringify(p)}; keep one. | pulumi config rm defaultPolicy`,
    ]);
  });

  it("a missing file, a file that is not YAML, not a map, or holds other keys is refused with the key and the fix", () => {
    const fix = "pulumi config set policyFile policies.yaml";
    const missing = path.join(dir, "missing.yaml");
    const cases: Array<[string, string]> = [
      [missing, `names the file ${JSON.stringify(missing)}, which does not exist.`],
      [file("bad.yaml", "groupPolicies: [\n"), ""],
      [file("list.yaml", "- readonly\n"), ""],
      [file("other.yaml", "groupPolicy: []\n"), ""],
    ];
    const [first, ...rest] = cases;
    assert.deepEqual(problems(validRaw({ defaultPolicy: undefined, policyFile: first[0] })).slice(0, 1), [
      `policyFile: ${first[1]} | ${fix}`,
    ]);
    assert.deepEqual(problems(validRaw({ defaultPolicy: undefined, policyFile: dir })).slice(0, 1), [
      `policyFile: names ${JSON.stringify(dir)}, a directory; give a YAML file of policy keys. | ${fix}`,
    ]);
    const messages = rest.map(([p]) => problems(validRaw({ defaultPolicy: undefined, policyFile: p }))[0]);
    assert.match(messages[0], /^policyFile: names the file ".*bad\.yaml", which is not valid YAML \(line \d+\)\. \| /);
    assert.match(
      messages[1],
      /^policyFile: names the file ".*list\.yaml", which must be a YAML map of defaultPolicy, groupPolicies, fallbackPolicy, customPolicies\. \| /,
    );
    assert.match(
      messages[2],
      /^policyFile: names the file ".*other\.yaml", whose keys "groupPolicy" are not policy keys /,
    );
  });
});
