/** Who the token is: /core/users/me/ and /rbac/permissions/?role=, schema-checked by the client. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startAuthentikDouble, type AuthentikDouble } from "../authentik/index";
import { Api, TOKEN } from "./client";

describe("authentik double: the token's user and its permissions", () => {
  let ak: AuthentikDouble;
  let api: Api;

  before(async () => {
    ak = await startAuthentikDouble({ token: TOKEN });
    api = new Api(ak.url);
  });
  after(() => ak.close());

  it("answers /core/users/me/ (not /core/users/{id}/) with a superuser by default, and a refused token with 403", async () => {
    const me = await api.ok<{ user: { username: string; is_superuser: boolean; roles: unknown[] } }>("/core/users/me/");
    assert.deepEqual([me.user.username, me.user.is_superuser, me.user.roles], ["akadmin", true, []]);
    const refused = await new Api(ak.url, "not-the-token").get("/core/users/me/");
    assert.deepEqual([refused.status, refused.body], [403, { detail: "Token invalid/expired" }]);
  });

  it("a narrowed token user has one role, whose permissions /rbac/permissions/?role= lists", async () => {
    ak.setTokenUser({ username: "deployer", superuser: false, permissions: ["authentik_flows.view_flow"] });
    const me = await api.ok<{ user: { is_superuser: boolean; roles: Array<{ pk: string }> } }>("/core/users/me/");
    assert.equal(me.user.is_superuser, false);
    const role = me.user.roles[0].pk;
    const listed = await api.ok<{ results: Array<{ app_label: string; codename: string }> }>(
      `/rbac/permissions/?role=${role}`,
    );
    assert.deepEqual(
      listed.results.map((p) => `${p.app_label}.${p.codename}`),
      ["authentik_flows.view_flow"],
    );
    const unknown = await api.get("/rbac/permissions/?role=00000000-0000-4000-8000-000000000000");
    assert.equal(unknown.status, 400);
  });
});
