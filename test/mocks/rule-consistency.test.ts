/**
 * The same rule is checked in three places: the stack config (lib/), the Pulumi components and the admin CLI. A value
 * the stack config accepts must never be refused later by the component or the CLI (that would fail `pulumi up`
 * half-way), and the component must accept exactly what the CLI accepts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { configKeyName } from "../../components/minio-openid";
import { checkPolicyName } from "../../components/minio-policies";
import { configNameProblem, policyNameProblem } from "../../lib/config-rules";
import { configTarget, targetNameProblem } from "../../minio-admin/openid-keys";

const RUNS = 500;

/** Names built from the characters the rules care about, plus long ones around the 64-character limit. */
const nameChars = fc.constantFrom(..."aZ09_-.: =,/ä\t".split(""));
const names = fc.oneof(
  fc.string({ unit: nameChars, maxLength: 8 }),
  fc.tuple(fc.constantFrom("a", "_", "-"), fc.integer({ min: 60, max: 70 })).map(([c, n]) => "b" + c.repeat(n)),
);

describe("one rule per value across stack config, components and admin CLI", () => {
  it("identity_openid target names: stack config ⊆ component = CLI, all naming the same target", () => {
    fc.assert(
      fc.property(names, (name) => {
        if (name === "" || name === "_") return; // the default target, spelled differently on purpose
        const cliOk = targetNameProblem(name) === undefined;
        let componentTarget: string | undefined;
        try {
          componentTarget = configKeyName(name);
        } catch {
          componentTarget = undefined;
        }
        assert.equal(componentTarget !== undefined, cliOk, `component vs CLI on ${JSON.stringify(name)}`);
        if (cliOk) assert.equal(componentTarget, configTarget(name));
        if (configNameProblem(name) === undefined) assert.ok(cliOk, `stack config accepts ${JSON.stringify(name)}`);
      }),
      { numRuns: RUNS },
    );
    // Boundaries, checked by name so the property above cannot pass on a lucky sample.
    assert.equal(configNameProblem("a".repeat(64)), undefined);
    assert.notEqual(configNameProblem("a".repeat(65)), undefined);
    assert.notEqual(configNameProblem("_a"), undefined);
    assert.equal(targetNameProblem("_a"), targetNameProblem("-a"));
  });

  it("policy names: every name the stack config accepts passes the component's MinIO check", () => {
    const policyChars = fc.constantFrom(..."aZ09_-.+=@, /".split(""));
    fc.assert(
      fc.property(fc.string({ unit: policyChars, maxLength: 10 }), (name) => {
        if (policyNameProblem(name) !== undefined) return;
        assert.equal(checkPolicyName(name), name);
      }),
      { numRuns: RUNS },
    );
  });
});
