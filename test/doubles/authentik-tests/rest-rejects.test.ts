/** The REST API refuses what authentik refuses, with authentik's status codes and error bodies. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startAuthentikDouble, type AuthentikDouble } from "../authentik/index";
import { Api, TOKEN } from "./client";
import { configureMinioApp, type MinioApp } from "./fixtures";

describe("authentik double REST rejections", () => {
  let ak: AuthentikDouble;
  let api: Api;
  let app: MinioApp;
  let flows: { authorization: string; invalidation: string };

  before(async () => {
    ak = await startAuthentikDouble({ token: TOKEN });
    api = new Api(ak.url);
    app = await configureMinioApp(api);
    const pk = async (slug: string): Promise<string> =>
      (await api.ok<{ results: Array<{ pk: string }> }>(`/flows/instances/?slug=${slug}`)).results[0].pk;
    flows = {
      authorization: await pk("default-provider-authorization-explicit-consent"),
      invalidation: await pk("default-provider-invalidation-flow"),
    };
  });
  after(() => ak.close());

  const providerBody = (extra: Record<string, unknown>): Record<string, unknown> => ({
    name: `p-${Math.random()}`,
    authorization_flow: flows.authorization,
    invalidation_flow: flows.invalidation,
    redirect_uris: [],
    ...extra,
  });

  it("answers a wrong token with 403 Token invalid/expired", async () => {
    const r = await new Api(ak.url, "not-the-token").get("/core/applications/");
    assert.deepEqual([r.status, r.body], [403, { detail: "Token invalid/expired" }]);
  });

  it("answers a missing token with 403, a non-Bearer scheme too, but serves root/config anonymously", async () => {
    const anonymous = new Api(ak.url, null);
    const r = await anonymous.get("/providers/oauth2/");
    assert.deepEqual([r.status, r.body], [403, { detail: "Authentication credentials were not provided." }]);
    const basic = await anonymous.call("GET", "/providers/oauth2/", undefined, { Authorization: "Basic dXNlcjpwYXNz" });
    assert.deepEqual([basic.status, basic.body], [403, { detail: "Unsupported authentication type" }]);
    assert.equal((await anonymous.get("/root/config/")).status, 200);
    const wrong = await new Api(ak.url, "nope").get("/root/config/");
    assert.deepEqual([wrong.status, wrong.body], [403, { detail: "Token invalid/expired" }]);
  });

  it("rejects bodies failing ScopeMappingRequest with DRF field messages", async () => {
    const r = await api.post("/propertymappings/provider/scope/", {
      name: "",
      scope_name: 5,
      expression: "   ",
      description: null,
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, {
      name: ["This field may not be blank."],
      scope_name: ["Not a valid string."],
      expression: ["This field may not be blank."],
      description: ["This field may not be null."],
    });
    const notObject = await api.post("/propertymappings/provider/scope/", [1]);
    assert.deepEqual(notObject.body, { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] });
  });

  it("names every missing required field of OAuth2ProviderRequest", async () => {
    const r = await api.post("/providers/oauth2/", { name: "incomplete", authorization_flow: flows.authorization });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, {
      invalidation_flow: ["This field is required."],
      redirect_uris: ["This field is required."],
    });
    const nested = await api.post(
      "/providers/oauth2/",
      providerBody({ redirect_uris: [{ url: "https://a/" }, { matching_mode: "glob", url: "x" }] }),
    );
    assert.deepEqual(nested.body, {
      redirect_uris: [
        { matching_mode: ["This field is required."] },
        { matching_mode: ['"glob" is not a valid choice.'] },
      ],
    });
  });

  it("rejects an expression with a syntax error as authentik's compile step words it", async () => {
    const r = await api.post("/propertymappings/provider/scope/", {
      name: "broken",
      scope_name: "x",
      expression: "return {",
    });
    assert.deepEqual(
      [r.status, r.body],
      [400, { expression: ["Expression Syntax Error: '{' was never closed (None, line 2)"] }],
    );
    const update = await api.put(`/propertymappings/provider/scope/${app.mappingPk}/`, {
      name: "renamed",
      scope_name: "minio",
      expression: "x = 1\n    return x",
    });
    assert.deepEqual(update.body, {
      expression: ["Expression Syntax Error: unexpected indent (minio-policy, line 3)"],
    });
    const unchanged = await api.ok(`/propertymappings/provider/scope/${app.mappingPk}/`);
    assert.equal(unchanged.name, "minio-policy");
  });

  it("answers unknown slugs, pks and UUIDs with 404 and DRF's detail", async () => {
    const cases: Array<[string, string]> = [
      ["/core/applications/no-such-app/", "No Application matches the given query."],
      ["/providers/oauth2/9999/", "No OAuth2Provider matches the given query."],
      ["/providers/oauth2/abc/", "Not found."],
      [
        "/propertymappings/provider/scope/00000000-0000-4000-8000-000000000000/",
        "No ScopeMapping matches the given query.",
      ],
      ["/propertymappings/provider/scope/not-a-uuid/", "Not found."],
      ["/core/groups/00000000-0000-4000-8000-000000000000/", "No Group matches the given query."],
      ["/flows/instances/no-such-flow/", "No Flow matches the given query."],
      ["/core/applications/?page=3", "Invalid page."],
    ];
    for (const [path, detail] of cases) {
      const r = await api.get(path);
      assert.deepEqual([r.status, r.body], [404, { detail }], path);
    }
    const del = await api.del("/providers/oauth2/9999/");
    assert.deepEqual([del.status, del.body], [404, { detail: "No OAuth2Provider matches the given query." }]);
  });

  it("enforces unique names, slugs and one application per provider", async () => {
    const dup = await api.post("/propertymappings/provider/scope/", {
      name: "minio-policy",
      scope_name: "y",
      expression: "return {}",
    });
    assert.deepEqual(dup.body, { name: ["Property Mapping with this name already exists."] });
    const appDup = await api.post("/core/applications/", { name: "again", slug: "minio", provider: app.providerPk });
    assert.deepEqual(appDup.body, {
      slug: ["Application with this slug already exists."],
      provider: ["Application with this provider already exists."],
    });
    const clientDup = await api.post("/providers/oauth2/", providerBody({ client_id: "minio-client" }));
    assert.deepEqual(clientDup.body, { client_id: ["OAuth2/OpenID Provider with this Client ID already exists."] });
    const badSlug = await api.post("/core/applications/", { name: "bad", slug: "has space" });
    assert.deepEqual(badSlug.body, {
      slug: ["Enter a valid “slug” consisting of letters, numbers, underscores or hyphens."],
    });
  });

  it("rejects unknown related objects, bad durations and bad regex redirect URIs", async () => {
    const missing = "11111111-1111-4111-8111-111111111111";
    const r = await api.post(
      "/providers/oauth2/",
      providerBody({
        authorization_flow: missing,
        signing_key: missing,
        property_mappings: [missing],
        access_code_validity: "minutes",
        redirect_uris: [
          { matching_mode: "regex", url: "https://ok\\.example/.*" },
          { matching_mode: "regex", url: "https://(broken" },
        ],
      }),
    );
    assert.equal(r.status, 400);
    assert.deepEqual(r.body, {
      authorization_flow: [`Invalid pk "${missing}" - object does not exist.`],
      signing_key: [`Invalid pk "${missing}" - object does not exist.`],
      property_mappings: [`Invalid pk "${missing}" - object does not exist.`],
      access_code_validity: ["minutes is not in the correct format of 'hours=3;minutes=1'."],
      redirect_uris: ["Invalid Regex Pattern: https://(broken"],
    });
    const noProvider = await api.post("/core/applications/", { name: "x", slug: "x", provider: 4242 });
    assert.deepEqual(noProvider.body, { provider: ['Invalid pk "4242" - object does not exist.'] });
  });

  it("a token lifetime whose timedelta overflows fails with 500, as authentik's uncaught OverflowError does", async () => {
    const r = await api.post("/providers/oauth2/", providerBody({ access_token_validity: "weeks=1000000000000" }));
    assert.deepEqual([r.status, r.body], [500, { detail: "A server error occurred." }]);
    const fits = await api.post("/providers/oauth2/", providerBody({ access_token_validity: "days=999999998" }));
    assert.equal(fits.status, 201);
  });

  it("refuses a launch URL over Django's 2048 characters, or with a host over 253", async () => {
    const long = `https://console.example.com/${"a".repeat(2048 - 28)}`;
    const ok = await api.post("/core/applications/", { name: "long-ok", slug: "long-ok", meta_launch_url: long });
    assert.equal(ok.status, 201);
    for (const url of [`${long}b`, `https://${"h".repeat(250)}.com/`]) {
      const r = await api.post("/core/applications/", { name: "long", slug: "long", meta_launch_url: url });
      assert.deepEqual([r.status, r.body], [400, { meta_launch_url: ["Enter a valid URL."] }]);
    }
  });

  it("redirects paths without trailing slash and refuses wrong media types and methods", async () => {
    const noSlash = await api.get("/core/applications");
    assert.equal(noSlash.status, 301);
    assert.equal(noSlash.headers.get("location"), "/api/v3/core/applications/");
    const text = await api.call("POST", "/core/groups/", "name=x", { "Content-Type": "text/plain" });
    assert.deepEqual([text.status, text.body], [415, { detail: 'Unsupported media type "text/plain" in request.' }]);
    const method = await api.call("POST", "/root/config/", {});
    assert.deepEqual([method.status, method.body], [405, { detail: 'Method "POST" not allowed.' }]);
    const broken = await api.call("POST", "/providers/oauth2/", '{"client_secret": "very-secret-value",}');
    assert.deepEqual([broken.status, broken.body], [400, { detail: "JSON parse error - invalid JSON (char 38)" }]);
  });

  it("validates list filters like django-filter: unknown managed ids are a 400, empty values filter nothing", async () => {
    const r = await api.get(
      "/propertymappings/provider/scope/?managed=goauthentik.io%2Fproviders%2Foauth2%2Fscope-nope",
    );
    assert.deepEqual(
      [r.status, r.body],
      [
        400,
        {
          managed: [
            "Select a valid choice. goauthentik.io/providers/oauth2/scope-nope is not one of the available choices.",
          ],
        },
      ],
    );
    const all = await api.ok<{ pagination: { count: number } }>("/propertymappings/provider/scope/");
    const blank = await api.ok<{ pagination: { count: number } }>(
      "/propertymappings/provider/scope/?name=&scope_name=",
    );
    assert.equal(blank.pagination.count, all.pagination.count);
  });
});
