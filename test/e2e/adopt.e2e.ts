/**
 * Adopting the guide's hand-made setup on the real engine: the world is made as a person following authentik's
 * MinIO guide makes it (hand-made.ts), then `npm run adopt` imports its authentik objects into a fresh stack and
 * `pulumi up` updates them in place. Logins keep working before, during and after; MinIO does not restart;
 * authentik ends up with no duplicate and no orphan; a second `up` is a no-op; `destroy` removes everything.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { Api } from "../doubles/authentik-tests/client";
import { findLeaks } from "../integration/support/secrets";
import { repoRoot } from "../support/paths";
import { startEngine, type Engine } from "./engine";
import { configureMinioByHand, HAND_MADE, makeAuthentikByHand, type HandMade } from "./hand-made";
import { report } from "./report";
import { TARGET, authentikList, policiesPerPerson } from "./servers";
import { PEOPLE, SECRETS, startWorld, type World } from "./world";

const EXPECTED = Object.fromEntries(
  Object.values(PEOPLE).map((p) => [
    p.username,
    p.policies.length === 0 ? "refused: InvalidParameterValue" : [...p.policies],
  ]),
);

/** The stack config of someone adopting: the hand-made names, and no client ID or secret. */
const adoptingConfig = (world: World) => ({
  ...world.config,
  applicationName: HAND_MADE.applicationName,
  applicationSlug: HAND_MADE.slug,
  providerName: HAND_MADE.providerName,
  minioDisplayName: HAND_MADE.displayName,
});

