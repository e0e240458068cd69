import { test } from "node:test";
import assert from "node:assert/strict";
import {
  OPENID_KEYS,
  checkEndpoint,
  configKeyName,
  formatList,
  formatRestartTimeout,
  onOff,
  openIdEnvironment,
  openIdVariable,
  parseApplyResult,
} from "../../components/minio-openid";
import { CLI_DEFAULTS } from "./openid-fixtures";

const REQUIRED = {
  endpoint: "http://127.0.0.1:9000",
  accessKey: "ak",
  secretKey: "sk",
  configName: "",
  configUrl: "https://idp.test/.well-known/openid-configuration",
  clientId: "cid",
  clientSecret: "cs",
  claimName: "policy",
  scopes: "openid",
  redirectUri: "https://console.test/oauth_callback",
  displayName: "SSO",
};

test("openIdVariable upper-cases the key behind MINIO_OPENID_", () => {
  assert.equal(openIdVariable("claim_userinfo"), "MINIO_OPENID_CLAIM_USERINFO");
  assert.equal(openIdVariable("config_url"), "MINIO_OPENID_CONFIG_URL");
});

test("the managed keys map to exactly the CLI contract's variables", () => {
  assert.deepEqual(Object.values(OPENID_KEYS).map(openIdVariable).sort(), [
    "MINIO_OPENID_CLAIM_NAME",
    "MINIO_OPENID_CLAIM_PREFIX",
    "MINIO_OPENID_CLAIM_USERINFO",
    "MINIO_OPENID_CLIENT_ID",
    "MINIO_OPENID_CLIENT_SECRET",
    "MINIO_OPENID_COMMENT",
    "MINIO_OPENID_CONFIG_URL",
    "MINIO_OPENID_DISPLAY_NAME",
    "MINIO_OPENID_REDIRECT_URI",
    "MINIO_OPENID_REDIRECT_URI_DYNAMIC",
    "MINIO_OPENID_ROLE_POLICY",
    "MINIO_OPENID_SCOPES",
    "MINIO_OPENID_VENDOR",
  ]);
});

test("openIdEnvironment with required settings only: every other variable gets the CLI's default explicitly", () => {
  assert.deepEqual(openIdEnvironment(REQUIRED), {
    MINIO_ENDPOINT: "http://127.0.0.1:9000",
    MINIO_ACCESS_KEY: "ak",
    MINIO_SECRET_KEY: "sk",
    MINIO_OPENID_CONFIG_NAME: "",
    MINIO_OPENID_CONFIG_URL: "https://idp.test/.well-known/openid-configuration",
    MINIO_OPENID_CLIENT_ID: "cid",
    MINIO_OPENID_CLIENT_SECRET: "cs",
    MINIO_OPENID_CLAIM_NAME: "policy",
    MINIO_OPENID_SCOPES: "openid",
    MINIO_OPENID_REDIRECT_URI: "https://console.test/oauth_callback",
    MINIO_OPENID_DISPLAY_NAME: "SSO",
    ...CLI_DEFAULTS,
  });
});

test("openIdEnvironment: optional settings given override the defaults; the variable set never changes", () => {
  const env = openIdEnvironment({
    ...REQUIRED,
    region: "us-west-2",
    restartTimeoutSeconds: "30",
    claimPrefix: "p_",
    rolePolicy: "readonly",
    vendor: undefined,
    comment: "",
  });
  assert.deepEqual(Object.keys(env).sort(), Object.keys(openIdEnvironment(REQUIRED)).sort());
  assert.equal(env.MINIO_REGION, "us-west-2");
  assert.equal(env.MINIO_RESTART_TIMEOUT_SECONDS, "30");
  assert.equal(env.MINIO_OPENID_CLAIM_PREFIX, "p_");
  assert.equal(env.MINIO_OPENID_ROLE_POLICY, "readonly");
  assert.equal(env.MINIO_OPENID_COMMENT, "", "an explicit empty value is kept: it clears the key");
  assert.equal(env.MINIO_OPENID_VENDOR, "", "an undefined setting gets MinIO's default, not the caller's environment");
});

test("configKeyName: default and named targets", () => {
  assert.equal(configKeyName(), "identity_openid");
  assert.equal(configKeyName(""), "identity_openid");
  assert.equal(configKeyName("authentik"), "identity_openid:authentik");
  assert.equal(configKeyName("Corp_SSO2"), "identity_openid:Corp_SSO2");
  assert.equal(configKeyName("a".repeat(64)), `identity_openid:${"a".repeat(64)}`);
});

