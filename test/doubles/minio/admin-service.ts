// Service actions and server info of the MinIO double, across the deployment's nodes (minio/minio 7aac2a2):
// - ServiceV2Handler (cmd/admin-handlers.go): for restart and stop the answering node lists itself first (with
//   its drives that have I/O waiting, if any); in a distributed deployment each peer follows, in peer order,
//   with the error of its signal: "remote disconnected" (internal/grid/grid.go ErrDisconnected) when its
//   process is down. A peer with drives waiting answers its signal with them (peer-rest-server.go
//   SignalServiceHandler) and does not restart; the answering node restarts in any case.
// - ServiceHandler (v1): headers only; peers restart without the v2 delay.
// - ServerInfoHandler (admin:ServerInfo, served without an object layer: noObjLayerFlag): getServerInfo lists
//   every peer (NotificationSys.ServerInfo; an unreachable one as state "offline", endpoint only), then the
//   answering node (getLocalServerProperty: "online" with an object layer, else "initializing"; uptime in
//   seconds since its process started, left out when 0 as madmin's `json:"uptime,omitempty"`). In a single-node
//   deployment the local endpoint is the request's Host. Fields the double does not model are left out.
import type { AdminCall } from "./admin-types";
import { send, sendJson } from "./http-util";
import type { MinioNode } from "./state";

export const SERVICE_ACTIONS: Record<string, string> = {
  restart: "admin:ServiceRestart",
  stop: "admin:ServiceStop",
  freeze: "admin:ServiceFreeze",
  unfreeze: "admin:ServiceFreeze",
};

interface PeerResult {
  host: string;
  err?: string;
  waitingDrives?: Record<string, { totalWaiting: number }>;
}

function waitingDrives(call: AdminCall, node: MinioNode): PeerResult["waitingDrives"] {
  const drives = call.state.faults.waitingDrives.get(node.name);
  if (drives === undefined) return undefined;
  return Object.fromEntries(drives.map((d) => [d, { totalWaiting: 1 }]));
}

export function service(call: AdminCall): void {
  const { state, node } = call;
  const action = call.url.searchParams.get("action") ?? "";
  const v2 = call.url.searchParams.get("type") === "2";
  const dryRun = v2 && call.url.searchParams.get("dry-run") === "true";
  const process = action === "restart" || action === "stop";
  const skipped = new Set<MinioNode>();
  if (v2) {
    const results: PeerResult[] = [];
    if (process) results.push({ host: node.name, waitingDrives: waitingDrives(call, node) });
    for (const peer of state.nodes.filter((n) => n !== node)) {
      const waiting = process ? waitingDrives(call, peer) : undefined;
      if (peer.phase === "down") results.push({ host: peer.name, err: "remote disconnected" });
      else if (waiting !== undefined) {
        results.push({ host: peer.name, waitingDrives: waiting });
        skipped.add(peer);
      } else results.push({ host: peer.name });
    }
    const peer = process ? state.faults.failedPeer : undefined;
    if (peer) results.push(peer);
    state.faults.failedPeer = undefined;
    state.faults.waitingDrives.clear();
    sendJson(call.reply, { action, dryRun, ...(results.length > 0 ? { results } : {}) });
  } else {
    send(call.reply, 200, undefined);
  }
  if (dryRun) return;
  if (action === "restart") state.restart(node, skipped, v2 ? state.opts.peerRestartDelayMs : 0);
  if (action === "stop") state.stop();
}

export function serverInfo(call: AdminCall): void {
  const { state, node } = call;
  const now = Math.floor(state.now() / 1000);
  const single = state.nodes.length === 1;
  const describe = (n: MinioNode) => {
    if (n.phase === "down") return { state: "offline", endpoint: n.name };
    const uptime = now - Math.floor(n.bootedAt / 1000);
    return {
      state: n.phase === "up" ? "online" : "initializing",
      endpoint: single ? String(call.req.headers.host ?? "") : n.name,
      ...(uptime !== 0 ? { uptime } : {}),
    };
  };
  const servers = [...state.nodes.filter((n) => n !== node).map(describe), describe(node)];
  sendJson(call.reply, { mode: node.phase === "up" ? "online" : "initializing", servers });
}
