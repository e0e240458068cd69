/**
 * `policyFile`: the policy keys (defaultPolicy, groupPolicies, fallbackPolicy, customPolicies) read from a YAML file
 * instead of the stack config. The engine hands the program its whole config in one environment variable
 * (PULUMI_CONFIG), and Linux refuses a single environment string over 128 KiB (MAX_ARG_STRLEN) with "argument list
 * too long" before the program starts; a file has no such limit. Pure of Pulumi: reads the named file only.
 */
import { parse } from "yaml";
import { quote } from "./config-rules";
import { readNamedFile } from "./named-file";

export const POLICY_KEYS = ["defaultPolicy", "groupPolicies", "fallbackPolicy", "customPolicies"] as const;
export type PolicyKey = (typeof POLICY_KEYS)[number];

/** The file's policy values, as the stack config would deliver them (a structure as JSON text). */
export type PolicyValues = Partial<Record<PolicyKey, string>>;

/** Reads `path` (relative paths from the project directory); a problem is worded for the key policyFile. */
export function readPolicyFile(path: string): { values: PolicyValues } | { problem: string } {
  const file = quote(path);
  const read = readNamedFile(path, "a YAML file of policy keys");
  if ("problem" in read) return read;
  const { text } = read;
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    const where = (err as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    return { problem: `names the file ${file}, which is not valid YAML${where ? ` (line ${where})` : ""}.` };
  }
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    return { problem: `names the file ${file}, which must be a YAML map of ${POLICY_KEYS.join(", ")}.` };
  }
  const unknown = Object.keys(doc).filter((k) => !(POLICY_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    return {
      problem: `names the file ${file}, whose keys ${unknown.map(quote).join(", ")} are not policy keys (${POLICY_KEYS.join(", ")}).`,
    };
  }
  const values: PolicyValues = {};
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (value === null || value === undefined || value === "") continue;
    values[key as PolicyKey] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return { values };
}
