/**
 * The exact REST conversation of terraform-provider-authentik v2026.5.0 for this project's objects, replayed against
 * the double: configure, data sources, create, a no-op refresh, an update of the scope mapping expression, an update
 * of the OAuth2 provider, and destroy in dependency order. Every reply is checked for its status, for JSON content
 * type and against its schema.yml component under the Go client's decoding rules (tf-provider-run.ts); after every
 * read the state the provider would keep is compared with the configuration (planDiff: empty = no perpetual diff).
 */
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { startAuthentikDouble, type AuthentikDouble } from "../authentik/index";
import { Api, TOKEN } from "./client";
import { PROGRAM_GRANT_TYPES } from "./fixtures";
import { APPLICATION, GROUP, OAUTH2_PROVIDER, SCOPE_MAPPING } from "./tf-provider-model";
import { planDiff, type Obj } from "./tf-go-rules";
import {
  APPLICATION_KIND,
  GROUP_KIND,
  OAUTH2_PROVIDER_KIND,
  SCOPE_MAPPING_KIND,
  redacted,
  TfProvider,
  type Call,
  type Stored,
} from "./tf-provider-run";

const MANAGED = ["openid", "email", "profile"].map((s) => `goauthentik.io/providers/oauth2/scope-${s}`);
const REDIRECT = "https://console.minio.test/oauth_callback";
const LOGOUT = { matching_mode: "regex", url: "https://console\\.minio\\.test/(login)?", redirect_uri_type: "logout" };

