/** The REST calls terraform-provider-authentik makes, answered like a fresh authentik 2026.5. */
import assert from "node:assert/strict";
import { createPrivateKey, createPublicKey, X509Certificate } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { startAuthentikDouble, type AuthentikDouble } from "../authentik/index";
import { Api, TOKEN } from "./client";
import { configureMinioApp, REDIRECT } from "./fixtures";

type Obj = Record<string, unknown>;
type Page = { pagination: Obj; results: Obj[]; autocomplete: Obj };

describe("authentik double REST happy paths", () => {
  let ak: AuthentikDouble;
  let api: Api;

  before(async () => {
    ak = await startAuthentikDouble({ token: TOKEN });
    api = new Api(ak.url);
  });
  after(() => ak.close());

  it("answers the provider's configure-time root/config with error reporting off", async () => {
    assert.deepEqual(await api.ok("/root/config/"), {
      error_reporting: { enabled: false, sentry_dsn: "", environment: "", send_pii: false, traces_sample_rate: 0 },
      capabilities: [],
      cache_timeout: 300,
      cache_timeout_flows: 300,
      cache_timeout_policies: 300,
    });
  });

  it("is seeded with the default flows, the self-signed key pair and the managed scope mappings", async () => {
    const flows = await api.ok<Page>("/flows/instances/?slug=default-provider-authorization-implicit-consent");
    assert.equal(flows.results.length, 1);
    assert.deepEqual(
      [flows.results[0].name, flows.results[0].designation, flows.results[0].authentication],
      ["Authorize Application", "authorization", "require_authenticated"],
    );
    const invalidation = await api.ok<Page>("/flows/instances/?designation=invalidation");
    assert.deepEqual(
      invalidation.results.map((f) => f.slug),
      ["default-invalidation-flow", "default-provider-invalidation-flow"],
    );

    const keys = await api.ok<Page>("/crypto/certificatekeypairs/?name=authentik+Self-signed+Certificate");
    assert.equal(keys.results.length, 1);
    const kp = keys.results[0];
    const cert = await api.ok<{ data: string }>(`/crypto/certificatekeypairs/${kp.pk}/view_certificate/`);
    const key = await api.ok<{ data: string }>(`/crypto/certificatekeypairs/${kp.pk}/view_private_key/`);
    const x509 = new X509Certificate(cert.data);
    assert.equal(kp.cert_subject, "OU=Self-signed,O=authentik,CN=authentik Self-signed Certificate");
    assert.equal(kp.fingerprint_sha256, x509.fingerprint256.toLowerCase());
    assert.equal(kp.fingerprint_sha1, x509.fingerprint.toLowerCase());
    assert.equal(kp.cert_expiry, new Date(x509.validTo).toISOString().replace(".000Z", "Z"));
    assert.equal(x509.checkPrivateKey(createPrivateKey(key.data)), true);
    assert.equal(x509.verify(createPublicKey(key.data)), true);
    assert.match(key.data, /^-----BEGIN RSA PRIVATE KEY-----\n/);
    assert.deepEqual([kp.key_type, kp.private_key_available, kp.managed], ["rsa", true, null]);
    const noDetails = await api.ok<Page>("/crypto/certificatekeypairs/?include_details=false");
    assert.deepEqual([noDetails.results[0].fingerprint_sha256, noDetails.results[0].cert_expiry], [null, null]);

    const managed = await api.ok<Page>(
      "/propertymappings/provider/scope/?managed=goauthentik.io%2Fproviders%2Foauth2%2Fscope-profile&managed=goauthentik.io%2Fproviders%2Foauth2%2Fscope-openid&managed=goauthentik.io%2Fproviders%2Foauth2%2Fscope-email",
    );
    assert.deepEqual(
      managed.results.map((m) => m.scope_name),
      ["email", "openid", "profile"],
    );
    assert.deepEqual(managed.pagination, {
      next: 0,
      previous: 0,
      count: 3,
      current: 1,
      total_pages: 1,
      start_index: 1,
      end_index: 3,
    });
    assert.equal(managed.results[0].name, "authentik default OAuth Mapping: OpenID 'email'");
  });

  it("creates, reads, replaces and deletes a scope mapping like the resource does", async () => {
    const created = await api.created("/propertymappings/provider/scope/", {
      name: "minio",
      scope_name: "minio",
      expression: 'return {"policy": "readwrite"}\n',
      description: "MinIO",
    });
    assert.deepEqual(created, {
      pk: created.pk,
      managed: null,
      name: "minio",
      expression: 'return {"policy": "readwrite"}',
      component: "ak-property-mapping-provider-scope-form",
      verbose_name: "Scope Mapping",
      verbose_name_plural: "Scope Mappings",
      meta_model_name: "authentik_providers_oauth2.scopemapping",
      scope_name: "minio",
      description: "MinIO",
    });
    assert.deepEqual(await api.ok(`/propertymappings/provider/scope/${created.pk}/`), created);
    const put = await api.put(`/propertymappings/provider/scope/${created.pk}/`, {
      name: "minio",
      scope_name: "minio",
      expression: 'return {"policy": ["readonly"]}',
    });
    assert.equal(put.status, 200);
    assert.deepEqual(
      [(put.body as Obj).expression, (put.body as Obj).description],
      ['return {"policy": ["readonly"]}', "MinIO"],
    );
    const patched = await api.patch(`/propertymappings/provider/scope/${created.pk}/`, { description: "" });
    assert.equal((patched.body as Obj).description, "");
    const del = await api.del(`/propertymappings/provider/scope/${created.pk}/`);
    assert.deepEqual([del.status, del.body], [204, undefined]);
    assert.equal((await api.get(`/propertymappings/provider/scope/${created.pk}/`)).status, 404);
  });

  it("stores an OAuth2 provider and application and reads them back with every field the provider state needs", async () => {
    const app = await configureMinioApp(api, { slug: "minio-happy" });
    const provider = await api.ok(`/providers/oauth2/${app.providerPk}/`);
    assert.equal(typeof provider.pk, "number");
    assert.deepEqual(
      [provider.client_id, provider.assigned_application_slug, provider.assigned_application_name, provider.component],
      ["minio-happy-client", "minio-happy", "minio-happy app", "ak-provider-oauth2-form"],
    );
    assert.equal((provider.client_secret as string).length, 128);
    assert.deepEqual(provider.redirect_uris, [
      { matching_mode: "strict", url: REDIRECT, redirect_uri_type: "authorization" },
    ]);
    assert.deepEqual(
      [provider.refresh_token_threshold, provider.logout_uri, provider.logout_method],
      ["seconds=0", "", "backchannel"],
    );
    assert.equal((provider.property_mappings as string[]).at(-1), app.mappingPk);

    const application = await api.ok("/core/applications/minio-happy/");
    assert.deepEqual(
      [application.provider, application.launch_url, application.meta_icon_url, application.meta_hide],
      [app.providerPk, "https://console.minio.test", null, false],
    );
    assert.equal((application.provider_obj as Obj).name, "minio-happy-provider");

    const urls = await api.ok(`/providers/oauth2/${app.providerPk}/setup_urls/`);
    assert.deepEqual(urls, {
      issuer: `${ak.url}/application/o/minio-happy/`,
      authorize: `${ak.url}/application/o/authorize/`,
      token: `${ak.url}/application/o/token/`,
      user_info: `${ak.url}/application/o/userinfo/`,
      provider_info: `${ak.url}/application/o/minio-happy/.well-known/openid-configuration`,
      logout: `${ak.url}/application/o/minio-happy/end-session/`,
      jwks: `${ak.url}/application/o/minio-happy/jwks/`,
    });
    const byName = await api.ok<Page>("/providers/oauth2/?name=minio-happy-provider");
    assert.deepEqual(
      byName.results.map((p) => p.pk),
      [app.providerPk],
    );

    const renamed = await api.put(`/providers/oauth2/${app.providerPk}/`, {
      name: "minio-happy-provider-2",
      authorization_flow: provider.authorization_flow,
      invalidation_flow: provider.invalidation_flow,
      redirect_uris: provider.redirect_uris,
    });
    assert.equal(renamed.status, 200);
    assert.deepEqual(
      [(renamed.body as Obj).name, (renamed.body as Obj).client_secret],
      ["minio-happy-provider-2", provider.client_secret],
    );

    assert.equal((await api.del(`/providers/oauth2/${app.providerPk}/`)).status, 204);
    const orphan = await api.ok("/core/applications/minio-happy/");
    assert.deepEqual([orphan.provider, orphan.provider_obj, orphan.launch_url], [null, null, null]);
    assert.equal((await api.del("/core/applications/minio-happy/")).status, 204);
  });

  it("manages groups with include_users and parents", async () => {
    const user = ak.addUser({ username: "gina", email: "gina@example.test", name: "Gina", groups: ["minio-readers"] });
    assert.match(user.uid, /^[0-9a-f]{64}$/);
    const parent = await api.created("/core/groups/", {
      name: "parent",
      users: [],
      attributes: {},
      is_superuser: false,
    });
    const child = await api.created("/core/groups/", { name: "child", parents: [parent.pk], users: [user.pk] });
    const noUsers = await api.ok(`/core/groups/${child.pk}/?include_users=false`);
    assert.deepEqual([noUsers.users, noUsers.users_obj, noUsers.parents], [[user.pk], null, [parent.pk]]);
    // authentik compares the lower-cased raw value with "true": "1" switches members off, "TRUE" on.
    assert.equal((await api.ok(`/core/groups/${child.pk}/?include_users=1`)).users_obj, null);
    assert.equal(((await api.ok(`/core/groups/${child.pk}/?include_users=TRUE`)).users_obj as Obj[]).length, 1);
    const withUsers = await api.ok(`/core/groups/${child.pk}/`);
    assert.deepEqual(
      (withUsers.users_obj as Obj[]).map((u) => [u.username, u.uid]),
      [["gina", user.uid]],
    );
    const parentView = await api.ok(`/core/groups/${parent.pk}/?include_children=true`);
    assert.deepEqual(parentView.children, [child.pk]);
    assert.deepEqual(
      (parentView.children_obj as Obj[]).map((g) => [g.name, g.group_uuid]),
      [["child", child.pk]],
    );
    const childView = await api.ok(`/core/groups/${child.pk}/?include_parents=true&include_users=false`);
    assert.deepEqual(
      (childView.parents_obj as Obj[]).map((g) => g.name),
      ["parent"],
    );
    const list = await api.ok<Page>("/core/groups/?name=minio-readers&include_users=false");
    assert.deepEqual([list.results.length, list.results[0].users], [1, [user.pk]]);
  });

  it("pages lists with authentik's pagination envelope", async () => {
    const first = await api.ok<Page>("/propertymappings/provider/scope/?page_size=4");
    const count = first.pagination.count as number;
    assert.ok(count >= 6);
    assert.deepEqual(first.pagination, {
      next: 2,
      previous: 0,
      count,
      current: 1,
      total_pages: Math.ceil(count / 4),
      start_index: 1,
      end_index: 4,
    });
    const second = await api.ok<Page>("/propertymappings/provider/scope/?page_size=4&page=2");
    assert.deepEqual([second.pagination.previous, second.pagination.start_index], [1, 5]);
    assert.deepEqual(first.autocomplete, {});
  });
});
