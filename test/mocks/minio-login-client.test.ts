/** The login client of `minio-sso login` as the dev stack declares it, and the component without it. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { MinioSso } from "../../components/minio-sso";
import { audienceExpression } from "../../components/minio-login-client";
import { runWithMocks } from "./harness";
import { TYPES, programExpectations, runProgram, stackConfig } from "./program-fixtures";

test("the dev stack declares a public provider beside MinIO's, with the same key, flows and policy mapping", async () => {
  const run = await runProgram(programExpectations(stackConfig("Pulumi.dev.yaml")));
  const audience = run.find(TYPES.scopeMapping, "minio-login-audience-scope-mapping");
  assert.deepEqual(audience.inputs, {
    name: "MinIO (dev) (command line): MinIO audience",
    scopeName: "minio-audience",
    expression: 'return {"aud": ["minio-dev-cli", "minio-dev"]}',
    description: "Lets MinIO accept your sign-in",
  });
  const minioProvider = run.find(TYPES.provider, "minio-provider");
  const provider = run.find(TYPES.provider, "minio-login-provider");
  assert.deepEqual(provider.inputs, {
    name: "MinIO (dev) (command line)",
    clientType: "public",
    clientId: "minio-dev-cli",
    authorizationFlow: minioProvider.inputs.authorizationFlow,
    invalidationFlow: minioProvider.inputs.invalidationFlow,
    signingKey: minioProvider.inputs.signingKey,
    propertyMappings: [
      "openid-uuid",
      "email-uuid",
      "profile-uuid",
      "offline-access-uuid",
      "minio-policy-scope-mapping-id",
      "minio-login-audience-scope-mapping-id",
    ],
    allowedRedirectUris: [
      { matching_mode: "regex", url: "http://127\\.0\\.0\\.1:[0-9]+/callback", redirect_uri_type: "authorization" },
    ],
    grantTypes: ["authorization_code", "refresh_token"],
    accessTokenValidity: "minutes=10",
    includeClaimsInIdToken: true,
    issuerMode: "per_provider",
  });
  // No end user ever holds a client secret: the public client is given none (no clientSecret input above).
  const application = run.find(TYPES.application, "minio-login-application");
  assert.deepEqual(application.inputs, {
    name: "MinIO (dev) (command line)",
    slug: "minio-dev-cli",
    protocolProvider: 7,
    metaHide: true,
  });
  // MinIO's own provider is unchanged by the login client.
  assert.equal(minioProvider.inputs.clientType, "confidential");
  assert.equal((minioProvider.inputs.allowedRedirectUris as unknown[]).length, 1);
});

test("loginClient: false declares no login client and no loginProfile", async () => {
  const run = await runWithMocks(programExpectations({}), () => {
    const sso = new MinioSso("minio", {
      authentikUrl: "https://auth.example.com",
      application: { name: "MinIO", slug: "minio" },
      provider: { name: "MinIO" },
      mapping: { defaultPolicies: ["readonly"] },
      minio: {
        endpoint: "https://minio.example.com",
        accessKey: pulumi.secret("admin-access"),
        secretKey: pulumi.secret("admin-secret-key"),
        redirectUri: "https://console.example.com/oauth_callback",
      },
      loginClient: false,
    });
    return { loginProfile: sso.loginProfile };
  });
  assert.deepEqual(run.ofType(TYPES.loginComponent), []);
  assert.deepEqual(
    run.ofType(TYPES.provider).map((r) => r.name),
    ["minio-provider"],
  );
  assert.equal(run.outputs.loginProfile.value, undefined);
});

test("the audience expression writes both client IDs as escaped Python literals", () => {
  assert.equal(audienceExpression('a"b', "c\\d"), 'return {"aud": ["a\\"b", "c\\\\d"]}');
});

test("loginDeviceFlow: true adds the device-code grant to the login client, and nothing else changes", async () => {
  const plain = await runProgram(programExpectations(stackConfig("Pulumi.dev.yaml")));
  const device = await runProgram(programExpectations(stackConfig("Pulumi.dev.yaml", { loginDeviceFlow: "true" })));
  const [before, after] = [plain, device].map((run) => run.find(TYPES.provider, "minio-login-provider"));
  assert.deepEqual(after.inputs, {
    ...before.inputs,
    grantTypes: ["authorization_code", "refresh_token", "urn:ietf:params:oauth:grant-type:device_code"],
  });
  assert.deepEqual(
    device.find(TYPES.provider, "minio-provider").inputs,
    plain.find(TYPES.provider, "minio-provider").inputs,
  );
});
