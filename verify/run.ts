// The verify command as a function: arguments, environment and output sinks in, exit code out. Never throws.
// 0 = every check passed, 1 = a check failed (or an unexpected error), 2 = bad input.
import type { StackConfig } from "../lib/config";
import { authentikFromEnv } from "../lib/config";
import { scrubSecrets } from "../minio-admin/errors";
import { trustCertificates } from "../minio-admin/trust";
import { parseArgs, USAGE, VerifyInputError, type VerifyArgs } from "./args";
import { authentikSection, clientSecretOf } from "./authentik-checks";
import { expectedOpenId, stackClientId } from "./minio-checks";
import { outputsSection } from "./outputs-checks";
import { probeStack, readProvider } from "./probes";
import { pulumiConfigArgs, pulumiOutputArgs, readInputFile, runPulumi, type ProcessRunner } from "./pulumi";
import { exitCode, renderReport, type ReportSection } from "./report";
import { outputsFromPulumi, parseJsonText, stackConfigFromPulumi, type StackOutputs } from "./stack-data";

export const PROGRAM = "verify";

export interface VerifyIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

export interface VerifyDeps {
  /** Runs the Pulumi CLI (default: spawn without a shell). */
  runner?: ProcessRunner;
}

type Env = Readonly<Record<string, string | undefined>>;

async function stackText(
  file: string | undefined,
  flag: string,
  pulumiArgs: string[],
  env: Env,
  runner: ProcessRunner | undefined,
): Promise<{ text: string; source: string }> {
  if (file !== undefined) return { text: await readInputFile(file, flag), source: file };
  return { text: await runPulumi(pulumiArgs, env, runner), source: `the output of pulumi ${pulumiArgs[0]}` };
}

/** The validated config and the outputs of the stack, from files or the Pulumi CLI. */
export async function loadStack(
  args: VerifyArgs,
  env: Env,
  runner?: ProcessRunner,
): Promise<{ config: StackConfig; outputs: StackOutputs }> {
  const configText = await stackText(args.configJson, "--config-json", pulumiConfigArgs(args.stack), env, runner);
  const outputsText = await stackText(args.outputsJson, "--outputs-json", pulumiOutputArgs(args.stack), env, runner);
  // AUTHENTIK_URL and AUTHENTIK_TOKEN stand in for unset authentik:url and authentik:token, as for the program.
  const config = stackConfigFromPulumi(
    parseJsonText(configText.text, configText.source),
    configText.source,
    authentikFromEnv(env),
  );
  const outputs = outputsFromPulumi(parseJsonText(outputsText.text, outputsText.source), outputsText.source);
  return { config, outputs };
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

export async function runVerify(
  argv: readonly string[],
  env: Env,
  io: VerifyIo,
  deps: VerifyDeps = {},
): Promise<number> {
  const secrets: (string | undefined)[] = [];
  const print = (line: string): void => io.stdout(scrubSecrets(line, secrets));
  const complain = (message: string): void =>
    io.stderr(scrubSecrets(`${PROGRAM}: ${message}`.replace(/[\r\n]+/g, " "), secrets));
  try {
    const args = parseArgs(argv);
    if (args.help) {
      USAGE.split("\n").forEach(print);
      return 0;
    }
    const { config, outputs } = await loadStack(args, env, deps.runner);
    secrets.push(config.minio.secretKey.reveal(), config.authentik.token.reveal());
    // caBundle's CAs, for authentik's and MinIO's certificates: trusted by this whole process (verify's own).
    trustCertificates(config.caBundle?.certificates ?? []);
    const provider = await readProvider(config, outputs.providerId, args.timeoutMs);
    const clientSecret = clientSecretOf(provider);
    secrets.push(clientSecret);
    const expected = expectedOpenId(config, outputs, clientSecret);
    const sections: ReportSection[] = [];
    const fromOutputs = outputsSection(config, outputs);
    if (fromOutputs !== undefined) sections.push(fromOutputs);
    sections.push(
      authentikSection({
        authentikUrl: config.authentik.url,
        providerId: outputs.providerId,
        clientId: stackClientId(config, outputs),
        outcome: provider,
      }),
    );
    sections.push(...(await probeStack({ config, expected, timeoutMs: args.timeoutMs })));
    const report = { stack: args.stack, sections };
    renderReport(report).forEach(print);
    return exitCode(report);
  } catch (err) {
    if (err instanceof VerifyInputError) {
      complain(`bad input: ${err.message}`);
      return 2;
    }
    complain(`unexpected error: ${describe(err)}`);
    return 1;
  }
}
