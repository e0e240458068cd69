/** Pure test data for the verify tests: secrets, the stack config in `pulumi config --json` shape, a sample config. */
import type { StackConfig } from "../../lib/config";
import { runVerify } from "../../verify/run";
import { stackConfigFromPulumi } from "../../verify/stack-data";

export const AK_TOKEN = "verify-ak-token-5d1c9e77a2f0";
export const ROOT_ACCESS = "verify-root";
export const ROOT_SECRET = "verify-root-secret-8c3f10d2";
export const CLIENT_SECRET = "verify-client-secret-0a7be3f9c1d2";
export const DISPLAY_NAME = "Login with authentik (verify)";
export const REDIRECT = "https://console.minio.test/oauth_callback";
export const STACK = "dev";

export type PulumiConfigJson = Record<string, { value?: string; objectValue?: unknown; secret: boolean }>;

/** The stack config as `pulumi config --json --show-secrets` prints it. */
export function pulumiConfig(akUrl: string, minioUrl: string, extra: PulumiConfigJson = {}): PulumiConfigJson {
  const plain = (value: string) => ({ value, secret: false });
  const secret = (value: string) => ({ value, secret: true });
  return {
    "authentik:token": secret(AK_TOKEN),
    "authentik:url": plain(akUrl),
    "minio-authentik-sso:allowInsecure": plain("true"),
    "minio-authentik-sso:applicationName": plain("MinIO"),
    "minio-authentik-sso:applicationSlug": plain("minio"),
    "minio-authentik-sso:clientId": plain("minio-client"),
    "minio-authentik-sso:defaultPolicy": plain("readonly"),
    "minio-authentik-sso:minioAccessKey": secret(ROOT_ACCESS),
    "minio-authentik-sso:minioDisplayName": plain(DISPLAY_NAME),
    "minio-authentik-sso:minioEndpoint": plain(minioUrl),
    "minio-authentik-sso:minioRedirectUri": plain(REDIRECT),
    "minio-authentik-sso:minioSecretKey": secret(ROOT_SECRET),
    "minio-authentik-sso:providerName": plain("minio-provider"),
    ...extra,
  };
}

export const AK_URL = "https://auth.example.test";
export const MINIO_URL = "https://minio.example.test";
export const CONFIG_URL = `${AK_URL}/application/o/minio/.well-known/openid-configuration`;
export const ISSUER = `${AK_URL}/application/o/minio/`;

/** A validated config with fixed URLs, for the pure tests. */
export function sampleConfig(extra: PulumiConfigJson = {}): StackConfig {
  return stackConfigFromPulumi(pulumiConfig(AK_URL, MINIO_URL, { ...extra }), "test config");
}

export interface Run {
  code: number;
  stdout: string[];
  stderr: string[];
}

/** Runs verify in-process and collects what it prints. */
export async function runIn(argv: string[], env: Record<string, string | undefined>): Promise<Run> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runVerify(argv, env, { stdout: (l) => stdout.push(l), stderr: (l) => stderr.push(l) });
  return { code, stdout, stderr };
}
