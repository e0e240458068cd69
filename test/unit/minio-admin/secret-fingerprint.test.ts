import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runCli } from "../../../minio-admin/cli";
import {
  fingerprintInComment,
  secretFingerprint,
  withSecretFingerprint,
} from "../../../minio-admin/secret-fingerprint";
import { CLIENT_ID, ROOT_ACCESS, ROOT_SECRET, startWorld, type World } from "../../doubles/minio-tests/support/world";

describe("client secret fingerprint (pure)", () => {
  it("is a keyed 128-bit hex digest that changes with the secret and with the root key", () => {
    const fp = secretFingerprint("root-key-1", "client-secret-a");
    assert.match(fp, /^[0-9a-f]{32}$/);
    assert.equal(secretFingerprint("root-key-1", "client-secret-a"), fp);
    assert.notEqual(secretFingerprint("root-key-1", "client-secret-b"), fp);
    assert.notEqual(secretFingerprint("root-key-2", "client-secret-a"), fp);
  });

  it("goes into comment, after the user's own comment, and never carries the secret itself", () => {
    const fp = secretFingerprint("rk", "s3cr3t-value");
    assert.deepEqual(withSecretFingerprint({ client_secret: "s3cr3t-value", comment: "" }, "rk"), {
      client_secret: "s3cr3t-value",
      comment: `client-secret-fp:${fp}`,
    });
    const withUser = withSecretFingerprint({ client_secret: "s3cr3t-value", comment: "managed by CI" }, "rk");
    assert.equal(withUser.comment, `managed by CI client-secret-fp:${fp}`);
    assert.ok(!withUser.comment.includes("s3cr3t-value"));
  });

  it("is read back from a comment: the last well-formed fingerprint, exact hex only", () => {
    const FP = secretFingerprint("rk", "s3cr3t-value");
    const written = withSecretFingerprint({ client_secret: "s3cr3t-value", comment: "managed by CI" }, "rk").comment;
    assert.equal(fingerprintInComment(written), FP);
    assert.equal(fingerprintInComment(`client-secret-fp:${FP}`), FP);
    assert.equal(fingerprintInComment(`mine client-secret-fp:${"a".repeat(32)} client-secret-fp:${FP}`), FP);
    assert.equal(fingerprintInComment(`client-secret-fp:${FP.toUpperCase()}`), undefined);
    assert.equal(fingerprintInComment(`client-secret-fp:${FP.slice(1)}`), undefined);
    assert.equal(fingerprintInComment(`client-secret-fp:${FP}0`), undefined);
  });

  it("leaves an empty secret alone (MinIO shows an empty secret, so it is compared directly)", () => {
    assert.deepEqual(withSecretFingerprint({ client_secret: "", comment: "x" }, "rk"), {
      client_secret: "",
      comment: "x",
    });
  });
});

describe("apply detects a rotated client secret against the MinIO double", () => {
  let w: World;
  const printed: string[] = [];
  const io = { stdout: (l: string) => printed.push(l), stderr: (l: string) => printed.push(l) };
  const env = (secret: string): Record<string, string> => ({
    MINIO_ENDPOINT: w.minio.url,
    MINIO_ACCESS_KEY: ROOT_ACCESS,
    MINIO_SECRET_KEY: ROOT_SECRET,
    MINIO_RESTART_TIMEOUT_SECONDS: "5",
    MINIO_OPENID_CONFIG_URL: w.issuer.configUrl,
    MINIO_OPENID_CLIENT_ID: CLIENT_ID,
    MINIO_OPENID_CLIENT_SECRET: secret,
  });
  const apply = async (secret: string): Promise<Record<string, unknown>> => {
    printed.length = 0;
    assert.equal(await runCli(["apply"], env(secret), io), 0, printed.join("\n"));
    assert.equal(printed.length, 1);
    return JSON.parse(printed[0]) as Record<string, unknown>;
  };
  before(async () => {
    w = await startWorld();
  });
  after(() => w.close());

  it("sets, then changes nothing, then sends only comment + client_secret when the secret rotates", async () => {
    assert.equal((await apply("first-client-secret-0001")).restarted, true);
    assert.equal(w.minio.restarts(), 1);
    assert.deepEqual(await apply("first-client-secret-0001"), {
      config: "identity_openid",
      changed: false,
      restarted: false,
      keys: [],
    });
    assert.equal(w.minio.restarts(), 1);
    const rotated = await apply("second-client-secret-0002");
    assert.deepEqual(rotated, {
      config: "identity_openid",
      changed: true,
      restarted: true,
      keys: ["client_secret", "comment"],
    });
    assert.equal(w.minio.restarts(), 2);
    assert.equal(w.minio.loadedConfig()["identity_openid"].client_secret, "second-client-secret-0002");
    assert.ok(!printed.join("\n").includes("second-client-secret-0002"));
  });
});
