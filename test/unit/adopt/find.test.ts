import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AdoptRefusal,
  describePlan,
  planAdoption,
  type Candidates,
  type FoundProvider,
  type Wanted,
} from "../../../adopt/find";
import { importEntries, TYPES } from "../../../adopt/import-plan";

const WANTED: Wanted = { providerName: "MinIO", slug: "minio", mappingName: "MinIO: MinIO policies" };
const SECRET = "generated-client-secret-".padEnd(128, "x");
const MAPPING = { pk: "5b0c8e44-3d8a-4a0e-9f51-0a1b2c3d4e5f", name: "OIDC-Scope-minio", scope_name: "minio" };
const OPENID = {
  pk: "9d9c6f53-0000-4000-8000-000000000001",
  name: "authentik default OAuth Mapping: OpenID 'openid'",
  scope_name: "openid",
};

function provider(extra: Partial<FoundProvider> = {}): FoundProvider {
  return {
    pk: 7,
    name: "MinIO",
    client_id: "Oiu15eMSPaaDeOrZ1ftWxSdmj8XDc5gCZGq6KkoH",
    client_secret: SECRET,
    property_mappings: [OPENID.pk, MAPPING.pk],
    assigned_application_slug: "minio",
    ...extra,
  };
}

const handMade = (extra: Partial<Candidates> = {}): Candidates => ({
  providers: [provider()],
  application: { slug: "minio", name: "MinIO", provider: 7 },
  mappings: [MAPPING],
  ...extra,
});

/** The refusal's message, or a failure when planAdoption does not refuse. */
function refusal(wanted: Wanted, found: Candidates): string {
  try {
    planAdoption(wanted, found);
  } catch (err) {
    assert.ok(err instanceof AdoptRefusal);
    return err.message;
  }
  assert.fail("planAdoption did not refuse");
}

