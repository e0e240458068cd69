import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import { configTarget, targetNameProblem } from "../minio-admin/names";
import { desiredDefault, envVarForKey, OPENID_KEYS as CLI_OPENID_KEYS, SUBSYSTEM } from "../minio-admin/openid-keys";
import type { ApplyResult } from "../minio-admin/openid-ops";
import {
  DEFAULT_REGION,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  DEFAULT_RESTART_TIMEOUT_SECONDS,
  parseEndpoint,
} from "../minio-admin/settings";

export type { ApplyResult };

/** The admin CLI, relative to the program's directory, which is where `local.Command` runs it. */
export const ADMIN_CLI = "node dist/minio-admin/cli.js";
/** Writes (upserts) the identity_openid target and restarts MinIO when something changed. */
export const APPLY_COMMAND = `${ADMIN_CLI} apply`;
/** Removes the identity_openid target and restarts MinIO when something was removed. */
export const REMOVE_COMMAND = `${ADMIN_CLI} remove`;

/** MinIO identity_openid key fed by each setting (see the CLI contract: one variable per key). */
export const OPENID_KEYS = {
  configUrl: "config_url",
  clientId: "client_id",
  clientSecret: "client_secret",
  claimName: "claim_name",
  claimPrefix: "claim_prefix",
  scopes: "scopes",
  redirectUri: "redirect_uri",
  redirectUriDynamic: "redirect_uri_dynamic",
  rolePolicy: "role_policy",
  claimUserinfo: "claim_userinfo",
  vendor: "vendor",
  displayName: "display_name",
  comment: "comment",
} as const;

/** Everything the admin CLI reads from its environment, as values of type T (strings, or Pulumi Inputs). */
export interface OpenIdCommandSettings<T> {
  endpoint: T;
  accessKey: T;
  secretKey: T;
  region?: T;
  /** "" selects the default target `identity_openid`. */
  configName: T;
  restartTimeoutSeconds?: T;
  configUrl: T;
  clientId: T;
  clientSecret: T;
  claimName: T;
  scopes: T;
  redirectUri: T;
  displayName: T;
  claimPrefix?: T;
  redirectUriDynamic?: T;
  rolePolicy?: T;
  claimUserinfo?: T;
  vendor?: T;
  comment?: T;
}

/** The environment variable that carries one identity_openid key, e.g. `claim_name` -> `MINIO_OPENID_CLAIM_NAME`. */
export const openIdVariable = envVarForKey;

/**
 * The admin CLI's complete environment: connection variables plus one `MINIO_OPENID_<KEY>` variable for every key
 * the CLI knows. Settings left undefined get the CLI's own default explicitly, because `local.Command` runs on top of
 * the caller's environment: a stray `MINIO_REGION` or `MINIO_OPENID_*` in a CI job must not reach `apply`.
 * Values pass through untouched, so the caller decides which are Pulumi secrets.
 */
export function openIdEnvironment<T>(settings: OpenIdCommandSettings<T>): Record<string, T | string> {
  const env: Record<string, T | string> = {
    MINIO_ENDPOINT: settings.endpoint,
    MINIO_ACCESS_KEY: settings.accessKey,
    MINIO_SECRET_KEY: settings.secretKey,
    MINIO_REGION: settings.region ?? DEFAULT_REGION,
    MINIO_OPENID_CONFIG_NAME: settings.configName,
    MINIO_RESTART_TIMEOUT_SECONDS: settings.restartTimeoutSeconds ?? String(DEFAULT_RESTART_TIMEOUT_SECONDS),
    MINIO_REQUEST_TIMEOUT_SECONDS: String(DEFAULT_REQUEST_TIMEOUT_SECONDS),
  };
  const given = new Map<string, T>();
  for (const [field, key] of Object.entries(OPENID_KEYS) as [keyof typeof OPENID_KEYS, string][]) {
    const value = settings[field];
    if (value !== undefined) given.set(key, value);
  }
  for (const spec of CLI_OPENID_KEYS) env[openIdVariable(spec.key)] = given.get(spec.key) ?? desiredDefault(spec);
  return env;
}

/**
 * `identity_openid` for the default target (no name or ""), `identity_openid:NAME` for a named one. The name rule is
 * the admin CLI's own (`targetNameProblem`), so a name accepted here is never refused by the CLI at `pulumi up`.
 */
