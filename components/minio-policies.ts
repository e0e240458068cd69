import * as pulumi from "@pulumi/pulumi";
import * as minio from "@pulumi/minio";
import type { PolicyDocument } from "../lib/config-types";
import { policyNameProblem } from "../minio-admin/names";

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

/** Inputs of {@link MinioPolicies}. */
export interface MinioPoliciesArgs {
  /** Custom MinIO policies: policy name -> IAM policy document. Created in name order. */
  policies: Record<string, pulumi.Input<PolicyDocument>>;
  /** The MinIO provider to create them through; unset = the one the parent passes on, or the default provider. */
  provider?: pulumi.ProviderResource;
}

/** One MinIO canned policy (`@pulumi/minio` IamPolicy) per custom policy, named exactly as given. */
export class MinioPolicies extends pulumi.ComponentResource {
  /** The created MinIO policy names, in name order. */
  public readonly policyNames: pulumi.Output<string[]>;
  /** The IamPolicy resources by policy name, for `dependsOn`. */
  public readonly policies: Readonly<Record<string, minio.IamPolicy>>;

  constructor(name: string, args: MinioPoliciesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("minio-authentik-sso:index:MinioPolicies", name, {}, opts);
    const names = Object.keys(args.policies).sort().map(policyName);
    const policies: Record<string, minio.IamPolicy> = {};
    for (const policyName of names) {
      policies[policyName] = new minio.IamPolicy(
        `${name}-${policyName}`,
        {
          name: policyName,
          policy: pulumi.output(args.policies[policyName]).apply((doc) => policyJson(policyName, doc)),
        },
        {
          parent: this,
          provider: args.provider,
          dependsOn: opts?.dependsOn,
          // why: the name is fixed, so create-then-delete would clash with, or let the old delete drop, the new policy.
          deleteBeforeReplace: true,
        },
      );
    }
    this.policies = policies;
    this.policyNames = pulumi.all(names.map((n) => policies[n].name));
    this.registerOutputs({ policyNames: this.policyNames });
  }
}
