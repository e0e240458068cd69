// Test fixture: a MinIO double plus a test issuer, torn down together.
import { type MinioDouble, type MinioDoubleOptions, startMinioDouble } from "../../minio";
import { type Creds, openidLine, restart, setConfig } from "./admin";
import { startIssuer, type TestIssuer } from "./issuer";

export const ROOT_ACCESS = "minio-root";
export const ROOT_SECRET = "minio-root-secret-123";
export const CLIENT_ID = "minio-client";
export const CLIENT_SECRET = "client-secret-value";

export interface World {
  minio: MinioDouble;
  issuer: TestIssuer;
  root: Creds;
  close(): Promise<void>;
}

export async function startWorld(opts: Partial<MinioDoubleOptions> = {}): Promise<World> {
  const minio = await startMinioDouble({
    accessKey: ROOT_ACCESS,
    secretKey: ROOT_SECRET,
    restartGapMs: 50,
    iamRetryMs: 30,
    ...opts,
  });
  const issuer = await startIssuer({ clientId: CLIENT_ID });
  const root: Creds = { url: minio.url, accessKey: ROOT_ACCESS, secretKey: ROOT_SECRET, region: opts.region };
  return {
    minio,
    issuer,
    root,
    close: async () => {
      await minio.close();
      await issuer.close();
    },
  };
}

/** The standard keys for the world's issuer, with overrides (null drops a key). */
export function standardKeys(w: World, extra: Record<string, string | null> = {}): Record<string, string | null> {
  return { config_url: w.issuer.configUrl, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, ...extra };
}

/**
 * Restart, then wait until every node has started again and made its first IAM attempt (the double's view:
 * MinIO's ready probe answers 200 before IAM is initialised). Throws after 5 s.
 */
export async function restartAndWait(w: World): Promise<void> {
  const before = w.minio.nodes().map((n) => n.starts);
  const res = await restart(w.root);
  if (res.status !== 200) throw new Error(`restart ${res.status}: ${res.text}`);
  const back = () => w.minio.settled() && w.minio.nodes().every((n, i) => n.starts > before[i]);
  for (let i = 0; i < 250 && !back(); i++) await new Promise((r) => setTimeout(r, 20));
  if (!back()) throw new Error("double did not come back from the restart");
}

/** set-config-kv identity_openid[:target] with the standard keys, then restart and wait; throws on failure. */
export async function configure(w: World, extra: Record<string, string | null> = {}, target = ""): Promise<void> {
  const res = await setConfig(w.root, openidLine(target, standardKeys(w, extra)));
  if (res.status !== 200) throw new Error(`set-config-kv ${res.status}: ${res.text}`);
  await restartAndWait(w);
}
