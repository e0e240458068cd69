// The never-clobber check the component makes at preview, read-only, against the MinIO double: a foreign target, an
// environment override and another claim-based target each end the run with one message; an empty server lets the
// command through unchanged; an unreachable one is a warning.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MinioOpenIdConfig } from "../../components/minio-openid";
import { MinioAdminClient } from "../../minio-admin/client";
import { startMinioDouble, type MinioDouble } from "../doubles/minio";
import { startIssuer, type TestIssuer } from "../doubles/minio-tests/support/issuer";
import { closedLoopbackUrl } from "../support/net";
import { runWithMocks } from "./harness";
import { COMMAND_TYPE, SECRETS, applyLine, baseArgs, openIdExpectations } from "./openid-fixtures";

describe("MinioOpenIdConfig: the never-clobber check at preview", () => {
  let issuer: TestIssuer;
  const doubles: MinioDouble[] = [];
  before(async () => {
    issuer = await startIssuer({ clientId: "kc-client" });
  });
  after(async () => {
    for (const d of doubles) await d.close();
    await issuer.close();
  });

  /** A MinIO double with the stack's root keys, configured by hand through the admin API, then restarted. */
  const minioWith = async (lines: string[], env?: Record<string, string>) => {
    const minio = await startMinioDouble({ ...SECRETS, restartGapMs: 50, env });
    doubles.push(minio);
    const admin = new MinioAdminClient({ endpoint: minio.url, ...SECRETS });
    for (const line of lines) await admin.setConfigKV(line.replace("$URL", issuer.configUrl));
    if (lines.length > 0) await admin.restartAndWait({ timeoutMs: 10_000 });
    return minio;
  };
  const preview = (endpoint: string, over: Partial<ReturnType<typeof baseArgs>> = {}) =>
    runWithMocks({ ...openIdExpectations(applyLine("identity_openid")), preview: true, minioChecks: true }, () => {
      new MinioOpenIdConfig("sso", { ...baseArgs(), endpoint, ...over });
      return {};
    });

  it("an empty MinIO: the command is declared with its endpoint, nothing written", async () => {
    const minio = await minioWith([]);
    const run = await preview(minio.url);
    const environment = run.find(COMMAND_TYPE, "sso-identity-openid").inputs.environment as Record<string, unknown>;
    assert.equal(environment.MINIO_ENDPOINT, minio.url);
    assert.deepEqual(
      minio.requests().map((r) => `${r.method} ${r.path}`),
      ["GET /minio/admin/v3/get-config-kv"],
    );
  });

  it("a foreign target: one error naming the server, the target and the fix", async () => {
    const minio = await minioWith(["identity_openid config_url=$URL client_id=kc-client client_secret=kc-secret-1"]);
    await assert.rejects(preview(minio.url), {
      message:
        `MinIO at ${minio.url}: refusing to write identity_openid: identity_openid holds a configuration this stack ` +
        `did not write (client_id "kc-client", config_url "${issuer.configUrl}", and no client-secret-fp: mark in ` +
        "its comment). Fix: if it is the hand-made setup of this authentik application, set clientId to its " +
        "client_id so the stack adopts it; if it is no longer used, remove it (mc admin config reset ALIAS " +
        "identity_openid) and restart MinIO; otherwise give this stack another target (minioConfigName). Nothing " +
        "was changed",
    });
  });

  it("the same client_id and config_url written by hand: adopted, no error", async () => {
    const minio = await minioWith([
      "identity_openid config_url=$URL client_id=kc-client client_secret=kc-secret-1 comment=hand-made",
    ]);
    const run = await preview(minio.url, { configUrl: issuer.configUrl, clientId: "kc-client" });
    assert.equal(run.ofType(COMMAND_TYPE).length, 1);
  });

  it("an environment override and another claim-based target: both named in one error", async () => {
    const minio = await minioWith(
      ["identity_openid:corp config_url=$URL client_id=kc-client client_secret=kc-secret-1"],
      {
        MINIO_IDENTITY_OPENID_DISPLAY_NAME: "Corporate SSO",
      },
    );
    await assert.rejects(preview(minio.url), {
      message:
        `MinIO at ${minio.url}: refusing to write identity_openid: the server's environment sets ` +
        "MINIO_IDENTITY_OPENID_DISPLAY_NAME, which overrides what this stack writes to identity_openid, so its " +
        "values would not take effect. Fix: remove that variable from MinIO's environment (its container or service " +
        "definition) and restart MinIO, or leave identity_openid to whoever sets them and point this stack at " +
        "another target (minioConfigName). Also: identity_openid:corp is another claim-based OpenID target " +
        "(enabled, no role_policy), and MinIO loads only one, so it would refuse identity_openid at the restart. " +
        "Fix: give identity_openid:corp a role_policy, turn it off (enable=off) or remove it (mc admin config reset " +
        "ALIAS identity_openid:corp), then restart MinIO. Nothing was changed",
    });
  });

  it("at up, an unreachable MinIO stops the update before anything is declared past the check", async () => {
    const dead = await closedLoopbackUrl();
    const up = runWithMocks({ ...openIdExpectations(applyLine("identity_openid")), minioChecks: true }, () => {
      new MinioOpenIdConfig("sso", { ...baseArgs(), endpoint: dead });
      return {};
    });
    await assert.rejects(up, (err: Error) => {
      assert.match(
        err.message,
        new RegExp(
          `^MinIO at ${dead} could not be read \\(unreachable \\(GET /minio/admin/v3/get-config-kv: .*ECONNREFUSED.*\\)\\), ` +
            "so this update stops before anything is written in authentik or MinIO\\. Fix: check that MinIO is up " +
            "and that minioEndpoint is its S3/admin API \\(pulumi config set minioEndpoint <scheme://host:port>\\), " +
            "then run pulumi up again$",
        ),
      );
      return true;
    });
  });

  it("an unreachable MinIO at preview is a warning: the command is still declared", async () => {
    const dead = await closedLoopbackUrl();
    const run = await preview(dead);
    assert.equal(run.ofType(COMMAND_TYPE).length, 1);
  });
});
