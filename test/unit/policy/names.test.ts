/**
 * The names the rules look for, derived from terraform-provider-authentik v2026.5.0's schema by the bridge's naming
 * rules (dynamic bridge: one `index` module; snake_case segments joined, each after the first capitalised). A typo
 * in a token or property name would make a rule silently match nothing, so each one is derived here, not repeated.
 */
import assert from "node:assert/strict";
import { it } from "node:test";
import { TYPES } from "../../../policy/checks";

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const camel = (snake: string) =>
  snake
    .split("_")
    .map((part, i) => (i === 0 ? part : capitalise(part)))
    .join("");

/** `authentik_provider_oauth2` -> `authentik:index/providerOauth2:ProviderOauth2`. */
function resourceToken(tfName: string): string {
  const [pkg, ...rest] = tfName.split("_");
  const name = camel(rest.join("_"));
  return `${pkg}:index/${name}:${capitalise(name)}`;
}

it("the provider's type token is the bridge's name for authentik_provider_oauth2", () => {
  assert.equal(TYPES.oauth2Provider, resourceToken("authentik_provider_oauth2"));
});

it("the provider properties the rules read are the bridge's names for the TF attributes", async () => {
  // The rules read these properties; the policy source must use exactly the derived names.
  const source = (await import("node:fs")).readFileSync(require.resolve("../../../policy/checks"), "utf8");
  for (const attribute of ["client_type", "signing_key", "allowed_redirect_uris"]) {
    assert.ok(source.includes(`"${camel(attribute)}"`), `${attribute} -> ${camel(attribute)}`);
  }
  // Keys inside a TF map (allowed_redirect_uris is a list of maps) are data, not schema: the bridge keeps them.
  for (const key of ["matching_mode", "url"]) assert.ok(source.includes(`"${key}"`), key);
});
