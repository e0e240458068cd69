import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { json, signedRequest, stsPost, xmlText } from "./support/admin";
import { CLIENT_ID, configure, ROOT_ACCESS, startWorld, type World } from "./support/world";

const ACTION = { Action: "AssumeRoleWithWebIdentity", Version: "2011-06-15" };

describe("MinIO double: STS role_policy mode, AssumeRole and temporary credentials", () => {
  let w: World;
  const roleArn = `arn:minio:iam:::role/${createHash("sha1").update(CLIENT_ID).digest("base64url")}`;
  before(async () => {
    w = await startWorld();
    await configure(w, { role_policy: "readonly,diagnostics" });
  });
  after(() => w.close());

  it("issues credentials with the role's policies when RoleArn names the provider", async () => {
    const res = await stsPost(w.minio.url, { ...ACTION, RoleArn: roleArn, WebIdentityToken: w.issuer.idToken({}) });
    assert.equal(res.status, 200, res.text);
    const ak = xmlText(res.text, "AccessKeyId") ?? "";
    assert.deepEqual(w.minio.sessionPolicies(ak), ["readonly", "diagnostics"]);
    assert.equal(w.minio.session(ak)?.roleArn, roleArn);
  });

  it("rejects an unknown RoleArn when no claim-based provider exists", async () => {
    const res = await stsPost(w.minio.url, {
      ...ACTION,
      RoleArn: "arn:minio:iam:::role/nope",
      WebIdentityToken: w.issuer.idToken({}),
    });
    assert.equal(res.status, 400);
    assert.equal(
      xmlText(res.text, "Message"),
      "Error processing RoleArn parameter: RoleARN arn:minio:iam:::role/nope is not defined.",
    );
  });

  it("temporary credentials read their effective policy through accountinfo", async () => {
    const res = await stsPost(w.minio.url, {
      ...ACTION,
      RoleArn: roleArn,
      WebIdentityToken: w.issuer.idToken({ sub: "bob" }),
    });
    const temp = {
      url: w.minio.url,
      accessKey: xmlText(res.text, "AccessKeyId") ?? "",
      secretKey: xmlText(res.text, "SecretAccessKey") ?? "",
      sessionToken: xmlText(res.text, "SessionToken") ?? "",
    };
    const info = await signedRequest(temp, "GET", "/minio/admin/v3/accountinfo");
    assert.equal(info.status, 200, info.text);
    const policy = json(info).Policy as { Statement: { Action: string[] }[] };
    assert.deepEqual(
      policy.Statement.map((s) => s.Action[0]),
      ["s3:GetBucketLocation", "admin:BandwidthMonitor"],
    );
    const denied = await signedRequest(temp, "GET", "/minio/admin/v3/get-config-kv?key=identity_openid");
    assert.deepEqual([denied.status, json(denied).Code], [403, "AccessDenied"]);
    const noToken = await signedRequest({ ...temp, sessionToken: undefined }, "GET", "/minio/admin/v3/accountinfo");
    assert.deepEqual([noToken.status, json(noToken).Code], [403, "InvalidTokenId"]);
  });

  it("AssumeRole signed with the root credentials (service sts) issues credentials", async () => {
    const body = Buffer.from(
      new URLSearchParams({ Action: "AssumeRole", Version: "2011-06-15", DurationSeconds: "900" }).toString(),
    );
    const res = await signedRequest(w.root, "POST", "/", body, {
      service: "sts",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    assert.equal(res.status, 200, res.text);
    assert.match(
      res.text,
      /<AssumeRoleResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><AssumeRoleResult>/,
    );
    assert.equal(w.minio.session(xmlText(res.text, "AccessKeyId") ?? "")?.parentUser, ROOT_ACCESS);
  });

  it("AssumeRole with a wrong signature is refused with STS AccessDenied", async () => {
    const body = Buffer.from(new URLSearchParams({ Action: "AssumeRole", Version: "2011-06-15" }).toString());
    const res = await signedRequest({ ...w.root, secretKey: "wrong-secret-key" }, "POST", "/", body, {
      service: "sts",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    assert.equal(res.status, 403);
    assert.equal(xmlText(res.text, "Code"), "AccessDenied");
    assert.equal(
      xmlText(res.text, "Message"),
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    );
  });
});
