import * as pulumi from "@pulumi/pulumi";
import * as authentik from "@pulumi/authentik";
import { pythonStringLiteral } from "../lib/expression";
import { oidcUrls } from "../lib/config-rules";
import { providerNumber } from "./authentik-application";
import { LookupError, lookupFailure, type ProviderLookups } from "./authentik-provider";
import { OFFLINE_ACCESS_MAPPING } from "../lib/authentik-requirements";

/** The scope whose mapping adds MinIO's client ID to the audience of the command-line client's tokens. */
export const AUDIENCE_SCOPE_NAME = "minio-audience";
/**
 * The loopback redirect (RFC 8252 section 7.3) on any port: authentik matches `regex` entries with Python's
 * re.fullmatch (providers/oauth2/views/authorize.py and token.py), so the pattern is anchored at both ends.
 */
export const LOOPBACK_REDIRECT_REGEX = "http://127\\.0\\.0\\.1:[0-9]+/callback";

/** Inputs of {@link MinioLoginClient}. */
export interface MinioLoginClientArgs {
  /** The MinIO provider's name; the client's provider is named after it ("<name> (command line)"). */
  providerName: string;
  /** The MinIO application's name and slug; the client's application is "<name> (command line)", "<slug>-cli". */
  application: { name: string; slug: string };
  /** MinIO's client ID (identity_openid client_id): the audience MinIO's STS requires. */
  minioClientId: string;
  /** The public client's ID; default "<minio client ID>-cli". */
  clientId?: string;
  /** The id of the scope mapping that hands MinIO its policy claim: the command line's tokens carry the same. */
  policyMappingId: pulumi.Input<string>;
  /** The scope of that mapping (requested by the tool). */
  policyScopeName: string;
  /**
   * The MinIO provider's lookups (its flows, its signing key, the standard mappings): the same key signs both
   * providers' tokens, so MinIO finds the kid in the JWKS it already reads.
   */
  lookups: Promise<ProviderLookups>;
  /** The managed `offline_access` mapping's pk, when the caller has looked it up; unset, it is looked up here. */
  offlineAccessMappingId?: string;
  /** Token lifetime, that of the MinIO provider. */
  accessTokenValidity: string;
  /** authentik's base URL. */
  authentikUrl: string;
  /** MinIO's S3 endpoint, for the login profile. */
  minioEndpoint: string;
  /** The claim MinIO reads, for the tool's messages. */
  claimName: string;
  /** Also allow the device flow (the brand must have a device code flow). */
  deviceFlow?: boolean;
}

/** The login profile users hand to `minio-sso login --profile`: nothing secret. */
export interface LoginProfile {
  /** Format version of the profile: 1. */
  version: number;
  name: string;
  issuer: string;
  clientId: string;
  minioEndpoint: string;
  scopes: string[];
  claimName: string;
}

/**
 * The audience mapping's expression. authentik lays mapping claims over the standard ones (id_token.py,
 * IDToken.to_dict: `id_dict.update(self.claims)`), so `aud` becomes both client IDs: the tool's own, and MinIO's,
 * which MinIO's STS requires in `aud` (internal/config/identity/openid/jwt.go, Config.Validate).
 */
export function audienceExpression(cliClientId: string, minioClientId: string): string {
  return `return {"aud": [${pythonStringLiteral(cliClientId)}, ${pythonStringLiteral(minioClientId)}]}`;
}

/** The scopes the tool requests: identity, the policy claim, the audience, and a refresh token. */
export function loginScopes(policyScopeName: string): string[] {
  return ["openid", "profile", "email", policyScopeName, AUDIENCE_SCOPE_NAME, "offline_access"];
}

