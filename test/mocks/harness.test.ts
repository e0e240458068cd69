import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as pulumi from "@pulumi/pulumi";
import * as command from "@pulumi/command";
import * as minio from "@pulumi/minio";
import { MockedResource, UndeclaredUseError, isSecretInput, runWithMocks } from "./harness";
import { isSecretWrapper, resolveOutput, secretWrapper, unwrapSecrets } from "./values";

const THING = "test:index:Thing";

/** A bare custom resource of the declared test type; its inputs come back as Outputs of the same name. */
class Thing extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(THING, name, props, opts);
  }
}
const GET_POLICY_DOC = "minio:index/getIamPolicyDocument:getIamPolicyDocument";

test("an undeclared resource type fails the node:test test that runs the program", () => {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT; // else the child would talk the parent runner's internal protocol
  const child = spawnSync(
    process.execPath,
    ["--test", "--test-reporter=tap", require.resolve("./fixtures/undeclared")],
    { env, encoding: "utf8", timeout: 120_000 },
  );
  assert.equal(child.status, 1, child.stdout + child.stderr);
  const lines = child.stdout.split("\n");
  assert.ok(lines.includes("ok 1 - control: every type declared"), child.stdout);
  assert.ok(lines.includes("not ok 2 - the IamPolicy type is not declared"), child.stdout);
  assert.ok(lines.includes("not ok 3 - the component type is not declared"), child.stdout);
  assert.ok(
    lines.includes(
      `  error: 'mock harness: undeclared resource type minio:index/iamPolicy:IamPolicy ("custom-reader")'`,
    ),
    child.stdout,
  );
  assert.ok(
    lines.includes(
      `  error: 'mock harness: undeclared resource type minio-authentik-sso:index:MinioPolicies ("custom")'`,
    ),
    child.stdout,
  );
  assert.ok(lines.includes("# pass 1") && lines.includes("# fail 2"), child.stdout);
  // The failed registration rejects what depends on it; the harness reports the run as Pulumi's runtime does, so
  // nothing reaches the runner after a test has ended.
  assert.doesNotMatch(child.stdout, /after the test ended/);
});

test("an undeclared invoke rejects the invoke, and fails the run even if the program swallowed it", async () => {
  let invokeError: unknown;
  await assert.rejects(
    runWithMocks({ resources: {} }, async () => {
      try {
        await minio.getIamPolicyDocument({ version: "2012-10-17" });
      } catch (err) {
        invokeError = err;
      }
      return {};
    }),
    (err: unknown) => {
      assert.ok(err instanceof UndeclaredUseError);
      assert.equal(err.message, `mock harness: undeclared invoke ${GET_POLICY_DOC}`);
      return true;
    },
  );
  assert.match(String(invokeError), new RegExp(`mock harness: undeclared invoke ${GET_POLICY_DOC}`));
});

test("a declared invoke is answered and recorded", async () => {
  const run = await runWithMocks(
    { resources: {}, invokes: { [GET_POLICY_DOC]: (inputs) => ({ json: `{"Version":"${inputs.version}"}` }) } },
    async () => ({ doc: (await minio.getIamPolicyDocument({ version: "2012-10-17" })).json }),
  );
  assert.deepEqual(run.outputs.doc, { value: '{"Version":"2012-10-17"}', secret: false });
  assert.deepEqual(run.invokes, [
    { token: GET_POLICY_DOC, provider: "", inputs: { version: "2012-10-17" }, secretPaths: [] },
  ]);
});

test("records type, name, parent, dependencies, property dependencies and options", async () => {
  const run = await runWithMocks({ resources: { [THING]: null } }, () => {
    const a = new Thing("a", { size: 1 });
    const size = (a as unknown as { size: pulumi.Output<number> }).size;
    const b = new Thing("b", { size: 1 }, { protect: true, retainOnDelete: true });
    new Thing(
      "c",
      { copied: size },
      { parent: a, dependsOn: [b], ignoreChanges: ["copied"], replaceOnChanges: ["*"], deleteBeforeReplace: false },
    );
    return {};
  });
  const [a, b, c] = ["a", "b", "c"].map((n) => run.find(THING, n));
  assert.equal(a.urn, "urn:pulumi:stack::project::test:index:Thing::a");
  assert.equal(c.urn, "urn:pulumi:stack::project::test:index:Thing$test:index:Thing::c");
  assert.equal(c.parent, a.urn);
  assert.deepEqual([...c.dependencies].sort(), [a.urn, b.urn]);
  assert.deepEqual(c.propertyDependencies, { copied: [a.urn] });
  assert.deepEqual(c.inputs, { copied: 1 });
  assert.deepEqual(c.options, {
    deleteBeforeReplace: false,
    additionalSecretOutputs: [],
    ignoreChanges: ["copied"],
    replaceOnChanges: ["*"],
    protect: undefined,
    retainOnDelete: undefined,
    provider: "",
  });
  assert.equal(a.options.deleteBeforeReplace, undefined);
  assert.equal(b.options.protect, true);
  assert.equal(b.options.retainOnDelete, true);
  assert.equal(run.byUrn(b.urn), b);
  assert.throws(() => run.find(THING, "zz"), { message: `expected one ${THING} named "zz", found 0` });
});

