// When a restarted MinIO deployment counts as back (pure: the client feeds it MinIO's answers).
//
// A restart (ServiceV2, POST /minio/admin/v3/service?action=restart&type=2) answers before any node goes down:
// the answering node first, then one entry per peer (minio/minio 7aac2a2 cmd/admin-handlers.go
// ServiceV2Handler; madmin-go v3.0.109 ServiceActionResult). Behind a balancer, one node's
// /minio/health/ready says nothing of the others, and it even answers 200 before that node has an object
// layer (cmd/healthcheck-handler.go ReadinessCheckHandler). The answering node restarts at once, its peers
// restartUpdateDelay (250 ms, cmd/peer-rest-common.go) later, so the first poll waits for a settle time (1 s)
// after the restart was sent. From then on, the deployment is back when, in this order:
// 1. ServerInfo (GET /minio/admin/v3/info, admin:ServerInfo; answered with or without an object layer) lists at
//    least as many servers as the restart named, every one "online" (its object layer is set:
//    getLocalServerProperty; a peer it cannot reach is "offline", one still starting "initializing"), and every
//    one restarted: its uptime (whole seconds since its process started, globalBootTime) is no longer than the
//    time since the restart was sent, plus a second for the rounding: an old process that is still there (its
//    signal came late or the balancer still reaches it) shows its old uptime.
// 2. Then /minio/health/cluster answers 200 as many times in a row as there are servers. A 200 is MinIO's word
//    that the answering node has its object layer, bucket metadata and IAM (so its OpenID config) initialised
//    and that every erasure set has write quorum (ClusterCheckHandler, erasureServerPools.Health). With a
//    round-robin balancer the run covers every node; with a random one, the nodes it happens to reach.
// Limit: uptimes of a deployment started less than about two seconds before the restart cannot tell an old
// process from a new one; there the settle time alone guards against one.

/** One server of a ServerInfo answer (madmin ServerProperties: endpoint, state, uptime). */
export interface ServerState {
  endpoint: string;
  state: string;
  /** Whole seconds; madmin leaves out 0 (`json:"uptime,omitempty"`), read as 0. */
  uptimeSeconds: number;
}

/** Reads the `servers` of a ServerInfo answer; throws Error on a shape MinIO does not send. */
export function parseServers(text: string): ServerState[] {
  const parsed: unknown = JSON.parse(text);
  const servers = (parsed as { servers?: unknown } | null)?.servers ?? [];
  if (!Array.isArray(servers)) throw new Error("servers is not a list");
  return servers.map((s: { endpoint?: unknown; state?: unknown; uptime?: unknown }) => {
    const uptime = s?.uptime ?? 0;
    if (typeof uptime !== "number") throw new Error("a server's uptime is not a number");
    return { endpoint: String(s?.endpoint ?? ""), state: String(s?.state ?? ""), uptimeSeconds: uptime };
  });
}

/**
 * Why the deployment is not back yet according to one ServerInfo answer, or undefined when every server is
 * online and restarted. `expected`: how many nodes the restart answer named; `sinceRestartMs`: time since the
 * restart request was sent.
 */
export function notBackReason(
  servers: readonly ServerState[],
  expected: number,
  sinceRestartMs: number,
): string | undefined {
  if (servers.length < Math.max(expected, 1)) {
    return `the server info lists ${servers.length} server(s), the restart named ${expected}`;
  }
  const limit = Math.ceil(sinceRestartMs / 1000) + 1;
  for (const s of servers) {
    if (s.state !== "online") return `${s.endpoint} is ${s.state === "" ? "in no state" : s.state}`;
    if (s.uptimeSeconds > limit) return `${s.endpoint} has not restarted yet (up ${s.uptimeSeconds}s)`;
  }
  return undefined;
}
