/**
 * The admin CLI's contract, both halves at once: the environment openIdEnvironment builds for the component reads
 * back, through the CLI's own readers, as exactly the settings it was built from.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { configTarget } from "../../../minio-admin/names";
import { desiredDefault, desiredFromEnv, OPENID_KEYS } from "../../../minio-admin/openid-keys";
import {
  openIdEnvironment,
  readConnectionSettings,
  SETTING_KEYS,
  type OpenIdSettings,
} from "../../../minio-admin/settings";

const REQUIRED: OpenIdSettings<string> = {
  endpoint: "http://127.0.0.1:9000",
  accessKey: "ak-root",
  secretKey: "sk-root-secret",
  configName: "",
  configUrl: "https://idp.test/.well-known/openid-configuration",
  clientId: "cid",
  clientSecret: "cs",
  claimName: "policy",
  scopes: "openid",
  redirectUri: "https://console.test/oauth_callback",
  displayName: "SSO",
};

describe("the admin CLI's environment, built and read back", () => {
  it("sets every variable the CLI reads, the ones no setting gives to the CLI's own defaults", () => {
    assert.deepEqual(openIdEnvironment(REQUIRED), {
      MINIO_ENDPOINT: "http://127.0.0.1:9000",
      MINIO_ACCESS_KEY: "ak-root",
      MINIO_SECRET_KEY: "sk-root-secret",
      MINIO_REGION: "us-east-1",
      MINIO_RESTART_TIMEOUT_SECONDS: "60",
      MINIO_REQUEST_TIMEOUT_SECONDS: "30",
      MINIO_OPENID_CONFIG_NAME: "",
      MINIO_OPENID_ENABLE: "on",
      MINIO_OPENID_DISPLAY_NAME: "SSO",
      MINIO_OPENID_CONFIG_URL: "https://idp.test/.well-known/openid-configuration",
      MINIO_OPENID_CLIENT_ID: "cid",
      MINIO_OPENID_CLIENT_SECRET: "cs",
      MINIO_OPENID_CLAIM_NAME: "policy",
      MINIO_OPENID_CLAIM_USERINFO: "",
      MINIO_OPENID_ROLE_POLICY: "",
      MINIO_OPENID_CLAIM_PREFIX: "",
      MINIO_OPENID_REDIRECT_URI: "https://console.test/oauth_callback",
      MINIO_OPENID_REDIRECT_URI_DYNAMIC: "off",
      MINIO_OPENID_SCOPES: "openid",
      MINIO_OPENID_VENDOR: "",
      MINIO_OPENID_KEYCLOAK_REALM: "",
      MINIO_OPENID_KEYCLOAK_ADMIN_URL: "",
      MINIO_OPENID_USER_READABLE_CLAIM: "",
      MINIO_OPENID_USER_ID_CLAIM: "",
      MINIO_OPENID_COMMENT: "",
    });
  });

  it("passes the timeouts it is given, as whole seconds", () => {
    const env = openIdEnvironment({ ...REQUIRED, restartTimeoutSeconds: 300, requestTimeoutSeconds: 5 });
    assert.deepEqual([env.MINIO_RESTART_TIMEOUT_SECONDS, env.MINIO_REQUEST_TIMEOUT_SECONDS], ["300", "5"]);
  });

  it("reads back as the settings it was built from, over any stray variable of the caller (property)", () => {
    const text = fc.string({ unit: fc.constantFrom(..."ab Z9./:-_é".split("")), maxLength: 12 }).map((v) => v.trim());
    const settings = fc.record({
      endpoint: fc.constantFrom("http://127.0.0.1:9000", "https://minio.example.test", "https://Minio.test:443/"),
      accessKey: fc.string({ minLength: 1, maxLength: 8 }),
      secretKey: fc.string({ minLength: 1, maxLength: 12 }),
      configName: fc.constantFrom("", "_", "authentik", "Corp_SSO2"),
      configUrl: text.map((v) => `https://idp.test/${v.replace(/ /g, "")}`),
      clientId: text.filter((v) => v !== ""),
      clientSecret: text.filter((v) => v !== ""),
      claimName: text,
      scopes: text,
      redirectUri: text,
      displayName: text,
      restartTimeoutSeconds: fc.option(fc.integer({ min: 1, max: 86400 }), { nil: undefined }),
      requestTimeoutSeconds: fc.option(fc.integer({ min: 1, max: 86400 }), { nil: undefined }),
    });
    // local.Command runs on top of the provider's environment; later entries win, as in Go's os/exec.
    const stray = { MINIO_REGION: "eu-west-9", MINIO_OPENID_VENDOR: "keycloak", MINIO_OPENID_COMMENT: "stray" };
    fc.assert(
      fc.property(settings, (s) => {
        const env = { ...stray, ...openIdEnvironment(s) };
        assert.deepEqual(readConnectionSettings(env), {
          endpoint: new URL(s.endpoint).origin,
          accessKey: s.accessKey,
          secretKey: s.secretKey,
          region: "us-east-1",
          target: configTarget(s.configName),
          restartTimeoutMs: (s.restartTimeoutSeconds ?? 60) * 1000,
          requestTimeoutMs: (s.requestTimeoutSeconds ?? 30) * 1000,
          caCertificates: [],
        });
        const given = new Map<string, string>(
          Object.entries(SETTING_KEYS).map(([f, k]) => [k, s[f as keyof typeof SETTING_KEYS]]),
        );
        const expected = Object.fromEntries(OPENID_KEYS.map((k) => [k.key, given.get(k.key) ?? desiredDefault(k)]));
        assert.deepEqual(desiredFromEnv(env), expected);
      }),
      { numRuns: 200 },
    );
  });
});
