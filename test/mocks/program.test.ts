import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { generatePolicyExpression } from "../../lib/expression";
import { isSecretInput } from "./harness";
import {
  GENERATED_SECRET,
  GROUP_IDS,
  INVOKES,
  STACK_SECRETS,
  TYPES,
  programExpectations,
  runProgram,
  groupIds,
  stackConfig,
} from "./program-fixtures";

const DEV_GROUPS = [
  { group: "minio-admins", policies: "consoleAdmin" },
  { group: "minio-users", policies: ["readwrite", "diagnostics"] },
];

test("the dev stack declares the four steps, each resource with exactly these inputs", async () => {
  const run = await runProgram(programExpectations(stackConfig("Pulumi.dev.yaml")));
  const parentOf = (urn: string) => (urn === "" ? "(stack)" : run.byUrn(urn).name);
  assert.deepEqual(
    run.resources.map((r) => `${r.type} ${r.name} in ${parentOf(r.parent)}`).sort(),
    [
      `${TYPES.sso} minio in (stack)`,
      `${TYPES.scopeMappingComponent} minio-policy in minio`,
      `${TYPES.scopeMapping} minio-policy-scope-mapping in minio-policy`,
      `${TYPES.providerComponent} minio in minio`,
      `${TYPES.provider} minio-provider in minio`,
      `${TYPES.applicationComponent} minio in minio`,
      `${TYPES.application} minio-application in minio`,
      `${TYPES.openIdComponent} minio in minio`,
      `${TYPES.command} minio-identity-openid in minio`,
      `${TYPES.loginComponent} minio-login in minio`,
      `${TYPES.scopeMapping} minio-login-audience-scope-mapping in minio-login`,
      `${TYPES.provider} minio-login-provider in minio-login`,
      `${TYPES.application} minio-login-application in minio-login`,
    ].sort(),
  );
  const scopeMapping = run.find(TYPES.scopeMapping, "minio-policy-scope-mapping");
  assert.deepEqual(scopeMapping.inputs, {
    name: "MinIO (dev): MinIO policies",
    scopeName: "minio",
    expression: generatePolicyExpression(
      { kind: "groups", rules: DEV_GROUPS, fallback: "readonly" },
      { groupIds: groupIds() },
    ),
    description: "Your MinIO policies",
  });
  // The groups are matched by the ids authentik's lookups answered, after one read of the user's groups.
  assert.deepEqual(
    String(scopeMapping.inputs.expression)
      .split("\n")
      .filter((line) => !line.startsWith("#")),
    [
      'group_ids = {str(pk) for pk in request.user.all_groups().values_list("pk", flat=True)}',
      `if "${GROUP_IDS["minio-admins"]}" in group_ids: return {"policy": "consoleAdmin"}  # "minio-admins"`,
      `if "${GROUP_IDS["minio-users"]}" in group_ids: return {"policy": ["readwrite", "diagnostics"]}  # "minio-users"`,
      'return {"policy": "readonly"}',
    ],
  );
  const provider = run.find(TYPES.provider, "minio-provider");
  assert.deepEqual(provider.inputs, {
    name: "MinIO (dev)",
    clientType: "confidential",
    clientId: "minio-dev",
    authorizationFlow: "flow-uuid-default-provider-authorization-implicit-consent",
    invalidationFlow: "flow-uuid-default-provider-invalidation-flow",
    signingKey: "keypair-uuid",
    propertyMappings: ["openid-uuid", "email-uuid", "profile-uuid", "minio-policy-scope-mapping-id"],
    allowedRedirectUris: [
      { matching_mode: "strict", url: "http://127.0.0.1:9001/oauth_callback", redirect_uri_type: "authorization" },
    ],
    grantTypes: ["authorization_code", "refresh_token"],
    accessTokenValidity: "minutes=10",
    includeClaimsInIdToken: true,
    issuerMode: "per_provider",
  });
  assert.deepEqual(provider.options.additionalSecretOutputs, ["clientSecret"]);
  const application = run.find(TYPES.application, "minio-application");
  assert.deepEqual(application.inputs, {
    name: "MinIO (dev)",
    slug: "minio-dev",
    protocolProvider: 7,
    metaLaunchUrl: "http://127.0.0.1:9001",
  });
  // A slug change renames the application in place: nothing may make it a replacement.
  assert.deepEqual([application.options.replaceOnChanges, application.options.deleteBeforeReplace], [[], undefined]);

  const command = run.find(TYPES.command, "minio-identity-openid");
  const env = command.inputs.environment as Record<string, string>;
  assert.equal(
    env.MINIO_OPENID_CONFIG_URL,
    "http://127.0.0.1:9100/application/o/minio-dev/.well-known/openid-configuration",
  );
  assert.equal(env.MINIO_OPENID_CLIENT_ID, "minio-dev");
  assert.equal(env.MINIO_OPENID_CLIENT_SECRET, GENERATED_SECRET, "MinIO gets the secret authentik generated");
  assert.ok(isSecretInput(command, "environment.MINIO_OPENID_CLIENT_SECRET"));
  assert.equal(env.MINIO_OPENID_SCOPES, "openid,profile,email,minio");
  assert.equal(env.MINIO_OPENID_DISPLAY_NAME, "Login with authentik (dev)");
  // MinIO fetches the discovery document when the config is set: the application must exist first.
  assert.deepEqual(command.dependencies.map((urn) => run.byUrn(urn).name).sort(), [
    "minio-application",
    "minio-provider",
  ]);

  assert.deepEqual(run.outputs, {
    issuer: { value: "http://127.0.0.1:9100/application/o/minio-dev/", secret: false },
    discoveryUrl: {
      value: "http://127.0.0.1:9100/application/o/minio-dev/.well-known/openid-configuration",
      secret: false,
    },
    clientId: { value: "minio-dev", secret: false },
    applicationSlug: { value: "minio-dev", secret: false },
    providerId: { value: "7", secret: false },
    minioTarget: { value: "identity_openid", secret: false },
    loginProfile: {
      value: {
        version: 1,
        name: "minio-dev",
        issuer: "http://127.0.0.1:9100/application/o/minio-dev-cli/",
        clientId: "minio-dev-cli",
        minioEndpoint: "http://127.0.0.1:9000",
        scopes: ["openid", "profile", "email", "minio", "minio-audience", "offline_access"],
        claimName: "policy",
      },
      secret: false,
    },
  });
});

