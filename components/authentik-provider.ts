import * as pulumi from "@pulumi/pulumi";
import * as authentik from "@pulumi/authentik";
import { STANDARD_SCOPE_MAPPINGS } from "../lib/authentik-preflight";

/** The grants a MinIO login needs: the authorization-code flow, and refreshing its tokens. */
export const DEFAULT_GRANT_TYPES: readonly string[] = ["authorization_code", "refresh_token"];

export { STANDARD_SCOPE_MAPPINGS } from "../lib/authentik-preflight";

/** Inputs of {@link AuthentikProvider}. */
export interface AuthentikProviderArgs {
  /** Provider name; unique among all authentik providers. */
  name: string;
  /** OAuth2 client ID, shared with MinIO. */
  clientId: string;
  /** OAuth2 client secret; undefined lets authentik generate one. Pass it as a Pulumi secret. */
  clientSecret?: pulumi.Input<string>;
  /** Slug of the flow that authorizes users (config key `authorizationFlow`). */
  authorizationFlow: string;
  /** Slug of the flow run at logout (config key `invalidationFlow`). */
  invalidationFlow: string;
  /** Name of the certificate-key pair that signs tokens with RS256 (config key `signingKey`). */
  signingKey: string;
  /** Lifetime of access and ID tokens, as an authentik duration such as `minutes=10`. */
  accessTokenValidity: string;
  /** MinIO console callback, the one redirect URI authentik accepts (strict match). */
  redirectUri: string;
  /** The MinIO scope mapping's id; runs beside the standard openid, email and profile mappings. */
  scopeMappingId: pulumi.Input<string>;
  /** OAuth2 grant types; defaults to {@link DEFAULT_GRANT_TYPES}. */
  grantTypes?: readonly string[];
  /** authentik's base URL, named in lookup errors. */
  authentikUrl: string;
  /** The ids, when already looked up (the program's pre-flight); unset, the component looks them up. */
  lookups?: ProviderLookups;
}

/** What the provider resource needs from authentik's lookups. */
export interface ProviderLookups {
  authorizationFlowId: string;
  invalidationFlowId: string;
  signingKeyId: string;
  standardMappingIds: readonly string[];
}

/** The key-pair lookup: its id only, never the certificate or the private key (both are fetched by default). */
export function signingKeyLookup(name: string): authentik.GetCertificateKeyPairArgs {
  return { name, fetchKey: false, fetchCertificate: false };
}

/** The arguments of the OAuth2/OpenID provider resource, once authentik's lookups have answered. */
export function providerArgs(
  args: AuthentikProviderArgs,
  lookups: pulumi.Input<ProviderLookups>,
): authentik.ProviderOauth2Args {
  const found = pulumi.output(lookups);
  return {
    name: args.name,
    clientType: "confidential",
    clientId: args.clientId,
    clientSecret: args.clientSecret === undefined ? undefined : pulumi.secret(args.clientSecret),
    authorizationFlow: found.authorizationFlowId,
    invalidationFlow: found.invalidationFlowId,
    signingKey: found.signingKeyId,
    propertyMappings: pulumi.all([found.standardMappingIds, args.scopeMappingId]).apply(([ids, id]) => [...ids, id]),
    // authentik echoes redirect_uri_type, so an entry without it would show a diff after every refresh.
    allowedRedirectUris: [{ matching_mode: "strict", url: args.redirectUri, redirect_uri_type: "authorization" }],
    // Without grant types the provider sends none, and authentik 2026.5 then stores an empty list: no login works.
    grantTypes: [...(args.grantTypes ?? DEFAULT_GRANT_TYPES)],
    accessTokenValidity: args.accessTokenValidity,
    includeClaimsInIdToken: true,
    issuerMode: "per_provider",
  };
}

/** What one lookup asks for, the config key that chose it (if any) and how to fix it. */
export interface Lookup {
  what: string;
  key?: string;
  fix: string;
}

/**
 * One line naming the lookup, its config key, the authentik it asked and the fix. The engine hands an invoke's
 * failure to the program without the provider's reason (seen with authentik answering 500, and with no such flow),
 * so an empty reason is spelled out.
 */
export function lookupFailure(lookup: Lookup, authentikUrl: string, err: unknown): string {
  const given = (err instanceof Error ? err.message : String(err)).trim();
  const reason = given || `no reason was passed on (it may not exist, or authentik may be unreachable or failing)`;
  const key = lookup.key === undefined ? "" : ` (config key ${lookup.key})`;
  return `looking up ${lookup.what}${key} in authentik at ${authentikUrl} failed: ${reason}. Fix: ${lookup.fix}`;
}

