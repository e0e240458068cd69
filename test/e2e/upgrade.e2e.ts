/**
 * Upgrading a deployed stack from the program as it was before the MinioSso component (commit 3507b41, the steps
 * declared at the stack's root, policy keys as JSON strings, groups matched by name) to this one: the aliases keep
 * every resource, so the upgrade creates only the component, updates only the scope mapping's expression (its
 * groups now matched by id), and does not restart MinIO.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { repoRoot } from "../support/paths";
import { startEngine, type Engine } from "./engine";
import { policiesPerPerson, programObjects } from "./servers";
import { GROUP_POLICIES, PEOPLE, startWorld, type World } from "./world";

/** The last commit whose index.ts declared the steps at the stack's root. */
const BEFORE_COMPONENT = "3507b419e122301f11e68e5f255f3dbdd3fa1d9e";

const EXPECTED = Object.fromEntries(
  Object.values(PEOPLE).map((p) => [
    p.username,
    p.policies.length === 0 ? "refused: InvalidParameterValue" : [...p.policies],
  ]),
);

describe("e2e: upgrading a stack deployed before the MinioSso component", () => {
  let world: World;
  let old: Engine | undefined;
  let engine: Engine | undefined;
  let oldDir: string;

  before(async () => {
    world = await startWorld();
    // The old program, as a user's checkout of that commit, sharing this checkout's installed modules.
    oldDir = mkdtempSync(path.join(tmpdir(), "minio-sso-old-"));
    const archive = execFileSync("git", ["archive", BEFORE_COMPONENT], { cwd: repoRoot, maxBuffer: 1 << 28 });
    execFileSync("tar", ["-x", "-C", oldDir], { input: archive });
    symlinkSync(path.join(repoRoot, "node_modules"), path.join(oldDir, "node_modules"));
    old = await startEngine(oldDir);
    // That program's Pulumi.yaml declares the policy keys as strings: JSON text, as its README said.
    await old.setConfig({ ...world.config, groupPolicies: JSON.stringify(GROUP_POLICIES) }, world.secrets);
  });
  after(async () => {
    await (engine ?? old)?.close();
    await world?.close();
    rmSync(oldDir, { recursive: true, force: true });
  });

  it("the old program deploys: ten resources, one MinIO restart", async () => {
    const up = await old!.up();
    assert.deepEqual(up.changes, { create: 10 });
    assert.equal(world.minio.restarts(), 1);
  });

  it("the new program, after the stack file's policy keys become YAML, changes the component and the expression", async () => {
    const existing = old!.detach();
    const file = `Pulumi.${existing.stackName}.yaml`;
    cpSync(path.join(oldDir, file), path.join(repoRoot, file));
    engine = await startEngine(repoRoot, {}, { existing });
    await engine.setConfig({ groupPolicies: GROUP_POLICIES });
    const before = await programObjects(world);
    assert.match(String(before.mappings[0].expression), /ak_is_group_member\(request\.user, name="minio-admins"\)/);
    const preview = await engine.preview();
    // The old MinioPolicies component (no custom policies) goes; MinioSso comes; the scope mapping's expression
    // changes to matching groups by id; the application's unset launch URL is now sent as authentik's default (the
    // redirect URI's origin, which authentik showed anyway); every other resource is the same.
    assert.deepEqual(preview.changes, { create: 1, delete: 1, same: 7, update: 2 });
    const up = await engine.up();
    assert.deepEqual(up.changes, { create: 1, delete: 1, same: 7, update: 2 });
    assert.equal(world.minio.restarts(), 1, "no restart");
    const after = await programObjects(world);
    // The expression changes, and the stored launch URL (authentik's effective launch_url stays the same).
    const withoutExpression = (objects: typeof before) => ({
      ...objects,
      applications: objects.applications.map(({ meta_launch_url: _, ...rest }) => rest),
      mappings: objects.mappings.map(({ expression: _, ...rest }) => rest),
    });
    assert.deepEqual(withoutExpression(after), withoutExpression(before), "authentik holds the same objects");
    assert.match(String(after.mappings[0].expression), /^group_ids = \{str\(pk\) for pk in request\.user\.all_groups/m);
    assert.deepEqual(await policiesPerPerson(world), EXPECTED);
    const again = await engine.preview({ expectNoChanges: true });
    assert.deepEqual(again.changes, { same: 10 });
  });

  it("destroy then removes everything the old program created", async () => {
    const down = await engine!.destroy();
    assert.deepEqual(down.changes, { delete: 10 });
    const left = await programObjects(world);
    assert.deepEqual([left.providers.length, left.applications.length, left.mappings.length], [0, 0, 0]);
  });
});