test("secretness is kept per nested value, while the mock's own inputs lift it to the whole property", async () => {
  let seenByMock: MockedResource | undefined;
  const run = await runWithMocks(
    {
      resources: {
        [THING]: (res) => {
          seenByMock = res;
          return {};
        },
      },
    },
    () => {
      new Thing("t", { env: { A: pulumi.secret("s3cr3t"), B: "plain" }, list: ["x"] });
      return {};
    },
  );
  const t = run.find(THING, "t");
  assert.deepEqual(t.inputs, { env: { A: "s3cr3t", B: "plain" }, list: ["x"] });
  assert.deepEqual(t.secretPaths, ["env.A"]);
  assert.equal(isSecretInput(t, "env.A"), true);
  assert.equal(isSecretInput(t, "env.B"), false);
  assert.equal(isSecretWrapper(seenByMock!.inputs.env), true, "SDK deserialization marks the whole map secret");
});

test("additionalSecretOutputs make those outputs secret, as the engine does", async () => {
  const expect = { resources: { "command:local:Command": () => ({ stdout: "out", stderr: "err" }) } };
  const run = await runWithMocks(expect, () => {
    const marked = new command.local.Command("marked", { create: "true" }, { additionalSecretOutputs: ["stdout"] });
    const plain = new command.local.Command("plain", { create: "true" });
    return { markedOut: marked.stdout, markedErr: marked.stderr, plainOut: plain.stdout, create: marked.create };
  });
  assert.deepEqual(run.outputs, {
    markedOut: { value: "out", secret: true },
    markedErr: { value: "err", secret: false },
    plainOut: { value: "out", secret: false },
    create: { value: "true", secret: false },
  });
});

test("stack config is set per run, secret keys read as secrets", async () => {
  const program = () => {
    const cfg = new pulumi.Config();
    return { endpoint: cfg.require("endpoint"), token: cfg.requireSecret("token") };
  };
  const run = await runWithMocks(
    {
      resources: {},
      config: { "project:endpoint": "http://127.0.0.1:9000", "project:token": "t0k" },
      secretConfigKeys: ["project:token"],
    },
    program,
  );
  assert.deepEqual(run.outputs, {
    endpoint: { value: "http://127.0.0.1:9000", secret: false },
    token: { value: "t0k", secret: true },
  });
  await assert.rejects(
    runWithMocks({ resources: {} }, program),
    /Missing required configuration variable 'project:endpoint'/,
  );
});

test("resolveOutput gives value and secretness, and rejects an unknown value instead of hanging", async () => {
  assert.deepEqual(await resolveOutput("plain"), { value: "plain", secret: false });
  assert.deepEqual(await resolveOutput(pulumi.secret({ a: 1 })), { value: { a: 1 }, secret: true });
  let thing: Thing | undefined;
  await runWithMocks({ resources: { [THING]: null }, preview: true }, () => {
    thing = new Thing("t", { size: 1, later: undefined });
    return {};
  });
  const later = (thing as unknown as { later: pulumi.Output<unknown> }).later;
  await assert.rejects(resolveOutput(later), { message: "output is unknown (not resolved in this run)" });
});

test("in preview, returned values not known yet are listed apart with their secretness", async () => {
  const run = await runWithMocks({ resources: { [THING]: null }, preview: true }, () => {
    const t = new Thing("t", { size: 1, later: undefined }) as unknown as { later: pulumi.Output<unknown> };
    return { size: 1, later: t.later, hidden: pulumi.secret(t.later) };
  });
  assert.deepEqual(run.outputs, { size: { value: 1, secret: false } });
  assert.deepEqual(run.unknownOutputs, { later: { secret: false }, hidden: { secret: true } });
});

test("unwrapSecrets strips wrappers at any depth and lists their paths", () => {
  const raw = { a: secretWrapper("x"), b: [1, secretWrapper({ c: 2 })], d: { e: secretWrapper([secretWrapper("y")]) } };
  assert.deepEqual(unwrapSecrets(raw), {
    plain: { a: "x", b: [1, { c: 2 }], d: { e: ["y"] } },
    secretPaths: ["a", "b.1", "d.e", "d.e.0"],
  });
  assert.deepEqual(unwrapSecrets(secretWrapper(5)), { plain: 5, secretPaths: [""] });
});
