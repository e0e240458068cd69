/**
 * `npm run demo`: the whole program in one command, with no servers. It starts the sandbox's authentik and MinIO
 * doubles with their demo users, runs this project's `pulumi up` through the Automation API on a throw-away stack
 * and file backend, logs each demo user in (authorization code at authentik, then STS AssumeRoleWithWebIdentity at
 * MinIO), prints who got which policies, then destroys the stack and stops the doubles. Exit 0 only when every
 * user got what the mapping promises. Secrets reach the CLI on stdin only and are never printed.
 */
import { configTarget } from "../../minio-admin/names";
import { startEngine, type Engine, type EngineRun } from "../e2e/engine";
import { missingPieces, missingReport } from "../e2e/preflight";
import { findLeaks } from "../integration/support/secrets";
import { startSandbox, type LoginReport, type Sandbox } from "../sandbox/sandbox";
import { fromRoot, repoRoot } from "../support/paths";
import { loginTable } from "./table";
import { toolLogins } from "./tool";

/** The stack whose config and policy mapping the demo deploys. */
const BASE_STACK_FILE = "Pulumi.dev.yaml";

const say = (...lines: string[]) => process.stdout.write(lines.map((l) => `${l}\n`).join(""));

function changes(run: EngineRun): string {
  return Object.entries(run.changes)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(", ");
}

/** Every secret of the run, against every sampled command line and everything the engine printed. */
function leaks(engine: Engine, secrets: Record<string, string>): string[] {
  const places: Record<string, string> = {};
  engine.runs.forEach((run, i) => {
    places[`pulumi ${run.op} (run #${i + 1}) output`] = run.stdout + run.stderr;
  });
  [...engine.argv].forEach((line, i) => (places[`command line sample #${i + 1}`] = line));
  return findLeaks(secrets, places).map((l) => `${l.secret} in ${l.where}`);
}

async function demo(engine: Engine, interrupted: () => boolean): Promise<boolean> {
  let sandbox: Sandbox | undefined;
  let deployed = false;
  try {
    sandbox = await startSandbox({
      authentikPort: 0,
      minioPort: 0,
      projectDir: repoRoot,
      stack: engine.stack.name,
      baseStackFile: fromRoot(BASE_STACK_FILE),
    });
    await engine.setConfig({}, sandbox.secrets);
    say(
      `demo: authentik double at ${sandbox.authentik.url}, MinIO double at ${sandbox.minio.url}`,
      `demo: ${BASE_STACK_FILE}'s config and policy mapping on the throw-away stack ${engine.stack.name}`,
      "demo: pulumi up ...",
    );
    deployed = true;
    say(`demo: pulumi up: ${changes(await engine.up())}`);
    const target = configTarget(sandbox.config.minio.configName);
    const secrets: Record<string, string> = {
      ...sandbox.secrets,
      "client secret": sandbox.minio.loadedConfig()[target].client_secret,
    };
    say("demo: each demo user logs in: authorization code at authentik, then STS at MinIO with the ID token", "");
    const reports: LoginReport[] = [];
    for (const person of sandbox.people) reports.push(await sandbox.login(person.username));
    const table = loginTable(reports);
    say(...table.lines, "", `demo: ${table.verdict}`);
    say("demo: each demo user signs in with minio-sso and the stack output loginProfile", "");
    const tool = await toolLogins((await engine.stack.outputs()).loginProfile?.value, sandbox.people, sandbox.minio);
    say(
      ...tool.lines,
      `demo: minio-sso: ${tool.allMatch ? "every user got what the mapping promises" : "NOT every user got what the mapping promises"}`,
    );
    Object.assign(secrets, tool.secrets);
    say("demo: pulumi destroy ...");
    deployed = false;
    say(`demo: pulumi destroy: ${changes(await engine.destroy())}`);
    const found = [
      ...leaks(engine, secrets),
      ...findLeaks(secrets, tool.stderr).map((l) => `${l.secret} in ${l.where}'s minio-sso messages`),
    ];
    say(
      found.length === 0
        ? `demo: no secret in the engine's output or on any of ${engine.argv.size} command lines sampled`
        : `demo: SECRET LEAKED: ${found.join("; ")}`,
    );
    return table.allMatch && tool.allMatch && found.length === 0;
  } catch (err) {
    const why = interrupted() ? "interrupted" : `failed: ${(err as Error).message}`;
    process.stderr.write(`demo: ${why}\n`);
    return false;
  } finally {
    if (deployed && !interrupted()) await engine.destroy().catch(() => undefined);
    await sandbox?.close();
  }
}

async function main(): Promise<number> {
  const missing = missingPieces();
  if (missing.length > 0) {
    process.stderr.write(missingReport("demo", missing));
    process.stderr.write("demo: `npm run sandbox` starts the doubles alone, without the engine.\n");
    return 1;
  }
  // Ctrl-C reaches the engine too, which cancels; then the demo only cleans up.
  let stop = false;
  process.on("SIGINT", () => (stop = true));
  const engine = await startEngine(repoRoot, {}, { prefix: "demo" });
  try {
    return (await demo(engine, () => stop)) ? 0 : 1;
  } finally {
    await engine.close();
    say("demo: stopped the doubles and removed the stack and its backend");
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`demo: error: ${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
