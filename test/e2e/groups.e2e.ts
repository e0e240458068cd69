/**
 * The mapping's groups on the real engine against the doubles: each is looked up by name at preview (its id only),
 * the expression matches it by id with one query of the user's groups per login, a renamed group keeps its
 * members' policies while a new group under the old name gets none, and a missing group fails the preview.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Api } from "../doubles/authentik-tests/client";
import { login } from "../integration/support/login";
import { startEngine, type Engine } from "./engine";
import { report } from "./report";
import { authentikList, minioClient, policiesPerPerson, programObjects } from "./servers";
import { ADMINS, GROUP_POLICIES, PEOPLE, SECRETS, startWorld, type World } from "./world";

const MAPPING = "MinIO (e2e): MinIO policies";
const RENAMED = "minio-admins (renamed)";
/** Six more groups, so that the mapping has eight rules. */
const TEAMS = Array.from({ length: 6 }, (_, i) => `team-${i + 1}`);
const RULES = [...GROUP_POLICIES, ...TEAMS.map((group) => ({ group, policies: "readonly" }))];

const EXPECTED = Object.fromEntries(
  Object.values(PEOPLE).map((p) => [
    p.username,
    p.policies.length === 0 ? "refused: InvalidParameterValue" : [...p.policies],
  ]),
);

