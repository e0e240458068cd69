/**
 * The servers of the e2e suite: the authentik and MinIO doubles on loopback, with one person per case of the
 * mapping, and the stack config that points the program at them.
 */
import { startAuthentikDouble, type AuthentikDouble } from "../doubles/authentik";
import { startMinioDouble, type MinioDouble, type MinioDoubleOptions } from "../doubles/minio";
import type { TestCa } from "../support/test-ca";
import { startRelay, type Relay } from "./proxy";

export const SECRETS = {
  authentikToken: "e2e-authentik-api-token-2d9f5b71c0a4",
  minioAccessKey: "e2e-root-access",
  minioSecretKey: "e2e-root-secret-6c41a9f2d8",
} as const;

export const ADMINS = "minio-admins";
export const USERS = "minio-users";
export const GROUP_POLICIES = [
  { group: ADMINS, policies: "consoleAdmin" },
  { group: USERS, policies: ["readwrite", "diagnostics"] },
];

/** One person per group, one in both, one in neither; what the mapping promises each (sorted). */
export const PEOPLE = {
  admin: { username: "alice", groups: [ADMINS], policies: ["consoleAdmin"] },
  user: { username: "bob", groups: [USERS], policies: ["diagnostics", "readwrite"] },
  both: { username: "carol", groups: [USERS, ADMINS], policies: ["consoleAdmin"] },
  none: { username: "dave", groups: ["accounting"], policies: [] },
} as const;

export const SLUG = "minio-e2e";
export const REDIRECT_URI = "http://127.0.0.1:9001/oauth_callback";

export interface World {
  authentik: AuthentikDouble;
  minio: MinioDouble;
  /** The relay the stack reaches MinIO through, to take it down and up. */
  minioRelay: Relay;
  /** Plain stack config (project keys bare, provider keys namespaced). */
  config: Record<string, unknown>;
  /** Secret stack config. */
  secrets: Record<string, string>;
  close(): Promise<void>;
}

/**
 * `minio`: options of the MinIO double beyond its root credentials, e.g. several nodes behind one endpoint.
 * `ca`: both doubles serve https with certificates of this CA, and MinIO trusts it (its certs/CAs) to reach
 * authentik; the stack config does not name it, each case decides.
 */
export async function startWorld(
  opts: {
    minio?: Omit<Partial<MinioDoubleOptions>, "accessKey" | "secretKey" | "tls" | "trustedCas">;
    ca?: TestCa;
  } = {},
): Promise<World> {
  const tls = opts.ca && { key: opts.ca.serverKey, cert: opts.ca.serverChain };
  const authentik = await startAuthentikDouble({ token: SECRETS.authentikToken, tls });
  const minio = await startMinioDouble({
    accessKey: SECRETS.minioAccessKey,
    secretKey: SECRETS.minioSecretKey,
    restartGapMs: 50,
    ...opts.minio,
    tls,
    trustedCas: opts.ca && [opts.ca.caPem],
  });
  const minioRelay = await startRelay(minio.url);
  for (const p of Object.values(PEOPLE)) {
    authentik.addUser({ username: p.username, email: `${p.username}@example.test`, groups: [...p.groups] });
  }
  return {
    authentik,
    minio,
    minioRelay,
    config: {
      "authentik:url": authentik.url,
      applicationName: "MinIO (e2e)",
      applicationSlug: SLUG,
      providerName: "MinIO (e2e)",
      minioEndpoint: minioRelay.url,
      minioRedirectUri: REDIRECT_URI,
      minioDisplayName: "Login with authentik (e2e)",
      allowInsecure: "true",
      // The login client has its own case (login.e2e.ts); the others keep to MinIO's own provider.
      loginClient: "false",
      groupPolicies: GROUP_POLICIES,
    },
    secrets: {
      "authentik:token": SECRETS.authentikToken,
      minioAccessKey: SECRETS.minioAccessKey,
      minioSecretKey: SECRETS.minioSecretKey,
    },
    close: async () => {
      await minioRelay.close();
      await minio.close();
      await authentik.close();
    },
  };
}
