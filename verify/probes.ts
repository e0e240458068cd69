// The live part of verify (I/O): read the provider from authentik's API, fetch the discovery document and JWKS,
// read MinIO's loaded identity_openid target with the admin client, and optionally log in and call STS. Each result
// is handed to the pure checks.
import type { StackConfig } from "../lib/config";
import { MinioAdminClient } from "../minio-admin/client";
import { AdminError } from "../minio-admin/errors";
import { readTarget } from "../minio-admin/openid-ops";
import { providerUrl } from "./authentik-checks";
import { getJson, getWithToken, postForm } from "./http";
import { idTokenOf, loginEndpoint, loginSection } from "./login-checks";
import { minioSection, type ExpectedOpenId, type LoadedTarget } from "./minio-checks";
import { discoveryDocument, discoverySection, documentUrl } from "./oidc-checks";
import type { HttpOutcome } from "./outcome";
import type { ReportSection } from "./report";

/** STS credentials asked for: authentik's id_tokens expire within minutes, MinIO's minimum is 900 s. */
export const STS_DURATION_SECONDS = "900";

export interface LoginRequest {
  user: string;
  /** The app password (a secret: sent in the token request body only). */
  password: string;
  expected?: readonly string[];
}

export interface ProbeSettings {
  config: StackConfig;
  expected: ExpectedOpenId;
  login?: LoginRequest;
  timeoutMs: number;
}

/** The scopes the login asks for: "openid" plus the scopes MinIO requests, each once. */
export function loginScope(config: StackConfig): string {
  return [...new Set(["openid", ...config.minio.scopes])].join(" ");
}

/** The stack's OAuth2 provider as authentik's API shows it to the stack's token (the answer holds the secret). */
export function readProvider(config: StackConfig, providerId: string, timeoutMs: number): Promise<HttpOutcome> {
  return getWithToken(providerUrl(config.authentik.url, providerId), config.authentik.token.reveal(), timeoutMs);
}

export async function readLoadedTarget(client: MinioAdminClient, target: string): Promise<LoadedTarget> {
  try {
    const parsed = await readTarget(client, target);
    return parsed === null ? { kind: "absent" } : { kind: "found", target: parsed };
  } catch (err) {
    if (err instanceof AdminError) return { kind: "error", message: err.message };
    throw err;
  }
}

async function probeLogin(
  settings: ProbeSettings,
  login: LoginRequest,
  doc: Record<string, unknown> | undefined,
): Promise<ReportSection> {
  const { config, expected, timeoutMs } = settings;
  const base = { user: login.user, claimName: config.minio.claimName, expected: login.expected };
  const endpoint = loginEndpoint(doc, config.oidc.configUrl);
  if ("reason" in endpoint) return loginSection({ ...base, noEndpointReason: endpoint.reason });
  const tokenEndpoint = endpoint.url;
  const token = await postForm(
    tokenEndpoint,
    {
      grant_type: "client_credentials",
      client_id: expected.values.client_id,
      username: login.user,
      password: login.password,
      scope: loginScope(config),
    },
    timeoutMs,
  );
  const idToken = idTokenOf(token);
  const sts =
    idToken === undefined
      ? undefined
      : await postForm(
          `${config.minio.endpoint}/`,
          {
            Action: "AssumeRoleWithWebIdentity",
            Version: "2011-06-15",
            WebIdentityToken: idToken,
            DurationSeconds: STS_DURATION_SECONDS,
          },
          timeoutMs,
        );
  return loginSection({ ...base, tokenEndpoint, token, sts });
}

/** Runs every check against the live servers; the sections in report order. */
export async function probeStack(settings: ProbeSettings): Promise<ReportSection[]> {
  const { config, expected, timeoutMs } = settings;
  const discovery = await getJson(config.oidc.configUrl, timeoutMs);
  const doc = discoveryDocument(discovery);
  const jwksUri = documentUrl(doc, "jwks_uri");
  const jwks = jwksUri === undefined ? undefined : await getJson(jwksUri, timeoutMs);
  const sections = [
    discoverySection({ configUrl: config.oidc.configUrl, issuerUrl: config.oidc.issuerUrl, discovery, jwks }),
  ];

  const client = new MinioAdminClient({
    endpoint: config.minio.endpoint,
    accessKey: config.minio.accessKey.reveal(),
    secretKey: config.minio.secretKey.reveal(),
    requestTimeoutMs: timeoutMs,
  });
  sections.push(minioSection(config.minio.endpoint, expected, await readLoadedTarget(client, expected.target)));

  if (settings.login !== undefined) sections.push(await probeLogin(settings, settings.login, doc));
  return sections;
}