test("a new applicationSlug renames the same application and moves MinIO's discovery URL, after the rename", async () => {
  const before = await runProgram(programExpectations(stackConfig("Pulumi.dev.yaml")));
  const after = await runProgram(programExpectations(stackConfig("Pulumi.dev.yaml", { applicationSlug: "sso-dev" })));
  const [old, renamed] = [before, after].map((run) => run.find(TYPES.application, "minio-application"));
  assert.equal(renamed.urn, old.urn);
  assert.deepEqual(renamed.inputs, { ...old.inputs, slug: "sso-dev" });
  assert.deepEqual(renamed.options, old.options);
  const command = after.find(TYPES.command, "minio-identity-openid");
  const env = command.inputs.environment as Record<string, string>;
  assert.equal(
    env.MINIO_OPENID_CONFIG_URL,
    "http://127.0.0.1:9100/application/o/sso-dev/.well-known/openid-configuration",
  );
  assert.ok(command.dependencies.includes(renamed.urn), "MinIO is updated only once the application is renamed");
  assert.equal(after.outputs.applicationSlug.value, "sso-dev");
});

test("the lookups ask authentik for ids only: flows by slug, the key pair without its key or certificate, groups without members", async () => {
  const run = await runProgram(programExpectations(stackConfig("Pulumi.dev.yaml")));
  assert.deepEqual(
    run.invokes
      .map((i) => [i.token, i.inputs])
      .sort(
        (a, b) => String(a[0]).localeCompare(String(b[0])) || JSON.stringify(a[1]).localeCompare(JSON.stringify(b[1])),
      ),
    [
      [INVOKES.keyPair, { name: "authentik Self-signed Certificate", fetchKey: false, fetchCertificate: false }],
      [INVOKES.flow, { slug: "default-provider-authorization-implicit-consent" }],
      [INVOKES.flow, { slug: "default-provider-invalidation-flow" }],
      [INVOKES.group, { includeUsers: false, name: "minio-admins" }],
      [INVOKES.group, { includeUsers: false, name: "minio-users" }],
      // The login client's refresh tokens: authentik's managed offline_access mapping.
      [INVOKES.scopeMappings, { managedLists: ["goauthentik.io/providers/oauth2/scope-offline_access"] }],
      [
        INVOKES.scopeMappings,
        {
          managedLists: [
            "goauthentik.io/providers/oauth2/scope-openid",
            "goauthentik.io/providers/oauth2/scope-email",
            "goauthentik.io/providers/oauth2/scope-profile",
          ],
        },
      ],
    ],
  );
});

