/**
 * `npm run bench`: the program on the real engine against the doubles, each measurement taken side by side with
 * the others in every round, medians of ROUNDS rounds. Prints a Markdown table.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { stringify } from "yaml";
import { authentikPreflight } from "../../lib/authentik-preflight";
import { PREVIEW_CHECKS_VAR } from "../../components/minio-openid";
import { fromRoot } from "../support/paths";
import { startEngine, type Engine } from "./engine";
import { missingPieces } from "./preflight";
import { GROUP_POLICIES, SECRETS, USERS, startWorld, type World } from "./world";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return (performance.now() - start) / 1000;
}

interface Round {
  emptyPreview: number;
  pluginFloorPreview: number;
  noopPreview: number;
  /** The same no-op preview with the program's read-only MinIO check off (MINIO_SSO_PREVIEW_CHECKS=off). */
  noopPreviewNoChecks: number;
  minioRequestsPerPreview: number;
  minioRequestsPerPreviewNoChecks: number;
  up: number;
  refresh: number;
  requestsPerPreview: number;
  restarts: Record<string, number>;
  /** The authentik pre-flight alone, for this stack's two group rules. */
  preflight: number;
}

async function round(empty: Engine): Promise<Round> {
  const world: World = await startWorld();
  const engine = await startEngine();
  const pluginFloor = await startEngine(fromRoot("test", "e2e", "plugin-floor"));
  try {
    await engine.setConfig(world.config, world.secrets);
    await pluginFloor.setConfig(
      { "authentik:url": world.config["authentik:url"] },
      { "authentik:token": world.secrets["authentik:token"] },
    );
    await pluginFloor.up();
    const restarts: Record<string, number> = {};
    const counted = async (kind: string, action: () => Promise<unknown>) => {
      const before = world.minio.restarts();
      const seconds = await timed(action);
      restarts[kind] = world.minio.restarts() - before;
      return seconds;
    };
    const up = await counted("up from nothing", () => engine.up());
    const emptyPreview = await timed(() => empty.preview());
    const pluginFloorPreview = await timed(() => pluginFloor.preview({ expectNoChanges: true }));
    const requests = world.authentik.requests.length;
    let minio = world.minio.requests().length;
    const noopPreview = await counted("no-op preview", () => engine.preview({ expectNoChanges: true }));
    const requestsPerPreview = world.authentik.requests.length - requests;
    const minioRequestsPerPreview = world.minio.requests().length - minio;
    // The same stack from a second workspace whose engine runs the program with the check off.
    const stack = { backendDir: engine.backendDir, passphrase: engine.passphrase, stackName: engine.stack.name };
    const noChecks = await startEngine(undefined, { [PREVIEW_CHECKS_VAR]: "off" }, { existing: stack });
    minio = world.minio.requests().length;
    const noopPreviewNoChecks = await timed(() => noChecks.preview({ expectNoChanges: true }));
    const minioRequestsPerPreviewNoChecks = world.minio.requests().length - minio;
    noChecks.detach();
    const refresh = await counted("refresh", () => engine.refresh());
    await engine.setConfig({
      groupPolicies: [GROUP_POLICIES[0], { group: USERS, policies: "readonly" }],
    });
    await counted("mapping-only change", () => engine.up());
    await engine.setConfig({ minioDisplayName: "Sign in (bench)" });
    await counted("MinIO setting change", () => engine.up());
    await engine.setConfig({}, { clientSecret: "bench-rotated-client-secret-5a1f0c9e2b" });
    await counted("client-secret rotation", () => engine.up());
    const preflight = await preflightAlone(
      world,
      GROUP_POLICIES.map((r) => r.group),
    );
    await counted("destroy", () => engine.destroy());
    await pluginFloor.destroy();
    return {
      emptyPreview,
      pluginFloorPreview,
      noopPreview,
      noopPreviewNoChecks,
      minioRequestsPerPreview,
      minioRequestsPerPreviewNoChecks,
      up,
      refresh,
      requestsPerPreview,
      restarts,
      preflight,
    };
  } finally {
    await engine.close();
    await pluginFloor.close();
    await world.close();
  }
}

/** Group rules of the large-mapping row; their policies and groups come from a policyFile, as README advises. */
const LARGE_RULES = 2000;

