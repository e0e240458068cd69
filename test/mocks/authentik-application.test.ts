import { test } from "node:test";
import assert from "node:assert/strict";
import {
  AuthentikApplication,
  providerNumber,
  type AuthentikApplicationArgs,
} from "../../components/authentik-application";
import { runWithMocks, type Expectations } from "./harness";

const COMPONENT = "minio-authentik-sso:index:AuthentikApplication";
const APPLICATION = "authentik:index/application:Application";
const EXPECT: Expectations = { resources: { [COMPONENT]: null, [APPLICATION]: null } };

function declare(args: Partial<AuthentikApplicationArgs> = {}) {
  return runWithMocks(EXPECT, () => {
    const app = new AuthentikApplication("minio", {
      name: "MinIO",
      slug: "minio",
      launchUrl: "https://console.minio.test",
      providerId: "7",
      ...args,
    });
    return { slug: app.slug };
  });
}

test("one authentik Application child with exactly these inputs and no lifecycle option", async () => {
  const run = await declare();
  assert.deepEqual(
    run.resources.map((r) => `${r.type} ${r.name}`),
    [`${COMPONENT} minio`, `${APPLICATION} minio-application`],
  );
  const application = run.find(APPLICATION, "minio-application");
  assert.equal(application.parent, run.find(COMPONENT, "minio").urn);
  assert.deepEqual(application.inputs, {
    name: "MinIO",
    slug: "minio",
    protocolProvider: 7,
    metaLaunchUrl: "https://console.minio.test",
  });
  // A replacement would delete the application in authentik, and the policy bindings and entitlements with it.
  assert.deepEqual(application.options, {
    deleteBeforeReplace: undefined,
    additionalSecretOutputs: [],
    ignoreChanges: [],
    replaceOnChanges: [],
    protect: undefined,
    retainOnDelete: undefined,
    provider: "",
  });
  assert.deepEqual(run.outputs, { slug: { value: "minio", secret: false } });
});

test("a new slug is the same resource with only its slug input changed: an update in place", async () => {
  const before = await declare();
  const after = await declare({ slug: "minio-renamed" });
  const [old, renamed] = [before, after].map((run) => run.find(APPLICATION, "minio-application"));
  assert.equal(renamed.urn, old.urn);
  assert.deepEqual(renamed.inputs, { ...old.inputs, slug: "minio-renamed" });
  assert.deepEqual(renamed.options, old.options);
  assert.deepEqual(after.outputs, { slug: { value: "minio-renamed", secret: false } });
});

test("the launch URL is always sent; the provider id must be a positive integer", async () => {
  const run = await declare({ launchUrl: "https://console.example.com/browser" });
  assert.equal(run.find(APPLICATION, "minio-application").inputs.metaLaunchUrl, "https://console.example.com/browser");
  assert.equal(providerNumber("42"), 42);
  for (const bad of ["0", "-1", "07", "1.5", "", "9007199254740993"]) {
    assert.throws(
      () => providerNumber(bad),
      { message: `AuthentikApplication: the provider id ${JSON.stringify(bad)} is not a positive integer` },
      bad,
    );
  }
});
