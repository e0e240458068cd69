/**
 * The provider and application fields authentik 2026.5 added or changed, as its serializers answer them:
 * grant_types (api/providers.py OAuth2ProviderSerializer, a DRF ListField of choices), redirect_uri_type
 * (RedirectURISerializer), meta_hide and the reserved application slugs (core/api/applications.py).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startAuthentikDouble, USER_HEADER, type AuthentikDouble } from "../authentik/index";
import { Api, oidcFetch, TOKEN } from "./client";
import { configureMinioApp, REDIRECT } from "./fixtures";

type Obj = Record<string, unknown>;

describe("authentik double 2026.5 provider and application fields", () => {
  let ak: AuthentikDouble;
  let api: Api;
  let flows: Obj;
  let seq = 0;

  before(async () => {
    ak = await startAuthentikDouble({ token: TOKEN });
    api = new Api(ak.url);
    const pk = async (slug: string): Promise<unknown> =>
      (await api.ok<{ results: Obj[] }>(`/flows/instances/?slug=${slug}`)).results[0].pk;
    flows = {
      authorization_flow: await pk("default-provider-authorization-implicit-consent"),
      invalidation_flow: await pk("default-provider-invalidation-flow"),
    };
  });
  after(() => ak.close());

  const body = (extra: Obj): Obj => ({
    name: `p-${++seq}`,
    ...flows,
    redirect_uris: [{ matching_mode: "strict", url: REDIRECT }],
    ...extra,
  });

  it("grant_types: [] when omitted, refuses an empty list and unknown values, keeps the value on PUT", async () => {
    const created = await api.created("/providers/oauth2/", body({}));
    assert.deepEqual(created.grant_types, []);
    const empty = await api.post("/providers/oauth2/", body({ grant_types: [] }));
    assert.deepEqual([empty.status, empty.body], [400, { grant_types: ["This list may not be empty."] }]);
    // token-exchange only exists from authentik 2026.8 (migration 0033_alter_oauth2provider_grant_types).
    const exchange = "urn:ietf:params:oauth:grant-type:token-exchange";
    const unknown = await api.post("/providers/oauth2/", body({ grant_types: ["authorization_code", exchange] }));
    assert.deepEqual(
      [unknown.status, unknown.body],
      [400, { grant_types: { "1": [`"${exchange}" is not a valid choice.`] } }],
    );
    const set = await api.patch(`/providers/oauth2/${created.pk}/`, { grant_types: ["refresh_token", "password"] });
    assert.deepEqual((set.body as Obj).grant_types, ["refresh_token", "password"]);
    const put = await api.put(`/providers/oauth2/${created.pk}/`, body({ name: created.name }));
    assert.deepEqual([put.status, (put.body as Obj).grant_types], [200, ["refresh_token", "password"]]);
    const cleared = await api.patch(`/providers/oauth2/${created.pk}/`, { grant_types: [] });
    assert.deepEqual(cleared.body, { grant_types: ["This list may not be empty."] });
  });

  it("redirect_uri_type: authorization when omitted, authorization or logout accepted, anything else refused", async () => {
    const logout = { matching_mode: "strict", url: "https://console.minio.test/logout", redirect_uri_type: "logout" };
    const created = await api.created(
      "/providers/oauth2/",
      body({ redirect_uris: [{ matching_mode: "strict", url: REDIRECT }, logout] }),
    );
    const typed = [{ matching_mode: "strict", url: REDIRECT, redirect_uri_type: "authorization" }, logout];
    assert.deepEqual(created.redirect_uris, typed);
    assert.deepEqual((await api.ok(`/providers/oauth2/${created.pk}/`)).redirect_uris, typed);
    const retyped = await api.patch(`/providers/oauth2/${created.pk}/`, {
      redirect_uris: [{ ...logout, redirect_uri_type: "authorization" }],
    });
    assert.deepEqual((retyped.body as Obj).redirect_uris, [{ ...logout, redirect_uri_type: "authorization" }]);
    const bad = await api.post(
      "/providers/oauth2/",
      body({
        redirect_uris: [
          logout,
          { ...logout, redirect_uri_type: "post_logout" },
          { ...logout, redirect_uri_type: null },
        ],
      }),
    );
    assert.deepEqual(
      [bad.status, bad.body],
      [
        400,
        {
          redirect_uris: [
            {},
            { redirect_uri_type: ['"post_logout" is not a valid choice.'] },
            { redirect_uri_type: ["This field may not be null."] },
          ],
        },
      ],
    );
  });

  it("never matches a logout entry at authorize; with no authorization entry the first URI used replaces the list", async () => {
    ak.addUser({ username: "lou" });
    const logout = { matching_mode: "strict", url: "https://console.minio.test/logout", redirect_uri_type: "logout" };
    const app = await configureMinioApp(api, { slug: "logout-only", provider: { redirect_uris: [logout] } });
    const authorize = (uri: string): Promise<{ status: number; headers: Headers }> =>
      oidcFetch(
        `${ak.url}/application/o/authorize/?${new URLSearchParams({ client_id: app.clientId, redirect_uri: uri, response_type: "code" })}`,
        { headers: { [USER_HEADER]: "lou" } },
      );
    const first = await authorize(logout.url);
    assert.equal(first.status, 302, "the logout URL, used for authorization, becomes the one authorization entry");
    assert.deepEqual((await api.ok(`/providers/oauth2/${app.providerPk}/`)).redirect_uris, [
      { matching_mode: "strict", url: logout.url, redirect_uri_type: "authorization" },
    ]);
    const other = await authorize(REDIRECT);
    assert.equal(other.status, 400);
  });

  it("meta_hide round-trips and defaults to false; reserved slugs are refused", async () => {
    const owner = await api.created("/providers/oauth2/", body({}));
    const app = await api.created("/core/applications/", {
      name: "Hidden",
      slug: "hidden",
      provider: owner.pk,
      meta_hide: true,
    });
    assert.equal(app.meta_hide, true);
    const put = await api.put("/core/applications/hidden/", { name: "Hidden", slug: "hidden" });
    assert.equal((put.body as Obj).meta_hide, true, "a PUT without meta_hide keeps it");
    assert.equal((await api.created("/core/applications/", { name: "Shown", slug: "shown" })).meta_hide, false);
    for (const slug of ["authorize", "token", "device", "userinfo", "introspect", "revoke"]) {
      const r = await api.post("/core/applications/", { name: slug, slug });
      assert.deepEqual(
        [r.status, r.body],
        [400, { slug: [`The slug '${slug}' is reserved and cannot be used for applications.`] }],
        slug,
      );
    }
  });

  it("derives launch_url from the first authorization entry as typed, regex or not, logout entries skipped", async () => {
    const provider = await api.created(
      "/providers/oauth2/",
      body({
        redirect_uris: [
          { matching_mode: "strict", url: "https://logout.example/bye", redirect_uri_type: "logout" },
          { matching_mode: "regex", url: "https://App\\.example/cb/[a-z]+", redirect_uri_type: "authorization" },
          { matching_mode: "strict", url: REDIRECT, redirect_uri_type: "authorization" },
        ],
      }),
    );
    const app = await api.created("/core/applications/", { name: "Launch", slug: "launch", provider: provider.pk });
    assert.equal(app.launch_url, "https://App\\.example");
  });

  it("seeds the managed profile mapping with 2026.5's expression (request.user.groups)", async () => {
    const managed = "goauthentik.io%2Fproviders%2Foauth2%2Fscope-profile";
    const [profile] = (await api.ok<{ results: Obj[] }>(`/propertymappings/provider/scope/?managed=${managed}`))
      .results;
    const lines = String(profile.expression).split("\n");
    assert.equal(lines.at(-2), '    "groups": [group.name for group in request.user.groups.all()],');
  });
});
