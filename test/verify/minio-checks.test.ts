import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ParsedTarget } from "../../minio-admin/config-kv";
import { secretFingerprint } from "../../minio-admin/secret-fingerprint";
import { VerifyInputError } from "../../verify/args";
import {
  expectedOpenId,
  minioSection,
  overrideVariable,
  type ExpectedOpenId,
  type LoadedTarget,
} from "../../verify/minio-checks";
import { CLIENT_SECRET, CONFIG_URL, DISPLAY_NAME, MINIO_URL, REDIRECT, ROOT_SECRET, sampleConfig } from "./fixtures";

const FP = secretFingerprint(ROOT_SECRET, CLIENT_SECRET);

/** get-config-kv as MinIO shows a target the admin CLI applied: no client_secret, no enable=on. */
function applied(values: Record<string, string> = {}, envOverrides: Record<string, string> = {}): LoadedTarget {
  const target: ParsedTarget = {
    target: "identity_openid",
    values: {
      display_name: DISPLAY_NAME,
      config_url: CONFIG_URL,
      client_id: "minio-client",
      claim_name: "policy",
      claim_userinfo: "",
      role_policy: "",
      redirect_uri: REDIRECT,
      redirect_uri_dynamic: "off",
      scopes: "openid,profile,email,minio",
      vendor: "",
      comment: `client-secret-fp:${FP}`,
      ...values,
    },
    envOverrides,
  };
  return { kind: "found", target };
}

function expected(): ExpectedOpenId {
  return expectedOpenId(sampleConfig(), { providerId: "7" }, CLIENT_SECRET);
}

function lines(loaded: LoadedTarget, exp = expected()): string[] {
  const section = minioSection(MINIO_URL, exp, loaded);
  assert.equal(section.title, `MinIO ${exp.target} (loaded config): ${MINIO_URL}`);
  return section.checks.map((c) => `${c.status} ${c.name}: ${c.text}`);
}

const PASSING = [
  'ok enable: expected "on", actual "on"',
  `ok display_name: expected "${DISPLAY_NAME}", actual "${DISPLAY_NAME}"`,
  `ok config_url: expected "${CONFIG_URL}", actual "${CONFIG_URL}"`,
  'ok client_id: expected "minio-client", actual "minio-client"',
  "ok client_secret: expected <authentik's client_secret>, actual <fingerprint matches>",
  'ok claim_name: expected "policy", actual "policy"',
  `ok redirect_uri: expected "${REDIRECT}", actual "${REDIRECT}"`,
  'ok scopes: expected "openid,profile,email,minio", actual "openid,profile,email,minio"',
];

