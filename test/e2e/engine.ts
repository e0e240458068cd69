/**
 * The real Pulumi engine over this project, through the Automation API: a throw-away file backend and passphrase
 * in a temporary directory, one stack per run, everything the engine prints kept for the secret scans.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { execFile } from "node:child_process";
import { parseDocument } from "yaml";
import { LocalWorkspace, type ConfigMap, type Stack } from "@pulumi/pulumi/automation";
import { repoRoot } from "../support/paths";

/** What one engine operation printed, and its summary. */
export interface EngineRun {
  op: string;
  stdout: string;
  stderr: string;
  /** Resource changes by kind ("create", "update", "same", ...), when the engine reported them. */
  changes: Record<string, number>;
}

export interface Engine {
  stack: Stack;
  /** The backend directory: state, history and backups. */
  backendDir: string;
  passphrase: string;
  /** Every operation so far, in order. */
  runs: EngineRun[];
  /** Distinct command lines of the machine's processes, sampled every 20 ms from start to close. */
  argv: Set<string>;
  /** Plain values (a list or map is written into the stack file as YAML, as a user would) and secrets. */
  setConfig(values: Record<string, unknown>, secrets?: Record<string, string>): Promise<void>;
  up(opts?: { policyPacks?: string[]; replace?: string[] }): Promise<EngineRun>;
  preview(opts?: { refresh?: boolean; expectNoChanges?: boolean; policyPacks?: string[] }): Promise<EngineRun>;
  refresh(): Promise<EngineRun>;
  destroy(): Promise<EngineRun>;
  /** Every file under the backend directory, path -> content. */
  backendFiles(): Record<string, string>;
  close(): Promise<void>;
  /** Stops sampling but keeps the stack and backend, for another project directory to carry on with. */
  detach(): ExistingStack;
}

/** Adds every process's command line to `into`. */
function sampleArgv(into: Set<string>): void {
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      into.add(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
    } catch {
      // The process ended between the listing and the read.
    }
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? walk(file) : [file];
  });
}

/** An existing stack to carry on with from another project directory: same backend, passphrase and name. */
export type ExistingStack = Pick<Engine, "backendDir" | "passphrase"> & { stackName: string };

/**
 * Creates a fresh stack `<prefix>-<random>` (prefix default "e2e") of the project in `workDir` (default: this one)
 * on a new file backend, or, given `existing`, selects that stack from `workDir` (its stack file must be there).
 */
export async function startEngine(
  workDir = repoRoot,
  extraEnv: Record<string, string> = {},
  opts: { existing?: ExistingStack; prefix?: string } = {},
): Promise<Engine> {
  const { existing, prefix = "e2e" } = opts;
  const backendDir = existing?.backendDir ?? mkdtempSync(path.join(tmpdir(), "minio-sso-e2e-"));
  const passphrase = existing?.passphrase ?? randomBytes(18).toString("base64url");
  const stackName = existing?.stackName ?? `${prefix}-${randomBytes(4).toString("hex")}`;
  const envVars = {
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    ...extraEnv,
  };
  const stack = existing
    ? await LocalWorkspace.selectStack({ stackName, workDir }, { envVars })
    : await LocalWorkspace.createStack({ stackName, workDir }, { envVars });
  const runs: EngineRun[] = [];
  const argv = new Set<string>();
  const sampler = setInterval(() => sampleArgv(argv), 20);
  /** `pulumi config set --secret KEY` with the value on stdin, so it never reaches a command line. */
  const setSecret = (key: string, value: string) =>
    new Promise<void>((resolve, reject) => {
      const child = execFile(
        "pulumi",
        ["config", "set", "--secret", "--stack", stackName, key],
        { cwd: workDir, env: { ...process.env, ...envVars } },
        (err, _out, stderr) => (err ? reject(new Error(`pulumi config set --secret ${key}: ${stderr}`)) : resolve()),
      );
      child.stdin?.end(value);
    });
  const record = (op: string, stdout: string, stderr: string, changes: Record<string, number> = {}) => {
    const run = { op, stdout, stderr, changes };
    runs.push(run);
    return run;
  };
  const capture = async <T extends { stdout: string; stderr: string }>(
    op: string,
    action: (out: (s: string) => void, err: (s: string) => void) => Promise<T>,
    changes: (r: T) => Record<string, number> | undefined,
  ): Promise<EngineRun> => {
    let out = "";
    let err = "";
    try {
      const r = await action(
        (s) => (out += s),
        (s) => (err += s),
      );
      return record(op, r.stdout || out, r.stderr || err, changes(r) ?? {});
    } catch (e) {
      record(op, out, `${err}${(e as Error).message}`);
      throw e;
    }
  };
  return {
    stack,
    backendDir,
    passphrase,
    runs,
    argv,
    async setConfig(values, secrets = {}) {
      const config: ConfigMap = {};
      const project = (await stack.workspace.projectSettings()).name;
      const full = (k: string) => (k.includes(":") ? k : `${project}:${k}`);
      const structured: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(values)) {
        if (typeof v === "string") config[full(k)] = { value: v };
        else structured[full(k)] = v;
      }
      if (Object.keys(config).length > 0) await stack.setAllConfig(config);
      if (Object.keys(structured).length > 0) {
        // The Automation API sets strings only; a YAML value goes into the stack file, as a user writes it.
        const file = path.join(workDir, `Pulumi.${stackName}.yaml`);
        const doc = parseDocument(readFileSync(file, "utf8"));
        for (const [k, v] of Object.entries(structured)) doc.setIn(["config", k], v);
        writeFileSync(file, doc.toString());
      }
      for (const [k, v] of Object.entries(secrets)) await setSecret(full(k), v);
    },
    up: (opts = {}) =>
      capture(
        "up",
        (onOutput, onError) => stack.up({ onOutput, onError, color: "never", ...opts }),
        (r) => r.summary.resourceChanges as Record<string, number> | undefined,
      ),
    preview: (opts = {}) =>
      capture(
        `preview${opts.refresh ? " --refresh" : ""}`,
        (onOutput, onError) => stack.preview({ onOutput, onError, color: "never", ...opts }),
        (r) => r.changeSummary as Record<string, number>,
      ),
    refresh: () =>
      capture(
        "refresh",
        (onOutput, onError) => stack.refresh({ onOutput, onError, color: "never" }),
        (r) => r.summary.resourceChanges as Record<string, number> | undefined,
      ),
    destroy: () =>
      capture(
        "destroy",
        (onOutput, onError) => stack.destroy({ onOutput, onError, color: "never" }),
        (r) => r.summary.resourceChanges as Record<string, number> | undefined,
      ),
    backendFiles() {
      return Object.fromEntries(walk(backendDir).map((f) => [f, readFileSync(f, "utf8")]));
    },
    detach() {
      clearInterval(sampler);
      return { backendDir, passphrase, stackName };
    },
    async close() {
      clearInterval(sampler);
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
      rmSync(path.join(workDir, `Pulumi.${stackName}.yaml`), { force: true });
      rmSync(backendDir, { recursive: true, force: true });
    },
  };
}
