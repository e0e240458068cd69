/**
 * `minio-sso login` on the real engine: after `up`, the tool signs in each demo person (the browser step driven by
 * the test through the authentik double's login), and MinIO's STS credentials carry exactly the mapped policies.
 * The person in no group gets the tool's refusal; credential_process renews expired credentials through the
 * refresh token without a new sign-in; no secret reaches stdout (unless asked), stderr or any command line.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import * as aws4 from "aws4";
import { findLeaks } from "../integration/support/secrets";
import { collect, exported, MINIO_SSO, toolLogin, type ToolRun } from "../support/minio-sso-run";
import { fromRoot } from "../support/paths";
import { startEngine, type Engine } from "./engine";
import { report } from "./report";
import { TARGET } from "./servers";
import { PEOPLE, SECRETS, startWorld, type World } from "./world";

type Run = ToolRun;

/** One person's files: the tool's directory, mc's and the AWS CLI's. */
function homeFor(username: string) {
  const dir = mkdtempSync(path.join(tmpdir(), `sso-${username}-`));
  return {
    MINIO_SSO_CONFIG_DIR: path.join(dir, "sso"),
    MC_CONFIG_DIR: path.join(dir, "mc"),
    AWS_CONFIG_FILE: path.join(dir, "aws", "config"),
  };
}

/**
 * The command the AWS profile runs, as the AWS CLI would run it (split like a shell). Asynchronous: the doubles
 * answer from this process.
 */
