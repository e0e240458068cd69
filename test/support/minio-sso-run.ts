/**
 * Runs `minio-sso login` as a person would, with the browser step done here: when the tool prints authentik's
 * authorization URL, it is opened at the authentik double signed in as `username` (the double's login header), and
 * authentik's redirect is followed to the tool's loopback. Used by the e2e case and the demo.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { USER_HEADER } from "../doubles/authentik/oidc";
import { repoRoot } from "./paths";

export const MINIO_SSO = path.join(repoRoot, "login", "bin", "minio-sso.js");

export interface ToolRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** What went wrong in the browser step, if anything. */
  browserError?: string;
}

/** Collects a child's output; resolves when it ends. */
export function collect(child: ReturnType<typeof spawn>, started: number, onStderr?: (all: string) => void) {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
    onStderr?.(stderr);
  });
  return new Promise<ToolRun>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })),
  );
}

export async function toolLogin(
  profileFile: string,
  username: string,
  env: Record<string, string>,
  outputs = "mc,aws,export",
): Promise<ToolRun> {
  const started = Date.now();
  const args = [MINIO_SSO, "login", "--profile", profileFile, "--no-browser", "--output", outputs];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let browsed = false;
  let browserError: string | undefined;
  const run = await collect(child, started, (stderr) => {
    const url = /^(http\S+\/application\/o\/authorize\/\S+)$/m.exec(stderr)?.[1];
    if (!url || browsed) return;
    browsed = true;
    void (async () => {
      const answer = await fetch(url, { redirect: "manual", headers: { [USER_HEADER]: username } });
      const location = answer.headers.get("location");
      if (answer.status !== 302 || !location) browserError = `authentik answered ${answer.status}`;
      else await fetch(location);
    })().catch((err: unknown) => (browserError = String(err)));
  });
  return { ...run, browserError };
}

/** The `export NAME='value'` lines of the tool's stdout, by name. */
export function exported(stdout: string): Record<string, string> {
  return Object.fromEntries([...stdout.matchAll(/^export (\w+)='([^']*)'$/gm)].map((m) => [m[1], m[2]]));
}
