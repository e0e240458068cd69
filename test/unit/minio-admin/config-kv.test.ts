import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  diffConfig,
  displayValues,
  encodeKeyValue,
  encodeSetLine,
  findTarget,
  isConfigured,
  parseConfigOutput,
  parseKeyValues,
  type ParsedTarget,
} from "../../../minio-admin/config-kv";
import { InputError } from "../../../minio-admin/errors";
import { desiredFromEnv, OPENID_KEYS } from "../../../minio-admin/openid-keys";
import { applySetText, DEFAULT_KVS, newOpenIdConfig, renderGet, toRecord } from "../../doubles/minio/kv-config";

/** A fresh target as the MinIO double stores it: every key at its default. */
const defaultKvs = (): Record<string, string> => Object.fromEntries(DEFAULT_KVS.map((kv) => [kv.key, kv.value]));

/** What the MinIO double's get-config-kv prints for one stored target ("_" is the default target). */
function printed(name: string, values: Record<string, string>): string {
  const cfg = newOpenIdConfig();
  cfg.set(
    name,
    Object.entries({ ...defaultKvs(), ...values }).map(([key, value]) => ({ key, value })),
  );
  return renderGet(cfg, `identity_openid:${name === "_" ? "" : name}`);
}

const target = (values: Record<string, string>, name = "identity_openid"): ParsedTarget => ({
  target: name,
  values,
  envOverrides: {},
});

