/** The policy pack as the engine runs it (`--policy-pack policy`): our stack passes, a bad stack fails. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { fromRoot } from "../support/paths";
import { startEngine, type Engine } from "./engine";
import { startWorld, type World } from "./world";

const PACK = fromRoot("policy");

describe("e2e: the policy pack run by the engine", () => {
  let world: World;
  const engines: Engine[] = [];
  before(async () => {
    world = await startWorld();
  });
  after(async () => {
    for (const engine of engines) await engine.close();
    await world.close();
  });

  it("passes our stack in preview and in up", async () => {
    const engine = await startEngine();
    engines.push(engine);
    await engine.setConfig(world.config, world.secrets);
    const preview = await engine.preview({ policyPacks: [PACK] });
    assert.match(preview.stdout, /Policies:\s+✅ minio-authentik-sso@v/);
    const up = await engine.up({ policyPacks: [PACK] });
    assert.deepEqual(up.changes, { create: 10 });
    assert.match(up.stdout, /Policies:\s+✅ minio-authentik-sso@v/);
  });

  it("fails a bad stack with each rule's message, before anything is created", async () => {
    const engine = await startEngine(fromRoot("test", "e2e", "bad-stack"));
    engines.push(engine);
    await engine.setConfig(
      { "authentik:url": world.authentik.url },
      { "authentik:token": "e2e-authentik-api-token-2d9f5b71c0a4" },
    );
    let message = "";
    await engine.preview({ policyPacks: [PACK] }).catch((err: Error) => (message = err.message));
    for (const line of [
      /\[mandatory\]\s+confidential-client .*clientType is "public"/s,
      /\[mandatory\]\s+strict-redirect .*allowedRedirectUris\[0\]\.matching_mode is "regex"/s,
      /\[mandatory\]\s+signing-key .*signingKey is not set/s,
      /\[mandatory\]\s+grant-types .*grantTypes includes "implicit"/s,
    ]) {
      assert.match(message, line);
    }
    process.stdout.write(
      `policy pack, bad stack: ${message
        .split("\n")
        .filter((l) => l.includes("[mandatory]"))
        .join(" | ")}\n`,
    );
  });
});
