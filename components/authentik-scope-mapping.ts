import * as pulumi from "@pulumi/pulumi";
import * as authentik from "@pulumi/authentik";
import { generatePolicyExpression, type PolicyMapping } from "../lib/expression";
import { LookupError, lookupFailure } from "./authentik-provider";

/** Inputs of {@link AuthentikScopeMapping}. */
export interface AuthentikScopeMappingArgs {
  /** Name of the mapping; unique among all authentik property mappings. */
  name: string;
  /** The OAuth2 scope that runs the mapping; MinIO must request it (identity_openid `scopes`). */
  scopeName: string;
  /** Which policies each user gets; the groups it names are looked up in authentik and matched by id. */
  mapping: PolicyMapping;
  /** Name of the claim MinIO reads. */
  claimName: string;
  /** Shown to users on authentik's consent screen. */
  description: string;
  /** authentik's base URL, named in lookup errors. */
  authentikUrl: string;
  /** Group name -> id, when already looked up (the program's pre-flight); unset, the component looks them up. */
  groupIds?: Readonly<Record<string, string>>;
}

/** Stands in for every group id when the mapping is checked before the lookups answer; never declared. */
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/** The group lookup: its id only, never its members (the data source fetches them by default). */
export function groupLookup(name: string): authentik.GetGroupArgs {
  return { name, includeUsers: false };
}

/**
 * Looks up, in authentik, the id of every group the mapping names. Every group that fails (no such group,
 * authentik unreachable or failing) is named in one LookupError, with the config key and the fix.
 */
export async function lookUpGroupIds(
  mapping: PolicyMapping,
  authentikUrl: string,
  opts?: pulumi.InvokeOptions,
): Promise<ReadonlyMap<string, string>> {
  const groups = mapping.kind === "groups" ? [...new Set(mapping.rules.map((r) => r.group))] : [];
  const found = await Promise.allSettled(groups.map((name) => authentik.getGroup(groupLookup(name), opts)));
  const failures = found.flatMap((result, i) => {
    if (result.status === "fulfilled") return [];
    const group = JSON.stringify(groups[i]);
    const entry = mapping.kind === "groups" ? mapping.rules.findIndex((r) => r.group === groups[i]) : 0;
    const fix =
      `create the group ${group} in authentik, or name an existing group: pulumi config set --path ` +
      `'groupPolicies[${entry}].group' "<group name>"; or check that authentik answers at ${authentikUrl} with the ` +
      `stack's authentik:token`;
    return [lookupFailure({ what: `the group ${group}`, key: "groupPolicies", fix }, authentikUrl, result.reason)];
  });
  if (failures.length > 0) throw new LookupError(failures.join("\n"));
  return new Map(
    groups.map((name, i) => [name, (found[i] as PromiseFulfilledResult<authentik.GetGroupResult>).value.id]),
  );
}

/** Step 1: the authentik scope mapping whose expression puts MinIO's policy claim into the tokens. */
export class AuthentikScopeMapping extends pulumi.ComponentResource {
  /** The mapping's id, for the provider's `propertyMappings`. */
  public readonly mappingId: pulumi.Output<string>;

  /** Looks up the mapping's groups in authentik and declares the scope mapping with their ids. */
  constructor(name: string, args: AuthentikScopeMappingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("minio-authentik-sso:index:AuthentikScopeMapping", name, {}, opts);
    // Bad input fails here, in the constructor, rather than later inside the lookups' callback.
    const nil = new Map(args.mapping.kind === "groups" ? args.mapping.rules.map((r) => [r.group, NIL_UUID]) : []);
    generatePolicyExpression(args.mapping, { claimName: args.claimName, groupIds: nil });
    // The lookups run through this component's authentik provider (an explicit one reaches them through parent).
    const known = args.groupIds && Promise.resolve(new Map(Object.entries(args.groupIds)));
    const ids = known ?? lookUpGroupIds(args.mapping, args.authentikUrl, { parent: this });
    const expression = ids.then((groupIds) =>
      generatePolicyExpression(args.mapping, { claimName: args.claimName, groupIds }),
    );
    const mapping = new authentik.PropertyMappingProviderScope(
      `${name}-scope-mapping`,
      { name: args.name, scopeName: args.scopeName, expression, description: args.description },
      // Children do not inherit a component's dependsOn (MinioSso's policy guards come first), so pass it on.
      { parent: this, dependsOn: opts?.dependsOn },
    );
    this.mappingId = mapping.id;
    this.registerOutputs({ mappingId: this.mappingId });
  }
}