export function configKeyName(name?: string): string {
  if (name === undefined || name === "") return SUBSYSTEM;
  if (name === "_") throw new Error('MinioOpenIdConfig: configName "_" is MinIO\'s default target; use "" instead');
  const problem = targetNameProblem(name);
  if (problem !== undefined) throw new Error(`MinioOpenIdConfig: configName ${JSON.stringify(name)} ${problem}`);
  return configTarget(name);
}

/** Joins a MinIO comma-separated list (scopes, role_policy); every element must be non-empty, without "," or blanks. */
export function formatList(field: string, values: readonly string[]): string {
  for (const value of values) {
    if (!/^[^,\s]+$/.test(value)) {
      throw new Error(`MinioOpenIdConfig: ${field} element "${value}" must be non-empty, without "," or whitespace`);
    }
  }
  return values.join(",");
}

/** MinIO's on/off spelling for a boolean setting. */
export function onOff(value: boolean): "on" | "off" {
  return value ? "on" : "off";
}

/** The endpoint as the admin CLI will use it (its origin), checked by the CLI's own rule; else throws. */
export function checkEndpoint(value: string): string {
  const parsed = parseEndpoint(value);
  if ("problem" in parsed) throw new Error(`MinioOpenIdConfig: endpoint ${parsed.problem}`);
  return parsed.origin;
}

/** The restart timeout as the CLI expects it: a positive whole number of seconds. */
export function formatRestartTimeout(seconds: number): string {
  if (!Number.isSafeInteger(seconds) || seconds <= 0) {
    throw new Error(`MinioOpenIdConfig: restartTimeoutSeconds must be a positive whole number, got ${seconds}`);
  }
  return String(seconds);
}

/** Parses the one JSON line `cli.js apply` prints, checking it names the expected config target. */
export function parseApplyResult(stdout: string, expectedConfig: string): ApplyResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout.trim());
  } catch {
    throw new Error("MinioOpenIdConfig: the admin CLI's apply output is not one JSON line");
  }
  const r = parsed as Partial<ApplyResult> | null;
  if (
    r === null ||
    typeof r !== "object" ||
    typeof r.config !== "string" ||
    typeof r.changed !== "boolean" ||
    typeof r.restarted !== "boolean" ||
    !Array.isArray(r.keys) ||
    !r.keys.every((k) => typeof k === "string")
  ) {
    throw new Error("MinioOpenIdConfig: the admin CLI's apply output lacks config/changed/restarted/keys");
  }
  if (r.config !== expectedConfig) {
    throw new Error(`MinioOpenIdConfig: the admin CLI applied ${r.config}, expected ${expectedConfig}`);
  }
  return { config: r.config, changed: r.changed, restarted: r.restarted, keys: [...r.keys] };
}

/** Inputs of {@link MinioOpenIdConfig}. */
export interface MinioOpenIdConfigArgs {
  /** MinIO API endpoint, e.g. `https://minio.example.com:9000`. Changing it removes the config from the old server. */
  endpoint: pulumi.Input<string>;
  /** MinIO root access key; passed to the CLI as a Pulumi secret. */
  accessKey: pulumi.Input<string>;
  /** MinIO root secret key (also madmin's encryption password); passed as a Pulumi secret. */
  secretKey: pulumi.Input<string>;
  /** Region used to sign admin requests; the CLI defaults to us-east-1. */
  region?: pulumi.Input<string>;
  /** Target name: unset or "" for `identity_openid`, "x" for `identity_openid:x`. Changing it moves the config. */
  configName?: string;
  /** Seconds the CLI waits for MinIO to come back after a restart; the CLI defaults to 60. */
  restartTimeoutSeconds?: pulumi.Input<number>;
  /** `config_url`: the provider's full discovery URL (`…/.well-known/openid-configuration`). */
  configUrl: pulumi.Input<string>;
  /** `client_id`: the OAuth2 client ID MinIO expects in the token's `aud`/`azp`. */
  clientId: pulumi.Input<string>;
  /** `client_secret`: the OAuth2 client secret; passed as a Pulumi secret. */
  clientSecret: pulumi.Input<string>;
  /** `claim_name`: the JWT claim that lists MinIO policy names. */
  claimName: pulumi.Input<string>;
  /** `scopes`: OAuth2 scopes the console requests, joined with ",". */
  scopes: pulumi.Input<pulumi.Input<string>[]>;
  /** `redirect_uri`: the console's OAuth2 callback URL. */
  redirectUri: pulumi.Input<string>;
  /** `display_name`: label of the console's SSO button. */
  displayName: pulumi.Input<string>;
  /** `claim_prefix`: prepended to claim_name when MinIO looks the claim up (deprecated by MinIO). */
  claimPrefix?: pulumi.Input<string>;
  /** `redirect_uri_dynamic`: build the callback from the request's Host header ("on"/"off"). */
  redirectUriDynamic?: pulumi.Input<boolean>;
  /** `role_policy`: policies granted in RoleArn mode, joined with ","; replaces claim-based mapping. */
  rolePolicy?: pulumi.Input<pulumi.Input<string>[]>;
  /** `claim_userinfo`: merge claims from the userinfo endpoint ("on"/"off"). */
  claimUserinfo?: pulumi.Input<boolean>;
  /** `vendor`: MinIO accepts only "keycloak". */
  vendor?: pulumi.Input<string>;
  /** `comment`: free text stored with the config. */
  comment?: pulumi.Input<string>;
}