test("a fixed policy gives every user the same claim", async () => {
  const config = stackConfig("Pulumi.dev.yaml", { groupPolicies: "", fallbackPolicy: "", defaultPolicy: "readonly" });
  const run = await runProgram(programExpectations(config));
  const mapping = run.find(TYPES.scopeMapping, "minio-policy-scope-mapping");
  assert.equal(mapping.inputs.expression, generatePolicyExpression({ kind: "fixed", policies: "readonly" }));
  assert.match(String(mapping.inputs.expression), /\nreturn \{"policy": "readonly"\}$/);
  assert.deepEqual(
    run.invokes.filter((i) => i.token === INVOKES.group),
    [],
    "no group is looked up",
  );
});

test("a stack without custom policies declares no MinIO provider", async () => {
  const run = await runProgram(programExpectations(stackConfig("Pulumi.dev.yaml")));
  assert.deepEqual(run.ofType(TYPES.minioProvider), []);
  assert.deepEqual(run.ofType(TYPES.iamPolicy), []);
});

test("the prod stack's custom policy becomes one MinIO policy, created before identity_openid", async () => {
  const run = await runProgram(programExpectations(stackConfig("Pulumi.prod.yaml")));
  const policies = run.ofType(TYPES.iamPolicy);
  assert.deepEqual(
    policies.map((p) => [p.name, p.inputs.name]),
    [["minio-analytics-read", "analytics-read"]],
  );
  // Through a provider for the stack's own endpoint and key, not the default one (which reads minio:* config).
  const [minio] = run.ofType(TYPES.minioProvider);
  assert.deepEqual(minio.inputs, {
    minioServer: "minio.example.com:443",
    minioSsl: "true", // provider config reaches the engine as text
    minioUser: STACK_SECRETS.accessKey,
    minioPassword: STACK_SECRETS.secretKey,
  });
  assert.deepEqual(minio.secretPaths.sort(), ["minioPassword", "minioUser"]);
  for (const policy of policies) assert.equal(policy.options.provider, `${minio.urn}::${minio.name}-id`);
  assert.deepEqual(JSON.parse(String(policies[0].inputs.policy)).Statement[0].Resource, [
    "arn:aws:s3:::analytics",
    "arn:aws:s3:::analytics/*",
  ]);
  // A component dependency stands for its children: the command waits for the policy and the application.
  const command = run.find(TYPES.command, "minio-identity-openid");
  const names = command.dependencies.map((urn) => run.byUrn(urn).name).sort();
  assert.deepEqual(names, [
    "minio-analytics-read",
    "minio-analytics-read-guard",
    "minio-application",
    "minio-provider",
  ]);
  // The policy's guard comes before the policy and before anything in authentik: a refusal changes nothing.
  const guard = run.find(TYPES.command, "minio-analytics-read-guard");
  const mapping = run.find(TYPES.scopeMapping, "minio-policy-scope-mapping");
  assert.ok(policies[0].dependencies.includes(guard.urn));
  assert.ok(mapping.dependencies.includes(guard.urn));
  assert.deepEqual(guard.dependencies, []);
});

test("a client secret set in the stack reaches authentik and MinIO only as a secret", async () => {
  const config = stackConfig("Pulumi.dev.yaml", { clientSecret: "chosen-secret-51c0b2e7-9d4a6f1e03b8c2d5" });
  const run = await runProgram(programExpectations(config));
  const provider = run.find(TYPES.provider, "minio-provider");
  assert.equal(provider.inputs.clientSecret, "chosen-secret-51c0b2e7-9d4a6f1e03b8c2d5");
  assert.ok(isSecretInput(provider, "clientSecret"));
  const env = run.find(TYPES.command, "minio-identity-openid").inputs.environment as Record<string, string>;
  assert.equal(env.MINIO_OPENID_CLIENT_SECRET, "chosen-secret-51c0b2e7-9d4a6f1e03b8c2d5");
  for (const value of Object.values(run.outputs)) {
    assert.doesNotMatch(JSON.stringify(value), /chosen-secret|generated-client-secret/);
  }
  for (const res of run.resources) {
    for (const secret of [STACK_SECRETS.accessKey, STACK_SECRETS.secretKey, STACK_SECRETS.token]) {
      assert.ok(!JSON.stringify(res.inputs).includes(secret) || res.secretPaths.length > 0, `${res.name} leaks`);
    }
  }
});

test("a client secret stored in plain text in the stack file is refused at preview", async () => {
  const expect = programExpectations(
    stackConfig("Pulumi.dev.yaml", { clientSecret: "plain-secret-3e9a1c7b5d2f4a6e8c0b1d3f" }),
  );
  expect.secretConfigKeys = expect.secretConfigKeys?.filter((k) => k !== "project:clientSecret");
  await assert.rejects(runProgram(expect), (err: Error) => {
    assert.equal(
      err.message,
      "Invalid stack configuration (1 problem):\n  - clientSecret: is stored in plain text in the stack file; a secret " +
        "must be stored encrypted. Fix: pulumi config set --secret clientSecret",
    );
    assert.doesNotMatch(err.message, /plain-secret-3e9a/);
    return true;
  });
});

