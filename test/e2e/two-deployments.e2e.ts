/**
 * MinioSso as a library on the real engine: one program (test/e2e/two-deployments) declares two deployments against
 * one authentik double and two MinIO doubles. Each deployment's users log in through its own application and get
 * its own mapping's policies from its own MinIO; a change to one deployment touches only that MinIO.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { startAuthentikDouble, type AuthentikDouble } from "../doubles/authentik";
import { startMinioDouble, type MinioDouble } from "../doubles/minio";
import { loadedClient, login } from "../integration/support/login";
import { fromRoot } from "../support/paths";
import { startEngine, type Engine } from "./engine";
import { report } from "./report";
import { TARGET, authentikList } from "./servers";
import { SECRETS } from "./world";

const NAMES = ["east", "west"] as const;
type Name = (typeof NAMES)[number];

/** Per deployment: its slug, mapping and root keys. The two mappings differ for every person. */
const DEPLOYMENTS = {
  east: {
    slug: "minio-east",
    groups: [
      { group: "minio-admins", policies: ["consoleAdmin"] },
      { group: "minio-users", policies: ["readwrite", "diagnostics"] },
    ],
    keys: { access: "east-root-access", secret: "east-root-secret-52c9e1" },
  },
  west: {
    slug: "minio-west",
    groups: [
      { group: "data-team", policies: ["readwrite"] },
      { group: "minio-admins", policies: ["diagnostics"] },
    ],
    fallbackPolicies: ["readonly"],
    keys: { access: "west-root-access", secret: "west-root-secret-7a04d3" },
  },
};

const PEOPLE = { alice: ["minio-admins"], bob: ["minio-users"], erin: ["data-team"], dave: ["accounting"] };

/** What each deployment's mapping promises each person (policies sorted; refused = no claim, no credentials). */
const EXPECTED: Record<Name, Record<string, string[] | string>> = {
  east: {
    alice: ["consoleAdmin"],
    bob: ["diagnostics", "readwrite"],
    erin: "refused: InvalidParameterValue",
    dave: "refused: InvalidParameterValue",
  },
  west: { alice: ["diagnostics"], bob: ["readonly"], erin: ["readwrite"], dave: ["readonly"] },
};

const displayName = (name: Name) => `Login with authentik (${name})`;

/** The stack config key `name`: the deployment's settings, pointed at its MinIO. */
function settings(name: Name, minio: MinioDouble, label = displayName(name)) {
  const { keys: _keys, ...d } = DEPLOYMENTS[name];
  return { ...d, endpoint: minio.url, redirectUri: `http://127.0.0.1:9001/${name}/oauth_callback`, displayName: label };
}

