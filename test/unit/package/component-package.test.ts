/**
 * The checkout as a Pulumi component package (PulumiPlugin.yaml): what Pulumi's nodejs plugin runner loads from
 * package.json's `main`, and the schema Pulumi derives from the TypeScript source for programs in other languages.
 * The e2e suite runs it on the real engine from a Pulumi YAML program (test/e2e/yaml-consumer.e2e.ts).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental/provider";
import { MinioSso } from "../../../components/minio-sso";
import { fromRoot, repoRoot } from "../../support/paths";

const TOKEN = "minio-authentik-sso:index:MinioSso";

/** What `node -e script` prints, run in `cwd`. */
function node(script: string, cwd: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ["-e", script], { cwd }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
    ),
  );
}

describe("the component package", () => {
  it("PulumiPlugin.yaml runs it on nodejs and pins the authentik SDK exactly as Pulumi.yaml does", () => {
    const plugin = parse(readFileSync(fromRoot("PulumiPlugin.yaml"), "utf8"));
    const project = parse(readFileSync(fromRoot("Pulumi.yaml"), "utf8"));
    assert.equal(plugin.runtime, "nodejs");
    assert.deepEqual(plugin.packages, project.packages);
    assert.deepEqual(Object.keys(plugin.packages), ["authentik"]);
    // The program keeps its own entry point; package.json's `main` is the package's.
    assert.equal(project.main, "index.ts");
  });

  it("package.json's main loads from source in another directory, without ts-node, and exports only MinioSso", async () => {
    const consumer = mkdtempSync(path.join(tmpdir(), "component-package-"));
    try {
      const runner = fromRoot("node_modules", "@pulumi", "pulumi", "provider", "experimental", "provider.js");
      const script =
        `const pkg = require(${JSON.stringify(repoRoot)});` +
        `const { getPulumiComponents } = require(${JSON.stringify(runner)});` +
        `console.log(JSON.stringify([Object.keys(pkg), getPulumiComponents(pkg).map((c) => c.name)]));`;
      assert.deepEqual(JSON.parse(await node(script, consumer)), [["MinioSso"], ["MinioSso"]]);
    } finally {
      rmSync(consumer, { recursive: true, force: true });
    }
  });

  it("its schema: MinioSso's arguments and outputs; keys and the client secret accept secrets", async () => {
    const provider = new ComponentProvider({ name: "minio-authentik-sso", dirname: repoRoot, components: [MinioSso] });
    const schema = JSON.parse(await provider.getSchema());
    const sso = schema.resources[TOKEN];
    assert.equal(sso.isComponent, true);
    assert.deepEqual(sso.requiredInputs, ["application", "authentikUrl", "mapping", "minio", "provider"]);
    assert.deepEqual(sso.required, [
      "applicationSlug",
      "clientId",
      "discoveryUrl",
      "issuer",
      "minioTarget",
      "providerId",
    ]);
    const type = (name: string) => schema.types[`minio-authentik-sso:index:${name}`];
    // Plain values are known before the component declares anything; a secret arrives as an Input.
    const notPlain = (name: string) =>
      Object.entries(type(name).properties as Record<string, { plain?: boolean }>)
        .filter(([, p]) => !p.plain)
        .map(([k]) => k);
    assert.deepEqual(notPlain("MinioSsoMinioArgs"), ["accessKey", "secretKey"]);
    assert.deepEqual(notPlain("MinioSsoProviderArgs"), ["clientSecret"]);
    assert.deepEqual(notPlain("MinioSsoApplicationArgs"), []);
    assert.deepEqual(type("MinioSsoMinioArgs").required, ["accessKey", "endpoint", "redirectUri", "secretKey"]);
    assert.deepEqual(type("MinioSsoMinioArgs").properties.customPolicies.additionalProperties, {
      $ref: "#/types/minio-authentik-sso:index:MinioSsoPolicyDocument",
      plain: true,
    });
    assert.deepEqual(type("MinioSsoPolicyDocument").properties.Statement.items, { $ref: "pulumi.json#/Any" });
  });
});
