/**
 * End-to-end SSO per group without the Pulumi engine (which cannot be assembled here): lib/config and the
 * expression generator produce what the program would declare, the authentik double is configured through REST
 * as terraform-provider-authentik would, and MinIO (double) is configured by the real admin CLI in a child process
 * with the environment components/minio-openid.ts builds. Logins then run the authorization-code flow at authentik
 * and STS AssumeRoleWithWebIdentity at MinIO.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import * as path from "node:path";
import { APPLY_COMMAND, REMOVE_COMMAND } from "../../components/minio-openid";
import type { StackConfig } from "../../lib/config";
import { Api } from "../doubles/authentik-tests/client";
import * as tf from "./support/authentik-tf";
import { CLI_PATH, CliRunner } from "./support/cli";
import { assertSameSecret, changedVariables, checkLogins, maskSecrets } from "./support/expect";
import { assumeRole, exchangeCode, loadedClient } from "./support/login";
import { scanForLeaks } from "./support/scan";
import * as stack from "./support/stack";
import { startWorld, type World } from "./support/world";

const TARGET = "identity_openid";
const FINGERPRINT = /^client-secret-fp:[0-9a-f]{32}$/;

describe("SSO per group: config -> authentik -> admin CLI -> MinIO STS", () => {
  let w: World;
  let api: Api;
  let config: StackConfig;
  let state: tf.AuthentikState;
  let env: Record<string, string>;
  let pristine: Record<string, Record<string, string>>;
  const cli = new CliRunner();
  const tokens: string[] = [];
  const clientSecrets: string[] = [];
  const inputs = (extra: Partial<stack.StackInputs> = {}): stack.StackInputs => ({
    authentikUrl: w.authentik.url,
    minioUrl: w.minio.url,
    rules: stack.FIRST_RULES,
    ...extra,
  });
  /** `apply`: exit 0, nothing on stderr, one JSON line on stdout. */
  const apply = () => cli.json("apply", env);
  const logins = async (expected: Parameters<typeof checkLogins>[3]) => {
    const outcomes = await checkLogins(w.authentik.url, w.minio, loadedClient(w.minio, TARGET), expected);
    for (const o of outcomes) tokens.push(o.idToken, o.accessToken);
  };

  before(async () => {
    w = await startWorld();
    api = new Api(w.authentik.url, stack.AUTHENTIK_TOKEN);
  });
  after(() => w?.close());

  it("1. config: group mapping -> expression; authentik configured as the TF provider would", async () => {
    config = stack.stackConfig(inputs());
    assert.equal(config.oidc.configUrl, `${w.authentik.url}/application/o/minio/.well-known/openid-configuration`);
    assert.deepEqual(config.policyMapping, { kind: "groups", rules: stack.FIRST_RULES });
    assert.deepEqual(config.customPolicies, { "team-bucket-rw": stack.TEAM_BUCKET_RW });
    state = await tf.createAuthentikResources(api, config);
    const id = (name: string) => state.groupIds.get(name);
    assert.deepEqual(
      stack
        .policyExpression(config, state.groupIds)
        .split("\n")
        .filter((l) => !l.startsWith("#")),
      [
        'group_ids = {str(pk) for pk in request.user.all_groups().values_list("pk", flat=True)}',
        `if "${id(stack.ADMINS)}" in group_ids: return {"policy": "consoleAdmin"}  # "Minio admins"`,
        `if "${id(stack.USERS)}" in group_ids: return {"policy": ["readonly", "team-bucket-rw"]}  # "Minio users"`,
        "return None",
      ],
    );
    assert.equal(state.clientId, "minio");
    assert.ok(/^[A-Za-z0-9]{128}$/.test(state.clientSecret), "authentik generated a 128-character client secret");
    clientSecrets.push(state.clientSecret);
    const discovery = await fetch(config.oidc.configUrl);
    assert.equal(discovery.status, 200);
    assert.equal(((await discovery.json()) as { issuer: string }).issuer, config.oidc.issuerUrl);

    env = stack.cliEnvironment(config, state);
    // Every variable the CLI reads is set explicitly, so nothing leaks in from the caller's environment.
    assert.deepEqual(Object.keys(env).sort(), [
      "MINIO_ACCESS_KEY",
      "MINIO_ENDPOINT",
      "MINIO_OPENID_CLAIM_NAME",
      "MINIO_OPENID_CLAIM_PREFIX",
      "MINIO_OPENID_CLAIM_USERINFO",
      "MINIO_OPENID_CLIENT_ID",
      "MINIO_OPENID_CLIENT_SECRET",
      "MINIO_OPENID_COMMENT",
      "MINIO_OPENID_CONFIG_NAME",
      "MINIO_OPENID_CONFIG_URL",
      "MINIO_OPENID_DISPLAY_NAME",
      "MINIO_OPENID_ENABLE",
      "MINIO_OPENID_KEYCLOAK_ADMIN_URL",
      "MINIO_OPENID_KEYCLOAK_REALM",
      "MINIO_OPENID_REDIRECT_URI",
      "MINIO_OPENID_REDIRECT_URI_DYNAMIC",
      "MINIO_OPENID_ROLE_POLICY",
      "MINIO_OPENID_SCOPES",
      "MINIO_OPENID_USER_ID_CLAIM",
      "MINIO_OPENID_USER_READABLE_CLAIM",
      "MINIO_OPENID_VENDOR",
      "MINIO_REGION",
      "MINIO_REQUEST_TIMEOUT_SECONDS",
      "MINIO_RESTART_TIMEOUT_SECONDS",
      "MINIO_SECRET_KEY",
    ]);
  });

  it("2. apply writes identity_openid and restarts MinIO exactly once", async () => {
    assert.equal(w.minio.restarts(), 0);
    pristine = w.minio.loadedConfig();
    assert.equal(pristine[TARGET].config_url, "");
    // A fresh MinIO stores enable="" (DefaultKVS); apply wants "on", so enable is sent too.
    assert.deepEqual(await apply(), {
      config: TARGET,
      changed: true,
      restarted: true,
      keys: ["enable", "display_name", "config_url", "client_id", "client_secret", "redirect_uri", "scopes", "comment"],
    });
    assert.equal(w.minio.restarts(), 1);
    const loaded = w.minio.loadedConfig()[TARGET];
    assert.equal(loaded.config_url, config.oidc.configUrl);
    assert.equal(loaded.client_id, state.clientId);
    assertSameSecret(loaded.client_secret, state.clientSecret, "MinIO's client_secret vs authentik's");
    assert.equal(loaded.claim_name ?? "policy", "policy");
    assert.equal(loaded.scopes, "openid,profile,email,minio");
    assert.equal(loaded.redirect_uri, stack.REDIRECT_URI);
    assert.equal(loaded.display_name, "MinIO");
    assert.match(loaded.comment, FINGERPRINT);
    const shown = (await cli.json("show", env)) as { config: string; values: Record<string, string> };
    assert.equal(shown.config, TARGET);
    assert.equal(shown.values.client_secret, "<redacted>");
    assert.equal(shown.values.config_url, config.oidc.configUrl);
  });

  it("3. each group gets its policies; both groups -> first rule; no group -> refused", async () => {
    await logins({
      admin: { claim: "consoleAdmin", policies: ["consoleAdmin"] },
      user: { claim: ["readonly", "team-bucket-rw"], policies: ["readonly", "team-bucket-rw"] },
      both: { claim: "consoleAdmin", policies: ["consoleAdmin"] },
      none: { claim: undefined },
    });
  });

  it("4. apply again changes nothing and does not restart", async () => {
    assert.deepEqual(await apply(), { config: TARGET, changed: false, restarted: false, keys: [] });
    assert.equal(w.minio.restarts(), 1);
  });

  it("5. a mapping-only change updates authentik, leaves MinIO alone, and changes the policies", async () => {
    const changed = stack.stackConfig(inputs({ rules: stack.SECOND_RULES, fallback: "readonly" }));
    // The command's inputs are unchanged, so the engine would run no update of the MinIO command.
    assert.deepEqual(changedVariables(env, stack.cliEnvironment(changed, state)), []);
    const stored = await tf.updateScopeMapping(api, state, changed);
    assert.equal(stored.expression, stack.policyExpression(changed, state.groupIds));
    assert.notEqual(stored.expression, stack.policyExpression(config, state.groupIds));
    config = changed;
    await logins({
      admin: { claim: ["consoleAdmin", "diagnostics"], policies: ["consoleAdmin", "diagnostics"] },
      user: { claim: ["readonly", "team-bucket-rw"], policies: ["readonly", "team-bucket-rw"] },
      both: { claim: ["readonly", "team-bucket-rw"], policies: ["readonly", "team-bucket-rw"] },
      none: { claim: "readonly", policies: ["readonly"] },
    });
    assert.equal(w.minio.restarts(), 1);
  });

  it("6a. a MinIO setting change (display name) restarts exactly once more; login still works", async () => {
    const renamed = stack.stackConfig(
      inputs({ rules: stack.SECOND_RULES, fallback: "readonly", displayName: "Sign in with authentik" }),
    );
    const next = stack.cliEnvironment(renamed, state);
    assert.deepEqual(changedVariables(env, next), ["MINIO_OPENID_DISPLAY_NAME"]);
    env = next;
    config = renamed;
    assert.deepEqual(await apply(), {
      config: TARGET,
      changed: true,
      restarted: true,
      keys: ["display_name", "client_secret"],
    });
    assert.equal(w.minio.restarts(), 2);
    assert.equal(w.minio.loadedConfig()[TARGET].display_name, "Sign in with authentik");
    await logins({ admin: { claim: ["consoleAdmin", "diagnostics"], policies: ["consoleAdmin", "diagnostics"] } });
  });

  it("6b. a rotated client secret reaches MinIO (one restart); the old secret is refused", async () => {
    const oldClient = loadedClient(w.minio, TARGET);
    const oldComment = w.minio.loadedConfig()[TARGET].comment;
    const rotated = randomBytes(64).toString("hex");
    clientSecrets.push(rotated);
    await tf.rotateClientSecret(api, state, rotated);
    state = await tf.refreshProvider(api, state);
    assertSameSecret(state.clientSecret, rotated, "refreshed client secret vs the rotated one");
    const next = stack.cliEnvironment(config, state);
    assert.deepEqual(changedVariables(env, next), ["MINIO_OPENID_CLIENT_SECRET"]);
    env = next;
    assert.deepEqual(await apply(), {
      config: TARGET,
      changed: true,
      restarted: true,
      keys: ["client_secret", "comment"],
    });
    assert.equal(w.minio.restarts(), 3);
    const loaded = w.minio.loadedConfig()[TARGET];
    assertSameSecret(loaded.client_secret, rotated, "MinIO's client_secret vs the rotated one");
    assert.match(loaded.comment, FINGERPRINT);
    assert.notEqual(loaded.comment, oldComment);
    await logins({ user: { claim: ["readonly", "team-bucket-rw"], policies: ["readonly", "team-bucket-rw"] } });
    const refused = await exchangeCode(w.authentik.url, oldClient, "bob");
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error, "invalid_client");
  });

  it("7. remove deletes identity_openid with one restart; STS refuses afterwards", async () => {
    const client = { ...loadedClient(w.minio, TARGET) };
    assert.deepEqual(await cli.json("remove", env), { config: TARGET, changed: true, restarted: true });
    assert.equal(w.minio.restarts(), 4);
    // MinIO's default target cannot disappear: deleting it restores DefaultKVS, i.e. the fresh server's config.
    assert.deepEqual(maskSecrets(w.minio.loadedConfig()), pristine, "identity_openid is back to MinIO's defaults");
    const token = await exchangeCode(w.authentik.url, client, "alice");
    assert.equal(token.status, 200);
    const idToken = token.body.id_token as string;
    tokens.push(idToken, token.body.access_token as string);
    assert.deepEqual(await assumeRole(w.minio, idToken), {
      status: 400,
      error: { code: "InvalidParameterValue", message: "Role arn:minio:iam:::role/dummy-internal does not exist" },
    });
  });

  it("8. no secret or token in the CLI's argv, stdout, stderr, nor in authentik's recorded request lines", () => {
    const secrets: Record<string, string> = {
      "MinIO root secret key": stack.MINIO_SECRET_KEY,
      "authentik API token": stack.AUTHENTIK_TOKEN,
    };
    clientSecrets.forEach((s, i) => (secrets[`client secret #${i + 1}`] = s));
    tokens.forEach((t, i) => (secrets[`token #${i + 1}`] = t));
    assert.equal(clientSecrets.length, 2);
    assert.ok(tokens.length >= 20, `only ${tokens.length} tokens were collected`);
    assert.deepEqual(scanForLeaks(secrets, cli.runs, w.authentik.requests), []);

    // The argv is fixed: the component's command words, with the CLI path resolved; inputs only in the environment.
    assert.deepEqual(APPLY_COMMAND.split(" "), ["node", "minio-admin/run-cli.js", "apply"]);
    assert.deepEqual(REMOVE_COMMAND.split(" "), ["node", "minio-admin/run-cli.js", "remove"]);
    assert.ok(CLI_PATH.endsWith(path.join("minio-admin", "cli.js")), CLI_PATH);
    assert.deepEqual(
      cli.runs.map((r) => r.args),
      ["apply", "show", "apply", "apply", "apply", "remove"].map((c) => [CLI_PATH, c]),
    );
    for (const run of cli.runs) assert.deepEqual(run.envNames, Object.keys(env).sort());
  });
});
