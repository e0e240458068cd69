import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loginEndpoint, loginSection, policyNames, type LoginInputs } from "../../verify/login-checks";
import type { HttpOutcome } from "../../verify/outcome";
import { CONFIG_URL, MINIO_URL } from "./fixtures";

const TOKEN_URL = "https://auth.example.test/application/o/token/";
const STS_URL = `${MINIO_URL}/`;

function jwt(payload: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  return `${part({ alg: "RS256", kid: "k" })}.${part(payload)}.c2ln`;
}

function tokenAnswer(payload: Record<string, unknown>): HttpOutcome {
  const body = JSON.stringify({ access_token: "at", token_type: "Bearer", id_token: jwt(payload) });
  return { url: TOKEN_URL, status: 200, contentType: "application/json", body };
}

function stsAnswer(sessionClaims: Record<string, unknown>): HttpOutcome {
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">' +
    "<AssumeRoleWithWebIdentityResult><AssumedRoleUser><Arn></Arn><AssumeRoleId></AssumeRoleId></AssumedRoleUser>" +
    `<Credentials><AccessKeyId>AKIAEXAMPLE000000000</AccessKeyId><SecretAccessKey>s3cr3t+key</SecretAccessKey><SessionToken>${jwt(sessionClaims)}</SessionToken>` +
    "<Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>";
  return { url: STS_URL, status: 200, contentType: "text/xml", body };
}

function stsError(status: number, code: string, message: string): HttpOutcome {
  const body = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type></Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>1</RequestId></ErrorResponse>`;
  return { url: STS_URL, status, contentType: "text/xml", body };
}

function lines(input: Partial<LoginInputs>): string[] {
  const section = loginSection({ user: "svc", claimName: "policy", tokenEndpoint: TOKEN_URL, ...input });
  assert.equal(section.title, 'Login: client_credentials as "svc", then MinIO STS');
  return section.checks.map((c) => `${c.status} ${c.name}: ${c.text}`);
}

describe("verify: login and STS checks (pure)", () => {
  it("passes when the claim carries the expected policies and STS grants them", () => {
    const out = lines({
      expected: ["consoleAdmin", "readonly"],
      token: tokenAnswer({ sub: "svc", policy: ["readonly", "consoleAdmin"] }),
      sts: stsAnswer({ policy: "consoleAdmin,readonly" }),
    });
    assert.deepEqual(out, [
      `ok login: client_credentials as "svc" at ${TOKEN_URL}: id_token issued`,
      'ok policy claim: expected ["consoleAdmin", "readonly"], actual ["consoleAdmin", "readonly"]',
      `ok sts: AssumeRoleWithWebIdentity at ${STS_URL} returned credentials with the policies ["consoleAdmin", "readonly"]`,
    ]);
    assert.ok(!out.join("\n").includes("s3cr3t+key") && !out.join("\n").includes("AKIAEXAMPLE"));
  });

  it("fails a wrong expectation on the claim, and on what STS granted", () => {
    const out = lines({
      expected: ["readonly"],
      token: tokenAnswer({ policy: "consoleAdmin" }),
      sts: stsAnswer({ policy: "consoleAdmin" }),
    });
    assert.equal(out[1], 'fail policy claim: expected ["readonly"], actual ["consoleAdmin"]');
    assert.equal(
      out[2],
      `fail sts: AssumeRoleWithWebIdentity at ${STS_URL} returned credentials with the policies ["consoleAdmin"], expected ["readonly"]`,
    );
  });

  it("without --expect-policy reports the claim; a missing claim fails", () => {
    const out = lines({ token: tokenAnswer({ policy: "a, b,a" }), sts: stsAnswer({}) });
    assert.equal(out[1], 'ok policy claim: ["a", "b"] (no --expect-policy given)');
    assert.equal(out[2], `ok sts: AssumeRoleWithWebIdentity at ${STS_URL} returned credentials`);
    const missing = lines({
      expected: ["readonly"],
      token: tokenAnswer({ sub: "svc" }),
      sts: stsError(
        400,
        "InvalidParameterValue",
        "policy claim missing from the JWT token, credentials will not be generated",
      ),
    });
    assert.deepEqual(missing.slice(1), [
      'fail policy claim: expected ["readonly"], actual <no claim>',
      `fail sts: AssumeRoleWithWebIdentity at ${STS_URL} rejected the id_token: HTTP 400 InvalidParameterValue: policy claim missing from the JWT token, credentials will not be generated`,
    ]);
    assert.equal(
      lines({ token: tokenAnswer({ policy: 7 }) })[1],
      "fail policy claim: <not a string or list of strings>",
    );
  });

  it("fails the login on a refused or unreachable token endpoint, and skips the rest", () => {
    const refused: HttpOutcome = {
      url: TOKEN_URL,
      status: 400,
      contentType: "application/json",
      body: JSON.stringify({ error: "invalid_grant", error_description: "bad grant" }),
    };
    assert.deepEqual(lines({ token: refused }), [
      `fail login: client_credentials as "svc": ${TOKEN_URL} answered HTTP 400 invalid_grant (bad grant)`,
      "skip policy claim: not checked (no id_token)",
      "skip sts: not tried (no id_token)",
    ]);
    assert.equal(
      lines({ token: { url: TOKEN_URL, error: "connect ECONNREFUSED 127.0.0.1:1" } })[0],
      `fail login: client_credentials as "svc": ${TOKEN_URL} unreachable (connect ECONNREFUSED 127.0.0.1:1)`,
    );
    const noIdToken: HttpOutcome = { url: TOKEN_URL, status: 200, contentType: "application/json", body: "{}" };
    assert.equal(
      lines({ token: noIdToken })[0],
      `fail login: client_credentials as "svc": ${TOKEN_URL} answered without an id_token`,
    );
    assert.equal(
      lines({ tokenEndpoint: undefined, noEndpointReason: "not tried (no discovery document)" })[0],
      'fail login: client_credentials as "svc": not tried (no discovery document)',
    );
  });

  it("fails STS when MinIO is unreachable", () => {
    const out = lines({
      token: tokenAnswer({ policy: "readonly" }),
      sts: { url: STS_URL, error: "no answer within 5 s" },
    });
    assert.equal(out[2], `fail sts: ${STS_URL} unreachable (no answer within 5 s)`);
  });

  it("reads policy claims the way MinIO does", () => {
    assert.deepEqual(policyNames("readonly, diagnostics,readonly"), ["diagnostics", "readonly"]);
    assert.deepEqual(policyNames(["b", "a"]), ["a", "b"]);
    assert.deepEqual(policyNames(""), []);
    assert.equal(policyNames(["a", 1]), undefined);
    assert.equal(policyNames({ a: 1 }), undefined);
  });

  it("sends the app password only to a token endpoint on the origin of the declared discovery URL", () => {
    assert.deepEqual(loginEndpoint({ token_endpoint: TOKEN_URL }, CONFIG_URL), { url: TOKEN_URL });
    assert.deepEqual(loginEndpoint({ token_endpoint: "https://elsewhere.test/token/" }, CONFIG_URL), {
      reason:
        "not tried: the token_endpoint https://elsewhere.test/token/ is not on https://auth.example.test, so the app password is not sent there",
    });
    assert.deepEqual(loginEndpoint({}, CONFIG_URL), {
      reason: "the discovery document names no http(s) token_endpoint",
    });
    assert.deepEqual(loginEndpoint(undefined, CONFIG_URL), { reason: "not tried (no discovery document)" });
  });
});
