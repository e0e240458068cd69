// A MinIO test double: an HTTP server on 127.0.0.1 that behaves like MinIO (RELEASE.2025-10-15 / 7aac2a2)
// for identity_openid configuration over the admin API v3, service restart, server info, canned policies,
// health probes and STS AssumeRoleWithWebIdentity. It models a deployment of one or more nodes behind one
// endpoint: a balancer hands each request to one node, and nodes come back at their own pace after a restart
// (state.ts). Test code only: the program never imports it.
import { createServer, type Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { ApiError } from "./errors";
import { ENV_PREFIX, toRecord } from "./kv-config";
import { parseCannedPolicy } from "./policies";
import { makeHandler } from "./server";
import type { AuthContext, Principal } from "./sigv4";
import { DoubleState, type MinioNode, type NodePhase, type RecordedRequest } from "./state";
import type { StsEnv, StsSession } from "./sts";
import { topology } from "./topology";

export type { RecordedRequest } from "./state";
export type { StsSession } from "./sts";

export interface MinioDoubleOptions {
  accessKey: string;
  secretKey: string;
  /**
   * Server region. When set, SigV4 credential scopes must name it and role ARNs carry it; when unset the
   * double accepts any scope region and role ARNs have an empty region, as MinIO without a configured region.
   */
  region?: string;
  /** Loopback port to listen on (default 0: an ephemeral port). */
  port?: number;
  /**
   * How long a restart keeps a node's process down before it starts again (default 100 ms): one value for
   * every node, or one per node.
   */
  restartGapMs?: number | readonly number[];
  /** Pause between OpenID initialisation retries after a failed start (default 100 ms). */
  iamRetryMs?: number;
  /** Nodes behind the endpoint (default 1). One node is named by the endpoint's host, others minio1:9000…. */
  nodes?: number;
  /** Drives per node (default 1); all drives form one erasure set with MinIO's default parity. */
  drivesPerNode?: number;
  /** How the balancer hands requests to nodes (default round-robin); random uses `seed` (default 1). */
  balance?: "round-robin" | "random";
  seed?: number;
  /** How long after the node that answers a restart its peers restart (default 250 ms, restartUpdateDelay). */
  peerRestartDelayMs?: number;
  /** How long the nodes have been running when the double starts, for ServerInfo's uptime (default 0). */
  uptimeAtStartSeconds?: number;
  /** Serve https with this key and certificate chain (PEM), as MinIO with certs/private.key and public.crt. */
  tls?: { key: string; cert: string };
  /** CA certificates (PEM) in certs/CAs: trusted besides the system roots to reach the OpenID provider. */
  trustedCas?: readonly string[];
  /**
   * The server's environment, as every node is started with it: `MINIO_IDENTITY_OPENID_*` variables only (the
   * double models no other). Their values override the stored config at start, get-config-kv shows them (secrets
   * left out), and validation at set/del ignores them (kv-config.ts, openid-lookup.ts).
   */
  env?: Readonly<Record<string, string>>;
}

/** One node as the double sees it. */
export interface NodeStatus {
  name: string;
  /** down: no process; starting: listening, no object layer yet; up: object layer set. */
  phase: NodePhase;
  iamReady: boolean;
  /** How many times its process started (1 after the double's start, one more per restart). */
  starts: number;
  /** When its running process had its object layer and IAM ready (ms since the epoch); undefined until then. */
  readyAt: number | undefined;
}

export interface MinioDoubleFaults {
  /** The next n admin or STS requests fail with this HTTP status (MinIO's error shape for the API). */
  failNext(n: number, status: number): void;
  /** Every later request (health included) is answered this many ms late. */
  delay(ms: number): void;
  /**
   * The next restart never completes: health and admin answer 503 until reset() or close(). Given a node's name,
   * only that node stays down (its peers list it offline) and the others come back.
   */
  restartNeverReturns(node?: string): void;
  /** The next get-config-kv answer has one byte changed in transit, so it no longer decrypts. */
  corruptNextAnswer(): void;
  /** The next restart's ServiceV2 answer also lists this peer with this error (a cluster with a failing node). */
  failPeerOnNextRestart(host: string, err: string): void;
  /** At the next restart this node (by name) has I/O waiting on these drives: as a peer it does not restart. */
  drivesWaitingOnNextRestart(node: string, drives: string[]): void;
  /** Clears all faults; a restart held by restartNeverReturns() completes now. */
  reset(): void;
}

export interface MinioDouble {
  url: string;
  close(): Promise<void>;
  /** Restarts accepted so far (dry runs excluded). */
  restarts(): number;
  /** Every node's state, in order. */
  nodes(): NodeStatus[];
  /** The config the first node loaded at its last start: what get-config-kv shows and STS uses (secrets included). */
  loadedConfig(): Record<string, Record<string, string>>;
  /** The saved config, changed by set/del-config-kv; it becomes the loaded one at the next restart. */
  pendingConfig(): Record<string, Record<string, string>>;
  /** Stores a canned policy directly (throws if MinIO would refuse the document). */
  addCannedPolicy(name: string, doc: object): void;
  /**
   * Creates an IAM user with these policies attached (`mc admin user add` + `mc admin policy attach`); throws for
   * keys MinIO refuses (access key under 3, secret key under 8 characters) or a policy it does not have.
   */
  addUser(accessKey: string, secretKey: string, policies: string[]): void;
  faults: MinioDoubleFaults;
  /** Every request received so far, in order (health probes included), bodies as sent. */
  requests(): readonly RecordedRequest[];
  /** Policies carried by STS credentials, or undefined for an unknown access key. */
  sessionPolicies(accessKeyId: string): string[] | undefined;
  /** Everything recorded about issued STS credentials, or undefined. */
  session(accessKeyId: string): StsSession | undefined;
  /**
   * Every node runs with its object layer and has finished its first IAM attempt since it started: what tests
   * wait for after a restart (MinIO's own probes answer 200 earlier, see server.ts).
   */
  settled(): boolean;
  /** Whether IAM (OpenID) initialised at the last start on every node; false while one retries or is down. */
  iamReady(): boolean;
  /** The error of a failed OpenID initialisation, the first node's first, if a node's last start failed. */
  iamError(): string | undefined;
}

function checkOptions(opts: MinioDoubleOptions): void {
  if (typeof opts.accessKey !== "string" || opts.accessKey.length < 3) {
    throw new Error("MinIO double: the root access key must have at least 3 characters");
  }
  if (typeof opts.secretKey !== "string" || opts.secretKey.length < 8) {
    throw new Error("MinIO double: the root secret key must have at least 8 characters");
  }
}

function gapsOf(opts: MinioDoubleOptions, nodes: number): number[] {
  const gap = opts.restartGapMs ?? 100;
  if (typeof gap === "number") return Array.from({ length: nodes }, () => gap);
  if (gap.length !== nodes) throw new Error(`MinIO double: restartGapMs lists ${gap.length} gaps for ${nodes} nodes`);
  return [...gap];
}

export async function startMinioDouble(opts: MinioDoubleOptions): Promise<MinioDouble> {
  checkOptions(opts);
  const layout = topology(opts.nodes ?? 1, opts.drivesPerNode ?? 1);
  const state = new DoubleState(opts.accessKey, opts.secretKey, opts.region ?? "", {
    topology: layout,
    restartGapsMs: gapsOf(opts, layout.nodes),
    peerRestartDelayMs: opts.peerRestartDelayMs ?? 250,
    iamRetryMs: opts.iamRetryMs ?? 100,
    uptimeAtStartMs: (opts.uptimeAtStartSeconds ?? 0) * 1000,
    balance: opts.balance ?? "round-robin",
    seed: opts.seed ?? 1,
  });
  state.trustedCas = [...(opts.trustedCas ?? [])];
  const unmodelled = Object.keys(opts.env ?? {}).filter((name) => !name.startsWith(ENV_PREFIX));
  if (unmodelled.length > 0)
    throw new Error(`MinIO double: env models only ${ENV_PREFIX}*, not ${unmodelled.join(", ")}`);
  state.env = { ...opts.env };
  await state.boot();

  const root: Principal = { accessKey: opts.accessKey, secretKey: opts.secretKey, root: true };
  const auth = (node: MinioNode): AuthContext => ({
    region: opts.region,
    now: () => state.now(),
    lookup(accessKey: string): Principal | undefined | "iam-offline" {
      if (accessKey === root.accessKey) return root;
      if (!node.iamReady) return "iam-offline";
      const user = state.users.get(accessKey);
      if (user) return { accessKey, secretKey: user.secretKey, root: false };
      const s = state.sessions.get(accessKey);
      if (!s) return undefined;
      return { accessKey, secretKey: s.secretKey, root: false, sessionToken: s.sessionToken, expiresAt: s.expiresAt };
    },
  });
  const sts = (node: MinioNode): StsEnv => ({
    iamReady: () => node.iamReady,
    openid: () => node.openid,
    policies: state.policies,
    rootAccessKey: opts.accessKey,
    rootSecretKey: opts.secretKey,
    now: () => state.now(),
    sessions: state.sessions,
  });
  const handler = makeHandler(state, { auth, sts });
  const listener = (req: Parameters<typeof handler>[0], res: Parameters<typeof handler>[1]) => void handler(req, res);
  const server: Server = opts.tls ? createTlsServer(opts.tls, listener) : createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err) => {
      state.close();
      reject(err);
    });
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  // A single node calls itself by the endpoint's host (the double's answer since before it had nodes).
  if (layout.nodes === 1) state.nodes[0].name = `127.0.0.1:${port}`;
  const first = state.nodes[0];

  return {
    url: `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        state.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    restarts: () => state.restartCount,
    nodes: () =>
      state.nodes.map((n) => ({
        name: n.name,
        phase: n.phase,
        iamReady: n.iamReady,
        starts: n.starts,
        readyAt: n.readyAt,
      })),
    loadedConfig: () => toRecord(first.loaded),
    pendingConfig: () => toRecord(state.pending),
    addCannedPolicy(name: string, doc: object): void {
      if (name === "" || name !== name.trim() || name.includes(",")) {
        throw new Error(`MinIO double: invalid policy name ${JSON.stringify(name)}`);
      }
      try {
        state.policies.set(name, parseCannedPolicy(JSON.stringify(doc)));
      } catch (e) {
        throw new Error(`MinIO double: policy ${name} refused: ${e instanceof ApiError ? e.message : String(e)}`);
      }
    },
    addUser(accessKey: string, secretKey: string, policies: string[]): void {
      // auth.IsAccessKeyValid / IsSecretKeyValid (minio/pkg auth): at least 3 and 8 characters.
      if (accessKey.length < 3 || secretKey.length < 8 || accessKey === opts.accessKey) {
        throw new Error("MinIO double: invalid user credentials");
      }
      const unknown = policies.filter((p) => state.policies.get(p) === undefined);
      if (unknown.length > 0) throw new Error(`MinIO double: no such policy ${unknown.join(", ")}`);
      state.users.set(accessKey, { secretKey, policies: [...policies] });
    },
    faults: {
      failNext(n: number, status: number): void {
        state.faults.failRemaining = n;
        state.faults.failStatus = status;
      },
      delay(ms: number): void {
        state.faults.delayMs = ms;
      },
      restartNeverReturns(node?: string): void {
        if (node !== undefined && !state.nodes.some((n) => n.name === node)) {
          throw new Error(`MinIO double: no node ${node}`);
        }
        state.faults.restartNeverReturns = node ?? true;
      },
      corruptNextAnswer(): void {
        state.faults.corruptNextAnswer = true;
      },
      failPeerOnNextRestart(host: string, err: string): void {
        state.faults.failedPeer = { host, err };
      },
      drivesWaitingOnNextRestart(node: string, drives: string[]): void {
        if (!state.nodes.some((n) => n.name === node)) throw new Error(`MinIO double: no node ${node}`);
        state.faults.waitingDrives.set(node, [...drives]);
      },
      reset: () => state.resetFaults(),
    },
    requests: () => [...state.requests],
    sessionPolicies: (id) => {
      const s = state.sessions.get(id);
      return s ? [...s.policies] : undefined;
    },
    session: (id) => state.sessions.get(id),
    settled: () => state.nodes.every((n) => n.phase === "up" && n.iamTried),
    iamReady: () => state.nodes.every((n) => n.iamReady),
    iamError: () => state.nodes.find((n) => n.iamError !== undefined)?.iamError,
  };
}
