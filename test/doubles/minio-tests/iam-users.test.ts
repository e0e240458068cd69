/**
 * Admin actions of IAM users: the double allows a non-root user exactly what the policies attached to it allow,
 * as MinIO's validateAdminReq -> checkAdminRequestAuth -> IAMSys.IsAllowed (cmd/admin-handler-utils.go,
 * cmd/auth-handler.go, cmd/iam.go): root (IsOwner) may do everything, a user without a policy nothing, an explicit
 * Deny wins (minio/pkg policy.Policy.IsAllowed), and admin statements match on the action alone. The actions per
 * route are those of cmd/admin-handlers-config-kv.go (admin:ConfigUpdate), cmd/admin-handlers.go ServiceV2Handler
 * (admin:ServiceRestart) and ServerInfoHandler (admin:ServerInfo, which the CLI's restart wait polls), and
 * cmd/admin-handlers-users.go (admin:CreatePolicy, admin:GetPolicy, admin:DeletePolicy, admin:ListUserPolicies).
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { fromRoot } from "../../support/paths";
import { type Creds, delConfig, json, restart, setConfig, signedRequest, waitReady } from "./support/admin";
import { openidLine } from "./support/admin";
import { CLIENT_ID, CLIENT_SECRET, startWorld, type World } from "./support/world";

/** The policy README gives the program's MinIO user. */
const PROGRAM_POLICY = JSON.parse(readFileSync(fromRoot("docs", "minio-sso-admin-policy.json"), "utf8")) as {
  Statement: { Action: string[] }[];
};
const DOC = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] }],
};

/** Every admin call the program makes (admin CLI and the MinIO provider's iam_policy), with its action. */
const CALLS: { action: string; call: (c: Creds, w: World) => Promise<{ status: number; text: string }> }[] = [
  {
    action: "admin:ConfigUpdate",
    call: (c, w) =>
      setConfig(
        c,
        openidLine("", { config_url: w.issuer.configUrl, client_id: CLIENT_ID, client_secret: CLIENT_SECRET }),
      ),
  },
  {
    action: "admin:ConfigUpdate",
    call: (c) => signedRequest(c, "GET", "/minio/admin/v3/get-config-kv?key=identity_openid"),
  },
  { action: "admin:ConfigUpdate", call: (c) => delConfig(c, "identity_openid") },
  { action: "admin:ServiceRestart", call: (c) => restart(c) },
  { action: "admin:ServerInfo", call: (c) => signedRequest(c, "GET", "/minio/admin/v3/info?metrics=false") },
  {
    action: "admin:CreatePolicy",
    call: (c) =>
      signedRequest(c, "PUT", "/minio/admin/v3/add-canned-policy?name=team-read", Buffer.from(JSON.stringify(DOC))),
  },
  {
    action: "admin:GetPolicy",
    call: (c) => signedRequest(c, "GET", "/minio/admin/v3/info-canned-policy?name=readonly&v=2"),
  },
  {
    action: "admin:DeletePolicy",
    call: (c) => signedRequest(c, "DELETE", "/minio/admin/v3/remove-canned-policy?name=team-read"),
  },
];

describe("MinIO double: admin actions of IAM users", () => {
  let w: World;
  const user = (accessKey: string): Creds => ({ url: w.minio.url, accessKey, secretKey: `${accessKey}-secret-key` });
  const addUser = (accessKey: string, doc: object | undefined) => {
    if (doc) w.minio.addCannedPolicy(`${accessKey}-policy`, doc);
    w.minio.addUser(accessKey, `${accessKey}-secret-key`, doc ? [`${accessKey}-policy`] : []);
    return user(accessKey);
  };
  const denied = (res: { status: number; text: string }) =>
    res.status === 403 && json(res as Parameters<typeof json>[0]).Code === "AccessDenied";
  before(async () => {
    w = await startWorld();
  });
  after(() => w.close());

  it("a user with the program's policy makes every call the program makes", async () => {
    const program = addUser("sso-deployer", PROGRAM_POLICY);
    for (const { action, call } of CALLS) {
      const res = await call(program, w);
      assert.equal(res.status, 200, `${action}: ${res.text}`);
      if (action === "admin:ServiceRestart") await waitReady(w.minio.url);
    }
    assert.equal(w.minio.restarts(), 1);
  });

  it("and nothing beyond it: listing policies (admin:ListUserPolicies) is refused with 403 AccessDenied", async () => {
    const res = await signedRequest(user("sso-deployer"), "GET", "/minio/admin/v3/list-canned-policies");
    assert.equal(res.status, 403);
    assert.deepEqual([json(res).Code, json(res).Message], ["AccessDenied", "Access Denied."]);
  });

  it("each action of the policy is needed: without it, exactly its calls are refused", async () => {
    const actions = [...new Set(CALLS.map((c) => c.action))];
    for (const missing of actions) {
      const doc = {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: actions.filter((a) => a !== missing) }],
      };
      const creds = addUser(`without-${missing.slice(6).toLowerCase()}`, doc);
      for (const { action, call } of CALLS) {
        const res = await call(creds, w);
        assert.equal(denied(res), action === missing, `${missing} missing, ${action}: ${res.status} ${res.text}`);
        if (res.status === 200 && action === "admin:ServiceRestart") await waitReady(w.minio.url);
      }
    }
  });

  it("a user without any policy is refused every admin call; root is refused none", async () => {
    const nobody = addUser("no-policy", undefined);
    for (const { action, call } of CALLS) assert.ok(denied(await call(nobody, w)), action);
    for (const { action, call } of CALLS) {
      const res = await call(w.root, w);
      assert.equal(res.status, 200, `${action}: ${res.text}`);
      if (action === "admin:ServiceRestart") await waitReady(w.minio.url);
    }
  });

  it("an explicit Deny wins over admin:*", async () => {
    const creds = addUser("denied-restart", {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["admin:*"] },
        { Effect: "Deny", Action: ["admin:ServiceRestart"] },
      ],
    });
    assert.ok(denied(await restart(creds)));
    assert.equal((await signedRequest(creds, "GET", "/minio/admin/v3/list-canned-policies")).status, 200);
  });

  it("a user's wrong secret key fails the signature; an unknown access key is unknown", async () => {
    const wrong = { ...user("sso-deployer"), secretKey: "not-the-secret-key" };
    assert.equal(json(await restart(wrong)).Code, "SignatureDoesNotMatch");
    assert.equal(json(await restart(user("nobody-here"))).Code, "InvalidAccessKeyId");
  });

  it("addUser refuses what MinIO refuses: short keys, the root's access key, a policy it does not have", () => {
    assert.throws(() => w.minio.addUser("ab", "long-enough-secret", []), /invalid user credentials/);
    assert.throws(() => w.minio.addUser("someone", "short", []), /invalid user credentials/);
    assert.throws(() => w.minio.addUser(w.root.accessKey, "long-enough-secret", []), /invalid user credentials/);
    assert.throws(() => w.minio.addUser("someone", "long-enough-secret", ["no-such"]), /no such policy no-such/);
  });
});