/** `npm run adopt -- --stack <stack>`, asynchronously (the doubles answer from this very process). */
function adopt(engine: Engine, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${engine.backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: engine.passphrase,
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["dist/adopt/cli.js", "--stack", engine.stack.name, ...args],
      { cwd: repoRoot, env },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** Every provider, application and scope mapping of scope minio in authentik: their ids and names. */
async function authentikObjects(world: World) {
  const providers = await authentikList(world, "/providers/oauth2/");
  const applications = await authentikList(world, "/core/applications/");
  const mappings = (await authentikList(world, "/propertymappings/provider/scope/")).filter(
    (m) => m.scope_name === "minio",
  );
  return {
    providers: providers.map((p) => `${p.pk} ${p.name} ${p.client_id}`),
    applications: applications.map((a) => `${a.slug} -> ${a.provider}`),
    mappings: mappings.map((m) => `${m.pk} ${m.name}`),
  };
}

describe("e2e: adopting the guide's hand-made setup", () => {
  let world: World;
  let engine: Engine;
  let made: HandMade;
  const adoptOutput: string[] = [];

  before(async () => {
    world = await startWorld();
    made = await makeAuthentikByHand(world);
    await configureMinioByHand(world, made);
    engine = await startEngine();
    await engine.setConfig(adoptingConfig(world), world.secrets);
  });
  after(async () => {
    await engine?.close();
    await world?.close();
  });

  it("1. the hand-made setup works: each person gets the guide's policies", async () => {
    assert.equal(world.minio.restarts(), 1, "mc admin service restart");
    assert.deepEqual(await policiesPerPerson(world), EXPECTED);
  });

  it("2. adopt prints what it adopts and imports it; the client ID and secret go to the stack's config", async () => {
    const before = await authentikObjects(world);
    const result = await adopt(engine);
    adoptOutput.push(result.stdout, result.stderr);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stdout,
      [
        `adopt: stack ${engine.stack.name}, authentik at ${world.authentik.url}: adopting`,
        `  provider       "MinIO" (pk ${made.providerPk}, client ID "${made.clientId}")`,
        '  application    "minio" ("MinIO")',
        `  scope mapping  "OIDC-Scope-minio" (pk ${made.mappingPk}), scope "minio", renamed to "MinIO: MinIO policies" by pulumi up`,
        `  config         clientId = "${made.clientId}" (the provider's)`,
        "  config         clientSecret = the provider's client secret, stored encrypted",
        "adopt: pulumi import: + 1 created, = 7 imported",
        `adopt: imported 3 authentik objects and 4 components into ${engine.stack.name}. Next: pulumi preview ` +
          "(updates in place, MinIO's command to create), then pulumi up",
        "",
      ].join("\n"),
    );
    assert.equal(result.stderr, "");
    const config = await engine.stack.getAllConfig();
    assert.deepEqual(config["minio-authentik-sso:clientId"], { value: made.clientId, secret: false });
    assert.deepEqual(config["minio-authentik-sso:clientSecret"], { value: made.clientSecret, secret: true });
    const stackFile = readFileSync(path.join(repoRoot, `Pulumi.${engine.stack.name}.yaml`), "utf8");
    assert.ok(!stackFile.includes(made.clientSecret), "the stack file holds the secret encrypted");
    const state = (await engine.stack.exportStack()).deployment.resources as { type: string; id?: string }[];
    assert.deepEqual(state.map((r) => `${r.type}${r.id && !r.type.startsWith("pulumi:") ? ` ${r.id}` : ""}`).sort(), [
      `authentik:index/application:Application minio`,
      `authentik:index/propertyMappingProviderScope:PropertyMappingProviderScope ${made.mappingPk}`,
      `authentik:index/providerOauth2:ProviderOauth2 ${made.providerPk}`,
      "minio-authentik-sso:index:AuthentikApplication",
      "minio-authentik-sso:index:AuthentikProvider",
      "minio-authentik-sso:index:AuthentikScopeMapping",
      "minio-authentik-sso:index:MinioSso",
      "pulumi:providers:authentik",
      "pulumi:pulumi:Stack",
    ]);
    assert.deepEqual(await authentikObjects(world), before, "adopt changes nothing in authentik");
    assert.equal(world.minio.restarts(), 1);
    process.stdout.write(
      `adopt: imported ${state.length} resources (stack, default provider, 4 components, 3 objects)\n`,
    );
  });

  it("3. up updates in place: no duplicate or orphan, logins work before, during and after, 0 restarts", async () => {
    const before = await authentikObjects(world);
    const preview = await engine.preview();
    // The application's launch URL too: unset in the stack, it is sent as what authentik shows without one.
    assert.deepEqual(preview.changes, { create: 2, same: 5, update: 3 });
    assert.match(
      preview.stdout,
      /authentik:index:PropertyMappingProviderScope minio-policy-scope-mapping update \[diff: ~description,expression,name\]/,
    );
    assert.match(preview.stdout, /authentik:index:ProviderOauth2 minio-provider update \[diff: ~accessTokenValidity\]/);
    assert.match(preview.stdout, /authentik:index:Application minio-application update \[diff: \+metaLaunchUrl\]/);
    assert.deepEqual(await policiesPerPerson(world), EXPECTED, "right before");
    let running = true;
    const during: unknown[] = [];
    const logins = (async () => {
      while (running) during.push(await policiesPerPerson(world));
    })();
    const up = await engine.up().finally(() => (running = false));
    await logins;
    assert.equal(world.minio.restarts(), 1, "no restart");
    assert.deepEqual(up.changes, { create: 2, same: 5, update: 3 });
    assert.ok(during.length >= 2, `logins during up: ${during.length} rounds`);
    during.forEach((round, i) => assert.deepEqual(round, EXPECTED, `round ${i + 1} during up`));
    assert.deepEqual(await policiesPerPerson(world), EXPECTED, "right after");
    const after = await authentikObjects(world);
    assert.deepEqual(after.providers, before.providers, "the same provider, client ID kept");
    assert.deepEqual(after.applications, before.applications);
    assert.deepEqual(after.mappings, [`${made.mappingPk} MinIO: MinIO policies`], "the same mapping, renamed");
    const provider = (await authentikList(world, "/providers/oauth2/"))[0];
    assert.equal(provider.client_secret, made.clientSecret, "client secret kept");
    assert.match(String(world.minio.pendingConfig()[TARGET].comment), /^client-secret-fp:[0-9a-f]{32}$/);
    assert.equal(world.minio.loadedConfig()[TARGET].client_secret, made.clientSecret);
    report("adopt, then up", up, 0);
    process.stdout.write(`logins during up: ${during.length} rounds of ${Object.keys(PEOPLE).length} people\n`);
  });

  it("4. a second up is a no-op", async () => {
    const again = await engine.up();
    assert.deepEqual(again.changes, { same: 10 });
    assert.equal(world.minio.restarts(), 1);
    report("second up", again, 0);
  });

  it("5. destroy removes everything, as for a stack that created its objects", async () => {
    const down = await engine.destroy();
    assert.deepEqual(down.changes, { delete: 10 });
    assert.deepEqual(await authentikObjects(world), { providers: [], applications: [], mappings: [] });
    assert.equal(world.minio.restarts(), 2, "remove restarts MinIO once");
    assert.equal(world.minio.loadedConfig()[TARGET].client_id ?? "", "");
    report("destroy", down, 1);
  });

  it("6. no secret in adopt's output, the backend's files, the engine's output or any command line", () => {
    const secrets = {
      "client secret": made.clientSecret,
      "authentik token": SECRETS.authentikToken,
      "MinIO secret key": SECRETS.minioSecretKey,
    };
    const places: Record<string, string> = { "adopt output": adoptOutput.join("\n") };
    for (const [file, text] of Object.entries(engine.backendFiles())) places[`backend ${file}`] = text;
    engine.runs.forEach((run, i) => (places[`run #${i + 1} ${run.op}`] = run.stdout + run.stderr));
    [...engine.argv].forEach((line, i) => (places[`argv sample #${i + 1}`] = line));
    assert.ok(engine.argv.size >= 20, `argv was sampled (${engine.argv.size} distinct command lines)`);
    assert.deepEqual(findLeaks(secrets, places), []);
  });
});

describe("e2e: adopt refuses what is ambiguous or contradicts the config, and changes nothing", () => {
  let world: World;
  let made: HandMade;
  let other: HandMade;
  const engines: Engine[] = [];

  before(async () => {
    world = await startWorld();
    made = await makeAuthentikByHand(world);
    await configureMinioByHand(world, made);
    // A second deployment made by hand ("Other", slug "other"), and an old provider whose client ID is "minio".
    other = await makeAuthentikByHand(world, { providerName: "Other", slug: "other", mappingName: "OIDC-Scope-other" });
    const api = new Api(world.authentik.url, SECRETS.authentikToken);
    const flow = async (slug: string) => ((await api.get(`/flows/instances/${slug}/`)).body as { pk: string }).pk;
    const old = await api.post("/providers/oauth2/", {
      name: "Old MinIO",
      client_id: "minio",
      authorization_flow: await flow("default-provider-authorization-implicit-consent"),
      invalidation_flow: await flow("default-provider-invalidation-flow"),
      redirect_uris: [],
    });
    assert.equal(old.status, 201, JSON.stringify(old.body));
  });
  after(async () => {
    for (const engine of engines) await engine.close();
    await world?.close();
  });

  /** adopt on a fresh stack with `extra` config; the stack's config and state, and authentik, must not change. */
  async function refused(extra: Record<string, string>): Promise<string> {
    const engine = await startEngine();
    engines.push(engine);
    await engine.setConfig({ ...adoptingConfig(world), ...extra }, world.secrets);
    const config = await engine.stack.getAllConfig();
    const objects = await authentikObjects(world);
    const result = await adopt(engine);
    assert.equal(result.code, 1, result.stdout + result.stderr);
    assert.equal(result.stdout, "");
    assert.deepEqual(await engine.stack.getAllConfig(), config, "the stack's config is unchanged");
    assert.equal((await engine.stack.exportStack()).deployment.resources?.length ?? 0, 0, "nothing imported");
    assert.deepEqual(await authentikObjects(world), objects, "authentik is unchanged");
    assert.equal(world.minio.restarts(), 1);
    assert.ok(!result.stderr.includes(made.clientSecret) && !result.stderr.includes(other.clientSecret));
    process.stdout.write(`adopt refused: ${result.stderr}`);
    return result.stderr;
  }

  it("two candidate providers: one by providerName, another by client ID", async () => {
    const stderr = await refused({});
    const oldPk = (await authentikList(world, "/providers/oauth2/")).find((p) => p.name === "Old MinIO")!.pk;
    assert.equal(
      stderr,
      `adopt: refused: two authentik providers could be this stack's: the provider "MinIO" (pk ${made.providerPk}, ` +
        `client ID "${made.clientId}") by providerName, and the provider "Old MinIO" (pk ${oldPk}, client ID ` +
        `"minio") by client ID. Fix: make providerName and clientId name the same provider (pulumi config set ` +
        `providerName "<name>"; pulumi config set clientId "<client ID>"), or rename the other provider in ` +
        `authentik. Nothing was changed\n`,
    );
  });

  it("contradicting: the stack's slug is the application of another provider", async () => {
    const stderr = await refused({ applicationSlug: "other", clientId: made.clientId });
    assert.equal(
      stderr,
      `adopt: refused: the application "other" is bound to the provider with pk ${other.providerPk}, not to the ` +
        `provider "MinIO" (pk ${made.providerPk}, client ID "${made.clientId}") that providerName and clientId ` +
        `name. Fix: set providerName and clientId to the application's provider, or applicationSlug to the slug ` +
        `of that provider's application. Nothing was changed\n`,
    );
  });
});
