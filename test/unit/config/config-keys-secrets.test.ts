/** Unknown project keys, secret keys stored in plain text, unusable characters in secrets, and escaped echoes. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadConfig, rawFromConfigs, type ConfigGetter } from "../../../lib/config";
import { nearestKey } from "../../../lib/config-keys";
import { quote } from "../../../lib/config-rules";
import { SECRETS, problems, validRaw } from "./fixtures";

/** A getter over `values` that lists `keys` as the stack's project keys and calls `plain` keys unencrypted. */
function getter(values: Record<string, string | undefined>, keys: string[] = [], plain: string[] = []): ConfigGetter {
  return {
    get: (key) => values[key],
    isSecret: (key) => !plain.includes(key),
    keys: () => [...Object.keys(values).filter((k) => !k.includes(":")), ...keys],
  };
}

describe("unknown project keys", () => {
  it("are refused, each naming the nearest known key and the commands that fix it", () => {
    assert.deepEqual(problems(getter(validRaw(), ["fallbackPolicies", "minioEndpont", "applicationslug"])), [
      "fallbackPolicies: is not a key of this program, so its value would be ignored; did you mean fallbackPolicy? | " +
        "pulumi config rm fallbackPolicies && pulumi config set fallbackPolicy readonly",
      "minioEndpont: is not a key of this program, so its value would be ignored; did you mean minioEndpoint? | " +
        "pulumi config rm minioEndpont && pulumi config set minioEndpoint https://minio.example.com",
      "applicationslug: is not a key of this program, so its value would be ignored; did you mean applicationSlug? | " +
        "pulumi config rm applicationslug && pulumi config set applicationSlug minio",
    ]);
  });

  it("a key near none is refused without a guess; an odd key is shown escaped", () => {
    assert.deepEqual(problems(getter(validRaw(), ["replicas", "bad\u2028key"])), [
      'replicas: is not a key of this program, so its value would be ignored (README, "Configuration" lists the ' +
        "keys). | pulumi config rm replicas",
      '"bad\\u2028key": is not a key of this program, so its value would be ignored (README, "Configuration" lists ' +
        'the keys). | pulumi config rm "bad\\u2028key"',
    ]);
  });

  it("nearestKey: typos and plurals of project keys, never a provider key", () => {
    assert.equal(nearestKey("groupPolicy"), "groupPolicies");
    assert.equal(nearestKey("customPolicy"), "customPolicies");
    assert.equal(nearestKey("minioAcessKey"), "minioAccessKey");
    assert.equal(nearestKey("token"), undefined);
    assert.equal(nearestKey("xyz"), undefined);
  });
});

describe("secret keys stored in plain text", () => {
  it("are refused for each secret key, the authentik token included, never quoting the value", () => {
    const raw = validRaw({ clientSecret: SECRETS.clientSecret });
    const plain = ["authentik:token", "clientSecret", "minioAccessKey", "minioSecretKey"];
    const fix = (key: string) =>
      `${key}: is stored in plain text in the stack file; a secret must be stored encrypted. | pulumi config set --secret ${key}`;
    assert.deepEqual(problems(getter(raw, [], plain)), plain.map(fix));
  });

  it("a token from AUTHENTIK_TOKEN is not in the stack file, so it is not refused as plain text", () => {
    const values = validRaw({ "authentik:token": undefined });
    const project: ConfigGetter = { get: (key) => values[key] };
    const authentik: ConfigGetter = { get: (key) => values[`authentik:${key}`] };
    const isSecret = (key: string) => key !== "authentik:token";
    const raw = rawFromConfigs(project, authentik, isSecret, { AUTHENTIK_TOKEN: SECRETS.token });
    assert.equal(loadConfig(raw).authentik.token.reveal(), SECRETS.token);
    const fromFile = rawFromConfigs(
      project,
      { get: (k) => (k === "token" ? SECRETS.token : values[`authentik:${k}`]) },
      isSecret,
    );
    assert.throws(() => loadConfig(fromFile), /authentik:token: is stored in plain text in the stack file/);
  });
});

describe("characters a secret cannot carry", () => {
  it("a token with a line break, a blank or a non-ASCII character is refused before it is sent", () => {
    for (const [token, at] of [
      [`${SECRETS.token}\n`, 23],
      [` ${SECRETS.token}`, 1],
      [`${SECRETS.token}\u00a0`, 23],
    ] as const) {
      assert.deepEqual(problems(validRaw({ "authentik:token": token })), [
        `authentik:token: holds a blank, a line break, a control or a non-ASCII character (character ${at} of ` +
          `${[...token].length}); an authentik API token is printable ASCII without blanks, so it was not sent. | ` +
          "pulumi config set --secret authentik:token",
      ]);
    }
  });

  it("MinIO keys with a NUL, a line break, a surrounding blank, or an access key with = or , are refused", () => {
    assert.deepEqual(
      problems(validRaw({ minioAccessKey: `${SECRETS.accessKey}=x`, minioSecretKey: `${SECRETS.secretKey}\u0000` })),
      [
        'minioAccessKey: contains "=" or ",", which MinIO refuses in an access key (its reserved characters). | ' +
          "pulumi config set --secret minioAccessKey",
        "minioSecretKey: holds a control character or line break (character 25); MinIO keys are printable text. | " +
          "pulumi config set --secret minioSecretKey",
      ],
    );
    assert.deepEqual(problems(validRaw({ minioAccessKey: `${SECRETS.accessKey} ` })), [
      "minioAccessKey: starts or ends with a blank; MinIO keys have none. | pulumi config set --secret minioAccessKey",
    ]);
  });
});

describe("echoed values", () => {
  it("show line-breaking and invisible characters escaped", () => {
    assert.equal(
      quote("a\u2028b\u0085c\u200bd\ufeffe\u202ef\u0007"),
      '"a\\u2028b\\u0085c\\u200bd\\ufeffe\\u202ef\\u0007"',
    );
    assert.deepEqual(problems(validRaw({ applicationName: "MinIO\u2028" })), [
      'applicationName: "MinIO\\u2028" must not contain control characters or line breaks. | pulumi config set applicationName MinIO',
    ]);
    assert.deepEqual(problems(validRaw({ minioDisplayName: "Log\u0085in" })), [
      "minioDisplayName: \"Log\\u0085in\" must not contain control characters or line breaks. | pulumi config set minioDisplayName 'Login with authentik'",
    ]);
  });
});
