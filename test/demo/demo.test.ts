/** `npm run demo`: its table of logins against the mapping, and what it says when the engine is missing. */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { findOnPath } from "../sandbox/stack-file";
import type { LoginReport } from "../sandbox/sandbox";
import { fromRoot } from "../support/paths";
import { loginTable } from "./table";

const person = (username: string, groups: string[], policies: string[]) => ({
  username,
  groups,
  policies,
  reason: "",
});
const issued = (policies: string[]) => ({ status: 200, policies });
const refused = { status: 400, error: { code: "InvalidParameterValue", message: "no policy claim" } };
const report = (p: LoginReport["person"], sts: LoginReport["sts"]): LoginReport => ({
  person: p,
  claim: undefined,
  sts,
});

describe("demo: the table of logins", () => {
  it("matches policy names as a set, and a refusal for a person promised nothing", () => {
    const table = loginTable([
      report(person("bob", ["minio-users"], ["readwrite", "diagnostics"]), issued(["diagnostics", "readwrite"])),
      report(person("dave", ["accounting"], []), refused),
    ]);
    assert.deepEqual(table.lines, [
      "  user  groups       mapping promises        MinIO STS gave                   match",
      "  bob   minio-users  readwrite, diagnostics  diagnostics, readwrite           yes",
      "  dave  accounting   (no access)             refused (InvalidParameterValue)  yes",
    ]);
    assert.equal(table.verdict, "all 2 users got what the mapping promises");
    assert.equal(table.allMatch, true);
  });

  it("names every person who got something else: other policies, a refusal, credentials without policies", () => {
    const table = loginTable([
      report(person("alice", ["minio-admins"], ["consoleAdmin"]), issued(["consoleAdmin"])),
      report(person("bob", ["minio-users"], ["readwrite"]), issued(["readonly"])),
      report(person("carol", ["minio-admins"], ["consoleAdmin"]), refused),
      report(person("dave", ["accounting"], []), issued([])),
    ]);
    assert.deepEqual(
      table.lines.map((l) => l.split(/\s{2,}/).slice(-2)),
      [
        ["MinIO STS gave", "match"],
        ["consoleAdmin", "yes"],
        ["readonly", "NO"],
        ["refused (InvalidParameterValue)", "NO"],
        ["(credentials, no policies)", "NO"],
      ],
    );
    assert.equal(table.verdict, "3 of 4 users did NOT get what the mapping promises: bob, carol, dave");
    assert.equal(table.allMatch, false);
  });

  it("is no success without a single login", () => {
    assert.equal(loginTable([]).allMatch, false);
  });
});

describe("demo: without the real engine", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "minio-sso-demo-"));
  const bin = path.join(dir, "bin");
  const home = path.join(dir, "pulumi-home");
  mkdirSync(bin);
  symlinkSync(findOnPath("sh")!, path.join(bin, "sh"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the demo with only `bin` on PATH; the Pulumi home is empty. */
  const demo = () =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env = { PATH: bin, PULUMI_HOME: home, HOME: dir };
      execFile(process.execPath, [fromRoot("dist", "test", "demo", "demo.js")], { env }, (err, stdout, stderr) =>
        resolve({ code: err ? Number(err.code) : 0, stdout, stderr }),
      );
    });
  /** A stand-in `pulumi` that prints this version and this plugin list. */
  const fakePulumi = (version: string, plugins: object[]) => {
    const script = `#!/bin/sh\ncase "$1" in\n  version) echo ${version} ;;\n  plugin) echo '${JSON.stringify(plugins)}' ;;\nesac\n`;
    writeFileSync(path.join(bin, "pulumi"), script);
    chmodSync(path.join(bin, "pulumi"), 0o755);
  };
  const install = "run `pulumi install` in the project (it generates the authentik SDK from the `packages:` pin)";
  const hint = "demo: `npm run sandbox` starts the doubles alone, without the engine.\n";

  it("with no pulumi on PATH, says the CLI is missing and exits 1, printing nothing on stdout", async () => {
    const r = await demo();
    assert.deepEqual(r, {
      code: 1,
      stdout: "",
      stderr:
        "demo: the real engine is not installed; missing:\n" +
        "  - the Pulumi CLI >= 3.276.0 (found: none on PATH): install it from Pulumi's install instructions and put " +
        "it on PATH\n" +
        hint,
    });
  });

  it("with a CLI too old, names the version found", async () => {
    fakePulumi("v3.200.0", []);
    const r = await demo();
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^ {2}- the Pulumi CLI >= 3\.276\.0 \(found: v3\.200\.0\): /m);
  });

  it("with the CLI but no language host and no plugins but command, lists exactly those missing", async () => {
    fakePulumi("v3.276.0", [{ name: "command", version: "1.2.1", kind: "resource" }]);
    const r = await demo();
    assert.deepEqual(r, {
      code: 1,
      stdout: "",
      stderr:
        "demo: the real engine is not installed; missing:\n" +
        "  - the nodejs language host pulumi-language-nodejs: it ships beside the pulumi CLI\n" +
        `  - the resource plugin terraform-provider 1.1.2: ${install}\n` +
        `  - terraform-provider-authentik 2026.5.0 in the bridge's plugin cache ${home}/dynamic_tf_plugins: ${install}\n` +
        hint,
    });
  });
});
