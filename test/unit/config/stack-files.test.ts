/** Pulumi.yaml declares exactly the keys loadConfig reads, with the same defaults; the stack files load cleanly. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { CONFIG_KEYS, loadConfig } from "../../../lib/config";
import { fromRoot } from "../../support/paths";
import { PROJECT, effectiveConfig as effectiveStackConfig } from "../../support/stack-files";
import { SECRETS } from "./fixtures";
import { jsonStringProblems } from "../../../lib/stack-file";

const read = (file: string) => readFileSync(fromRoot(file), "utf8");
const project = parse(read("Pulumi.yaml")) as {
  name: string;
  runtime: { name: string; options: Record<string, unknown> };
  description: string;
  config: Record<string, Record<string, unknown>>;
};
const projectKeys = CONFIG_KEYS.filter((s) => !s.providerKey);
/** The JavaScript type a YAML value of the declared type has; an undeclared ("yaml") key defaults to "". */
const jsType = (type: string) => (type === "integer" ? "number" : type === "yaml" ? "string" : type);

const effectiveConfig = (file: string) => effectiveStackConfig(file, SECRETS);

describe("Pulumi.yaml", () => {
  it("names the project and the TypeScript runtime", () => {
    assert.equal(project.name, PROJECT);
    assert.deepEqual(project.runtime, {
      name: "nodejs",
      options: { typescript: true, tsconfig: "tsconfig.pulumi.json" },
    });
    assert.ok(project.description.length > 20);
  });

  it("declares exactly the project keys loadConfig reads, in the same order", () => {
    assert.deepEqual(
      Object.keys(project.config),
      projectKeys.map((s) => s.key),
    );
  });

  for (const spec of projectKeys) {
    it(`declares ${spec.key} like loadConfig reads it`, () => {
      const decl = project.config[spec.key];
      const allowed = ["type", "description", "secret", "default"];
      assert.deepEqual(
        Object.keys(decl).filter((k) => !allowed.includes(k)),
        [],
      );
      assert.equal(decl.type, spec.type === "yaml" ? undefined : spec.type);
      assert.equal(typeof decl.description, "string");
      assert.ok((decl.description as string).length > 10);
      // Nothing is declared secret and every key has a default, or Pulumi would refuse a missing or plain value
      // before the program runs, without the fix; loadConfig names them instead.
      assert.equal(decl.secret, undefined);
      assert.equal(String(decl.default), spec.default ?? "");
      assert.equal(typeof decl.default, jsType(spec.type));
    });
  }

  it("documents the authentik provider keys it may not declare", () => {
    const text = read("Pulumi.yaml");
    assert.ok(text.includes("#   authentik:url "));
    assert.ok(text.includes("pulumi config set --secret authentik:token"));
    assert.equal(
      Object.keys(project.config).some((k) => k.includes(":")),
      false,
    );
  });
});

for (const file of ["Pulumi.dev.yaml", "Pulumi.prod.yaml"]) {
  describe(file, () => {
    const text = read(file);
    const stack = parse(text) as { config: Record<string, unknown> };

    it("holds only known keys, no secrets, with the declared types", () => {
      for (const [key, value] of Object.entries(stack.config)) {
        if (key === "authentik:url") continue;
        assert.ok(key.startsWith(`${PROJECT}:`), `${key} is not namespaced by the project`);
        const spec = projectKeys.find((s) => s.key === key.slice(PROJECT.length + 1));
        assert.ok(spec, `${key} is not a known key`);
        assert.equal(spec.secret, false, `${key} is secret and must not be in the stack file`);
        if (spec.type !== "yaml") assert.equal(typeof value, jsType(spec.type), `${key} has the wrong type`);
      }
      assert.deepEqual(jsonStringProblems(PROJECT, file, text), [], "policy keys are YAML values, not JSON strings");
    });

    it("lists the commands that set the secrets", () => {
      for (const spec of CONFIG_KEYS.filter((s) => s.secret)) {
        assert.ok(text.includes(`#   pulumi config set --secret ${spec.key}\n`), spec.key);
      }
    });
  });
}

describe("stack files load", () => {
  it("dev: local endpoints over http, group mapping with fallback", () => {
    const config = loadConfig(effectiveConfig("Pulumi.dev.yaml"));
    assert.equal(config.allowInsecure, true);
    assert.equal(config.authentik.url, "http://127.0.0.1:9100");
    assert.equal(config.minio.endpoint, "http://127.0.0.1:9000");
    assert.equal(
      config.oidc.configUrl,
      "http://127.0.0.1:9100/application/o/minio-dev/.well-known/openid-configuration",
    );
    assert.equal(config.provider.clientId, "minio-dev");
    assert.deepEqual(config.policyMapping, {
      kind: "groups",
      rules: [
        { group: "minio-admins", policies: "consoleAdmin" },
        { group: "minio-users", policies: ["readwrite", "diagnostics"] },
      ],
      fallback: "readonly",
    });
  });

  it("prod: https everywhere, custom policy referenced by a group", () => {
    const config = loadConfig(effectiveConfig("Pulumi.prod.yaml"));
    assert.equal(config.allowInsecure, false);
    for (const url of [
      config.authentik.url,
      config.minio.endpoint,
      config.minio.redirectUri,
      config.application.launchUrl,
    ]) {
      assert.match(url, /^https:\/\//);
    }
    assert.equal(config.provider.accessTokenValidity, "hours=1");
    assert.deepEqual(Object.keys(config.customPolicies), ["analytics-read"]);
    assert.equal(config.policyMapping.kind, "groups");
    assert.equal("fallback" in config.policyMapping, false);
  });
});