/**
 * A RunError (printed without a stack trace) whose message stays as written. A failed input reaches the engine
 * through every resource that depends on it, and the SDK prefixes the same error's message at each one
 * (`error serializing property "…": `, @pulumi/pulumi runtime/rpc.js); the setter ignores that.
 */
export class LookupError extends pulumi.RunError {
  constructor(message: string) {
    super(message);
    Object.defineProperty(this, "message", { get: () => message, set: () => undefined });
  }
}

/**
 * Looks up, in authentik, the ids the provider refers to. Any failure (no such flow or key pair, a managed mapping
 * missing, authentik unreachable or failing) rejects with one RunError naming the lookup, its config key and
 * authentik's URL, before any resource is declared.
 */
export async function lookUpProviderIds(
  args: AuthentikProviderArgs,
  opts?: pulumi.InvokeOptions,
): Promise<ProviderLookups> {
  const check = `check that authentik answers at ${args.authentikUrl} with the stack's authentik:token (or AUTHENTIK_TOKEN)`;
  const lookup = <T>(what: Lookup, result: Promise<T>): Promise<T> =>
    result.catch((err: unknown) => {
      throw new LookupError(lookupFailure(what, args.authentikUrl, err));
    });
  const flowId = async (key: string, slug: string) => {
    const fix = `pulumi config set ${key} <slug of an existing flow>, or ${check}`;
    return (await lookup({ what: `the flow "${slug}"`, key, fix }, authentik.getFlow({ slug }, opts))).id;
  };
  const [authorizationFlowId, invalidationFlowId, standard, pair] = await Promise.all([
    flowId("authorizationFlow", args.authorizationFlow),
    flowId("invalidationFlow", args.invalidationFlow),
    lookup(
      { what: "the managed openid, email and profile scope mappings", fix: check },
      authentik.getPropertyMappingProviderScope({ managedLists: [...STANDARD_SCOPE_MAPPINGS] }, opts),
    ),
    lookup(
      {
        what: `the certificate-key pair "${args.signingKey}"`,
        key: "signingKey",
        fix: `pulumi config set signingKey "<name of a certificate-key pair>", or ${check}`,
      },
      authentik.getCertificateKeyPair(signingKeyLookup(args.signingKey), opts),
    ),
  ]);
  // A URL that is not authentik's (a path, another server) can answer the lookup without ids: none found.
  const ids = standard.ids ?? [];
  if (ids.length !== STANDARD_SCOPE_MAPPINGS.length) {
    throw new LookupError(
      `authentik at ${args.authentikUrl} has ${ids.length} of the ${STANDARD_SCOPE_MAPPINGS.length} ` +
        `managed scope mappings ${STANDARD_SCOPE_MAPPINGS.join(", ")}; restore them (authentik's ` +
        `"providers-oauth2" system blueprint creates them)`,
    );
  }
  return { authorizationFlowId, invalidationFlowId, signingKeyId: pair.id, standardMappingIds: ids };
}

/** Step 2: the authentik OAuth2/OpenID provider MinIO logs users in with. */
export class AuthentikProvider extends pulumi.ComponentResource {
  /** The provider's id, a decimal string. */
  public readonly providerId: pulumi.Output<string>;
  /** The OAuth2 client ID. */
  public readonly clientId: pulumi.Output<string>;
  /** The OAuth2 client secret (a Pulumi secret). */
  public readonly clientSecret: pulumi.Output<string>;
  /** authentik's answers to the lookups (flows, key pair, standard mappings), for a provider beside this one. */
  public readonly lookups: Promise<ProviderLookups>;

  /** Looks up the flows, key pair and standard mappings in authentik, and declares the provider with their ids. */
  constructor(name: string, args: AuthentikProviderArgs, opts?: pulumi.ComponentResourceOptions) {
    super("minio-authentik-sso:index:AuthentikProvider", name, {}, opts);
    // The lookups run through this component's authentik provider (an explicit one reaches them through parent).
    const found = args.lookups ? Promise.resolve(args.lookups) : lookUpProviderIds(args, { parent: this });
    this.lookups = found;
    const provider = new authentik.ProviderOauth2(`${name}-provider`, providerArgs(args, found), { parent: this });
    this.providerId = provider.id;
    this.clientId = provider.clientId;
    this.clientSecret = provider.clientSecret;
    this.registerOutputs({ providerId: this.providerId, clientId: this.clientId });
  }
}
