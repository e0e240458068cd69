// The verify report: plain data (sections of checks) and its text form. Pure: no I/O.
//
// Text form, one line per check, a summary last:
//   Verifying stack "dev"
//   OIDC discovery: http://…/.well-known/openid-configuration
//     ok    issuer: "http://…/application/o/minio/"
//     FAIL  display_name: expected "A", actual "B"
//     skip  jwks: not checked (no discovery document)
//   Result: FAILED, 1 of 3 checks failed (display_name); 1 skipped

export type CheckStatus = "ok" | "fail" | "skip";

export interface Check {
  status: CheckStatus;
  /** Short name of what was checked, e.g. `issuer` or `display_name`; the summary lists failed names. */
  name: string;
  /** What was found, one line. Never holds a secret value. */
  text: string;
}

export interface ReportSection {
  title: string;
  checks: Check[];
}

export interface VerifyReport {
  stack: string;
  sections: ReportSection[];
}

const LABEL: Record<CheckStatus, string> = { ok: "ok    ", fail: "FAIL  ", skip: "skip  " };

export function ok(name: string, text: string): Check {
  return { status: "ok", name, text };
}

export function fail(name: string, text: string): Check {
  return { status: "fail", name, text };
}

export function skip(name: string, text: string): Check {
  return { status: "skip", name, text };
}

/** A value as it is printed: JSON-quoted, so that spaces, quotes and control characters stay visible on one line. */
export function show(value: string): string {
  return JSON.stringify(value);
}

/** `expected X, actual Y`, passing when both are equal (values printed with `show` unless already formatted). */
export function compare(name: string, expected: string, actual: string, formatted = false): Check {
  const e = formatted ? expected : show(expected);
  const a = formatted ? actual : show(actual);
  const text = `expected ${e}, actual ${a}`;
  return expected === actual ? ok(name, text) : fail(name, text);
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, " ");
}

export function allChecks(report: VerifyReport): Check[] {
  return report.sections.flatMap((s) => s.checks);
}

/** Names of the failed checks, in report order, each once. */
export function failedNames(report: VerifyReport): string[] {
  return [
    ...new Set(
      allChecks(report)
        .filter((c) => c.status === "fail")
        .map((c) => c.name),
    ),
  ];
}

/** 0 when no check failed, 1 otherwise. */
export function exitCode(report: VerifyReport): 0 | 1 {
  return allChecks(report).some((c) => c.status === "fail") ? 1 : 0;
}

export function summaryLine(report: VerifyReport): string {
  const checks = allChecks(report);
  const skipped = checks.filter((c) => c.status === "skip").length;
  const counted = checks.length - skipped;
  const failed = checks.filter((c) => c.status === "fail").length;
  const skippedText = skipped > 0 ? `; ${skipped} skipped` : "";
  if (failed === 0) return `Result: OK, all ${counted} checks passed${skippedText}`;
  return `Result: FAILED, ${failed} of ${counted} checks failed (${failedNames(report).join(", ")})${skippedText}`;
}

/** The report as lines of text (without trailing newlines). */
export function renderReport(report: VerifyReport): string[] {
  const lines = [`Verifying stack ${show(report.stack)}`];
  for (const section of report.sections) {
    lines.push(oneLine(section.title));
    for (const check of section.checks) lines.push(oneLine(`  ${LABEL[check.status]}${check.name}: ${check.text}`));
  }
  lines.push(summaryLine(report));
  return lines;
}
