import * as pulumi from "@pulumi/pulumi";
import * as minio from "@pulumi/minio";
import * as command from "@pulumi/command";
import type { PolicyDocument } from "../lib/config-types";
import { POLICY_DOCUMENT_VAR, POLICY_NAME_VAR } from "../minio-admin/cli";
import { policyNameProblem } from "../minio-admin/names";
import { CONFIG_NAME_VAR } from "../minio-admin/openid-keys";
import {
  DEFAULT_REGION,
  DEFAULT_REQUEST_TIMEOUT_SECONDS,
  DEFAULT_RESTART_TIMEOUT_SECONDS,
  parseEndpoint,
} from "../minio-admin/settings";
import { CA_BUNDLE_VAR } from "../minio-admin/trust";
import { adminCommands } from "./minio-openid";

/**
 * JSON text with object keys sorted at every level (array order kept), so the same document always gives the same
 * text and the provider sees no spurious diff. Rejects values JSON cannot represent faithfully.
 */
export function stableJson(value: unknown): string {
  return JSON.stringify(canonical(value, "$"));
}

function canonical(value: unknown, path: string): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`policy document: ${path} is not a finite number`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v, i) => canonical(v, `${path}[${i}]`));
  const proto = typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
  if (proto === Object.prototype || proto === null) {
    // A prototype-less copy, so a "__proto__" key stays an ordinary key.
    const source = value as Record<string, unknown>;
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(source).sort()) {
      const v = source[key];
      if (v !== undefined) out[key] = canonical(v, `${path}.${key}`);
    }
    return out;
  }
  throw new Error(`policy document: ${path} has a value JSON cannot hold (${typeof value})`);
}

/** The name, when minio-admin's policy-name rule accepts it. */
function policyName(name: string): string {
  const problem = policyNameProblem(name);
  if (problem !== undefined) throw new Error(`MinioPolicies: policy name ${JSON.stringify(name)} ${problem}`);
  return name;
}

/** Serialises one policy document for MinIO; it must be a JSON object. */
export function policyJson(name: string, doc: unknown): string {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    throw new Error(`MinioPolicies: the document of policy "${name}" must be a JSON object`);
  }
  return stableJson(doc);
}

/** The server the policies go to, for the guard that checks it before a policy is first written. */
export interface MinioPolicyGuardArgs {
  /** MinIO API endpoint, e.g. `https://minio.example.com`. */
  endpoint: string;
  /** A key allowed admin:GetPolicy; passed as Pulumi secrets. */
  accessKey: pulumi.Input<string>;
  secretKey: pulumi.Input<string>;
  /** PEM text of the private CAs to trust for MinIO's TLS certificate; unset for none. */
  caCertificates?: string;
}

/** Inputs of {@link MinioPolicies}. */
export interface MinioPoliciesArgs {
  /** Custom MinIO policies: policy name -> IAM policy document. Created in name order. */
  policies: Record<string, pulumi.Input<PolicyDocument>>;
  /** The MinIO provider to create them through; unset = the one the parent passes on, or the default provider. */
  provider?: pulumi.ProviderResource;
  /**
   * Checks, before each policy is first written, that MinIO holds no other policy of that name (a `local.Command`
   * running the admin CLI's `check-policy`, which each IamPolicy depends on); unset = no check.
   */
  guard?: MinioPolicyGuardArgs;
}

/** `dependsOn` plus the guard, whichever form the caller's `dependsOn` takes. */
function withGuard(
  dependsOn: pulumi.ResourceOptions["dependsOn"],
  guard: pulumi.Resource,
): pulumi.ResourceOptions["dependsOn"] {
  if (dependsOn === undefined) return [guard];
  if (Array.isArray(dependsOn)) return [...dependsOn, guard];
  if (pulumi.Resource.isInstance(dependsOn)) return [dependsOn, guard];
  const later = pulumi.output(dependsOn as pulumi.Input<pulumi.Input<pulumi.Resource>[]>);
  return later.apply((d) => [...(Array.isArray(d) ? d : [d]), guard]);
}

