import assert from "node:assert/strict";
import { it } from "node:test";
import type { PolicyResource } from "@pulumi/policy";
import { OPENID_ENV, TYPES } from "../../../policy/checks";
import { expectedResourcesProblems } from "../../../policy/rules";
import { UNKNOWN, policyView } from "../../support/policy-view";

const resource = (type: string, props: Record<string, unknown>) =>
  ({ type, props: policyView(props) }) as PolicyResource;
const PROVIDER = resource(TYPES.oauth2Provider, { clientType: "confidential" });
const COMMAND = resource(TYPES.command, { environment: { [OPENID_ENV.configUrl]: "https://a.test/x" } });
const NO_PROVIDER = `The stack has no ${TYPES.oauth2Provider}; the provider rules checked nothing.`;
const NO_COMMAND = `The stack has no ${TYPES.command} that runs the MinIO admin CLI; the MinIO rules checked nothing.`;

it("expected-resources: passes a stack with the provider and the MinIO command", () => {
  assert.deepEqual(expectedResourcesProblems([PROVIDER, COMMAND]), []);
});

it("expected-resources: names each missing kind", () => {
  assert.deepEqual(expectedResourcesProblems([]), [NO_PROVIDER, NO_COMMAND]);
  assert.deepEqual(expectedResourcesProblems([COMMAND]), [NO_PROVIDER]);
  const otherCommand = resource(TYPES.command, { environment: { PATH: "/bin" }, create: "true" });
  assert.deepEqual(expectedResourcesProblems([PROVIDER, otherCommand]), [NO_COMMAND]);
});

it("expected-resources: a command whose environment is not known yet counts (the update checks it again)", () => {
  assert.deepEqual(expectedResourcesProblems([PROVIDER, resource(TYPES.command, { environment: UNKNOWN })]), []);
});
