import * as pulumi from "@pulumi/pulumi";
import type * as minio from "@pulumi/minio";
import type { PolicyMapping, PolicyNames } from "../lib/expression";
import { readCaBundle, type CaBundle } from "../lib/ca-bundle";
import { derivedLaunchUrl, oidcUrls } from "../lib/config-rules";
import { MINIO_SCOPE_NAME, scopeMappingName } from "../lib/config-keys";
import { parseEndpoint } from "../minio-admin/settings";
import { AuthentikScopeMapping } from "./authentik-scope-mapping";
import { AuthentikProvider } from "./authentik-provider";
import { AuthentikApplication } from "./authentik-application";
import { MinioPolicies } from "./minio-policies";
import { MinioOpenIdConfig, startTargetCheck } from "./minio-openid";
import { MinioLoginClient, type LoginProfile } from "./minio-login-client";
import { DEFAULTS, type MinioSsoArgs, type MinioSsoMappingArgs, type MinioSsoMinioArgs } from "./minio-sso-args";

export * from "./minio-sso-args";

/** One name stays a string, several a list: the expression then reads as the guide writes it. */
function names(list: readonly string[]): PolicyNames {
  return list.length === 1 ? list[0] : [...list];
}

/** The mapping args as the expression generator's input. */
export function policyMapping(args: MinioSsoMappingArgs): PolicyMapping {
  if ((args.defaultPolicies === undefined) === (args.groups === undefined)) {
    throw new Error("MinioSso: set exactly one of mapping.defaultPolicies and mapping.groups");
  }
  if (args.defaultPolicies !== undefined) return { kind: "fixed", policies: names(args.defaultPolicies) };
  const rules = (args.groups ?? []).map((r) => ({ group: r.group, policies: names(r.policies) }));
  const fallback = args.fallbackPolicies;
  return fallback === undefined ? { kind: "groups", rules } : { kind: "groups", rules, fallback: names(fallback) };
}

/** The OIDC URLs of the application: the issuer, and the discovery document MinIO reads (`config_url`). */
export function ssoUrls(args: Pick<MinioSsoArgs, "authentikUrl" | "application">) {
  const { issuerUrl, configUrl } = oidcUrls(args.authentikUrl, args.application.slug);
  return { issuerUrl, configUrl };
}

/** The `caBundle` arg, read and checked; undefined when unset or "". */
export function caBundleOf(path: string | undefined): CaBundle | undefined {
  if (path === undefined || path === "") return undefined;
  const result = readCaBundle(path);
  if ("problem" in result) throw new Error(`MinioSso: caBundle ${result.problem}`);
  return result.bundle;
}

/**
 * The arguments of the provider MinIO's custom policies are created through: the deployment's own endpoint and key,
 * and the CA file when there is one (the provider adds it to the system roots).
 */
export function minioProviderArgs(args: MinioSsoMinioArgs, caBundle?: CaBundle): minio.ProviderArgs {
  const parsed = parseEndpoint(args.endpoint);
  if ("problem" in parsed) throw new Error(`MinioSso: minio.endpoint ${parsed.problem}`);
  const url = new URL(parsed.origin);
  const port = url.port || (url.protocol === "https:" ? "443" : "80");
  return {
    minioServer: `${url.hostname}:${port}`,
    minioSsl: url.protocol === "https:",
    minioUser: pulumi.secret(args.accessKey),
    minioPassword: pulumi.secret(args.secretKey),
    ...(caBundle === undefined ? {} : { minioCacertFile: caBundle.path }),
  };
}

/**
 * Single sign-on for one MinIO deployment through authentik: the scope mapping, the OAuth2/OpenID provider, the
 * application, MinIO's custom policies and identity_openid, in the order of authentik's MinIO guide. Explicit
 * providers (`providers: { authentik, minio, command }`) reach every child.
 */
export class MinioSso extends pulumi.ComponentResource {
  /** The OIDC issuer, `<authentikUrl>/application/o/<slug>/`. */
  public readonly issuer: pulumi.Output<string>;
  /** The discovery URL MinIO reads (identity_openid `config_url`). */
  public readonly discoveryUrl: pulumi.Output<string>;
  /** The OAuth2 client ID. */
  public readonly clientId: pulumi.Output<string>;
  /** The application's slug. */
  public readonly applicationSlug: pulumi.Output<string>;
  /** The authentik provider's id. */
  public readonly providerId: pulumi.Output<string>;
  /** The MinIO target: `identity_openid` or `identity_openid:NAME`. */
  public readonly minioTarget: pulumi.Output<string>;
  /** What `minio-sso login --profile` reads (issuer, the tool's client ID, MinIO's endpoint); undefined when off. */
  public readonly loginProfile: pulumi.Output<LoginProfile | undefined>;

