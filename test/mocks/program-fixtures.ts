import { effectiveConfig, type StackSecrets } from "../support/stack-files";
import { COMMAND_TYPE, OPENID_TYPE, applyLine } from "./openid-fixtures";
import { runWithMocks, type Expectations, type MockRun } from "./harness";

export const TYPES = {
  sso: "minio-authentik-sso:index:MinioSso",
  scopeMappingComponent: "minio-authentik-sso:index:AuthentikScopeMapping",
  providerComponent: "minio-authentik-sso:index:AuthentikProvider",
  applicationComponent: "minio-authentik-sso:index:AuthentikApplication",
  policiesComponent: "minio-authentik-sso:index:MinioPolicies",
  openIdComponent: OPENID_TYPE,
  scopeMapping: "authentik:index/propertyMappingProviderScope:PropertyMappingProviderScope",
  provider: "authentik:index/providerOauth2:ProviderOauth2",
  application: "authentik:index/application:Application",
  iamPolicy: "minio:index/iamPolicy:IamPolicy",
  minioProvider: "pulumi:providers:minio",
  command: COMMAND_TYPE,
} as const;

export const INVOKES = {
  flow: "authentik:index/getFlow:getFlow",
  keyPair: "authentik:index/getCertificateKeyPair:getCertificateKeyPair",
  scopeMappings: "authentik:index/getPropertyMappingProviderScope:getPropertyMappingProviderScope",
} as const;

export const STACK_SECRETS: StackSecrets = {
  token: "ak-token-3c9d1e",
  accessKey: "root-access-5e2a",
  secretKey: "root-secret-8d41c7",
};
/** The client secret authentik generates when the stack sets none. */
export const GENERATED_SECRET = "generated-client-secret-0f3b";

/** A stack file's config as the mocks' project ("project") receives it, with `overrides` on top. */
export function stackConfig(file: string, overrides: Record<string, string> = {}): Record<string, string> {
  const config: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...effectiveConfig(file, STACK_SECRETS), ...overrides })) {
    config[key.includes(":") ? key : `project:${key}`] = value;
  }
  return config;
}

/** What authentik answers to the program's lookups: flow ids from slugs, one key pair, the managed mappings. */
export function authentikLookups(): NonNullable<Expectations["invokes"]> {
  return {
    [INVOKES.flow]: (inputs) => ({ id: `flow-uuid-${inputs.slug}`, slug: inputs.slug }),
    [INVOKES.keyPair]: (inputs) => ({ id: "keypair-uuid", name: inputs.name }),
    [INVOKES.scopeMappings]: () => ({ id: "-1", ids: ["openid-uuid", "email-uuid", "profile-uuid"] }),
  };
}

/** Every type the program may declare; the provider answers like authentik (generated secret, numeric id). */
export function programExpectations(config: Record<string, string>, preview = false): Expectations {
  return {
    preview,
    config,
    secretConfigKeys: ["authentik:token", "project:minioAccessKey", "project:minioSecretKey", "project:clientSecret"],
    resources: {
      [TYPES.sso]: null,
      [TYPES.scopeMappingComponent]: null,
      [TYPES.providerComponent]: null,
      [TYPES.applicationComponent]: null,
      [TYPES.policiesComponent]: null,
      [TYPES.openIdComponent]: null,
      [TYPES.scopeMapping]: null,
      [TYPES.provider]: (res) => ({ clientSecret: res.inputs.clientSecret ?? GENERATED_SECRET }),
      [TYPES.application]: null,
      [TYPES.iamPolicy]: null,
      [TYPES.minioProvider]: null,
      [TYPES.command]: () => ({ stdout: applyLine("identity_openid"), stderr: "" }),
    },
    ids: { [TYPES.provider]: () => "7" },
    invokes: authentikLookups(),
  };
}

/** Runs index.ts afresh under the mocks and returns the run with the stack outputs. */
export function runProgram(expect: Expectations): Promise<MockRun<Record<string, unknown>>> {
  return runWithMocks(expect, async () => {
    const path = require.resolve("../../index");
    delete require.cache[path];
    return { ...(require(path) as Record<string, unknown>) };
  });
}
