// MinIO admin API v3 operations used for identity_openid (paths from minio/minio cmd/admin-router.go, HEAD 7aac2a2):
//   PUT    /minio/admin/v3/set-config-kv            encrypted body "subsys[:target] k=v …"; answer has no body
//   GET    /minio/admin/v3/get-config-kv?key=K      encrypted answer: config text (secrets left out)
//   DELETE /minio/admin/v3/del-config-kv            encrypted body "subsys[:target]"
//   POST   /minio/admin/v3/service?action=restart&dry-run=false&type=2   (ServiceV2Handler; JSON answer)
//   GET    /minio/admin/v3/info?metrics=false       (ServerInfoHandler; JSON answer, not encrypted)
//   GET    /minio/admin/v3/info-canned-policy?name=N (InfoCannedPolicy; the policy's JSON, not encrypted)
//   GET    /minio/health/{live,ready,cluster}       unsigned
// Bodies are encrypted with the root secret key (madmin-crypto.ts).
import { decryptData, encryptData, MadminDecryptError, type MadminAlgorithm } from "./madmin-crypto";
import { AdminError } from "./errors";
import { notBackReason, parseServers, type ServerState } from "./restart-wait";
import { formatSeconds, Transport, type HttpResult } from "./transport";

export const ADMIN_PREFIX = "/minio/admin/v3";
const MIN_PROBE_MS = 100;
const MAX_PROBE_MS = 2000;

export interface AdminClientOptions {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region?: string;
  requestTimeoutMs?: number;
  /** Body encryption for requests; MinIO accepts all three. Default argon2id-aes-gcm, like madmin. */
  algorithm?: MadminAlgorithm;
}

export interface RestartResult {
  /**
   * Per-node results of ServiceV2: the answering node, then each peer (empty when an older server answers
   * without a body). `waitingDrives`: drives with I/O waiting on that node.
   */
  results: { host: string; err?: string; waitingDrives?: string[] }[];
  /** When the restart request was sent (epoch ms). */
  sentAt: number;
}

export interface WaitOptions {
  /** Overall bound. */
  timeoutMs: number;
  /** Pause after a poll that found the deployment not back (default 200 ms). */
  pollMs?: number;
  /**
   * The first poll waits until this long after the restart was sent (default 1000 ms): peers restart 250 ms after
   * the answer, and until then their old processes answer as if nothing happened (restart-wait.ts).
   */
  settleMs?: number;
}

export type HealthCheck = "live" | "ready" | "cluster";

export class MinioAdminClient {
  readonly endpoint: string;
  private readonly transport: Transport;
  private readonly secretKey: string;
  private readonly algorithm: MadminAlgorithm;
  private readonly requestTimeoutMs: number;

  constructor(opts: AdminClientOptions) {
    this.endpoint = opts.endpoint;
    this.secretKey = opts.secretKey;
    this.algorithm = opts.algorithm ?? "argon2id-aes-gcm";
    this.requestTimeoutMs = opts.requestTimeoutMs ?? 30_000;
    this.transport = new Transport({
      endpoint: opts.endpoint,
      accessKey: opts.accessKey,
      secretKey: opts.secretKey,
      region: opts.region ?? "us-east-1",
      requestTimeoutMs: this.requestTimeoutMs,
    });
  }

  private encrypt(text: string): Buffer {
    return encryptData(this.secretKey, Buffer.from(text, "utf8"), { algorithm: this.algorithm });
  }

  private decrypt(what: string, result: HttpResult): string {
    try {
      return decryptData(this.secretKey, result.body).toString("utf8");
    } catch (err) {
      if (!(err instanceof MadminDecryptError)) throw err;
      throw new AdminError(
        { kind: "protocol", endpoint: this.endpoint },
        `cannot read the answer to ${what}: ${err.message}`,
      );
    }
  }

  /** Upserts config keys; identity_openid takes effect only after a restart. */
  async setConfigKV(line: string): Promise<void> {
    await this.transport.sendOk({
      method: "PUT",
      path: `${ADMIN_PREFIX}/set-config-kv`,
      body: this.encrypt(line),
      signed: true,
    });
  }

  /** The config text for `key` ("subsys", "subsys:" for the default target, or "subsys:target"). */
  async getConfigKV(key: string): Promise<string> {
    const path = `${ADMIN_PREFIX}/get-config-kv`;
    const result = await this.transport.sendOk({ method: "GET", path, query: { key }, signed: true });
    return this.decrypt(`GET ${path}`, result);
  }

  /**
   * A canned policy's document as MinIO stores it (InfoCannedPolicy, `admin:GetPolicy`; the answer is plain JSON),
   * or null when there is none (404 XMinioAdminNoSuchPolicy).
   */
  async infoCannedPolicy(name: string): Promise<string | null> {
    const path = `${ADMIN_PREFIX}/info-canned-policy`;
    try {
      const result = await this.transport.sendOk({ method: "GET", path, query: { name }, signed: true });
      return result.body.toString("utf8");
    } catch (err) {
      if (err instanceof AdminError && err.status === 404 && err.code === "XMinioAdminNoSuchPolicy") return null;
      throw err;
    }
  }

  /** Deletes a target ("subsys:target") or resets keys ("subsys:target k1 k2"). */
  async delConfigKV(line: string): Promise<void> {
    await this.transport.sendOk({
      method: "DELETE",
      path: `${ADMIN_PREFIX}/del-config-kv`,
      body: this.encrypt(line),
      signed: true,
    });
  }

