import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  awsConfigWithProfile,
  credentialProcessJson,
  exportLines,
  mcHostUrl,
  writeMcAlias,
} from "../../../login/lib/outputs";
import { current } from "../../../login/lib/session";
import { saveSession } from "../../../login/lib/files";

const creds = {
  accessKeyId: "AKIA1",
  secretAccessKey: "se'cret",
  sessionToken: "ey.tok",
  expiration: "2026-12-04T23:00:00Z",
};

describe("outputs", () => {
  it("export lines: single-quoted values, the endpoint, and MC_HOST_<alias> with the session token", () => {
    assert.equal(
      exportLines("https://minio.example.com", "my-minio", creds),
      [
        "export AWS_ACCESS_KEY_ID='AKIA1'",
        "export AWS_SECRET_ACCESS_KEY='se'\\''cret'",
        "export AWS_SESSION_TOKEN='ey.tok'",
        "export AWS_ENDPOINT_URL='https://minio.example.com'",
        "export MC_HOST_my_minio='https://AKIA1:se'\\''cret:ey.tok@minio.example.com'",
        "# valid until 2026-12-04T23:00:00Z",
      ].join("\n"),
    );
    assert.equal(
      mcHostUrl("http://127.0.0.1:9000", { ...creds, secretAccessKey: "a:b" }),
      "http://AKIA1:a%3Ab:ey.tok@127.0.0.1:9000",
    );
  });

  it("mc: adds the alias to config.json (0600) and keeps the others", () => {
    const file = join(mkdtempSync(join(tmpdir(), "mc-")), "config.json");
    writeFileSync(file, JSON.stringify({ version: "10", aliases: { play: { url: "https://play.min.io" } } }));
    writeMcAlias(file, "minio", "http://127.0.0.1:9000/", creds);
    const config = JSON.parse(readFileSync(file, "utf8"));
    assert.deepEqual(config.aliases, {
      play: { url: "https://play.min.io" },
      minio: {
        url: "http://127.0.0.1:9000",
        accessKey: "AKIA1",
        secretKey: "se'cret",
        sessionToken: "ey.tok",
        api: "s3v4",
        path: "auto",
      },
    });
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it("AWS config: replaces the profile's section in place, keeps the rest, or appends it", () => {
    const before =
      "[default]\nregion = eu-west-1\n\n[profile minio]\naws_access_key_id = OLD\n\n[profile other]\nregion = x\n";
    assert.equal(
      awsConfigWithProfile(before, "minio", "minio-sso credential-process --name minio", "https://m"),
      "[default]\nregion = eu-west-1\n\n[profile minio]\ncredential_process = minio-sso credential-process --name minio\nendpoint_url = https://m\n[profile other]\nregion = x\n",
    );
    assert.equal(
      awsConfigWithProfile("[default]\nregion = x\n", "minio", "cmd", "https://m"),
      "[default]\nregion = x\n\n[profile minio]\ncredential_process = cmd\nendpoint_url = https://m\n",
    );
    assert.equal(
      awsConfigWithProfile(undefined, "default", "cmd", "https://m"),
      "[default]\ncredential_process = cmd\nendpoint_url = https://m\n",
    );
  });

  it("credential_process JSON is version 1 with an ISO 8601 expiration", () => {
    assert.deepEqual(JSON.parse(credentialProcessJson(creds)), {
      Version: 1,
      AccessKeyId: "AKIA1",
      SecretAccessKey: "se'cret",
      SessionToken: "ey.tok",
      Expiration: "2026-12-04T23:00:00.000Z",
    });
  });
});

describe("stored sign-in", () => {
  const profile = {
    version: 1 as const,
    name: "unit",
    issuer: "http://127.0.0.1:1/application/o/x/",
    clientId: "x",
    minioEndpoint: "http://127.0.0.1:1",
    scopes: ["openid"],
    claimName: "policy",
  };

  it("hands out stored credentials while they last, without asking any server; the file is 0600", async () => {
    process.env.MINIO_SSO_CONFIG_DIR = mkdtempSync(join(tmpdir(), "sso-"));
    saveSession({ profile, refreshToken: "r", credentials: creds });
    const got = await current("unit", { log: () => undefined, now: Date.parse(creds.expiration) - 120_000 });
    assert.deepEqual(got.credentials, creds);
    assert.equal(got.renewed, false);
    const file = join(process.env.MINIO_SSO_CONFIG_DIR, "sessions", "unit.json");
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it("asks for a new sign-in when the credentials ran out and there is no refresh token, or no sign-in at all", async () => {
    process.env.MINIO_SSO_CONFIG_DIR = mkdtempSync(join(tmpdir(), "sso-"));
    saveSession({ profile, credentials: creds });
    await assert.rejects(current("unit", { log: () => undefined, now: Date.parse(creds.expiration) }), {
      kind: "expired-session",
      message: 'the credentials of "unit" expired and there is no refresh token; run minio-sso login again',
    });
    await assert.rejects(current("nobody", { log: () => undefined }), {
      kind: "expired-session",
      message: 'no sign-in named "nobody" on this machine; run minio-sso login --profile <file or URL> first',
    });
  });
});
