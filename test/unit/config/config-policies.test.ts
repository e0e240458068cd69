/** The policy keys: mapping form, policy references, group rules and custom policy documents. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadConfig } from "../../../lib/config";
import { problems, validRaw } from "./fixtures";

const GROUPS_FIX = `pulumi config set --path 'groupPolicies[0].group' minio-admins && pulumi config set --path 'groupPolicies[0].policies' consoleAdmin`;
const CUSTOM_FIX = `pulumi config set --path 'customPolicies.bucket-reader.Version' 2012-10-17 && pulumi config set --path 'customPolicies.bucket-reader.Statement[0].Effect' Allow (then Action and Resource the same way)`;
const ACTION_FIX =
  "set Action: [s3:GetObject] or similar; use MinIO's action names, e.g. s3:GetObject, s3:PutObject, s3:ListBucket, or a wildcard such as s3:Get*";
const BUILTINS = "(consoleAdmin, diagnostics, readonly, readwrite, writeonly)";
const declareFix = (name: string) =>
  `declare it in the stack file under customPolicies, e.g. ${name}: {Version: "2012-10-17", Statement: [{Effect: Allow, Action: [s3:GetObject], Resource: ["arn:aws:s3:::bucket/*"]}]}`;
const groups = (value: unknown) => validRaw({ defaultPolicy: undefined, groupPolicies: JSON.stringify(value) });
const DOC = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: ["*"] }] };

describe("loadConfig: policy mapping form", () => {
  it("no mapping at all", () => {
    assert.deepEqual(problems(validRaw({ defaultPolicy: undefined })), [
      "defaultPolicy: no policy mapping is configured: set defaultPolicy (same policies for everyone) or groupPolicies (policies by authentik group). | pulumi config set defaultPolicy readonly",
    ]);
  });

  it("both forms at once", () => {
    assert.deepEqual(problems(validRaw({ groupPolicies: '[{"group":"g","policies":"readonly"}]' })), [
      "defaultPolicy: is set together with groupPolicies; use exactly one of the two. | pulumi config rm defaultPolicy",
    ]);
  });

  it("fallback without group mapping", () => {
    assert.deepEqual(problems(validRaw({ fallbackPolicy: "readonly" })), [
      "fallbackPolicy: only applies together with groupPolicies. | pulumi config rm fallbackPolicy",
    ]);
  });
});

describe("loadConfig: policy references", () => {
  it("unknown policy names, with a fix that declares them", () => {
    assert.deepEqual(problems(validRaw({ defaultPolicy: '["readonly","auditor"]' })), [
      `defaultPolicy: "auditor" is neither a MinIO built-in policy ${BUILTINS} nor declared in customPolicies. | ${declareFix("auditor")}`,
    ]);
  });

  it("built-in names are case-sensitive", () => {
    assert.deepEqual(problems(validRaw({ defaultPolicy: "ReadWrite" })), [
      `defaultPolicy: "ReadWrite" is neither a MinIO built-in policy ${BUILTINS} nor declared in customPolicies. | ${declareFix("ReadWrite")}`,
    ]);
  });

  it("invalid policy names and duplicates", () => {
    assert.deepEqual(problems(validRaw({ defaultPolicy: '["readonly","read only","readonly"]' })), [
      `defaultPolicy: "read only" is not a valid policy name: it must be 1 to 128 letters, digits, "_", "-", ".", "+", "=" or "@". | pulumi config set defaultPolicy readonly`,
      `defaultPolicy: lists the policy "readonly" twice. | pulumi config set defaultPolicy readonly`,
    ]);
  });

  it("a comma-separated name is one invalid name", () => {
    assert.deepEqual(problems(validRaw({ defaultPolicy: "readonly,diagnostics" })), [
      `defaultPolicy: "readonly,diagnostics" is not a valid policy name: it must be 1 to 128 letters, digits, "_", "-", ".", "+", "=" or "@". | pulumi config set defaultPolicy readonly`,
    ]);
  });

  it("defaultPolicy JSON that is broken or of the wrong shape", () => {
    assert.deepEqual(problems(validRaw({ defaultPolicy: '["readonly"' })), [
      `defaultPolicy: "[\\"readonly\\"" is not valid JSON; use one policy name or a YAML list of names. | pulumi config set defaultPolicy readonly`,
    ]);
    assert.deepEqual(problems(validRaw({ defaultPolicy: "[]" })), [
      `defaultPolicy: "[]" must be one policy name or a non-empty YAML list of policy names. | pulumi config set defaultPolicy readonly`,
    ]);
    assert.deepEqual(problems(validRaw({ defaultPolicy: "[1]" })), [
      `defaultPolicy: "[1]" must be one policy name or a non-empty YAML list of policy names. | pulumi config set defaultPolicy readonly`,
    ]);
  });

  it("fallback referencing an undeclared policy", () => {
    const raw = { ...groups([{ group: "g", policies: "readonly" }]), fallbackPolicy: "guest" };
    assert.deepEqual(problems(raw), [
      `fallbackPolicy: "guest" is neither a MinIO built-in policy ${BUILTINS} nor declared in customPolicies. | ${declareFix("guest")}`,
    ]);
  });

  it("a policy declared in customPolicies may be used", () => {
    const config = loadConfig(validRaw({ defaultPolicy: "auditor", customPolicies: JSON.stringify({ auditor: DOC }) }));
    assert.deepEqual(config.policyMapping, { kind: "fixed", policies: "auditor" });
    assert.deepEqual(config.customPolicies, { auditor: DOC });
  });
});

describe("loadConfig: groupPolicies entries", () => {
  it("not JSON, not a list, empty list", () => {
    const shape = "a non-empty YAML list of {group, policies} entries.";
    assert.deepEqual(problems(validRaw({ defaultPolicy: undefined, groupPolicies: "[{" })), [
      `groupPolicies: is not valid JSON; expected ${shape} | ${GROUPS_FIX}`,
    ]);
    assert.deepEqual(problems(groups({ group: "g", policies: "readonly" })), [
      `groupPolicies: must be ${shape} | ${GROUPS_FIX}`,
    ]);
    assert.deepEqual(problems(groups([])), [`groupPolicies: must be ${shape} | ${GROUPS_FIX}`]);
  });

  it("every bad entry is reported, with its position", () => {
    const raw = groups([
      { group: "ok", policies: "readonly" },
      { group: "", policies: "readonly" },
      { group: "ok", policies: ["readwrite"] },
      { group: "x", policies: [] },
      { group: "y", policy: "readonly" },
      "z",
      { group: "a\u0000b", policies: "readonly" },
      { group: " padded", policies: "readonly" },
      { group: "\ud800", policies: "readonly" },
      { group: 7, policies: "readonly" },
      { group: "w", policies: ["nope"] },
    ]);
    const fix = ` | ${GROUPS_FIX}`;
    assert.deepEqual(problems(raw), [
      `groupPolicies: entry 2: "group" must be a non-empty string.${fix}`,
      `groupPolicies: entry 3: group "ok" already appears in entry 1.${fix}`,
      `groupPolicies: entry 4: "policies" must be one policy name or a non-empty YAML list of policy names.${fix}`,
      `groupPolicies: entry 5 must be an object with exactly the keys "group" and "policies".${fix}`,
      `groupPolicies: entry 6 must be an object with exactly the keys "group" and "policies".${fix}`,
      `groupPolicies: entry 7: group "a\\u0000b" must not contain control characters or line breaks.${fix}`,
      `groupPolicies: entry 8: group " padded" must not start or end with whitespace.${fix}`,
      `groupPolicies: entry 9: group "\\ud800" contains an unpaired UTF-16 surrogate.${fix}`,
      `groupPolicies: entry 10: "group" must be a non-empty string.${fix}`,
      `groupPolicies: entry 11: "nope" is neither a MinIO built-in policy ${BUILTINS} nor declared in customPolicies. | ${declareFix("nope")}`,
    ]);
  });
});

describe("loadConfig: customPolicies", () => {
  const custom = (value: unknown) =>
    validRaw({ customPolicies: typeof value === "string" ? value : JSON.stringify(value) });

  it("not JSON or not an object", () => {
    const shape = "a YAML map of policy names to MinIO policy documents.";
    assert.deepEqual(problems(custom("{")), [`customPolicies: is not valid JSON; expected ${shape} | ${CUSTOM_FIX}`]);
    assert.deepEqual(problems(custom([DOC])), [`customPolicies: must be ${shape} | ${CUSTOM_FIX}`]);
  });

  it("every document problem is reported", () => {
    const raw = custom({
      readwrite: DOC,
      "bad name": DOC,
      "no-version": { Statement: DOC.Statement },
      "old-version": { Version: "2008-10-17", Statement: DOC.Statement },
      "no-statement": { Version: "2012-10-17", Statement: [] },
      "bad-effect": { Version: "2012-10-17", Statement: [{ Effect: "allow" }, "x"] },
      extra: { ...DOC, Id: "x" },
      scalar: 5,
    });
    const fix = ` | ${CUSTOM_FIX}`;
    assert.deepEqual(problems(raw), [
      `customPolicies: "bad name" is not a valid policy name: it must be 1 to 128 letters, digits, "_", "-", ".", "+", "=" or "@".${fix}`,
      `customPolicies: policy "bad-effect", statement 1: "Effect" must be "Allow" or "Deny" (it is "allow"). | set Effect: Allow or Effect: Deny`,
      `customPolicies: policy "bad-effect", statement 1: "Action" must be an action or a non-empty list of actions. | ${ACTION_FIX}`,
      `customPolicies: policy "bad-effect", statement 2: the statement must be a YAML map (Effect, Action, Resource, ...).${fix}`,
      `customPolicies: policy "extra": the key "Id" must be written "ID" (MinIO matches keys case-insensitively, so two spellings would silently replace each other). | rename "Id" to "ID"`,
      `customPolicies: policy "no-statement": "Statement" must be a non-empty list.${fix}`,
      `customPolicies: policy "no-version": "Version" must be "2012-10-17".${fix}`,
      `customPolicies: policy "old-version": "Version" must be "2012-10-17".${fix}`,
      `customPolicies: "readwrite" is a MinIO built-in policy; give the custom policy another name.${fix}`,
      `customPolicies: policy "scalar" must be a YAML map (a policy document).${fix}`,
    ]);
  });

  it("a referenced custom policy with a broken document is reported once, as a document problem", () => {
    const raw = {
      ...validRaw({ defaultPolicy: "auditor" }),
      customPolicies: JSON.stringify({ auditor: { Version: "1" } }),
    };
    assert.deepEqual(problems(raw), [
      `customPolicies: policy "auditor": "Version" must be "2012-10-17". | ${CUSTOM_FIX}`,
      `customPolicies: policy "auditor": "Statement" must be a non-empty list. | ${CUSTOM_FIX}`,
    ]);
  });
});
