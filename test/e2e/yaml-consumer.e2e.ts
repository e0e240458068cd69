/**
 * MinioSso as a component package, consumed by a Pulumi YAML program on the real engine: a consumer's project beside
 * a copy of this checkout's files as a clone has them (no node_modules, no sdks/), `pulumi package add`, up, SSO per
 * group, a second up and a preview with no changes, destroy, and a secret scan. The MinIO command runs in the
 * consumer's directory, so it must find the admin CLI from there.
 */
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { parse, stringify } from "yaml";
import { findLeaks } from "../integration/support/secrets";
import { repoRoot } from "../support/paths";
import { startEngine, type Engine } from "./engine";
import { report } from "./report";
import { TARGET, minioClient, policiesPerPerson, programObjects } from "./servers";
import { GROUP_POLICIES, PEOPLE, REDIRECT_URI, SECRETS, SLUG, startWorld, type World } from "./world";

const PACKAGE = "minio-authentik-sso";

/** The consumer's whole program: the component with the doubles' URLs; secrets from the stack's encrypted config. */
const PROGRAM = {
  name: "minio-sso-yaml",
  runtime: "yaml",
  config: {
    minioEndpoint: { type: "string" },
    minioAccessKey: { type: "string", secret: true },
    minioSecretKey: { type: "string", secret: true },
  },
  resources: {
    sso: {
      type: `${PACKAGE}:index:MinioSso`,
      properties: {
        authentikUrl: "${authentik:url}",
        application: { name: "MinIO (e2e)", slug: SLUG },
        provider: { name: "MinIO (e2e)" },
        mapping: { groups: GROUP_POLICIES.map((r) => ({ group: r.group, policies: [r.policies].flat() })) },
        minio: {
          endpoint: "${minioEndpoint}",
          accessKey: "${minioAccessKey}",
          secretKey: "${minioSecretKey}",
          redirectUri: REDIRECT_URI,
          displayName: "Login with authentik (e2e)",
        },
        // The login client has its own case (login.e2e.ts); here the component's own steps.
        loginClient: false,
      },
    },
  },
  outputs: { issuer: "${sso.issuer}", clientId: "${sso.clientId}", minioTarget: "${sso.minioTarget}" },
};

const EXPECTED = Object.fromEntries(
  Object.values(PEOPLE).map((p) => [
    p.username,
    p.policies.length === 0 ? "refused: InvalidParameterValue" : [...p.policies],
  ]),
);

/** `pulumi ARGS` in `cwd`, asynchronously: the doubles answer from this very process. */
function pulumi(args: string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile("pulumi", args, { cwd, env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      err
        ? reject(new Error(`pulumi ${args.join(" ")}: ${err.message}\n${stdout}${stderr}`))
        : resolve(stdout + stderr),
    ),
  );
}

/** This checkout's files as a clone of its commits holds them (tracked and not ignored), copied into `dir`. */
function copyCheckout(dir: string): void {
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    encoding: "utf8",
  });
  for (const file of files.split("\0").filter((f) => f && existsSync(path.join(repoRoot, f)))) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    cpSync(path.join(repoRoot, file), path.join(dir, file));
  }
}

