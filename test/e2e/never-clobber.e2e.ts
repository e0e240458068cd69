/**
 * Never clobber, on the real engine: MinIO configured by hand first (through the admin API, as `mc admin config
 * set` and `mc admin service restart` do, or by the server's environment), then the stack. A foreign target, an
 * environment override and a second claim-based target each stop `pulumi preview` (and `up`) with one message
 * naming the server, the target and the fix. Each time MinIO's config and its restart count are unchanged, and
 * authentik holds nothing of the program's. (The custom-policy guard needs the MinIO provider plugin, which this
 * suite cannot run: its CLI runs against the double in test/unit/minio-admin/preflight.test.ts, its wiring under
 * mocks.)
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { PREVIEW_CHECKS_VAR } from "../../components/minio-openid";
import { MinioAdminClient } from "../../minio-admin/client";
import { repoRoot } from "../support/paths";
import { startEngine, type Engine } from "./engine";
import { programObjects } from "./servers";
import { SECRETS, startWorld, type World } from "./world";

/** A Keycloak-like issuer: a discovery document and an empty JWKS under /realms/corp, enough for MinIO to load. */
async function startKeycloakLike(): Promise<{ configUrl: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/corp`;
    const body =
      req.url === "/realms/corp/.well-known/openid-configuration"
        ? { issuer: base, jwks_uri: `${base}/protocol/openid-connect/certs` }
        : req.url === "/realms/corp/protocol/openid-connect/certs"
          ? { keys: [] }
          : undefined;
    res.writeHead(body ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(body ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    configUrl: `http://127.0.0.1:${port}/realms/corp/.well-known/openid-configuration`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** What must not change: MinIO's saved and loaded config and its restart count. */
function minioState(world: World) {
  return { pending: world.minio.pendingConfig(), loaded: world.minio.loadedConfig(), restarts: world.minio.restarts() };
}

/** The distinct "error: " lines of the engine's message that hold `marker`, whitespace-trimmed. */
function linesWith(message: string, marker: string): string[] {
  const lines = message.split("\n").map((l) => l.trim());
  return [...new Set(lines.filter((l) => l.startsWith("error: ") && l.includes(marker)))];
}

describe("e2e: never clobber what the stack does not own", () => {
  let keycloak: Awaited<ReturnType<typeof startKeycloakLike>>;
  /** Closed last-opened first: engines before the worlds they point at. */
  const opened: { close(): Promise<void> }[] = [];
  before(async () => {
    keycloak = await startKeycloakLike();
  });
  after(async () => {
    for (const o of opened.reverse()) await o.close();
    await keycloak.close();
  });

  /** A world, MinIO configured by hand with `lines` (then restarted), and a stack pointing at it. */
  async function handMade(lines: string[], opts: Parameters<typeof startWorld>[0] = {}, config = {}) {
    const world = await startWorld(opts);
    opened.push(world);
    const admin = new MinioAdminClient({
      endpoint: world.minio.url,
      accessKey: SECRETS.minioAccessKey,
      secretKey: SECRETS.minioSecretKey,
    });
    for (const line of lines) await admin.setConfigKV(line.replace("$KC", keycloak.configUrl));
    if (lines.length > 0) await admin.restartAndWait({ timeoutMs: 10_000 });
    const engine = await startEngine(repoRoot);
    opened.push(engine);
    await engine.setConfig({ ...world.config, ...config }, world.secrets);
    return { world, engine };
  }

  const failure = (run: Promise<unknown>) =>
    run.then(
      () => assert.fail("the engine succeeded"),
      (err: Error) => err.message,
    );

  const nothingInAuthentik = async (world: World) =>
    assert.deepEqual(await programObjects(world), { providers: [], applications: [], mappings: [] });

  it("a foreign target (a Keycloak client): preview and up refuse it, naming the server, target and fix", async () => {
    const { world, engine } = await handMade([
      "identity_openid config_url=$KC client_id=minio-console client_secret=kc-secret-3f9a claim_name=groups",
    ]);
    const before = minioState(world);
    const expected =
      `MinIO at ${world.minioRelay.url}: refusing to write identity_openid: identity_openid holds a configuration ` +
      `this stack did not write (client_id "minio-console", config_url "${keycloak.configUrl}", and no ` +
      "client-secret-fp: mark in its comment). Fix: if it is the hand-made setup of this authentik application, set " +
      "clientId to its client_id so the stack adopts it; if it is no longer used, remove it (mc admin config reset " +
      "ALIAS identity_openid) and restart MinIO; otherwise give this stack another target (minioConfigName). " +
      "Nothing was changed";
    const preview = await failure(engine.preview());
    assert.deepEqual(linesWith(preview, "refusing to write"), [`error: ${expected}`]);
    const up = await failure(engine.up());
    assert.deepEqual(linesWith(up, "refusing to write"), [`error: ${expected}`]);
    assert.deepEqual(minioState(world), before);
    await nothingInAuthentik(world);
  });

  /** preview, then up: each fails with exactly `expected` as its error line. */
  const bothRefuse = async (engine: Engine, expected: string) => {
    for (const op of [() => engine.preview(), () => engine.up()]) {
      assert.deepEqual(linesWith(await failure(op()), "refusing to write"), [expected]);
    }
  };

  it("MINIO_IDENTITY_OPENID_* on the server: preview and up name the variables", async () => {
    const env = {
      MINIO_IDENTITY_OPENID_CONFIG_URL: keycloak.configUrl,
      MINIO_IDENTITY_OPENID_CLIENT_ID: "minio-console",
      MINIO_IDENTITY_OPENID_CLIENT_SECRET: "kc-secret-from-env-77",
    };
    const { world, engine } = await handMade([], { minio: { env } });
    const before = minioState(world);
    await bothRefuse(
      engine,
      `error: MinIO at ${world.minioRelay.url}: refusing to write identity_openid: the server's environment sets ` +
        "MINIO_IDENTITY_OPENID_CONFIG_URL, MINIO_IDENTITY_OPENID_CLIENT_ID, which override what this stack writes to " +
        "identity_openid, so its values would not take effect. Fix: remove those variables from MinIO's environment " +
        "(its container or service definition) and restart MinIO, or leave identity_openid to whoever sets them and " +
        "point this stack at another target (minioConfigName). Nothing was changed",
    );
    assert.deepEqual(minioState(world), before);
    await nothingInAuthentik(world);
  });

  it("a second claim-based target: preview and up name it", async () => {
    const { world, engine } = await handMade([
      "identity_openid:corp config_url=$KC client_id=minio-console client_secret=kc-secret-3f9a",
    ]);
    const before = minioState(world);
    await bothRefuse(
      engine,
      `error: MinIO at ${world.minioRelay.url}: refusing to write identity_openid: identity_openid:corp is another ` +
        "claim-based OpenID target (enabled, no role_policy), and MinIO loads only one, so it would refuse " +
        "identity_openid at the restart. Fix: give identity_openid:corp a role_policy, turn it off (enable=off) or " +
        "remove it (mc admin config reset ALIAS identity_openid:corp), then restart MinIO. Nothing was changed",
    );
    assert.deepEqual(minioState(world), before);
    await nothingInAuthentik(world);
  });

  it("a foreign target written after the program's check (checks off, as the benchmark runs): apply refuses before any MinIO write", async () => {
    const { world } = await handMade([]);
    const engine = await startEngine(repoRoot, { [PREVIEW_CHECKS_VAR]: "off" });
    opened.push(engine);
    await engine.setConfig(world.config, world.secrets);
    const admin = new MinioAdminClient({
      endpoint: world.minio.url,
      accessKey: SECRETS.minioAccessKey,
      secretKey: SECRETS.minioSecretKey,
    });
    await admin.setConfigKV(
      `identity_openid config_url=${keycloak.configUrl} client_id=minio-console client_secret=kc-1`,
    );
    await admin.restartAndWait({ timeoutMs: 10_000 });
    const before = minioState(world);
    const up = await failure(engine.up());
    const cli = [
      ...new Set(
        up
          .split("\n")
          .map((l) => l.trim())
          .filter((l) => l.startsWith("minio-openid-admin:")),
      ),
    ];
    assert.deepEqual(cli, [
      `minio-openid-admin: ${world.minioRelay.url}: refusing to write identity_openid: identity_openid holds a ` +
        `configuration this stack did not write (client_id "minio-console", config_url "${keycloak.configUrl}", and ` +
        "no client-secret-fp: mark in its comment). Fix: if it is the hand-made setup of this authentik " +
        "application, set clientId to its client_id so the stack adopts it; if it is no longer used, remove it (mc " +
        "admin config reset ALIAS identity_openid) and restart MinIO; otherwise give this stack another target " +
        "(minioConfigName). Nothing was changed",
    ]);
    assert.deepEqual(minioState(world), before);
  });
});
