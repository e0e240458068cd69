/**
 * Large configs on the real engine: the engine hands the program its whole config in one environment variable
 * (PULUMI_CONFIG), so stack config over 128 KiB (Linux's MAX_ARG_STRLEN) never reaches the program; the same 2,000
 * group rules from a policyFile deploy. (Large customPolicies take the same path; deploying them needs the MinIO
 * provider, which the e2e suite does not run, so test/unit/config/policy-file.test.ts covers them.)
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { stringify } from "yaml";
import { authentikList } from "./servers";
import { startEngine, type Engine } from "./engine";
import { startWorld, type World } from "./world";

const RULES = 2000;
/** Names as an organisation might give them: 2,000 rules of them exceed 128 KiB in the engine's config variable. */
const groups = Array.from({ length: RULES }, (_, i) => `engineering-department-team-${String(i).padStart(4, "0")}`);
const groupPolicies = groups.map((group, i) => ({
  group,
  policies: i % 2 ? "readonly" : ["readwrite", "diagnostics"],
}));

describe("e2e: large configs", () => {
  let world: World;
  let engine: Engine;
  let dir: string;

  before(async () => {
    world = await startWorld();
    world.authentik.addUser({ username: "bulk-member", groups });
    engine = await startEngine();
    dir = mkdtempSync(path.join(tmpdir(), "large-config-"));
    const { groupPolicies: _, ...config } = world.config;
    await engine.setConfig(config, world.secrets);
  });
  after(async () => {
    await engine?.close();
    await world?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("in the stack config, over 128 KiB never reaches the program: the language host cannot start it", async () => {
    assert.ok(JSON.stringify({ key: JSON.stringify(groupPolicies) }).length > 128 * 1024);
    await engine.setConfig({ groupPolicies });
    const message = await engine.preview().then(
      () => assert.fail("the preview succeeded"),
      (err: Error) => err.message,
    );
    assert.match(message, /argument list too long/);
    await engine.setConfig({ groupPolicies: "" });
  });

  it(`from a policyFile, the same ${RULES} group rules deploy, and the next preview changes nothing`, async () => {
    const file = path.join(dir, "policies.yaml");
    writeFileSync(file, stringify({ groupPolicies }));
    await engine.setConfig({ policyFile: file });
    const start = Date.now();
    const up = await engine.up();
    const upSeconds = (Date.now() - start) / 1000;
    assert.deepEqual(up.changes, { create: 10 });
    const mapping = (await authentikList(world, "/propertymappings/provider/scope/")).find(
      (m) => m.scope_name === "minio",
    );
    const expression = String(mapping?.expression);
    assert.equal(expression.split("\n").filter((l) => l.startsWith("if ")).length, RULES);
    const previewStart = Date.now();
    const preview = await engine.preview({ expectNoChanges: true });
    const previewSeconds = (Date.now() - previewStart) / 1000;
    assert.deepEqual(preview.changes, { same: 10 });
    process.stdout.write(`large config: up ${upSeconds.toFixed(1)} s, no-op preview ${previewSeconds.toFixed(1)} s\n`);
  });
});