describe("e2e: MinioSso from a Pulumi YAML program", () => {
  let world: World;
  let engine: Engine;
  let root: string;
  let restarts = 0;
  let addOutput = "";
  const clientSecrets = new Set<string>();
  const packageDir = () => path.join(root, PACKAGE);
  const consumerDir = () => path.join(root, "consumer");
  const newRestarts = () => {
    const delta = world.minio.restarts() - restarts;
    restarts = world.minio.restarts();
    return delta;
  };

  before(async () => {
    world = await startWorld();
    restarts = world.minio.restarts();
    root = mkdtempSync(path.join(tmpdir(), "minio-sso-yaml-"));
    copyCheckout(packageDir());
    assert.equal(existsSync(path.join(packageDir(), "node_modules")), false);
    assert.equal(existsSync(path.join(packageDir(), "sdks")), false);
    mkdirSync(consumerDir());
    writeFileSync(path.join(consumerDir(), "Pulumi.yaml"), stringify(PROGRAM));
  });
  after(async () => {
    await engine?.close();
    await world?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("1. pulumi package add generates and installs what the package needs, and records it in Pulumi.yaml", async () => {
    // The installer fetches every plugin the package's node_modules name (the nodejs host's GetRequiredPackages),
    // @pulumi/minio's 0.17.1 too, which a machine without internet cannot. The component needs it only for custom
    // policies, which this program declares none of: marked as attached (PULUMI_DEBUG_PROVIDERS), the installer
    // counts it as present (pkg/pluginstorage HasPlugin) and nothing ever connects to it. Only for this command.
    const plugins = JSON.parse(await pulumi(["plugin", "ls", "--json"], root)) as { name: string; version: string }[];
    const minio = plugins.some((p) => p.name === "minio" && p.version === "0.17.1");
    addOutput = await pulumi(
      ["package", "add", `../${PACKAGE}`],
      consumerDir(),
      minio ? {} : { PULUMI_DEBUG_PROVIDERS: "minio:1" },
    );
    const project = parse(readFileSync(path.join(consumerDir(), "Pulumi.yaml"), "utf8"));
    assert.deepEqual(project.packages, { [PACKAGE]: `../${PACKAGE}` });
    // In the package: the authentik SDK generated from PulumiPlugin.yaml's pin, and the npm dependencies installed.
    const sdk = JSON.parse(readFileSync(path.join(packageDir(), "sdks", "authentik", "package.json"), "utf8"));
    assert.deepEqual([sdk.name, sdk.version], ["@pulumi/authentik", "2026.5.0"]);
    assert.ok(existsSync(path.join(packageDir(), "node_modules", "@pulumi", "authentik", "package.json")));
    // In the consumer: YAML's package declaration, with the schema's version (package.json's).
    assert.deepEqual(readdirSync(path.join(consumerDir(), "sdks", PACKAGE)), [`${PACKAGE}-0.1.0.yaml`]);
    engine = await startEngine(consumerDir());
    await engine.setConfig(
      { "authentik:url": world.authentik.url, minioEndpoint: world.config.minioEndpoint },
      {
        "authentik:token": SECRETS.authentikToken,
        minioAccessKey: SECRETS.minioAccessKey,
        minioSecretKey: SECRETS.minioSecretKey,
      },
    );
  });

  it("2. up creates the ten resources and configures MinIO with one restart; the command's path is relative", async () => {
    const up = await engine.up();
    process.stdout.write(`\nThe YAML consumer's pulumi up:\n${up.stdout}\n`);
    assert.deepEqual(up.changes, { create: 10 });
    assert.equal(newRestarts(), 1);
    const { providers, applications, mappings } = await programObjects(world);
    assert.equal(providers.length, 1);
    assert.deepEqual(providers[0].grant_types, ["authorization_code", "refresh_token"]);
    assert.deepEqual(providers[0].redirect_uris, [
      { matching_mode: "strict", url: REDIRECT_URI, redirect_uri_type: "authorization" },
    ]);
    assert.equal(applications.length, 1);
    assert.equal(applications[0].provider, providers[0].pk);
    assert.equal(mappings.length, 1);
    const loaded = world.minio.loadedConfig()[TARGET];
    assert.equal(loaded.config_url, `${world.authentik.url}/application/o/${SLUG}/.well-known/openid-configuration`);
    assert.equal(loaded.client_id, SLUG);
    assert.equal(loaded.display_name, "Login with authentik (e2e)");
    assert.equal(loaded.client_secret, providers[0].client_secret, "MinIO holds the secret authentik generated");
    clientSecrets.add(loaded.client_secret);
    const outputs = await engine.stack.outputs();
    assert.deepEqual(Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value])), {
      issuer: `${world.authentik.url}/application/o/${SLUG}/`,
      clientId: SLUG,
      minioTarget: TARGET,
    });
    // The command runs in the consumer's directory and reaches the package's CLI by a path from there, which names
    // no directory of this machine: another checkout with the same layout previews no change.
    const { resources } = (await engine.stack.exportStack()).deployment;
    const command = resources.find((r: { type: string }) => r.type === "command:local:Command");
    const launcher = `node ../${PACKAGE}/minio-admin/run-cli.js`;
    assert.deepEqual(
      [command.inputs.create, command.inputs.update, command.inputs.delete],
      [`${launcher} apply`, `${launcher} apply`, `${launcher} remove`],
    );
    report("YAML consumer: up from nothing", up, 1);
  });

  it("3. SSO: each person gets the policies the YAML program's mapping promises", async () => {
    assert.deepEqual(await policiesPerPerson(world), EXPECTED);
  });

  it("4. a second up and a preview change nothing and restart nothing", async () => {
    const up = await engine.up();
    assert.deepEqual(up.changes, { same: 10 });
    const preview = await engine.preview({ expectNoChanges: true });
    assert.deepEqual(preview.changes, { same: 10 });
    assert.equal(newRestarts(), 0);
    report("YAML consumer: second up", up, 0);
    report("YAML consumer: preview (no-op)", preview, 0);
  });

  it("5. destroy removes the authentik objects and identity_openid with one restart", async () => {
    clientSecrets.add(minioClient(world).clientSecret);
    const destroy = await engine.destroy();
    assert.deepEqual(destroy.changes, { delete: 10 });
    assert.equal(newRestarts(), 1);
    assert.deepEqual(await programObjects(world), { providers: [], applications: [], mappings: [] });
    const loaded = world.minio.loadedConfig()[TARGET];
    assert.deepEqual([loaded.config_url, loaded.client_id, loaded.client_secret], ["", "", ""]);
    report("YAML consumer: destroy", destroy, 1);
  });

  it("6. no secret in the backend's files, the CLI's output or any command line sampled during the run", () => {
    const secrets: Record<string, string> = {
      "authentik token": SECRETS.authentikToken,
      "MinIO access key": SECRETS.minioAccessKey,
      "MinIO secret key": SECRETS.minioSecretKey,
      "private key": "PRIVATE KEY",
    };
    [...clientSecrets].forEach((secret, i) => (secrets[`client secret #${i + 1}`] = secret));
    const places: Record<string, string> = { "pulumi package add output": addOutput };
    for (const [file, text] of Object.entries(engine.backendFiles())) places[`backend ${file}`] = text;
    engine.runs.forEach((run, i) => {
      places[`run #${i + 1} ${run.op} stdout`] = run.stdout;
      places[`run #${i + 1} ${run.op} stderr`] = run.stderr;
    });
    [...engine.argv].forEach((line, i) => (places[`argv sample #${i + 1}`] = line));
    assert.ok(Object.keys(places).filter((p) => p.startsWith("backend ")).length >= 5, "the backend was scanned");
    assert.deepEqual(findLeaks(secrets, places), []);
  });
});
