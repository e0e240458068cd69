/**
 * Types of the validated stack configuration, the secret wrapper and the error `loadConfig` throws.
 * Pure module: imports nothing from Pulumi.
 */
import { inspect } from "node:util";
import type { CaBundle } from "./ca-bundle";
import type { PolicyMapping } from "./expression";

const REDACTED = "[secret]";

/**
 * A secret config value. Printing, string conversion, JSON and util.inspect all show `[secret]`;
 * only `reveal()` returns the value (e.g. to hand it to `pulumi.secret(...)`).
 */
export class SecretString {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  /** The plaintext. Wrap it in `pulumi.secret()` before it reaches any resource input or output. */
  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/** One thing wrong with the stack config: the key, what is wrong, and the command that fixes it. */
export interface ConfigProblem {
  /** The key as typed in `pulumi config set` (project keys bare, provider keys as `authentik:url`). */
  readonly key: string;
  /** What is wrong. Never contains a secret value. */
  readonly message: string;
  /** A `pulumi config set ...` command that fixes it (secrets: without the value, so the CLI prompts for it). */
  readonly fix: string;
}

/** Thrown by `loadConfig` with every problem found; the message has one line per problem. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    const lines = problems.map((p) => `  - ${p.key}: ${p.message} Fix: ${p.fix}`);
    super([`Invalid stack configuration (${count}):`, ...lines].join("\n"));
    this.name = "ConfigError";
    this.problems = problems;
  }
}

/** A MinIO IAM policy document as declared in `customPolicies`. */
export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly Record<string, unknown>[];
  readonly ID?: string;
}

/** The validated configuration, with every default applied. */
export interface StackConfig {
  readonly authentik: {
    /** Base URL of authentik (no trailing slash), as MinIO and the provider reach it. */
    readonly url: string;
    readonly token: SecretString;
  };
  readonly application: {
    readonly name: string;
    readonly slug: string;
    /** Empty when no launch URL is configured. */
    readonly launchUrl: string;
  };
  readonly provider: {
    readonly name: string;
    readonly clientId: string;
    /** The chosen OAuth2 client secret; undefined = authentik generates one. */
    readonly clientSecret: SecretString | undefined;
    /** Flow slugs, looked up by the program. */
    readonly authorizationFlow: string;
    readonly invalidationFlow: string;
    /** Name of the certificate-key pair that signs tokens (RS256 with a JWKS `kid`, which MinIO needs). */
    readonly signingKey: string;
    /** authentik duration, e.g. `minutes=10`. */
    readonly accessTokenValidity: string;
    /** The scope name the MinIO scope mapping is registered under; always part of `minio.scopes`. */
    readonly scopeName: string;
  };
  /** Derived from `authentik.url` and the application slug (authentik per-provider issuer mode). */
  readonly oidc: {
    readonly issuerUrl: string;
    /** MinIO identity_openid `config_url`. */
    readonly configUrl: string;
  };
  readonly minio: {
    /** S3 API endpoint (scheme://host[:port], no trailing slash). */
    readonly endpoint: string;
    readonly accessKey: SecretString;
    readonly secretKey: SecretString;
    readonly redirectUri: string;
    readonly displayName: string;
    readonly claimName: string;
    readonly scopes: readonly string[];
    /** `""` = the default `identity_openid` target, otherwise the `identity_openid:NAME` target name. */
    readonly configName: string;
    /** How long the admin CLI waits for the whole deployment after a restart (whole seconds). */
    readonly restartTimeoutSeconds: number;
    /** Bound of each admin CLI request to MinIO (whole seconds). */
    readonly requestTimeoutSeconds: number;
  };
  readonly allowInsecure: boolean;
  /** The private CAs of `caBundle`, checked; undefined when unset. */
  readonly caBundle: CaBundle | undefined;
  /** Whether to declare the public client `minio-sso login` signs in with (default true). */
  readonly loginClient: boolean;
  /** Whether the login client also allows the device flow (needs the brand's device code flow). */
  readonly loginDeviceFlow: boolean;
  /** Input of `generatePolicyExpression`. */
  readonly policyMapping: PolicyMapping;
  /** Policies to create in MinIO, by name (sorted). */
  readonly customPolicies: Readonly<Record<string, PolicyDocument>>;
}

/** Anything with Pulumi's `Config.get` shape. */
export interface ConfigGetter {
  get(key: string): string | undefined;
  /** Whether the stack stores the key encrypted; unknown when absent (a plain record, or a getter without it). */
  isSecret?(key: string): boolean;
  /** Every project key the stack sets (without the project prefix), to refuse the ones the program does not read. */
  keys?(): readonly string[];
}

/**
 * Raw config: a getter, or a plain record. Keys are the project keys as declared in Pulumi.yaml (camelCase,
 * without the project prefix) plus the authentik provider's `authentik:url` and `authentik:token`.
 */
export type RawConfig = ConfigGetter | Readonly<Record<string, string | undefined>>;
