import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { encrypt, getConfig, json, rawRequest, setConfig, signedRequest } from "./support/admin";
import { ROOT_ACCESS, ROOT_SECRET, startWorld, type World } from "./support/world";

describe("MinIO double: SigV4 on the admin API", () => {
  let w: World;
  before(async () => {
    w = await startWorld({ region: "us-east-1" });
  });
  after(() => w.close());

  const GET_KV = "/minio/admin/v3/get-config-kv?key=identity_openid";

  it("rejects an unknown access key with 403 InvalidAccessKeyId in MinIO's JSON error shape", async () => {
    const res = await signedRequest({ ...w.root, accessKey: "nobody" }, "GET", GET_KV);
    assert.equal(res.status, 403);
    assert.equal(res.headers["content-type"], "application/json");
    const body = json(res);
    assert.deepEqual(Object.keys(body), ["Code", "Message", "Resource", "RequestId", "HostId"]);
    assert.equal(body.Code, "InvalidAccessKeyId");
    assert.equal(body.Message, "The Access Key Id you provided does not exist in our records.");
    assert.equal(body.Resource, "/minio/admin/v3/get-config-kv");
    assert.equal(body.RequestId, res.headers["x-amz-request-id"]);
  });

  it("rejects a signature made with the wrong secret with 403 SignatureDoesNotMatch", async () => {
    const res = await signedRequest({ ...w.root, secretKey: "not-the-secret" }, "GET", GET_KV);
    assert.equal(res.status, 403);
    assert.equal(json(res).Code, "SignatureDoesNotMatch");
    assert.equal(
      json(res).Message,
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    );
  });

  it("rejects a signed admin request without X-Amz-Content-Sha256 with 403 AccessDenied", async () => {
    const res = await signedRequest(w.root, "GET", GET_KV, undefined, { service: "sts" });
    assert.deepEqual([res.status, json(res).Code], [403, "AccessDenied"]);
  });

  it("rejects an unsigned admin request with 403 AccessDenied", async () => {
    const res = await signedRequest(w.root, "GET", GET_KV, undefined, { unsigned: true });
    assert.equal(res.status, 403);
    assert.deepEqual([json(res).Code, json(res).Message], ["AccessDenied", "Access Denied."]);
  });

  it("rejects a body changed after signing with 400 XAmzContentSHA256Mismatch", async () => {
    const good = encrypt(ROOT_SECRET, "identity_openid comment=x");
    const tampered = Buffer.from(good);
    tampered[tampered.length - 1] ^= 1; // same length: Content-Length is a signed header
    const res = await signedRequest(w.root, "PUT", "/minio/admin/v3/set-config-kv", good, {
      bodyAfterSigning: tampered,
    });
    assert.equal(res.status, 400);
    assert.equal(json(res).Code, "XAmzContentSHA256Mismatch");
  });

  it("rejects a credential scope for another region with 400 AuthorizationHeaderMalformed", async () => {
    const res = await signedRequest({ ...w.root, region: "eu-west-1" }, "GET", GET_KV);
    assert.equal(res.status, 400);
    assert.equal(json(res).Code, "AuthorizationHeaderMalformed");
    assert.equal(
      json(res).Message,
      "The authorization header is malformed; the region is wrong; expecting 'us-east-1'.",
    );
  });

  it("rejects a request dated 20 minutes ago with 403 RequestTimeTooSkewed as an XML error", async () => {
    const res = await signedRequest(w.root, "GET", GET_KV, undefined, { date: new Date(Date.now() - 20 * 60_000) });
    assert.equal(res.status, 403);
    assert.match(res.text, /<Code>RequestTimeTooSkewed<\/Code>/);
  });

  it("rejects a credential scope for service sts on the admin API with 400 AuthorizationParametersError", async () => {
    const emptySha = createHash("sha256").update("").digest("hex");
    const res = await signedRequest(w.root, "GET", GET_KV, undefined, {
      service: "sts",
      headers: { "X-Amz-Content-Sha256": emptySha },
    });
    assert.equal(res.status, 400);
    assert.equal(json(res).Code, "AuthorizationParametersError");
  });

  it("rejects a body encrypted with another password with 400 XMinioAdminConfigBadJSON", async () => {
    const body = encrypt("some-other-password", "identity_openid comment=x");
    const res = await signedRequest(w.root, "PUT", "/minio/admin/v3/set-config-kv", body);
    assert.equal(res.status, 400);
    assert.deepEqual(
      [json(res).Code, json(res).Message],
      ["XMinioAdminConfigBadJSON", "JSON configuration provided is of incorrect format"],
    );
  });

  it("answers an unknown admin API with 426 XMinioAdminVersionMismatch", async () => {
    const res = await signedRequest(w.root, "GET", "/minio/admin/v3/no-such-api");
    assert.equal(res.status, 426);
    assert.equal(json(res).Code, "XMinioAdminVersionMismatch");
    assert.equal(json(res).Message, "This 'admin' API is not supported by server in 'mode-server-xl-single'");
  });

  it("accepts a request signed by @smithy/signature-v4 (the project's signer)", async () => {
    const host = new URL(w.minio.url).host;
    const signer = new SignatureV4({
      service: "s3",
      region: "us-east-1",
      sha256: Sha256,
      credentials: { accessKeyId: ROOT_ACCESS, secretAccessKey: ROOT_SECRET },
    });
    const req = new HttpRequest({
      protocol: "http:",
      hostname: "127.0.0.1",
      port: Number(new URL(w.minio.url).port),
      method: "GET",
      path: "/minio/admin/v3/get-config-kv",
      query: { key: "identity_openid" },
      headers: { host },
    });
    const signed = await signer.sign(req);
    const res = await rawRequest(
      w.minio.url,
      "GET",
      "/minio/admin/v3/get-config-kv?key=identity_openid",
      signed.headers,
      Buffer.alloc(0),
    );
    assert.equal(res.status, 200, res.text);
  });

  it("accepts the root credentials signed with aws4 and returns the decrypted default config", async () => {
    assert.equal((await setConfig(w.root, "identity_openid comment=hello")).status, 400);
    const text = await getConfig(w.root, "identity_openid");
    assert.equal(
      text,
      "identity_openid enable= display_name= config_url= client_id= client_secret= claim_name=policy claim_userinfo= " +
        "role_policy= redirect_uri_dynamic=off scopes= vendor= keycloak_realm= keycloak_admin_url= " +
        "user_readable_claim= user_id_claim= \n",
    );
  });
});
