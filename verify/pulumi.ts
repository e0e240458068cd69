// Where the stack data comes from (I/O): the Pulumi CLI, run without a shell and with no secret on its argv, or
// files holding the same JSON (--config-json / --outputs-json). Its stdout is parsed in memory and never printed.
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { VerifyInputError } from "./args";

export interface ProcessResult {
  /** Exit code, or null when the process was ended by a signal. */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one program with arguments (no shell); the environment also decides where `program` is found (PATH). */
export type ProcessRunner = (
  program: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
) => Promise<ProcessResult>;

export const PULUMI = "pulumi";

export const spawnProcess: ProcessRunner = (program, args, env) =>
  new Promise((resolve, reject) => {
    const child = spawn(program, [...args], { env: { ...env }, shell: false, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") }),
    );
  });

/** argv of the two Pulumi commands: only flags and the stack name. */
export function pulumiConfigArgs(stack: string): string[] {
  return ["config", "--json", "--show-secrets", "--stack", stack];
}

/** The outputs hold no secret (the program exports none), so they are read without --show-secrets. */
export function pulumiOutputArgs(stack: string): string[] {
  return ["stack", "output", "--json", "--stack", stack];
}

/** The last non-empty line of the CLI's stderr, shortened: enough to say why it failed. */
function lastLine(stderr: string): string {
  const lines = stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const line = lines.length === 0 ? "" : lines[lines.length - 1];
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** Runs `pulumi <args>` and returns its stdout; failures are VerifyInputErrors naming the command, not its output. */
export async function runPulumi(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  runner: ProcessRunner = spawnProcess,
): Promise<string> {
  const command = `${PULUMI} ${args.filter((a) => a !== "--show-secrets").join(" ")}`;
  let result: ProcessResult;
  try {
    result = await runner(PULUMI, args, env);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const why = code === "ENOENT" ? "the Pulumi CLI is not on PATH" : (err as Error).message;
    throw new VerifyInputError(`cannot run ${command}: ${why} (or pass --config-json and --outputs-json)`);
  }
  if (result.code !== 0) {
    const why = lastLine(result.stderr);
    throw new VerifyInputError(`${command} failed (exit code ${result.code ?? "signal"})${why ? `: ${why}` : ""}`);
  }
  return result.stdout;
}

/** Reads a file given on the command line; the error names the file, never its content. */
export async function readInputFile(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new VerifyInputError(`${flag}: cannot read ${path}${typeof code === "string" ? ` (${code})` : ""}`);
  }
}
