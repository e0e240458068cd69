/**
 * The sandbox's demo people, derived from a stack's policy mapping: one member per group of the mapping, one member
 * of every group, one member of none; and what the mapping promises each of them.
 */
import type { PolicyMapping, PolicyNames } from "../../lib/expression";

export interface DemoPerson {
  username: string;
  /** authentik groups the person is a member of. */
  groups: string[];
  /** The MinIO policies the mapping promises, in claim order; empty = no MinIO access. */
  policies: string[];
  /** Why, in words: the rule that decides. */
  reason: string;
}

/** Names for the members of one group each, in the mapping's order. */
const MEMBER_NAMES = ["alice", "bob", "erin", "frank", "grace", "heidi"];
const ALL_GROUPS_NAME = "carol";
const NO_GROUP_NAME = "dave";

function list(names: PolicyNames): string[] {
  return typeof names === "string" ? [names] : [...names];
}

/** What the mapping gives a member of `groups`: the first rule whose group matches wins (lib/expression.ts). */
export function promisedPolicies(mapping: PolicyMapping, groups: readonly string[]): Omit<DemoPerson, "username"> {
  if (mapping.kind === "fixed") {
    return { groups: [...groups], policies: list(mapping.policies), reason: "defaultPolicy (everyone)" };
  }
  const rule = mapping.rules.find((r) => groups.includes(r.group));
  if (rule)
    return { groups: [...groups], policies: list(rule.policies), reason: `first matching group: ${rule.group}` };
  if (mapping.fallback !== undefined) {
    return { groups: [...groups], policies: list(mapping.fallback), reason: "in no mapped group: fallbackPolicy" };
  }
  return { groups: [...groups], policies: [], reason: "in no mapped group and no fallbackPolicy: no MinIO access" };
}

/** A group name the mapping does not mention, for the person in none of its groups. */
function unmappedGroup(mapped: readonly string[]): string {
  let name = "accounting";
  while (mapped.includes(name)) name = `${name}-x`;
  return name;
}

export function demoPeople(mapping: PolicyMapping): DemoPerson[] {
  const groups = mapping.kind === "groups" ? [...new Set(mapping.rules.map((r) => r.group))] : [];
  const people = groups.map((group, i) => ({
    username: MEMBER_NAMES[i] ?? `member${i + 1}`,
    ...promisedPolicies(mapping, [group]),
  }));
  // Listed in reverse, so it shows that the mapping's order decides, not the order of memberships.
  if (groups.length > 1)
    people.push({ username: ALL_GROUPS_NAME, ...promisedPolicies(mapping, [...groups].reverse()) });
  people.push({ username: NO_GROUP_NAME, ...promisedPolicies(mapping, [unmappedGroup(groups)]) });
  return people;
}

/** Whether STS gave what was promised: the same policy names (MinIO keeps them as a set), or no credentials for none. */
export function asPromised(promised: readonly string[], issued: readonly string[] | undefined): boolean {
  if (issued === undefined) return promised.length === 0;
  return promised.length > 0 && [...issued].sort().join(",") === [...promised].sort().join(",");
}

/** Rows under a header, every column but the last padded to its widest cell, two spaces apart. */
export function aligned(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  return all.map((r) =>
    `  ${r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c]) : cell)).join("  ")}`.trimEnd(),
  );
}

/** One aligned line per person: name, groups, promised policies and why. */
export function describePeople(people: readonly DemoPerson[]): string[] {
  const rows = people.map((p) => [p.username, p.groups.join(", "), p.policies.join(", ") || "(none)", p.reason]);
  return aligned(["user", "groups", "policies", "why"], rows);
}
