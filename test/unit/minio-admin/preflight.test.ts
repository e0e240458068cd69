/** Read-only checks before anything is written: the target at preview, the custom-policy guard (check-policy). */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runCli } from "../../../minio-admin/cli";
import { MinioAdminClient } from "../../../minio-admin/client";
import { checkOpenIdTarget, samePolicy } from "../../../minio-admin/preflight";
import { startMinioDouble, type MinioDouble } from "../../doubles/minio";
import { closedLoopbackUrl } from "../../support/net";

const ROOT = { accessKey: "pre-root", secretKey: "pre-root-secret-4Lm" };
const DOC = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::a/*"] }],
};
const WANT = {
  client_id: "minio",
  config_url: "http://127.0.0.1:1/application/o/minio/.well-known/openid-configuration",
};

describe("samePolicy: the same document to MinIO", () => {
  it("ignores key order, list order and a single string for a list; not a changed action, resource or effect", () => {
    const a = JSON.stringify(DOC);
    const b =
      '{"Statement":[{"Resource":"arn:aws:s3:::a/*","Action":["s3:ListBucket","s3:GetObject"],"Effect":"Allow"}],' +
      '"Version":"2012-10-17"}';
    assert.equal(samePolicy(a, b), true);
    assert.equal(samePolicy(a, a.replace("s3:ListBucket", "s3:PutObject")), false);
    assert.equal(samePolicy(a, a.replace("a/*", "b/*")), false);
    assert.equal(samePolicy(a, a.replace("Allow", "Deny")), false);
    assert.equal(samePolicy(a, "not json"), false);
  });
});

describe("read-only checks against the MinIO double", () => {
  let minio: MinioDouble;
  before(async () => {
    minio = await startMinioDouble({ ...ROOT, restartGapMs: 50 });
    minio.addCannedPolicy("team-read", DOC);
  });
  after(() => minio.close());

  const checkPolicyCli = async (name: string, document: string) => {
    const out: string[] = [];
    const err: string[] = [];
    const env = {
      MINIO_ENDPOINT: minio.url,
      MINIO_ACCESS_KEY: ROOT.accessKey,
      MINIO_SECRET_KEY: ROOT.secretKey,
      MINIO_POLICY_NAME: name,
      MINIO_POLICY_DOCUMENT: document,
    };
    const code = await runCli(["check-policy"], env, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
    return { code, out, err };
  };

  it("check-policy: absent, or the same document, passes; another document is refused with the fix, unchanged", async () => {
    assert.deepEqual(await checkPolicyCli("fresh", JSON.stringify(DOC)), {
      code: 0,
      out: ['{"policy":"fresh","exists":false}'],
      err: [],
    });
    const sorted = JSON.stringify({ Statement: DOC.Statement, Version: DOC.Version });
    assert.deepEqual(await checkPolicyCli("team-read", sorted), {
      code: 0,
      out: ['{"policy":"team-read","exists":true}'],
      err: [],
    });
    const writes = minio.requests().length;
    const other = JSON.stringify({ ...DOC, Statement: [{ ...DOC.Statement[0], Effect: "Deny" }] });
    assert.deepEqual(await checkPolicyCli("team-read", other), {
      code: 1,
      out: [],
      err: [
        `minio-openid-admin: ${minio.url}: refusing to write the policy "team-read": MinIO already holds a policy of ` +
          "that name with another document, which this stack did not write (add-canned-policy would replace it " +
          "without a word). Fix: give the custom policy another name in customPolicies; or, if nothing uses " +
          "MinIO's policy any more, remove it (mc admin policy remove ALIAS team-read); or make " +
          "customPolicies.team-read MinIO's document, so that the stack takes it over. Nothing was changed",
      ],
    });
    assert.deepEqual(
      minio
        .requests()
        .slice(writes)
        .map((r) => `${r.method} ${r.path}`),
      ["GET /minio/admin/v3/info-canned-policy"],
    );
  });

  it("check-policy: a bad name or document is an input error naming the variable", async () => {
    const name = await checkPolicyCli("a,b", JSON.stringify(DOC));
    assert.equal(name.code, 2);
    assert.match(name.err[0], /: bad input: MINIO_POLICY_NAME must be 1 to 128 letters/);
    const doc = await checkPolicyCli("ok", "[]");
    assert.deepEqual(
      [doc.code, doc.err],
      [
        2,
        [`minio-openid-admin: ${minio.url}: bad input: MINIO_POLICY_DOCUMENT must be a policy document, a JSON object`],
      ],
    );
  });

  it("the target check: ok on an empty server; a wrong key is refused naming the keys; no server is only a warning", async () => {
    const client = (over: Partial<typeof ROOT> & { endpoint?: string } = {}) =>
      new MinioAdminClient({ endpoint: minio.url, ...ROOT, requestTimeoutMs: 2000, ...over });
    assert.deepEqual(await checkOpenIdTarget(client(), "identity_openid", WANT), { kind: "ok" });
    const wrong = await checkOpenIdTarget(client({ secretKey: "not-the-secret-key" }), "identity_openid", WANT);
    assert.equal(wrong.kind, "refused");
    assert.match(
      (wrong as { message: string }).message,
      new RegExp(
        `^reading MinIO at ${minio.url} failed: credentials rejected on GET /minio/admin/v3/get-config-kv: HTTP 403 ` +
          "SignatureDoesNotMatch .*\\. Fix: check the stack's MinIO keys \\(minioAccessKey, minioSecretKey\\)",
      ),
    );
    const dead = await closedLoopbackUrl();
    const unreached = await checkOpenIdTarget(client({ endpoint: dead }), "identity_openid", WANT);
    assert.equal(unreached.kind, "unreached");
    assert.match(
      (unreached as { message: string }).message,
      new RegExp(
        `^MinIO at ${dead} could not be read at preview \\(unreachable \\(GET /minio/admin/v3/get-config-kv: .*ECONNREFUSED.*\\)\\); ` +
          "its never-clobber checks run again when `up` applies the target, before anything is written$",
      ),
    );
  });
});
