/**
 * Finds policy keys that a stack file still holds in the old form: JSON inside a YAML string. The engine hands the
 * program a YAML list or map as JSON text too, so only the stack file itself tells the two forms apart.
 * Pure module: the caller reads the file.
 */
import { parse } from "yaml";
import type { ConfigProblem } from "./config-types";

/** The keys that are YAML structures; a scalar policy key may still be one bare policy name. */
const STRUCTURED: Readonly<Record<string, (value: string) => boolean>> = {
  groupPolicies: () => true,
  customPolicies: () => true,
  defaultPolicy: (value) => /^\s*[["]/.test(value),
  fallbackPolicy: (value) => /^\s*[["]/.test(value),
};

/** One problem per policy key of `project` that `stackFileText` (a `Pulumi.<stack>.yaml`) holds as a JSON string. */
export function jsonStringProblems(project: string, stackFile: string, stackFileText: string): ConfigProblem[] {
  let doc: unknown;
  try {
    doc = parse(stackFileText);
  } catch {
    return []; // The engine has already read the file; leave its syntax to the engine's own message.
  }
  const config = (doc as { config?: Record<string, unknown> } | null)?.config ?? {};
  const problems: ConfigProblem[] = [];
  for (const [key, isJson] of Object.entries(STRUCTURED)) {
    const value = config[`${project}:${key}`];
    // "" is the key's default, "not set" (what `pulumi config set KEY ""` writes), not JSON.
    if (typeof value !== "string" || value.trim() === "" || !isJson(value)) continue;
    problems.push({
      key,
      message: `holds JSON inside a string, the old form; it is now a YAML value.`,
      fix: `in ${stackFile}, remove the quotes around the value of ${project}:${key} (JSON is YAML, so the text can stay as it is)`,
    });
  }
  return problems;
}
