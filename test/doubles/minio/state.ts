// Server state and restart life cycle of the MinIO double: a deployment of N nodes behind one endpoint.
//
// MinIO keeps two copies of the config: the saved one (written by set/del-config-kv, `pending` here, shared by
// all nodes) and globalServerConfig, loaded by each node at its start (`node.loaded`), which get-config-kv and
// OpenID/STS use (minio/minio cmd/admin-handlers-config-kv.go GetConfigKVHandler reads globalServerConfig;
// identity_openid is not in SubSystemsDynamic). A start re-reads the saved config and re-runs
// openid.LookupConfig; when that fails, IAM initialisation retries forever (cmd/iam.go IAMSys.Init): STS
// answers 503 and /minio/health/cluster reports iam-offline, while live/ready stay 200.
//
// A node's life (minio/minio 7aac2a2):
// - "down": its process is gone (a restart re-executes it, cmd/service.go restartProcess) for its restart gap.
// - "starting": it listens (serverMain starts the HTTP server in configureServer, before newObjectLayer) and
//   serves its drives to peers (registerStorageRESTHandlers creates them before that), but has no object layer
//   yet: it waits until half of its remote peers answer (cmd/bootstrap-peer-server.go
//   verifyServerSystemConfig: `onlineServers < len(clnts)/2`) and the set has read quorum of drives online
//   (serverMain's waitForQuorum). The double folds the format load of newObjectLayer into that read quorum.
// - "up": its object layer is set; it loads the saved config (initServerConfig) and initialises IAM.
// A restart: the node that answers ServiceV2 restarts at once; its peers restart restartUpdateDelay (250 ms,
// cmd/peer-rest-common.go) later, at the execAt the answer sends them (peer-rest-server.go SignalServiceHandler).
import { cloneConfig, newOpenIdConfig, type OpenIdConfig } from "./kv-config";
import { lookupOpenId, type LoadedOpenId } from "./openid-lookup";
import type { ServerEnv } from "./kv-config";
import { PolicyStore } from "./policies";
import type { StsSession } from "./sts";
import { balancer, type Topology } from "./topology";

export interface Faults {
  failRemaining: number;
  failStatus: number;
  delayMs: number;
  /** The next restart leaves every node (true) or the named node down until the faults are reset. */
  restartNeverReturns: boolean | string;
  /** The next get-config-kv answer arrives with one byte changed. */
  corruptNextAnswer: boolean;
  /** The next restart's answer reports this peer as failed. */
  failedPeer: { host: string; err: string } | undefined;
  /** Nodes (by name) whose drives have I/O waiting at the next restart: a peer among them does not restart. */
  waitingDrives: Map<string, string[]>;
}

/** One request as the double received it (health probes included). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The node that served it. */
  node: string;
  /** When it arrived (ms since the epoch). */
  at: number;
}

export type NodePhase = "down" | "starting" | "up";

export class MinioNode {
  phase: NodePhase = "down";
  /** The config this node loaded at its last start. */
  loaded: OpenIdConfig = newOpenIdConfig();
  openid: LoadedOpenId | undefined;
  iamReady = false;
  /** Message of the last failed OpenID initialisation; undefined when it succeeded. */
  iamError: string | undefined;
  /** Whether the running process has finished its first IAM initialisation attempt. */
  iamTried = false;
  /** When the running process had its object layer and IAM ready (ms); undefined until then. */
  readyAt: number | undefined;
  /** When the running process started (ms): ServerInfo's uptime counts from here (globalBootTime). */
  bootedAt = 0;
  /** Bumped whenever the process goes down, so IAM retries of an old process stop. */
  generation = 0;
  /** Held down by restartNeverReturns() or stop() until the faults are reset. */
  stuck = false;
  /** How many times its process started (1 after the double's start). */
  starts = 0;

  constructor(
    readonly index: number,
    public name: string,
  ) {}
}

export interface DeploymentOptions {
  topology: Topology;
  /** How long each node stays down after its restart, by node index. */
  restartGapsMs: readonly number[];
  /** How long after the answering node its peers restart (MinIO's restartUpdateDelay). */
  peerRestartDelayMs: number;
  /** Pause between OpenID initialisation retries after a failed start. */
  iamRetryMs: number;
  /** How long the nodes have been running when the double starts (ServerInfo's uptime). */
  uptimeAtStartMs: number;
  balance: "round-robin" | "random";
  seed: number;
}

export class DoubleState {
  pending: OpenIdConfig = newOpenIdConfig();
  readonly nodes: MinioNode[];
  restartCount = 0;
  readonly policies = new PolicyStore();
  readonly sessions = new Map<string, StsSession>();
  /** IAM users (not root): secret key and the policies attached to them; kept across restarts, as MinIO's IAM. */
  readonly users = new Map<string, { secretKey: string; policies: string[] }>();
  readonly faults: Faults = {
    failRemaining: 0,
    failStatus: 500,
    delayMs: 0,
    restartNeverReturns: false,
    corruptNextAnswer: false,
    failedPeer: undefined,
    waitingDrives: new Map(),
  };
  readonly requests: RecordedRequest[] = [];
  private readonly pick: () => number;
  /** CA certificates (PEM) of the certs/CAs directory, trusted besides the system roots on outbound https. */
  trustedCas: readonly string[] = [];
  /** The server processes' MINIO_IDENTITY_OPENID_* environment, fixed at start (a restart keeps it). */
  env: ServerEnv = {};
  private timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(
    readonly rootAccessKey: string,
    readonly rootSecretKey: string,
    /** Region for role ARNs: the configured region, or "" when none is configured. */
    readonly arnRegion: string,
    readonly opts: DeploymentOptions,
  ) {
    const n = opts.topology.nodes;
    this.nodes = Array.from({ length: n }, (_, i) => new MinioNode(i, `minio${i + 1}:9000`));
    this.pick = balancer(opts.balance, n, opts.seed);
  }

