/**
 * The program's authentik pre-flight under the mocks, against the authentik double: with authentik answering, the
 * resources carry the ids it gave and no lookup runs through the provider; a problem ends the run before any
 * resource, one line per problem with its key and fix.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { startAuthentikDouble, type AuthentikDouble } from "../doubles/authentik/index";
import { STACK_SECRETS, TYPES, programExpectations, runProgram, stackConfig } from "./program-fixtures";

let ak: AuthentikDouble;
before(async () => {
  ak = await startAuthentikDouble({ token: STACK_SECRETS.token });
  ak.addUser({ username: "alice", groups: ["minio-admins", "minio-users"] });
});
after(() => ak.close());

const ids = async (path: string): Promise<Array<Record<string, string>>> => {
  const res = await fetch(`${ak.url}/api/v3${path}`, { headers: { authorization: `Bearer ${STACK_SECRETS.token}` } });
  return ((await res.json()) as { results: Array<Record<string, string>> }).results;
};

test("authentik answering: every resource is recorded with the ids the pre-flight found, and no invoke runs", async () => {
  const run = await runProgram(programExpectations(stackConfig("Pulumi.dev.yaml", { "authentik:url": ak.url }), true));
  assert.deepEqual(run.invokes, []);
  assert.deepEqual(
    run.resources.map((r) => r.type).sort(),
    [
      ...Object.values(TYPES).filter(
        (t) => t !== TYPES.minioProvider && t !== TYPES.iamPolicy && t !== TYPES.policiesComponent,
      ),
      // The login client's own provider, application and audience mapping.
      TYPES.provider,
      TYPES.application,
      TYPES.scopeMapping,
    ].sort(),
  );
  const flows = await ids("/flows/instances/");
  const pk = (slug: string) => flows.find((f) => f.slug === slug)?.pk;
  const provider = run.find(TYPES.provider, "minio-provider").inputs;
  assert.equal(provider.authorizationFlow, pk("default-provider-authorization-implicit-consent"));
  assert.equal(provider.invalidationFlow, pk("default-provider-invalidation-flow"));
  const pair = (await ids("/crypto/certificatekeypairs/")).find((k) => k.name === "authentik Self-signed Certificate");
  assert.equal(provider.signingKey, pair?.pk);
  const groups = await ids("/core/groups/");
  const expression = String(run.find(TYPES.scopeMapping, "minio-policy-scope-mapping").inputs.expression);
  for (const name of ["minio-admins", "minio-users"]) {
    assert.ok(expression.includes(`"${groups.find((g) => g.name === name)?.pk}"`), name);
  }
});

test("a refused token, then a missing flow: each one line with its key and fix, before any resource", async () => {
  const config = stackConfig("Pulumi.dev.yaml", { "authentik:url": ak.url, authorizationFlow: "no-such-flow" });
  const expect = programExpectations(config, true);
  ak.faults.failNext(1, 403, "GET /api/v3/core/users/me/");
  await assert.rejects(runProgram(expect), (err: Error) => {
    assert.ok(pulumi.RunError.isInstance(err));
    assert.equal(
      err.message,
      "Invalid stack configuration (1 problem):\n" +
        `  - authentik:token: authentik at ${ak.url} refuses the token (HTTP 403: "Fault injected by the authentik ` +
        'double (HTTP 403)"). Fix: create an API token in authentik (Directory > Tokens and App passwords), then ' +
        "pulumi config set --secret authentik:token",
    );
    return true;
  });
  await assert.rejects(runProgram(expect), (err: Error) => {
    assert.equal(
      err.message,
      "Invalid stack configuration (1 problem):\n" +
        `  - authorizationFlow: authentik at ${ak.url} has no flow with the slug "no-such-flow". Fix: pulumi config ` +
        "set authorizationFlow <slug of an existing flow> (authentik: Flows and Stages > Flows)",
    );
    return true;
  });
});
