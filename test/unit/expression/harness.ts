/** Runs expressions through authentik_harness.py (one python3 process per call, any number of cases). */
import { spawnSync } from "node:child_process";
import { fromRoot } from "../../support/paths";

export interface HarnessCase {
  readonly expression: string;
  /** One entry per simulated user: the ids `request.user.all_groups()` yields (the groups and their ancestors). */
  readonly users: readonly (readonly string[])[];
}

export interface Claims {
  readonly claim: string;
  readonly policy: string | string[];
}

export interface HarnessResult {
  readonly error: string | null;
  readonly structure: {
    /** Whether the body starts with the one read of the user's group ids. */
    query: boolean;
    /** Each rule's group id, and the group name its comment holds. */
    rules: (Claims & { group_id: string; name: string })[];
    final: Claims | null;
  } | null;
  /** What the handler returned for each user: the claims dict, or null for None. */
  readonly outcomes: (Record<string, string | string[]> | null)[];
  /** For each user, how many times the user's groups were queried. */
  readonly queries: number[];
}

const HARNESS = fromRoot("test", "unit", "expression", "authentik_harness.py");

let processes = 0;

/** How many python3 processes this module has started. */
export function harnessProcesses(): number {
  return processes;
}

export function runHarness(cases: readonly HarnessCase[]): HarnessResult[] {
  processes += 1;
  const run = spawnSync("python3", [HARNESS], {
    input: JSON.stringify({ cases }),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  if (run.status !== 0) throw new Error(`python3 harness exited with ${run.status}: ${run.stderr}`);
  const { results } = JSON.parse(run.stdout) as { results: HarnessResult[] };
  if (results.length !== cases.length) throw new Error(`harness returned ${results.length} of ${cases.length} results`);
  return results;
}
