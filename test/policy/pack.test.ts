/**
 * The policy pack, run as the engine runs it (its own process, over the Analyzer gRPC service), against our stacks
 * and against bad ones. Per resource it gets the inputs before each step; for the stack, every resource's outputs
 * after all steps (in preview, the planned inputs, with what is not known yet marked unknown).
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { EnforcementLevel } from "@pulumi/pulumi/proto/analyzer_pb";
import { OPENID_ENV, TYPES } from "../../policy/checks";
import { PACK_NAME } from "../../policy/rules";
import { startPack, type Diagnostic, type PackServer } from "./pack-server";
import { CLIENT_SECRET, runStack, type StackOptions } from "./stacks";
import { analyzeRequest, fromRecord, rootStack, stackResource, type WireResource } from "./wire";

const STACK_FILES = ["Pulumi.dev.yaml", "Pulumi.prod.yaml"];
const HTTP_ONLY_LOOPBACK =
  "(plain http is accepted only for localhost, 127.0.0.0/8 and [::1], which never leave the machine).";
let pack: PackServer;

/** Every diagnostic for a stack: Analyze on each resource's inputs, then AnalyzeStack on the whole stack. */
async function diagnose(stackFile: string, opts: StackOptions = {}, extra: WireResource[] = []): Promise<Diagnostic[]> {
  const { run } = await runStack(stackFile, opts);
  const resources = [...run.resources.map((r) => fromRecord(r, opts.preview ? "inputs" : "outputs")), ...extra];
  const found: Diagnostic[] = [];
  for (const rec of run.resources) found.push(...(await pack.analyze(analyzeRequest(fromRecord(rec, "inputs")))));
  for (const res of extra) found.push(...(await pack.analyze(analyzeRequest(res))));
  found.push(...(await pack.analyzeStack([rootStack("dev", run), ...resources].map(stackResource))));
  return found;
}

const lines = (ds: Diagnostic[]) => ds.map((d) => `${d.level} ${d.policy}: ${d.message}`);
const names = (ds: Diagnostic[]) => ds.map((d) => `${d.policy} ${d.urn.split("::").pop()}`);

