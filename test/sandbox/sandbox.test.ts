/**
 * The sandbox on ephemeral ports, without the Pulumi CLI: its demo people in the authentik double, the stack file it
 * writes, and logins once the servers are configured as `pulumi up` would (the integration test's stand-ins: REST
 * calls as terraform-provider-authentik makes them, and the real admin CLI).
 */
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "yaml";
import { Api } from "../doubles/authentik-tests/client";
import * as tf from "../integration/support/authentik-tf";
import { CliRunner } from "../integration/support/cli";
import { cliEnvironment } from "../integration/support/stack";
import { fromRoot } from "../support/paths";
import { PROJECT } from "../support/stack-files";
import { describeLogin, startSandbox, type Sandbox } from "./sandbox";
import { SECRET_KEYS } from "./stack-file";

const DEV = fromRoot("Pulumi.dev.yaml");
const devValues = (parse(readFileSync(DEV, "utf8")) as { config: Record<string, unknown> }).config;
const devGroups = (devValues[`${PROJECT}:groupPolicies`] as { group: string }[]).map((r) => r.group);

describe("sandbox (ephemeral ports, no Pulumi CLI)", () => {
  let dir: string;
  let s: Sandbox;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "minio-sso-sandbox-"));
    copyFileSync(fromRoot("Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    s = await startSandbox({ authentikPort: 0, minioPort: 0, projectDir: dir, stack: "sandbox", baseStackFile: DEV });
  });
  after(async () => {
    await s?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("has one person per group of the dev mapping, one in both, one in neither, and what each is promised", () => {
    assert.deepEqual(devGroups, ["minio-admins", "minio-users"]);
    assert.deepEqual(
      s.people.map((p) => [p.username, p.groups, p.policies, p.reason]),
      [
        ["alice", ["minio-admins"], ["consoleAdmin"], "first matching group: minio-admins"],
        ["bob", ["minio-users"], ["readwrite", "diagnostics"], "first matching group: minio-users"],
        ["carol", ["minio-users", "minio-admins"], ["consoleAdmin"], "first matching group: minio-admins"],
        ["dave", ["accounting"], ["readonly"], "in no mapped group: fallbackPolicy"],
      ],
    );
  });

  it("has those users in those groups in the authentik double", async () => {
    const api = new Api(s.authentik.url, s.secrets["authentik:token"]);
    const page = await api.ok<{ results: { name: string; users_obj: { username: string }[] }[] }>(
      "/core/groups/?include_users=true",
    );
    const members = Object.fromEntries(
      page.results
        .filter((g) => [...devGroups, "accounting"].includes(g.name))
        .map((g) => [g.name, g.users_obj.map((u) => u.username).sort()]),
    );
    assert.deepEqual(members, {
      accounting: ["dave"],
      "minio-admins": ["alice", "carol"],
      "minio-users": ["bob", "carol"],
    });
  });

  it("writes the dev stack's values, pointed at the doubles, and no secret", () => {
    const text = readFileSync(s.stackFile, "utf8");
    assert.equal(s.stackFile, path.join(dir, "Pulumi.sandbox.yaml"));
    assert.ok(text.startsWith("# Written by `npm run sandbox` at every start; do not edit"), text);
    assert.deepEqual(parse(text), {
      config: {
        ...devValues,
        "authentik:url": s.authentik.url,
        [`${PROJECT}:minioEndpoint`]: s.minio.url,
      },
    });
    assert.notEqual(s.authentik.url, devValues["authentik:url"], "ephemeral, not the dev port");
    for (const key of SECRET_KEYS) assert.ok(!text.includes(s.secrets[key]), `${key}'s value is not in the file`);
    assert.equal(s.stackCreated, false);
    assert.equal(s.config.authentik.url, s.authentik.url);
    assert.equal(s.config.minio.endpoint, s.minio.url);
  });

  it("refuses a login before MinIO has loaded identity_openid, and an unknown user", async () => {
    await assert.rejects(s.login("alice"), {
      name: "SandboxError",
      message: "MinIO has no identity_openid loaded yet: run `pulumi up --stack sandbox` first",
    });
    await assert.rejects(s.login("mallory"), {
      name: "SandboxError",
      message: 'no demo user "mallory"; the demo users are alice, bob, carol, dave',
    });
  });

  it("after the servers are configured as `pulumi up` would, every person gets what was promised", async () => {
    const api = new Api(s.authentik.url, s.secrets["authentik:token"]);
    const state = await tf.createAuthentikResources(api, s.config);
    const apply = await new CliRunner().run("apply", cliEnvironment(s.config, state));
    assert.equal(apply.code, 0, apply.stderr);

    for (const person of s.people) {
      const r = await s.login(person.username);
      assert.deepEqual(r.sts, { status: 200, policies: [...person.policies].sort() }, person.username);
      assert.deepEqual(r.claim, person.policies.length === 1 ? person.policies[0] : person.policies);
    }
    assert.deepEqual(describeLogin(await s.login("bob"), "policy"), [
      'bob: ID token claim "policy": ["readwrite","diagnostics"]',
      "bob: MinIO issued STS credentials with the policies diagnostics, readwrite",
      "bob: as promised (first matching group: minio-users)",
    ]);
  });

  it("describes a refusal and a broken promise plainly", () => {
    const dave = s.people[3];
    const refused = { status: 400, error: { code: "InvalidParameterValue", message: "policy claim missing" } };
    assert.deepEqual(describeLogin({ person: dave, claim: undefined, sts: refused }, "policy"), [
      'dave: ID token claim "policy": (none)',
      "dave: MinIO refused STS credentials (HTTP 400, InvalidParameterValue: policy claim missing)",
      "dave: NOT as promised: expected readonly (in no mapped group: fallbackPolicy)",
    ]);
  });
});