/** Checks a plain value at once (the program fails before anything is declared), an Output once it is known. */
function checked(value: pulumi.Input<string>, check: (v: string) => string): pulumi.Output<string> {
  return typeof value === "string" ? pulumi.output(check(value)) : pulumi.output(value).apply(check);
}

function mapOptional<T, U>(
  value: pulumi.Input<T> | undefined,
  f: (v: pulumi.Unwrap<T>) => U,
): pulumi.Output<U> | undefined {
  return value === undefined ? undefined : pulumi.output(value).apply(f);
}

/** MinIO's identity_openid[:NAME] target, written and removed by the admin CLI through one `local.Command`. */
export class MinioOpenIdConfig extends pulumi.ComponentResource {
  /** `identity_openid` or `identity_openid:NAME`. */
  public readonly configName: pulumi.Output<string>;
  /** Whether the last apply changed any key (unknown in preview). */
  public readonly changed: pulumi.Output<boolean>;
  /** Whether the last apply restarted MinIO (unknown in preview). */
  public readonly restarted: pulumi.Output<boolean>;
  /** Keys the last apply changed (unknown in preview). */
  public readonly changedKeys: pulumi.Output<string[]>;

  constructor(name: string, args: MinioOpenIdConfigArgs, opts?: pulumi.ComponentResourceOptions) {
    super("minio-authentik-sso:index:MinioOpenIdConfig", name, {}, opts);
    const target = configKeyName(args.configName);
    // The origin, so "https://m.example" and "https://m.example/" are the same trigger (no needless replacement).
    const endpoint = checked(args.endpoint, checkEndpoint);
    const environment = openIdEnvironment<pulumi.Input<string>>({
      endpoint,
      accessKey: pulumi.secret(args.accessKey),
      secretKey: pulumi.secret(args.secretKey),
      region: args.region,
      configName: args.configName ?? "",
      restartTimeoutSeconds: mapOptional(args.restartTimeoutSeconds, formatRestartTimeout),
      configUrl: args.configUrl,
      clientId: args.clientId,
      clientSecret: pulumi.secret(args.clientSecret),
      claimName: args.claimName,
      scopes: pulumi.output(args.scopes).apply((v) => formatList("scopes", v)),
      redirectUri: args.redirectUri,
      displayName: args.displayName,
      claimPrefix: args.claimPrefix,
      redirectUriDynamic: mapOptional(args.redirectUriDynamic, onOff),
      rolePolicy: mapOptional(args.rolePolicy, (v) => formatList("rolePolicy", v)),
      claimUserinfo: mapOptional(args.claimUserinfo, onOff),
      vendor: args.vendor,
      comment: args.comment,
    });

    const cmd = new command.local.Command(
      `${name}-identity-openid`,
      {
        create: APPLY_COMMAND,
        // Setting changes re-run apply in place (an update, not a replace): apply converges the target.
        update: APPLY_COMMAND,
        // pulumi-command runs `delete` with the inputs saved in state by the last successful create/update, so it
        // reaches the old server and target; rotated root credentials reach it only after an `up` stored them.
        delete: REMOVE_COMMAND,
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

    const result = cmd.stdout.apply((out) => parseApplyResult(out, target));
    this.configName = pulumi.output(target);
    // The CLI's stdout holds only key names and flags, so the parsed flags need not stay secret.
    this.changed = pulumi.unsecret(result.apply((r) => r.changed));
    this.restarted = pulumi.unsecret(result.apply((r) => r.restarted));
    this.changedKeys = pulumi.unsecret(result.apply((r) => r.keys));
    this.registerOutputs({
      configName: this.configName,
      changed: this.changed,
      restarted: this.restarted,
      changedKeys: this.changedKeys,
    });
  }
}