/** The public provider's arguments, once the lookups have answered. */
export function loginProviderArgs(
  args: MinioLoginClientArgs,
  clientId: string,
  found: pulumi.Input<{
    authorizationFlowId: string;
    invalidationFlowId: string;
    signingKeyId: string;
    mappingIds: string[];
  }>,
): authentik.ProviderOauth2Args {
  const f = pulumi.output(found);
  return {
    name: `${args.providerName} (command line)`,
    // Public: authentik checks no client secret for it (views/token.py, TokenParams.__post_init__), so the tool
    // holds none; PKCE binds each code to the process that asked for it.
    clientType: "public",
    clientId,
    authorizationFlow: f.authorizationFlowId,
    invalidationFlow: f.invalidationFlowId,
    signingKey: f.signingKeyId,
    propertyMappings: f.mappingIds,
    allowedRedirectUris: [{ matching_mode: "regex", url: LOOPBACK_REDIRECT_REGEX, redirect_uri_type: "authorization" }],
    grantTypes: [
      "authorization_code",
      "refresh_token",
      ...(args.deviceFlow ? ["urn:ietf:params:oauth:grant-type:device_code"] : []),
    ],
    accessTokenValidity: args.accessTokenValidity,
    includeClaimsInIdToken: true,
    issuerMode: "per_provider",
  };
}

/**
 * What `minio-sso login` needs in authentik, beside MinIO's own provider and changing nothing of it: a public
 * OAuth2 provider (PKCE, loopback redirect, refresh tokens) signing with the same key, with the same policy
 * mapping plus one that adds MinIO's client ID to `aud`, and a hidden application that publishes it.
 */
export class MinioLoginClient extends pulumi.ComponentResource {
  /** The public client's ID. */
  public readonly clientId: string;
  /** The login profile to hand to users. */
  public readonly loginProfile: pulumi.Output<LoginProfile>;

  constructor(name: string, args: MinioLoginClientArgs, opts?: pulumi.ComponentResourceOptions) {
    super("minio-authentik-sso:index:MinioLoginClient", name, {}, opts);
    const clientId = args.clientId || `${args.minioClientId}-cli`;
    const audience = new authentik.PropertyMappingProviderScope(
      `${name}-audience-scope-mapping`,
      {
        name: `${args.providerName} (command line): MinIO audience`,
        scopeName: AUDIENCE_SCOPE_NAME,
        expression: audienceExpression(clientId, args.minioClientId),
        description: "Lets MinIO accept your sign-in",
      },
      { parent: this },
    );
    const offline = args.offlineAccessMappingId
      ? Promise.resolve({ ids: [args.offlineAccessMappingId] })
      : authentik
          .getPropertyMappingProviderScope({ managedLists: [OFFLINE_ACCESS_MAPPING] }, { parent: this })
          .catch((err: unknown) => {
            const fix = `restore it (authentik's "providers-oauth2" system blueprint creates it)`;
            throw new LookupError(
              lookupFailure({ what: `the managed mapping ${OFFLINE_ACCESS_MAPPING}`, fix }, args.authentikUrl, err),
            );
          });
    const found = pulumi
      .all([args.lookups, offline, args.policyMappingId, audience.id])
      .apply(([l, off, policy, aud]) => ({
        authorizationFlowId: l.authorizationFlowId,
        invalidationFlowId: l.invalidationFlowId,
        signingKeyId: l.signingKeyId,
        mappingIds: [...l.standardMappingIds, ...off.ids, policy, aud],
      }));
    const provider = new authentik.ProviderOauth2(`${name}-provider`, loginProviderArgs(args, clientId, found), {
      parent: this,
    });
    const slug = `${args.application.slug}-cli`;
    const application = new authentik.Application(
      `${name}-application`,
      {
        name: `${args.application.name} (command line)`,
        slug,
        protocolProvider: provider.id.apply(providerNumber),
        // Hidden from users' library: it is opened by the tool, never from a tile.
        metaHide: true,
      },
      { parent: this },
    );
    this.clientId = clientId;
    this.loginProfile = application.slug.apply((s) => ({
      version: 1,
      name: args.application.slug,
      issuer: oidcUrls(args.authentikUrl, s).issuerUrl,
      clientId,
      minioEndpoint: args.minioEndpoint,
      scopes: loginScopes(args.policyScopeName),
      claimName: args.claimName,
    }));
    this.registerOutputs({ clientId: this.clientId, loginProfile: this.loginProfile });
  }
}
