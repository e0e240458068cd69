/**
 * The sandbox stack: its config file (the base stack's values, pointed at the doubles) and, through the Pulumi CLI,
 * the stack itself with its secrets. Secret values reach the CLI on stdin only, never on a command line.
 */
import { spawn } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parse, parseDocument } from "yaml";
import { PROJECT } from "../support/stack-files";

/** Stack config as a stack file holds it: project keys namespaced, provider keys as `authentik:url`. */
export type StackValues = Record<string, unknown>;

export const AUTHENTIK_URL_KEY = "authentik:url";
export const MINIO_ENDPOINT_KEY = `${PROJECT}:minioEndpoint`;

/** The keys `pulumi config set --secret` sets: the stack file can hold them only as ciphertext. */
export const SECRET_KEYS = ["authentik:token", "minioAccessKey", "minioSecretKey"] as const;
export type SecretKey = (typeof SECRET_KEYS)[number];

const HEADER = [
  " Written by `npm run sandbox` at every start; do not edit (copy Pulumi.dev.yaml instead).",
  " The values of the dev stack, with authentik and MinIO pointing at the sandbox's doubles.",
  " Secrets appear only as `secure:` ciphertext, set by the sandbox with `pulumi config set --secret`.",
].join("\n");

/** The `config:` map of a stack file. */
export function readStackValues(file: string): StackValues {
  const doc = parse(readFileSync(file, "utf8")) as { config?: StackValues } | null;
  return { ...(doc?.config ?? {}) };
}

/** The base stack's values with the two server URLs replaced by the doubles'. */
export function sandboxValues(base: StackValues, urls: { authentik: string; minio: string }): StackValues {
  return { ...base, [AUTHENTIK_URL_KEY]: urls.authentik, [MINIO_ENDPOINT_KEY]: urls.minio };
}

/**
 * Writes `values` as the file's whole `config:`. Other top-level keys of an existing file (the `encryptionsalt` or
 * `secretsprovider` that `pulumi stack init` wrote) are kept.
 */
export function writeStackFile(file: string, values: StackValues): void {
  const doc = parseDocument(existsSync(file) ? readFileSync(file, "utf8") : "");
  doc.set("config", values);
  doc.commentBefore = HEADER;
  writeFileSync(file, doc.toString({ lineWidth: 0 }));
}

/** The executable `name` on `searchPath` (a PATH value), if any. */
export function findOnPath(name: string, searchPath = process.env.PATH ?? ""): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter((d) => d !== "")) {
    const file = path.join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface PulumiCli {
  /** The `pulumi` executable. */
  command: string;
  /** Its environment: the user's backend (PULUMI_BACKEND_URL or the stored login), passphrase, PULUMI_HOME. */
  env: NodeJS.ProcessEnv;
}

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cli: PulumiCli, cwd: string, args: string[], input?: string): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cli.command, args, { cwd, env: cli.env, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

export class PulumiCliError extends Error {
  constructor(step: string, result: CliResult) {
    super(`\`pulumi ${step}\` failed (exit code ${result.code}): ${result.stderr.trim() || result.stdout.trim()}`);
    this.name = "PulumiCliError";
  }
}

/**
 * Creates the stack afresh in the CLI's current backend. A stack left by an earlier start is removed first: its
 * state described doubles that ended with that start. Returns whether an old stack was removed.
 */
export async function recreateStack(cli: PulumiCli, projectDir: string, stack: string): Promise<boolean> {
  // Its encryptionsalt belongs to the old stack; `stack init` would try to reuse it.
  rmSync(path.join(projectDir, `Pulumi.${stack}.yaml`), { force: true });
  const init = () => run(cli, projectDir, ["stack", "init", stack, "--no-select", "--non-interactive"]);
  let result = await init();
  if (result.code === 0) return false;
  if (!/already exists/.test(result.stderr)) throw new PulumiCliError(`stack init ${stack}`, result);
  const rm = await run(cli, projectDir, ["stack", "rm", stack, "--yes", "--force", "--non-interactive"]);
  if (rm.code !== 0) throw new PulumiCliError(`stack rm ${stack}`, rm);
  result = await init();
  if (result.code !== 0) throw new PulumiCliError(`stack init ${stack}`, result);
  return true;
}

/** `pulumi config set --secret KEY` with the value on stdin (the CLI reads a non-terminal stdin as the value). */
export async function setSecret(
  cli: PulumiCli,
  projectDir: string,
  stack: string,
  key: SecretKey,
  value: string,
): Promise<void> {
  const args = ["config", "set", "--secret", "--stack", stack, "--non-interactive", key];
  const result = await run(cli, projectDir, args, value);
  if (result.code !== 0) throw new PulumiCliError(`config set --secret ${key}`, result);
}