describe("policy pack over gRPC", () => {
  // In the suite, not at the top level: Node 22.1's test runner starts suites before a top-level before hook ends.
  before(async () => {
    pack = await startPack();
  });
  after(async () => {
    await pack?.stop();
  });

  it("serves its seven policies, all mandatory", async () => {
    const info = await pack.info();
    assert.equal(info.getName(), PACK_NAME);
    assert.deepEqual(
      info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]),
      [
        "https-urls",
        "confidential-client",
        "signing-key",
        "strict-redirect",
        "grant-types",
        "client-secret-not-plain",
        "expected-resources",
      ].map((name) => [name, EnforcementLevel.MANDATORY]),
    );
  });

  for (const file of STACK_FILES) {
    it(`passes our ${file} stack, in preview and in up`, async () => {
      assert.deepEqual(lines(await diagnose(file, { preview: true })), []);
      assert.deepEqual(lines(await diagnose(file)), []);
    });
  }

  it("fails a stack whose discovery and redirect URLs are plain http off loopback, already in preview", async () => {
    // loadConfig refuses these URLs with the same rule (test/unit/config), so only a program that skipped it gets here.
    const unvalidated = {
      configUrl: "http://auth.internal.test/application/o/minio-dev/.well-known/openid-configuration",
      redirectUri: "http://console.internal.test/cb",
    };
    const ds = await diagnose("Pulumi.dev.yaml", { preview: true, unvalidated });
    const url = "http://auth.internal.test/…";
    assert.deepEqual(lines(ds), [
      `mandatory https-urls: allowedRedirectUris[0].url "http://console.internal.test/…" must use https:// ${HTTP_ONLY_LOOPBACK}`,
      `mandatory https-urls: environment.${OPENID_ENV.configUrl} "${url}" must use https:// ${HTTP_ONLY_LOOPBACK}`,
      `mandatory https-urls: environment.${OPENID_ENV.redirectUri} "http://console.internal.test/…" must use https:// ${HTTP_ONLY_LOOPBACK}`,
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
    assert.deepEqual(names(ds), [
      "https-urls minio-provider",
      "confidential-client minio-provider",
      "signing-key minio-provider",
      "strict-redirect minio-provider",
    ]);
    assert.match(ds[0].message, /^allowedRedirectUris\[0\]\.url contains a blank, a control character or a backslash/);
    assert.match(ds[2].message, /HS256/);
    assert.match(ds[3].message, /^allowedRedirectUris\[0\]\.matching_mode is "regex"/);
  });

  it("fails a provider without the authorization-code grant, or with the implicit one", async () => {
    const ds = await diagnose("Pulumi.prod.yaml", { provider: { grantTypes: ["implicit"] } });
    assert.deepEqual(lines(ds), [
      'mandatory grant-types: grantTypes is ["implicit"]; authentik 2026.5 then refuses every MinIO login. Include ' +
        '"authorization_code" (and "refresh_token").',
      'mandatory grant-types: grantTypes includes "implicit"; MinIO needs only the authorization-code flow. ' +
        'Remove "implicit".',
    ]);
  });

  it("fails a provider with no redirect URI at all", async () => {
    const ds = await diagnose("Pulumi.prod.yaml", { provider: { allowedRedirectUris: [] } });
    assert.deepEqual(lines(ds), [
      "mandatory strict-redirect: allowedRedirectUris is empty; authentik then saves the first redirect URI a " +
        'client sends. Declare MinIO\'s callback URL with matching_mode "strict".',
    ]);
  });

  it("fails a stack that exports the client secret, plain or as a secret, and never repeats it", async () => {
    const exportSecretAs = { asSecret: "secret", asPlain: "plain" } as const;
    const { run } = await runStack("Pulumi.prod.yaml", { exportSecretAs });
    assert.deepEqual([run.outputs.asSecret.secret, run.outputs.asPlain.secret], [true, false]);
    const ds = await diagnose("Pulumi.prod.yaml", { exportSecretAs });
    assert.deepEqual(
      ds.map((d) => `${d.policy} ${d.urn.split("::")[2]} ${d.message.split(" ")[0]}`),
      ["client-secret-not-plain pulumi:pulumi:Stack asPlain", "client-secret-not-plain pulumi:pulumi:Stack asSecret"],
    );
    assert.match(ds[0].message, /remove it from this stack output\. This check runs after the update/);
    assert.ok(!JSON.stringify(ds).includes(CLIENT_SECRET));
    // In preview the secret is not known yet: nothing to compare, so nothing is reported (the update reports it).
    assert.deepEqual(lines(await diagnose("Pulumi.prod.yaml", { preview: true, exportSecretAs })), []);
  });

  it("fails another resource that carries the client secret", async () => {
    const echo: WireResource = {
      type: TYPES.command,
      name: "debug",
      urn: "urn:pulumi:dev::minio-authentik-sso::command:local:Command::debug",
      props: { create: `echo ${CLIENT_SECRET}` },
    };
    const ds = await diagnose("Pulumi.prod.yaml", {}, [echo]);
    assert.deepEqual(names(ds), ["client-secret-not-plain debug"]);
    assert.match(ds[0].message, /^create carries the OAuth2 client secret\./);
  });

  it("fails, before the step, a MinIO command that puts the secret on its command line or keeps output plain", async () => {
    const { run } = await runStack("Pulumi.dev.yaml");
    const cmd = fromRecord(run.ofType(TYPES.command)[0], "inputs");
    // A logging value that quotes the secret shows how a message never repeats it.
    const props = {
      ...cmd.props,
      create: `${cmd.props.create} --client-secret ${CLIENT_SECRET}`,
      logging: CLIENT_SECRET,
    };
    const ds = await pack.analyze(analyzeRequest({ ...cmd, props, additionalSecretOutputs: [] }));
    assert.deepEqual(
      ds.map((d) => `${d.policy}: ${d.message.split(";")[0]}`),
      [
        "client-secret-not-plain: create carries the OAuth2 client secret",
        "client-secret-not-plain: logging carries the OAuth2 client secret",
        "client-secret-not-plain: stdout and stderr are not in additionalSecretOutputs",
        'client-secret-not-plain: logging is "<redacted>"',
      ],
    );
    assert.ok(!JSON.stringify(ds).includes(CLIENT_SECRET));
  });

  it("fails a stack without the authentik provider, whose rules would otherwise check nothing", async () => {
    const ds = await diagnose("Pulumi.prod.yaml", { withoutProvider: true });
    assert.deepEqual(lines(ds), [
      `mandatory expected-resources: The stack has no ${TYPES.oauth2Provider}; the provider rules checked nothing.`,
    ]);
  });
});
