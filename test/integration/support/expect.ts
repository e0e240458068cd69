/** Expected login outcomes, and assertions shared by the scenario's steps. */
import assert from "node:assert/strict";
import type { MinioDouble } from "../../doubles/minio";
import { login, type LoginOutcome, type OAuthClient } from "./login";
import { PEOPLE, type Person } from "./world";

/** MinIO's refusal when the ID token carries no policy claim (cmd/sts-handlers.go). */
export const NO_CLAIM = {
  status: 400,
  error: {
    code: "InvalidParameterValue",
    message: "policy claim missing from the JWT token, credentials will not be generated",
  },
};

/** What one person should get: the claim in the ID token and the policies of the STS credentials. */
export interface Expected {
  claim: unknown;
  policies?: string[];
}

export type Expectations = Partial<Record<Person, Expected>>;

/**
 * Logs every person in through `client` and checks claim and STS outcome; returns the outcomes (whose tokens the
 * secret scan looks for later).
 */
export async function checkLogins(
  authentikUrl: string,
  minio: MinioDouble,
  client: OAuthClient,
  expected: Expectations,
): Promise<LoginOutcome[]> {
  const outcomes: LoginOutcome[] = [];
  for (const [person, want] of Object.entries(expected) as [Person, Expected][]) {
    const who = `${person} (${PEOPLE[person].username})`;
    const got = await login(authentikUrl, minio, client, PEOPLE[person].username);
    outcomes.push(got);
    assert.deepEqual(got.claim, want.claim, `${who}: policy claim in the ID token`);
    if (want.policies === undefined) assert.deepEqual(got.sts, NO_CLAIM, `${who}: STS must refuse`);
    else assert.deepEqual(got.sts, { status: 200, policies: want.policies }, `${who}: STS credentials`);
  }
  return outcomes;
}

/** The names of the variables whose values differ between two environments. */
export function changedVariables(a: Record<string, string>, b: Record<string, string>): string[] {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names].filter((n) => a[n] !== b[n]).sort();
}

/**
 * Asserts two secrets are equal without ever putting either into the assertion's message (node's assert would
 * print both values on failure).
 */
export function assertSameSecret(actual: unknown, expected: string, what: string): void {
  assert.ok(typeof actual === "string" && actual === expected, `${what}: the values differ (not shown: secret)`);
}

/** MinIO's config records with non-empty client secrets masked, safe to compare with deepEqual. */
export function maskSecrets(cfg: Record<string, Record<string, string>>): Record<string, Record<string, string>> {
  return Object.fromEntries(
    Object.entries(cfg).map(([target, kv]) => [
      target,
      kv.client_secret ? { ...kv, client_secret: "<non-empty>" } : { ...kv },
    ]),
  );
}
