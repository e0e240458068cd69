import assert from "node:assert/strict";
import { inspect } from "node:util";
import { describe, it } from "node:test";
import { loadConfig, rawFromConfigs, SecretString } from "../../../lib/config";
import { SECRETS, validRaw } from "./fixtures";

/** The config with secrets replaced by `<plaintext>`, for exact comparison (JSON would show "[secret]"). */
function plain(value: unknown): unknown {
  if (value instanceof SecretString) return `<${value.reveal()}>`;
  if (Array.isArray(value)) return value.map(plain);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  }
  return value;
}

describe("loadConfig: valid input", () => {
  it("applies every default and derives the rest", () => {
    assert.deepEqual(plain(loadConfig(validRaw())), {
      authentik: { url: "https://auth.example.com", token: `<${SECRETS.token}>` },
      application: { name: "MinIO", slug: "minio", launchUrl: "" },
      provider: {
        name: "MinIO provider",
        clientId: "minio",
        clientSecret: undefined,
        authorizationFlow: "default-provider-authorization-implicit-consent",
        invalidationFlow: "default-provider-invalidation-flow",
        signingKey: "authentik Self-signed Certificate",
        accessTokenValidity: "minutes=10",
        scopeName: "minio",
      },
      oidc: {
        issuerUrl: "https://auth.example.com/application/o/minio/",
        configUrl: "https://auth.example.com/application/o/minio/.well-known/openid-configuration",
      },
      minio: {
        endpoint: "https://minio.example.com",
        accessKey: `<${SECRETS.accessKey}>`,
        secretKey: `<${SECRETS.secretKey}>`,
        redirectUri: "https://console.example.com/oauth_callback",
        displayName: "MinIO",
        claimName: "policy",
        scopes: ["openid", "profile", "email", "minio"],
        configName: "",
        restartTimeoutSeconds: 60,
        requestTimeoutSeconds: 30,
      },
      allowInsecure: false,
      caBundle: undefined,
      loginClient: true,
      loginDeviceFlow: false,
      policyMapping: { kind: "fixed", policies: "readonly" },
      customPolicies: {},
    });
  });

  it("treats empty strings (Pulumi.yaml defaults) like unset keys", () => {
    const config = loadConfig(
      validRaw({ clientId: "", minioClaimName: "", minioScopes: "", allowInsecure: "", groupPolicies: "" }),
    );
    assert.equal(config.provider.clientId, "minio");
    assert.equal(config.minio.claimName, "policy");
    assert.deepEqual(config.minio.scopes, ["openid", "profile", "email", "minio"]);
    assert.equal(config.allowInsecure, false);
  });

  it("keeps a chosen client secret as a SecretString; unset or empty leaves it to authentik", () => {
    const chosen = loadConfig(validRaw({ clientSecret: SECRETS.clientSecret })).provider.clientSecret;
    assert.ok(chosen instanceof SecretString);
    assert.equal(chosen.reveal(), SECRETS.clientSecret);
    assert.equal(loadConfig(validRaw({ clientSecret: "" })).provider.clientSecret, undefined);
    assert.equal(loadConfig(validRaw()).provider.clientSecret, undefined);
    for (const length of [32, 255]) {
      const secret = "s".repeat(length - 1) + "é";
      assert.equal(loadConfig(validRaw({ clientSecret: secret })).provider.clientSecret?.reveal(), secret);
    }
  });

  it("derives the client ID from the slug, and keeps an explicit one", () => {
    assert.equal(loadConfig(validRaw({ applicationSlug: "s3_console-2" })).provider.clientId, "s3_console-2");
    assert.equal(loadConfig(validRaw({ clientId: "MinIO.Client~1" })).provider.clientId, "MinIO.Client~1");
  });

  it("keeps explicit values and normalises URLs", () => {
    const config = loadConfig(
      validRaw({
        "authentik:url": "http://127.0.0.1:9100/auth/",
        minioEndpoint: "http://127.0.0.1:9000/",
        minioRedirectUri: "http://127.0.0.1:9001/oauth_callback",
        launchUrl: "http://127.0.0.1:9001/?tab=buckets",
        allowInsecure: "true",
        minioDisplayName: "Login with authentik",
        minioClaimName: "minio_policy",
        minioScopes: "openid,minio",
        minioConfigName: "authentik_1",
        minioRestartTimeout: "86400",
        minioRequestTimeout: "1",
        authorizationFlow: "Explicit-Consent",
        accessTokenValidity: "hours=1;minutes=30.5",
        signingKey: "my key",
      }),
    );
    assert.equal(config.authentik.url, "http://127.0.0.1:9100/auth");
    assert.equal(config.oidc.issuerUrl, "http://127.0.0.1:9100/auth/application/o/minio/");
    assert.equal(config.minio.endpoint, "http://127.0.0.1:9000");
    assert.equal(config.minio.redirectUri, "http://127.0.0.1:9001/oauth_callback");
    assert.equal(config.application.launchUrl, "http://127.0.0.1:9001/?tab=buckets");
    assert.equal(config.allowInsecure, true);
    assert.equal(config.minio.displayName, "Login with authentik");
    assert.equal(config.minio.claimName, "minio_policy");
    assert.deepEqual(config.minio.scopes, ["openid", "minio"]);
    assert.equal(config.minio.configName, "authentik_1");
    assert.deepEqual([config.minio.restartTimeoutSeconds, config.minio.requestTimeoutSeconds], [86400, 1]);
    assert.equal(config.provider.authorizationFlow, "Explicit-Consent");
    assert.equal(config.provider.accessTokenValidity, "hours=1;minutes=30.5");
    assert.equal(config.provider.signingKey, "my key");
  });

  it("builds a group mapping with fallback and custom policies", () => {
    const doc = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["*"] }] };
    const config = loadConfig(
      validRaw({
        defaultPolicy: undefined,
        groupPolicies: JSON.stringify([
          { group: "minio-admins", policies: "consoleAdmin" },
          { group: "Data Team", policies: ["data-reader", "diagnostics"] },
          { group: "writers", policies: ["writeonly"] },
        ]),
        fallbackPolicy: '["readonly"]',
        customPolicies: JSON.stringify({ "zz-unused": doc, "data-reader": doc }),
      }),
    );
    assert.deepEqual(config.policyMapping, {
      kind: "groups",
      rules: [
        { group: "minio-admins", policies: "consoleAdmin" },
        { group: "Data Team", policies: ["data-reader", "diagnostics"] },
        { group: "writers", policies: "writeonly" },
      ],
      fallback: "readonly",
    });
    assert.deepEqual(Object.keys(config.customPolicies), ["data-reader", "zz-unused"]);
    assert.deepEqual(config.customPolicies["data-reader"], doc);
  });

  it('keeps a custom policy named "__proto__" as an ordinary key', () => {
    const doc = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: ["s3:*"], Resource: ["*"] }] };
    const config = loadConfig(
      validRaw({ defaultPolicy: "__proto__", customPolicies: `{"__proto__":${JSON.stringify(doc)}}` }),
    );
    assert.ok(Object.hasOwn(config.customPolicies, "__proto__"));
    assert.equal(Object.getPrototypeOf(config.customPolicies), Object.prototype);
    assert.deepEqual(config.customPolicies["__proto__"], doc);
    assert.deepEqual(config.policyMapping, { kind: "fixed", policies: "__proto__" });
  });

  it("accepts defaultPolicy as a JSON list or a JSON string", () => {
    const list = loadConfig(validRaw({ defaultPolicy: '["readwrite","diagnostics"]' }));
    assert.deepEqual(list.policyMapping, { kind: "fixed", policies: ["readwrite", "diagnostics"] });
    assert.deepEqual(loadConfig(validRaw({ defaultPolicy: '"readwrite"' })).policyMapping, {
      kind: "fixed",
      policies: "readwrite",
    });
  });

  it("reads values the way Pulumi delivers them: booleans, numbers and structured values from a record", () => {
    const config = loadConfig({
      ...validRaw({ defaultPolicy: undefined, minioEndpoint: "http://127.0.0.1:9000" }),
      allowInsecure: true as unknown as string,
      groupPolicies: [{ group: "g", policies: "readonly" }] as unknown as string,
    });
    assert.equal(config.allowInsecure, true);
    assert.deepEqual(config.policyMapping, { kind: "groups", rules: [{ group: "g", policies: "readonly" }] });
  });

  it("reads through rawFromConfigs: project keys from one getter, authentik:* from the provider's", () => {
    const project = validRaw();
    const asked: string[] = [];
    const raw = rawFromConfigs(
      { get: (k) => (asked.push(`project:${k}`), project[k]) },
      { get: (k) => (asked.push(`authentik:${k}`), k === "url" ? "https://sso.example.org" : SECRETS.token) },
    );
    const config = loadConfig(raw);
    assert.equal(config.authentik.url, "https://sso.example.org");
    assert.equal(config.authentik.token.reveal(), SECRETS.token);
    assert.ok(asked.includes("authentik:url") && asked.includes("authentik:token"));
    assert.ok(asked.includes("project:applicationSlug") && !asked.includes("project:authentik:url"));
  });

  it("never shows secret values when the config is printed", () => {
    const config = loadConfig(validRaw({ clientSecret: SECRETS.clientSecret }));
    const shown = [JSON.stringify(config), inspect(config, { depth: 10 }), `${config.minio.secretKey}`];
    for (const text of shown) {
      for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret), text);
    }
    assert.equal(String(config.authentik.token), "[secret]");
    assert.equal(inspect(config.minio.accessKey), "[secret]");
    assert.equal(config.minio.secretKey.reveal(), SECRETS.secretKey);
  });

  it("returns a frozen object", () => {
    const config = loadConfig(validRaw());
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.minio) && Object.isFrozen(config.minio.scopes));
  });
});