/** The environment of `check-policy`: every variable the CLI reads, so none comes from the caller's environment. */
function guardEnvironment(guard: MinioPolicyGuardArgs, name: string, document: pulumi.Input<string>) {
  const parsed = parseEndpoint(guard.endpoint);
  if ("problem" in parsed) throw new Error(`MinioPolicies: guard endpoint ${parsed.problem}`);
  return {
    MINIO_ENDPOINT: parsed.origin,
    MINIO_ACCESS_KEY: pulumi.secret(guard.accessKey),
    MINIO_SECRET_KEY: pulumi.secret(guard.secretKey),
    MINIO_REGION: DEFAULT_REGION,
    [CONFIG_NAME_VAR]: "",
    MINIO_RESTART_TIMEOUT_SECONDS: String(DEFAULT_RESTART_TIMEOUT_SECONDS),
    MINIO_REQUEST_TIMEOUT_SECONDS: String(DEFAULT_REQUEST_TIMEOUT_SECONDS),
    ...(guard.caCertificates ? { [CA_BUNDLE_VAR]: guard.caCertificates } : {}),
    [POLICY_NAME_VAR]: name,
    [POLICY_DOCUMENT_VAR]: document,
  };
}

/** One MinIO canned policy (`@pulumi/minio` IamPolicy) per custom policy, named exactly as given. */
export class MinioPolicies extends pulumi.ComponentResource {
  /** The created MinIO policy names, in name order. */
  public readonly policyNames: pulumi.Output<string[]>;
  /** The IamPolicy resources by policy name, for `dependsOn`. */
  public readonly policies: Readonly<Record<string, minio.IamPolicy>>;
  /** The guards (one per policy, with `guard`): whatever must not change before they pass can depend on them. */
  public readonly guards: readonly pulumi.Resource[];

  constructor(name: string, args: MinioPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("minio-authentik-sso:index:MinioPolicies", name, {}, opts);
    const names = Object.keys(args.policies).sort().map(policyName);
    const policies: Record<string, minio.IamPolicy> = {};
    const guards: pulumi.Resource[] = [];
    const checkPolicy = args.guard && adminCommands(process.cwd()).checkPolicy;
    for (const policyName of names) {
      const document = pulumi.output(args.policies[policyName]).apply((doc) => policyJson(policyName, doc));
      const guard =
        args.guard &&
        new command.local.Command(
          `${name}-${policyName}-guard`,
          {
            // Runs once, before the stack first writes the policy: a later document is the stack's own change.
            create: checkPolicy,
            environment: guardEnvironment(args.guard, policyName, document),
            // Another server or name is another policy to check.
            triggers: [args.guard.endpoint, policyName],
            logging: command.types.enums.local.Logging.None,
            addPreviousOutputInEnv: false,
          },
          {
            parent: this,
            dependsOn: opts?.dependsOn,
            // why: a changed document or key must not re-run the check against the stack's own policy.
            ignoreChanges: ["environment"],
            // why: the provider does not make stdout/stderr secret even though the environment holds secrets.
            additionalSecretOutputs: ["stdout", "stderr"],
          },
        );
      if (guard) guards.push(guard);
      policies[policyName] = new minio.IamPolicy(
        `${name}-${policyName}`,
        { name: policyName, policy: document },
        {
          parent: this,
          provider: args.provider,
          // The guard first: add-canned-policy would replace a policy of the same name without a word.
          dependsOn: guard ? withGuard(opts?.dependsOn, guard) : opts?.dependsOn,
          // why: the name is fixed, so create-then-delete would clash with, or let the old delete drop, the new policy.
          deleteBeforeReplace: true,
        },
      );
    }
    this.policies = policies;
    this.guards = guards;
    this.policyNames = pulumi.all(names.map((n) => policies[n].name));
    this.registerOutputs({ policyNames: this.policyNames });
  }
}
