import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  OPENID_ENV,
  TYPES,
  confidentialClientProblem,
  grantTypeProblems,
  isOpenIdCommand,
  openIdCommandState,
  openIdCommandExposureProblems,
  openIdCommandUrlProblems,
  providerUrlProblems,
  signingKeyProblem,
  strictRedirectProblems,
} from "../../../policy/checks";
import { UNKNOWN, policyView } from "../../support/policy-view";

const CALLBACK = "https://console.example.test/oauth_callback";
const provider = (over: Record<string, unknown> = {}) =>
  policyView({
    clientType: "confidential",
    signingKey: "5c1a0e9e-0000-4000-8000-00000000c0de",
    allowedRedirectUris: [{ matching_mode: "strict", url: CALLBACK }],
    grantTypes: ["authorization_code", "refresh_token"],
    ...over,
  });
const openIdEnv = (over: Record<string, string> = {}) => ({
  [OPENID_ENV.configUrl]: "https://auth.example.test/application/o/minio/.well-known/openid-configuration",
  [OPENID_ENV.redirectUri]: CALLBACK,
  [OPENID_ENV.clientSecret]: "s3cret-value-123",
  ...over,
});
const REGEX_MESSAGE = (i: number, shown: string) =>
  `allowedRedirectUris[${i}].matching_mode is ${shown}; a pattern lets a look-alike URL receive the authorization ` +
  'code. Set matching_mode "strict" and list each exact callback URL.';

describe("policy checks: the authentik provider", () => {
  it("passes a confidential client with a signing key and one strict https redirect", () => {
    const props = provider();
    assert.equal(confidentialClientProblem(props), undefined);
    assert.equal(signingKeyProblem(props), undefined);
    assert.deepEqual(strictRedirectProblems(props), []);
    assert.deepEqual(providerUrlProblems(props), []);
    assert.deepEqual(grantTypeProblems(props), []);
  });

  it("refuses grant types without authorization_code, or with implicit, hybrid or password", () => {
    const missing = (shown: string) =>
      `grantTypes ${shown}; authentik 2026.5 then refuses every MinIO login. Include "authorization_code" (and ` +
      '"refresh_token").';
    assert.deepEqual(grantTypeProblems(policyView({})), [missing("is not set")]);
    assert.deepEqual(grantTypeProblems(provider({ grantTypes: [] })), [missing("is not set")]);
    assert.deepEqual(grantTypeProblems(provider({ grantTypes: ["refresh_token"] })), [missing('is ["refresh_token"]')]);
    assert.deepEqual(
      grantTypeProblems(provider({ grantTypes: ["authorization_code", "implicit", "client_credentials", "password"] })),
      [
        'grantTypes includes "implicit"; MinIO needs only the authorization-code flow. Remove "implicit".',
        'grantTypes includes "password"; MinIO needs only the authorization-code flow. Remove "password".',
      ],
    );
    assert.deepEqual(grantTypeProblems(provider({ grantTypes: ["hybrid"] })).length, 2);
    assert.deepEqual(grantTypeProblems(provider({ grantTypes: UNKNOWN })), [], "unknown in preview: skipped");
    assert.deepEqual(grantTypeProblems(provider({ grantTypes: ["implicit", UNKNOWN] })), [], "partly unknown: skipped");
  });

  it("refuses a public client, or none set", () => {
    assert.equal(
      confidentialClientProblem(provider({ clientType: "public" })),
      'clientType is "public"; MinIO signs in with a client secret, which only a confidential client has. ' +
        'Set clientType: "confidential".',
    );
    assert.match(confidentialClientProblem(policyView({}))!, /^clientType is not set;/);
  });

  it("refuses a missing or empty signing key", () => {
    const message =
      "signingKey is not set; authentik then signs ID tokens with HS256 and MinIO, which verifies them against the " +
      "provider's JWKS, rejects every login. Set signingKey to a certificate-key pair's ID.";
    assert.equal(signingKeyProblem(provider({ signingKey: "" })), message);
    assert.equal(signingKeyProblem(policyView({ clientType: "confidential" })), message);
  });

  it("refuses an empty redirect list, every non-strict entry and every non-https URL", () => {
    assert.deepEqual(strictRedirectProblems(provider({ allowedRedirectUris: [] })), [
      "allowedRedirectUris is empty; authentik then saves the first redirect URI a client sends. " +
        'Declare MinIO\'s callback URL with matching_mode "strict".',
    ]);
    assert.equal(strictRedirectProblems(policyView({})).length, 1, "unset counts as empty");
    const props = provider({
      allowedRedirectUris: [
        { matching_mode: "strict", url: CALLBACK },
        { matching_mode: "regex", url: "https://.*\\.example\\.test/.*" },
        { url: "http://console.example.test/cb" },
      ],
    });
    assert.deepEqual(strictRedirectProblems(props), [REGEX_MESSAGE(1, '"regex"'), REGEX_MESSAGE(2, "not set")]);
    // The pattern is no clean URL either (backslashes), and the third entry is plain http.
    assert.deepEqual(
      providerUrlProblems(props).map((p) => p.split(" ")[0]),
      ["allowedRedirectUris[1].url", "allowedRedirectUris[2].url"],
    );
  });

  it("still judges the known entries when another entry, or a part of one, is not known yet", () => {
    const props = provider({
      allowedRedirectUris: [UNKNOWN, { matching_mode: "regex", url: "http://evil.example.test/.*" }, { url: UNKNOWN }],
    });
    assert.deepEqual(strictRedirectProblems(props), [REGEX_MESSAGE(1, '"regex"'), REGEX_MESSAGE(2, "not set")]);
    assert.deepEqual(
      providerUrlProblems(props).map((p) => p.split(" ")[0]),
      ["allowedRedirectUris[1].url"],
    );
  });

  it("waits for values that are not known yet instead of failing on them", () => {
    const props = provider({ signingKey: UNKNOWN, clientType: UNKNOWN, allowedRedirectUris: UNKNOWN });
    assert.equal(signingKeyProblem(props), undefined);
    assert.equal(confidentialClientProblem(props), undefined);
    assert.deepEqual(strictRedirectProblems(props), []);
    assert.deepEqual(providerUrlProblems(props), []);
  });
});

