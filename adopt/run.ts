// `npm run adopt -- --stack NAME [--dry-run]`: brings the authentik objects of a hand-made setup (authentik's MinIO
// guide) under a stack that has never been deployed, so that its next `pulumi up` updates them in place instead of
// failing on "provider with this name already exists". Exit code: 0 adopted (or, with --dry-run, adoptable),
// 1 refused or failed (nothing changed, or see the message), 2 bad input.
import { scopeMappingName } from "../lib/config-keys";
import { authentikFromEnv } from "../lib/config";
import { scrubSecrets } from "../minio-admin/errors";
import { trustCertificates } from "../minio-admin/trust";
import { VerifyInputError } from "../verify/args";
import { pulumiConfigArgs, runPulumi, type ProcessRunner } from "../verify/pulumi";
import { parseJsonText, rawConfigFromPulumi, stackConfigFromPulumi } from "../verify/stack-data";
import { readCandidates } from "./authentik-read";
import { AdoptRefusal, describePlan, planAdoption, type Wanted } from "./find";
import { importEntries } from "./import-plan";
import { importResources, setPlainConfig, setSecretConfig, stackResourceCount } from "./pulumi-stack";

export const PROGRAM = "adopt";
export const USAGE = [
  "usage: npm run adopt -- --stack NAME [--dry-run]",
  "Finds the authentik provider, application and scope mapping the stack's config names (a setup made by hand",
  "after authentik's MinIO guide), prints them, keeps their client ID and secret in the stack's config and imports",
  "them into the stack, so that the next `pulumi up` updates them in place. --dry-run only prints.",
].join("\n");

const TIMEOUT_MS = 15_000;
type Env = Readonly<Record<string, string | undefined>>;

export interface AdoptIo {
  stdout(line: string): void;
  stderr(line: string): void;
}

interface AdoptArgs {
  stack: string;
  dryRun: boolean;
  help: boolean;
}

const STACK_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.\-/]{0,199}$/;

export function parseAdoptArgs(argv: readonly string[]): AdoptArgs {
  const args: AdoptArgs = { stack: "", dryRun: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") args.help = true;
    else if (arg === "--dry-run") args.dryRun = true;
    else if (arg === "--stack" && i + 1 < argv.length) args.stack = argv[++i];
    else if (arg.startsWith("--stack=")) args.stack = arg.slice("--stack=".length);
    else throw new VerifyInputError(`unknown argument ${JSON.stringify(arg)}`);
  }
  if (args.help) return args;
  if (args.stack === "") throw new VerifyInputError("--stack NAME is required");
  if (!STACK_NAME.test(args.stack))
    throw new VerifyInputError(`--stack: ${JSON.stringify(args.stack)} is not a stack name`);
  return args;
}

export async function runAdopt(
  argv: readonly string[],
  env: Env,
  io: AdoptIo,
  runner?: ProcessRunner,
): Promise<number> {
  const secrets: (string | undefined)[] = [];
  const print = (line: string) => io.stdout(scrubSecrets(line, secrets));
  const complain = (message: string) =>
    io.stderr(scrubSecrets(`${PROGRAM}: ${message}`.replace(/[\r\n]+/g, " "), secrets));
  try {
    const args = parseAdoptArgs(argv);
    if (args.help) {
      USAGE.split("\n").forEach(print);
      return 0;
    }
    const source = `the output of pulumi config`;
    const json = parseJsonText(await runPulumi(pulumiConfigArgs(args.stack), env, runner), source);
    const config = stackConfigFromPulumi(json, source, authentikFromEnv(env));
    const raw = rawConfigFromPulumi(json, source);
    secrets.push(config.authentik.token.reveal(), config.minio.secretKey.reveal(), raw.clientSecret);
    const wanted: Wanted = {
      providerName: config.provider.name,
      slug: config.application.slug,
      clientId: raw.clientId || undefined,
      clientSecret: raw.clientSecret || undefined,
      mappingName: scopeMappingName(config.provider.name),
    };
    const resources = await stackResourceCount(args.stack, env, runner);
    if (resources > 0) {
      throw new AdoptRefusal(
        `the stack ${args.stack} already holds ${resources} resources; adopt prepares a stack that has never been ` +
          `deployed. Fix: adopt into a new stack (pulumi stack init), or use pulumi up on this one`,
      );
    }
    trustCertificates(config.caBundle?.certificates ?? []);
    const found = await readCandidates(config.authentik.url, config.authentik.token.reveal(), wanted, TIMEOUT_MS);
    secrets.push(...found.providers.map((p) => p.client_secret));
    const plan = planAdoption(wanted, found);
    print(`${PROGRAM}: stack ${args.stack}, authentik at ${config.authentik.url}: adopting`);
    describePlan(plan, wanted).forEach(print);
    if (args.dryRun) {
      print(`${PROGRAM}: --dry-run: nothing changed`);
      return 0;
    }
    // The config first: an import that fails can then simply be run again.
    if (plan.setClientId !== undefined) await setPlainConfig(args.stack, "clientId", plan.setClientId, env, runner);
    if (plan.setClientSecret) await setSecretConfig(args.stack, "clientSecret", plan.provider.client_secret, env);
    const entries = importEntries(plan);
    const imported = await importResources(args.stack, entries, env, runner);
    // The summary lines of the CLI's output ("+ 1 created", "= 7 imported"): the stack itself and the entries.
    const summary = [...imported.matchAll(/^ {4}([+=~-] \d+ [a-z]+)$/gm)].map((m) => m[1]);
    if (summary.length > 0) print(`${PROGRAM}: pulumi import: ${summary.join(", ")}`);
    const objects = entries.filter((e) => e.id !== undefined).length;
    print(
      `${PROGRAM}: imported ${objects} authentik objects and ${entries.length - objects} components into ` +
        `${args.stack}. Next: pulumi preview (updates in place, MinIO's command to create), then pulumi up`,
    );
    return 0;
  } catch (err) {
    if (err instanceof VerifyInputError) {
      complain(`bad input: ${err.message}`);
      return 2;
    }
    if (err instanceof AdoptRefusal) {
      complain(`refused: ${err.message}. Nothing was changed`);
      return 1;
    }
    complain(err instanceof Error ? err.message : String(err));
    return 1;
  }
}
