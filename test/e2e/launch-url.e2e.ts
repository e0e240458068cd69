/**
 * An emptied launchUrl on a deployed stack: the Terraform provider sends no empty launch URL (helpers.GetStringP),
 * so the program sends authentik's own default, the redirect URI's origin; the old URL is replaced and the next
 * preview changes nothing.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { authentikList } from "./servers";
import { startEngine, type Engine } from "./engine";
import { SLUG, startWorld, type World } from "./world";

describe("e2e: launchUrl emptied on a deployed stack", () => {
  let world: World;
  let engine: Engine;
  const application = async () => (await authentikList(world, "/core/applications/")).find((a) => a.slug === SLUG);

  before(async () => {
    world = await startWorld();
    engine = await startEngine();
    await engine.setConfig({ ...world.config, launchUrl: "http://127.0.0.1:9001/browser/old" }, world.secrets);
    await engine.up();
  });
  after(async () => {
    await engine?.close();
    await world?.close();
  });

  it("replaces the old URL with authentik's default, and the next preview changes nothing", async () => {
    assert.equal((await application())?.meta_launch_url, "http://127.0.0.1:9001/browser/old");
    await engine.setConfig({ launchUrl: "" });
    const up = await engine.up();
    assert.deepEqual(up.changes, { update: 1, same: 9 });
    const app = await application();
    assert.deepEqual([app?.meta_launch_url, app?.launch_url], ["http://127.0.0.1:9001", "http://127.0.0.1:9001"]);
    const again = await engine.preview({ expectNoChanges: true });
    assert.deepEqual(again.changes, { same: 10 });
  });
});
