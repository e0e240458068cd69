/**
 * The world of someone who followed authentik's MinIO guide by hand, made the way the guide and `mc` make it:
 * through authentik's REST API (a scope mapping of scope `minio` with the guide's group expression, an OAuth2
 * provider whose client ID and secret authentik generated, an application bound to it) and through the admin API
 * for MinIO (`mc admin config set … identity_openid`, then `mc admin service restart`).
 */
import assert from "node:assert/strict";
import { MinioAdminClient } from "../../minio-admin/client";
import { encodeSetLine } from "../../minio-admin/config-kv";
import { Api } from "../doubles/authentik-tests/client";
import { TARGET } from "./servers";
import { GROUP_POLICIES, REDIRECT_URI, SECRETS, type World } from "./world";

export const HAND_MADE = {
  providerName: "MinIO",
  applicationName: "MinIO",
  slug: "minio",
  mappingName: "OIDC-Scope-minio",
  displayName: "Login with authentik",
} as const;

/** The guide's expression, one `ak_is_group_member` branch per group of the e2e mapping. */
export function guideExpression(rules: readonly { group: string; policies: string | readonly string[] }[]): string {
  const lines = rules.flatMap((rule, i) => [
    `${i === 0 ? "if" : "elif"} ak_is_group_member(request.user, name=${JSON.stringify(rule.group)}):`,
    `  return {`,
    `    "policy": ${JSON.stringify(rule.policies)},`,
    `}`,
  ]);
  return [...lines, "return None", ""].join("\n");
}

export interface HandMade {
  providerPk: number;
  clientId: string;
  clientSecret: string;
  mappingPk: string;
}

async function ok(reply: Promise<{ status: number; body: unknown }>, what: string): Promise<Record<string, any>> {
  const r = await reply;
  assert.ok(r.status >= 200 && r.status < 300, `${what}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as Record<string, any>;
}

/** The first result of a list call. */
async function first(api: Api, path: string): Promise<Record<string, any>> {
  const body = await ok(api.get(path), `GET ${path}`);
  assert.equal(body.results.length, 1, `GET ${path}: one result`);
  return body.results[0];
}

/** The provider, application and mapping in authentik, as a person makes them in the admin interface. */
export async function makeAuthentikByHand(
  world: Pick<World, "authentik">,
  names: { providerName: string; slug: string; mappingName: string; applicationName?: string } = HAND_MADE,
): Promise<HandMade> {
  const api = new Api(world.authentik.url, SECRETS.authentikToken);
  const flow = (slug: string) => first(api, `/flows/instances/?slug=${slug}`);
  const authorization = await flow("default-provider-authorization-implicit-consent");
  const invalidation = await flow("default-provider-invalidation-flow");
  const key = await first(
    api,
    `/crypto/certificatekeypairs/?name=${encodeURIComponent("authentik Self-signed Certificate")}`,
  );
  const standard = await ok(
    api.get(
      "/propertymappings/provider/scope/?" +
        ["openid", "email", "profile"].map((s) => `managed=goauthentik.io/providers/oauth2/scope-${s}`).join("&"),
    ),
    "standard scope mappings",
  );
  const mapping = await ok(
    api.post("/propertymappings/provider/scope/", {
      name: names.mappingName,
      scope_name: "minio",
      description: "MinIO policies",
      expression: guideExpression(GROUP_POLICIES),
    }),
    "create the scope mapping",
  );
  // The admin interface fills in a generated client ID and secret; the guide copies them to MinIO.
  const provider = await ok(
    api.post("/providers/oauth2/", {
      name: names.providerName,
      authorization_flow: authorization.pk,
      invalidation_flow: invalidation.pk,
      client_type: "confidential",
      signing_key: key.pk,
      property_mappings: [...standard.results.map((m: { pk: string }) => m.pk), mapping.pk],
      redirect_uris: [{ matching_mode: "strict", url: REDIRECT_URI }],
      grant_types: ["authorization_code", "refresh_token"],
    }),
    "create the provider",
  );
  await ok(
    api.post("/core/applications/", {
      name: names.applicationName ?? HAND_MADE.applicationName,
      slug: names.slug,
      provider: provider.pk,
    }),
    "create the application",
  );
  return {
    providerPk: provider.pk,
    clientId: provider.client_id,
    clientSecret: provider.client_secret,
    mappingPk: mapping.pk,
  };
}

/** `mc admin config set … identity_openid …` with the provider's client, then `mc admin service restart`. */
export async function configureMinioByHand(world: Pick<World, "authentik" | "minio">, made: HandMade): Promise<void> {
  const admin = new MinioAdminClient({
    endpoint: world.minio.url,
    accessKey: SECRETS.minioAccessKey,
    secretKey: SECRETS.minioSecretKey,
  });
  await admin.setConfigKV(
    encodeSetLine(TARGET, [
      ["display_name", HAND_MADE.displayName],
      ["config_url", `${world.authentik.url}/application/o/${HAND_MADE.slug}/.well-known/openid-configuration`],
      ["client_id", made.clientId],
      ["client_secret", made.clientSecret],
      ["redirect_uri", REDIRECT_URI],
      ["scopes", "openid,profile,email,minio"],
    ]),
  );
  await admin.restartAndWait({ timeoutMs: 10_000 });
}
