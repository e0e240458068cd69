import { test } from "node:test";
import assert from "node:assert/strict";
import * as minio from "@pulumi/minio";
import fc from "fast-check";
import { MinioPolicies, policyJson, stableJson } from "../../components/minio-policies";
import { Expectations, runWithMocks } from "./harness";

const POLICIES_TYPE = "minio-authentik-sso:index:MinioPolicies";
const POLICY_TYPE = "minio:index/iamPolicy:IamPolicy";
const BUCKET_TYPE = "minio:index/s3Bucket:S3Bucket";
const EXPECT: Expectations = {
  resources: {
    [POLICIES_TYPE]: null,
    [POLICY_TYPE]: null,
    [BUCKET_TYPE]: (bucket) => ({ arn: `arn:aws:s3:::${bucket.inputs.bucket}` }),
  },
};

const READ_DATA = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::data/*"] }],
};

test("one IamPolicy per custom policy, named <component>-<policy>, in name order, with stable JSON", async () => {
  const run = await runWithMocks(EXPECT, () => {
    const p = new MinioPolicies("custom", {
      policies: {
        "sso-writers": {
          Statement: [{ Resource: ["arn:aws:s3:::data/*"], Action: ["s3:*"], Effect: "Allow" }],
          Version: "2012-10-17",
        },
        "sso-readers": READ_DATA,
      },
    });
    return { names: p.policyNames };
  });
  const component = run.find(POLICIES_TYPE, "custom");
  const children = run.ofType(POLICY_TYPE);
  assert.deepEqual(
    children.map((c) => c.name),
    ["custom-sso-readers", "custom-sso-writers"],
  );
  assert.deepEqual(children[0].inputs, {
    name: "sso-readers",
    policy:
      '{"Statement":[{"Action":["s3:GetObject","s3:ListBucket"],"Effect":"Allow","Resource":["arn:aws:s3:::data/*"]}],"Version":"2012-10-17"}',
  });
  assert.deepEqual(children[1].inputs, {
    name: "sso-writers",
    policy:
      '{"Statement":[{"Action":["s3:*"],"Effect":"Allow","Resource":["arn:aws:s3:::data/*"]}],"Version":"2012-10-17"}',
  });
  for (const child of children) {
    assert.equal(child.parent, component.urn);
    assert.equal(child.options.deleteBeforeReplace, true);
    assert.deepEqual(child.secretPaths, []);
  }
  assert.deepEqual(run.outputs.names, { value: ["sso-readers", "sso-writers"], secret: false });
});

test("a document may hold Outputs: the policy waits for them and depends on their resource", async () => {
  const run = await runWithMocks(EXPECT, () => {
    const bucket = new minio.S3Bucket("data", { bucket: "team-data" });
    new MinioPolicies("custom", {
      policies: {
        reader: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: [bucket.arn] }],
        },
      },
    });
    return {};
  });
  const bucket = run.find(BUCKET_TYPE, "data");
  const policy = run.find(POLICY_TYPE, "custom-reader");
  assert.equal(
    policy.inputs.policy,
    '{"Statement":[{"Action":["s3:GetObject"],"Effect":"Allow","Resource":["arn:aws:s3:::team-data"]}],"Version":"2012-10-17"}',
  );
  assert.deepEqual(policy.propertyDependencies.policy, [bucket.urn]);
  assert.deepEqual(policy.dependencies, [bucket.urn]);
});

test("dependsOn given to the component reaches every policy", async () => {
  const run = await runWithMocks(EXPECT, () => {
    const bucket = new minio.S3Bucket("data", { bucket: "team-data" });
    new MinioPolicies("custom", { policies: { a: READ_DATA, b: READ_DATA } }, { dependsOn: bucket });
    return {};
  });
  const bucket = run.find(BUCKET_TYPE, "data");
  for (const name of ["custom-a", "custom-b"]) {
    assert.deepEqual(run.find(POLICY_TYPE, name).dependencies, [bucket.urn]);
  }
});

test("no policies: the component alone, with an empty name list", async () => {
  const run = await runWithMocks(EXPECT, () => ({ names: new MinioPolicies("none", { policies: {} }).policyNames }));
  assert.deepEqual(
    run.resources.map((r) => r.type),
    [POLICIES_TYPE],
  );
  assert.deepEqual(run.outputs.names, { value: [], secret: false });
});

test("a policy name MinIO rejects fails the program", async () => {
  await assert.rejects(
    runWithMocks(EXPECT, () => {
      new MinioPolicies("custom", { policies: { "read,write": READ_DATA } });
      return {};
    }),
    {
      message:
        'MinioPolicies: policy name "read,write" must be 1 to 128 letters, digits, "_", "-", ".", "+", "=" or "@"',
    },
  );
});

test("stableJson sorts keys at every depth and keeps array order", () => {
  assert.equal(
    stableJson({ b: [3, { z: 1, a: [null, true] }], a: "x", c: { y: 1, x: 2 } }),
    '{"a":"x","b":[3,{"a":[null,true],"z":1}],"c":{"x":2,"y":1}}',
  );
  assert.equal(stableJson({ keep: 1, drop: undefined }), '{"keep":1}');
  assert.equal(stableJson({ ["__proto__"]: { a: 1 } }), '{"__proto__":{"a":1}}');
});

test("stableJson rejects what JSON cannot hold, naming the path", () => {
  assert.throws(() => stableJson({ a: [1, Number.NaN] }), {
    message: "policy document: $.a[1] is not a finite number",
  });
  assert.throws(() => stableJson({ when: new Date(0) }), {
    message: "policy document: $.when has a value JSON cannot hold (object)",
  });
  assert.throws(() => stableJson({ f: () => 1 }), {
    message: "policy document: $.f has a value JSON cannot hold (function)",
  });
});

test("stableJson is independent of key order and round-trips JSON values", () => {
  const reversed = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(reversed);
    if (v !== null && typeof v === "object") {
      const out: Record<string, unknown> = Object.create(null);
      for (const k of Object.keys(v).reverse()) out[k] = reversed((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      assert.equal(stableJson(reversed(value)), stableJson(value));
      assert.deepEqual(JSON.parse(stableJson(value)), JSON.parse(JSON.stringify(value)));
    }),
  );
});

test("policyJson serialises a JSON object and refuses anything else", () => {
  assert.equal(policyJson("p", { Version: "2012-10-17", Statement: [] }), '{"Statement":[],"Version":"2012-10-17"}');
  assert.throws(() => policyJson("p", [READ_DATA]), {
    message: 'MinioPolicies: the document of policy "p" must be a JSON object',
  });
});

test("with a guard: one check-policy command per policy, run once before the policy is first written", async () => {
  const expect: Expectations = { resources: { ...EXPECT.resources, "command:local:Command": null } };
  const run = await runWithMocks(expect, () => {
    new MinioPolicies("custom", {
      policies: { "sso-readers": READ_DATA },
      guard: { endpoint: "https://minio.example.com/", accessKey: "guard-ak", secretKey: "guard-sk-7c1e" },
    });
    return {};
  });
  const guard = run.find("command:local:Command", "custom-sso-readers-guard");
  const policy = run.find(POLICY_TYPE, "custom-sso-readers");
  assert.deepEqual(guard.inputs, {
    create: "node minio-admin/run-cli.js check-policy",
    environment: {
      MINIO_ENDPOINT: "https://minio.example.com",
      MINIO_ACCESS_KEY: "guard-ak",
      MINIO_SECRET_KEY: "guard-sk-7c1e",
      MINIO_REGION: "us-east-1",
      MINIO_OPENID_CONFIG_NAME: "",
      MINIO_RESTART_TIMEOUT_SECONDS: "60",
      MINIO_REQUEST_TIMEOUT_SECONDS: "30",
      MINIO_POLICY_NAME: "sso-readers",
      MINIO_POLICY_DOCUMENT: policy.inputs.policy,
    },
    triggers: ["https://minio.example.com/", "sso-readers"],
    logging: "none",
    addPreviousOutputInEnv: false,
  });
  assert.deepEqual(guard.secretPaths.sort(), ["environment.MINIO_ACCESS_KEY", "environment.MINIO_SECRET_KEY"]);
  assert.deepEqual(guard.options.ignoreChanges, ["environment"]);
  assert.deepEqual(guard.options.additionalSecretOutputs, ["stdout", "stderr"]);
  assert.deepEqual(policy.dependencies, [guard.urn]);
});
