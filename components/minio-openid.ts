import { existsSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { MinioAdminClient } from "../minio-admin/client";
import { scrubSecrets } from "../minio-admin/errors";
import { configTarget, targetNameProblem } from "../minio-admin/names";
import { checkOpenIdTarget } from "../minio-admin/preflight";
import { DEFAULT_REQUEST_TIMEOUT_SECONDS, openIdEnvironment, parseEndpoint } from "../minio-admin/settings";
import { parseCaBundle, trustCertificates } from "../minio-admin/trust";
import { LookupError } from "./authentik-provider";

/**
 * The admin CLI, started by a committed launcher that runs its TypeScript source, so `pulumi up` needs no build.
 *
 * The command names the launcher by its path relative to the command's working directory, so no machine's checkout
 * path reaches the command's inputs or the state. pulumi-command v1.2.1 runs a command without `dir` in the
 * provider's working directory (provider/pkg/provider/local/commandOutputs.go, run(): `cmd.Dir, err = os.Getwd()`),
 * and the engine starts plugins in the project's directory `ctx.Pwd` (pulumi/pulumi pkg/resource/plugin/plugin.go:
 * a provider binary with `cmd.Dir = pwd`; a source plugin such as this package through RunPlugin with
 * `WorkingDirectory: ctx.Pwd`, which the nodejs host makes its `cmd.Dir`); `ctx.Pwd` is the directory of
 * Pulumi.yaml's `main` (pkg/engine/project.go getPwdMain). The language host runs a program there too. So the
 * working directory of the process running this code is the command's: this project's root for its own stacks, the
 * consumer's project directory when a program in another language declares the component (both run by the e2e suite).
 */
export const ADMIN_CLI = "node minio-admin/run-cli.js";
/** Writes (upserts) the identity_openid target and restarts MinIO when something changed (from the project root). */
export const APPLY_COMMAND = `${ADMIN_CLI} apply`;
/** Removes the identity_openid target and restarts MinIO when something was removed (from the project root). */
export const REMOVE_COMMAND = `${ADMIN_CLI} remove`;

/** The launcher, found from this file whether it runs from source (components/) or compiled (dist/components/). */
function launcherPath(): string {
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    const launcher = path.join(dir, "minio-admin", "run-cli.js");
    if (existsSync(launcher)) return launcher;
  }
  throw new Error(`MinioOpenIdConfig: no minio-admin/run-cli.js in ${__dirname} or above`);
}

/**
 * The apply and remove commands for a command running in `cwd`: the launcher's path from there, so in this
 * project's root exactly {@link APPLY_COMMAND} and {@link REMOVE_COMMAND}, and in a consumer's project next to a
 * checkout of this package `node ../<checkout>/minio-admin/run-cli.js apply`.
 */
export function adminCommands(
  cwd: string,
  launcher = launcherPath(),
): { apply: string; remove: string; checkPolicy: string } {
  const relative = path.relative(cwd, launcher);
  // One shell word: quoted unless it is made of characters the shell takes literally.
  const word = /^[\w./-]+$/.test(relative) ? relative : `'${relative.replace(/'/g, "'\\''")}'`;
  return { apply: `node ${word} apply`, remove: `node ${word} remove`, checkPolicy: `node ${word} check-policy` };
}

/**
 * "off" skips the read-only MinIO check the program makes before it declares the command (for the benchmark, or a
 * pull-request job with no route to MinIO); `apply` makes the same check again before it writes anything.
 */
export const PREVIEW_CHECKS_VAR = "MINIO_SSO_PREVIEW_CHECKS";
/** The preview's bound on the check's one request, so an unanswering server does not hold the preview long. */
const PREVIEW_REQUEST_TIMEOUT_SECONDS = 10;

/** The value of an Output once it is known; undefined when it is not (an input computed by `up`, at preview). */
function whenKnown<T>(value: pulumi.Output<T>): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    // isKnown is marked internal; an unknown Output never runs its apply, so this is how a preview tells.
    (value as unknown as { isKnown: Promise<boolean> }).isKnown.then((known) => known || resolve(undefined), reject);
    value.apply((v) => {
      resolve(v);
      return v;
    });
  });
}

