/**
 * `npm run sandbox` as a person runs it (a child process: prompt, commands, Ctrl-C, start-up errors), and the stack
 * it creates through the Pulumi CLI when one is on PATH (on a throw-away file backend; skipped without the CLI).
 */
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, describe, it } from "node:test";
import { parse } from "yaml";
import { fromRoot } from "../support/paths";
import { startSandbox } from "./sandbox";
import { SECRET_KEYS, findOnPath, type PulumiCli } from "./stack-file";

const CLI = path.join(__dirname, "cli.js");
/** Only node on PATH: the child never finds a Pulumi CLI. */
const NO_PULUMI_ENV = { PATH: path.dirname(process.execPath) };
const USAGE = "usage: npm run sandbox [-- --authentik-port N] [--minio-port N] [--stack NAME]";

function startCli(args: string[]): { child: ChildProcessWithoutNullStreams; output: () => string } {
  const child = spawn(process.execPath, [CLI, ...args], { env: NO_PULUMI_ENV, stdio: "pipe" });
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
  child.stderr.on("data", (c: Buffer) => (out += c.toString("utf8")));
  return { child, output: () => out };
}

async function waitFor(output: () => string, text: string, from = 0): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!output().slice(from).includes(text)) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${JSON.stringify(text)} in:\n${output()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const exited = (child: ChildProcessWithoutNullStreams) =>
  new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

describe("npm run sandbox (the process)", () => {
  const stack = `sandbox-test-${randomBytes(4).toString("hex")}`;
  after(() => rmSync(fromRoot(`Pulumi.${stack}.yaml`), { force: true }));

  it("serves until Ctrl-C, answering commands at its prompt", async () => {
    const { child, output } = startCli(["--authentik-port", "0", "--minio-port", "0", "--stack", stack]);
    const code = exited(child);
    await waitFor(output, "sandbox> ");
    const authentikUrl = /authentik double at (\S+)\n/.exec(output())?.[1];
    assert.ok(authentikUrl, output());
    assert.ok(output().includes(`sandbox: wrote Pulumi.${stack}.yaml WITHOUT its secrets: the Pulumi CLI is not`));
    assert.ok(
      output().includes(`Next: in another terminal, run \`pulumi up --stack ${stack}\`; then type \`login alice\``),
    );
    assert.ok(existsSync(fromRoot(`Pulumi.${stack}.yaml`)));

    const mark = output().length;
    child.stdin.write("login alice\n");
    await waitFor(output, "sandbox> ", mark);
    assert.equal(
      output().slice(mark),
      `sandbox: MinIO has no identity_openid loaded yet: run \`pulumi up --stack ${stack}\` first\nsandbox> `,
    );
    assert.equal((await fetch(`${authentikUrl}/api/v3/root/config/`)).status, 200);

    child.kill("SIGINT");
    assert.equal(await code, 0);
    assert.ok(output().endsWith(`sandbox: stopped (the stack "${stack}" stays; the next start replaces it).\n`));
    await assert.rejects(fetch(`${authentikUrl}/api/v3/root/config/`), "the double is closed");
  });

  it("stops with one clear error on a bad flag or a taken port", async () => {
    const bad = startCli(["--minio-port", "90000"]);
    assert.equal(await exited(bad.child), 1);
    assert.equal(
      bad.output(),
      `sandbox: error: --minio-port needs a port number (0-65535; 0 = any free port)\n${USAGE}\n`,
    );

    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", () => r()));
    const port = (taken.address() as { port: number }).port;
    try {
      const busy = startCli(["--authentik-port", "0", "--minio-port", String(port), "--stack", stack]);
      assert.equal(await exited(busy.child), 1);
      assert.equal(
        busy.output(),
        `sandbox: error: port ${port} is in use (another sandbox, or a real server?): ` +
          `stop it, or pass another port.\n${USAGE}\n`,
      );
    } finally {
      taken.close();
    }
  });
});

const pulumiPath = findOnPath("pulumi");

describe("sandbox stack through the Pulumi CLI", { skip: pulumiPath ? false : "no pulumi CLI on PATH" }, () => {
  const dir = mkdtempSync(path.join(tmpdir(), "minio-sso-sandbox-cli-"));
  const cli: PulumiCli = {
    command: pulumiPath ?? "pulumi",
    env: {
      PATH: process.env.PATH,
      PULUMI_HOME: path.join(dir, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(dir, "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: randomBytes(12).toString("base64url"),
      PULUMI_SKIP_UPDATE_CHECK: "true",
    },
  };
  const project = path.join(dir, "project");
  mkdirSync(path.join(dir, "backend"));
  mkdirSync(project);
  copyFileSync(fromRoot("Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const pulumi = (...args: string[]) =>
    spawnSync(cli.command, args, { cwd: project, env: cli.env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  const start = () =>
    startSandbox({
      authentikPort: 0,
      minioPort: 0,
      projectDir: project,
      stack: "sandbox",
      baseStackFile: fromRoot("Pulumi.dev.yaml"),
      pulumi: cli,
    });

  it("creates the stack with the secrets encrypted; a second start replaces it", async () => {
    for (const [round, replaced] of [
      [1, false],
      [2, true],
    ] as const) {
      const s = await start();
      try {
        assert.equal(s.stackCreated, true);
        assert.equal(s.replacedStack, replaced, `start ${round}`);
        const text = readFileSync(s.stackFile, "utf8");
        const file = parse(text) as { encryptionsalt?: string; config: Record<string, unknown> };
        assert.match(file.encryptionsalt ?? "", /^v1:/);
        for (const key of SECRET_KEYS) {
          assert.ok(!text.includes(s.secrets[key]), `${key}: no plaintext in the file`);
          const stored = file.config[key.includes(":") ? key : `minio-authentik-sso:${key}`] as { secure?: string };
          assert.match(stored.secure ?? "", /^v1:/, `${key} is a secure value`);
          const got = pulumi("config", "get", "--stack", "sandbox", key);
          assert.equal(got.status, 0, got.stderr);
          assert.ok(got.stdout.trim() === s.secrets[key], `${key} decrypts to the doubles' value (not shown)`);
        }
        assert.equal(file.config["authentik:url"], s.authentik.url);
      } finally {
        await s.close();
      }
    }
    const stacks = pulumi("stack", "ls", "--json");
    assert.equal(stacks.status, 0, stacks.stderr);
    assert.deepEqual(
      (JSON.parse(stacks.stdout) as { name: string }[]).map((x) => x.name),
      ["sandbox"],
    );
  });
});