test("bad config fails once with every problem and the fix, before any resource is declared", async () => {
  const config = stackConfig("Pulumi.dev.yaml", { applicationSlug: "Bad Slug", minioRedirectUri: "" });
  await assert.rejects(runProgram(programExpectations(config)), (err: Error) => {
    assert.ok(pulumi.RunError.isInstance(err), "a RunError: the engine prints its message without a stack trace");
    assert.match(err.message, /^Invalid stack configuration \(2 problems\):\n {2}- applicationSlug: /);
    assert.match(err.message, /\n {2}- minioRedirectUri: .* Fix: pulumi config set minioRedirectUri /);
    return true;
  });
});

test("a lookup failing without a reason (as the engine passes it on) still names the lookup and the fix", async () => {
  const expect = programExpectations(stackConfig("Pulumi.dev.yaml"));
  expect.invokes = {
    ...expect.invokes,
    [INVOKES.flow]: () => {
      throw Object.assign(new Error(""), { details: "" });
    },
  };
  await assert.rejects(runProgram(expect), (err: Error) => {
    assert.ok(pulumi.RunError.isInstance(err));
    assert.equal(
      err.message,
      'looking up the flow "default-provider-authorization-implicit-consent" (config key authorizationFlow) in ' +
        "authentik at http://127.0.0.1:9100 failed: no reason was passed on (it may not exist, or authentik may be " +
        "unreachable or failing). Fix: pulumi config set authorizationFlow <slug of an existing flow>, or check " +
        "that authentik answers at http://127.0.0.1:9100 with the stack's authentik:token (or AUTHENTIK_TOKEN)",
    );
    return true;
  });
});

test("a failing lookup names the lookup, the config key and authentik's URL", async () => {
  const expect = programExpectations(stackConfig("Pulumi.dev.yaml", { signingKey: "missing pair" }));
  expect.invokes = {
    ...expect.invokes,
    [INVOKES.keyPair]: () => {
      const message = "No matching certificate-key pairs found";
      throw Object.assign(new Error(message), { details: message });
    },
  };
  const run = runProgram(expect);
  await assert.rejects(run, (err: Error) => {
    assert.ok(pulumi.RunError.isInstance(err));
    assert.equal(
      err.message,
      'looking up the certificate-key pair "missing pair" (config key signingKey) in authentik at ' +
        "http://127.0.0.1:9100 failed: No matching certificate-key pairs found. Fix: pulumi config set signingKey " +
        '"<name of a certificate-key pair>", or check that authentik answers at http://127.0.0.1:9100 with the ' +
        "stack's authentik:token (or AUTHENTIK_TOKEN)",
    );
    return true;
  });
});

test("the MinIO timeouts reach the admin CLI's environment: the defaults, or the values set", async () => {
  const timeouts = async (overrides: Record<string, string>) => {
    const run = await runProgram(programExpectations(stackConfig("Pulumi.dev.yaml", overrides)));
    const env = run.find(TYPES.command, "minio-identity-openid").inputs.environment as Record<string, string>;
    return [env.MINIO_RESTART_TIMEOUT_SECONDS, env.MINIO_REQUEST_TIMEOUT_SECONDS];
  };
  assert.deepEqual(await timeouts({}), ["60", "30"]);
  assert.deepEqual(await timeouts({ minioRestartTimeout: "300", minioRequestTimeout: "45" }), ["300", "45"]);
});

test("an unset launchUrl is sent as authentik's own (the redirect URI's origin), so an earlier URL is replaced", async () => {
  const launch = async (launchUrl: string) =>
    (await runProgram(programExpectations(stackConfig("Pulumi.dev.yaml", { launchUrl })))).find(
      TYPES.application,
      "minio-application",
    ).inputs.metaLaunchUrl;
  assert.equal(await launch("http://127.0.0.1:9001/browser"), "http://127.0.0.1:9001/browser");
  assert.equal(await launch(""), "http://127.0.0.1:9001");
});

test("a lookup answered without ids (a URL that is not authentik's) ends in one line, not a TypeError", async () => {
  const expect = programExpectations(stackConfig("Pulumi.dev.yaml"));
  expect.invokes = { ...expect.invokes, [INVOKES.scopeMappings]: () => ({ id: "-1" }) };
  await assert.rejects(runProgram(expect), (err: Error) => {
    assert.ok(pulumi.RunError.isInstance(err));
    assert.match(err.message, /^authentik at http:\/\/127\.0\.0\.1:9100 has 0 of the 3 managed scope mappings /);
    return true;
  });
});