/**
 * The never-clobber check of the target, read-only, while the program runs (so `pulumi preview` shows it): a
 * foreign target, environment overrides or another claim-based target end the run with one LookupError naming
 * the server, the target and the fix; a server that cannot be reached is one warning. Skipped when the keys or the
 * client ID are not known yet, or with MINIO_SSO_PREVIEW_CHECKS=off.
 */
async function checkTargetAtPreview(endpoint: string, target: string, args: TargetCheckArgs): Promise<void> {
  if (process.env[PREVIEW_CHECKS_VAR] === "off") return;
  const known = await whenKnown(pulumi.all([args.accessKey, args.secretKey, args.clientId, args.configUrl]));
  if (known === undefined) return;
  const [accessKey, secretKey, clientId, configUrl] = known;
  if (args.caCertificates) {
    const bundle = parseCaBundle(args.caCertificates);
    if ("certificates" in bundle) trustCertificates(bundle.certificates);
  }
  const seconds = Math.min(
    args.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS,
    PREVIEW_REQUEST_TIMEOUT_SECONDS,
  );
  const client = new MinioAdminClient({ endpoint, accessKey, secretKey, requestTimeoutMs: seconds * 1000 });
  const verdict = await checkOpenIdTarget(client, target, { client_id: clientId, config_url: configUrl }, true);
  // MinIO's answers carry no secret key, but a message never shows it even if a server echoed it (as the CLI).
  const message = verdict.kind === "ok" ? "" : scrubSecrets(verdict.message, [secretKey]);
  if (verdict.kind === "refused") throw new LookupError(message);
  if (verdict.kind !== "unreached") return;
  // At `up` nothing is written before MinIO has been read: with a moved minioEndpoint the old server's target would
  // otherwise be removed first, and the new server fail after it.
  if (!pulumi.runtime.isDryRun()) throw new LookupError(scrubSecrets(verdict.atUp, [secretKey]));
  pulumi.log.warn(message);
}

/** What the never-clobber check reads MinIO with, and what it compares the target to. */
export type TargetCheckArgs = Pick<
  MinioOpenIdConfigArgs,
  "accessKey" | "secretKey" | "clientId" | "configUrl" | "caCertificates" | "requestTimeoutSeconds"
>;

/**
 * Starts the never-clobber check of the target `endpoint` and `configName` name (see checkTargetAtPreview), for a
 * caller that makes other resources wait for it and passes it on as `targetCheck`. An endpoint or name the
 * component refuses resolves at once: the component's constructor names the problem.
 */
export function startTargetCheck(
  args: TargetCheckArgs & Pick<MinioOpenIdConfigArgs, "endpoint" | "configName">,
): Promise<void> {
  const parsed = parseEndpoint(args.endpoint);
  const name = args.configName ?? "";
  if ("problem" in parsed || targetNameProblem(name) !== undefined) return Promise.resolve();
  return checkTargetAtPreview(parsed.origin, configTarget(name), args);
}

/** Inputs of {@link MinioOpenIdConfig}: what the stack config and authentik's provider give. */
export interface MinioOpenIdConfigArgs {
  /** MinIO API endpoint, e.g. `https://minio.example.com:9000`. Changing it removes the config from the old server. */
  endpoint: string;
  /** MinIO root access key; passed to the CLI as a Pulumi secret. */
  accessKey: pulumi.Input<string>;
  /** MinIO root secret key (also madmin's encryption password); passed as a Pulumi secret. */
  secretKey: pulumi.Input<string>;
  /** Target name: unset or "" for `identity_openid`, "x" for `identity_openid:x`. Changing it moves the config. */
  configName?: string;
  /** `config_url`: the provider's full discovery URL (`…/.well-known/openid-configuration`). */
  configUrl: pulumi.Input<string>;
  /** `client_id`: the OAuth2 client ID MinIO expects in the token's `aud`/`azp`. */
  clientId: pulumi.Input<string>;
  /** `client_secret`: the OAuth2 client secret; passed as a Pulumi secret. */
  clientSecret: pulumi.Input<string>;
  /** `claim_name`: the JWT claim that lists MinIO policy names. */
  claimName: pulumi.Input<string>;
  /** `scopes`: OAuth2 scopes the console requests. */
  scopes: readonly string[];
  /** `redirect_uri`: the console's OAuth2 callback URL. */
  redirectUri: pulumi.Input<string>;
  /** `display_name`: label of the console's SSO button. */
  displayName: pulumi.Input<string>;
  /** Seconds the CLI waits for the whole deployment after a restart (unset: the CLI's default, 60). */
  restartTimeoutSeconds?: number;
  /** Seconds the CLI waits for each answer from MinIO (unset: the CLI's default, 30). */
  requestTimeoutSeconds?: number;
  /** PEM text of the private CAs to trust for MinIO's TLS certificate (MINIO_CA_BUNDLE); unset for none. */
  caCertificates?: string;
  /** The never-clobber check, when the caller started it (startTargetCheck); unset: the component starts it. */
  targetCheck?: Promise<void>;
}

