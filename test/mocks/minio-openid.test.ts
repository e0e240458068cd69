import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { MinioOpenIdConfig } from "../../components/minio-openid";
import { openIdEnvironment } from "../../minio-admin/settings";
import { repoRoot } from "../support/paths";
import { runWithMocks } from "./harness";
import {
  COMMAND_TYPE,
  OPENID_TYPE,
  SECRETS,
  applyLine,
  baseArgs,
  openIdExpectations,
  plainStrings,
} from "./openid-fixtures";

// The component hands minio-admin's openIdEnvironment the given values (the scopes joined); what that builds is
// tested at its owner.
const EXPECTED_ENV = openIdEnvironment({ ...baseArgs(), configName: "sso", scopes: baseArgs().scopes.join(",") });

test("one local.Command child runs the admin CLI: apply on create and update, remove on delete", async () => {
  const run = await runWithMocks(openIdExpectations(applyLine("identity_openid:sso")), () => {
    new MinioOpenIdConfig("sso", { ...baseArgs(), configName: "sso" });
    return {};
  });
  assert.deepEqual(
    run.resources.map((r) => `${r.type} ${r.name}`),
    [`${OPENID_TYPE} sso`, `${COMMAND_TYPE} sso-identity-openid`],
  );
  const component = run.find(OPENID_TYPE, "sso");
  assert.deepEqual(component.inputs, {}, "the component's own state holds nothing");
  const cmd = run.find(COMMAND_TYPE, "sso-identity-openid");
  assert.equal(cmd.parent, component.urn);
  assert.deepEqual(cmd.inputs, {
    create: "node minio-admin/run-cli.js apply",
    update: "node minio-admin/run-cli.js apply",
    delete: "node minio-admin/run-cli.js remove",
    environment: EXPECTED_ENV,
    triggers: ["http://127.0.0.1:9000", "identity_openid:sso"],
    logging: "none",
    addPreviousOutputInEnv: false,
  });
});

test("run from a consumer's project (another directory), the command names the launcher by its path from there", async () => {
  // A program in another language runs the component in its own directory, where the command runs too.
  const consumer = mkdtempSync(path.join(tmpdir(), "minio-sso-consumer-"));
  const before = process.cwd();
  try {
    process.chdir(consumer);
    const run = await runWithMocks(openIdExpectations(applyLine("identity_openid")), () => {
      new MinioOpenIdConfig("sso", baseArgs());
      return {};
    });
    const inputs = run.find(COMMAND_TYPE, "sso-identity-openid").inputs;
    const [, launcher] = /^node (\S+) apply$/.exec(String(inputs.create)) ?? [];
    assert.ok(launcher !== undefined && !path.isAbsolute(launcher), String(inputs.create));
    assert.equal(path.resolve(consumer, launcher), path.join(repoRoot, "minio-admin", "run-cli.js"));
    assert.deepEqual([inputs.update, inputs.delete], [`node ${launcher} apply`, `node ${launcher} remove`]);
  } finally {
    process.chdir(before);
    rmSync(consumer, { recursive: true, force: true });
  }
});

test("exactly the MinIO keys and the client secret are secret, whether passed plain or as secrets", async () => {
  for (const wrap of [(v: string) => v, (v: string) => pulumi.secret(v)]) {
    const run = await runWithMocks(openIdExpectations(applyLine("identity_openid")), () => {
      const args = baseArgs();
      new MinioOpenIdConfig("sso", {
        ...args,
        accessKey: wrap(SECRETS.accessKey),
        secretKey: wrap(SECRETS.secretKey),
        clientSecret: wrap(SECRETS.clientSecret),
      });
      return {};
    });
    const cmd = run.find(COMMAND_TYPE, "sso-identity-openid");
    assert.deepEqual([...cmd.secretPaths].sort(), [
      "environment.MINIO_ACCESS_KEY",
      "environment.MINIO_OPENID_CLIENT_SECRET",
      "environment.MINIO_SECRET_KEY",
    ]);
    for (const res of run.resources) {
      const leaked = plainStrings(res).filter((s) => Object.values(SECRETS).some((secret) => s.includes(secret)));
      assert.deepEqual(leaked, [], `${res.name} carries a secret in a non-secret input`);
    }
  }
});

