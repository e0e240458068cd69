// MinIO admin API v3 operations used for identity_openid (paths from minio/minio cmd/admin-router.go, HEAD 7aac2a2):
//   PUT    /minio/admin/v3/set-config-kv            encrypted body "subsys[:target] k=v …"; answer has no body
//   GET    /minio/admin/v3/get-config-kv?key=K      encrypted answer: config text (secrets left out)
//   DELETE /minio/admin/v3/del-config-kv            encrypted body "subsys[:target]"
//   POST   /minio/admin/v3/service?action=restart&dry-run=false&type=2   (ServiceV2Handler; JSON answer)
//   GET    /minio/health/{live,ready,cluster}       unsigned
// Bodies are encrypted with the root secret key (madmin-crypto.ts).
import { decryptData, encryptData, MadminDecryptError, type MadminAlgorithm } from "./madmin-crypto";
import { AdminError } from "./errors";
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
  /** Per-node results of ServiceV2 (empty when an older server answers without a body). */
  results: { host: string; err?: string }[];
}

export interface WaitOptions {
  /** Overall bound. */
  timeoutMs: number;
  /** Pause between polls (default 200 ms). */
  pollMs?: number;
  /**
   * A ready answer is trusted only after the server was seen not ready, or after this long since the restart was
   * accepted (default 1000 ms): the old process may still answer for a moment after acknowledging the restart.
   */
  settleMs?: number;
}

export type HealthCheck = "live" | "ready" | "cluster";

export class MinioAdminClient {
  readonly endpoint: string;
  private readonly transport: Transport;
  private readonly secretKey: string;
  private readonly algorithm: MadminAlgorithm;

  constructor(opts: AdminClientOptions) {
    this.endpoint = opts.endpoint;
    this.secretKey = opts.secretKey;
    this.algorithm = opts.algorithm ?? "argon2id-aes-gcm";
    this.transport = new Transport({
      endpoint: opts.endpoint,
      accessKey: opts.accessKey,
      secretKey: opts.secretKey,
      region: opts.region ?? "us-east-1",
      requestTimeoutMs: opts.requestTimeoutMs ?? 30_000,
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

  /** Deletes a target ("subsys:target") or resets keys ("subsys:target k1 k2"). */
  async delConfigKV(line: string): Promise<void> {
    await this.transport.sendOk({
      method: "DELETE",
      path: `${ADMIN_PREFIX}/del-config-kv`,
      body: this.encrypt(line),
      signed: true,
    });
  }

  /** Asks every node to restart (ServiceV2). Fails when a node reports an error. */
  async restart(): Promise<RestartResult> {
    const path = `${ADMIN_PREFIX}/service`;
    const result = await this.transport.sendOk({
      method: "POST",
      path,
      query: { action: "restart", "dry-run": "false", type: "2" },
      signed: true,
    });
    const text = result.body.toString("utf8").trim();
    if (text === "") return { results: [] };
    let parsed: { results?: { host?: unknown; err?: unknown }[] };
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new AdminError({ kind: "protocol", endpoint: this.endpoint }, `POST ${path}: answer is not JSON`);
    }
    const results = (parsed.results ?? []).map((r) => ({
      host: String(r.host ?? ""),
      ...(typeof r.err === "string" && r.err !== "" ? { err: r.err } : {}),
    }));
    const failed = results.filter((r) => r.err !== undefined);
    if (failed.length > 0) {
      const list = failed.map((r) => `${r.host}: ${r.err}`).join("; ");
      throw new AdminError({ kind: "server", endpoint: this.endpoint }, `restart failed on ${list}`);
    }
    return { results };
  }

  /** One unsigned health probe; network failures reject with AdminError. */
  async health(check: HealthCheck, timeoutMs?: number): Promise<{ status: number; ok: boolean }> {
    const result = await this.transport.send({
      method: "GET",
      path: `/minio/health/${check}`,
      signed: false,
      timeoutMs,
    });
    return { status: result.status, ok: result.status === 200 };
  }

  /** Polls /minio/health/ready until it answers 200 (see WaitOptions.settleMs); AdminError "timeout" otherwise. */
  async waitUntilReady(opts: WaitOptions): Promise<{ waitedMs: number }> {
    const pollMs = opts.pollMs ?? 200;
    const settleMs = opts.settleMs ?? 1000;
    const start = Date.now();
    let seenDown = false;
    let last = "no answer yet";
    for (let probes = 0; ; probes++) {
      const left = opts.timeoutMs - (Date.now() - start);
      // Don't start a probe whose own timeout would be too short to mean anything.
      if (left <= 0 || (probes > 0 && left < MIN_PROBE_MS)) break;
      try {
        const probe = await this.health("ready", Math.min(left, MAX_PROBE_MS));
        if (probe.ok && (seenDown || Date.now() - start >= settleMs)) return { waitedMs: Date.now() - start };
        if (!probe.ok) {
          seenDown = true;
          last = `HTTP ${probe.status}`;
        }
      } catch (err) {
        seenDown = true;
        last = err instanceof AdminError ? err.message.slice(this.endpoint.length + 2) : String(err);
      }
      const pause = Math.min(pollMs, opts.timeoutMs - (Date.now() - start));
      if (pause > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    }
    throw new AdminError(
      { kind: "timeout", endpoint: this.endpoint },
      `timed out: not ready within ${formatSeconds(opts.timeoutMs)} after the restart (last /minio/health/ready: ${last})`,
    );
  }

  /** Restart, then wait until ready again. */
  async restartAndWait(opts: WaitOptions): Promise<{ waitedMs: number }> {
    await this.restart();
    return this.waitUntilReady(opts);
  }
}
