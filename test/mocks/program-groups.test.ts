/** The mapping's groups under the mocks: a group authentik does not have fails the run, naming it and the fix. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { programExpectations, runProgram, stackConfig } from "./program-fixtures";

const DEV_ADMINS = { group: "minio-admins", policies: "consoleAdmin" };

test("a group missing in authentik (a typo) fails preview naming the group, groupPolicies, authentik and the fix", async () => {
  const config = stackConfig("Pulumi.dev.yaml", {
    groupPolicies: JSON.stringify([DEV_ADMINS, { group: "minio-usres", policies: "readonly" }]),
  });
  await assert.rejects(runProgram(programExpectations(config, true)), (err: Error) => {
    assert.ok(pulumi.RunError.isInstance(err));
    assert.equal(
      err.message,
      'looking up the group "minio-usres" (config key groupPolicies) in authentik at http://127.0.0.1:9100 failed: ' +
        'No matching groups found. Fix: create the group "minio-usres" in authentik, or name an existing group: ' +
        "pulumi config set --path 'groupPolicies[1].group' \"<group name>\"; or check that authentik answers at " +
        "http://127.0.0.1:9100 with the stack's authentik:token",
    );
    return true;
  });
});

test("every missing group is named in the one error, each with its own entry of groupPolicies", async () => {
  const config = stackConfig("Pulumi.dev.yaml", {
    groupPolicies: JSON.stringify([
      { group: "ghosts", policies: "readonly" },
      DEV_ADMINS,
      { group: 'odd "name"', policies: "readonly" },
    ]),
  });
  const expect = programExpectations(config, true);
  const run = runProgram(expect);
  await assert.rejects(run, (err: Error) => {
    const lines = err.message.split("\n");
    assert.equal(lines.length, 2);
    assert.match(
      lines[0],
      /^looking up the group "ghosts" \(config key groupPolicies\) .* --path 'groupPolicies\[0\]\.group' /,
    );
    assert.match(
      lines[1],
      /^looking up the group "odd \\"name\\"" \(config key groupPolicies\) .* --path 'groupPolicies\[2\]\.group' /,
    );
    return true;
  });
});
