// minio-openid-admin: `node minio-admin/run-cli.js <apply|remove|show|check-policy>` (no build needed).
// All inputs come from environment variables (never argv); see settings.ts and openid-keys.ts. Output: one JSON
// line on stdout. Failure: one line "minio-openid-admin: <endpoint>: <cause>" on stderr, exit 1 (2 for bad input).
// Secret values (MINIO_SECRET_KEY, MINIO_OPENID_CLIENT_SECRET) are scrubbed from everything printed.
import { MinioAdminClient, type WaitOptions } from "./client";
import { AdminError, InputError, scrubSecrets } from "./errors";
import { desiredFromEnv, envVarForKey, SECRET_KEY } from "./openid-keys";
import { policyNameProblem } from "./names";
import { applyOpenId, removeOpenId, showOpenId } from "./openid-ops";
import { checkPolicy } from "./preflight";
import { withSecretFingerprint } from "./secret-fingerprint";
import { readConnectionSettings, type ConnectionSettings } from "./settings";
import { CA_BUNDLE_VAR, isUntrustedCertificate, trustCertificates } from "./trust";

export const PROGRAM = "minio-openid-admin";
export const COMMANDS = ["apply", "remove", "show", "check-policy"] as const;
/** check-policy's inputs: the custom policy's name and the document the stack would write (JSON). */
export const POLICY_NAME_VAR = "MINIO_POLICY_NAME";
export const POLICY_DOCUMENT_VAR = "MINIO_POLICY_DOCUMENT";
export type Command = (typeof COMMANDS)[number];

export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Runs one command and returns the exit code (0 ok, 1 failure, 2 bad input). Never throws. The CA certificates of
 * MINIO_CA_BUNDLE become trusted by the whole process (the CLI's own, so it reaches MinIO through global fetch).
 */
export async function runCli(args: readonly string[], env: Env, io: CliIo): Promise<number> {
  const secrets = [env.MINIO_SECRET_KEY, env[envVarForKey(SECRET_KEY)]];
  const fail = (where: string | undefined, message: string, code: number): number => {
    const text = `${PROGRAM}: ${where ? `${where}: ` : ""}${message}`.replace(/[\r\n]+/g, " ");
    io.stderr(scrubSecrets(text, secrets));
    return code;
  };
  if (args.length !== 1 || !(COMMANDS as readonly string[]).includes(args[0])) {
    return fail(
      undefined,
      `usage: ${PROGRAM} <${COMMANDS.join("|")}> (all inputs come from environment variables, see minio-admin/README.md)`,
      2,
    );
  }
  const command = args[0] as Command;
  const problems: string[] = [];
  const attempt = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(err.message);
      return undefined;
    }
  };
  let settings: ConnectionSettings | undefined;
  let desired: Record<string, string> | undefined;
  let policy: { name: string; document: string } | undefined;
  try {
    settings = attempt(() => readConnectionSettings(env));
    if (command === "apply") desired = attempt(() => desiredFromEnv(env));
    // remove runs with the environment apply had (pulumi-command keeps it), so it knows the stack's identity.
    if (command === "remove" && env[envVarForKey("client_id")] !== undefined)
      desired = attempt(() => desiredFromEnv(env));
    if (command === "check-policy") policy = attempt(() => policyFromEnv(env));
  } catch (err) {
    return fail(endpointHint(env), `unexpected error: ${describe(err)}`, 1);
  }
  if (settings === undefined || problems.length > 0) {
    return fail(endpointHint(env), `bad input: ${problems.join("; ")}`, 2);
  }
  try {
    trustCertificates(settings.caCertificates);
  } catch (err) {
    return fail(settings.endpoint, `${CA_BUNDLE_VAR}: ${describe(err)}`, 1);
  }
  const client = new MinioAdminClient({
    endpoint: settings.endpoint,
    accessKey: settings.accessKey,
    secretKey: settings.secretKey,
    region: settings.region,
    requestTimeoutMs: settings.requestTimeoutMs,
  });
  const wait: WaitOptions = {
    timeoutMs: settings.restartTimeoutMs,
    settleMs: Math.min(1000, settings.restartTimeoutMs / 2),
  };
  try {
    let result: object;
    if (command === "apply") {
      const fingerprinted = withSecretFingerprint(desired ?? {}, settings.secretKey);
      result = await applyOpenId(client, settings.target, fingerprinted, wait);
    } else if (command === "remove") {
      const identity = desired && { client_id: desired.client_id, config_url: desired.config_url };
      result = await removeOpenId(client, settings.target, wait, identity);
    } else if (command === "check-policy" && policy) result = await checkPolicy(client, policy.name, policy.document);
    else result = await showOpenId(client, settings.target);
    io.stdout(scrubSecrets(JSON.stringify(result), secrets));
    return 0;
  } catch (err) {
    if (err instanceof AdminError) return fail(undefined, err.message + hint(err, command), 1);
    if (err instanceof InputError) return fail(settings.endpoint, `bad input: ${err.message}`, 2);
    return fail(settings.endpoint, `unexpected error: ${describe(err)}`, 1);
  }
}

/**
 * The fix for two failures of locked-down setups: a TLS chain no trusted CA signed (trust MinIO's CA: the variable
 * and the stack config key), and a user whose policy lacks the admin action (MinIO answers 403 AccessDenied).
 */
function hint(err: AdminError, command: Command): string {
  if (err.kind === "unreachable" && isUntrustedCertificate(err.message)) {
    return (
      `; MinIO's TLS certificate is not signed by a CA this command trusts: give that CA's PEM in ${CA_BUNDLE_VAR} ` +
      "(stack config key caBundle, a PEM file)"
    );
  }
  if (err.kind === "auth" && err.code === "AccessDenied" && command === "check-policy") {
    return "; the MinIO user needs admin:GetPolicy (README, Least privilege)";
  }
  if (err.kind === "auth" && err.code === "AccessDenied") {
    return "; the MinIO user needs admin:ConfigUpdate, admin:ServiceRestart and admin:ServerInfo (README, Least privilege)";
  }
  return "";
}

/** check-policy's name and document; messages name the variables, never the document. */
function policyFromEnv(env: Env): { name: string; document: string } {
  const name = env[POLICY_NAME_VAR] ?? "";
  const problem = policyNameProblem(name);
  if (problem !== undefined) throw new InputError(`${POLICY_NAME_VAR} ${problem}`);
  const document = env[POLICY_DOCUMENT_VAR] ?? "";
  try {
    const parsed: unknown = JSON.parse(document);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) throw new Error("not an object");
  } catch {
    throw new InputError(`${POLICY_DOCUMENT_VAR} must be a policy document, a JSON object`);
  }
  return { name, document };
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** The endpoint to name in an input error, when MINIO_ENDPOINT is at least a URL (credentials left out). */
function endpointHint(env: Env): string | undefined {
  try {
    return env.MINIO_ENDPOINT ? new URL(env.MINIO_ENDPOINT).origin : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the CLI on this process's argv and environment; the exit code is set once it is done. */
export function main(): void {
  void runCli(process.argv.slice(2), process.env, {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
  }).then((code) => {
    process.exitCode = code;
  });
}

// run-cli.js starts the source; a build's dist/minio-admin/cli.js runs by itself.
if (require.main === module) main();
