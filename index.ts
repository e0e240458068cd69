// Single sign-on for MinIO through authentik, in the four steps of authentik's MinIO integration guide.
import * as pulumi from "@pulumi/pulumi";
// isConfigSecret is marked internal; it is the only way the program can tell an encrypted config value.
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { ConfigError, loadConfig, rawFromConfigs, type StackConfig } from "./lib/config";
import { generatePolicyExpression } from "./lib/expression";
import { nodeVersionProblem } from "./lib/node-support";
import { AuthentikScopeMapping } from "./components/authentik-scope-mapping";
import { AuthentikProvider } from "./components/authentik-provider";
import { AuthentikApplication } from "./components/authentik-application";
import { MinioPolicies } from "./components/minio-policies";
import { MinioOpenIdConfig } from "./components/minio-openid";

/** The whole stack config, validated before anything is declared; every problem is reported at once. */
function stackConfig(): StackConfig {
  // A Node the MinIO admin CLI cannot run on is refused at preview, before anything is declared.
  const nodeProblem = nodeVersionProblem(process.versions.node);
  if (nodeProblem) throw new pulumi.RunError(nodeProblem);
  try {
    // A key Pulumi.yaml cannot declare secret (an optional one) is checked against the stack's encrypted keys.
    const { isConfigSecret } = runtimeConfig as unknown as { isConfigSecret(key: string): boolean };
    const isSecret = (key: string) => isConfigSecret(`${pulumi.getProject()}:${key}`);
    return loadConfig(rawFromConfigs(new pulumi.Config(), new pulumi.Config("authentik"), isSecret));
  } catch (err) {
    // A config problem is the user's to fix: print the message and the fixes, not a stack trace.
    if (err instanceof ConfigError) throw new pulumi.RunError(err.message);
    throw err;
  }
}

async function main(cfg: StackConfig) {
  // 1. The scope mapping `minio`, whose expression returns the policy claim MinIO reads.
  const mapping = new AuthentikScopeMapping("minio-policy", {
    name: `${cfg.provider.name}: MinIO policies`,
    scopeName: cfg.provider.scopeName,
    expression: generatePolicyExpression(cfg.policyMapping, { claimName: cfg.minio.claimName }),
    description: "Your MinIO policies",
  });

  // 2. The OAuth2/OpenID provider: confidential, RS256-signed, one strict redirect URI.
  const provider = await AuthentikProvider.create("minio", {
    name: cfg.provider.name,
    clientId: cfg.provider.clientId,
    clientSecret: cfg.provider.clientSecret && pulumi.secret(cfg.provider.clientSecret.reveal()),
    authorizationFlow: cfg.provider.authorizationFlow,
    invalidationFlow: cfg.provider.invalidationFlow,
    signingKey: cfg.provider.signingKey,
    accessTokenValidity: cfg.provider.accessTokenValidity,
    redirectUri: cfg.minio.redirectUri,
    scopeMappingId: mapping.mappingId,
    authentikUrl: cfg.authentik.url,
  });

  // 3. The application that publishes the provider under its slug.
  const application = new AuthentikApplication("minio", {
    name: cfg.application.name,
    slug: cfg.application.slug,
    launchUrl: cfg.application.launchUrl,
    providerId: provider.providerId,
  });

  // 4. MinIO: the custom policies the mapping may name, then identity_openid, fed by the provider's outputs.
  const policies = new MinioPolicies("minio", { policies: cfg.customPolicies });
  const openid = new MinioOpenIdConfig(
    "minio",
    {
      endpoint: cfg.minio.endpoint,
      accessKey: pulumi.secret(cfg.minio.accessKey.reveal()),
      secretKey: pulumi.secret(cfg.minio.secretKey.reveal()),
      configName: cfg.minio.configName,
      configUrl: cfg.oidc.configUrl,
      clientId: provider.clientId,
      clientSecret: provider.clientSecret,
      claimName: cfg.minio.claimName,
      scopes: cfg.minio.scopes,
      redirectUri: cfg.minio.redirectUri,
      displayName: cfg.minio.displayName,
    },
    // MinIO fetches the discovery document when the config is set, so the application must exist by then.
    { dependsOn: [application, policies] },
  );

  // Stack outputs; never the client secret.
  return {
    issuer: cfg.oidc.issuerUrl,
    discoveryUrl: cfg.oidc.configUrl,
    clientId: provider.clientId,
    applicationSlug: application.slug,
    providerId: provider.providerId,
    minioTarget: openid.target,
  };
}

// The config is read before main's promise exists, so a config error is thrown, not a rejected promise.
export = main(stackConfig());
