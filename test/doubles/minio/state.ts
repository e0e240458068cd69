// Server state and restart life cycle of the MinIO double.
//
// MinIO keeps two copies of the config: the saved one (written by set/del-config-kv, `pending` here) and
// globalServerConfig, loaded at the last start (`loaded`), which get-config-kv and OpenID/STS use
// (minio/minio cmd/admin-handlers-config-kv.go GetConfigKVHandler reads globalServerConfig;
// identity_openid is not in SubSystemsDynamic). A restart re-reads the saved config and re-runs
// openid.LookupConfig; when that fails, IAM initialisation retries forever (cmd/iam.go IAMSys.Init):
// STS answers 503 and /minio/health/cluster reports iam-offline, while live/ready stay 200.
import { cloneConfig, newOpenIdConfig, type OpenIdConfig } from "./kv-config";
import { lookupOpenId, type LoadedOpenId } from "./openid-lookup";
import { PolicyStore } from "./policies";
import type { StsSession } from "./sts";

export interface Faults {
  failRemaining: number;
  failStatus: number;
  delayMs: number;
  restartNeverReturns: boolean;
  /** The next get-config-kv answer arrives with one byte changed. */
  corruptNextAnswer: boolean;
  /** The next restart's answer reports this peer as failed. */
  failedPeer: { host: string; err: string } | undefined;
}

/** One request as the double received it (health probes included). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export class DoubleState {
  pending: OpenIdConfig = newOpenIdConfig();
  loaded: OpenIdConfig = newOpenIdConfig();
  openid: LoadedOpenId | undefined;
  iamReady = false;
  /** "restarting": between a restart request and the end of the gap plus the first OpenID load attempt. */
  phase: "up" | "restarting" = "up";
  restartCount = 0;
  /** Message of the last failed OpenID initialisation (for tests); undefined when it succeeded. */
  iamError: string | undefined;
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
  };
  readonly requests: RecordedRequest[] = [];
  /** CA certificates (PEM) of the certs/CAs directory, trusted besides the system roots on outbound https. */
  trustedCas: readonly string[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private stuck = false;
  private closed = false;
  private generation = 0;

  constructor(
    readonly rootAccessKey: string,
    readonly rootSecretKey: string,
    /** Region for role ARNs: the configured region, or "" when none is configured. */
    readonly arnRegion: string,
    readonly restartGapMs: number,
    readonly iamRetryMs: number,
  ) {}

  now(): number {
    return Date.now();
  }

  private later(ms: number, fn: () => void): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    this.timers.add(t);
  }

  /** One IAM/OpenID initialisation attempt over the loaded config; schedules retries while it fails. */
  private async initIam(gen: number): Promise<void> {
    try {
      const loaded = await lookupOpenId(this.loaded, this.arnRegion, this.trustedCas);
      if (gen !== this.generation || this.closed) return;
      this.openid = loaded;
      this.iamReady = true;
      this.iamError = undefined;
    } catch (e) {
      if (gen !== this.generation || this.closed) return;
      this.openid = undefined;
      this.iamReady = false;
      this.iamError = e instanceof Error ? e.message : String(e);
      this.later(this.iamRetryMs, () => void this.initIam(gen));
    }
  }

  /** Server start: load the saved config and initialise IAM once. */
  async boot(): Promise<void> {
    this.generation++;
    this.loaded = cloneConfig(this.pending);
    this.iamReady = false;
    this.openid = undefined;
    await this.initIam(this.generation);
  }

  /** `mc admin service restart`: count it, go offline for the gap, then boot again. */
  restart(): void {
    this.restartCount++;
    this.phase = "restarting";
    this.generation++;
    this.iamReady = false;
    this.openid = undefined;
    if (this.faults.restartNeverReturns) {
      this.faults.restartNeverReturns = false;
      this.stuck = true;
      return;
    }
    this.later(this.restartGapMs, () => void this.finishRestart());
  }

  /** `mc admin service stop`: the server goes away and never comes back. */
  stop(): void {
    this.phase = "restarting";
    this.generation++;
    this.iamReady = false;
    this.stuck = true;
  }

  private async finishRestart(): Promise<void> {
    await this.boot();
    if (!this.closed) this.phase = "up";
  }

  /** faults.reset(): clear all faults; a restart held by restartNeverReturns() completes now. */
  resetFaults(): void {
    this.faults.failRemaining = 0;
    this.faults.failStatus = 500;
    this.faults.delayMs = 0;
    this.faults.restartNeverReturns = false;
    this.faults.corruptNextAnswer = false;
    this.faults.failedPeer = undefined;
    if (this.stuck) {
      this.stuck = false;
      void this.finishRestart();
    }
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
