// Test fixture: a MinIO double plus a test issuer, torn down together.
import { type MinioDouble, type MinioDoubleOptions, startMinioDouble } from "../../minio";
import { type Creds, openidLine, restartAndWait, setConfig } from "./admin";
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

/** set-config-kv identity_openid[:target] with the standard keys, then restart and wait; throws on failure. */
export async function configure(w: World, extra: Record<string, string | null> = {}, target = ""): Promise<void> {
  const res = await setConfig(w.root, openidLine(target, standardKeys(w, extra)));
  if (res.status !== 200) throw new Error(`set-config-kv ${res.status}: ${res.text}`);
  await restartAndWait(w.root);
}
