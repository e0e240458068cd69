import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { InputError, parseErrorBody, scrubSecrets } from "../../../minio-admin/errors";
import { desiredFromEnv, envVarForKey } from "../../../minio-admin/openid-keys";
import { readConnectionSettings } from "../../../minio-admin/settings";

const base = { MINIO_ENDPOINT: "http://127.0.0.1:9000", MINIO_ACCESS_KEY: "root", MINIO_SECRET_KEY: "root-secret-1" };

describe("connection settings from the environment", () => {
  it("applies the documented defaults", () => {
    assert.deepEqual(readConnectionSettings(base), {
      endpoint: "http://127.0.0.1:9000",
      accessKey: "root",
      secretKey: "root-secret-1",
      region: "us-east-1",
      target: "identity_openid",
      restartTimeoutMs: 60_000,
      requestTimeoutMs: 30_000,
      caCertificates: [],
    });
  });

  it("reads region, config name and timeouts", () => {
    const s = readConnectionSettings({
      ...base,
      MINIO_ENDPOINT: "https://minio.example.test/",
      MINIO_REGION: "eu-west-1",
      MINIO_OPENID_CONFIG_NAME: "authentik",
      MINIO_RESTART_TIMEOUT_SECONDS: "2.5",
      MINIO_REQUEST_TIMEOUT_SECONDS: "7",
    });
    assert.deepEqual(
      [s.endpoint, s.region, s.target, s.restartTimeoutMs, s.requestTimeoutMs],
      ["https://minio.example.test", "eu-west-1", "identity_openid:authentik", 2500, 7000],
    );
  });

  it("lists every problem at once and never echoes the secret key", () => {
    assert.throws(
      () =>
        readConnectionSettings({
          MINIO_ENDPOINT: "ftp://x",
          MINIO_SECRET_KEY: "",
          MINIO_OPENID_CONFIG_NAME: "has space",
          MINIO_RESTART_TIMEOUT_SECONDS: "-1",
        }),
      new InputError(
        "MINIO_ENDPOINT must use http or https; MINIO_ACCESS_KEY must be set and non-empty; " +
          "MINIO_SECRET_KEY must be set and non-empty; MINIO_OPENID_CONFIG_NAME must be empty or 1-64 letters, " +
          'digits and "_", starting with a letter or digit; ' +
          'MINIO_RESTART_TIMEOUT_SECONDS must be a number of seconds between 0 and 86400 (got "-1")',
      ),
    );
  });

  it("refuses endpoints with credentials, paths or queries", () => {
    const message = (endpoint: string) => {
      try {
        readConnectionSettings({ ...base, MINIO_ENDPOINT: endpoint });
        return "accepted";
      } catch (err) {
        return (err as Error).message;
      }
    };
    assert.equal(
      message("http://ak:sk@127.0.0.1:9000"),
      "MINIO_ENDPOINT must not hold credentials; use MINIO_ACCESS_KEY and MINIO_SECRET_KEY",
    );
    assert.equal(
      message("http://127.0.0.1:9000/minio"),
      "MINIO_ENDPOINT must be a bare origin such as http://127.0.0.1:9000, without path or query",
    );
    assert.equal(message("not a url"), "MINIO_ENDPOINT is not a URL (expected e.g. http://127.0.0.1:9000)");
    assert.equal(message(""), "MINIO_ENDPOINT must be set, e.g. http://127.0.0.1:9000");
  });
});

describe("desired identity_openid values from the environment", () => {
  const required = {
    MINIO_OPENID_CONFIG_URL: "http://idp/.well-known/openid-configuration",
    MINIO_OPENID_CLIENT_ID: "minio",
    MINIO_OPENID_CLIENT_SECRET: "top-secret-value",
  };

  it("maps MINIO_OPENID_<KEY> to every key, with defaults for unset ones and enable=on", () => {
    assert.equal(envVarForKey("redirect_uri_dynamic"), "MINIO_OPENID_REDIRECT_URI_DYNAMIC");
    const desired = desiredFromEnv({ ...required, MINIO_OPENID_ROLE_POLICY: "readonly", MINIO_OPENID_SCOPES: "" });
    assert.deepEqual(desired, {
      enable: "on",
      display_name: "",
      config_url: required.MINIO_OPENID_CONFIG_URL,
      client_id: "minio",
      client_secret: "top-secret-value",
      claim_name: "policy",
      claim_userinfo: "",
      role_policy: "readonly",
      claim_prefix: "",
      redirect_uri: "",
      redirect_uri_dynamic: "off",
      scopes: "",
      vendor: "",
      keycloak_realm: "",
      keycloak_admin_url: "",
      user_readable_claim: "",
      user_id_claim: "",
      comment: "",
    });
  });

  it("refuses unknown MINIO_OPENID_ variables and missing required ones, naming variables only", () => {
    assert.throws(
      () => desiredFromEnv({ MINIO_OPENID_CLIENTID: "typo", MINIO_OPENID_CLIENT_SECRET: "" }),
      new InputError(
        "MINIO_OPENID_CLIENTID is not a known identity_openid setting; MINIO_OPENID_CONFIG_URL must be set and non-empty; " +
          "MINIO_OPENID_CLIENT_ID must be set and non-empty; MINIO_OPENID_CLIENT_SECRET must be set and non-empty",
      ),
    );
  });
});

describe("error helpers", () => {
  it("reads MinIO's JSON and XML error bodies", () => {
    assert.deepEqual(parseErrorBody('{"Code":"XMinioAdminConfigBadJSON","Message":"bad url","Resource":"/x"}'), {
      code: "XMinioAdminConfigBadJSON",
      message: "bad url",
    });
    assert.deepEqual(
      parseErrorBody(
        '<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access &amp; Denied.</Message></Error>',
      ),
      { code: "AccessDenied", message: "Access & Denied." },
    );
    assert.deepEqual(parseErrorBody("plain text"), {});
  });

  it("scrubs secrets in raw, JSON-escaped and URL-encoded forms", () => {
    const secret = 'p@ss "w/ord"';
    const text = `a ${secret} b ${JSON.stringify(secret)} c ${encodeURIComponent(secret)}`;
    assert.equal(scrubSecrets(text, [secret, undefined, ""]), 'a <redacted> b "<redacted>" c <redacted>');
  });
});
