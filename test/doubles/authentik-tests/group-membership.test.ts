/**
 * Group membership as the double's expressions see it (authentik 2026.5, authentik/core/models.py): Group.pk is a
 * uuid.UUID; user.groups is a related manager of the direct groups; all_groups() adds every ancestor; each evaluated
 * queryset is one SQL query, counted per mapping evaluation in `groupQueries`.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { generatePolicyExpression } from "../../../lib/expression";
import { startAuthentikDouble, type AuthentikDouble } from "../authentik/index";
import { Api, TOKEN } from "./client";
import { authorizeAs, configureMinioApp, decodeJwt, redeemCode, REDIRECT, type MinioApp } from "./fixtures";

type Obj = Record<string, unknown>;

describe("authentik double: group membership and group queries in expressions", () => {
  let ak: AuthentikDouble;
  let api: Api;
  let app: MinioApp;
  const pk: Record<string, string> = {};

  /** Sets the mapping's expression, logs `username` in; returns the id_token's claims and the group queries made. */
  const login = async (username: string, expression: string): Promise<{ claims: Obj; queries: number[] }> => {
    assert.equal((await api.patch(`/propertymappings/provider/scope/${app.mappingPk}/`, { expression })).status, 200);
    const from = ak.groupQueries.length;
    const params = { client_id: app.clientId, redirect_uri: REDIRECT, response_type: "code", scope: "openid minio" };
    const { code } = await authorizeAs(ak.url, params, username);
    const r = await redeemCode(ak.url, app, code);
    assert.equal(r.status, 200);
    const claims = decodeJwt(String((r.body as Obj).id_token)).payload;
    const queries = ak.groupQueries.slice(from).filter((q) => q.mapping === "minio-policy");
    assert.ok(queries.every((q) => q.username === username));
    return { claims, queries: queries.map((q) => q.queries) };
  };

  before(async () => {
    ak = await startAuthentikDouble({ token: TOKEN });
    api = new Api(ak.url);
    app = await configureMinioApp(api);
    ak.addUser({ username: "alice", email: "alice@example.test", groups: ["minio-admins"] });
    ak.addUser({ username: "bob", email: "bob@example.test", groups: ["minio-readers"] });
    const list = async (name: string) =>
      (await api.ok<{ results: Obj[] }>(`/core/groups/?name=${name}&include_users=false`)).results[0].pk as string;
    pk.admins = await list("minio-admins");
    pk.readers = await list("minio-readers");
    pk.staff = (await api.created("/core/groups/", { name: "staff" })).pk as string;
    // minio-admins becomes a child of staff: its members are in staff through all_groups().
    assert.equal((await api.patch(`/core/groups/${pk.admins}/`, { parents: [pk.staff] })).status, 200);
  });
  after(() => ak.close());

  it("the program's expression: one query whatever the number of rules, ancestors included, matched by id", async () => {
    const filler = Array.from({ length: 20 }, (_, i) => `team-${i}`);
    const groupIds = new Map([
      ...filler.map((g, i) => [g, `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`] as const),
      ["minio-readers", pk.readers],
      ["staff", pk.staff],
    ]);
    const rules = [...filler, "minio-readers", "staff"].map((group) => ({ group, policies: `p-${group}` }));
    const expression = generatePolicyExpression({ kind: "groups", rules }, { groupIds });
    const alice = await login("alice", expression);
    assert.deepEqual([alice.claims.policy, alice.queries], ["p-staff", [1]], "alice is in staff through minio-admins");
    const bob = await login("bob", expression);
    assert.deepEqual([bob.claims.policy, bob.queries], ["p-minio-readers", [1]]);
  });

  it("one ak_is_group_member per rule is one query per rule", async () => {
    const calls = ["a", "b", "c", "d", "minio-admins"].map(
      (name) => `if ak_is_group_member(request.user, name="${name}"): return {"policy": "${name}"}`,
    );
    const { claims, queries } = await login("alice", [...calls, "return None"].join("\n"));
    assert.deepEqual([claims.policy, queries], ["minio-admins", [5]]);
  });

  it("an evaluated queryset is queried once; exists() and count() on a fresh one query again", async () => {
    const expression = [
      "groups = request.user.all_groups()",
      "names = [g.name for g in groups]",
      "again = [g.name for g in groups]",
      "n = groups.count()",
      "fresh = request.user.all_groups().exists() and request.user.groups.all().count()",
      'return {"t": [sorted(names), again == names, n, fresh]}',
    ].join("\n");
    const { claims, queries } = await login("alice", expression);
    assert.deepEqual(claims.t, [["minio-admins", "staff"], true, 2, 1]);
    assert.deepEqual(queries, [3]);
  });

  it("Group.pk is a uuid.UUID: str(pk) is the API's pk, the string itself is not equal; filters convert it", async () => {
    const expression = [
      "pk = request.user.groups.all().first().pk",
      `api = "${pk.admins}"`,
      'return {"t": [type(pk).__name__, str(pk) == api, pk == api, ak_is_group_member(request.user, pk=api),',
      "    ak_is_group_member(request.user, pk=api.upper()), ak_is_group_member(request.user, group_uuid__in=[api])]}",
    ].join("\n");
    assert.deepEqual((await login("alice", expression)).claims.t, ["UUID", true, false, true, true, true]);
  });

  it("user.groups is the direct groups only, and (as a related manager) cannot be iterated", async () => {
    const expression = [
      "direct = sorted(g.name for g in request.user.groups.all())",
      "inherited = sorted(g.name for g in request.user.all_groups())",
      "try:",
      "    [g for g in request.user.groups]",
      "except TypeError as exc:",
      '    return {"t": [direct, inherited, str(exc)]}',
    ].join("\n");
    assert.deepEqual((await login("alice", expression)).claims.t, [
      ["minio-admins"],
      ["minio-admins", "staff"],
      "'ManyRelatedManager' object is not iterable",
    ]);
  });
});
