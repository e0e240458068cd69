/**
 * The two config additions for locked-down environments: `caBundle`, a PEM file read and checked at preview, and
 * AUTHENTIK_URL / AUTHENTIK_TOKEN standing in for authentik:url / authentik:token, as in authentik's provider.
 */
import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { loadConfig, rawFromConfigs } from "../../../lib/config";
import { makeTestCa, type TestCa } from "../../support/test-ca";
import { configError, problems, SECRETS, validRaw } from "./fixtures";

describe("caBundle", () => {
  let ca: TestCa;
  before(() => {
    ca = makeTestCa();
  });
  after(() => ca?.remove());

  it("reads the file's certificates, keeping the path as given", () => {
    const file = path.join(ca.dir, "bundle.pem");
    writeFileSync(file, `# the corporate root\n${ca.caPem}`);
    const config = loadConfig(validRaw({ caBundle: file }));
    assert.deepEqual(config.caBundle, { path: file, certificates: [ca.caPem] });
    assert.equal(loadConfig(validRaw({ caBundle: "" })).caBundle, undefined);
  });

  it("a missing file, a directory, a file without certificates or with a private key: one problem each", () => {
    const write = (name: string, text: string) => {
      writeFileSync(path.join(ca.dir, name), text);
      return path.join(ca.dir, name);
    };
    mkdirSync(path.join(ca.dir, "certs"));
    const cases: [string, string][] = [
      [path.join(ca.dir, "nope.pem"), "which does not exist."],
      [path.join(ca.dir, "certs"), "a directory; give a PEM file of CA certificates."],
      [
        write("der.crt", "0\x82\x01\x0a binary"),
        "which holds no PEM certificate (a block from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----).",
      ],
      [
        write("with-key.pem", ca.caPem + ca.serverKey),
        'which holds a "PRIVATE KEY" PEM block; a CA bundle holds CERTIFICATE blocks only.',
      ],
    ];
    for (const [file, end] of cases) {
      const found = problems(validRaw({ caBundle: file }));
      assert.equal(found.length, 1, file);
      assert.ok(
        found[0].startsWith(`caBundle: names ${file.endsWith("certs") ? "" : "the file "}${JSON.stringify(file)}`),
        found[0],
      );
      assert.ok(found[0].endsWith(`${end} | pulumi config set caBundle certs/corporate-ca.pem`), found[0]);
    }
  });
});

describe("AUTHENTIK_URL and AUTHENTIK_TOKEN", () => {
  const project = validRaw({ "authentik:url": undefined, "authentik:token": undefined });
  const none = { get: () => undefined };
  const env = { AUTHENTIK_URL: "https://sso.example.org/", AUTHENTIK_TOKEN: SECRETS.token };

  it("stand in for authentik:url and authentik:token when those are unset", () => {
    const config = loadConfig(rawFromConfigs({ get: (k) => project[k] }, none, undefined, env));
    assert.equal(config.authentik.url, "https://sso.example.org");
    assert.equal(config.authentik.token.reveal(), SECRETS.token);
    assert.equal(config.oidc.configUrl, "https://sso.example.org/application/o/minio/.well-known/openid-configuration");
  });

  it("the stack config wins where both are set, as in the provider (its EnvDefaultFunc applies to unset keys)", () => {
    const stack = { get: (k: string) => (k === "url" ? "https://stack.example.org" : "stack-token-1") };
    const config = loadConfig(rawFromConfigs({ get: (k) => project[k] }, stack, undefined, env));
    assert.equal(config.authentik.url, "https://stack.example.org");
    assert.equal(config.authentik.token.reveal(), "stack-token-1");
  });

  it("with neither, the problem names both; an empty variable counts as unset", () => {
    const raw = rawFromConfigs({ get: (k) => project[k] }, none, undefined, { AUTHENTIK_URL: "", AUTHENTIK_TOKEN: "" });
    assert.deepEqual(
      configError(raw).problems.map((p) => `${p.key}: ${p.message}`),
      [
        "authentik:url: is not set, and AUTHENTIK_URL is not set either.",
        "authentik:token: is not set (secret), and AUTHENTIK_TOKEN is not set either.",
      ],
    );
  });

  it("a bad AUTHENTIK_URL is reported under authentik:url, and the token never shows", () => {
    const raw = rawFromConfigs({ get: (k) => project[k] }, none, undefined, { ...env, AUTHENTIK_URL: "ftp://x" });
    const err = configError(raw);
    assert.deepEqual(
      err.problems.map((p) => p.key),
      ["authentik:url"],
    );
    assert.ok(!err.message.includes(SECRETS.token));
  });
});
