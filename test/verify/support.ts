/**
 * A deployed stack made of the doubles: authentik configured through REST (as the provider would), MinIO through
 * the admin CLI with the environment components/minio-openid.ts builds, and the stack's config and outputs written
 * in the JSON shapes of `pulumi config --json` and `pulumi stack output --json` (the outputs index.ts exports).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../minio-admin/cli";
import { openIdEnvironment } from "../../minio-admin/settings";
import { startAuthentikDouble, type AuthentikDouble } from "../doubles/authentik/index";
import { Api } from "../doubles/authentik-tests/client";
import { configureMinioApp, type MinioApp } from "../doubles/authentik-tests/fixtures";
import { startMinioDouble, type MinioDouble } from "../doubles/minio/index";
import type { TestCa } from "../support/test-ca";
import {
  AK_TOKEN,
  DISPLAY_NAME,
  pulumiConfig,
  REDIRECT,
  ROOT_ACCESS,
  ROOT_SECRET,
  runIn,
  STACK,
  type PulumiConfigJson,
  type Run,
} from "./fixtures";

export interface VerifyWorld {
  /** A private temporary directory, removed by close(). */
  dir: string;
  ak: AuthentikDouble;
  minio: MinioDouble;
  api: Api;
  app: MinioApp;
  configFile: string;
  outputsFile: string;
  /** The outputs index.ts exports for this world (never the client secret). */
  outputs: Record<string, string>;
  /** Rewrites the outputs file (what `pulumi stack output --json --show-secrets` would print). */
  writeOutputs(outputs: Record<string, string>): void;
  /** Rewrites the config file with entries replaced or added (what `pulumi config --json --show-secrets` prints). */
  writeConfig(extra: PulumiConfigJson): void;
  /** Runs verify in-process with the files, plus extra arguments. */
  verify(extra?: string[]): Promise<Run>;
  close(): Promise<void>;
}

/** Every secret of the world: none may appear in verify's stdout or stderr. */
export function worldSecrets(w: VerifyWorld): string[] {
  return [ROOT_SECRET, AK_TOKEN, w.app.clientSecret];
}

/** The admin CLI's `apply` with the component's environment; throws with the CLI's output when it fails. */
export async function applyMinio(minioUrl: string, akUrl: string, clientId: string, clientSecret: string) {
  const printed: string[] = [];
  const env = openIdEnvironment<string>({
    endpoint: minioUrl,
    accessKey: ROOT_ACCESS,
    secretKey: ROOT_SECRET,
    configName: "",
    configUrl: `${akUrl}/application/o/minio/.well-known/openid-configuration`,
    clientId,
    clientSecret,
    claimName: "policy",
    scopes: "openid,profile,email,minio",
    redirectUri: REDIRECT,
    displayName: DISPLAY_NAME,
  });
  const code = await runCli(["apply"], env, { stdout: (l) => printed.push(l), stderr: (l) => printed.push(l) });
  if (code !== 0) throw new Error(`admin CLI apply failed: ${printed.join("\n")}`);
}

/** `ca`: both doubles serve https with certificates of this CA, and MinIO trusts it (its certs/CAs). */
export async function startVerifyWorld(opts: { ca?: TestCa } = {}): Promise<VerifyWorld> {
  const tls = opts.ca && { key: opts.ca.serverKey, cert: opts.ca.serverChain };
  const ak = await startAuthentikDouble({ token: AK_TOKEN, tls });
  const minio = await startMinioDouble({
    accessKey: ROOT_ACCESS,
    secretKey: ROOT_SECRET,
    restartGapMs: 30,
    tls,
    trustedCas: opts.ca && [opts.ca.caPem],
  });
  const api = new Api(ak.url, AK_TOKEN);
  const app = await configureMinioApp(api);
  await applyMinio(minio.url, ak.url, app.clientId, app.clientSecret);
  const dir = mkdtempSync(join(tmpdir(), "verify-test-"));
  const configFile = join(dir, "config.json");
  const outputsFile = join(dir, "outputs.json");
  const writeConfig = (extra: PulumiConfigJson): void =>
    writeFileSync(configFile, JSON.stringify(pulumiConfig(ak.url, minio.url, extra)));
  writeConfig({});
  const writeOutputs = (outputs: Record<string, string>): void => writeFileSync(outputsFile, JSON.stringify(outputs));
  const outputs = {
    issuer: `${ak.url}/application/o/minio/`,
    discoveryUrl: `${ak.url}/application/o/minio/.well-known/openid-configuration`,
    clientId: app.clientId,
    applicationSlug: app.slug,
    providerId: String(app.providerPk),
    minioTarget: "identity_openid",
  };
  writeOutputs(outputs);
  let closed = false;
  return {
    dir,
    ak,
    minio,
    api,
    app,
    configFile,
    outputsFile,
    outputs,
    writeOutputs,
    writeConfig,
    verify: (extra = []) =>
      runIn(
        ["--stack", STACK, "--config-json", configFile, "--outputs-json", outputsFile, "--timeout", "5", ...extra],
        {},
      ),
    close: async () => {
      rmSync(dir, { recursive: true, force: true });
      if (!closed) {
        closed = true;
        await Promise.allSettled([ak.close(), minio.close()]);
      }
    },
  };
}

/**
 * A stand-in `pulumi` executable in `<dir>/bin`: it appends its argv to `<dir>/pulumi-argv.log` (one JSON line per
 * call) and prints the config or outputs file, as `pulumi config --json` / `pulumi stack output --json` would;
 * any stack but STACK fails as the CLI does for an unknown stack.
 */
export function fakePulumi(dir: string, configFile: string, outputsFile: string): { binDir: string; log: string } {
  const binDir = join(dir, "bin");
  const log = join(dir, "pulumi-argv.log");
  mkdirSync(binDir);
  const script = [
    "#!/usr/bin/env node",
    'const fs = require("node:fs");',
    "const args = process.argv.slice(2);",
    'const stack = args[args.indexOf("--stack") + 1];',
    `fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + "\\n");`,
    `const file = args[0] === "config" ? ${JSON.stringify(configFile)} : args[0] === "stack" && args[1] === "output" ? ${JSON.stringify(outputsFile)} : "";`,
    'if (file === "") { process.stderr.write("error: unexpected command\\n"); process.exit(255); }',
    `if (stack !== ${JSON.stringify(STACK)}) { process.stderr.write("error: no stack named '" + stack + "' found\\n"); process.exit(255); }`,
    'process.stdout.write(fs.readFileSync(file, "utf8"));',
    "",
  ].join("\n");
  writeFileSync(join(binDir, "pulumi"), script);
  chmodSync(join(binDir, "pulumi"), 0o755);
  return { binDir, log };
}