test("stdout and stderr are additional secret outputs, logging is off, and the replace order is delete first", async () => {
  const run = await runWithMocks(openIdExpectations(applyLine("identity_openid")), () => {
    new MinioOpenIdConfig("sso", baseArgs());
    return {};
  });
  const cmd = run.find(COMMAND_TYPE, "sso-identity-openid");
  assert.deepEqual(cmd.options.additionalSecretOutputs, ["stdout", "stderr"]);
  assert.equal(cmd.inputs.logging, "none");
  assert.equal(cmd.options.deleteBeforeReplace, true);
  // Only the trigger list (server and target) replaces; every other change is an in-place update.
  assert.deepEqual(cmd.options.replaceOnChanges, ["triggers[*]"]);
  assert.deepEqual(cmd.inputs.triggers, ["http://127.0.0.1:9000", "identity_openid"]);
  assert.deepEqual(cmd.options.ignoreChanges, []);
});

test('the default target: configName unset or "_" gives identity_openid, named as the CLI names it', async () => {
  for (const configName of [undefined, "_"]) {
    const run = await runWithMocks(openIdExpectations(applyLine("identity_openid")), () => {
      const c = new MinioOpenIdConfig("sso", { ...baseArgs(), configName });
      return { target: c.target };
    });
    assert.deepEqual(run.outputs.target, { value: "identity_openid", secret: false });
    const cmd = run.find(COMMAND_TYPE, "sso-identity-openid");
    assert.equal((cmd.inputs.environment as Record<string, string>).MINIO_OPENID_CONFIG_NAME, configName ?? "");
    assert.deepEqual(cmd.inputs.triggers, ["http://127.0.0.1:9000", "identity_openid"]);
  }
});

test("dependsOn given to the component reaches the command", async () => {
  const run = await runWithMocks(
    openIdExpectations(applyLine("identity_openid"), { "minio:index/s3Bucket:S3Bucket": null }),
    async () => {
      const minio = await import("@pulumi/minio");
      const bucket = new minio.S3Bucket("data", { bucket: "data" });
      new MinioOpenIdConfig("sso", baseArgs(), { dependsOn: [bucket] });
      return {};
    },
  );
  const bucket = run.find("minio:index/s3Bucket:S3Bucket", "data");
  assert.match(bucket.urn, /::data$/);
  assert.deepEqual(run.find(OPENID_TYPE, "sso").dependencies, [bucket.urn]);
  assert.deepEqual(run.find(COMMAND_TYPE, "sso-identity-openid").dependencies, [bucket.urn]);
});

test("the target is the only output, known in preview as in an update: the command's output is not read", async () => {
  for (const preview of [true, false]) {
    const stdout = preview ? undefined : applyLine("identity_openid:other", true, true, ["scopes"]);
    const run = await runWithMocks({ ...openIdExpectations(stdout), preview }, () => {
      const c = new MinioOpenIdConfig("sso", { ...baseArgs(), configName: "sso" });
      return { target: c.target };
    });
    assert.deepEqual(run.outputs, { target: { value: "identity_openid:sso", secret: false } });
    const env = run.find(COMMAND_TYPE, "sso-identity-openid").inputs.environment as Record<string, string>;
    assert.equal(env.MINIO_OPENID_CLIENT_ID, "minio-client");
  }
});

test("a bad configName fails the program before the command is declared", async () => {
  await assert.rejects(
    runWithMocks(openIdExpectations(applyLine("identity_openid")), () => {
      new MinioOpenIdConfig("sso", { ...baseArgs(), configName: "corp sso" });
      return {};
    }),
    {
      message:
        'MinioOpenIdConfig: configName "corp sso" must be empty or 1-64 letters, digits and "_", starting with a letter or digit',
    },
  );
});

test("the endpoint reaches the command as its origin, so a trailing slash changes neither trigger nor variable", async () => {
  const run = await runWithMocks(openIdExpectations(applyLine("identity_openid")), () => {
    new MinioOpenIdConfig("sso", { ...baseArgs(), endpoint: "http://127.0.0.1:9000/" });
    return {};
  });
  const cmd = run.find(COMMAND_TYPE, "sso-identity-openid");
  assert.deepEqual(cmd.inputs.triggers, ["http://127.0.0.1:9000", "identity_openid"]);
  assert.equal((cmd.inputs.environment as Record<string, string>).MINIO_ENDPOINT, "http://127.0.0.1:9000");
});

test("an endpoint the admin CLI would refuse fails the program", async () => {
  await assert.rejects(
    runWithMocks(openIdExpectations(applyLine("identity_openid")), () => {
      new MinioOpenIdConfig("sso", { ...baseArgs(), endpoint: "http://127.0.0.1:9000/minio" });
      return {};
    }),
    {
      message: "MinioOpenIdConfig: endpoint must be a bare origin such as http://127.0.0.1:9000, without path or query",
    },
  );
});
