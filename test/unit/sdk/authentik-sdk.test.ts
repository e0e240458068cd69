// The generated @pulumi/authentik must be byte for byte what Pulumi's language host writes from the same schema:
// shared/authentik-sdk/SHA256SUMS lists every file that `pulumi package add` produces (before `npm ci` adds
// node_modules/ and bin/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { fromRoot } from "../../support/paths";

const SUMS = process.env.AUTHENTIK_SDK_SUMS ?? fromRoot("..", "shared", "authentik-sdk", "SHA256SUMS");
const SDK = fromRoot("sdks", "authentik");
/** What `npm ci` adds to the generated directory. */
const INSTALLED = new Set(["node_modules", "bin"]);

function generatedFiles(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (prefix === "" && INSTALLED.has(entry.name)) return [];
    return entry.isDirectory() ? generatedFiles(path.join(dir, entry.name), rel) : [rel];
  });
}

function expectedSums(): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of readFileSync(SUMS, "utf8")
    .split("\n")
    .filter((l) => l !== "")) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    assert.ok(match, `malformed line in ${SUMS}: ${line}`);
    sums.set(match[2].replace(/^\.\//, ""), match[1]);
  }
  return sums;
}

// The list is shared data beside the checkout (CI has it); a clone without it, such as a GitHub runner whose SDK
// `pulumi install` wrote, skips this one test, and says so (README, "Tests").
const skip = existsSync(SUMS) ? false : `no ${SUMS} (set AUTHENTIK_SDK_SUMS to the list of SHA-256 sums)`;

test("sdks/authentik holds exactly the files the language host generates, with the same bytes", { skip }, () => {
  const expected = expectedSums();
  assert.equal(expected.size, 131);
  const actual = new Map(
    generatedFiles(SDK).map((file) => [
      file,
      createHash("sha256")
        .update(readFileSync(path.join(SDK, file)))
        .digest("hex"),
    ]),
  );
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort(), "the same file names");
  const differing = [...expected].filter(([file, sum]) => actual.get(file) !== sum).map(([file]) => file);
  assert.deepEqual(differing, [], "files whose SHA-256 differs from SHA256SUMS");
});