/** The pre-flight alone, as the program runs it for `world`'s stack (the same requests, in this process). */
function preflightAlone(world: World, groups: readonly string[]): Promise<number> {
  return timed(() =>
    authentikPreflight({
      url: world.authentik.url,
      token: SECRETS.authentikToken,
      fromEnv: { url: false, token: false },
      authorizationFlow: "default-provider-authorization-implicit-consent",
      invalidationFlow: "default-provider-invalidation-flow",
      signingKey: "authentik Self-signed Certificate",
      groups,
      timeoutSeconds: 15,
    }).then((outcome) => {
      if (outcome.kind !== "ok") throw new Error(`bench: the pre-flight failed: ${JSON.stringify(outcome)}`);
    }),
  );
}

interface LargeRound {
  up: number;
  noopPreview: number;
  preflight: number;
}

/** `up` and a no-op preview with LARGE_RULES group rules, from a policyFile. */
async function largeRound(): Promise<LargeRound> {
  const world = await startWorld();
  const engine = await startEngine();
  const dir = mkdtempSync(path.join(tmpdir(), "bench-policies-"));
  try {
    const groups = Array.from({ length: LARGE_RULES }, (_, i) => `team-${String(i).padStart(4, "0")}`);
    world.authentik.addUser({ username: "bench-member", groups });
    const file = path.join(dir, "policies.yaml");
    writeFileSync(file, stringify({ groupPolicies: groups.map((group) => ({ group, policies: "readonly" })) }));
    const { groupPolicies: _, ...config } = world.config;
    await engine.setConfig({ ...config, policyFile: file }, world.secrets);
    const up = await timed(() => engine.up());
    const noopPreview = await timed(() => engine.preview({ expectNoChanges: true }));
    const preflight = await preflightAlone(world, groups);
    await engine.destroy();
    return { up, noopPreview, preflight };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await engine.close();
    await world.close();
  }
}

async function main(): Promise<void> {
  const missing = missingPieces();
  if (missing.length > 0) throw new Error(`the real engine is not installed: ${missing.join("; ")}`);
  const empty = await startEngine(fromRoot("test", "e2e", "empty-stack"));
  const rounds: Round[] = [];
  const large: LargeRound[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      rounds.push(await round(empty));
      large.push(await largeRound());
      process.stderr.write(`bench: round ${i + 1}/${ROUNDS} done\n`);
    }
  } finally {
    await empty.close();
  }
  const m = (f: (r: Round) => number) => median(rounds.map(f));
  const s = (x: number) => `${x.toFixed(2)} s`;
  const lines = [
    `| measure (median of ${ROUNDS} rounds) | value |`,
    "| --- | --- |",
    `| no-op \`preview\` | ${s(m((r) => r.noopPreview))} |`,
    `| no-op \`preview\`, MinIO check off (${PREVIEW_CHECKS_VAR}=off) | ${s(m((r) => r.noopPreviewNoChecks))} |`,
    `| MinIO requests per no-op preview (check on / off) | ${m((r) => r.minioRequestsPerPreview)} / ${m((r) => r.minioRequestsPerPreviewNoChecks)} |`,
    `| empty program's \`preview\` (floor) | ${s(m((r) => r.emptyPreview))} |`,
    `| no-op preview / floor | ${m((r) => r.noopPreview / r.emptyPreview).toFixed(2)} |`,
    `| plugin floor's \`preview\` (one resource per plugin, nothing else) | ${s(m((r) => r.pluginFloorPreview))} |`,
    `| plugin floor / floor | ${m((r) => r.pluginFloorPreview / r.emptyPreview).toFixed(2)} |`,
    `| \`up\` from nothing | ${s(m((r) => r.up))} |`,
    `| \`refresh\` | ${s(m((r) => r.refresh))} |`,
    `| authentik requests per no-op preview | ${m((r) => r.requestsPerPreview)} |`,
    ...Object.keys(rounds[0].restarts).map((k) => `| MinIO restarts: ${k} | ${m((r) => r.restarts[k])} |`),
    `| authentik pre-flight alone (part of the no-op preview) | ${s(m((r) => r.preflight))} |`,
    `| \`up\` with ${LARGE_RULES} group rules (policyFile) | ${s(median(large.map((r) => r.up)))} |`,
    `| no-op \`preview\` with ${LARGE_RULES} group rules | ${s(median(large.map((r) => r.noopPreview)))} |`,
    `| authentik pre-flight alone, ${LARGE_RULES} group rules | ${s(median(large.map((r) => r.preflight)))} |`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exit(1);
});
