/** One rule at a time: the exact problem line (key: message | fix) for each kind of bad value. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadConfig } from "../../../lib/config";
import { problems, validRaw } from "./fixtures";

type Case = [name: string, overrides: Record<string, string | undefined>, expected: string[]];

const SLUG_FIX = "pulumi config set applicationSlug minio";
const SCOPES_FIX = "pulumi config set minioScopes openid,profile,email,minio";
const CONFIG_NAME_RULE = `is not a valid config name: it must be empty or 1-64 letters, digits and "_", starting with a letter or digit.`;
const CONFIG_NAME_FIX = "pulumi config set minioConfigName authentik";
const SECRET_FIX = "pulumi config set --secret clientSecret";
const SECRET_LENGTH =
  "must be 32 to 255 characters long (authentik stores at most 255), e.g. the output of `openssl rand -hex 32`.";
const SECRET_KV =
  "is a value MinIO's identity_openid config cannot carry unchanged: no control characters, no blank or quote " +
  'at either end, and no identity_openid key followed by "=" inside it.';
const TIMEOUT_RULE = "is not a whole number of seconds from 1 to 86400.";
const DURATION = `(units: weeks, days, hours, minutes, seconds, milliseconds, microseconds). | pulumi config set accessTokenValidity 'minutes=10'`;

const cases: Case[] = [
  [
    "missing required key",
    { applicationName: undefined },
    ["applicationName: is not set. | pulumi config set applicationName MinIO"],
  ],
  ["empty required key", { providerName: "" }, ["providerName: is not set. | pulumi config set providerName MinIO"]],
  [
    "missing provider token",
    { "authentik:token": undefined },
    [
      "authentik:token: is not set (secret), and AUTHENTIK_TOKEN is not set either. | pulumi config set --secret authentik:token",
    ],
  ],
  [
    "missing MinIO secret key",
    { minioSecretKey: "" },
    ["minioSecretKey: is not set (secret). | pulumi config set --secret minioSecretKey"],
  ],
  [
    "short access key",
    { minioAccessKey: "ab" },
    [
      "minioAccessKey: must be at least 3 characters long (MinIO's rule for the root user). | pulumi config set --secret minioAccessKey",
    ],
  ],
  [
    "short secret key",
    { minioSecretKey: "1234567" },
    [
      "minioSecretKey: must be at least 8 characters long (MinIO's rule for the root user). | pulumi config set --secret minioSecretKey",
    ],
  ],
  [
    "slug with upper case and space",
    { applicationSlug: "My App" },
    [`applicationSlug: "My App" is not a valid slug: use only lowercase letters, digits, "-" and "_". | ${SLUG_FIX}`],
  ],
  [
    "reserved slug",
    { applicationSlug: "token" },
    [`applicationSlug: "token" is reserved by authentik (it clashes with /application/o/token/). | ${SLUG_FIX}`],
  ],
  [
    "flow slug",
    { invalidationFlow: "bad flow" },
    [
      `invalidationFlow: "bad flow" is not a valid flow slug: use only letters, digits, "-" and "_". | pulumi config set invalidationFlow default-provider-invalidation-flow`,
    ],
  ],
  [
    "client id",
    { clientId: "a b" },
    [
      `clientId: "a b" is not a valid client ID: use 1 to 255 letters, digits, ".", "_", "~" or "-". | pulumi config set clientId minio`,
    ],
  ],
  [
    "client id too long",
    { clientId: "x".repeat(256) },
    [
      `clientId: "${"x".repeat(256)}" is not a valid client ID: use 1 to 255 letters, digits, ".", "_", "~" or "-". | pulumi config set clientId minio`,
    ],
  ],
  ["client secret too short", { clientSecret: "s".repeat(31) }, [`clientSecret: ${SECRET_LENGTH} | ${SECRET_FIX}`]],
  [
    "client secret longer than authentik stores",
    { clientSecret: "s".repeat(256) },
    [`clientSecret: ${SECRET_LENGTH} | ${SECRET_FIX}`],
  ],
  [
    "client secret with an unpaired surrogate",
    { clientSecret: "s".repeat(40) + "\ud800" },
    [`clientSecret: contains an unpaired UTF-16 surrogate, which authentik cannot store. | ${SECRET_FIX}`],
  ],
  // MinIO's own value rule (kvValueProblem), worded without a word of the secret.
  ...["s".repeat(40) + "\n", `"${"s".repeat(40)}`, `${"s".repeat(20)}client_id=${"s".repeat(20)}`].map(
    (clientSecret, i): Case => [
      `client secret MinIO's config text can't carry (${i + 1})`,
      { clientSecret },
      [`clientSecret: ${SECRET_KV} | ${SECRET_FIX}`],
    ],
  ),
  [
    "display name with newline",
    { applicationName: "Min\nIO" },
    [
      'applicationName: "Min\\nIO" must not contain control characters or line breaks. | pulumi config set applicationName MinIO',
    ],
  ],
  [
    "name with surrounding space",
    { providerName: " MinIO" },
    ['providerName: " MinIO" must not start or end with whitespace. | pulumi config set providerName MinIO'],
  ],
  [
    "signing key with NUL",
    { signingKey: "a\u0000" },
    [
      "signingKey: \"a\\u0000\" must not contain control characters or line breaks. | pulumi config set signingKey 'authentik Self-signed Certificate'",
    ],
  ],
  [
    "duration unknown unit",
    { accessTokenValidity: "minute=10" },
    [
      `accessTokenValidity: "minute=10" is not an authentik duration such as "minutes=10" or "hours=1;minutes=30" ${DURATION}`,
    ],
  ],
  [
    "duration without number",
    { accessTokenValidity: "minutes=" },
    [
      `accessTokenValidity: "minutes=" is not an authentik duration such as "minutes=10" or "hours=1;minutes=30" ${DURATION}`,
    ],
  ],
  [
    "duration trailing separator",
    { accessTokenValidity: "minutes=5;" },
    [
      `accessTokenValidity: "minutes=5;" is not an authentik duration such as "minutes=10" or "hours=1;minutes=30" ${DURATION}`,
    ],
  ],
  [
    "duration repeated unit",
    { accessTokenValidity: "hours=1;hours=2" },
    [
      `accessTokenValidity: "hours=1;hours=2" names the unit "hours" twice. | pulumi config set accessTokenValidity 'minutes=10'`,
    ],
  ],
  [
    "duration zero",
    { accessTokenValidity: "minutes=0;seconds=0.0" },
    [
      `accessTokenValidity: "minutes=0;seconds=0.0" must be longer than zero. | pulumi config set accessTokenValidity 'minutes=10'`,
    ],
  ],
  [
    "allowInsecure not a boolean",
    { allowInsecure: "yes" },
    [`allowInsecure: "yes" is not a boolean; use true or false. | pulumi config set allowInsecure false`],
  ],
  [
    "claim name with space",
    { minioClaimName: "my claim" },
    [
      `minioClaimName: "my claim" is not a valid claim name: use letters, digits, "_", "-", ".", ":" or "/". | pulumi config set minioClaimName policy`,
    ],
  ],
  [
    "claim name that authentik sets",
    { minioClaimName: "groups" },
    [
      `minioClaimName: "groups" is a standard claim authentik already sets; choose another name such as "policy". | pulumi config set minioClaimName policy`,
    ],
  ],
  [
    "scopes without minio",
    { minioScopes: "openid,profile" },
    [`minioScopes: "openid,profile" must include the scope "minio". | ${SCOPES_FIX}`],
  ],
  [
    "scopes with a space",
    { minioScopes: "openid, minio" },
    [
      `minioScopes: "openid, minio" contains the invalid scope " minio". | ${SCOPES_FIX}`,
      `minioScopes: "openid, minio" must include the scope "minio". | ${SCOPES_FIX}`,
    ],
  ],
  [
    "scopes with empty entry and duplicate",
    { minioScopes: "minio,,minio" },
    [
      `minioScopes: "minio,,minio" has an empty scope; separate scopes with single commas. | ${SCOPES_FIX}`,
      `minioScopes: "minio,,minio" lists the scope "minio" twice. | ${SCOPES_FIX}`,
      `minioScopes: "minio,,minio" must include the scope "openid". | ${SCOPES_FIX}`,
    ],
  ],
  [
    "config name _",
    { minioConfigName: "_" },
    [
      `minioConfigName: "_" is MinIO's name for the default target; leave minioConfigName empty instead. | pulumi config set minioConfigName authentik`,
    ],
  ],
  [
    "config name with dash",
    { minioConfigName: "my-idp" },
    [`minioConfigName: "my-idp" ${CONFIG_NAME_RULE} | ${CONFIG_NAME_FIX}`],
  ],
  // The admin CLI refuses these (first character, length), so the stack config must refuse them too.
  [
    "config name starting with _",
    { minioConfigName: "_sso" },
    [`minioConfigName: "_sso" ${CONFIG_NAME_RULE} | ${CONFIG_NAME_FIX}`],
  ],
  [
    "config name of 65 characters",
    { minioConfigName: "a".repeat(65) },
    [`minioConfigName: "${"a".repeat(65)}" ${CONFIG_NAME_RULE} | ${CONFIG_NAME_FIX}`],
  ],
  // The admin CLI's timeouts, in whole seconds as Pulumi.yaml declares them (integer).
  ...["0", "86401", "1.5", "-5", "+60", "60s", " 60"].map((value): Case => [
    `restart timeout ${JSON.stringify(value)}`,
    { minioRestartTimeout: value },
    [`minioRestartTimeout: ${JSON.stringify(value)} ${TIMEOUT_RULE} | pulumi config set minioRestartTimeout 120`],
  ]),
  [
    "request timeout 0",
    { minioRequestTimeout: "0" },
    [`minioRequestTimeout: "0" ${TIMEOUT_RULE} | pulumi config set minioRequestTimeout 60`],
  ],
];

describe("loadConfig: one problem per rule", () => {
  for (const [name, overrides, expected] of cases) {
    it(name, () => assert.deepEqual(problems(validRaw(overrides)), expected));
  }
});

describe("values MinIO's identity_openid text can't carry (the admin CLI's rule, checked at preview)", () => {
  it("a display name that starts with a quote or holds another key's `key=` text", () => {
    assert.deepEqual(problems(validRaw({ minioDisplayName: '"SSO"' })), [
      `minioDisplayName: "\\"SSO\\"" starts or ends with a quote, which MinIO would strip. | pulumi config set minioDisplayName 'Login with authentik'`,
    ]);
    assert.deepEqual(problems(validRaw({ minioDisplayName: "Log in scopes=x" })), [
      `minioDisplayName: "Log in scopes=x" contains the text "scopes=", which MinIO would read as the start of another key. | pulumi config set minioDisplayName 'Login with authentik'`,
    ]);
  });

  it("an unset display name defaults to applicationName, which must pass the same rule", () => {
    assert.deepEqual(problems(validRaw({ applicationName: "'MinIO'" })), [
      `minioDisplayName: is unset, so it defaults to applicationName: "'MinIO'" starts or ends with a quote, which MinIO would strip. | pulumi config set minioDisplayName 'Login with authentik'`,
    ]);
    assert.equal(
      loadConfig(validRaw({ applicationName: "'MinIO'", minioDisplayName: "MinIO" })).minio.displayName,
      "MinIO",
    );
  });

  it("a redirect URI whose query holds another key's `key=` text", () => {
    assert.deepEqual(problems(validRaw({ minioRedirectUri: "https://console.example.com/cb?client_id=x" })), [
      `minioRedirectUri: "https://console.example.com/cb?client_id=x" contains the text "client_id=", which MinIO would read as the start of another key. | pulumi config set minioRedirectUri https://console.example.com/oauth_callback`,
    ]);
  });
});
