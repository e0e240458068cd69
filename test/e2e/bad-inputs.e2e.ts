/**
 * Bad inputs on the real engine, from one deployed stack: each case changes the stack file (or a secret, or the
 * authentik double's answers), runs one preview, and must be refused at preview with exactly its lines (the key and
 * the fix), with no stack trace, and nothing changed on either server. The stack file is restored after each case.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import { Scalar, parseDocument, visit, type Node } from "yaml";
import { repoRoot } from "../support/paths";
import { CASES_1_2, type BadInput, type Where } from "./bad-inputs-cases";
import { CASES_3_4 } from "./bad-inputs-cases-2";
import { CASES_5_6 } from "./bad-inputs-cases-3";
import { startEngine, type Engine } from "./engine";
import { startWorld, type World } from "./world";

const CASES: BadInput[] = [...CASES_1_2, ...CASES_3_4, ...CASES_5_6];
const PROJECT = "minio-authentik-sso";

/**
 * The program's error as the engine prints it under Diagnostics: the "Invalid stack configuration" line and its
 * problem lines, with the engine's indentation removed ([] when there is none).
 */
function diagnostics(message: string): string[] {
  const all = message.split("\n");
  const at = all.findLastIndex((l) => /^\s*error: Invalid stack configuration \(/.test(l));
  if (at < 0) return [];
  const indent = /^\s*/.exec(all[at])?.[0].length ?? 0;
  const out = [all[at].slice(indent)];
  for (const l of all.slice(at + 1)) {
    if (!l.startsWith(`${" ".repeat(indent)}  - `)) break;
    out.push(l.slice(indent));
  }
  return out;
}

/**
 * `node` with every string double-quoted, as `pulumi config set` writes an unusual value: YAML escapes (\L for
 * U+2028, \N for U+0085) keep line-breaking characters in the value, and "2012-10-17" stays a string, not a date.
 */
function quoted(node: Node): Node {
  visit(node, {
    Scalar(_, scalar) {
      if (typeof scalar.value === "string") scalar.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return node;
}

/** What the servers hold that a preview must not change. */
async function serverState(world: World) {
  return {
    authentikWrites: world.authentik.requests.filter((r) => r.method !== "GET").length,
    minioRestarts: world.minio.restarts(),
    minioConfig: JSON.stringify(world.minio.loadedConfig()),
    minioPending: JSON.stringify(world.minio.pendingConfig()),
    minioWrites: world.minio.requests().filter((r) => r.method !== "GET" && r.method !== "HEAD").length,
  };
}

describe("e2e: bad inputs are refused at preview with the key and the fix, changing nothing", () => {
  let world: World;
  let engine: Engine;
  let stackFile: string;
  let deployed: string;
  let where: Where;
  const results: Array<{ c: BadInput; ok: boolean; ms: number }> = [];

  before(async () => {
    world = await startWorld();
    engine = await startEngine();
    await engine.setConfig(world.config, world.secrets);
    const up = await engine.up();
    assert.deepEqual(up.changes, { create: 10 });
    stackFile = path.join(repoRoot, `Pulumi.${engine.stack.name}.yaml`);
    deployed = readFileSync(stackFile, "utf8");
    where = { ak: world.authentik.url, minio: world.minioRelay.url };
  });
  after(async () => {
    const byKey = new Map<string, { cases: number; refused: number }>();
    for (const r of results) {
      const row = byKey.get(r.c.key) ?? { cases: 0, refused: 0 };
      row.cases++;
      if (r.ok) row.refused++;
      byKey.set(r.c.key, row);
    }
    const kinds = [1, 2, 3, 4, 5, 6].map((k) => `${k}: ${results.filter((r) => r.c.kind === k).length}`);
    process.stdout.write(`bad inputs: ${results.length} cases (kinds ${kinds.join(", ")})\n`);
    for (const [key, row] of [...byKey].sort()) {
      process.stdout.write(`  ${key.padEnd(22)} ${row.refused}/${row.cases} refused at preview\n`);
    }
    const ms = results.map((r) => r.ms).sort((a, b) => a - b);
    if (ms.length > 0)
      process.stdout.write(`  preview: median ${ms[ms.length >> 1]} ms, max ${ms[ms.length - 1]} ms\n`);
    await engine?.close();
    await world?.close();
  });

  it(`holds at least 60 cases across all six kinds`, () => {
    assert.ok(CASES.length >= 60, `${CASES.length} cases`);
    assert.deepEqual([...new Set(CASES.map((c) => c.kind))].sort(), [1, 2, 3, 4, 5, 6]);
  });

  for (const c of CASES) {
    it(`kind ${c.kind}, ${c.key}: ${c.what}`, async () => {
      const doc = parseDocument(deployed);
      for (const [key, value] of Object.entries(c.file?.(where) ?? {})) {
        const full = key.includes(":") ? key : `${PROJECT}:${key}`;
        if (value === null) doc.deleteIn(["config", full]);
        else doc.setIn(["config", full], quoted(doc.createNode(value)));
      }
      // yaml writes U+0085 raw, which Go's YAML reads as a line break (YAML 1.1); the CLI writes the escape \N.
      writeFileSync(stackFile, doc.toString({ lineWidth: 0 }).replace(/\u0085/g, "\\N"));
      if (c.secrets) await engine.setConfig({}, c.secrets);
      c.server?.(world.authentik);
      const before = await serverState(world);
      const start = Date.now();
      let message = "";
      try {
        await engine.preview();
      } catch (err) {
        message = (err as Error).message;
      } finally {
        writeFileSync(stackFile, deployed);
        world.authentik.faults.reset();
        world.authentik.setTokenUser({ username: "akadmin", superuser: true, permissions: [] });
      }
      const ms = Date.now() - start;
      const lines = c.lines(where);
      const count = lines.length === 1 ? "1 problem" : `${lines.length} problems`;
      const expected = [`error: Invalid stack configuration (${count}):`, ...lines];
      const printed = diagnostics(message);
      const ok = JSON.stringify(printed) === JSON.stringify(expected) && !/\n\s+at .*\(.*:\d+:\d+\)/.test(message);
      results.push({ c, ok, ms });
      assert.ok(message !== "", "the preview succeeded");
      assert.deepEqual(printed, expected, message.slice(-4000));
      assert.doesNotMatch(message, /TypeError|\n\s+at .*\(.*:\d+:\d+\)/, "no stack trace");
      assert.deepEqual(await serverState(world), before, "nothing changed on either server");
    });
  }

  it("afterwards the deployed stack previews with no changes", async () => {
    const preview = await engine.preview();
    assert.deepEqual(preview.changes, { same: 10 });
  });
});
