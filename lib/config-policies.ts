/**
 * Parses and checks the policy keys: the mapping (defaultPolicy | groupPolicies [+ fallbackPolicy]) and
 * customPolicies. Problems are reported through `report`; nothing throws.
 */
import { clearCommand, BUILTIN_POLICIES, type ConfigKey } from "./config-keys";
import { policyNameProblem, quote, textProblem } from "./config-rules";
import type { PolicyDocument } from "./config-types";
import type { GroupPolicyRule, PolicyMapping, PolicyNames } from "./expression";
import { policyDocumentProblems } from "./policy-document";

export type Report = (key: ConfigKey, message: string, fix?: string) => void;

/** Raw values; `""` means unset. */
export interface PolicyInputs {
  readonly defaultPolicy: string;
  readonly groupPolicies: string;
  readonly fallbackPolicy: string;
  readonly customPolicies: string;
}

export interface ParsedPolicies {
  /** Undefined when the mapping has problems. */
  readonly mapping?: PolicyMapping;
  readonly customPolicies: Readonly<Record<string, PolicyDocument>>;
}

const POLICY_LIST_HINT = "must be one policy name or a non-empty YAML list of policy names.";

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A policy name or a non-empty list of them, as parsed JSON; `undefined` for any other shape. */
function nameList(value: unknown): string[] | undefined {
  if (typeof value === "string") return [value];
  if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string")) return value;
  return undefined;
}

/** One name stays a string, several become a list (the expression generator emits them the same way). */
function asPolicyNames(list: readonly string[]): PolicyNames {
  return list.length === 1 ? list[0] : [...list];
}

/** `defaultPolicy` / `fallbackPolicy`: a bare name, or JSON (a quoted name or a list). */
function parsePolicyValue(key: ConfigKey, raw: string, report: Report): string[] | undefined {
  if (!raw.startsWith("[") && !raw.startsWith('"')) return [raw];
  const parsed = parseJson(raw);
  if (!parsed.ok) {
    report(key, `${quote(raw)} is not valid JSON; use one policy name or a YAML list of names.`);
    return undefined;
  }
  const names = nameList(parsed.value);
  if (names === undefined) report(key, `${quote(raw)} ${POLICY_LIST_HINT}`);
  return names;
}

interface ParsedRule {
  readonly entry: number;
  readonly group: string;
  readonly names: string[];
}

function groupProblem(at: string, group: unknown, firstSeen: ReadonlyMap<string, number>): string | undefined {
  if (typeof group !== "string" || group === "") return `${at}: "group" must be a non-empty string.`;
  const text = textProblem(group);
  if (text !== undefined) return `${at}: group ${text}`;
  const first = firstSeen.get(group);
  if (first !== undefined) return `${at}: group ${quote(group)} already appears in entry ${first}.`;
  return undefined;
}

/** Every entry with a usable "policies" value is returned, so its policy names can be checked too. */
function parseGroupRules(raw: string, report: Report): { rules: ParsedRule[]; ok: boolean } {
  const parsed = parseJson(raw);
  const shape = "a non-empty YAML list of {group, policies} entries";
  if (!parsed.ok) {
    report("groupPolicies", `is not valid JSON; expected ${shape}.`);
    return { rules: [], ok: false };
  }
  if (!Array.isArray(parsed.value) || parsed.value.length === 0) {
    report("groupPolicies", `must be ${shape}.`);
    return { rules: [], ok: false };
  }
  const rules: ParsedRule[] = [];
  const firstSeen = new Map<string, number>();
  let ok = true;
  parsed.value.forEach((entry: unknown, i) => {
    const at = `entry ${i + 1}`;
    const keys = isPlainObject(entry) ? Object.keys(entry).sort() : [];
    if (!isPlainObject(entry) || keys.length !== 2 || keys[0] !== "group" || keys[1] !== "policies") {
      report("groupPolicies", `${at} must be an object with exactly the keys "group" and "policies".`);
      ok = false;
      return;
    }
    const group = typeof entry.group === "string" ? entry.group : "";
    const problem = groupProblem(at, entry.group, firstSeen);
    if (problem === undefined) firstSeen.set(group, i + 1);
    if (problem !== undefined) report("groupPolicies", problem);
    const names = nameList(entry.policies);
    if (names === undefined) report("groupPolicies", `${at}: "policies" ${POLICY_LIST_HINT}`);
    else rules.push({ entry: i + 1, group, names });
    ok = ok && problem === undefined && names !== undefined;
  });
  return { rules, ok };
}

/**
 * The valid documents by name, and every declared name (a name whose document has problems still counts as
 * declared, so a mapping that uses it is not reported a second time).
 */
