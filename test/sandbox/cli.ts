/**
 * `npm run sandbox`: the doubles on the dev stack's ports, its demo people, and the stack `sandbox` (created with the
 * Pulumi CLI when it is on PATH), until Ctrl-C. Commands on stdin: `login <user>`, `users`, `quit`.
 *
 * Usage: npm run sandbox [-- --authentik-port N] [--minio-port N] [--stack NAME]
 *   Ports default to those of Pulumi.dev.yaml's authentik:url and minioEndpoint; 0 = ephemeral.
 */
import { createInterface } from "node:readline";
import { ConfigError } from "../../lib/config";
import { fromRoot, repoRoot } from "../support/paths";
import { describePeople } from "./people";
import { describeLogin, SandboxError, startSandbox, type Sandbox } from "./sandbox";
import { AUTHENTIK_URL_KEY, MINIO_ENDPOINT_KEY, PulumiCliError, findOnPath, readStackValues } from "./stack-file";

const USAGE = "usage: npm run sandbox [-- --authentik-port N] [--minio-port N] [--stack NAME]";
const BASE_STACK_FILE = "Pulumi.dev.yaml";
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;
const HELP = "Commands: login <user>, users, quit (or Ctrl-C).";

interface Args {
  authentikPort?: number;
  minioPort?: number;
  stack: string;
}

class UsageError extends Error {}

function parsePort(flag: string, value: string | undefined): number {
  if (value === undefined || !/^\d{1,5}$/.test(value) || Number(value) > 65535) {
    throw new UsageError(`${flag} needs a port number (0-65535; 0 = any free port)`);
  }
  return Number(value);
}

export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { stack: "sandbox" };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === "--authentik-port") args.authentikPort = parsePort(flag, value);
    else if (flag === "--minio-port") args.minioPort = parsePort(flag, value);
    else if (flag === "--stack" && value !== undefined && STACK_NAME.test(value)) args.stack = value;
    else if (flag === "--stack") throw new UsageError("--stack needs a stack name (letters, digits, '_', '.', '-')");
    else throw new UsageError(`unknown argument ${JSON.stringify(flag)}`);
  }
  return args;
}

/** The explicit port of a URL in the base stack file. */
function basePort(values: Record<string, unknown>, key: string): number {
  const url = URL.canParse(String(values[key])) ? new URL(String(values[key])) : undefined;
  if (!url?.port) throw new UsageError(`${BASE_STACK_FILE}'s ${key} has no explicit port; pass the port as a flag`);
  return Number(url.port);
}

function intro(s: Sandbox, stack: string): string[] {
  const file = `Pulumi.${stack}.yaml`;
  const lines = [
    `sandbox: authentik double at ${s.authentik.url}`,
    `sandbox: MinIO double at ${s.minio.url}`,
    `sandbox: demo users in authentik, and what ${BASE_STACK_FILE}'s policy mapping promises each:`,
    ...describePeople(s.people),
  ];
  if (s.stackCreated) {
    const again = s.replacedStack ? ", replacing the one of an earlier start" : "";
    lines.push(`sandbox: created stack "${stack}" in your Pulumi backend${again}.`);
    lines.push(`         ${file} holds its config; the secrets were set with \`pulumi config set --secret\`.`);
  } else {
    lines.push(`sandbox: wrote ${file} WITHOUT its secrets: the Pulumi CLI is not on PATH. Install it and start`);
    lines.push("         the sandbox again; it then creates the stack and sets the secrets.");
  }
  lines.push(
    `Next: in another terminal, run \`pulumi up --stack ${stack}\`; then type \`login ${s.people[0].username}\` here.`,
    'Or sign in with minio-sso (README, "Sign in from the command line"):',
    `  pulumi stack output loginProfile --json --stack ${stack} > profile.json`,
    "  node login/bin/minio-sso.js login --profile profile.json --no-browser",
    `  then open the URL it prints with &ak_double_user=${s.people[0].username} appended (the authentik double's login).`,
  );
  lines.push(HELP);
  return lines;
}

async function command(s: Sandbox, line: string): Promise<string[] | "quit"> {
  const [verb, ...rest] = line.trim().split(/\s+/);
  if (verb === "" || verb === undefined) return [];
  if (verb === "quit" || verb === "exit") return "quit";
  if (verb === "users") return describePeople(s.people);
  if (verb === "login" && rest.length === 1) {
    try {
      return describeLogin(await s.login(rest[0]), s.config.minio.claimName);
    } catch (err) {
      return [`sandbox: ${err instanceof SandboxError ? err.message : `login failed: ${(err as Error).message}`}`];
    }
  }
  return [HELP];
}

function startupHint(err: unknown): string {
  if (err instanceof UsageError) return `${err.message}\n${USAGE}`;
  if (err instanceof ConfigError) return `${BASE_STACK_FILE} does not make a valid sandbox config.\n${err.message}`;
  if (err instanceof PulumiCliError) {
    return [
      err.message,
      "The sandbox creates its stack in the Pulumi CLI's current backend: log in first (`pulumi login`, or",
      "`pulumi login --local` for a file backend) and, for passphrase secrets, export PULUMI_CONFIG_PASSPHRASE",
      "here and in the terminal that runs `pulumi up`.",
    ].join("\n");
  }
  const e = err as NodeJS.ErrnoException & { port?: number };
  if (e.code === "EADDRINUSE") {
    return `port ${e.port} is in use (another sandbox, or a real server?): stop it, or pass another port.\n${USAGE}`;
  }
  return e.stack ?? String(err);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const base = readStackValues(fromRoot(BASE_STACK_FILE));
  const pulumi = findOnPath("pulumi");
  const sandbox = await startSandbox({
    authentikPort: args.authentikPort ?? basePort(base, AUTHENTIK_URL_KEY),
    minioPort: args.minioPort ?? basePort(base, MINIO_ENDPOINT_KEY),
    projectDir: repoRoot,
    stack: args.stack,
    baseStackFile: fromRoot(BASE_STACK_FILE),
    pulumi: pulumi ? { command: pulumi, env: process.env } : undefined,
  });
  const out = (lines: string[]) => process.stdout.write(lines.map((l) => `${l}\n`).join(""));
  out(intro(sandbox, args.stack));

  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: "sandbox> " });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    rl.close();
    await sandbox.close();
    out(["", `sandbox: stopped (the stack "${args.stack}" stays; the next start replaces it).`]);
    process.exit(0);
  };
  // Commands run one at a time, in the order typed.
  let queue = Promise.resolve();
  rl.on("line", (line) => {
    queue = queue.then(async () => {
      const result = await command(sandbox, line);
      if (result === "quit") return stop();
      out(result);
      if (!stopping) rl.prompt();
    });
  });
  rl.on("close", () => void queue.then(stop)); // Ctrl-D, or the end of piped input once its commands ran
  rl.on("SIGINT", () => void stop()); // Ctrl-C at the prompt
  process.on("SIGINT", () => void stop()); // Ctrl-C when stdin is not a terminal
  process.on("SIGTERM", () => void stop());
  rl.prompt();
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`sandbox: error: ${startupHint(err)}\n`);
    process.exit(1);
  });
}
