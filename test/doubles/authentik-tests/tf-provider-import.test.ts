/**
 * Adopting hand-made objects, as terraform-provider-authentik v2026.5.0 does it against the double: `pulumi import`
 * runs the resource's importer, schema.ImportStatePassthroughContext for the OAuth2 provider, the application and
 * the scope mapping (the id given is the id kept), then its read function, one GET by id; the next `pulumi up` runs
 * the update function, a PUT of the whole request model. authentik keeps the object's pk, the provider's generated
 * client ID and secret, and refuses a mapping name another mapping holds (core/models.py PropertyMapping.name is
 * unique=True; DRF's UniqueValidator answers "Property Mapping with this name already exists.").
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startAuthentikDouble, type AuthentikDouble } from "../authentik/index";
import { makeAuthentikByHand, type HandMade } from "../../e2e/hand-made";
import { REDIRECT_URI, SECRETS } from "../../e2e/world";
import { Api } from "./client";
import { PROGRAM_GRANT_TYPES } from "./fixtures";
import { OAUTH2_PROVIDER, SCOPE_MAPPING, APPLICATION } from "./tf-provider-model";
import { planDiff, type Obj } from "./tf-go-rules";
import { APPLICATION_KIND, OAUTH2_PROVIDER_KIND, SCOPE_MAPPING_KIND, TfProvider, type Stored } from "./tf-provider-run";

const MANAGED = ["openid", "email", "profile"].map((s) => `goauthentik.io/providers/oauth2/scope-${s}`);

describe("terraform-provider-authentik v2026.5.0 importing and updating hand-made objects on the double", () => {
  let ak: AuthentikDouble;
  let tf: TfProvider;
  let api: Api;
  let made: HandMade;
  const imported: Record<"mapping" | "provider" | "app", Stored | null> = { mapping: null, provider: null, app: null };
  const cfg: Record<"mapping" | "provider" | "app", Obj> = { mapping: {}, provider: {}, app: {} };

  before(async () => {
    ak = await startAuthentikDouble({ token: SECRETS.authentikToken });
    api = new Api(ak.url, SECRETS.authentikToken);
    tf = new TfProvider(api);
    made = await makeAuthentikByHand({ authentik: ak });
    // What the program declares for them (components/authentik-*.ts), in the provider's terms.
    const [authorization, invalidation] = await Promise.all(
      ["default-provider-authorization-implicit-consent", "default-provider-invalidation-flow"].map((s) => tf.flow(s)),
    );
    const key = await tf.keyPair("authentik Self-signed Certificate", { certificate: false, key: false });
    cfg.mapping = {
      name: "MinIO: MinIO policies",
      scope_name: "minio",
      expression: 'return {"policy": "consoleAdmin"}',
      description: "Your MinIO policies",
    };
    cfg.provider = {
      name: "MinIO",
      client_type: "confidential",
      client_id: made.clientId,
      client_secret: made.clientSecret,
      authorization_flow: authorization.id,
      invalidation_flow: invalidation.id,
      signing_key: key.id,
      property_mappings: [...(await tf.managedScopes(MANAGED)), made.mappingPk],
      allowed_redirect_uris: [{ matching_mode: "strict", url: REDIRECT_URI, redirect_uri_type: "authorization" }],
      grant_types: PROGRAM_GRANT_TYPES,
      access_token_validity: "minutes=10",
      include_claims_in_id_token: true,
      issuer_mode: "per_provider",
    };
    cfg.app = { name: "MinIO", slug: "minio", protocol_provider: made.providerPk };
  });
  after(() => ak.close());

  it("import: one GET by the given id each; the state holds authentik's generated client ID and secret", async () => {
    const from = tf.calls.length;
    imported.mapping = await tf.read(SCOPE_MAPPING_KIND, made.mappingPk, {});
    imported.provider = await tf.read(OAUTH2_PROVIDER_KIND, String(made.providerPk), {});
    imported.app = await tf.read(APPLICATION_KIND, "minio", {});
    assert.deepEqual(
      tf.calls.slice(from).map((c) => `${c.method} ${c.path}`),
      [
        `GET /api/v3/propertymappings/provider/scope/${made.mappingPk}/`,
        `GET /api/v3/providers/oauth2/${made.providerPk}/`,
        "GET /api/v3/core/applications/minio/",
      ],
    );
    assert.deepEqual(
      [imported.mapping?.id, imported.provider?.id, imported.app?.id],
      [made.mappingPk, String(made.providerPk), "minio"],
    );
    assert.equal(imported.provider?.state.client_id, made.clientId);
    assert.equal(imported.provider?.state.client_secret, made.clientSecret);
  });

  it("the plan after import: what the guide leaves different from the program, and nothing else", () => {
    // The same attributes the real engine's preview shows after adopt (test/e2e/adopt.e2e.ts).
    assert.deepEqual(planDiff(SCOPE_MAPPING, cfg.mapping, imported.mapping!.state), [
      "name",
      "description",
      "expression",
    ]);
    assert.deepEqual(planDiff(OAUTH2_PROVIDER, cfg.provider, imported.provider!.state), ["access_token_validity"]);
    assert.deepEqual(planDiff(APPLICATION, cfg.app, imported.app!.state), []);
  });

  it("update in place: a PUT each, the same pk, client ID and secret; then no plan", async () => {
    const mapping = await tf.update(SCOPE_MAPPING_KIND, imported.mapping!, cfg.mapping);
    const provider = await tf.update(OAUTH2_PROVIDER_KIND, imported.provider!, cfg.provider);
    assert.deepEqual([mapping.id, provider.id], [made.mappingPk, String(made.providerPk)]);
    assert.equal(mapping.state.name, "MinIO: MinIO policies");
    assert.deepEqual([provider.state.client_id, provider.state.client_secret], [made.clientId, made.clientSecret]);
    assert.deepEqual(planDiff(SCOPE_MAPPING, cfg.mapping, mapping.state), []);
    assert.deepEqual(planDiff(OAUTH2_PROVIDER, cfg.provider, provider.state), []);
    const mappings = ((await api.get("/propertymappings/provider/scope/?scope_name=minio")).body as { results: Obj[] })
      .results;
    assert.deepEqual(
      mappings.map((m) => m.pk),
      [made.mappingPk],
      "no second mapping",
    );
  });

  it("a rename to a name another mapping holds is refused, and nothing changes", async () => {
    const other = await api.post("/propertymappings/provider/scope/", {
      name: "OIDC-Scope-minio",
      scope_name: "minio",
      expression: "return None",
    });
    assert.equal(other.status, 201);
    const reply = await api.put(`/propertymappings/provider/scope/${made.mappingPk}/`, {
      ...cfg.mapping,
      name: "OIDC-Scope-minio",
    });
    assert.equal(reply.status, 400);
    assert.deepEqual(reply.body, { name: ["Property Mapping with this name already exists."] });
    const kept = (await api.get(`/propertymappings/provider/scope/${made.mappingPk}/`)).body as Obj;
    assert.equal(kept.name, "MinIO: MinIO policies");
  });
});