  constructor(name: string, args: MinioSsoArgs, opts?: pulumi.ComponentResourceOptions) {
    super("minio-authentik-sso:index:MinioSso", name, {}, opts);
    const { issuerUrl, configUrl } = ssoUrls(args);
    const claimName = args.minio.claimName ?? DEFAULTS.claimName;
    const caBundle = caBundleOf(args.caBundle);
    // why: stacks deployed before this component declared these steps at the stack's root, under the same names.
    const step = { parent: this, aliases: [{ parent: pulumi.rootStackResource }] };

    // 0. Before anything is written: MinIO's target, read-only (never clobber), and a guard per custom policy (MinIO
    // holds no other policy of that name). authentik's objects wait for both, so a refusal changes nothing.
    const { endpoint, accessKey, secretKey, configName, requestTimeoutSeconds } = args.minio;
    const clientId = args.provider.clientId || args.application.slug;
    const caCertificates = caBundle?.certificates.join("");
    const check = { endpoint, configName, accessKey, secretKey, clientId, configUrl, caCertificates };
    const targetCheck = startTargetCheck({ ...check, requestTimeoutSeconds });
    const custom = args.minio.customPolicies ?? {};
    const guard = { endpoint, accessKey, secretKey, caCertificates };
    const policyProvider =
      Object.keys(custom).length === 0 ? undefined : this.minioPolicyProvider(name, args.minio, caBundle);
    const policies =
      policyProvider && new MinioPolicies(name, { policies: custom, provider: policyProvider, guard }, step);
    const first: Promise<pulumi.Resource[]> = targetCheck.then(() => [...(policies?.guards ?? [])]);

    // 1. The scope mapping `minio`, whose expression returns the policy claim MinIO reads (groups matched by id).
    const mapping = new AuthentikScopeMapping(
      `${name}-policy`,
      {
        name: scopeMappingName(args.provider.name),
        scopeName: MINIO_SCOPE_NAME,
        mapping: policyMapping(args.mapping),
        claimName,
        description: "Your MinIO policies",
        authentikUrl: args.authentikUrl,
        groupIds: args.authentikIds?.groupIds,
      },
      { ...step, dependsOn: first },
    );

    // 2. The OAuth2/OpenID provider: confidential, RS256-signed, one strict redirect URI.
    const provider = new AuthentikProvider(
      name,
      {
        name: args.provider.name,
        clientId,
        clientSecret: args.provider.clientSecret,
        authorizationFlow: args.provider.authorizationFlow ?? DEFAULTS.authorizationFlow,
        invalidationFlow: args.provider.invalidationFlow ?? DEFAULTS.invalidationFlow,
        signingKey: args.provider.signingKey ?? DEFAULTS.signingKey,
        accessTokenValidity: args.provider.accessTokenValidity ?? DEFAULTS.accessTokenValidity,
        redirectUri: args.minio.redirectUri,
        scopeMappingId: mapping.mappingId,
        authentikUrl: args.authentikUrl,
        lookups: args.authentikIds,
      },
      step,
    );

    // 3. The application that publishes the provider under its slug.
    const application = new AuthentikApplication(
      name,
      {
        name: args.application.name,
        slug: args.application.slug,
        // authentik's own "none" (the redirect URI's origin), sent explicitly: an empty URL would not be sent.
        launchUrl: args.application.launchUrl || derivedLaunchUrl(args.minio.redirectUri),
        providerId: provider.providerId,
      },
      step,
    );

    // 4. MinIO identity_openid, fed by the provider's outputs.
    const openid = new MinioOpenIdConfig(
      name,
      {
        endpoint,
        accessKey,
        secretKey,
        configName,
        configUrl,
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        claimName,
        scopes: args.minio.scopes ?? DEFAULTS.scopes,
        redirectUri: args.minio.redirectUri,
        displayName: args.minio.displayName || args.application.name,
        restartTimeoutSeconds: args.minio.restartTimeoutSeconds,
        requestTimeoutSeconds,
        caCertificates,
        targetCheck,
      },
      // MinIO fetches the discovery document when the config is set, so the application must exist by then.
      { ...step, dependsOn: policies ? [application, policies] : [application] },
    );

    // 5. The public client of `minio-sso login`: its tokens carry the same policy claim, and MinIO's client ID.
    const login =
      args.loginClient === false
        ? undefined
        : new MinioLoginClient(
            `${name}-login`,
            {
              providerName: args.provider.name,
              application: args.application,
              minioClientId: clientId,
              policyMappingId: mapping.mappingId,
              policyScopeName: MINIO_SCOPE_NAME,
              lookups: provider.lookups,
              offlineAccessMappingId: args.authentikIds?.offlineAccessMappingId,
              accessTokenValidity: args.provider.accessTokenValidity ?? DEFAULTS.accessTokenValidity,
              authentikUrl: args.authentikUrl,
              minioEndpoint: args.minio.endpoint,
              claimName,
              deviceFlow: args.loginDeviceFlow === true,
            },
            { parent: this },
          );

    this.issuer = pulumi.output(issuerUrl);
    this.discoveryUrl = pulumi.output(configUrl);
    this.clientId = provider.clientId;
    this.applicationSlug = application.slug;
    this.providerId = provider.providerId;
    this.minioTarget = openid.target;
    this.loginProfile = login ? login.loginProfile : pulumi.output(undefined);
    this.registerOutputs({
      loginProfile: this.loginProfile,
      issuer: this.issuer,
      discoveryUrl: this.discoveryUrl,
      clientId: this.clientId,
      applicationSlug: this.applicationSlug,
      providerId: this.providerId,
      minioTarget: this.minioTarget,
    });
  }

  /** The provider of the custom policies: the one passed in `providers`, or one for the deployment's endpoint and key. */
  private minioPolicyProvider(name: string, args: MinioSsoMinioArgs, caBundle?: CaBundle): pulumi.ProviderResource {
    const given = this.getProvider("minio::");
    if (given) return given;
    // Loaded only when there are custom policies: the module is large, and most stacks have none.
    const sdk: typeof minio = require("@pulumi/minio");
    return new sdk.Provider(`${name}-minio`, minioProviderArgs(args, caBundle), { parent: this });
  }
}