/** MinIO's identity_openid[:NAME] target, written and removed by the admin CLI through one `local.Command`. */
export class MinioOpenIdConfig extends pulumi.ComponentResource {
  /** The target: `identity_openid` or `identity_openid:NAME`. */
  public readonly target: pulumi.Output<string>;

  constructor(name: string, args: MinioOpenIdConfigArgs, opts?: pulumi.ComponentResourceOptions) {
    super("minio-authentik-sso:index:MinioOpenIdConfig", name, {}, opts);
    const configName = args.configName ?? "";
    const nameProblem = targetNameProblem(configName);
    if (nameProblem !== undefined) {
      throw new Error(`MinioOpenIdConfig: configName ${JSON.stringify(configName)} ${nameProblem}`);
    }
    const target = configTarget(configName);
    const parsed = parseEndpoint(args.endpoint);
    if ("problem" in parsed) throw new Error(`MinioOpenIdConfig: endpoint ${parsed.problem}`);
    // The origin, so "https://m.example" and "https://m.example/" are the same trigger (no needless replacement).
    const endpoint = parsed.origin;
    const environment = openIdEnvironment<pulumi.Input<string>>({
      endpoint,
      accessKey: pulumi.secret(args.accessKey),
      secretKey: pulumi.secret(args.secretKey),
      configName,
      configUrl: args.configUrl,
      clientId: args.clientId,
      clientSecret: pulumi.secret(args.clientSecret),
      claimName: args.claimName,
      scopes: args.scopes.join(","),
      redirectUri: args.redirectUri,
      displayName: args.displayName,
      restartTimeoutSeconds: args.restartTimeoutSeconds,
      requestTimeoutSeconds: args.requestTimeoutSeconds,
      caBundle: args.caCertificates,
    });

    // The command waits for the read-only check: its endpoint is only known once the check has passed.
    const checked = args.targetCheck ?? checkTargetAtPreview(endpoint, target, args);
    environment.MINIO_ENDPOINT = checked.then(() => endpoint);

    // The same directory the command will run in (see ADMIN_CLI).
    const commands = adminCommands(process.cwd());
    new command.local.Command(
      `${name}-identity-openid`,
      {
        create: commands.apply,
        // Setting changes re-run apply in place (an update, not a replace): apply converges the target.
        update: commands.apply,
        // pulumi-command runs `delete` with the inputs saved in state by the last successful create/update, so it
        // reaches the old server and target; rotated root credentials reach it only after an `up` stored them.
        delete: commands.remove,
        environment,
        // The target's identity: moving to another server or target name replaces (remove old, apply new).
        triggers: [endpoint, target],
        // why: nothing the CLI prints belongs in Pulumi's log, and the last stdout is not passed to the next run.
        logging: command.types.enums.local.Logging.None,
        addPreviousOutputInEnv: false,
      },
      {
        parent: this,
        // Children do not inherit a component's dependsOn, so pass it on.
        dependsOn: opts?.dependsOn,
        // why: the target is a singleton slot; create-then-delete would let the old `remove` wipe the new config.
        deleteBeforeReplace: true,
        // why: the provider does not make stdout/stderr secret even though the environment holds secrets.
        additionalSecretOutputs: ["stdout", "stderr"],
      },
    );

    // The target output waits for the check too: the SDK reports a refusal as one line (a RunError's message) only
    // while the program runs, and a program runs until its stack outputs are known.
    this.target = pulumi.output(checked.then(() => target));
    this.registerOutputs({ target: this.target });
  }
}
