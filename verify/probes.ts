// The live part of verify (I/O): read the provider from authentik's API, fetch the discovery document and JWKS,
// and read MinIO's loaded identity_openid target with the admin client. Each result is handed to the pure checks.
import type { StackConfig } from "../lib/config";
import { MinioAdminClient } from "../minio-admin/client";
import { AdminError } from "../minio-admin/errors";
import { readTarget } from "../minio-admin/openid-ops";
import { providerUrl } from "./authentik-checks";
import { getJson, getWithToken } from "./http";
import { minioSection, type ExpectedOpenId, type LoadedTarget } from "./minio-checks";
import { discoveryDocument, discoverySection, documentUrl } from "./oidc-checks";
import { untrustedHint, type HttpOutcome } from "./outcome";
import type { ReportSection } from "./report";

export interface ProbeSettings {
  config: StackConfig;
  expected: ExpectedOpenId;
  timeoutMs: number;
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
    if (err instanceof AdminError) return { kind: "error", message: err.message + untrustedHint(err.message) };
    throw err;
  }
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
  return sections;
}
