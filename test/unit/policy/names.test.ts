/**
 * The names the rules look for must be the ones the terraform-provider bridge generates for
 * terraform-provider-authentik v2026.5.0: `authentik_provider_oauth2` with its attributes client_type, signing_key,
 * allowed_redirect_uris and client_secret. The bridge's naming (dynamic bridge: one `index` module; snake_case
 * segments joined, each after the first capitalised, digits kept) is written out below and checked first against
 * names the bridge itself generated for other providers, copied from its schema goldens in pulumi-terraform-bridge
 * (dynamic/testdata/TestSchemaGeneration: Backblaze/b2-0.8.9.golden, databricks/databricks-1.50.0.golden).
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { PROVIDER_PROPERTIES, TYPES } from "../../../policy/checks";

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const camel = (snake: string) =>
  snake
    .split("_")
    .map((part, i) => (i === 0 ? part : capitalise(part)))
    .join("");
const resourceToken = (tfName: string) => {
  const [pkg, ...rest] = tfName.split("_");
  const name = camel(rest.join("_"));
  return `${pkg}:index/${name}:${capitalise(name)}`;
};

it("the naming rule reproduces names the bridge generated for b2 and databricks", () => {
  const tokens: [string, string][] = [
    ["b2_application_key", "b2:index/applicationKey:ApplicationKey"],
    ["b2_bucket_file_version", "b2:index/bucketFileVersion:BucketFileVersion"],
    ["databricks_azure_adls_gen1_mount", "databricks:index/azureAdlsGen1Mount:AzureAdlsGen1Mount"],
  ];
  for (const [tf, token] of tokens) assert.equal(resourceToken(tf), token);
  const properties: [string, string][] = [
    ["key_name", "keyName"],
    ["name_prefix", "namePrefix"],
    ["client_secret_scope", "clientSecretScope"],
    ["spark_conf_prefix", "sparkConfPrefix"],
  ];
  for (const [tf, property] of properties) assert.equal(camel(tf), property);
});

it("the provider's type token is the bridge's name for authentik_provider_oauth2", () => {
  assert.equal(TYPES.oauth2Provider, resourceToken("authentik_provider_oauth2"));
});

it("each provider property the rules read is the bridge's name for its TF attribute", () => {
  for (const [attribute, property] of Object.entries(PROVIDER_PROPERTIES)) assert.equal(property, camel(attribute));
  assert.deepEqual(Object.keys(PROVIDER_PROPERTIES).sort(), [
    "allowed_redirect_uris",
    "client_secret",
    "client_type",
    "signing_key",
  ]);
});
