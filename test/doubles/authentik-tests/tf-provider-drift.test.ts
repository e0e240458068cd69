/**
 * Where the state terraform-provider-authentik v2026.5.0 reads back can differ from the configuration (perpetual
 * diffs), reproduced against the double as authentik 2026.5 answers; plus the Go-decoding rules the response
 * validation applies, shown to reject what the Go client would reject.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startAuthentikDouble, USER_HEADER, type AuthentikDouble } from "../authentik/index";
import { validateComponent } from "../authentik/schema";
import { Api, oidcFetch, TOKEN } from "./client";
import { APPLICATION, OAUTH2_PROVIDER, SCOPE_MAPPING } from "./tf-provider-model";
import { consistentMerge, goQuery, planDiff, type Obj } from "./tf-go-rules";
import { APPLICATION_KIND, OAUTH2_PROVIDER_KIND, SCOPE_MAPPING_KIND, TfProvider } from "./tf-provider-run";

const REDIRECT = "https://console.minio.test/oauth_callback";

describe("terraform-provider-authentik v2026.5.0 read-back against the authentik double", () => {
  let ak: AuthentikDouble;
  let tf: TfProvider;
  let base: Obj;
  let seq = 0;

  before(async () => {
    ak = await startAuthentikDouble({ token: TOKEN });
    tf = new TfProvider(new Api(ak.url));
    const authorization = await tf.flow("default-provider-authorization-explicit-consent");
    const invalidation = await tf.flow("default-provider-invalidation-flow");
    const key = await tf.keyPair("authentik Self-signed Certificate", { certificate: false, key: false });
    base = { authorization_flow: authorization.id, invalidation_flow: invalidation.id, signing_key: key.id };
  });
  after(() => ak.close());

  const providerConfig = (extra: Obj): Obj => {
    seq++;
    return { name: `drift-${seq}`, client_id: `drift-client-${seq}`, ...base, ...extra };
  };

  it("echoes redirect_uri_type=authorization for an entry configured without it: the plan never settles", async () => {
    const config = providerConfig({ allowed_redirect_uris: [{ matching_mode: "strict", url: REDIRECT }] });
    const created = await tf.create(OAUTH2_PROVIDER_KIND, config);
    const typed = [{ matching_mode: "strict", url: REDIRECT, redirect_uri_type: "authorization" }];
    assert.deepEqual(created.state.allowed_redirect_uris, typed);
    assert.deepEqual(planDiff(OAUTH2_PROVIDER, config, created.state), ["allowed_redirect_uris"]);
    const reapplied = await tf.update(OAUTH2_PROVIDER_KIND, created, config);
    assert.deepEqual(planDiff(OAUTH2_PROVIDER, config, reapplied.state), ["allowed_redirect_uris"]);
    const explicit = { ...config, allowed_redirect_uris: typed };
    const fixed = await tf.update(OAUTH2_PROVIDER_KIND, reapplied, explicit);
    assert.deepEqual(planDiff(OAUTH2_PROVIDER, explicit, fixed.state), []);
  });

  it("keeps a configured client_secret verbatim and echoes explicit grant_types in the configured order", async () => {
    const config = providerConfig({
      client_secret: "a-configured-secret-0123456789",
      grant_types: ["refresh_token", "authorization_code"],
      logout_uri: "https://console.minio.test/logout",
    });
    const created = await tf.create(OAUTH2_PROVIDER_KIND, config);
    assert.deepEqual(
      [created.state.grant_types, created.state.logout_uri],
      [["refresh_token", "authorization_code"], "https://console.minio.test/logout"],
    );
    assert.ok(created.state.client_secret === config.client_secret, "the configured secret is stored verbatim");
    assert.deepEqual(planDiff(OAUTH2_PROVIDER, config, created.state), []);
  });

  it("stores [] for omitted grant_types: no plan diff (Computed), and every login is refused", async () => {
    const config = providerConfig({
      allowed_redirect_uris: [{ matching_mode: "strict", url: REDIRECT, redirect_uri_type: "authorization" }],
    });
    const created = await tf.create(OAUTH2_PROVIDER_KIND, config);
    assert.equal("grant_types" in (ak.requests.at(-2)?.body as Obj), false, "v2026.5.0 sends no empty list");
    assert.deepEqual(created.state.grant_types, []);
    assert.deepEqual(planDiff(OAUTH2_PROVIDER, config, created.state), []);
    const updated = await tf.update(OAUTH2_PROVIDER_KIND, created, config);
    assert.equal("grant_types" in (ak.requests.at(-2)?.body as Obj), false, "nor on update: [] stays []");
    assert.deepEqual(updated.state.grant_types, []);
    await tf.create(APPLICATION_KIND, { name: "No grants", slug: "no-grants", protocol_provider: Number(created.id) });
    ak.addUser({ username: "grantless" });
    const query = new URLSearchParams({
      client_id: String(config.client_id),
      redirect_uri: REDIRECT,
      response_type: "code",
      state: "s1",
    });
    const r = await oidcFetch(`${ak.url}/application/o/authorize/?${query}`, {
      headers: { [USER_HEADER]: "grantless" },
    });
    assert.deepEqual(
      [r.status, r.headers.get("location")],
      [302, `${REDIRECT}?error=invalid_request&error_description=The%20request%20is%20otherwise%20malformed&state=s1`],
    );
  });

  it("keeps the configured order of property_mappings whatever order authentik lists them in", async () => {
    const ids = await tf.managedScopes(["goauthentik.io/providers/oauth2/scope-profile"]);
    const email = await tf.managedScopes(["goauthentik.io/providers/oauth2/scope-email"]);
    const config = providerConfig({ property_mappings: [...ids, ...email] });
    const created = await tf.create(OAUTH2_PROVIDER_KIND, config);
    assert.deepEqual(created.state.property_mappings, [...ids, ...email]);
    assert.deepEqual(consistentMerge(["a", "b"], ["c", "b", "a"]), ["a", "b", "c"]);
    assert.deepEqual(consistentMerge(["a", "b"], ["b"]), ["b"]);
  });

  it("renames an application with a PUT to the old slug; the id then follows the new slug", async () => {
    const owner = await tf.create(OAUTH2_PROVIDER_KIND, providerConfig({}));
    const config = { name: "Renamed", slug: "before-rename", protocol_provider: Number(owner.id) };
    const created = await tf.create(APPLICATION_KIND, config);
    const from = ak.requests.length;
    const next = { ...config, slug: "after-rename" };
    const renamed = await tf.update(APPLICATION_KIND, created, next);
    assert.deepEqual(
      ak.requests.slice(from).map((r) => `${r.method} ${r.path}`),
      ["PUT /api/v3/core/applications/before-rename/", "GET /api/v3/core/applications/after-rename/"],
    );
    assert.deepEqual([renamed.id, renamed.state.uuid], ["after-rename", created.state.uuid]);
    assert.deepEqual(planDiff(APPLICATION, next, renamed.state), []);
    assert.equal(await tf.read(APPLICATION_KIND, "before-rename", created.state), null);
    // The OIDC endpoints move with the slug: the old discovery URL is gone, the new one names the new issuer.
    const discovery = (slug: string) => oidcFetch(`${ak.url}/application/o/${slug}/.well-known/openid-configuration`);
    assert.equal((await discovery("before-rename")).status, 404);
    const moved = await discovery("after-rename");
    assert.equal((moved.body as Obj).issuer, `${ak.url}/application/o/after-rename/`);
  });

  it("does not clear a description dropped from the config: DRF's PUT keeps omitted fields", async () => {
    const config = { name: "described", scope_name: "described", expression: "return {}", description: "old text" };
    const created = await tf.create(SCOPE_MAPPING_KIND, config);
    const without = { name: "described", scope_name: "described", expression: "return {}" };
    const updated = await tf.update(SCOPE_MAPPING_KIND, created, without);
    assert.deepEqual(ak.requests.at(-2)?.body, without, "the PUT body has no description key");
    assert.equal(updated.state.description, "old text");
    assert.deepEqual(planDiff(SCOPE_MAPPING, without, updated.state), ["description"]);
  });

  it("suppresses exactly one trailing newline of an expression; more whitespace is a permanent diff", async () => {
    const config = { name: "ws", scope_name: "ws", expression: "return {}\n\n" };
    const created = await tf.create(SCOPE_MAPPING_KIND, config);
    assert.equal(created.state.expression, "return {}");
    assert.deepEqual(planDiff(SCOPE_MAPPING, config, created.state), ["expression"]);
    assert.deepEqual(planDiff(SCOPE_MAPPING, { ...config, expression: "return {}\n" }, created.state), []);
  });
});

describe("Go client decoding rules in the response validation", () => {
  const keyPair = {
    pk: "6f1e0fd5-5b1c-4a63-9f09-7b7c2b4d2a11",
    name: "k",
    fingerprint_sha256: null,
    fingerprint_sha1: null,
    cert_expiry: "2030-01-01T00:00:00Z",
    cert_subject: null,
    private_key_available: false,
    key_type: null,
    certificate_download_url: "/x",
    private_key_download_url: "/y",
    managed: null,
  };
  const check = (value: Obj): string[] =>
    validateComponent("CertificateKeyPair", value, "response").map((e) => `${e.instancePath} ${e.keyword}`);

  it("accepts RFC 3339 times only (time.Time): no space separator, seconds and zone required, real dates", () => {
    assert.deepEqual(check(keyPair), []);
    assert.deepEqual(check({ ...keyPair, cert_expiry: "2030-01-01T00:00:00.123456+02:00" }), []);
    for (const bad of ["2030-01-01 00:00:00Z", "2030-01-01T00:00Z", "2030-01-01T00:00:00", "2030-02-30T00:00:00Z"]) {
      assert.deepEqual(check({ ...keyPair, cert_expiry: bad }), ["/cert_expiry format"], bad);
    }
  });

  it("treats integers without a format as int32, as the generated Go models do", () => {
    const ok = validateComponent(
      "Pagination",
      { next: 0, previous: 0, count: 2 ** 40, current: 1, total_pages: 1, start_index: 0, end_index: 0 },
      "response",
    );
    assert.deepEqual(ok, [], "number fields are float32 and take large values");
    const app = {
      pk: "6f1e0fd5-5b1c-4a63-9f09-7b7c2b4d2a11",
      name: "a",
      slug: "a",
      provider_obj: null,
      backchannel_providers_obj: [],
      launch_url: null,
      meta_icon_url: null,
      meta_icon_themed_urls: null,
    };
    assert.deepEqual(validateComponent("Application", { ...app, provider: 2 ** 31 - 1 }, "response"), []);
    const errors = validateComponent("Application", { ...app, provider: 2 ** 31 }, "response");
    assert.deepEqual(
      errors.map((e) => `${e.instancePath} ${e.keyword}`),
      ["/provider maximum"],
    );
  });

  it("encodes queries like url.Values.Encode: sorted keys, repeated keys in order, space as +, / as %2F", () => {
    assert.equal(
      goQuery([
        ["name", "authentik Self-signed Certificate"],
        ["managed", "goauthentik.io/providers/oauth2/scope-openid"],
        ["managed", "a'b*c"],
      ]),
      "managed=goauthentik.io%2Fproviders%2Foauth2%2Fscope-openid&managed=a%27b%2Ac&name=authentik+Self-signed+Certificate",
    );
  });
});
