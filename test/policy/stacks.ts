/**
 * A stack as the policy pack sees it, built from one of our stack files through the mock harness.
 *
 * The MinIO side is our own components, fed by lib/config's loadConfig of the stack file. The authentik provider is
 * the generated SDK's ProviderOauth2 with the arguments our AuthentikProvider component builds (a bad stack
 * overrides some of them), so its inputs cross the same SDK serialization as the program's.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authentik from "@pulumi/authentik";
import { providerArgs } from "../../components/authentik-provider";
import { MinioOpenIdConfig } from "../../components/minio-openid";
import { MinioPolicies } from "../../components/minio-policies";
import { loadConfig, type StackConfig } from "../../lib/config";
import { TYPES } from "../../policy/checks";
import { runWithMocks, type MockRun } from "../mocks/harness";
import { COMMAND_TYPE, OPENID_TYPE, applyLine } from "../mocks/openid-fixtures";
import { secretWrapper } from "../mocks/values";
import { SECRETS } from "../unit/config/fixtures";
import { effectiveConfig } from "../support/stack-files";

/** What authentik generates as the client secret; our stacks must keep it out of plain sight. */
export const CLIENT_SECRET = "ak-generated-client-secret-3c0f2a9e71d4b85f";
export const SIGNING_KEY_ID = "0b9d4f2e-6a51-4c3b-9f7e-2d8c1a5e4b60";

const POLICIES_TYPE = "minio-authentik-sso:index:MinioPolicies";
const IAM_POLICY_TYPE = "minio:index/iamPolicy:IamPolicy";

/** The provider arguments our component builds for `config`, with the lookups answered. */
export function providerProps(config: StackConfig): authentik.ProviderOauth2Args {
  return providerArgs(
    {
      name: config.provider.name,
      clientId: config.provider.clientId,
      authorizationFlow: config.provider.authorizationFlow,
      invalidationFlow: config.provider.invalidationFlow,
      signingKey: config.provider.signingKey,
      accessTokenValidity: config.provider.accessTokenValidity,
      redirectUri: config.minio.redirectUri,
      scopeMappingId: "scope-mapping-pk",
      authentikUrl: config.authentik.url,
    },
    {
      authorizationFlowId: "flow-authorization-pk",
      invalidationFlowId: "flow-invalidation-pk",
      signingKeyId: SIGNING_KEY_ID,
      standardMappingIds: ["openid-pk", "email-pk", "profile-pk"],
    },
  );
}

export interface StackOptions {
  /** `pulumi preview`: the client secret is unknown until authentik creates the provider. */
  preview?: boolean;
  /** Changes to the provider's properties (a bad stack). */
  provider?: Partial<authentik.ProviderOauth2Args>;
  /** Extra stack outputs that carry the client secret (a bad stack): as the secret Output, or unsecret'ed. */
  exportSecretAs?: Record<string, "secret" | "plain">;
  /** Stack config keys to override (raw, as `pulumi config set` stores them). */
  config?: Record<string, string>;
  /** Leave the authentik provider out (the MinIO side then gets a plain client secret). */
  withoutProvider?: boolean;
  /** URLs declared in place of the validated config's (a program that skipped loadConfig's checks). */
  unvalidated?: { configUrl: string; redirectUri: string };
}

/** Runs our stack's resources for `stackFile` under the mocks; returns the run and the config it loaded. */
export async function runStack(
  stackFile: string,
  opts: StackOptions = {},
): Promise<{ run: MockRun<Record<string, unknown>>; config: StackConfig }> {
  const loaded = loadConfig({ ...effectiveConfig(stackFile, SECRETS), ...opts.config });
  const urls = opts.unvalidated;
  const config: StackConfig =
    urls === undefined
      ? loaded
      : {
          ...loaded,
          oidc: { ...loaded.oidc, configUrl: urls.configUrl },
          minio: { ...loaded.minio, redirectUri: urls.redirectUri },
        };
  const run = await runWithMocks(
    {
      preview: opts.preview,
      resources: {
        // The bridge marks clientSecret (Sensitive in the TF schema) secret; authentik fills it in on create.
        [TYPES.oauth2Provider]: () => (opts.preview ? {} : { clientSecret: secretWrapper(CLIENT_SECRET) }),
        [OPENID_TYPE]: null,
        [COMMAND_TYPE]: () => ({ stdout: applyLine("identity_openid"), stderr: "" }),
        [POLICIES_TYPE]: null,
        [IAM_POLICY_TYPE]: null,
      },
    },
    () => {
      const clientSecret = opts.withoutProvider
        ? pulumi.output(CLIENT_SECRET)
        : new authentik.ProviderOauth2("minio-provider", { ...providerProps(config), ...opts.provider }).clientSecret;
      const policies = new MinioPolicies("minio-policies", { policies: { ...config.customPolicies } });
      const openid = new MinioOpenIdConfig(
        "minio-openid",
        {
          endpoint: config.minio.endpoint,
          accessKey: config.minio.accessKey.reveal(),
          secretKey: config.minio.secretKey.reveal(),
          configName: config.minio.configName,
          configUrl: config.oidc.configUrl,
          clientId: config.provider.clientId,
          clientSecret,
          claimName: config.minio.claimName,
          scopes: [...config.minio.scopes],
          redirectUri: config.minio.redirectUri,
          displayName: config.minio.displayName,
        },
        // The policies the mapping names exist before MinIO starts handing them out (as index.ts will order it).
        { dependsOn: Object.values(policies.policies) },
      );
      const outputs: Record<string, unknown> = { discoveryUrl: config.oidc.configUrl, minioTarget: openid.target };
      for (const [name, how] of Object.entries(opts.exportSecretAs ?? {})) {
        outputs[name] = how === "secret" ? clientSecret : pulumi.unsecret(clientSecret);
      }
      return outputs;
    },
  );
  return { run, config };
}
