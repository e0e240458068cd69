import assert from "node:assert/strict";
import { ConfigError, loadConfig, type ConfigProblem, type RawConfig } from "../../../lib/config";

/** Secret values used by the tests; no message may ever contain them. */
export const SECRETS = {
  token: "ak-token-VERY-SECRET-1",
  accessKey: "root-access-SECRET-2",
  secretKey: "root-secret-key-SECRET-3",
  clientSecret: "oauth2-client-secret-SECRET-4-0123456789",
};

/** A complete, valid raw config (only required keys set). */
export function validRaw(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    "authentik:url": "https://auth.example.com",
    "authentik:token": SECRETS.token,
    applicationName: "MinIO",
    applicationSlug: "minio",
    providerName: "MinIO provider",
    minioEndpoint: "https://minio.example.com",
    minioAccessKey: SECRETS.accessKey,
    minioSecretKey: SECRETS.secretKey,
    minioRedirectUri: "https://console.example.com/oauth_callback",
    defaultPolicy: "readonly",
    ...overrides,
  };
}

/** The ConfigError `loadConfig` throws for `raw` (fails the test if it does not throw one). */
export function configError(raw: RawConfig): ConfigError {
  try {
    loadConfig(raw);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
    for (const secret of Object.values(SECRETS)) {
      assert.ok(!err.message.includes(secret), "a secret leaked into the error message");
    }
    return err;
  }
  assert.fail("loadConfig did not throw");
}

/** The problems for `raw` as `key: message | fix` lines, for exact comparison. */
export function problems(raw: RawConfig): string[] {
  return configError(raw).problems.map((p: ConfigProblem) => `${p.key}: ${p.message} | ${p.fix}`);
}
