/**
 * Which Node versions can run this program and the MinIO admin CLI its command resource starts.
 *
 * The CLI parses URLs with `URL.parse`, new in Node 22.1.0 (minio-admin/settings.ts, policy/urls.ts); nothing else
 * the program, the CLI or its dependencies use is newer (Argon2id comes from @node-rs/argon2, not node:crypto).
 * Node 22 and 24 are the lines the tests run on, as package.json's `engines` says. A newer Node is not refused.
 *
 * Pure module: no Pulumi, no I/O.
 */

/** The oldest Node that runs everything, as [major, minor, patch]. */
export const MINIMUM_NODE = [22, 1, 0] as const;

/** What is supported, in words (README and package.json's `engines`, "^22.1.0 || ^24.0.0", say the same). */
export const SUPPORTED_NODE = "Node 22 (22.1.0 or later) or Node 24";

/**
 * Why `version` (process.versions.node, e.g. "22.23.5") cannot run the program, or undefined when it can.
 * The program runs the admin CLI with the `node` on the PATH it was started with, normally this same Node.
 */
export function nodeVersionProblem(version: string): string | undefined {
  const running = parse(version);
  const fix = `use ${SUPPORTED_NODE}: put it first on PATH and run pulumi again.`;
  if (!running) return `Cannot tell which Node this is (version "${version}"); ${fix}`;
  return atLeast(running, MINIMUM_NODE) ? undefined : `Node ${version} cannot run this program; ${fix}`;
}

/**
 * Why `version` cannot trust a `caBundle`, or undefined: the admin CLI adds the CAs with
 * tls.setDefaultCACertificates, new in Node 22.19.0 and 24.5.0 (minio-admin/trust.ts). Call after
 * nodeVersionProblem accepted the version.
 */
export function caBundleNodeProblem(version: string): string | undefined {
  const running = parse(version);
  if (!running) return undefined;
  const floor = running[0] === 22 ? ([22, 19, 0] as const) : ([24, 5, 0] as const);
  if (running[0] > 24 || atLeast(running, floor)) return undefined;
  return `is set, and Node ${version} cannot add trusted CAs (that needs Node 22.19 or later, or 24.5 or later).`;
}

function parse(version: string): number[] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:[-+]\S*)?$/.exec(version);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function atLeast(running: readonly number[], floor: readonly number[]): boolean {
  const i = running.findIndex((part, k) => part !== floor[k]);
  return i === -1 || running[i] > floor[i];
}
