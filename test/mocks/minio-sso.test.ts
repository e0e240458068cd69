/** MinioSso used as a library: explicit providers reach every child and lookup, and two instances live side by side. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as authentik from "@pulumi/authentik";
import * as command from "@pulumi/command";
import * as minio from "@pulumi/minio";
import { MinioSso, type MinioSsoArgs } from "../../components/minio-sso";
import { runWithMocks, type Expectations } from "./harness";
import { GENERATED_SECRET, TYPES, authentikLookups } from "./program-fixtures";
import { applyLine } from "./openid-fixtures";
import { makeTestCa } from "../support/test-ca";

const PROVIDER_TYPES = {
  authentik: "pulumi:providers:authentik",
  minio: "pulumi:providers:minio",
  command: "pulumi:providers:command",
};

function args(slug: string, endpoint: string): MinioSsoArgs {
  return {
    authentikUrl: "https://auth.example.com",
    application: { name: `MinIO ${slug}`, slug },
    provider: { name: `MinIO ${slug}` },
    mapping: {
      groups: [
        { group: "minio-admins", policies: ["consoleAdmin"] },
        { group: "team", policies: ["team-rw"] },
      ],
    },
    minio: {
      endpoint,
      accessKey: pulumi.secret("admin-access"),
      secretKey: pulumi.secret("admin-secret-key"),
      redirectUri: `https://console.${slug}.example.com/oauth_callback`,
      customPolicies: {
        "team-rw": {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["s3:*"], Resource: ["arn:aws:s3:::team/*"] }],
        },
      },
    },
  };
}

function expectations(): Expectations {
  const echo = null;
  return {
    resources: {
      ...Object.fromEntries(Object.values(PROVIDER_TYPES).map((t) => [t, echo])),
      [TYPES.sso]: echo,
      [TYPES.scopeMappingComponent]: echo,
      [TYPES.providerComponent]: echo,
      [TYPES.applicationComponent]: echo,
      [TYPES.policiesComponent]: echo,
      [TYPES.openIdComponent]: echo,
      [TYPES.loginComponent]: echo,
      [TYPES.scopeMapping]: echo,
      [TYPES.provider]: (res) => ({ clientSecret: res.inputs.clientSecret ?? GENERATED_SECRET }),
      [TYPES.application]: echo,
      [TYPES.iamPolicy]: echo,
      [TYPES.command]: () => ({ stdout: applyLine("identity_openid"), stderr: "" }),
    },
    ids: { [TYPES.provider]: () => "7" },
    invokes: authentikLookups(),
  };
}

test("explicit providers reach every resource and every lookup; no default provider is used", async () => {
  const run = await runWithMocks(expectations(), () => {
    const providers = [
      new authentik.Provider("second-authentik", { url: "https://auth.example.com", token: pulumi.secret("t") }),
      new minio.Provider("deployment", { minioServer: "minio.example.com:443", minioSsl: true }),
      new command.Provider("commands", {}),
    ];
    const sso = new MinioSso("minio", args("minio", "https://minio.example.com"), { providers });
    return { clientId: sso.clientId };
  });
  const ref = (type: string) => {
    const [p] = run.ofType(type);
    return `${p.urn}::${p.name}-id`;
  };
  const expected: Record<string, string> = {
    [TYPES.scopeMapping]: ref(PROVIDER_TYPES.authentik),
    [TYPES.provider]: ref(PROVIDER_TYPES.authentik),
    [TYPES.application]: ref(PROVIDER_TYPES.authentik),
    [TYPES.iamPolicy]: ref(PROVIDER_TYPES.minio),
    [TYPES.command]: ref(PROVIDER_TYPES.command),
  };
  const custom = run.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"));
  // The login client adds one more mapping, provider and application, through the same authentik provider; and two
  // commands: identity_openid's and the custom policy's guard.
  const twice = [TYPES.scopeMapping, TYPES.provider, TYPES.application, TYPES.command];
  assert.deepEqual(custom.map((r) => r.type).sort(), [...Object.keys(expected), ...twice].sort());
  for (const r of custom) assert.equal(r.options.provider, expected[r.type], `${r.type} ${r.name}`);
  // The given MinIO provider is used as it is: the component makes no provider of its own.
  assert.equal(run.ofType(PROVIDER_TYPES.minio).length, 1);
  assert.equal(
    run.invokes.length,
    7,
    "two flows, the key pair, the managed mappings, the two groups and offline_access (the login client)",
  );
  for (const i of run.invokes) assert.equal(i.provider, ref(PROVIDER_TYPES.authentik), i.token);
  assert.deepEqual(run.outputs.clientId, { value: "minio", secret: false });
});

test("two deployments in one program: two applications, two MinIO targets, no name collisions", async () => {
  const run = await runWithMocks(expectations(), () => {
    const a = new MinioSso("minio-a", args("minio-a", "https://a.example.com:9000"));
    const b = new MinioSso("minio-b", args("minio-b", "http://10.0.0.2:9000"));
    return { a: a.issuer, b: b.issuer };
  });
  const urns = run.resources.map((r) => r.urn);
  assert.equal(new Set(urns).size, urns.length, "every URN is distinct");
  assert.deepEqual(
    run.ofType(TYPES.application).map((r) => r.inputs.slug),
    ["minio-a", "minio-b", "minio-a-cli", "minio-b-cli"],
  );
  assert.deepEqual(
    run
      .ofType(TYPES.command)
      .map((r) => [r.name, (r.inputs.environment as Record<string, string>).MINIO_ENDPOINT])
      .sort(),
    [
      ["minio-a-identity-openid", "https://a.example.com:9000"],
      ["minio-a-team-rw-guard", "https://a.example.com:9000"],
      ["minio-b-identity-openid", "http://10.0.0.2:9000"],
      ["minio-b-team-rw-guard", "http://10.0.0.2:9000"],
    ],
  );
  // Each deployment's policies go through a provider for its own endpoint.
  assert.deepEqual(
    run.ofType(PROVIDER_TYPES.minio).map((r) => [r.name, r.inputs.minioServer, r.inputs.minioSsl]),
    [
      ["minio-a-minio", "a.example.com:9000", "true"],
      ["minio-b-minio", "10.0.0.2:9000", "false"],
    ],
  );
  assert.deepEqual(run.outputs, {
    a: { value: "https://auth.example.com/application/o/minio-a/", secret: false },
    b: { value: "https://auth.example.com/application/o/minio-b/", secret: false },
  });
});

test("caBundle: the admin CLI gets its certificates in MINIO_CA_BUNDLE, the MinIO provider the file", async () => {
  const ca = makeTestCa();
  try {
    const run = await runWithMocks(expectations(), () => {
      const sso = new MinioSso("minio", { ...args("minio", "https://minio.example.com"), caBundle: ca.caFile });
      const plain = new MinioSso("other", args("other", "https://other.example.com"));
      return { a: sso.issuer, b: plain.issuer };
    });
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    const commands = run.ofType(TYPES.command).sort(byName);
    assert.deepEqual(
      commands.map((r) => [r.name, (r.inputs.environment as Record<string, string>).MINIO_CA_BUNDLE]),
      [
        ["minio-identity-openid", ca.caPem],
        ["minio-team-rw-guard", ca.caPem],
        ["other-identity-openid", undefined],
        ["other-team-rw-guard", undefined],
      ],
    );
    assert.deepEqual(
      run
        .ofType(PROVIDER_TYPES.minio)
        .sort(byName)
        .map((r) => [r.name, r.inputs.minioCacertFile]),
      [
        ["minio-minio", ca.caFile],
        ["other-minio", undefined],
      ],
    );
  } finally {
    ca.remove();
  }
});

test("caBundle naming a missing file: the component refuses it, naming the arg and the file", async () => {
  await assert.rejects(
    runWithMocks(expectations(), () => {
      new MinioSso("minio", { ...args("minio", "https://minio.example.com"), caBundle: "no/such/ca.pem" });
      return {};
    }),
    /MinioSso: caBundle names the file "no\/such\/ca\.pem", which does not exist\./,
  );
});
