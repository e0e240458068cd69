/**
 * The stack as the program sees it: raw config -> lib/config's loadConfig -> the scope-mapping expression and the
 * admin CLI's environment, built with minio-admin's own builder (no Pulumi runtime involved).
 */
import { loadConfig, type StackConfig } from "../../../lib/config";
import { generatePolicyExpression, type GroupPolicyRule } from "../../../lib/expression";
import { openIdEnvironment } from "../../../minio-admin/settings";

export const AUTHENTIK_TOKEN = "ak-integration-api-token-7f3d91c2b8e4";
export const MINIO_ACCESS_KEY = "integration-root";
export const MINIO_SECRET_KEY = "integration-root-secret-5b2e8a41";
/** Nothing listens here: the authorization endpoint only redirects to it, and the test reads the Location. */
export const REDIRECT_URI = "https://console.minio.test/oauth_callback";

export const ADMINS = "Minio admins";
export const USERS = "Minio users";

/** The custom policy the users' rule refers to (what the program would create with @pulumi/minio). */
export const TEAM_BUCKET_RW = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"],
      Resource: ["arn:aws:s3:::team-bucket", "arn:aws:s3:::team-bucket/*"],
    },
  ],
};

/** The first mapping: admins -> consoleAdmin, users -> readonly + team-bucket-rw, anyone else -> no claim. */
export const FIRST_RULES: GroupPolicyRule[] = [
  { group: ADMINS, policies: "consoleAdmin" },
  { group: USERS, policies: ["readonly", "team-bucket-rw"] },
];

/** The changed mapping: users first, admins get diagnostics too, and everyone else falls back to readonly. */
export const SECOND_RULES: GroupPolicyRule[] = [
  { group: USERS, policies: ["readonly", "team-bucket-rw"] },
  { group: ADMINS, policies: ["consoleAdmin", "diagnostics"] },
];

export interface StackInputs {
  authentikUrl: string;
  minioUrl: string;
  rules: readonly GroupPolicyRule[];
  fallback?: string;
  displayName?: string;
}

/** The raw stack config, keyed as `pulumi config` stores it (what rawFromConfigs would deliver). */
export function rawConfig(inputs: StackInputs): Record<string, string | undefined> {
  return {
    "authentik:url": inputs.authentikUrl,
    "authentik:token": AUTHENTIK_TOKEN,
    applicationName: "MinIO",
    applicationSlug: "minio",
    providerName: "MinIO provider",
    minioEndpoint: inputs.minioUrl,
    minioAccessKey: MINIO_ACCESS_KEY,
    minioSecretKey: MINIO_SECRET_KEY,
    minioRedirectUri: REDIRECT_URI,
    minioDisplayName: inputs.displayName,
    allowInsecure: "true",
    groupPolicies: JSON.stringify(inputs.rules),
    fallbackPolicy: inputs.fallback,
    customPolicies: JSON.stringify({ "team-bucket-rw": TEAM_BUCKET_RW }),
  };
}

export function stackConfig(inputs: StackInputs): StackConfig {
  return loadConfig(rawConfig(inputs));
}

/** The scope-mapping expression the program hands authentik, with the ids its group lookups found. */
export function policyExpression(config: StackConfig, groupIds: ReadonlyMap<string, string>): string {
  return generatePolicyExpression(config.policyMapping, { claimName: config.minio.claimName, groupIds });
}

/** What authentik holds after `pulumi up` (the provider's generated client ID and secret, read back). */
export interface AuthentikOutputs {
  clientId: string;
  clientSecret: string;
}

/**
 * The admin CLI's environment exactly as components/minio-openid.ts builds it: minio-admin's openIdEnvironment, with
 * the values the program passes (the endpoint's origin, scopes joined with ",").
 */
export function cliEnvironment(config: StackConfig, authentik: AuthentikOutputs): Record<string, string> {
  return openIdEnvironment<string>({
    endpoint: config.minio.endpoint,
    accessKey: config.minio.accessKey.reveal(),
    secretKey: config.minio.secretKey.reveal(),
    configName: config.minio.configName,
    configUrl: config.oidc.configUrl,
    clientId: authentik.clientId,
    clientSecret: authentik.clientSecret,
    claimName: config.minio.claimName,
    scopes: config.minio.scopes.join(","),
    redirectUri: config.minio.redirectUri,
    displayName: config.minio.displayName,
  });
}
