// The Pulumi CLI calls of adopt (I/O), run without a shell. No secret is ever on a command line: the client
// secret reaches `pulumi config set --secret` on stdin, as the CLI reads a value it is not given.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { PULUMI, runPulumi, type ProcessRunner } from "../verify/pulumi";
import { PROJECT } from "../verify/stack-data";
import type { ImportEntry } from "./import-plan";

type Env = Readonly<Record<string, string | undefined>>;

/** `pulumi <args>` with `input` on stdin; rejects with the command (no values) and the last line it printed. */
export function runWithStdin(args: readonly string[], input: string, env: Env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(PULUMI, [...args], { env: { ...env }, shell: false, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) return resolve(out);
      const last = err.trim().split(/\r?\n/).pop() ?? "";
      reject(new Error(`pulumi ${args.join(" ")} failed (exit code ${code ?? "signal"}): ${last}`));
    });
    child.stdin.end(input);
  });
}

/** How many resources the stack's state holds (0 for a stack never deployed). */
export async function stackResourceCount(stack: string, env: Env, runner?: ProcessRunner): Promise<number> {
  const text = await runPulumi(["stack", "export", "--stack", stack], env, runner);
  const state = JSON.parse(text) as { deployment?: { resources?: unknown[] } };
  return state.deployment?.resources?.length ?? 0;
}

/** Stores a plain project config value. */
export async function setPlainConfig(stack: string, key: string, value: string, env: Env, runner?: ProcessRunner) {
  await runPulumi(["config", "set", "--stack", stack, `${PROJECT}:${key}`, "--", value], env, runner);
}

/** Stores a project config value encrypted; the value goes on stdin. */
export async function setSecretConfig(stack: string, key: string, value: string, env: Env): Promise<void> {
  await runWithStdin(["config", "set", "--secret", "--stack", stack, `${PROJECT}:${key}`], value, env);
}

/**
 * `pulumi import --file` of the entries: unprotected (destroy must be able to remove them), without generated
 * code (the program already declares them). The file holds ids and names only.
 */
export async function importResources(
  stack: string,
  entries: readonly ImportEntry[],
  env: Env,
  runner?: ProcessRunner,
): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "minio-sso-adopt-"));
  try {
    const file = path.join(dir, "import.json");
    writeFileSync(file, JSON.stringify({ resources: entries }, null, 2), { mode: 0o600 });
    const args = ["import", "--yes", "--skip-preview", "--protect=false", "--generate-code=false", "--stack", stack];
    return await runPulumi([...args, "--file", file], env, runner);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
