import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  OPENID_ENV,
  TYPES,
  confidentialClientProblem,
  httpsProblem,
  isLoopbackHost,
  isOpenIdCommand,
  openIdCommandExposureProblems,
  openIdCommandUrlProblems,
  providerUrlProblems,
  read,
  signingKeyProblem,
  strictRedirectProblems,
} from "../../../policy/checks";
import { unknownProxy } from "./unknown";

const CALLBACK = "https://console.example.test/oauth_callback";
const goodProvider = () => ({
  clientType: "confidential",
  signingKey: "5c1a0e9e-0000-4000-8000-00000000c0de",
  allowedRedirectUris: [{ matching_mode: "strict", url: CALLBACK }],
});
const openIdEnv = (over: Record<string, string> = {}) => ({
  [OPENID_ENV.configUrl]: "https://auth.example.test/application/o/minio/.well-known/openid-configuration",
  [OPENID_ENV.redirectUri]: CALLBACK,
  [OPENID_ENV.clientSecret]: "s3cret-value-123",
  ...over,
});

describe("policy checks: URLs", () => {
  it("accepts https anywhere and http on loopback hosts only", () => {
    for (const host of ["localhost", "LOCALHOST", "127.0.0.1", "127.10.0.254", "[::1]"]) {
      assert.equal(isLoopbackHost(new URL(`http://${host}:9000/`).hostname), true, host);
    }
    for (const host of ["localhost.example.test", "10.0.0.1", "128.0.0.1", "[::2]", "127.0.0.1.nip.io"]) {
      assert.equal(isLoopbackHost(new URL(`http://${host}/`).hostname), false, host);
    }
    assert.equal(httpsProblem("u", "https://auth.example.test/x"), undefined);
    assert.equal(httpsProblem("u", "http://127.0.0.1:9001/oauth_callback"), undefined);
  });

  it("names the property and says what to use", () => {
    assert.equal(
      httpsProblem("environment.X", "http://auth.example.test/"),
      'environment.X "http://auth.example.test/" must use https:// (plain http is accepted only for localhost, ' +
        "127.0.0.0/8 and [::1], which never leave the machine).",
    );
    assert.equal(
      httpsProblem("u", "auth.example.test/x"),
      'u "auth.example.test/x" is not an absolute URL; it must be an https:// URL.',
    );
    assert.equal(httpsProblem("u", ""), "u is not set; it must be an https:// URL.");
    assert.equal(httpsProblem("u", undefined), "u is not set; it must be an https:// URL.");
    assert.match(httpsProblem("u", "ftp://auth.example.test/")!, /must use https/);
  });

  it("checks every redirect URL of the authentik provider", () => {
    assert.deepEqual(providerUrlProblems(goodProvider()), []);
    const props = goodProvider();
    props.allowedRedirectUris.push({ matching_mode: "strict", url: "http://console.example.test/cb" });
    assert.deepEqual(providerUrlProblems(props), [
      'allowedRedirectUris[1].url "http://console.example.test/cb" must use https:// (plain http is accepted only ' +
        "for localhost, 127.0.0.0/8 and [::1], which never leave the machine).",
    ]);
  });

  it("checks the MinIO command's discovery URL and redirect URI", () => {
    assert.deepEqual(openIdCommandUrlProblems({ environment: openIdEnv() }), []);
    const bad = openIdEnv({ [OPENID_ENV.configUrl]: "http://auth.example.test/.well-known/openid-configuration" });
    assert.deepEqual(
      openIdCommandUrlProblems({ environment: bad }).map((p) => p.split(" ")[0]),
      [`environment.${OPENID_ENV.configUrl}`],
    );
    const noRedirect = openIdEnv({ [OPENID_ENV.redirectUri]: "" });
    assert.deepEqual(openIdCommandUrlProblems({ environment: noRedirect }), [
      `environment.${OPENID_ENV.redirectUri} is not set; it must be an https:// URL.`,
    ]);
  });
});

