/** What the servers hold, read the way a person would check them: authentik's REST API and MinIO's loaded config. */
import assert from "node:assert/strict";
import { Api } from "../doubles/authentik-tests/client";
import { exchangeCode, loadedClient, login, type OAuthClient } from "../integration/support/login";
import { PEOPLE, SECRETS, type World } from "./world";

export const TARGET = "identity_openid";

/** authentik objects of one kind (REST list, first page). */
export async function authentikList(world: Pick<World, "authentik">, path: string): Promise<Record<string, unknown>[]> {
  const reply = await new Api(world.authentik.url, SECRETS.authentikToken).call("GET", `${path}?page_size=100`);
  assert.equal(reply.status, 200, `GET ${path}`);
  return (reply.body as { results: Record<string, unknown>[] }).results;
}

/** The program's objects in authentik: its provider, application and scope mapping (by name). */
export async function programObjects(world: World) {
  const providers = (await authentikList(world, "/providers/oauth2/")).filter((p) => p.name === "MinIO (e2e)");
  const applications = (await authentikList(world, "/core/applications/")).filter((a) => a.slug === "minio-e2e");
  const mappings = (await authentikList(world, "/propertymappings/provider/scope/")).filter(
    (m) => m.scope_name === "minio",
  );
  return { providers, applications, mappings };
}

/** The client MinIO loaded. */
export function minioClient(world: World): OAuthClient {
  return loadedClient(world.minio, TARGET);
}

/** Logs each person in as MinIO's console does; returns username -> the policies of the STS credentials. */
export async function policiesPerPerson(world: World): Promise<Record<string, string[] | string>> {
  const client = minioClient(world);
  const found: Record<string, string[] | string> = {};
  for (const person of Object.values(PEOPLE)) {
    const outcome = await login(world.authentik.url, world.minio, client, person.username);
    found[person.username] =
      outcome.sts.status === 200 ? [...(outcome.sts.policies ?? [])].sort() : `refused: ${outcome.sts.error?.code}`;
  }
  return found;
}

/** The token endpoint's answer to a code exchange made with `client` (e.g. an old secret). */
export async function tokenAnswer(world: World, client: OAuthClient, username: string): Promise<string> {
  const answer = await exchangeCode(world.authentik.url, client, username);
  return `${answer.status} ${String(answer.body.error)}`;
}
