/**
 * Runs the compiled admin CLI the way the component's `local.Command` does: a child process with a fixed argv
 * (`node dist/minio-admin/cli.js <command>`) and every input in its environment. Each run is recorded so the test
 * can scan argv, stdout and stderr for secrets afterwards.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";

/** The CLI compiled next to this file's tree: works in dist/ and in a private outDir alike. */
export const CLI_PATH = path.join(__dirname, "../../../minio-admin/cli.js");

export interface CliRun {
  command: string;
  /** The argv handed to the node binary (without the binary itself). */
  args: string[];
  /** Names of the environment variables the child got. */
  envNames: string[];
  code: number | null;
  stdout: string;
  stderr: string;
}

export class CliRunner {
  readonly runs: CliRun[] = [];

  /**
   * Runs `node <cli> <command>` with `env` and a 30 s safety timeout. Nothing else is inherited except NODE_PATH,
   * which a build into a private outDir (outside the checkout) needs to find the checkout's node_modules.
   */
  async run(command: "apply" | "remove" | "show", env: Readonly<Record<string, string>>): Promise<CliRun> {
    const args = [CLI_PATH, command];
    const childEnv: Record<string, string> = { ...env };
    if (process.env.NODE_PATH !== undefined) childEnv.NODE_PATH = process.env.NODE_PATH;
    const child = spawn(process.execPath, args, { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (c) => resolve(c));
    }).finally(() => clearTimeout(timer));
    const run: CliRun = {
      command,
      args,
      envNames: Object.keys(env).sort(),
      code,
      stdout: Buffer.concat(out).toString("utf8"),
      stderr: Buffer.concat(err).toString("utf8"),
    };
    this.runs.push(run);
    return run;
  }

  /** Runs a command that must succeed and print one JSON line; returns the parsed line. */
  async json(command: "apply" | "remove" | "show", env: Readonly<Record<string, string>>): Promise<unknown> {
    const run = await this.run(command, env);
    if (run.code !== 0) {
      throw new Error(`cli ${command} exited ${run.code}: stderr=${run.stderr.trim()} stdout=${run.stdout.trim()}`);
    }
    const lines = run.stdout.split("\n").filter((l) => l !== "");
    if (lines.length !== 1 || run.stderr !== "") {
      throw new Error(`cli ${command}: expected one stdout line and no stderr, got ${JSON.stringify(run)}`);
    }
    return JSON.parse(lines[0]);
  }
}