describe("terraform-provider-authentik v2026.5.0 call sequence against the authentik double", () => {
  let ak: AuthentikDouble;
  let tf: TfProvider;
  let api: Api;
  const lookups: Obj = {};
  const cfg: Record<"mapping" | "provider" | "app" | "group", Obj> = { mapping: {}, provider: {}, app: {}, group: {} };
  let mapping: Stored;
  let provider: Stored;
  let app: Stored;
  let group: Stored;

  /** What the double received since `from`, in the shape of TfProvider.calls. */
  const seen = (from: number): Call[] =>
    ak.requests.slice(from).map((r) => ({ method: r.method, path: r.path, query: r.query }));
  const bodiesSince = (from: number, method: string): unknown[] =>
    ak.requests.slice(from).flatMap((r) => (r.method === method ? [r.body] : []));

  before(async () => {
    ak = await startAuthentikDouble({ token: TOKEN });
    api = new Api(ak.url);
    tf = new TfProvider(api);
  });
  after(() => ak.close());

  it("serves the configure step and the data-source lookups with the query encoding of Go's url.Values", async () => {
    const from = ak.requests.length;
    const config = await tf.configure();
    assert.equal((config.error_reporting as Obj).enabled, false, "enabled would start Sentry in the provider");
    const authorization = await tf.flow("default-provider-authorization-implicit-consent");
    const invalidation = await tf.flow("default-provider-invalidation-flow");
    assert.deepEqual(
      [authorization.designation, authorization.authentication, invalidation.designation, invalidation.authentication],
      ["authorization", "require_authenticated", "invalidation", "none"],
    );
    const full = await tf.keyPair("authentik Self-signed Certificate");
    assert.equal(new X509Certificate(String(full.certificate_data)).subject.includes("authentik"), true);
    assert.ok(/^-----BEGIN (RSA )?PRIVATE KEY-----\n/.test(String(full.key_data)), "key_data is a PEM private key");
    assert.match(String(full.expiry), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const lean = await tf.keyPair("authentik Self-signed Certificate", { certificate: false, key: false });
    assert.deepEqual([lean.id, "certificate_data" in lean, "key_data" in lean], [full.id, false, false]);
    const ids = await tf.managedScopes(MANAGED);
    const names = [];
    for (const id of ids) names.push((await api.ok(`/propertymappings/provider/scope/${id}/`)).scope_name);
    assert.deepEqual(names, ["email", "openid", "profile"], "ids come in the server's order: scope_name, name");
    Object.assign(lookups, { authorization: authorization.id, invalidation: invalidation.id, key: lean.id, ids });

    const kp = String(full.id);
    const expected = [
      ["/api/v3/root/config/", {}],
      ["/api/v3/flows/instances/", { slug: ["default-provider-authorization-implicit-consent"] }],
      ["/api/v3/flows/instances/", { slug: ["default-provider-invalidation-flow"] }],
      ["/api/v3/crypto/certificatekeypairs/", { name: ["authentik Self-signed Certificate"] }],
      [`/api/v3/crypto/certificatekeypairs/${kp}/view_certificate/`, {}],
      [`/api/v3/crypto/certificatekeypairs/${kp}/view_private_key/`, {}],
      ["/api/v3/crypto/certificatekeypairs/", { name: ["authentik Self-signed Certificate"] }],
      ["/api/v3/propertymappings/provider/scope/", { managed: MANAGED }],
    ].map(([path, query]) => ({ method: "GET", path, query }));
    assert.deepEqual(seen(from).slice(0, expected.length), expected);
    assert.deepEqual(tf.calls, expected);
  });

  it("creates mapping, provider, application and group: POST 201 then GET 200 each, and plans no change after", async () => {
    const from = ak.requests.length;
    cfg.mapping = {
      name: "MinIO policy claim (minio)",
      scope_name: "minio",
      expression: 'return {"policy": ["readwrite"]}\n',
      description: "MinIO policies of the signed-in user",
    };
    mapping = await tf.create(SCOPE_MAPPING_KIND, cfg.mapping);
    assert.equal(mapping.state.expression, 'return {"policy": ["readwrite"]}', "stored stripped, diff suppressed");
    assert.deepEqual(planDiff(SCOPE_MAPPING, cfg.mapping, mapping.state), []);

    cfg.provider = {
      name: "MinIO",
      client_id: "minio-console",
      authorization_flow: lookups.authorization,
      invalidation_flow: lookups.invalidation,
      signing_key: lookups.key,
      property_mappings: [...(lookups.ids as string[]), mapping.id],
      allowed_redirect_uris: [{ matching_mode: "strict", url: REDIRECT, redirect_uri_type: "authorization" }, LOGOUT],
      access_token_validity: "hours=1",
      grant_types: PROGRAM_GRANT_TYPES,
    };
    provider = await tf.create(OAUTH2_PROVIDER_KIND, cfg.provider);
    const secret = String(provider.state.client_secret);
    assert.ok(/^[A-Za-z0-9]{128}$/.test(secret), "client_secret generated server-side (128 letters/digits)");
    assert.deepEqual(provider.state.allowed_redirect_uris, cfg.provider.allowed_redirect_uris);
    assert.deepEqual(provider.state.property_mappings, cfg.provider.property_mappings);
    assert.deepEqual(provider.state.grant_types, ["authorization_code", "refresh_token"]);
    assert.deepEqual(planDiff(OAUTH2_PROVIDER, cfg.provider, provider.state), []);

    cfg.app = { name: "MinIO", slug: "minio", protocol_provider: Number(provider.id), meta_launch_url: REDIRECT };
    app = await tf.create(APPLICATION_KIND, cfg.app);
    assert.equal(app.id, "minio", "the application's id is its slug");
    assert.deepEqual(planDiff(APPLICATION, cfg.app, app.state), []);

    cfg.group = { name: "minio-admins", attributes: '{"minio": {"policy": "consoleAdmin"}}' };
    group = await tf.create(GROUP_KIND, cfg.group);
    assert.deepEqual(planDiff(GROUP, cfg.group, group.state), []);

    assert.deepEqual(bodiesSince(from, "POST")[1], {
      name: "MinIO",
      authorization_flow: lookups.authorization,
      authentication_flow: null,
      invalidation_flow: lookups.invalidation,
      access_code_validity: "minutes=1",
      access_token_validity: "hours=1",
      refresh_token_validity: "days=30",
      refresh_token_threshold: "seconds=0",
      include_claims_in_id_token: true,
      client_id: "minio-console",
      issuer_mode: "per_provider",
      sub_mode: "hashed_user_id",
      client_type: "confidential",
      property_mappings: cfg.provider.property_mappings,
      jwt_federation_sources: [],
      logout_method: "backchannel",
      signing_key: lookups.key,
      encryption_key: null,
      redirect_uris: [
        { matching_mode: "strict", url: REDIRECT, redirect_uri_type: "authorization" },
        { matching_mode: "regex", url: "https://console\\.minio\\.test/(login)?", redirect_uri_type: "logout" },
      ],
      jwt_federation_providers: [],
      grant_types: ["authorization_code", "refresh_token"],
    });
    assert.deepEqual(bodiesSince(from, "POST")[2], {
      name: "MinIO",
      slug: "minio",
      provider: Number(provider.id),
      open_in_new_tab: false,
      meta_hide: false,
      policy_engine_mode: "any",
      meta_launch_url: REDIRECT,
      backchannel_providers: [],
    });
    assert.deepEqual(
      seen(from).map((c) => `${c.method} ${c.path}${JSON.stringify(c.query)}`),
      [
        "POST /api/v3/propertymappings/provider/scope/{}",
        `GET /api/v3/propertymappings/provider/scope/${mapping.id}/{}`,
        "POST /api/v3/providers/oauth2/{}",
        `GET /api/v3/providers/oauth2/${provider.id}/{}`,
        "POST /api/v3/core/applications/{}",
        "GET /api/v3/core/applications/minio/{}",
        "POST /api/v3/core/groups/{}",
        `GET /api/v3/core/groups/${group.id}/{"include_users":["false"]}`,
      ],
    );
  });

  it("refreshes with one GET per object, reads back identical state and plans nothing", async () => {
    const from = ak.requests.length;
    for (const [kind, stored, schema, config] of [
      [SCOPE_MAPPING_KIND, mapping, SCOPE_MAPPING, cfg.mapping],
      [OAUTH2_PROVIDER_KIND, provider, OAUTH2_PROVIDER, cfg.provider],
      [APPLICATION_KIND, app, APPLICATION, cfg.app],
      [GROUP_KIND, group, GROUP, cfg.group],
    ] as const) {
      const again = await tf.read(kind, stored.id, stored.state);
      assert.ok(again, `${kind.collection}: still there`);
      assert.equal(again.id, stored.id);
      assert.deepEqual(
        redacted(again.state),
        redacted(stored.state),
        `${kind.collection}: a second read changes nothing`,
      );
      assert.deepEqual(planDiff(schema, config, again.state), [], `${kind.collection}: no diff`);
    }
    assert.deepEqual(
      seen(from).map((c) => c.method),
      ["GET", "GET", "GET", "GET"],
    );
  });

  it("serves the group data source by name with the Go client's flags: its id without members; no match is empty", async () => {
    const from = ak.requests.length;
    const found = await tf.group("minio-admins", false);
    assert.deepEqual(found, { id: group.id, pk: group.id, name: "minio-admins", users: [], users_obj: [] });
    const withUsers = await tf.group("minio-admins", true);
    assert.deepEqual(withUsers.users_obj, []);
    await assert.rejects(tf.group("minio-admins ", false), /^Error: No matching groups found$/);
    await assert.rejects(tf.group("MINIO-ADMINS", false), /^Error: No matching groups found$/);
    const flags = { include_children: ["false"], include_inherited_roles: ["false"], include_parents: ["false"] };
    assert.deepEqual(
      seen(from).map((c) => `${c.method} ${c.path}${JSON.stringify(c.query)}`),
      [
        ["false", "minio-admins"],
        ["true", "minio-admins"],
        ["false", "minio-admins "],
        ["false", "MINIO-ADMINS"],
      ].map(
        ([users, name]) =>
          `GET /api/v3/core/groups/${JSON.stringify({ ...flags, include_users: [users], name: [name] })}`,
      ),
    );
  });

  it("updates the scope mapping expression with a PUT of the whole request model", async () => {
    const from = ak.requests.length;
    const next = { ...cfg.mapping, expression: 'return {"policy": ["readonly"]}' };
    assert.deepEqual(planDiff(SCOPE_MAPPING, next, mapping.state), ["expression"]);
    const updated = await tf.update(SCOPE_MAPPING_KIND, mapping, next);
    assert.deepEqual(bodiesSince(from, "PUT"), [
      {
        name: "MinIO policy claim (minio)",
        scope_name: "minio",
        expression: 'return {"policy": ["readonly"]}',
        description: "MinIO policies of the signed-in user",
      },
    ]);
    assert.equal(updated.id, mapping.id);
    assert.deepEqual(planDiff(SCOPE_MAPPING, next, updated.state), []);
    assert.deepEqual(
      seen(from).map((c) => `${c.method} ${c.path}`),
      [
        `PUT /api/v3/propertymappings/provider/scope/${mapping.id}/`,
        `GET /api/v3/propertymappings/provider/scope/${mapping.id}/`,
      ],
    );
    [mapping, cfg.mapping] = [updated, next];
    const stillAttached = await tf.read(OAUTH2_PROVIDER_KIND, provider.id, provider.state);
    assert.deepEqual(stillAttached?.state.property_mappings, cfg.provider.property_mappings);
  });

  it("updates the provider in place, sending the computed client_secret back and the configured grant_types", async () => {
    const from = ak.requests.length;
    const extra = {
      matching_mode: "strict",
      url: "https://alt.minio.test/oauth_callback",
      redirect_uri_type: "authorization",
    };
    const next = {
      ...cfg.provider,
      access_token_validity: "minutes=5",
      allowed_redirect_uris: [...(cfg.provider.allowed_redirect_uris as Obj[]), extra],
    };
    assert.deepEqual(planDiff(OAUTH2_PROVIDER, next, provider.state), [
      "access_token_validity",
      "allowed_redirect_uris",
    ]);
    const updated = await tf.update(OAUTH2_PROVIDER_KIND, provider, next);
    const [put] = bodiesSince(from, "PUT") as Obj[];
    assert.deepEqual(
      [put.grant_types, put.access_token_validity, put.redirect_uris],
      [["authorization_code", "refresh_token"], "minutes=5", next.allowed_redirect_uris],
    );
    assert.ok(put.client_secret === provider.state.client_secret, "the PUT sends the secret kept in state");
    assert.ok(updated.state.client_secret === provider.state.client_secret, "and the secret is unchanged");
    assert.equal(updated.id, provider.id);
    assert.deepEqual(planDiff(OAUTH2_PROVIDER, next, updated.state), []);
    assert.deepEqual(
      seen(from).map((c) => `${c.method} ${c.path}`),
      [`PUT /api/v3/providers/oauth2/${provider.id}/`, `GET /api/v3/providers/oauth2/${provider.id}/`],
    );
    [provider, cfg.provider] = [updated, next];
  });

  it("destroys application, provider, mapping and group with 204; reads then drop them, a second DELETE is 404", async () => {
    const from = ak.requests.length;
    const order = [
      [APPLICATION_KIND, app],
      [OAUTH2_PROVIDER_KIND, provider],
      [SCOPE_MAPPING_KIND, mapping],
      [GROUP_KIND, group],
    ] as const;
    for (const [kind, stored] of order) assert.equal(await tf.destroy(kind, stored.id), 204);
    for (const [kind, stored] of order) assert.equal(await tf.read(kind, stored.id, stored.state), null);
    assert.equal(await tf.destroy(SCOPE_MAPPING_KIND, mapping.id), 404, "HTTPToDiag treats it as already gone");
    assert.deepEqual(
      seen(from).map((c) => c.method),
      ["DELETE", "DELETE", "DELETE", "DELETE", "GET", "GET", "GET", "GET", "DELETE"],
    );
    assert.deepEqual(
      seen(from)
        .slice(0, 4)
        .map((c) => c.path),
      [
        "/api/v3/core/applications/minio/",
        `/api/v3/providers/oauth2/${provider.id}/`,
        `/api/v3/propertymappings/provider/scope/${mapping.id}/`,
        `/api/v3/core/groups/${group.id}/`,
      ],
    );
  });
});
