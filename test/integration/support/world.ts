/**
 * The world of the integration test: an authentik double and a MinIO double on loopback, the test users, and the
 * custom policy. Torn down together.
 */
import { startAuthentikDouble, type AuthentikDouble } from "../../doubles/authentik";
import { startMinioDouble, type MinioDouble } from "../../doubles/minio";
import { ADMINS, AUTHENTIK_TOKEN, MINIO_ACCESS_KEY, MINIO_SECRET_KEY, TEAM_BUCKET_RW, USERS } from "./stack";

/** One user per case: each group, both groups, and none of them. */
export const PEOPLE = {
  admin: { username: "alice", groups: [ADMINS] },
  user: { username: "bob", groups: [USERS] },
  both: { username: "carol", groups: [USERS, ADMINS] },
  none: { username: "dave", groups: ["Accounting"] },
} as const;

export type Person = keyof typeof PEOPLE;

export interface World {
  authentik: AuthentikDouble;
  minio: MinioDouble;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const authentik = await startAuthentikDouble({ token: AUTHENTIK_TOKEN });
  let minio: MinioDouble;
  try {
    minio = await startMinioDouble({ accessKey: MINIO_ACCESS_KEY, secretKey: MINIO_SECRET_KEY, restartGapMs: 50 });
  } catch (err) {
    await authentik.close();
    throw err;
  }
  for (const p of Object.values(PEOPLE)) {
    authentik.addUser({ username: p.username, email: `${p.username}@example.test`, groups: [...p.groups] });
  }
  // The program creates customPolicies with @pulumi/minio's IamPolicy; that provider plugin cannot run here, so
  // the test stores the same document directly in the MinIO double.
  minio.addCannedPolicy("team-bucket-rw", TEAM_BUCKET_RW);
  return {
    authentik,
    minio,
    close: async () => {
      await minio.close();
      await authentik.close();
    },
  };
}
