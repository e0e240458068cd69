/**
 * Run before the e2e suite: checks that the real engine and plugins are installed, and lists each missing piece
 * with how a user with internet gets it. Exit 1 when anything is missing.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";

const MIN_CLI = [3, 276, 0];
// `pulumi install` here reads PulumiPlugin.yaml (beside Pulumi.yaml): it generates the authentik SDK from the
// `packages:` pin, which installs the bridge and authentik's Terraform provider, but no other plugin.
const INSTALL = "run `pulumi install` in the project (it generates the authentik SDK from the `packages:` pin)";

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): string | undefined {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", env, stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return undefined;
  }
}

function atLeast(version: string, min: number[]): boolean {
  const parts = /^v?(\d+)\.(\d+)\.(\d+)/.exec(version)?.slice(1).map(Number);
  if (!parts) return false;
  for (let i = 0; i < 3; i++) if (parts[i] !== min[i]) return parts[i] > min[i];
  return true;
}

/** Every missing piece, as "what: how to get it". */
export function missingPieces(env: NodeJS.ProcessEnv = process.env, withYaml = false): string[] {
  const missing: string[] = [];
  const version = run("pulumi", ["version"], env)?.trim();
  if (version === undefined || !atLeast(version, MIN_CLI)) {
    missing.push(
      `the Pulumi CLI >= ${MIN_CLI.join(".")} (found: ${version ?? "none on PATH"}): install it from Pulumi's ` +
        "install instructions and put it on PATH",
    );
    return missing;
  }
  const cli = realpathSync(run("sh", ["-c", "command -v pulumi"], env)!.trim());
  const found = (host: string) =>
    [path.dirname(cli), ...(env.PATH ?? "").split(":")].some((dir) => existsSync(path.join(dir, host)));
  const languageHosts = [["pulumi-language-nodejs", "the nodejs language host"]];
  if (withYaml) languageHosts.push(["pulumi-language-yaml", "the YAML language host (the YAML consumer's case)"]);
  for (const [host, what] of languageHosts) {
    if (!found(host)) missing.push(`${what} ${host}: it ships beside the pulumi CLI`);
  }
  const plugins = JSON.parse(run("pulumi", ["plugin", "ls", "--json"], env) ?? "[]") as {
    name: string;
    version: string;
  }[];
  const has = (name: string, v: string) => plugins.some((p) => p.name === name && p.version === v);
  if (!has("command", "1.2.1"))
    missing.push("the resource plugin command 1.2.1: `pulumi plugin install resource command 1.2.1`");
  if (!has("terraform-provider", "1.1.2")) missing.push(`the resource plugin terraform-provider 1.1.2: ${INSTALL}`);
  const home = env.PULUMI_HOME || path.join(homedir(), ".pulumi");
  const cache = env.PULUMI_DYNAMIC_TF_PLUGIN_CACHE_DIR || path.join(home, "dynamic_tf_plugins");
  const hosts = existsSync(cache) ? readdirSync(cache) : [];
  const authentik = hosts.some((h) => {
    const dir = path.join(cache, h, "goauthentik", "authentik", "2026.5.0");
    return existsSync(dir) && readdirSync(dir).some((platform) => readdirSync(path.join(dir, platform)).length > 0);
  });
  if (!authentik) {
    missing.push(`terraform-provider-authentik 2026.5.0 in the bridge's plugin cache ${cache}: ${INSTALL}`);
  }
  return missing;
}

/** What `who` (the command that needs the engine) prints when pieces are missing. */
export function missingReport(who: string, missing: readonly string[]): string {
  return `${who}: the real engine is not installed; missing:\n${missing.map((m) => `  - ${m}\n`).join("")}`;
}

if (require.main === module) {
  const missing = missingPieces(process.env, true);
  if (missing.length > 0) {
    process.stderr.write(missingReport("e2e", missing));
    process.exit(1);
  }
  process.stdout.write(
    "e2e: pulumi CLI, nodejs and YAML language hosts, command 1.2.1, terraform-provider 1.1.2, authentik 2026.5.0: found\n",
  );
}
