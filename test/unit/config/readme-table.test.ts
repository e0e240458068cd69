/** README's configuration table mirrors Pulumi.yaml: same keys, types, defaults and secretness. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { CONFIG_KEYS } from "../../../lib/config";
import { fromRoot } from "../../support/paths";

interface Row {
  type: string;
  default: string;
  secret: string;
}

function readmeRows(): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const line of readFileSync(fromRoot("README.md"), "utf8").split("\n")) {
    const m = /^\|\s*`([A-Za-z:]+)`\s*\|\s*(\w+)\s*\|\s*(.*?)\s*\|\s*(yes|no)\s*\|/.exec(line);
    if (m) rows.set(m[1], { type: m[2], default: m[3], secret: m[4] });
  }
  return rows;
}

function expectedDefault(key: string, decl: Record<string, unknown>): string {
  const spec = CONFIG_KEYS.find((s) => s.key === key);
  if (spec?.default === undefined) return spec?.optional ? "(none)" : "(required)";
  return decl.default === "" ? '`""`' : `\`${String(decl.default)}\``;
}

describe("README configuration table", () => {
  const project = parse(readFileSync(fromRoot("Pulumi.yaml"), "utf8")) as {
    config: Record<string, Record<string, unknown>>;
  };
  const rows = readmeRows();

  it("lists exactly the keys of Pulumi.yaml plus the authentik provider's url and token", () => {
    const expected = ["authentik:url", "authentik:token", ...Object.keys(project.config)];
    assert.deepEqual([...rows.keys()].sort(), expected.sort());
  });

  it("gives each key the type and default that Pulumi.yaml declares, and the secretness loadConfig wants", () => {
    for (const [key, decl] of Object.entries(project.config)) {
      const secret = CONFIG_KEYS.find((s) => s.key === key)?.secret;
      assert.deepEqual(
        rows.get(key),
        { type: String(decl.type ?? "YAML"), default: expectedDefault(key, decl), secret: secret ? "yes" : "no" },
        key,
      );
    }
    assert.equal(rows.get("authentik:token")?.secret, "yes");
  });
});

describe("README's least-privilege policy", () => {
  it("is docs/minio-sso-admin-policy.json, the file the double's tests and the e2e case use", () => {
    const readme = readFileSync(fromRoot("README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Least privilege"));
    const block = /```json\n([\s\S]*?)```/.exec(section);
    assert.ok(block, "no JSON block under Least privilege");
    const file = readFileSync(fromRoot("docs", "minio-sso-admin-policy.json"), "utf8");
    assert.deepEqual(JSON.parse(block[1]), JSON.parse(file));
  });
});