  /**
   * Asks every node to restart (ServiceV2). Fails when a node reports an error, or when a peer lists drives with
   * I/O waiting: such a peer does not restart (minio/minio cmd/peer-rest-server.go SignalServiceHandler).
   */
  async restart(): Promise<RestartResult> {
    const path = `${ADMIN_PREFIX}/service`;
    const sentAt = Date.now();
    const result = await this.transport.sendOk({
      method: "POST",
      path,
      query: { action: "restart", "dry-run": "false", type: "2" },
      signed: true,
    });
    const text = result.body.toString("utf8").trim();
    if (text === "") return { results: [], sentAt };
    let parsed: { results?: { host?: unknown; err?: unknown; waitingDrives?: unknown }[] };
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AdminError({ kind: "protocol", endpoint: this.endpoint }, `POST ${path}: answer is not JSON`);
    }
    const results = (parsed.results ?? []).map((r) => {
      const waiting = r.waitingDrives !== null && typeof r.waitingDrives === "object" ? r.waitingDrives : {};
      const drives = Object.keys(waiting);
      return {
        host: String(r.host ?? ""),
        ...(typeof r.err === "string" && r.err !== "" ? { err: r.err } : {}),
        ...(drives.length > 0 ? { waitingDrives: drives } : {}),
      };
    });
    const problems = results.flatMap((r, i) => {
      if (r.err !== undefined) return [`${r.host}: ${r.err}`];
      // The answering node (first) restarts even with drives waiting; a peer does not.
      if (i > 0 && r.waitingDrives) return [`${r.host}: not restarted, I/O waiting on ${r.waitingDrives.join(", ")}`];
      return [];
    });
    if (problems.length > 0) {
      throw new AdminError({ kind: "server", endpoint: this.endpoint }, `restart failed on ${problems.join("; ")}`);
    }
    return { results, sentAt };
  }

  /** The servers of the deployment as the answering node sees them (ServerInfo). */
  async serverInfo(timeoutMs?: number): Promise<ServerState[]> {
    const path = `${ADMIN_PREFIX}/info`;
    const query = { metrics: "false" };
    const result = await this.transport.sendOk({ method: "GET", path, query, signed: true, timeoutMs });
    try {
      return parseServers(result.body.toString("utf8"));
    } catch (err) {
      const detail = err instanceof SyntaxError ? "answer is not JSON" : (err as Error).message;
      throw new AdminError({ kind: "protocol", endpoint: this.endpoint }, `GET ${path}: ${detail}`);
    }
  }

  /** One unsigned health probe; network failures reject with AdminError. */
  async health(
    check: HealthCheck,
    timeoutMs?: number,
  ): Promise<{ status: number; ok: boolean; serverStatus?: string }> {
    const result = await this.transport.send({
      method: "GET",
      path: `/minio/health/${check}`,
      signed: false,
      timeoutMs,
    });
    const serverStatus = result.headers.get("x-minio-server-status") ?? undefined;
    return { status: result.status, ok: result.status === 200, ...(serverStatus ? { serverStatus } : {}) };
  }

  /**
   * Polls until the whole deployment is back after `restart` (the rule: restart-wait.ts): ServerInfo shows every
   * server online and restarted, then /minio/health/cluster answers 200 once per server in a row. Unreachable,
   * timed-out and 5xx answers mean "not yet"; any other failure is thrown. AdminError "timeout" at the bound,
   * naming the last reason MinIO gave (else the last failed request).
   */
  async waitUntilBack(opts: WaitOptions, restart: RestartResult): Promise<{ waitedMs: number }> {
    const pollMs = opts.pollMs ?? 200;
    const start = Date.now();
    const settle = Math.min(restart.sentAt + (opts.settleMs ?? 1000) - start, opts.timeoutMs);
    if (settle > 0) await new Promise((resolve) => setTimeout(resolve, settle));
    let verdict: string | undefined; // why the last answer that got through was "not back"
    let failure = "no answer yet"; // the last request that did not get through
    let servers = 0; // servers ServerInfo found back; 0 until it does
    let healthy = 0; // cluster 200s in a row since then
    for (let probes = 0; ; probes++) {
      const left = opts.timeoutMs - (Date.now() - start);
      // Don't start a probe whose own timeout would be too short to mean anything.
      if (left <= 0 || (probes > 0 && left < MIN_PROBE_MS)) break;
      try {
        if (servers === 0) {
          const found = await this.serverInfo(Math.min(left, this.requestTimeoutMs));
          const reason = notBackReason(found, restart.results.length, Date.now() - restart.sentAt);
          if (reason === undefined) {
            servers = found.length;
            continue;
          }
          verdict = reason;
        } else {
          const probe = await this.health("cluster", Math.min(left, MAX_PROBE_MS));
          if (probe.ok && ++healthy >= servers) return { waitedMs: Date.now() - start };
          if (probe.ok) continue;
          verdict = `/minio/health/cluster: HTTP ${probe.status}${probe.serverStatus ? ` (${probe.serverStatus})` : ""}`;
          servers = healthy = 0;
        }
      } catch (err) {
        if (!(err instanceof AdminError) || !["unreachable", "timeout", "server"].includes(err.kind)) throw err;
        failure = err.message.slice(this.endpoint.length + 2);
        servers = healthy = 0;
      }
      const pause = Math.min(pollMs, opts.timeoutMs - (Date.now() - start));
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    }
    throw new AdminError(
      { kind: "timeout", endpoint: this.endpoint },
      `timed out: the deployment was not back within ${formatSeconds(opts.timeoutMs)} after the restart (last: ${verdict ?? failure})`,
    );
  }

  /** Restart, then wait until the whole deployment is back. */
  async restartAndWait(opts: WaitOptions): Promise<{ waitedMs: number }> {
    return this.waitUntilBack(opts, await this.restart());
  }
}