/** The error an operation rejected with (the engine's stderr included). */
async function failure(action: Promise<unknown>): Promise<string> {
  try {
    await action;
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail("the operation succeeded");
}

describe("e2e: the mapping's groups, looked up at preview and matched by id", () => {
  let world: World;
  let engine: Engine;
  let api: Api;
  const ids: Record<string, string> = {};
  const groupsNamed = async (name: string) =>
    (await authentikList(world, `/core/groups/?name=${encodeURIComponent(name)}&include_users=false`)).map((g) =>
      String(g.pk),
    );
  /** The scope mapping's expression without its comment lines. */
  const expressionCode = async () => {
    const { mappings } = await programObjects(world);
    assert.equal(mappings.length, 1);
    return String(mappings[0].expression)
      .split("\n")
      .filter((l) => !l.startsWith("#"));
  };
  const loginOf = async (username: string) => {
    const outcome = await login(world.authentik.url, world.minio, minioClient(world), username);
    return outcome.sts.status === 200
      ? [...(outcome.sts.policies ?? [])].sort()
      : `refused: ${outcome.sts.error?.code}`;
  };

  before(async () => {
    world = await startWorld();
    api = new Api(world.authentik.url, SECRETS.authentikToken);
    for (const name of TEAMS) assert.equal((await api.call("POST", "/core/groups/", { name })).status, 201);
    for (const { group } of RULES) [ids[group]] = await groupsNamed(group);
    engine = await startEngine();
    await engine.setConfig({ ...world.config, groupPolicies: RULES }, world.secrets);
  });
  after(async () => {
    await engine?.close();
    await world?.close();
  });

  it("1. up looks each group up by name once (the pre-flight), without its members; the expression holds the ids", async () => {
    const from = world.authentik.requests.length;
    const up = await engine.up();
    assert.deepEqual(up.changes, { create: 10 });
    // The pre-flight asks once per group, with the flags terraform-provider-authentik's data source sends
    // (CoreGroupsList(name, include_users) with the Go client's defaults); the provider does not ask again.
    const lookups = world.authentik.requests
      .slice(from)
      .filter((r) => r.path === "/api/v3/core/groups/")
      // Parameters in name order, whoever sent them (Go's url.Values.Encode sorts them; the pre-flight need not).
      .map((r) => `${r.method} ${JSON.stringify(Object.fromEntries(Object.entries(r.query).sort()))}`);
    const flags = { include_children: ["false"], include_inherited_roles: ["false"], include_parents: ["false"] };
    assert.deepEqual(
      lookups.sort(),
      RULES.map(({ group }) => `GET ${JSON.stringify({ ...flags, include_users: ["false"], name: [group] })}`).sort(),
    );
    assert.deepEqual(await expressionCode(), [
      'group_ids = {str(pk) for pk in request.user.all_groups().values_list("pk", flat=True)}',
      `if "${ids[ADMINS]}" in group_ids: return {"policy": "consoleAdmin"}  # "minio-admins"`,
      `if "${ids["minio-users"]}" in group_ids: return {"policy": ["readwrite", "diagnostics"]}  # "minio-users"`,
      ...TEAMS.map((t) => `if "${ids[t]}" in group_ids: return {"policy": "readonly"}  # "${t}"`),
      "return None",
    ]);
    report("up with eight group rules", up, 1);
  });

  it("2. each login reads the user's groups once, with eight rules", async () => {
    const from = world.authentik.groupQueries.length;
    assert.deepEqual(await policiesPerPerson(world), EXPECTED);
    const queries = world.authentik.groupQueries.slice(from).filter((q) => q.mapping === MAPPING);
    assert.deepEqual(
      [...new Set(queries.map((q) => q.username))].sort(),
      Object.values(PEOPLE)
        .map((p) => p.username)
        .sort(),
    );
    assert.deepEqual(new Set(queries.map((q) => q.queries)), new Set([1]), JSON.stringify(queries));
  });

  it("3. a renamed group keeps its members' policies; a new group given the old name grants nothing", async () => {
    assert.equal((await api.call("PATCH", `/core/groups/${ids[ADMINS]}/`, { name: RENAMED })).status, 200);
    world.authentik.addUser({ username: "mallory", email: "mallory@example.test", groups: [ADMINS] });
    const [impostor] = await groupsNamed(ADMINS);
    assert.ok(impostor !== undefined && impostor !== ids[ADMINS], "a second group now bears the old name");
    assert.deepEqual(await policiesPerPerson(world), EXPECTED, "alice and carol keep consoleAdmin");
    assert.equal(await loginOf("mallory"), "refused: InvalidParameterValue");
    // The next preview looks the name up again and would move the rule to the new group: a visible update.
    assert.deepEqual((await engine.preview()).changes, { same: 9, update: 1 });
    // Following the rename in the config keeps the id; only the rule's comment changes.
    await engine.setConfig({ groupPolicies: RULES.map((r) => (r.group === ADMINS ? { ...r, group: RENAMED } : r)) });
    const up = await engine.up();
    assert.deepEqual(up.changes, { same: 9, update: 1 });
    assert.equal(
      (await expressionCode())[1],
      `if "${ids[ADMINS]}" in group_ids: return {"policy": "consoleAdmin"}  # "${RENAMED}"`,
    );
    assert.deepEqual(await policiesPerPerson(world), EXPECTED);
    assert.equal(await loginOf("mallory"), "refused: InvalidParameterValue");
    report("a mapped group renamed, the config following", up, 0);
  });

  it("4. a missing group fails preview and up with one line naming it, groupPolicies and authentik; nothing changes", async () => {
    const rules = [RULES[0], { group: "minio-usres", policies: "readonly" }];
    await engine.setConfig({ groupPolicies: rules });
    const before = await programObjects(world);
    const from = world.authentik.requests.length;
    const url = world.authentik.url;
    // The pre-flight asks authentik itself, so the reason is authentik's answer: no such group.
    const expected =
      `  - groupPolicies: authentik at ${url} has no group named "minio-usres" (groupPolicies[1].group). Fix: ` +
      "create the group in authentik, or name an existing one: pulumi config set --path 'groupPolicies[1].group' " +
      '"<group name>"';
    for (const message of [await failure(engine.preview()), await failure(engine.up())]) {
      assert.ok(message.includes("error: Invalid stack configuration (1 problem):\n"), message);
      assert.ok(message.includes(`${expected}\n`), message);
      assert.match(message, / 1 error\n/);
    }
    assert.deepEqual(
      world.authentik.requests.slice(from).filter((r) => r.method !== "GET"),
      [],
      "nothing was written to authentik",
    );
    assert.deepEqual(await programObjects(world), before);
  });
});