describe("policy checks: the MinIO admin command", () => {
  it("is recognised by its environment, not by name", () => {
    assert.equal(isOpenIdCommand(TYPES.command, policyView({ environment: openIdEnv() })), true);
    const unknownSecret = policyView({ environment: openIdEnv({ [OPENID_ENV.clientSecret]: UNKNOWN }) });
    assert.equal(isOpenIdCommand(TYPES.command, unknownSecret), true);
    assert.equal(isOpenIdCommand(TYPES.command, policyView({ environment: { PATH: "/bin" } })), false);
    assert.equal(isOpenIdCommand(TYPES.command, policyView({ create: "echo hi" })), false);
    assert.equal(isOpenIdCommand("command:remote:Command", policyView({ environment: openIdEnv() })), false);
    assert.equal(openIdCommandState(TYPES.command, policyView({ environment: UNKNOWN })), "unknown");
    assert.equal(openIdCommandState(TYPES.command, policyView({ environment: { PATH: "/bin" } })), "no");
    assert.equal(openIdCommandState(TYPES.command, policyView({ environment: openIdEnv() })), "yes");
  });

  it("checks the discovery URL and the redirect URI, skipping unknown ones", () => {
    assert.deepEqual(openIdCommandUrlProblems(policyView({ environment: openIdEnv() })), []);
    const bad = openIdEnv({
      [OPENID_ENV.configUrl]: "http://auth.example.test/.well-known/openid-configuration",
      [OPENID_ENV.redirectUri]: "",
    });
    assert.deepEqual(openIdCommandUrlProblems(policyView({ environment: bad })), [
      `environment.${OPENID_ENV.configUrl} "http://auth.example.test/…" must use ` +
        "https:// (plain http is accepted only for localhost, 127.0.0.0/8 and [::1], which never leave the machine).",
      `environment.${OPENID_ENV.redirectUri} is not set; it must be an https:// URL.`,
    ]);
    const later = policyView({ environment: openIdEnv({ [OPENID_ENV.redirectUri]: UNKNOWN }) });
    assert.deepEqual(openIdCommandUrlProblems(later), []);
  });

  it("keeps stdout and stderr secret and out of the log", () => {
    assert.deepEqual(openIdCommandExposureProblems(policyView({ logging: "none" }), ["stdout", "stderr"]), []);
    assert.deepEqual(openIdCommandExposureProblems(policyView({ logging: "none" }), ["stdout"]), [
      "stderr is not in additionalSecretOutputs; pulumi-command keeps them in plain state, and they come from a run " +
        'that holds the client secret. Add additionalSecretOutputs: ["stdout", "stderr"].',
    ]);
    assert.deepEqual(openIdCommandExposureProblems(policyView({}), []), [
      "stdout and stderr are not in additionalSecretOutputs; pulumi-command keeps them in plain state, and they " +
        'come from a run that holds the client secret. Add additionalSecretOutputs: ["stdout", "stderr"].',
      "logging is not set (pulumi-command logs both); the command's output would reach Pulumi's log. Set logging: \"none\".",
    ]);
    assert.deepEqual(openIdCommandExposureProblems(policyView({ logging: "stdout" }), ["stdout", "stderr"]), [
      'logging is "stdout"; the command\'s output would reach Pulumi\'s log. Set logging: "none".',
    ]);
  });
});