function credentialProcess(awsConfig: string, env: Record<string, string>): Promise<Run> {
  const line = /^credential_process = (.+)$/m.exec(readFileSync(awsConfig, "utf8"))?.[1] ?? "";
  const started = Date.now();
  const child = spawn("sh", ["-c", `exec ${line}`], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return collect(child, started);
}

/** An admin API call signed with the temporary credentials; returns the HTTP status. */
async function adminStatus(endpoint: string, pathname: string, c: Record<string, string>): Promise<number> {
  const url = new URL(endpoint);
  const signed = aws4.sign(
    { host: url.host, path: pathname, method: "GET", service: "s3", region: "us-east-1", headers: {} },
    { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken },
  );
  const res = await fetch(`${url.origin}${pathname}`, { headers: signed.headers as Record<string, string> });
  return res.status;
}

describe("e2e: minio-sso login against the stack's login client", () => {
  let world: World;
  let engine: Engine;
  let profileFile: string;
  const runs: Run[] = [];
  /** label -> secret, for the scans. */
  const secrets: Record<string, string> = { ...SECRETS };

  before(async () => {
    world = await startWorld();
    engine = await startEngine();
    // The stack config without loginClient: the login client is on by default.
    const { loginClient: _off, ...config } = world.config;
    await engine.setConfig(config, world.secrets);
  });
  after(async () => {
    await engine?.close();
    await world?.close();
  });

  it("up declares the login client by default, passes the policy pack, and exports a login profile without secrets", async () => {
    // The policy pack passes it: a public client whose only redirect is the loopback pattern.
    const up = await engine.up({ policyPacks: [fromRoot("policy")] });
    assert.deepEqual(up.changes, { create: 14 });
    report("up with the login client", up, 1);
    const outputs = await engine.stack.outputs();
    const profile = outputs.loginProfile.value;
    assert.equal(outputs.loginProfile.secret, false);
    assert.deepEqual(profile, {
      version: 1,
      name: "minio-e2e",
      issuer: `${world.authentik.url}/application/o/minio-e2e-cli/`,
      clientId: "minio-e2e-cli",
      minioEndpoint: world.config.minioEndpoint,
      scopes: ["openid", "profile", "email", "minio", "minio-audience", "offline_access"],
      claimName: "policy",
    });
    secrets.clientSecret = world.minio.loadedConfig()[TARGET].client_secret;
    profileFile = path.join(mkdtempSync(path.join(tmpdir(), "sso-profile-")), "profile.json");
    writeFileSync(profileFile, JSON.stringify(profile));
  });

  const creds: Record<string, Record<string, string>> = {};
  const homes: Record<string, Record<string, string>> = {};

  for (const person of Object.values(PEOPLE).filter((p) => p.policies.length > 0)) {
    it(`${person.username} signs in and gets exactly ${person.policies.join(", ")}`, async () => {
      const env = (homes[person.username] = homeFor(person.username));
      const run = await toolLogin(profileFile, person.username, env);
      runs.push(run);
      process.stdout.write(
        `\n$ minio-sso login --profile profile.json   # as ${person.username}, ${run.ms} ms\n${run.stderr}`,
      );
      assert.equal(run.code, 0, run.stderr);
      const vars = exported(run.stdout);
      const c = {
        AccessKeyId: vars.AWS_ACCESS_KEY_ID,
        SecretAccessKey: vars.AWS_SECRET_ACCESS_KEY,
        SessionToken: vars.AWS_SESSION_TOKEN,
      };
      creds[person.username] = c;
      secrets[`${person.username} secret key`] = c.SecretAccessKey;
      secrets[`${person.username} session token`] = c.SessionToken;
      assert.deepEqual([...(world.minio.sessionPolicies(c.AccessKeyId) ?? [])].sort(), [...person.policies]);
      assert.match(
        run.stderr,
        new RegExp(`signed in as ${person.username}; MinIO policies: ${[...person.policies].join(", ")}`),
      );
      // The credentials work, and only as far as the policies reach: consoleAdmin may list policies, the others not.
      const endpoint = String(world.config.minioEndpoint);
      assert.equal(await adminStatus(endpoint, "/minio/admin/v3/accountinfo", c), 200);
      const admin = person.policies.includes("consoleAdmin" as never);
      assert.equal(await adminStatus(endpoint, "/minio/admin/v3/list-canned-policies", c), admin ? 200 : 403);
      // mc's alias and the AWS profile, both 0600.
      const mc = JSON.parse(readFileSync(path.join(env.MC_CONFIG_DIR, "config.json"), "utf8"));
      assert.equal(mc.aliases["minio-e2e"].accessKey, c.AccessKeyId);
      assert.equal(mc.aliases["minio-e2e"].sessionToken, c.SessionToken);
      assert.equal(statSync(path.join(env.MC_CONFIG_DIR, "config.json")).mode & 0o777, 0o600);
      assert.match(
        readFileSync(env.AWS_CONFIG_FILE, "utf8"),
        /^\[profile minio-e2e\]\ncredential_process = .+ credential-process --name minio-e2e/m,
      );
      const session = readFileSync(path.join(env.MINIO_SSO_CONFIG_DIR, "sessions", "minio-e2e.json"), "utf8");
      assert.equal(statSync(path.join(env.MINIO_SSO_CONFIG_DIR, "sessions", "minio-e2e.json")).mode & 0o777, 0o600);
      secrets[`${person.username} refresh token`] = JSON.parse(session).refreshToken;
    });
  }

  it("dave, in no mapped group, gets the tool's refusal and no credentials", async () => {
    const env = homeFor(PEOPLE.none.username);
    const run = await toolLogin(profileFile, PEOPLE.none.username, env);
    runs.push(run);
    process.stdout.write(`\n$ minio-sso login --profile profile.json   # as dave\n${run.stderr}`);
    assert.equal(run.code, 1);
    assert.match(
      run.stderr,
      /^minio-sso: error: MinIO refused: you are signed in, but your authentik account is in no group that the MinIO mapping gives policies to \(no usable `policy` claim\)\. Ask your authentik admin to add you to one of the mapped groups, then run minio-sso login again\.$/m,
    );
    assert.equal(run.stdout, "");
    assert.throws(() => statSync(path.join(env.MC_CONFIG_DIR, "config.json")), /ENOENT/);
  });

  it("credential_process hands out the stored credentials, then renews expired ones without a new sign-in", async () => {
    const env = homes.alice;
    const first = await credentialProcess(env.AWS_CONFIG_FILE, env);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(JSON.parse(first.stdout).AccessKeyId, creds.alice.AccessKeyId);
    // Expire the stored credentials, as time would.
    const file = path.join(env.MINIO_SSO_CONFIG_DIR, "sessions", "minio-e2e.json");
    const session = JSON.parse(readFileSync(file, "utf8"));
    const oldRefresh = session.refreshToken;
    session.credentials.expiration = new Date(Date.now() - 1000).toISOString();
    writeFileSync(file, JSON.stringify(session), { mode: 0o600 });
    const renewed = await credentialProcess(env.AWS_CONFIG_FILE, env);
    runs.push(renewed);
    assert.equal(renewed.code, 0, renewed.stderr);
    assert.equal(renewed.stderr, "");
    const out = JSON.parse(renewed.stdout);
    assert.deepEqual(Object.keys(out), ["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"]);
    assert.equal(out.Version, 1);
    assert.notEqual(out.AccessKeyId, creds.alice.AccessKeyId);
    assert.ok(Date.parse(out.Expiration) > Date.now());
    assert.deepEqual(world.minio.sessionPolicies(out.AccessKeyId), ["consoleAdmin"]);
    assert.equal(
      await adminStatus(String(world.config.minioEndpoint), "/minio/admin/v3/list-canned-policies", out),
      200,
    );
    // authentik rotated the refresh token; the used one is revoked.
    const newRefresh = JSON.parse(readFileSync(file, "utf8")).refreshToken;
    assert.notEqual(newRefresh, oldRefresh);
    const again = await fetch(`${world.authentik.url}/application/o/token/`, {
      method: "POST",
      body: new URLSearchParams({ grant_type: "refresh_token", client_id: "minio-e2e-cli", refresh_token: oldRefresh }),
    });
    assert.equal(again.status, 400);
    assert.equal(((await again.json()) as { error?: string }).error, "invalid_grant");
    secrets["alice renewed secret key"] = out.SecretAccessKey;
    secrets["alice renewed session token"] = out.SessionToken;
    secrets["alice new refresh token"] = newRefresh;
    process.stdout.write(`\ncredential_process after expiry: new credentials in ${renewed.ms} ms, no sign-in\n`);
  });

  it("with loginDeviceFlow and the brand's device code flow, bob signs in with --device", async () => {
    await engine.setConfig({ loginDeviceFlow: true });
    const up = await engine.up({ policyPacks: [fromRoot("policy")] });
    assert.deepEqual(up.changes, { same: 13, update: 1 });
    world.authentik.setBrandDeviceFlow(true);
    const env = homeFor("bob-device");
    const started = Date.now();
    const child = spawn(
      process.execPath,
      [MINIO_SSO, "login", "--profile", profileFile, "--device", "--output", "export"],
      {
        env: { ...process.env, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let opened = false;
    const run = await collect(child, started, (stderr) => {
      // The person opens the printed URL on another device and signs in there.
      const url = /^(http\S+\/device\?code=\d+)$/m.exec(stderr)?.[1];
      if (url && !opened) {
        opened = true;
        void fetch(url, { headers: { "X-Authentik-Double-User": PEOPLE.user.username } });
      }
    });
    runs.push(run);
    process.stdout.write(`\n$ minio-sso login --profile profile.json --device   # as bob, ${run.ms} ms\n${run.stderr}`);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /^minio-sso: on any device, open this URL and sign in at authentik \(code \d+\):$/m);
    const vars = exported(run.stdout);
    secrets["bob device secret key"] = vars.AWS_SECRET_ACCESS_KEY;
    secrets["bob device session token"] = vars.AWS_SESSION_TOKEN;
    assert.deepEqual(world.minio.sessionPolicies(vars.AWS_ACCESS_KEY_ID), [...PEOPLE.user.policies]);
  });

  it("no secret on stderr, on any command line, or in the engine's output; stdout only where asked", async () => {
    const places: Record<string, string> = { argv: [...engine.argv].join("\n") };
    runs.forEach((r, i) => (places[`run ${i} stderr`] = r.stderr));
    engine.runs.forEach((r, i) => (places[`engine ${r.op} ${i}`] = r.stdout + r.stderr));
    assert.deepEqual(findLeaks(secrets, places), []);
    const refreshTokens = Object.fromEntries(
      Object.entries(secrets).filter(([k]) => /refresh token|clientSecret/.test(k)),
    );
    const stdouts = Object.fromEntries(runs.map((r, i) => [`run ${i} stdout`, r.stdout]));
    assert.deepEqual(
      findLeaks(refreshTokens, stdouts),
      [],
      "stdout never carries a refresh token or the client secret",
    );
  });
});
