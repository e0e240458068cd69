// The erasure layout of the MinIO double: N nodes with the same number of drives, all in one erasure set, and
// the quorums MinIO derives from it (minio/minio 7aac2a2):
// - default parity of a set: DefaultParityBlocks (internal/config/storageclass/storage-class.go), used when no
//   storage class is configured (X-Minio-Storage-Class-Defaults: true);
// - read quorum = data drives; write quorum = data drives, plus one when data == parity
//   (erasureServerPools.Health, cmd/erasure-server-pool.go).
// One set only: MinIO cuts more than 16 drives into several sets, which the double does not model.

export interface Topology {
  readonly nodes: number;
  readonly drivesPerNode: number;
  readonly drives: number;
  readonly parity: number;
  readonly readQuorum: number;
  readonly writeQuorum: number;
}

export const MAX_SET_DRIVES = 16;

/** DefaultParityBlocks of MinIO's storage-class package. */
export function defaultParity(drives: number): number {
  if (drives === 1) return 0;
  if (drives <= 3) return 1;
  if (drives <= 5) return 2;
  if (drives <= 7) return 3;
  return 4;
}

export function topology(nodes: number, drivesPerNode: number): Topology {
  for (const [name, value] of [
    ["nodes", nodes],
    ["drivesPerNode", drivesPerNode],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`MinIO double: ${name} must be a positive integer`);
  }
  const drives = nodes * drivesPerNode;
  if (drives > MAX_SET_DRIVES) {
    throw new Error(`MinIO double: at most ${MAX_SET_DRIVES} drives in all (one erasure set), got ${drives}`);
  }
  const parity = defaultParity(drives);
  const data = drives - parity;
  return { nodes, drivesPerNode, drives, parity, readQuorum: data, writeQuorum: data === parity ? data + 1 : data };
}

/** Picks the node that serves each request, as a balancer in front of the deployment does. */
export function balancer(kind: "round-robin" | "random", nodes: number, seed: number): () => number {
  if (kind === "round-robin") {
    let next = 0;
    return () => {
      const i = next;
      next = (next + 1) % nodes;
      return i;
    };
  }
  // mulberry32: a small seeded generator, so a failing random run can be replayed with its seed.
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(r * nodes);
  };
}
