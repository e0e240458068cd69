/**
 * The names the rules look for are the generated @pulumi/authentik SDK's own: the provider's type token and the
 * input properties it sends (checked against the SDK's class and its source, so a schema change fails here).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { it } from "node:test";
import { PROVIDER_PROPERTIES, TYPES } from "../../../policy/checks";
import { fromRoot } from "../../support/paths";

const source = readFileSync(fromRoot("sdks", "authentik", "providerOauth2.ts"), "utf8");

it("the provider's type token is the generated class's", () => {
  assert.equal(/__pulumiType = '([^']+)'/.exec(source)?.[1], TYPES.oauth2Provider);
});

it("each provider property the rules read is an input the generated class sends", () => {
  const sent = new Set([...source.matchAll(/resourceInputs\["(\w+)"\] = args\?\./g)].map((m) => m[1]));
  assert.ok(sent.size > 20, "the generated constructor was read");
  for (const property of Object.values(PROVIDER_PROPERTIES)) assert.ok(sent.has(property), property);
});
