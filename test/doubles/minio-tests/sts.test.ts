import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { openidLine, setConfig, stsPost, xmlText } from "./support/admin";
import {
  CLIENT_ID,
  CLIENT_SECRET,
  configure,
  restartAndWait,
  standardKeys,
  startWorld,
  type World,
} from "./support/world";

const ACTION = { Action: "AssumeRoleWithWebIdentity", Version: "2011-06-15" };

function stsError(text: string): { code?: string; message?: string } {
  return { code: xmlText(text, "Code"), message: xmlText(text, "Message") };
}

describe("MinIO double: STS AssumeRoleWithWebIdentity", () => {
  let w: World;
  before(async () => {
    w = await startWorld();
  });
  after(() => w.close());

  const call = (token: string, extra: Record<string, string> = {}) =>
    stsPost(w.minio.url, { ...ACTION, WebIdentityToken: token, ...extra });

  async function expectRejected(
    token: string,
    message: string,
    extra: Record<string, string> = {},
    code = "InvalidParameterValue",
  ) {
    const res = await call(token, extra);
    assert.equal(res.status, code === "MissingParameter" || code === "InvalidParameterValue" ? 400 : 403, res.text);
    assert.deepEqual(stsError(res.text), { code, message });
    assert.match(
      res.text,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<ErrorResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><Error><Type><\/Type>/,
    );
  }

  it("without any OpenID config the dummy role does not exist", async () => {
    await expectRejected(
      w.issuer.idToken({ policy: "readonly" }),
      "Role arn:minio:iam:::role/dummy-internal does not exist",
    );
  });

  it("uses the loaded config: a saved but not yet restarted config does not serve STS", async () => {
    const saved = await setConfig(w.root, openidLine("", standardKeys(w)));
    assert.equal(saved.status, 200, saved.text);
    await expectRejected(
      w.issuer.idToken({ policy: "readonly" }),
      "Role arn:minio:iam:::role/dummy-internal does not exist",
    );
    await restartAndWait(w);
    assert.equal(w.minio.loadedConfig().identity_openid.client_id, CLIENT_ID);
    assert.equal((await call(w.issuer.idToken({ policy: "readonly" }))).status, 200);
  });

  it("issues credentials carrying the existing policies of the claim; unknown names are dropped", async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = await call(w.issuer.idToken({ sub: "alice", policy: ["readonly", "nosuch", "writeonly"] }), {
      DurationSeconds: "900",
    });
    assert.equal(res.status, 200, res.text);
    assert.match(
      res.text,
      /<AssumeRoleWithWebIdentityResponse xmlns="https:\/\/sts.amazonaws.com\/doc\/2011-06-15\/"><AssumeRoleWithWebIdentityResult><AssumedRoleUser><Arn><\/Arn><AssumeRoleId><\/AssumeRoleId><\/AssumedRoleUser><Credentials>/,
    );
    const ak = xmlText(res.text, "AccessKeyId") ?? "";
    assert.match(ak, /^[0-9A-Z]{20}$/);
    assert.equal((xmlText(res.text, "SecretAccessKey") ?? "").length, 40);
    assert.equal(xmlText(res.text, "SubjectFromWebIdentityToken"), "alice");
    const after = Math.ceil(Date.now() / 1000);
    const exp = Date.parse(xmlText(res.text, "Expiration") ?? "") / 1000;
    // Bounded by the clock around the call, not by a guess at how long the call takes.
    assert.ok(exp >= before + 900 && exp <= after + 900, `expiration ${exp}, called between ${before} and ${after}`);
    assert.deepEqual(w.minio.sessionPolicies(ak), ["readonly", "writeonly"]);
    const token = xmlText(res.text, "SessionToken") ?? "";
    const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString("utf8"));
    assert.deepEqual([claims.policy, claims.accessKey, claims.sub], ["readonly,writeonly", ak, "alice"]);
  });

  it("accepts a comma-separated policy string and an aud list that contains the client id", async () => {
    const res = await call(w.issuer.idToken({ aud: ["other", CLIENT_ID], policy: "consoleAdmin, readwrite" }));
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(w.minio.sessionPolicies(xmlText(res.text, "AccessKeyId") ?? ""), ["consoleAdmin", "readwrite"]);
  });

  it("does not compare iss with the configured issuer: the key (kid) and aud decide (jwt.go Config.Validate)", async () => {
    // minio-sso's tokens come from a second authentik application: another issuer, the same signing key.
    const token = w.issuer.idToken({
      iss: "https://auth.example.test/application/o/minio-cli/",
      aud: ["minio-cli", CLIENT_ID],
      policy: "readonly",
    });
    const res = await call(token);
    assert.equal(res.status, 200, res.text);
  });

  it("accepts azp = client id when aud names another party", async () => {
    const res = await call(w.issuer.idToken({ aud: "someone-else", azp: CLIENT_ID, policy: "readonly" }));
    assert.equal(res.status, 200, res.text);
  });

  it("rejects an expired token (InvalidParameterValue, not ExpiredToken)", async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRejected(w.issuer.idToken({ policy: "readonly", exp: now - 60, iat: now - 120 }), "Token is expired");
  });

  it("rejects a token whose aud and azp do not contain the client id", async () => {
    await expectRejected(
      w.issuer.idToken({ aud: "someone-else", policy: "readonly" }),
      "STS JWT Token has `azp` claim invalid, `azp` must match configured OpenID Client ID",
    );
  });

  it("rejects a token without aud", async () => {
    await expectRejected(
      w.issuer.idToken({ aud: undefined, policy: "readonly" }),
      "STS JWT Token has `aud` claim invalid, `aud` must match configured OpenID Client ID",
    );
  });

  it("rejects an unknown kid after re-fetching the JWKS once", async () => {
    const fetched = w.issuer.jwksRequests();
    await expectRejected(
      w.issuer.idToken({ policy: "readonly" }, { kid: "no-such-kid" }),
      "No public key found for kid no-such-kid",
    );
    assert.equal(w.issuer.jwksRequests(), fetched + 1);
  });

  it("rejects a token without kid", async () => {
    await expectRejected(w.issuer.idToken({ policy: "readonly" }, { kid: null }), "Invalid kid value <nil>");
  });

  it("rejects a token signed by another key under a known kid", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    await expectRejected(
      w.issuer.idToken({ policy: "readonly" }, { key: privateKey }),
      "crypto/rsa: verification error",
    );
  });

  it("accepts a key rotated after the config was loaded (JWKS re-fetch)", async () => {
    w.issuer.rotate();
    const res = await call(w.issuer.idToken({ policy: "readonly" }));
    assert.equal(res.status, 200, res.text);
  });

  it("accepts HS256 signed with the client secret under kid = client_id, as MinIO does", async () => {
    const res = await call(
      w.issuer.idToken({ policy: "readonly" }, { alg: "HS256", key: CLIENT_SECRET, kid: CLIENT_ID }),
    );
    assert.equal(res.status, 200, res.text);
  });

  it("accepts PS256 only through the JWKS re-fetch retry, whose parse has no algorithm allow-list", async () => {
    const fetched = w.issuer.jwksRequests();
    const res = await call(w.issuer.idToken({ policy: "readonly" }, { alg: "PS256" }));
    assert.equal(res.status, 200, res.text);
    assert.equal(w.issuer.jwksRequests(), fetched + 1);
  });

  it("rejects a token whose policies all do not exist", async () => {
    await expectRejected(
      w.issuer.idToken({ policy: "nosuch,ghost" }),
      "None of the given policies (`ghost,nosuch`) are defined, credentials will not be generated",
    );
  });

  it("rejects a token without the policy claim", async () => {
    await expectRejected(
      w.issuer.idToken({}),
      "policy claim missing from the JWT token, credentials will not be generated",
    );
  });

  it("rejects a token without sub", async () => {
    await expectRejected(
      w.issuer.idToken({ sub: undefined, policy: "readonly" }),
      "STS JWT Token has `sub` claim missing, `sub` claim is mandatory",
    );
  });

  it("rejects a wrong Version with MissingParameter", async () => {
    await expectRejected(
      w.issuer.idToken({ policy: "readonly" }),
      "Invalid STS API version 2012-01-01, expecting 2011-06-15",
      { Version: "2012-01-01" },
      "MissingParameter",
    );
  });

  it("rejects DurationSeconds below 900", async () => {
    await expectRejected(w.issuer.idToken({ policy: "readonly" }), "invalid token expiry", { DurationSeconds: "100" });
  });

  it("uses claim_name after a restart, and a canned policy added through addCannedPolicy", async () => {
    w.minio.addCannedPolicy("bucket-reader", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] }],
    });
    await configure(w, { claim_name: "groups" });
    const res = await call(w.issuer.idToken({ groups: ["bucket-reader", "staff"], policy: "readwrite" }));
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(w.minio.sessionPolicies(xmlText(res.text, "AccessKeyId") ?? ""), ["bucket-reader"]);
    await expectRejected(
      w.issuer.idToken({ policy: "readwrite" }),
      "groups claim missing from the JWT token, credentials will not be generated",
    );
  });
});
