/** MinIO's naming rules, at their owner: every other part (CLI, components, stack config, verify) calls these. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { configTarget, policyNameProblem, targetNameProblem } from "../../../minio-admin/names";
import { getConfigKey } from "../../../minio-admin/openid-keys";

const TARGET_RULE = 'must be empty or 1-64 letters, digits and "_", starting with a letter or digit';
const POLICY_RULE = 'must be 1 to 128 letters, digits, "_", "-", ".", "+", "=" or "@"';

describe("identity_openid target names", () => {
  it('"" and "_" name the default target; other names their own target', () => {
    assert.equal(configTarget(""), "identity_openid");
    assert.equal(configTarget("_"), "identity_openid");
    assert.equal(configTarget("x"), "identity_openid:x");
    assert.equal(configTarget("Corp_SSO2"), "identity_openid:Corp_SSO2");
    assert.equal(configTarget("a".repeat(64)), `identity_openid:${"a".repeat(64)}`);
    assert.equal(getConfigKey("identity_openid"), "identity_openid:");
    assert.equal(getConfigKey("identity_openid:x"), "identity_openid:x");
  });

  it("refuses what the KV text or MinIO's per-target variables cannot carry", () => {
    for (const bad of ["a:b", "a=b", "a b", "a-b", "a.b", "ä", "-x", "_x", "__", "a".repeat(65)]) {
      assert.equal(targetNameProblem(bad), TARGET_RULE, bad);
      assert.throws(() => configTarget(bad), { message: `configTarget: the target name ${TARGET_RULE}` }, bad);
    }
  });

  it("an accepted name is safe in an environment variable name and in the KV line (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."aZ09_-.: =,ä".split("")), maxLength: 66 }), (name) => {
        if (targetNameProblem(name) !== undefined) return;
        assert.match(name, /^([A-Za-z0-9][A-Za-z0-9_]{0,63}|_?)$/);
        assert.equal(configTarget(name).split(" ").length, 1);
      }),
    );
  });
});

describe("policy names", () => {
  it("accepts the conservative set MinIO never splits or trims, up to 128 characters", () => {
    for (const good of ["readonly", "consoleAdmin", "team-bucket_rw.v2", "a+b=c@d", "p".repeat(128)]) {
      assert.equal(policyNameProblem(good), undefined, good);
    }
    for (const bad of ["", "read only", "read,write", " lead", "trail ", "ä", "p".repeat(129)]) {
      assert.equal(policyNameProblem(bad), POLICY_RULE, bad);
    }
  });
});
