/** The demo's result: who got which policies from MinIO's STS, against what the stack's policy mapping promises. */
import { aligned, asPromised } from "../sandbox/people";
import type { LoginReport } from "../sandbox/sandbox";

export interface LoginTable {
  lines: string[];
  /** One sentence: all matched, or who did not. */
  verdict: string;
  /** Whether every person got what the mapping promises. */
  allMatch: boolean;
}

/** What STS gave: the credentials' policies, or the refusal's code. */
function issued(r: LoginReport): string {
  if (r.sts.policies) return r.sts.policies.join(", ") || "(credentials, no policies)";
  return `refused (${r.sts.error?.code ?? `HTTP ${r.sts.status}`})`;
}

export function loginTable(reports: readonly LoginReport[]): LoginTable {
  const matches = reports.map((r) => asPromised(r.person.policies, r.sts.policies));
  const rows = reports.map((r, i) => [
    r.person.username,
    r.person.groups.join(", "),
    r.person.policies.join(", ") || "(no access)",
    issued(r),
    matches[i] ? "yes" : "NO",
  ]);
  const wrong = reports.filter((_, i) => !matches[i]).map((r) => r.person.username);
  const verdict =
    wrong.length === 0
      ? `all ${reports.length} users got what the mapping promises`
      : `${wrong.length} of ${reports.length} users did NOT get what the mapping promises: ${wrong.join(", ")}`;
  return {
    lines: aligned(["user", "groups", "mapping promises", "MinIO STS gave", "match"], rows),
    verdict,
    allMatch: reports.length > 0 && wrong.length === 0,
  };
}