describe("adopt: which hand-made objects a stack adopts (pure)", () => {
  it("the guide's setup: provider by name, its application and its one mapping of scope minio", () => {
    const plan = planAdoption(WANTED, handMade());
    assert.deepEqual(
      { provider: plan.provider.pk, app: plan.application?.slug, mapping: plan.mapping?.pk },
      { provider: 7, app: "minio", mapping: MAPPING.pk },
    );
    assert.equal(plan.setClientId, "Oiu15eMSPaaDeOrZ1ftWxSdmj8XDc5gCZGq6KkoH", "the generated client ID is kept");
    assert.equal(plan.setClientSecret, true);
    const printed = describePlan(plan, WANTED).join("\n");
    assert.ok(!printed.includes(SECRET), "the client secret is never printed");
    assert.equal(
      printed,
      [
        '  provider       "MinIO" (pk 7, client ID "Oiu15eMSPaaDeOrZ1ftWxSdmj8XDc5gCZGq6KkoH")',
        '  application    "minio" ("MinIO")',
        `  scope mapping  "OIDC-Scope-minio" (pk ${MAPPING.pk}), scope "minio", renamed to "MinIO: MinIO policies" by pulumi up`,
        '  config         clientId = "Oiu15eMSPaaDeOrZ1ftWxSdmj8XDc5gCZGq6KkoH" (the provider\'s)',
        "  config         clientSecret = the provider's client secret, stored encrypted",
      ].join("\n"),
    );
  });

  it("a stack that already names the client ID and secret: nothing to store; by client ID alone, renamed", () => {
    const both = { ...WANTED, clientId: provider().client_id, clientSecret: SECRET };
    const plan = planAdoption(both, handMade());
    assert.deepEqual([plan.setClientId, plan.setClientSecret], [undefined, false]);
    const byId = planAdoption({ ...both, providerName: "MinIO SSO" }, handMade());
    assert.equal(byId.provider.pk, 7);
    assert.match(describePlan(byId, { ...both, providerName: "MinIO SSO" })[0], /renamed to "MinIO SSO" by pulumi up$/);
  });

  it("no application and no mapping of scope minio: only the provider is adopted, up creates the rest", () => {
    const plan = planAdoption(
      WANTED,
      handMade({
        application: undefined,
        providers: [provider({ assigned_application_slug: null, property_mappings: [OPENID.pk] })],
      }),
    );
    assert.deepEqual(
      importEntries(plan).map((e) => [e.type, e.logicalName, e.id ?? "", e.parent ?? ""]),
      [
        [TYPES.sso, "minio", "", ""],
        [TYPES.providerStep, "minio", "", "sso"],
        [TYPES.provider, "minio-provider", "7", "provider-step"],
      ],
    );
  });

  it("the import entries put each object under the program's components, with the program's names", () => {
    assert.deepEqual(
      importEntries(planAdoption(WANTED, handMade())).map((e) => [e.name, e.logicalName, e.id ?? "", e.parent ?? ""]),
      [
        ["sso", "minio", "", ""],
        ["mapping-step", "minio-policy", "", "sso"],
        ["mapping", "minio-policy-scope-mapping", MAPPING.pk, "mapping-step"],
        ["provider-step", "minio", "", "sso"],
        ["provider", "minio-provider", "7", "provider-step"],
        ["application-step", "minio", "", "sso"],
        ["application", "minio-application", "minio", "application-step"],
      ],
    );
  });

  it("refuses two providers, one by name and another by client ID", () => {
    const other = provider({ pk: 9, name: "Old MinIO", client_id: "minio", assigned_application_slug: null });
    assert.equal(
      refusal(WANTED, handMade({ providers: [provider(), other] })),
      'two authentik providers could be this stack\'s: the provider "MinIO" (pk 7, client ID ' +
        '"Oiu15eMSPaaDeOrZ1ftWxSdmj8XDc5gCZGq6KkoH") by providerName, and the provider "Old MinIO" (pk 9, client ID ' +
        '"minio") by client ID. Fix: make providerName and clientId name the same provider (pulumi config set ' +
        'providerName "<name>"; pulumi config set clientId "<client ID>"), or rename the other provider in authentik',
    );
  });

  it("refuses two mappings of scope minio on the provider", () => {
    const second = { pk: "0f0e0d0c-0b0a-4909-8807-060504030201", name: "minio-policies", scope_name: "minio" };
    const found = handMade({
      providers: [provider({ property_mappings: [OPENID.pk, MAPPING.pk, second.pk] })],
      mappings: [MAPPING, second],
    });
    assert.match(refusal(WANTED, found), /uses 2 scope mappings of scope "minio": "OIDC-Scope-minio" \(pk 5b0c/);
  });

  it("refuses an application bound to another provider, and a provider used by another application", () => {
    assert.equal(
      refusal(WANTED, handMade({ application: { slug: "minio", name: "MinIO", provider: 3 } })),
      'the application "minio" is bound to the provider with pk 3, not to the provider "MinIO" (pk 7, client ID ' +
        '"Oiu15eMSPaaDeOrZ1ftWxSdmj8XDc5gCZGq6KkoH") that providerName and clientId name. Fix: set providerName ' +
        "and clientId to the application's provider, or applicationSlug to the slug of that provider's application",
    );
    assert.match(
      refusal(WANTED, handMade({ application: undefined, providers: [provider({ assigned_application_slug: "s3" })] })),
      /is used by the application "s3", not by the stack's applicationSlug "minio"\. Fix: pulumi config set applicationSlug "s3"$/,
    );
  });

  it("refuses a client ID or secret in the stack's config that is not the provider's", () => {
    assert.match(
      refusal({ ...WANTED, clientId: "minio-console" }, handMade()),
      /has another client ID than the stack's clientId "minio-console"; MinIO and its users hold the provider's\. Fix: pulumi config rm clientId/,
    );
    const message = refusal({ ...WANTED, clientSecret: "a-different-secret-of-32-characters!" }, handMade());
    assert.match(message, /^the stack's clientSecret is not the client secret of the provider "MinIO"/);
    assert.ok(!message.includes(SECRET) && !message.includes("a-different-secret"));
  });

  it("refuses when there is nothing to adopt, and when the mapping's new name is taken", () => {
    assert.match(
      refusal(WANTED, handMade({ providers: [] })),
      /^authentik has no provider named "MinIO" and none with client ID "minio"/,
    );
    const taken = { pk: "11111111-2222-4333-8444-555555555555", name: "MinIO: MinIO policies", scope_name: "minio" };
    assert.match(
      refusal(WANTED, handMade({ mappings: [MAPPING, taken] })),
      /a scope mapping named "MinIO: MinIO policies" \(pk 1111/,
    );
  });
});