describe("KV line encoding", () => {
  it("writes key=value, quoting values with whitespace and leaving empty values bare", () => {
    assert.equal(
      encodeSetLine("identity_openid:sso", [
        ["client_id", "minio"],
        ["display_name", "Login with SSO"],
        ["claim_prefix", ""],
        ["scopes", "openid,profile,email"],
      ]),
      'identity_openid:sso client_id=minio display_name="Login with SSO" claim_prefix= scopes=openid,profile,email',
    );
    assert.equal(encodeKeyValue("comment", 'a "quoted" word'), 'comment="a "quoted" word"');
  });

  it("refuses values MinIO would read differently, naming the key but never the value", () => {
    const cases: [string, string, string][] = [
      ["client_secret", "two\nlines", "the value of client_secret contains a control character or line break"],
      ["display_name", " padded", "the value of display_name starts or ends with whitespace, which MinIO would strip"],
      ["client_secret", '"quoted"', "the value of client_secret starts or ends with a quote, which MinIO would strip"],
      [
        "config_url",
        "https://idp/?client_id=x",
        'the value of config_url contains the text "client_id=", which MinIO would read as the start of another key',
      ],
    ];
    for (const [key, value, message] of cases) {
      assert.throws(() => encodeKeyValue(key, value), new InputError(message));
    }
    assert.throws(() => encodeKeyValue("jwks_url", "x"), new InputError("jwks_url is not an identity_openid key"));
    assert.throws(() => encodeSetLine("identity_openid", []), new InputError("nothing to set"));
  });

  it("produces lines that MinIO's parser reads back to exactly the intended values (property)", () => {
    // Fragments that often form troublesome values: spaces, quotes, '=' and other keys' names.
    const fragment = fc.constantFrom("a", "Zé✓", " ", "=", '"', "'", ",", "/", "client_id", "scopes", "comment", "x y");
    const value = fc.array(fragment, { maxLength: 6 }).map((parts) => parts.join(""));
    const keys = ["display_name", "client_id", "client_secret", "scopes", "comment", "role_policy"];
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...keys), { minLength: 1 }),
        fc.array(value, { minLength: 6 }),
        (chosen, values) => {
          const pairs = chosen.map((k, i) => [k, values[i]] as const);
          const unsafe = (v: string) =>
            v !== v.trim() || /^["']|["']$/.test(v) || OPENID_KEYS.some((s) => v.includes(`${s.key}=`));
          if (pairs.some(([, v]) => unsafe(v))) {
            assert.throws(() => encodeSetLine("identity_openid:t1", pairs), InputError);
            return;
          }
          // enable=off, so the double's required-key check (config_url, client_id, client_secret) stays out of it.
          const cfg = newOpenIdConfig();
          applySetText(cfg, encodeSetLine("identity_openid:t1", [["enable", "off"], ...pairs]));
          const stored = toRecord(cfg)["identity_openid:t1"];
          assert.deepEqual(Object.fromEntries(pairs.map(([k]) => [k, stored[k]])), Object.fromEntries(pairs));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("get-config-kv output parsing", () => {
  it("parses targets, quoted values, empty values, and environment override lines", () => {
    const text =
      "# MINIO_IDENTITY_OPENID_CLAIM_NAME_SSO=groups\n" +
      'identity_openid:sso display_name="Login with SSO" config_url=http://idp/.well-known/openid-configuration client_id=minio claim_name=policy claim_userinfo= scopes=openid \n' +
      "identity_openid enable= client_secret= claim_name=policy \n";
    const parsed = parseConfigOutput(text);
    assert.deepEqual(parsed, [
      {
        target: "identity_openid:sso",
        values: {
          display_name: "Login with SSO",
          config_url: "http://idp/.well-known/openid-configuration",
          client_id: "minio",
          claim_name: "policy",
          claim_userinfo: "",
          scopes: "openid",
        },
        envOverrides: { MINIO_IDENTITY_OPENID_CLAIM_NAME_SSO: "groups" },
      },
      { target: "identity_openid", values: { enable: "", client_secret: "", claim_name: "policy" }, envOverrides: {} },
    ]);
    assert.equal(findTarget(parsed, "identity_openid:sso"), parsed[0]);
    assert.equal(findTarget(parsed, "identity_openid:_"), parsed[1]);
    assert.equal(findTarget(parsed, "identity_openid:other"), null);
  });

  it("ends a quoted value at the quote that is followed by the next key", () => {
    assert.deepEqual(parseKeyValues('comment="a "b" c" scopes=x display_name="x y"'), {
      comment: 'a "b" c',
      scopes: "x",
      display_name: "x y",
    });
    assert.throws(() => parseKeyValues("client_id=a ???"), /unexpected text in config output at column 13/);
  });

  it("reads back whatever MinIO prints for stored values (property)", () => {
    const value = fc.string({ unit: fc.constantFrom(..."ab1 _-./:,é"), maxLength: 20 }).map((v) => v.trim());
    fc.assert(
      fc.property(value, value, value, (display, scopes, comment) => {
        const kvs = { display_name: display, scopes, comment, client_id: "c", client_secret: "s" };
        const parsed = parseConfigOutput(printed("x", kvs));
        assert.equal(parsed.length, 1);
        assert.equal(parsed[0].values.display_name, display);
        assert.equal(parsed[0].values.scopes, scopes);
        assert.equal(parsed[0].values.comment, comment);
        assert.equal(parsed[0].values.client_secret, undefined);
      }),
      { numRuns: 200 },
    );
  });
});

describe("diff of current against desired", () => {
  const env = {
    MINIO_OPENID_CONFIG_URL: "http://idp/.well-known/openid-configuration",
    MINIO_OPENID_CLIENT_ID: "minio",
    MINIO_OPENID_CLIENT_SECRET: "s3cret",
    MINIO_OPENID_DISPLAY_NAME: "SSO",
    MINIO_OPENID_SCOPES: "openid,profile",
  };
  const desired = desiredFromEnv(env);
  const stored = {
    ...defaultKvs(),
    enable: "on",
    display_name: "SSO",
    config_url: env.MINIO_OPENID_CONFIG_URL,
    client_id: "minio",
    client_secret: "s3cret",
    scopes: "openid,profile",
  };
  const shown = (kvs: Record<string, string>) => parseConfigOutput(printed("_", kvs))[0];

  it("for an absent target sends the required keys and every non-default one", () => {
    assert.deepEqual(diffConfig(null, desired), [
      "enable",
      "display_name",
      "config_url",
      "client_id",
      "client_secret",
      "scopes",
    ]);
  });

  it("finds nothing to do when the shown config matches (the hidden secret counts as unchanged)", () => {
    assert.deepEqual(diffConfig(shown(stored), desired), []);
  });

  it("sends changed keys, plus the hidden secret along with any other change", () => {
    assert.deepEqual(diffConfig(shown({ ...stored, scopes: "openid" }), desired), ["client_secret", "scopes"]);
    assert.deepEqual(diffConfig(shown({ ...stored, enable: "off" }), desired), ["enable", "client_secret"]);
    assert.deepEqual(diffConfig(shown({ ...stored, role_policy: "readonly" }), desired), [
      "client_secret",
      "role_policy",
    ]);
  });

  it("sends the secret alone when MinIO shows it empty", () => {
    assert.deepEqual(diffConfig(shown({ ...stored, client_secret: "" }), desired), ["client_secret"]);
  });

  it("knows which targets are configured and what show reports", () => {
    assert.equal(isConfigured(shown(defaultKvs())), false);
    assert.equal(isConfigured(shown({ ...defaultKvs(), enable: "off" })), false);
    assert.equal(isConfigured(shown(stored)), true);
    assert.deepEqual(displayValues(shown(stored)), {
      enable: "on",
      display_name: "SSO",
      config_url: env.MINIO_OPENID_CONFIG_URL,
      client_id: "minio",
      client_secret: "<redacted>",
      claim_name: "policy",
      claim_userinfo: "",
      role_policy: "",
      claim_prefix: "",
      redirect_uri: "",
      redirect_uri_dynamic: "off",
      scopes: "openid,profile",
      vendor: "",
      keycloak_realm: "",
      keycloak_admin_url: "",
      user_readable_claim: "",
      user_id_claim: "",
    });
    assert.equal(displayValues(target({ client_secret: "" })).client_secret, "");
  });
});
