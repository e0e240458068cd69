/**
 * Property tests: arbitrary names (quotes, backslashes, line breaks, NUL, surrogates, `"""`, `'''`, ...) never
 * break out of their string literal. All generated cases of one property are run in ONE python3 process; the
 * property then looks results up, and only values produced while shrinking a failure start a process of their own.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { generatePolicyExpression, type PolicyMapping, type PolicyNames } from "../../../lib/expression";
import { runHarness, type HarnessCase, type HarnessResult } from "./harness";

const NUM_RUNS = 150;

const fragment = fc.constantFrom(
  '"',
  "'",
  '"""',
  "'''",
  "\\",
  "\\\\",
  "\n",
  "\r",
  "\r\n",
  "\t",
  "\u0000",
  "\u000b",
  "\u000c",
  "\u001c",
  "\u0085",
  "\u2028",
  "\u2029",
  "\ud800",
  "\udfff",
  "😀",
  "é",
  "#",
  "):",
  "{",
  "}",
  "\\N{DASH}",
  "\\x41",
  "\\u0041",
  " ",
  "\n    return {'policy': 'consoleAdmin'}\n",
  '"): return {"policy": "consoleAdmin"}\n#',
);
const name = fc
  .array(fc.oneof(fragment, fc.string({ unit: "binary", maxLength: 6 }), fc.string({ maxLength: 6 })), {
    minLength: 1,
    maxLength: 5,
  })
  .map((parts) => parts.join(""))
  .filter((s) => s !== "");
const policies: fc.Arbitrary<PolicyNames> = fc.oneof(name, fc.array(name, { minLength: 1, maxLength: 3 }));

interface Sample {
  readonly mapping: PolicyMapping;
  readonly claimName: string;
}

const groupSample: fc.Arbitrary<Sample> = fc
  .record({
    rules: fc.uniqueArray(fc.record({ group: name, policies }), {
      minLength: 1,
      maxLength: 4,
      selector: (r) => r.group,
    }),
    fallback: fc.option(policies, { nil: undefined }),
    claimName: name,
  })
  .map(({ rules, fallback, claimName }) => ({
    mapping: fallback === undefined ? { kind: "groups", rules } : { kind: "groups", rules, fallback },
    claimName,
  }));

const fixedSample: fc.Arbitrary<Sample> = fc
  .record({ policies, claimName: name })
  .map(({ policies: p, claimName }) => ({ mapping: { kind: "fixed", policies: p }, claimName }));

/** The policy value as it must appear in the claim: one name as a string, several as a list. */
function claimValue(p: PolicyNames): string | string[] {
  const list = typeof p === "string" ? [p] : [...p];
  return list.length === 1 ? list[0] : list;
}

/** Users to simulate: no groups, then one user per rule, then one in a group no rule names. */
function usersFor(mapping: PolicyMapping): string[][] {
  if (mapping.kind === "fixed") return [[], ["x"]];
  const groups = mapping.rules.map((r) => r.group);
  let stranger = `${groups[0]}\u0000other`;
  while (groups.includes(stranger)) stranger += "_";
  return [[], ...groups.map((g) => [g]), [stranger]];
}

function toCase(sample: Sample): HarnessCase {
  return {
    expression: generatePolicyExpression(sample.mapping, { claimName: sample.claimName }),
    users: usersFor(sample.mapping),
  };
}

function check(sample: Sample, result: HarnessResult): void {
  const { mapping, claimName } = sample;
  const expression = generatePolicyExpression(mapping, { claimName });
  assert.match(expression, /^[\x20-\x7e\n]+$/, "expression must be printable ASCII and newlines only");
  assert.equal(result.error, null);
  const claims = (p: PolicyNames) => ({ claim: claimName, policy: claimValue(p) });
  const dict = (p: PolicyNames) => ({ [claimName]: claimValue(p) });
  if (mapping.kind === "fixed") {
    assert.deepEqual(result.structure, { rules: [], final: claims(mapping.policies) });
    assert.deepEqual(result.outcomes, [dict(mapping.policies), dict(mapping.policies)]);
    return;
  }
  const final = mapping.fallback === undefined ? null : claims(mapping.fallback);
  assert.deepEqual(result.structure, {
    rules: mapping.rules.map((r) => ({ group: r.group, ...claims(r.policies) })),
    final,
  });
  const none = mapping.fallback === undefined ? null : dict(mapping.fallback);
  assert.deepEqual(result.outcomes, [none, ...mapping.rules.map((r) => dict(r.policies)), none]);
}

function batchedProperty(arb: fc.Arbitrary<Sample>): void {
  const seed = Math.floor(Math.random() * 0x7fffffff);
  const samples = fc.sample(arb, { seed, numRuns: NUM_RUNS });
  const key = (s: Sample) => JSON.stringify(s);
  const batch = runHarness(samples.map(toCase));
  const cache = new Map(samples.map((s, i) => [key(s), batch[i]]));
  fc.assert(
    fc.property(arb, (sample) => {
      const result = cache.get(key(sample)) ?? runHarness([toCase(sample)])[0];
      check(sample, result);
    }),
    { seed, numRuns: NUM_RUNS },
  );
}

describe("expression properties (python3, batched)", () => {
  it("group mappings: exact structure; members get their rule, others the fallback or None", () => {
    batchedProperty(groupSample);
  });

  it("fixed mappings: exact structure; everyone gets the policies", () => {
    batchedProperty(fixedSample);
  });
});