  get topology(): Topology {
    return this.opts.topology;
  }

  now(): number {
    return Date.now();
  }

  /** The node the balancer hands the next request to. */
  pickNode(): MinioNode {
    return this.nodes[this.pick()];
  }

  private later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(t);
  }

  /** First start of every node; resolves once each has tried to initialise IAM once. */
  async boot(): Promise<void> {
    const bootedAt = this.now() - this.opts.uptimeAtStartMs;
    for (const node of this.nodes) {
      node.phase = "starting";
      node.bootedAt = bootedAt;
      node.starts = 1;
    }
    await Promise.all(this.nodes.map((node) => this.startObjectLayer(node)));
  }

  /** Nodes whose process runs (starting or up): their drives are online for the set. */
  listening(): MinioNode[] {
    return this.nodes.filter((n) => n.phase !== "down");
  }

  private canStart(): boolean {
    const listening = this.listening().length;
    const peersNeeded = Math.floor((this.nodes.length - 1) / 2);
    return listening - 1 >= peersNeeded && listening * this.topology.drivesPerNode >= this.topology.readQuorum;
  }

  /** The object layer is set: load the saved config, then initialise IAM (retried while it fails). */
  private startObjectLayer(node: MinioNode): Promise<void> {
    node.phase = "up";
    node.loaded = cloneConfig(this.pending);
    node.iamReady = false;
    node.iamTried = false;
    node.iamError = undefined;
    node.openid = undefined;
    return this.initIam(node, node.generation);
  }

  private async initIam(node: MinioNode, gen: number): Promise<void> {
    try {
      const loaded = await lookupOpenId(node.loaded, this.arnRegion, this.trustedCas, {
        env: this.env,
        valuesOn: true,
      });
      if (gen !== node.generation || this.closed) return;
      node.openid = loaded;
      node.iamReady = true;
      node.readyAt = this.now();
      node.iamTried = true;
      node.iamError = undefined;
    } catch (e) {
      if (gen !== node.generation || this.closed) return;
      node.openid = undefined;
      node.iamReady = false;
      node.iamTried = true;
      node.iamError = e instanceof Error ? e.message : String(e);
      this.later(this.opts.iamRetryMs, () => void this.initIam(node, gen));
    }
  }

  private goDown(node: MinioNode, comesBack: boolean): void {
    node.phase = "down";
    node.generation++;
    node.iamReady = false;
    node.readyAt = undefined;
    node.openid = undefined;
    if (!comesBack) node.stuck = true;
    else this.later(this.opts.restartGapsMs[node.index], () => this.comeBack(node));
  }

  private comeBack(node: MinioNode): void {
    node.stuck = false;
    node.phase = "starting";
    node.bootedAt = this.now();
    node.starts++;
    if (!this.canStart()) return;
    for (const n of this.nodes) if (n.phase === "starting") void this.startObjectLayer(n);
  }

  /**
   * `mc admin service restart` answered by `answering`: every node restarts except `skipped` (peers with drives
   * waiting) and nodes already down (the signal cannot reach them).
   */
  restart(answering: MinioNode, skipped: ReadonlySet<MinioNode>, peerDelayMs: number): void {
    this.restartCount++;
    const held = this.faults.restartNeverReturns;
    this.faults.restartNeverReturns = false;
    for (const node of this.nodes) {
      if (node.phase === "down" || skipped.has(node)) continue;
      const comesBack = held !== true && held !== node.name;
      if (node === answering) this.goDown(node, comesBack);
      else {
        const gen = node.generation;
        this.later(peerDelayMs, () => node.generation === gen && this.goDown(node, comesBack));
      }
    }
  }

  /** `mc admin service stop`: every node goes away until the faults are reset. */
  stop(): void {
    for (const node of this.nodes) if (node.phase !== "down") this.goDown(node, false);
  }

  /** faults.reset(): clear all faults; nodes held down come back now. */
  resetFaults(): void {
    this.faults.failRemaining = 0;
    this.faults.failStatus = 500;
    this.faults.delayMs = 0;
    this.faults.restartNeverReturns = false;
    this.faults.corruptNextAnswer = false;
    this.faults.failedPeer = undefined;
    this.faults.waitingDrives.clear();
    for (const node of this.nodes) if (node.stuck) this.comeBack(node);
  }

  /** Takes one injected failure, if any is left: returns its status. */
  takeFailure(): number | undefined {
    if (this.faults.failRemaining <= 0) return undefined;
    this.faults.failRemaining--;
    return this.faults.failStatus;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
