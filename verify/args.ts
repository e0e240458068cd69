// Command line of the verify command (pure). It takes no secret: the stack's config holds every credential.

/** Bad input (arguments, stack data, config): the command exits with code 2. Messages never hold secret values. */
export class VerifyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "VerifyInputError";
  }
}

export interface VerifyArgs {
  /** Stack name as `pulumi --stack` takes it (`dev`, `org/project/dev`). */
  stack: string;
  /** Read `pulumi config --json` output from this file instead of running the Pulumi CLI. */
  configJson?: string;
  /** Read `pulumi stack output --json` output from this file instead of running the Pulumi CLI. */
  outputsJson?: string;
  /** Per-request timeout. */
  timeoutMs: number;
  help: boolean;
}

export const DEFAULT_TIMEOUT_SECONDS = 15;

export const USAGE = [
  "usage: verify --stack NAME [--config-json FILE] [--outputs-json FILE] [--timeout SECONDS]",
  "Checks the deployed stack's servers: authentik's provider, OIDC discovery and JWKS, and MinIO's loaded",
  "identity_openid target.",
  "Exit code: 0 all checks passed, 1 a check failed, 2 bad input.",
].join("\n");

const VALUE_FLAGS = ["--stack", "--config-json", "--outputs-json", "--timeout"] as const;
type ValueFlag = (typeof VALUE_FLAGS)[number];

// Pulumi stack names: letters, digits, "-", "_", "." (org/project/stack adds "/"); never starting with "-", so
// the name cannot be read as an option of the Pulumi CLI.
const STACK_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.\-/]{0,199}$/;
const MAX_TIMEOUT_SECONDS = 600;

function parseTimeout(text: string): number {
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
    throw new VerifyInputError(`--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}`);
  }
  return Math.round(seconds * 1000);
}

/** Parses `--flag value` and `--flag=value` forms; every problem is a VerifyInputError. */
export function parseArgs(argv: readonly string[]): VerifyArgs {
  const values = new Map<ValueFlag, string>();
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") {
      help = true;
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = (eq > 0 ? arg.slice(0, eq) : arg) as ValueFlag;
    if (!VALUE_FLAGS.includes(flag)) {
      throw new VerifyInputError(`unknown argument ${JSON.stringify(arg)}`);
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else if (i + 1 < argv.length) value = argv[++i];
    if (value === undefined || value === "") throw new VerifyInputError(`${flag} needs a value`);
    if (values.has(flag)) throw new VerifyInputError(`${flag} is given twice`);
    values.set(flag, value);
  }
  if (help) return { stack: "", timeoutMs: DEFAULT_TIMEOUT_SECONDS * 1000, help: true };
  const stack = values.get("--stack");
  if (stack === undefined) throw new VerifyInputError("--stack NAME is required");
  if (!STACK_NAME.test(stack)) throw new VerifyInputError(`--stack: ${JSON.stringify(stack)} is not a stack name`);
  const timeout = values.get("--timeout");
  return {
    stack,
    configJson: values.get("--config-json"),
    outputsJson: values.get("--outputs-json"),
    timeoutMs: timeout === undefined ? DEFAULT_TIMEOUT_SECONDS * 1000 : parseTimeout(timeout),
    help: false,
  };
}
