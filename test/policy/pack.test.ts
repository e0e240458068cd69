/**
 * The policy pack, run as the engine runs it (its own process, over the Analyzer gRPC service), against our stacks
 * and against bad ones. Per resource it gets the inputs before each step; for the stack, every resource's outputs.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { OPENID_ENV, TYPES } from "../../policy/checks";
import { PACK_NAME } from "../../policy/rules";
import { readYaml } from "../support/stack-files";
import { startPack, type Diagnostic, type PackServer } from "./pack-server";
import { CLIENT_SECRET, runStack, type StackOptions } from "./stacks";
import { analyzeRequest, fromRecord, rootStack, stackResource } from "./wire";

const STACK_FILES = ["Pulumi.dev.yaml", "Pulumi.prod.yaml"];
let pack: PackServer;

before(async () => {
  pack = await startPack();
});
after(async () => {
  await pack?.stop();
});

/** Every diagnostic for a stack: Analyze on each resource's inputs, then AnalyzeStack on all outputs. */
async function diagnose(stackFile: string, opts: StackOptions = {}): Promise<Diagnostic[]> {
  const { run } = await runStack(stackFile, opts);
  const found: Diagnostic[] = [];
  for (const rec of run.resources) found.push(...(await pack.analyze(analyzeRequest(fromRecord(rec, "inputs")))));
  if (!opts.preview) {
    const resources = [rootStack("dev", run.outputs), ...run.resources.map((r) => fromRecord(r, "outputs"))];
    found.push(...(await pack.analyzeStack(resources.map(stackResource))));
  }
  return found;
}

const summary = (ds: Diagnostic[]) => ds.map((d) => `${d.level} ${d.policy}: ${d.message.split(";")[0]}`);

describe("policy pack over gRPC", () => {
  it("serves the five policies, all mandatory", async () => {
    const info = await pack.info();
    assert.equal(info.getName(), PACK_NAME);
    assert.deepEqual(
      info.getPoliciesList().map((p) => `${p.getName()} ${p.getEnforcementlevel()}`),
      ["https-urls", "confidential-client", "signing-key", "strict-redirect", "client-secret-not-plain"].map(
        (n) => `${n} 1`,
      ),
    );
  });

  for (const file of STACK_FILES) {
    it(`passes our ${file} stack, in preview and in up`, async () => {
      assert.deepEqual(summary(await diagnose(file, { preview: true })), []);
      assert.deepEqual(summary(await diagnose(file)), []);
    });
  }

  it("fails a stack whose discovery and redirect URLs are plain http off loopback", async () => {
    const ds = await diagnose("Pulumi.dev.yaml", {
      config: { "authentik:url": "http://auth.internal.test", minioRedirectUri: "http://console.internal.test/cb" },
    });
    assert.deepEqual(summary(ds), [
      'mandatory https-urls: allowedRedirectUris[0].url "http://console.internal.test/cb" must use https:// (plain http is accepted only for localhost, 127.0.0.0/8 and [::1], which never leave the machine).',
      `mandatory https-urls: environment.${OPENID_ENV.configUrl} "http://auth.internal.test/application/o/minio-dev/.well-known/openid-configuration" must use https:// (plain http is accepted only for localhost, 127.0.0.0/8 and [::1], which never leave the machine).`,
      `mandatory https-urls: environment.${OPENID_ENV.redirectUri} "http://console.internal.test/cb" must use https:// (plain http is accepted only for localhost, 127.0.0.0/8 and [::1], which never leave the machine).`,
    ]);
  });

  it("fails a public client without a signing key and with a regex redirect", async () => {
    const ds = await diagnose("Pulumi.prod.yaml", {
      provider: {
        clientType: "public",
        signingKey: undefined,
        allowedRedirectUris: [{ matching_mode: "regex", url: "https://.*\\.example\\.com/oauth_callback" }],
      },
    });
    assert.deepEqual(
      ds.map((d) => `${d.policy} ${d.urn.split("::").pop()}`),
      ["confidential-client minio-provider", "signing-key minio-provider", "strict-redirect minio-provider"],
    );
    assert.match(ds[1].message, /HS256/);
    assert.match(ds[2].message, /^allowedRedirectUris\[0\]\.matching_mode is "regex"/);
  });

  it("fails a stack that exports the client secret, plain or as a secret, and never repeats it", async () => {
    const { run } = await runStack("Pulumi.prod.yaml", { exportSecretAs: { asSecret: "secret", asPlain: "plain" } });
    assert.deepEqual([run.outputs.asSecret.secret, run.outputs.asPlain.secret], [true, false]);
    const ds = await diagnose("Pulumi.prod.yaml", { exportSecretAs: { asSecret: "secret", asPlain: "plain" } });
    const message = (output: string) =>
      `${output} carries the OAuth2 client secret. Only the authentik provider's clientSecret and the ` +
      "MinIO command's MINIO_OPENID_CLIENT_SECRET may hold it; remove it from this stack output.";
    assert.deepEqual(
      ds.map((d) => `${d.level} ${d.policy}: ${d.message}`),
      ["asPlain", "asSecret"].map((o) => `mandatory client-secret-not-plain: ${message(o)}`),
    );
    assert.ok(ds.every((d) => d.urn.includes("::pulumi:pulumi:Stack::")));
    assert.ok(!JSON.stringify(ds).includes(CLIENT_SECRET));
  });

  it("fails a MinIO admin command that would keep its output in plain state and log it", async () => {
    const { run } = await runStack("Pulumi.dev.yaml");
    const cmd = fromRecord(run.ofType(TYPES.command)[0], "inputs");
    const ds = await pack.analyze(
      analyzeRequest({ ...cmd, props: { ...cmd.props, logging: "stdoutAndStderr" }, additionalSecretOutputs: [] }),
    );
    assert.deepEqual(
      ds.map((d) => `${d.policy}: ${d.message.split(";")[0]}`),
      [
        "client-secret-not-plain: stdout and stderr are not in additionalSecretOutputs",
        'client-secret-not-plain: logging is "stdoutAndStderr"',
      ],
    );
  });

  it("PulumiPolicy.yaml names the runtime and describes every rule", () => {
    const policyProject = readYaml<{ runtime: string; description: string }>("policy/PulumiPolicy.yaml");
    assert.equal(policyProject.runtime, "nodejs");
    for (const word of ["https", "confidential", "signing key", "strict", "client secret"]) {
      assert.ok(policyProject.description.includes(word), word);
    }
  });
});