describe("policy checks: the authentik provider", () => {
  it("passes a confidential client with a signing key and one strict redirect", () => {
    const props = goodProvider();
    assert.equal(confidentialClientProblem(props), undefined);
    assert.equal(signingKeyProblem(props), undefined);
    assert.deepEqual(strictRedirectProblems(props), []);
  });

  it("refuses a public client, or none set", () => {
    assert.equal(
      confidentialClientProblem({ ...goodProvider(), clientType: "public" }),
      'clientType is "public"; MinIO signs in with a client secret, which only a confidential client has. ' +
        'Set clientType: "confidential".',
    );
    assert.match(confidentialClientProblem({})!, /^clientType is not set;/);
  });

  it("refuses a missing or empty signing key", () => {
    const message =
      "signingKey is not set; authentik then signs ID tokens with HS256 and MinIO, which verifies them against the " +
      "provider's JWKS, rejects every login. Set signingKey to a certificate-key pair's ID.";
    assert.equal(signingKeyProblem({ ...goodProvider(), signingKey: "" }), message);
    assert.equal(signingKeyProblem({ clientType: "confidential" }), message);
  });

  it("refuses an empty redirect list and every non-strict entry", () => {
    assert.deepEqual(strictRedirectProblems({ ...goodProvider(), allowedRedirectUris: [] }), [
      "allowedRedirectUris is empty; authentik then saves the first redirect URI a client sends. " +
        'Declare MinIO\'s callback URL with matching_mode "strict".',
    ]);
    assert.equal(strictRedirectProblems({ clientType: "confidential" }).length, 1, "unset counts as empty");
    const props = goodProvider();
    props.allowedRedirectUris.push({ matching_mode: "regex", url: "https://.*\\.example\\.test/.*" });
    props.allowedRedirectUris.push({ url: CALLBACK } as { matching_mode: string; url: string });
    assert.deepEqual(strictRedirectProblems(props), [
      'allowedRedirectUris[1].matching_mode is "regex"; a pattern lets a look-alike URL receive the authorization ' +
        'code. Set matching_mode "strict" and list each exact callback URL.',
      "allowedRedirectUris[2].matching_mode is not set; a pattern lets a look-alike URL receive the authorization " +
        'code. Set matching_mode "strict" and list each exact callback URL.',
    ]);
  });
});

describe("policy checks: the MinIO admin command", () => {
  it("is recognised by its environment, not by name", () => {
    assert.equal(isOpenIdCommand(TYPES.command, { environment: openIdEnv() }), true);
    assert.equal(isOpenIdCommand(TYPES.command, { environment: { PATH: "/bin" } }), false);
    assert.equal(isOpenIdCommand(TYPES.command, { create: "echo hi" }), false);
    assert.equal(isOpenIdCommand("command:remote:Command", { environment: openIdEnv() }), false);
  });

  it("keeps stdout and stderr secret and out of the log", () => {
    assert.deepEqual(openIdCommandExposureProblems({ logging: "none" }, ["stdout", "stderr"]), []);
    assert.deepEqual(openIdCommandExposureProblems({ logging: "none" }, ["stdout"]), [
      "stderr is not in additionalSecretOutputs; pulumi-command keeps them in plain state, and they come from a run " +
        'that holds the client secret. Add additionalSecretOutputs: ["stdout", "stderr"].',
    ]);
    assert.deepEqual(openIdCommandExposureProblems({}, []), [
      "stdout and stderr are not in additionalSecretOutputs; pulumi-command keeps them in plain state, and they " +
        'come from a run that holds the client secret. Add additionalSecretOutputs: ["stdout", "stderr"].',
      "logging is not set (pulumi-command logs both); the command's output would reach Pulumi's log. Set logging: \"none\".",
    ]);
    assert.deepEqual(openIdCommandExposureProblems({ logging: "stdout" }, ["stdout", "stderr"]), [
      'logging is "stdout"; the command\'s output would reach Pulumi\'s log. Set logging: "none".',
    ]);
  });
});

describe("policy checks: values not known during preview", () => {
  it("read() reports a throwing getter as unknown and anything else as known", () => {
    assert.deepEqual(read(unknownProxy({ a: 1 }, ["b"]), "b"), { known: false });
    assert.deepEqual(read(unknownProxy({ a: 1 }, ["b"]), "a"), { known: true, value: 1 });
    assert.deepEqual(read(undefined, "a"), { known: true, value: undefined });
  });

  it("skips unknown values instead of failing on them", () => {
    const props = unknownProxy({ clientType: "confidential", allowedRedirectUris: [] }, ["signingKey"]);
    assert.equal(signingKeyProblem(props), undefined);
    assert.deepEqual(providerUrlProblems(unknownProxy({}, ["allowedRedirectUris"])), []);
    assert.deepEqual(strictRedirectProblems(unknownProxy({}, ["allowedRedirectUris"])), []);
    const env = unknownProxy(openIdEnv(), [OPENID_ENV.redirectUri]);
    assert.deepEqual(openIdCommandUrlProblems({ environment: env }), []);
    assert.equal(isOpenIdCommand(TYPES.command, { environment: env }), true);
  });
});
