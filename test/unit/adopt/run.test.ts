/** The adopt command in-process, with a stand-in for the Pulumi CLI and the authentik double. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runAdopt } from "../../../adopt/run";
import type { ProcessRunner } from "../../../verify/pulumi";
import { startAuthentikDouble, type AuthentikDouble } from "../../doubles/authentik";
import { makeAuthentikByHand, type HandMade } from "../../e2e/hand-made";
import { SECRETS } from "../../e2e/world";
import { pulumiConfig, ROOT_SECRET } from "../../verify/fixtures";

/** A Pulumi CLI that answers `config --json` and `stack export`, and records every call. */
function fakeCli(config: object, resources: number) {
  const calls: string[] = [];
  const runner: ProcessRunner = async (_program, args) => {
    calls.push(args.join(" "));
    if (args[0] === "config" && args[1] === "--json") return { code: 0, stdout: JSON.stringify(config), stderr: "" };
    if (args[0] === "stack" && args[1] === "export") {
      const list = Array.from({ length: resources }, (_, i) => ({ urn: `urn:${i}` }));
      return { code: 0, stdout: JSON.stringify({ version: 3, deployment: { resources: list } }), stderr: "" };
    }
    return { code: 1, stdout: "", stderr: `unexpected: pulumi ${args.join(" ")}` };
  };
  return { calls, runner };
}

async function run(argv: string[], runner?: ProcessRunner) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runAdopt(argv, {}, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) }, runner);
  return { code, out, err };
}

describe("adopt command", () => {
  let ak: AuthentikDouble;
  let made: HandMade;
  let config: Record<string, unknown>;
  before(async () => {
    ak = await startAuthentikDouble({ token: SECRETS.authentikToken });
    made = await makeAuthentikByHand({ authentik: ak });
    const plain = (value: string) => ({ value, secret: false });
    config = pulumiConfig(ak.url, "http://127.0.0.1:9000", {
      "authentik:token": { value: SECRETS.authentikToken, secret: true },
      "minio-authentik-sso:providerName": plain("MinIO"),
    });
    delete config["minio-authentik-sso:clientId"];
  });
  after(() => ak.close());

  it("bad input: no stack, an unknown flag; exit 2", async () => {
    assert.deepEqual(await run([]), { code: 2, out: [], err: ["adopt: bad input: --stack NAME is required"] });
    assert.deepEqual(await run(["--stack", "dev", "--force"]), {
      code: 2,
      out: [],
      err: ['adopt: bad input: unknown argument "--force"'],
    });
  });

  it("refuses a stack that already holds resources, before asking authentik", async () => {
    const cli = fakeCli(config, 10);
    const before = ak.requests.length;
    assert.deepEqual(await run(["--stack", "dev"], cli.runner), {
      code: 1,
      out: [],
      err: [
        "adopt: refused: the stack dev already holds 10 resources; adopt prepares a stack that has never been " +
          "deployed. Fix: adopt into a new stack (pulumi stack init), or use pulumi up on this one. Nothing was changed",
      ],
    });
    assert.equal(ak.requests.length, before);
    assert.deepEqual(cli.calls, ["config --json --show-secrets --stack dev", "stack export --stack dev"]);
  });

  it("--dry-run prints the plan, reads authentik only, and runs no command that changes the stack", async () => {
    const cli = fakeCli(config, 0);
    const before = ak.requests.length;
    const result = await run(["--stack", "dev", "--dry-run"], cli.runner);
    assert.equal(result.code, 0, result.err.join("\n"));
    assert.equal(result.out[0], `adopt: stack dev, authentik at ${ak.url}: adopting`);
    assert.equal(result.out[1], `  provider       "MinIO" (pk ${made.providerPk}, client ID "${made.clientId}")`);
    assert.equal(result.out.at(-1), "adopt: --dry-run: nothing changed");
    assert.deepEqual(cli.calls, ["config --json --show-secrets --stack dev", "stack export --stack dev"]);
    assert.ok(ak.requests.slice(before).every((r) => r.method === "GET"));
    const printed = [...result.out, ...result.err].join("\n");
    for (const secret of [made.clientSecret, SECRETS.authentikToken, ROOT_SECRET]) assert.ok(!printed.includes(secret));
  });
});
