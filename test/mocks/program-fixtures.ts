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
  loginComponent: "minio-authentik-sso:index:MinioLoginClient",
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
  group: "authentik:index/getGroup:getGroup",
} as const;

/** The groups authentik holds in the mocks: name -> id (Group.pk). Any other name is not found. */
export const GROUP_IDS: Readonly<Record<string, string>> = {
  "minio-admins": "3f6a2c1e-8b4d-4e7a-9c05-1d2e3f4a5b6c",
  "minio-users": "7b1e9d3c-2a4f-4c68-8e17-5f9a0b2c3d4e",
  "data-engineers": "a2c4e6f8-1b3d-4f5a-8c7e-9d0b1a2c3e4f",
  analysts: "c5d7e9f1-3a5b-4c7d-9e1f-2a4b6c8d0e1f",
  team: "e8f0a2b4-6c8d-4e0f-a1b3-c5d7e9f1a3b5",
};

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

/**
 * What authentik answers to the program's lookups: flow ids from slugs, one key pair, the managed mappings, and
 * the groups of GROUP_IDS by name (the data source fails with terraform-provider-authentik's message otherwise,
 * data_source_group.go dataSourceGroupReadByName).
 */
export function authentikLookups(): NonNullable<Expectations["invokes"]> {
  return {
    [INVOKES.flow]: (inputs) => ({ id: `flow-uuid-${inputs.slug}`, slug: inputs.slug }),
    [INVOKES.keyPair]: (inputs) => ({ id: "keypair-uuid", name: inputs.name }),
    [INVOKES.scopeMappings]: (inputs) =>
      (inputs.managedLists as string[]).includes("goauthentik.io/providers/oauth2/scope-offline_access")
        ? { id: "-1", ids: ["offline-access-uuid"] }
        : { id: "-1", ids: ["openid-uuid", "email-uuid", "profile-uuid"] },
    [INVOKES.group]: (inputs) => {
      const id = Object.hasOwn(GROUP_IDS, String(inputs.name)) ? GROUP_IDS[String(inputs.name)] : undefined;
      if (id === undefined)
        throw Object.assign(new Error("No matching groups found"), { details: "No matching groups found" });
      return { id, pk: id, name: inputs.name };
    },
  };
}

/** GROUP_IDS as the expression generator takes them. */
export const groupIds = (): ReadonlyMap<string, string> => new Map(Object.entries(GROUP_IDS));

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
      [TYPES.loginComponent]: null,
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
    // index.ts is an async program: its export is a function that resolves to the stack outputs.
    const program = require(path) as () => Promise<Record<string, unknown>>;
    return { ...(await program()) };
  });
}