function parseCustomPolicies(
  raw: string,
  report: Report,
): { valid: Record<string, PolicyDocument>; declared: Set<string> } {
  const valid: [string, PolicyDocument][] = [];
  const declared = new Set<string>();
  // Object.fromEntries defines own properties, so a policy named "__proto__" stays an ordinary key.
  const done = () => ({ valid: Object.fromEntries(valid), declared });
  if (raw === "") return done();
  const parsed = parseJson(raw);
  const shape = "a YAML map of policy names to MinIO policy documents";
  if (!parsed.ok || !isPlainObject(parsed.value)) {
    report("customPolicies", parsed.ok ? `must be ${shape}.` : `is not valid JSON; expected ${shape}.`);
    return done();
  }
  for (const name of Object.keys(parsed.value).sort()) {
    declared.add(name);
    const doc = parsed.value[name];
    const nameProblem = policyNameProblem(name);
    const problems: { message: string; fix?: string }[] = [];
    if (nameProblem !== undefined) problems.push({ message: nameProblem });
    else if (BUILTIN_POLICIES.includes(name)) {
      problems.push({ message: `${quote(name)} is a MinIO built-in policy; give the custom policy another name.` });
    }
    if (!isPlainObject(doc))
      problems.push({ message: `policy ${quote(name)} must be a YAML map (a policy document).` });
    else {
      for (const p of policyDocumentProblems(doc)) {
        const where = p.statement === undefined ? "" : `, statement ${p.statement}`;
        problems.push({ message: `policy ${quote(name)}${where}: ${p.message}`, fix: p.fix });
      }
    }
    for (const p of problems) report("customPolicies", p.message, p.fix);
    if (problems.length === 0) valid.push([name, doc as unknown as PolicyDocument]);
  }
  return done();
}

/** A fix for a policy nobody declared: declare it in customPolicies (the name is shell-safe once valid). */
function declareFix(name: string): string {
  return (
    `declare it in the stack file under customPolicies, e.g. ${name}: {Version: "2012-10-17", Statement: ` +
    `[{Effect: Allow, Action: [s3:GetObject], Resource: ["arn:aws:s3:::bucket/*"]}]}`
  );
}

/** What is wrong with one referenced policy name (and its fix), or undefined. */
function referenceProblem(
  name: string,
  seen: ReadonlySet<string>,
  declared: ReadonlySet<string>,
): { message: string; fix?: string } | undefined {
  const invalid = policyNameProblem(name);
  if (invalid !== undefined) return { message: invalid };
  if (seen.has(name)) return { message: `lists the policy ${quote(name)} twice.` };
  if (BUILTIN_POLICIES.includes(name) || declared.has(name)) return undefined;
  const builtins = BUILTIN_POLICIES.join(", ");
  return {
    message: `${quote(name)} is neither a MinIO built-in policy (${builtins}) nor declared in customPolicies.`,
    fix: declareFix(name),
  };
}

/** Checks the names one key refers to: valid, not listed twice, built-in or declared. Returns true if all fine. */
function checkReferences(
  key: ConfigKey,
  where: string,
  names: readonly string[],
  declared: ReadonlySet<string>,
  report: Report,
): boolean {
  const seen = new Set<string>();
  let ok = true;
  for (const name of names) {
    const problem = referenceProblem(name, seen, declared);
    seen.add(name);
    if (problem === undefined) continue;
    ok = false;
    report(key, where === "" ? problem.message : `${where}: ${problem.message}`, problem.fix);
  }
  return ok;
}

export function parsePolicies(inputs: PolicyInputs, report: Report): ParsedPolicies {
  const { valid: customPolicies, declared } = parseCustomPolicies(inputs.customPolicies, report);

  const hasDefault = inputs.defaultPolicy !== "";
  const hasGroups = inputs.groupPolicies !== "";
  const hasFallback = inputs.fallbackPolicy !== "";
  let formOk = true;
  if (hasDefault && hasGroups) {
    report(
      "defaultPolicy",
      "is set together with groupPolicies; use exactly one of the two.",
      clearCommand("defaultPolicy"),
    );
    formOk = false;
  }
  if (!hasDefault && !hasGroups) {
    report(
      "defaultPolicy",
      "no policy mapping is configured: set defaultPolicy (same policies for everyone) or groupPolicies (policies by authentik group).",
    );
    formOk = false;
  }
  if (hasFallback && !hasGroups) {
    report("fallbackPolicy", "only applies together with groupPolicies.", clearCommand("fallbackPolicy"));
    formOk = false;
  }

  let fixed: string[] | undefined;
  let fixedOk = true;
  if (hasDefault) {
    fixed = parsePolicyValue("defaultPolicy", inputs.defaultPolicy, report);
    fixedOk = fixed !== undefined && checkReferences("defaultPolicy", "", fixed, declared, report);
  }
  let rules: GroupPolicyRule[] | undefined;
  if (hasGroups) {
    const parsed = parseGroupRules(inputs.groupPolicies, report);
    let refsOk = parsed.ok;
    for (const rule of parsed.rules) {
      refsOk = checkReferences("groupPolicies", `entry ${rule.entry}`, rule.names, declared, report) && refsOk;
    }
    if (refsOk) rules = parsed.rules.map((r) => ({ group: r.group, policies: asPolicyNames(r.names) }));
  }
  let fallback: string[] | undefined;
  let fallbackOk = true;
  if (hasFallback) {
    fallback = parsePolicyValue("fallbackPolicy", inputs.fallbackPolicy, report);
    fallbackOk = fallback !== undefined && checkReferences("fallbackPolicy", "", fallback, declared, report);
  }

  if (!formOk) return { customPolicies };
  if (fixed !== undefined) {
    return fixedOk
      ? { mapping: { kind: "fixed", policies: asPolicyNames(fixed) }, customPolicies }
      : { customPolicies };
  }
  if (rules === undefined || !fallbackOk) return { customPolicies };
  const mapping: PolicyMapping =
    fallback === undefined ? { kind: "groups", rules } : { kind: "groups", rules, fallback: asPolicyNames(fallback) };
  return { mapping, customPolicies };
}
