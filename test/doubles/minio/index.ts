// A MinIO test double: an HTTP server on 127.0.0.1 that behaves like MinIO (RELEASE.2025-10-15 / 7aac2a2)
// for identity_openid configuration over the admin API v3, service restart, canned policies, health
// probes and STS AssumeRoleWithWebIdentity. Test code only: the program never imports it.
import { createServer, type Server } from "node:http";
import { createServer as createTlsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { ApiError } from "./errors";
import { toRecord } from "./kv-config";
import { parseCannedPolicy } from "./policies";
import { makeHandler } from "./server";
import type { Principal } from "./sigv4";
import { DoubleState, type RecordedRequest } from "./state";
import type { StsSession } from "./sts";

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
  /** How long a restart keeps the server offline before it loads its config again (default 100 ms). */
  restartGapMs?: number;
  /** Pause between OpenID initialisation retries after a failed start (default 100 ms). */
  iamRetryMs?: number;
  /** Serve https with this key and certificate chain (PEM), as MinIO with certs/private.key and public.crt. */
  tls?: { key: string; cert: string };
  /** CA certificates (PEM) in certs/CAs: trusted besides the system roots to reach the OpenID provider. */
  trustedCas?: readonly string[];
}

export interface MinioDoubleFaults {
  /** The next n admin or STS requests fail with this HTTP status (MinIO's error shape for the API). */
  failNext(n: number, status: number): void;
  /** Every later request (health included) is answered this many ms late. */
  delay(ms: number): void;
  /** The next restart never completes: health and admin answer 503 until reset() or close(). */
  restartNeverReturns(): void;
  /** The next get-config-kv answer has one byte changed in transit, so it no longer decrypts. */
  corruptNextAnswer(): void;
  /** The next restart's ServiceV2 answer also lists this peer with this error (a cluster with a failing node). */
  failPeerOnNextRestart(host: string, err: string): void;
  /** Clears all faults; a restart held by restartNeverReturns() completes now. */
  reset(): void;
}

export interface MinioDouble {
  url: string;
  close(): Promise<void>;
  /** Restarts accepted so far (dry runs excluded). */
  restarts(): number;
  /** The config loaded at the last start: what get-config-kv shows and STS uses (secrets included). */
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
  /** Whether IAM (OpenID) initialised at the last start; false while retrying a failing provider. */
  iamReady(): boolean;
  /** The error of the last failed OpenID initialisation, if the last start failed. */
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

export async function startMinioDouble(opts: MinioDoubleOptions): Promise<MinioDouble> {
  checkOptions(opts);
  const state = new DoubleState(
    opts.accessKey,
    opts.secretKey,
    opts.region ?? "",
    opts.restartGapMs ?? 100,
    opts.iamRetryMs ?? 100,
  );
  state.trustedCas = [...(opts.trustedCas ?? [])];
  await state.boot();
  state.phase = "up";

  const root: Principal = { accessKey: opts.accessKey, secretKey: opts.secretKey, root: true };
  const auth = {
    region: opts.region,
    now: () => state.now(),
    lookup(accessKey: string): Principal | undefined | "iam-offline" {
      if (accessKey === root.accessKey) return root;
      if (!state.iamReady) return "iam-offline";
      const user = state.users.get(accessKey);
      if (user) return { accessKey, secretKey: user.secretKey, root: false };
      const s = state.sessions.get(accessKey);
      if (!s) return undefined;
      return { accessKey, secretKey: s.secretKey, root: false, sessionToken: s.sessionToken, expiresAt: s.expiresAt };
    },
  };
  const env = { state, auth, host: "" };
  const sts = {
    iamReady: () => state.iamReady,
    openid: () => state.openid,
    policies: state.policies,
    rootAccessKey: opts.accessKey,
    rootSecretKey: opts.secretKey,
    now: () => state.now(),
    sessions: state.sessions,
  };
  const handler = makeHandler(env, sts);
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
  env.host = `127.0.0.1:${port}`;

  return {
    url: `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        state.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    restarts: () => state.restartCount,
    loadedConfig: () => toRecord(state.loaded),
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
      restartNeverReturns(): void {
        state.faults.restartNeverReturns = true;
      },
      corruptNextAnswer(): void {
        state.faults.corruptNextAnswer = true;
      },
      failPeerOnNextRestart(host: string, err: string): void {
        state.faults.failedPeer = { host, err };
      },
      reset: () => state.resetFaults(),
    },
    requests: () => [...state.requests],
    sessionPolicies: (id) => {
      const s = state.sessions.get(id);
      return s ? [...s.policies] : undefined;
    },
    session: (id) => state.sessions.get(id),
    iamReady: () => state.iamReady,
    iamError: () => state.iamError,
  };
}
