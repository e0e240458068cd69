/** Gathers the places a secret must never reach and scans them (see secrets.ts for the encodings checked). */
import type { RecordedRequest } from "../../doubles/authentik";
import type { CliRun } from "./cli";
import { findLeaks, type Leak } from "./secrets";

/** The non-body fields of a recorded request: method, path, query and whether it was authorised. */
function requestLine(r: RecordedRequest): string {
  return JSON.stringify({ method: r.method, path: r.path, query: r.query, hasAuthorization: r.hasAuthorization });
}

export function scanForLeaks(
  secrets: Readonly<Record<string, string>>,
  runs: readonly CliRun[],
  requests: readonly RecordedRequest[],
): Leak[] {
  const places: Record<string, string> = {};
  runs.forEach((run, i) => {
    const name = `cli run #${i + 1} (${run.command})`;
    places[`${name} argv`] = run.args.join("\0");
    places[`${name} stdout`] = run.stdout;
    places[`${name} stderr`] = run.stderr;
  });
  requests.forEach((r, i) => (places[`authentik request #${i + 1} ${r.method} ${r.path}`] = requestLine(r)));
  return findLeaks(secrets, places);
}