describe("verify: MinIO loaded identity_openid against the stack (pure)", () => {
  it("builds the expected values from the config and outputs, with the keyed fingerprint of authentik's secret", () => {
    const exp = expected();
    assert.deepEqual(exp, {
      target: "identity_openid",
      values: {
        enable: "on",
        display_name: DISPLAY_NAME,
        config_url: CONFIG_URL,
        client_id: "minio-client",
        claim_name: "policy",
        redirect_uri: REDIRECT,
        scopes: "openid,profile,email,minio",
      },
      fingerprint: FP,
    });
    assert.ok(!JSON.stringify(exp).includes(CLIENT_SECRET) && !JSON.stringify(exp).includes(ROOT_SECRET));
    const named = expectedOpenId(
      sampleConfig({ "minio-authentik-sso:minioConfigName": { value: "authentik", secret: false } }),
      { providerId: "7", clientId: "from-output" },
      CLIENT_SECRET,
    );
    assert.equal(named.target, "identity_openid:authentik");
    assert.equal(named.values.client_id, "from-output");
  });

  it("refuses a config name the admin CLI cannot address, as bad input from the stack config", () => {
    assert.throws(
      () => sampleConfig({ "minio-authentik-sso:minioConfigName": { value: "_x", secret: false } }),
      (err: unknown) =>
        err instanceof VerifyInputError &&
        err.message ===
          "test config: Invalid stack configuration (1 problem):\n" +
            '  - minioConfigName: "_x" is not a valid config name: it must be empty or 1-64 letters, digits and "_", ' +
            "starting with a letter or digit. " +
            "Fix: pulumi config set minioConfigName authentik",
    );
  });

  it("passes when every key matches, printing expected and actual for each", () => {
    assert.deepEqual(lines(applied()), PASSING);
  });

  it("names a key changed behind the stack's back with expected and actual", () => {
    const out = lines(applied({ display_name: "Changed elsewhere", scopes: "openid" }));
    assert.equal(out[1], `fail display_name: expected "${DISPLAY_NAME}", actual "Changed elsewhere"`);
    assert.equal(out[7], 'fail scopes: expected "openid,profile,email,minio", actual "openid"');
    assert.deepEqual(out.filter((l) => l.startsWith("fail")).length, 2);
    assert.equal(lines(applied({ enable: "off" }))[0], 'fail enable: expected "on", actual "off"');
  });

  it("reports the client secret only through its fingerprint", () => {
    const rotated = secretFingerprint(ROOT_SECRET, "another-secret-value");
    const cases: Array<[Record<string, string>, string]> = [
      [{ comment: `client-secret-fp:${rotated}` }, "<fingerprint differs>"],
      [{ comment: "" }, "<no fingerprint in comment>"],
      [{ client_secret: "" }, "<empty>"],
      [{ comment: `ops note client-secret-fp:${rotated} client-secret-fp:${FP}` }, "<fingerprint matches>"],
    ];
    for (const [values, actual] of cases) {
      const line = lines(applied(values))[4];
      const status = actual === "<fingerprint matches>" ? "ok" : "fail";
      assert.equal(line, `${status} client_secret: expected <authentik's client_secret>, actual ${actual}`);
      assert.ok(!line.includes(CLIENT_SECRET));
    }
  });

  it("uses environment overrides, which MinIO runs with, and says where they come from", () => {
    const out = lines(
      applied({}, { MINIO_IDENTITY_OPENID_DISPLAY_NAME: "From env", MINIO_IDENTITY_OPENID_CLIENT_SECRET: "x" }),
    );
    assert.equal(
      out[1],
      `fail display_name: expected "${DISPLAY_NAME}", actual "From env" (set by the environment variable MINIO_IDENTITY_OPENID_DISPLAY_NAME)`,
    );
    assert.equal(
      out[4],
      "fail client_secret: expected <authentik's client_secret>, actual <set by the environment variable MINIO_IDENTITY_OPENID_CLIENT_SECRET, outside the stack>",
    );
    assert.equal(overrideVariable("identity_openid", "client_id"), "MINIO_IDENTITY_OPENID_CLIENT_ID");
    assert.equal(overrideVariable("identity_openid:Auth", "scopes"), "MINIO_IDENTITY_OPENID_SCOPES_Auth");
  });

  it("skips only the client secret when authentik gave none, still comparing every other key", () => {
    const exp = expectedOpenId(sampleConfig(), { providerId: "7" }, undefined);
    assert.equal(exp.fingerprint, undefined);
    const out = lines(applied(), exp);
    assert.equal(out[4], "skip client_secret: not checked (no client_secret from authentik)");
    assert.deepEqual([...out.slice(0, 4), ...out.slice(5)], [...PASSING.slice(0, 4), ...PASSING.slice(5)]);
  });

  it("fails once and skips the keys when the target is absent or MinIO cannot be read", () => {
    const absent = lines({ kind: "absent" });
    assert.equal(absent[0], "fail loaded config: MinIO does not list identity_openid");
    assert.deepEqual(absent.slice(1), [
      "skip enable: not checked (no loaded config)",
      "skip display_name: not checked (no loaded config)",
      "skip config_url: not checked (no loaded config)",
      "skip client_id: not checked (no loaded config)",
      "skip client_secret: not checked (no loaded config)",
      "skip claim_name: not checked (no loaded config)",
      "skip redirect_uri: not checked (no loaded config)",
      "skip scopes: not checked (no loaded config)",
    ]);
    const error = lines({ kind: "error", message: `${MINIO_URL}: unreachable (connect ECONNREFUSED)` });
    assert.equal(error[0], `fail loaded config: ${MINIO_URL}: unreachable (connect ECONNREFUSED)`);
  });
});