describe("e2e: two MinioSso deployments in one program, one authentik, two MinIO servers", () => {
  let authentik: AuthentikDouble;
  const minio = {} as Record<Name, MinioDouble>;
  let engine: Engine;
  const seen: Record<Name, number> = { east: 0, west: 0 };
  /** Restarts of each MinIO since the last call. */
  const newRestarts = () =>
    Object.fromEntries(
      NAMES.map((n) => {
        const delta = minio[n].restarts() - seen[n];
        seen[n] = minio[n].restarts();
        return [n, delta];
      }),
    );
  const restartsText = (r: Record<string, number>) => NAMES.map((n) => `${n} ${r[n]}`).join(", ");

  /** Logs each person in through `name`'s application, as that MinIO's console does. */
  const policies = async (name: Name) => {
    const client = loadedClient(minio[name], TARGET);
    const found: Record<string, string[] | string> = {};
    for (const username of Object.keys(PEOPLE)) {
      const { sts } = await login(authentik.url, minio[name], client, username);
      found[username] = sts.status === 200 ? [...(sts.policies ?? [])].sort() : `refused: ${sts.error?.code}`;
    }
    return found;
  };
  const ours = async () => ({
    applications: (await authentikList({ authentik }, "/core/applications/")).map((a) => a.slug).sort(),
    providers: (await authentikList({ authentik }, "/providers/oauth2/")).map((p) => p.name).sort(),
  });

  before(async () => {
    authentik = await startAuthentikDouble({ token: SECRETS.authentikToken });
    for (const [username, groups] of Object.entries(PEOPLE)) {
      authentik.addUser({ username, email: `${username}@example.test`, groups });
    }
    const config: Record<string, unknown> = { "authentik:url": authentik.url };
    const secrets: Record<string, string> = { "authentik:token": SECRETS.authentikToken };
    for (const name of NAMES) {
      const { keys } = DEPLOYMENTS[name];
      minio[name] = await startMinioDouble({ accessKey: keys.access, secretKey: keys.secret, restartGapMs: 50 });
      config[name] = settings(name, minio[name]);
      secrets[`${name}AccessKey`] = keys.access;
      secrets[`${name}SecretKey`] = keys.secret;
    }
    engine = await startEngine(fromRoot("test", "e2e", "two-deployments"));
    await engine.setConfig(config, secrets);
  });
  after(async () => {
    await engine?.close();
    for (const name of NAMES) await minio[name]?.close();
    await authentik?.close();
  });

  it("1. up creates both deployments, each application with its own slug, each MinIO configured once", async () => {
    const up = await engine.up();
    assert.deepEqual(up.changes, { create: 19 });
    assert.deepEqual(newRestarts(), { east: 1, west: 1 });
    assert.deepEqual(await ours(), {
      applications: ["minio-east", "minio-west"],
      providers: ["MinIO east", "MinIO west"],
    });
    for (const name of NAMES) {
      const loaded = minio[name].loadedConfig()[TARGET];
      const slug = DEPLOYMENTS[name].slug;
      assert.equal(loaded.config_url, `${authentik.url}/application/o/${slug}/.well-known/openid-configuration`);
      assert.equal(loaded.client_id, slug);
      assert.equal(loaded.display_name, displayName(name));
    }
    report("two deployments: up from nothing", up, restartsText({ east: 1, west: 1 }));
  });

  it("2. each deployment's users log in through its own application and get its own mapping's policies", async () => {
    for (const name of NAMES) assert.deepEqual(await policies(name), EXPECTED[name], name);
    // A token of east's application is no credential at west's MinIO: the client ID must match.
    const east = await login(authentik.url, minio.west, loadedClient(minio.east, TARGET), "erin");
    assert.equal(east.sts.status, 400);
    assert.match(east.sts.error?.message ?? "", /`azp` must match configured OpenID Client ID/);
  });

  it("3. a no-op preview shows no changes and restarts nothing", async () => {
    const preview = await engine.preview({ expectNoChanges: true });
    assert.deepEqual(preview.changes, { same: 19 });
    assert.deepEqual(newRestarts(), { east: 0, west: 0 });
    report("two deployments: preview (no-op)", preview, restartsText({ east: 0, west: 0 }));
  });

  it("4. west's display name changed: one update, only west's MinIO restarts", async () => {
    await engine.setConfig({ west: settings("west", minio.west, "Sign in with authentik (west)") });
    const up = await engine.up();
    assert.deepEqual(up.changes, { same: 18, update: 1 });
    assert.deepEqual(newRestarts(), { east: 0, west: 1 });
    assert.equal(minio.west.loadedConfig()[TARGET].display_name, "Sign in with authentik (west)");
    assert.equal(minio.east.loadedConfig()[TARGET].display_name, displayName("east"));
    for (const name of NAMES) assert.deepEqual(await policies(name), EXPECTED[name], name);
    report("two deployments: west's display name", up, restartsText({ east: 0, west: 1 }));
  });

  it("5. destroy removes both applications and providers and clears both MinIO targets", async () => {
    const destroy = await engine.destroy();
    assert.deepEqual(destroy.changes, { delete: 19 });
    assert.deepEqual(newRestarts(), { east: 1, west: 1 });
    assert.deepEqual(await ours(), { applications: [], providers: [] });
    for (const name of NAMES) {
      const loaded = minio[name].loadedConfig()[TARGET];
      assert.deepEqual([loaded.config_url, loaded.client_id, loaded.client_secret], ["", "", ""], name);
    }
    report("two deployments: destroy", destroy, restartsText({ east: 1, west: 1 }));
  });
});
