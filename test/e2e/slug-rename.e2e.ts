/**
 * A new applicationSlug on the real engine against the doubles: the application is renamed in place (one PUT to
 * the old slug, no DELETE), keeps its pk (what policy bindings and entitlements reference), MinIO follows the new
 * discovery URL, and the provider keeps working with the new slug afterwards: refresh, a later update, destroy.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startEngine, type Engine } from "./engine";
import { report } from "./report";
import { TARGET, authentikList, policiesPerPerson } from "./servers";
import { PEOPLE, SLUG, startWorld, type World } from "./world";

const RENAMED = "minio-e2e-renamed";
const APPLICATIONS = "/api/v3/core/applications/";
const discoveryUrl = (world: World, slug: string) =>
  `${world.authentik.url}/application/o/${slug}/.well-known/openid-configuration`;

const EXPECTED = Object.fromEntries(
  Object.values(PEOPLE).map((p) => [
    p.username,
    p.policies.length === 0 ? "refused: InvalidParameterValue" : [...p.policies],
  ]),
);

describe("e2e: renaming the application slug", () => {
  let world: World;
  let engine: Engine;
  let pk: unknown;
  let restarts = 0;
  const newRestarts = () => {
    const delta = world.minio.restarts() - restarts;
    restarts += delta;
    return delta;
  };
  /** `METHOD path` of the application requests authentik received since `from`. */
  const applicationCalls = (from: number) =>
    world.authentik.requests
      .slice(from)
      .filter((r) => r.path.startsWith(APPLICATIONS) && r.method !== "GET")
      .map((r) => `${r.method} ${r.path}`);
  const applications = async () => await authentikList(world, "/core/applications/");
  /** The application's resource in the stack's state. */
  const applicationState = async () =>
    (await engine.stack.exportStack()).deployment.resources.find(
      (r: { type: string }) => r.type === "authentik:index/application:Application",
    ) as { id: string; outputs: Record<string, unknown> };

  before(async () => {
    world = await startWorld();
    engine = await startEngine();
    // The client ID is pinned, so the rename changes the slug alone (unset, it follows the slug).
    await engine.setConfig({ ...world.config, clientId: SLUG }, world.secrets);
  });
  after(async () => {
    await engine?.close();
    await world?.close();
  });

  it("1. up from nothing", async () => {
    const up = await engine.up();
    assert.deepEqual(up.changes, { create: 10 });
    newRestarts();
    const apps = await applications();
    assert.deepEqual(
      apps.map((a) => a.slug),
      [SLUG],
    );
    pk = apps[0].pk;
  });

  it("2. the preview of a new slug shows two updates in place: the application and MinIO's command", async () => {
    await engine.setConfig({ applicationSlug: RENAMED });
    const preview = await engine.preview();
    assert.deepEqual(preview.changes, { same: 8, update: 2 });
    assert.equal(newRestarts(), 0);
  });

  it("3. up renames the application with one PUT to the old slug; the pk stays, MinIO follows", async () => {
    const from = world.authentik.requests.length;
    const up = await engine.up();
    assert.deepEqual(up.changes, { same: 8, update: 2 });
    assert.deepEqual(applicationCalls(from), [`PUT ${APPLICATIONS}${SLUG}/`]);
    const apps = await applications();
    assert.deepEqual(
      apps.map((a) => [a.slug, a.pk]),
      [[RENAMED, pk]],
    );
    assert.equal(newRestarts(), 1);
    assert.equal(world.minio.loadedConfig()[TARGET].config_url, discoveryUrl(world, RENAMED));
    assert.equal((await fetch(discoveryUrl(world, SLUG))).status, 404);
    assert.deepEqual(await policiesPerPerson(world), EXPECTED);
    // The engine keeps the id the update started with; the Terraform id, which the bridge stores as applicationId
    // and reads, updates and deletes by, is the new slug.
    const state = await applicationState();
    assert.deepEqual([state.id, state.outputs.applicationId, state.outputs.slug], [SLUG, RENAMED, RENAMED]);
    report("applicationSlug change", up, 1);
  });

  it("4. a refresh reads the renamed application back and takes its new id; nothing is left to change", async () => {
    const refresh = await engine.refresh();
    assert.equal(refresh.changes.delete, undefined, "the application was found");
    assert.equal((await applicationState()).id, RENAMED);
    const preview = await engine.preview({ refresh: true, expectNoChanges: true });
    assert.deepEqual(preview.changes, { same: 10 });
    assert.equal(newRestarts(), 0);
  });

  it("5. a later change and the destroy reach the application under its new slug", async () => {
    await engine.setConfig({ applicationName: "MinIO (e2e, renamed)" });
    let from = world.authentik.requests.length;
    const up = await engine.up();
    assert.deepEqual(up.changes, { same: 9, update: 1 });
    assert.deepEqual(applicationCalls(from), [`PUT ${APPLICATIONS}${RENAMED}/`]);
    assert.deepEqual(
      (await applications()).map((a) => [a.name, a.pk]),
      [["MinIO (e2e, renamed)", pk]],
    );
    from = world.authentik.requests.length;
    const destroy = await engine.destroy();
    assert.deepEqual(destroy.changes, { delete: 10 });
    assert.deepEqual(applicationCalls(from), [`DELETE ${APPLICATIONS}${RENAMED}/`]);
    assert.deepEqual(await applications(), []);
  });
});
