import * as pulumi from "@pulumi/pulumi";
import * as authentik from "@pulumi/authentik";

/** Inputs of {@link AuthentikScopeMapping}. */
export interface AuthentikScopeMappingArgs {
  /** Name of the mapping; unique among all authentik property mappings. */
  name: string;
  /** The OAuth2 scope that runs the mapping; MinIO must request it (identity_openid `scopes`). */
  scopeName: string;
  /** The Python body that returns MinIO's policy claim, from `generatePolicyExpression`. */
  expression: string;
  /** Shown to users on authentik's consent screen. */
  description: string;
}

/** The arguments of the scope-mapping resource. */
export function scopeMappingArgs(args: AuthentikScopeMappingArgs): authentik.PropertyMappingProviderScopeArgs {
  return {
    name: args.name,
    scopeName: args.scopeName,
    expression: args.expression,
    description: args.description,
  };
}

/** Step 1: the authentik scope mapping whose expression puts MinIO's policy claim into the tokens. */
export class AuthentikScopeMapping extends pulumi.ComponentResource {
  /** The mapping's id, for the provider's `propertyMappings`. */
  public readonly mappingId: pulumi.Output<string>;

  constructor(name: string, args: AuthentikScopeMappingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("minio-authentik-sso:index:AuthentikScopeMapping", name, {}, opts);
    const mapping = new authentik.PropertyMappingProviderScope(`${name}-scope-mapping`, scopeMappingArgs(args), {
      parent: this,
    });
    this.mappingId = mapping.id;
    this.registerOutputs({ mappingId: this.mappingId });
  }
}
