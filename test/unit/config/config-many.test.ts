/** Many bad keys at once: one ConfigError, every problem listed in Pulumi.yaml key order, no secret leaked. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, loadConfig } from "../../../lib/config";
import { configError, SECRETS } from "./fixtures";

describe("loadConfig: every problem at once", () => {
  it("an empty config lists every required key, secrets with --secret", () => {
    const err = configError({});
    assert.equal(
      err.message,
      [
        "Invalid stack configuration (10 problems):",
        "  - authentik:url: is not set, and AUTHENTIK_URL is not set either. Fix: pulumi config set authentik:url https://authentik.example.com",
        "  - authentik:token: is not set (secret), and AUTHENTIK_TOKEN is not set either. Fix: pulumi config set --secret authentik:token",
        "  - applicationName: is not set. Fix: pulumi config set applicationName MinIO",
        "  - applicationSlug: is not set. Fix: pulumi config set applicationSlug minio",
        "  - providerName: is not set. Fix: pulumi config set providerName MinIO",
        "  - minioEndpoint: is not set. Fix: pulumi config set minioEndpoint https://minio.example.com",
        "  - minioAccessKey: is not set (secret). Fix: pulumi config set --secret minioAccessKey",
        "  - minioSecretKey: is not set (secret). Fix: pulumi config set --secret minioSecretKey",
        "  - minioRedirectUri: is not set. Fix: pulumi config set minioRedirectUri https://console.example.com/oauth_callback",
        "  - defaultPolicy: no policy mapping is configured: set defaultPolicy (same policies for everyone) or groupPolicies (policies by authentik group). Fix: pulumi config set defaultPolicy readonly",
      ].join("\n"),
    );
    assert.equal(err.name, "ConfigError");
    assert.equal(err.problems.length, 10);
  });

  it("bad values in many keys, reported in key order whatever order they were found in", () => {
    const err = configError({
      get: (key: string) =>
        ({
          "authentik:url": "http://auth.example.com",
          "authentik:token": SECRETS.token,
          applicationName: "MinIO",
          applicationSlug: "Bad Slug",
          providerName: "MinIO",
          clientId: "bad id",
          accessTokenValidity: "10m",
          minioEndpoint: "https://minio.example.com/path",
          minioAccessKey: SECRETS.accessKey,
          minioSecretKey: "short",
          minioRedirectUri: "https://console.example.com/cb",
          minioScopes: "openid",
          allowInsecure: "maybe",
          groupPolicies: '[{"group":"","policies":"root"}]',
          fallbackPolicy: "readonly",
          defaultPolicy: "readwrite",
        })[key],
    });
    assert.deepEqual(
      err.problems.map((p) => p.key),
      [
        "authentik:url",
        "applicationSlug",
        "clientId",
        "accessTokenValidity",
        "minioEndpoint",
        "minioSecretKey",
        "minioScopes",
        "allowInsecure",
        "defaultPolicy",
        "groupPolicies",
        "groupPolicies",
      ],
    );
    const lines = err.message.split("\n");
    assert.equal(lines[0], "Invalid stack configuration (11 problems):");
    assert.equal(
      lines[6],
      "  - minioSecretKey: must be at least 8 characters long (MinIO's rule for the root user). Fix: pulumi config set --secret minioSecretKey",
    );
    assert.ok(!err.message.includes("short"), "the short secret key must not be echoed");
    assert.equal(lines.length, 12);
  });

  it("the message of a single problem says 1 problem", () => {
    assert.throws(
      () =>
        loadConfig({
          "authentik:url": "https://a.example.com",
          "authentik:token": "t",
          applicationName: "n",
          applicationSlug: "s",
          providerName: "p",
          minioEndpoint: "https://m.example.com",
          minioAccessKey: "abc",
          minioSecretKey: "12345678",
          minioRedirectUri: "https://c.example.com/oauth_callback",
        }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.message ===
          "Invalid stack configuration (1 problem):\n  - defaultPolicy: no policy mapping is configured: set defaultPolicy (same policies for everyone) or groupPolicies (policies by authentik group). Fix: pulumi config set defaultPolicy readonly",
    );
  });
});
