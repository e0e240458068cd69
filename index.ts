// Single sign-on for MinIO through authentik: the stack config, validated, becomes one MinioSso component.
import { existsSync, readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
// isConfigSecret is marked internal; it is the only way the program can tell an encrypted config value.
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { ConfigError, loadConfig, rawFromConfigs, type ConfigProblem, type StackConfig } from "./lib/config";
import { SUPPORTED_NODE, caBundleNodeProblem, nodeVersionProblem } from "./lib/node-support";
import { MinioSso, type MinioSsoArgs } from "./components/minio-sso";
import { jsonStringProblems } from "./lib/stack-file";

/** Policy keys the stack file still holds as JSON strings (only the file tells that form from a YAML value). */
function oldFormProblems(): ConfigProblem[] {
  const file = `Pulumi.${pulumi.getStack()}.yaml`;
  return existsSync(file) ? jsonStringProblems(pulumi.getProject(), file, readFileSync(file, "utf8")) : [];
}

/** The whole stack config, validated before anything is declared; every problem is reported at once. */
function stackConfig(): StackConfig {
  // A Node the MinIO admin CLI cannot run on is refused at preview, before anything is declared.
  const nodeProblem = nodeVersionProblem(process.versions.node);
  if (nodeProblem) throw new pulumi.RunError(nodeProblem);
  const problems = oldFormProblems();
  try {
    // A key Pulumi.yaml cannot declare secret (an optional one) is checked against the stack's encrypted keys.
    const { isConfigSecret } = runtimeConfig as unknown as { isConfigSecret(key: string): boolean };
    const isSecret = (key: string) => isConfigSecret(`${pulumi.getProject()}:${key}`);
    // AUTHENTIK_URL and AUTHENTIK_TOKEN stand in for authentik:url and authentik:token, as in authentik's provider.
    const authentik = new pulumi.Config("authentik");
    const cfg = loadConfig(rawFromConfigs(new pulumi.Config(), authentik, isSecret, process.env));
    const caProblem = cfg.caBundle && caBundleNodeProblem(process.versions.node);
    if (caProblem)
      problems.push({ key: "caBundle", message: caProblem, fix: `run pulumi with a newer ${SUPPORTED_NODE}` });
    if (problems.length === 0) return cfg;
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    problems.push(...err.problems);
  }
  // A config problem is the user's to fix: print the message and the fixes, not a stack trace.
  throw new pulumi.RunError(new ConfigError(problems).message);
}

/** The component's arguments from the validated config; secrets stay Pulumi secrets. */
function ssoArgs(cfg: StackConfig): MinioSsoArgs {
  const list = (names: string | readonly string[]) => (typeof names === "string" ? [names] : [...names]);
  const mapping = cfg.policyMapping;
  return {
    authentikUrl: cfg.authentik.url,
    application: cfg.application,
    provider: {
      name: cfg.provider.name,
      clientId: cfg.provider.clientId,
      clientSecret: cfg.provider.clientSecret && pulumi.secret(cfg.provider.clientSecret.reveal()),
      authorizationFlow: cfg.provider.authorizationFlow,
      invalidationFlow: cfg.provider.invalidationFlow,
      signingKey: cfg.provider.signingKey,
      accessTokenValidity: cfg.provider.accessTokenValidity,
    },
    mapping:
      mapping.kind === "fixed"
        ? { defaultPolicies: list(mapping.policies) }
        : {
            groups: mapping.rules.map((r) => ({ group: r.group, policies: list(r.policies) })),
            fallbackPolicies: mapping.fallback === undefined ? undefined : list(mapping.fallback),
          },
    minio: {
      endpoint: cfg.minio.endpoint,
      accessKey: pulumi.secret(cfg.minio.accessKey.reveal()),
      secretKey: pulumi.secret(cfg.minio.secretKey.reveal()),
      redirectUri: cfg.minio.redirectUri,
      displayName: cfg.minio.displayName,
      claimName: cfg.minio.claimName,
      scopes: [...cfg.minio.scopes],
      configName: cfg.minio.configName,
      customPolicies: cfg.customPolicies as MinioSsoArgs["minio"]["customPolicies"],
      restartTimeoutSeconds: cfg.minio.restartTimeoutSeconds,
      requestTimeoutSeconds: cfg.minio.requestTimeoutSeconds,
    },
    caBundle: cfg.caBundle?.path,
    loginClient: cfg.loginClient,
    loginDeviceFlow: cfg.loginDeviceFlow,
  };
}

const sso = new MinioSso("minio", ssoArgs(stackConfig()));

// Stack outputs; never the client secret.
export const issuer = sso.issuer;
export const discoveryUrl = sso.discoveryUrl;
export const clientId = sso.clientId;
export const applicationSlug = sso.applicationSlug;
export const providerId = sso.providerId;
export const minioTarget = sso.minioTarget;
// What users pass to `minio-sso login --profile` (save it with `pulumi stack output loginProfile --json > profile.json`).
export const loginProfile = sso.loginProfile;
