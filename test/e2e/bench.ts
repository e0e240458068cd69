/**
 * `npm run bench`: the program on the real engine against the doubles, each measurement taken side by side with
 * the others in every round, medians of ROUNDS rounds. Prints a Markdown table.
 */
import { performance } from "node:perf_hooks";
import { PREVIEW_CHECKS_VAR } from "../../components/minio-openid";
import { fromRoot } from "../support/paths";
import { startEngine, type Engine } from "./engine";
import { missingPieces } from "./preflight";
import { GROUP_POLICIES, USERS, startWorld, type World } from "./world";

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
  noopPreview: number;
  /** The same no-op preview with the program's read-only MinIO check off (MINIO_SSO_PREVIEW_CHECKS=off). */
  noopPreviewNoChecks: number;
  minioRequestsPerPreview: number;
  minioRequestsPerPreviewNoChecks: number;
  up: number;
  refresh: number;
  requestsPerPreview: number;
  restarts: Record<string, number>;
}

async function round(empty: Engine): Promise<Round> {
  const world: World = await startWorld();
  const engine = await startEngine();
  try {
    await engine.setConfig(world.config, world.secrets);
    const restarts: Record<string, number> = {};
    const counted = async (kind: string, action: () => Promise<unknown>) => {
      const before = world.minio.restarts();
      const seconds = await timed(action);
      restarts[kind] = world.minio.restarts() - before;
      return seconds;
    };
    const up = await counted("up from nothing", () => engine.up());
    const emptyPreview = await timed(() => empty.preview());
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
    await counted("destroy", () => engine.destroy());
    return {
      emptyPreview,
      noopPreview,
      noopPreviewNoChecks,
      minioRequestsPerPreview,
      minioRequestsPerPreviewNoChecks,
      up,
      refresh,
      requestsPerPreview,
      restarts,
    };
  } finally {
    await engine.close();
    await world.close();
  }
}

async function main(): Promise<void> {
  const missing = missingPieces();
  if (missing.length > 0) throw new Error(`the real engine is not installed: ${missing.join("; ")}`);
  const empty = await startEngine(fromRoot("test", "e2e", "empty-stack"));
  const rounds: Round[] = [];
  try {
    for (let i = 0; i < ROUNDS; i++) {
      rounds.push(await round(empty));
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
    `| \`up\` from nothing | ${s(m((r) => r.up))} |`,
    `| \`refresh\` | ${s(m((r) => r.refresh))} |`,
    `| authentik requests per no-op preview | ${m((r) => r.requestsPerPreview)} |`,
    ...Object.keys(rounds[0].restarts).map((k) => `| MinIO restarts: ${k} | ${m((r) => r.restarts[k])} |`),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exit(1);
});
