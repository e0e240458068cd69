// Single sign-on for MinIO through authentik: the stack config, validated, becomes one MinioSso component.
import { existsSync, readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
// isConfigSecret is marked internal; it is the only way the program can tell an encrypted config value.
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import {
  AUTHENTIK_ENV,
  ConfigError,
  loadConfig,
  orderProblems,
  rawFromConfigs,
  type ConfigProblem,
  type StackConfig,
} from "./lib/config";
import { authentikPreflight, type AuthentikIds } from "./lib/authentik-preflight";
import { trustCertificates } from "./minio-admin/trust";
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
    // Secret keys are checked against the stack's encrypted keys (PULUMI_CONFIG_SECRET_KEYS): Pulumi.yaml declares
    // none secret, or the engine would refuse a missing or plain one before this program could name the fix.
    const { isConfigSecret } = runtimeConfig as unknown as { isConfigSecret(key: string): boolean };
    const project = pulumi.getProject();
    const isSecret = (key: string) => isConfigSecret(key.includes(":") ? key : `${project}:${key}`);
    // Every project key the stack sets, so that one the program does not read (a typo) is refused.
    const keys = () =>
      Object.keys(pulumi.runtime.allConfig())
        .filter((k) => k.startsWith(`${project}:`))
        .map((k) => k.slice(project.length + 1));
    // AUTHENTIK_URL and AUTHENTIK_TOKEN stand in for authentik:url and authentik:token, as in authentik's provider.
    const authentik = new pulumi.Config("authentik");
    const cfg = loadConfig(rawFromConfigs(new pulumi.Config(), authentik, isSecret, process.env, keys));
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

/** Seconds each pre-flight request to authentik may take. */
const PREFLIGHT_TIMEOUT_SECONDS = 15;

/**
 * Asks authentik directly (read-only) whether the stack's URL, token, flows, key pair and groups are right, and
 * returns their ids; every problem ends the run with its key and fix. Unreachable: one warning, and the component's
 * lookups through authentik's provider run instead (they change nothing).
 */
async function preflight(cfg: StackConfig): Promise<AuthentikIds | undefined> {
  if (cfg.caBundle) trustCertificates(cfg.caBundle.certificates);
  const authentik = new pulumi.Config("authentik");
  const mapping = cfg.policyMapping;
  const outcome = await authentikPreflight({
    url: cfg.authentik.url,
    token: cfg.authentik.token.reveal(),
    fromEnv: {
      url: !authentik.get("url") && !!process.env[AUTHENTIK_ENV["authentik:url"]],
      token: !authentik.get("token"),
    },
    authorizationFlow: cfg.provider.authorizationFlow,
    invalidationFlow: cfg.provider.invalidationFlow,
    signingKey: cfg.provider.signingKey,
    groups: mapping.kind === "groups" ? mapping.rules.map((r) => r.group) : [],
    loginClient: cfg.loginClient,
    timeoutSeconds: PREFLIGHT_TIMEOUT_SECONDS,
  });
  if (outcome.kind === "ok") return outcome.ids;
  if (outcome.kind === "unreachable") {
    pulumi.log.warn(outcome.line);
    return undefined;
  }
  throw new pulumi.RunError(new ConfigError(orderProblems(outcome.problems)).message);
}

/** The component's arguments from the validated config; secrets stay Pulumi secrets. */
function ssoArgs(cfg: StackConfig, authentikIds: AuthentikIds | undefined): MinioSsoArgs {
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
    authentikIds,
  };
}

// An async program: the pre-flight answers before any resource is declared.
export = async () => {
  const cfg = stackConfig();
  const sso = new MinioSso("minio", ssoArgs(cfg, await preflight(cfg)));
  // Stack outputs; never the client secret.
  return {
    issuer: sso.issuer,
    discoveryUrl: sso.discoveryUrl,
    clientId: sso.clientId,
    applicationSlug: sso.applicationSlug,
    providerId: sso.providerId,
    minioTarget: sso.minioTarget,
    // What users pass to `minio-sso login --profile` (`pulumi stack output loginProfile --json > profile.json`).
    ...(cfg.loginClient ? { loginProfile: sso.loginProfile } : {}),
  };
};