test("configKeyName rejects the reserved default name and names MinIO cannot parse", () => {
  assert.throws(() => configKeyName("_"), {
    message: 'MinioOpenIdConfig: configName "_" is MinIO\'s default target; use "" instead',
  });
  // The admin CLI's rule: what it would refuse at `pulumi up` fails here, before anything is declared.
  for (const bad of ["a:b", "a b", "a=b", "ä", "-x", "_x", ".x", "a".repeat(65)]) {
    assert.throws(() => configKeyName(bad), {
      message: `MinioOpenIdConfig: configName "${bad}" must be empty or 1-64 letters, digits and "_", starting with a letter or digit`,
    });
  }
});

test("formatList joins with commas and rejects empty, comma or blank elements", () => {
  assert.equal(formatList("scopes", ["openid", "profile", "email"]), "openid,profile,email");
  assert.equal(formatList("scopes", []), "");
  assert.throws(() => formatList("scopes", ["openid", ""]), {
    message: 'MinioOpenIdConfig: scopes element "" must be non-empty, without "," or whitespace',
  });
  assert.throws(() => formatList("rolePolicy", ["a,b"]), {
    message: 'MinioOpenIdConfig: rolePolicy element "a,b" must be non-empty, without "," or whitespace',
  });
  assert.throws(() => formatList("scopes", ["open id"]), /scopes element "open id"/);
});

test("onOff spells booleans the MinIO way", () => {
  assert.equal(onOff(true), "on");
  assert.equal(onOff(false), "off");
});

test("checkEndpoint applies the admin CLI's endpoint rule and returns the origin", () => {
  assert.equal(checkEndpoint("http://127.0.0.1:9000"), "http://127.0.0.1:9000");
  assert.equal(checkEndpoint("https://Minio.Example.test:443/"), "https://minio.example.test");
  assert.throws(() => checkEndpoint("ftp://host"), { message: "MinioOpenIdConfig: endpoint must use http or https" });
  assert.throws(() => checkEndpoint("http://127.0.0.1:9000/minio"), {
    message: "MinioOpenIdConfig: endpoint must be a bare origin such as http://127.0.0.1:9000, without path or query",
  });
  assert.throws(() => checkEndpoint("http://ak:pw-77aa@127.0.0.1:9000"), {
    message: "MinioOpenIdConfig: endpoint must not hold credentials; use MINIO_ACCESS_KEY and MINIO_SECRET_KEY",
  });
  assert.throws(() => checkEndpoint(""), {
    message: "MinioOpenIdConfig: endpoint must be set, e.g. http://127.0.0.1:9000",
  });
});

test("formatRestartTimeout wants a positive whole number", () => {
  assert.equal(formatRestartTimeout(60), "60");
  for (const bad of [0, -5, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
    assert.throws(() => formatRestartTimeout(bad), {
      message: `MinioOpenIdConfig: restartTimeoutSeconds must be a positive whole number, got ${bad}`,
    });
  }
});

test("parseApplyResult reads the CLI's apply line", () => {
  const line = '{"config":"identity_openid:x","changed":true,"restarted":false,"keys":["scopes"]}\n';
  assert.deepEqual(parseApplyResult(line, "identity_openid:x"), {
    config: "identity_openid:x",
    changed: true,
    restarted: false,
    keys: ["scopes"],
  });
});

test("parseApplyResult rejects other output without repeating it", () => {
  const noise = "token=abc123 not json";
  assert.throws(() => parseApplyResult(noise, "identity_openid"), {
    message: "MinioOpenIdConfig: the admin CLI's apply output is not one JSON line",
  });
  assert.throws(() => parseApplyResult('{"config":"identity_openid","changed":"yes"}', "identity_openid"), {
    message: "MinioOpenIdConfig: the admin CLI's apply output lacks config/changed/restarted/keys",
  });
  assert.throws(() => parseApplyResult("null", "identity_openid"), /lacks config\/changed\/restarted\/keys/);
  const other = '{"config":"identity_openid:y","changed":false,"restarted":false,"keys":[]}';
  assert.throws(() => parseApplyResult(other, "identity_openid"), {
    message: "MinioOpenIdConfig: the admin CLI applied identity_openid:y, expected identity_openid",
  });
});
