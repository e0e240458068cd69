/** Collects one line per scenario step (observed changes and restarts) and prints the table at exit. */
import type { EngineRun } from "./engine";

const rows: string[] = [];

export function report(step: string, run: EngineRun, restarts: number | string): void {
  const changes = Object.entries(run.changes)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");
  rows.push(`| ${step} | ${changes} | ${restarts} |`);
}

process.on("exit", () => {
  if (rows.length === 0) return;
  process.stdout.write(["", "| step | resources | MinIO restarts |", "| --- | --- | --- |", ...rows, ""].join("\n"));
});
