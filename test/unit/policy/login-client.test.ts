/** The policy pack and the login client of `minio-sso login`: a public client on the loopback pattern only. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  LOOPBACK_REDIRECT_REGEX,
  confidentialClientProblem,
  isLoginClient,
  providerUrlProblems,
  strictRedirectProblems,
} from "../../../policy/checks";
import { LOOPBACK_REDIRECT_REGEX as DECLARED } from "../../../components/minio-login-client";
import { policyView } from "../../support/policy-view";

const loopback = { matching_mode: "regex", url: LOOPBACK_REDIRECT_REGEX, redirect_uri_type: "authorization" };
const loginClient = (over: Record<string, unknown> = {}) =>
  policyView({ clientType: "public", allowedRedirectUris: [loopback], ...over });

describe("policy pack: the login client", () => {
  it("knows the pattern the component declares", () => {
    assert.equal(LOOPBACK_REDIRECT_REGEX, DECLARED);
  });

  it("passes a public client whose only redirect is the loopback pattern", () => {
    assert.equal(isLoginClient(loginClient()), true);
    assert.equal(confidentialClientProblem(loginClient()), undefined);
    assert.deepEqual(strictRedirectProblems(loginClient()), []);
    assert.deepEqual(providerUrlProblems(loginClient()), []);
  });

  it("still refuses a public client with any other redirect, and any other pattern", () => {
    const wide = { matching_mode: "regex", url: "http://127\\.0\\.0\\.1:.*", redirect_uri_type: "authorization" };
    const strict = { matching_mode: "strict", url: "https://app.example.test/cb", redirect_uri_type: "authorization" };
    for (const uris of [[wide], [loopback, strict], []]) {
      const props = loginClient({ allowedRedirectUris: uris });
      assert.equal(isLoginClient(props), false);
      assert.match(
        confidentialClientProblem(props) ?? "",
        /^clientType is "public"; MinIO signs in with a client secret/,
      );
    }
    assert.deepEqual(strictRedirectProblems(loginClient({ allowedRedirectUris: [wide] })), [
      'allowedRedirectUris[0].matching_mode is "regex"; a pattern lets a look-alike URL receive the authorization code. Set matching_mode "strict" and list each exact callback URL.',
    ]);
    assert.equal(providerUrlProblems(loginClient({ allowedRedirectUris: [wide] })).length, 1);
  });
});
