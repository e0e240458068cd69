// Two MinIO deployments behind one authentik, as a user of the MinioSso component declares them: each with its own
// application (slug), policy mapping, MinIO endpoint and root keys. The authentik and command providers are the
// defaults (authentik:url and authentik:token in the stack config).
import * as pulumi from "@pulumi/pulumi";
import { MinioSso, type MinioSsoGroupRule } from "../../../components/minio-sso";

/** One deployment's plain settings: the stack config key `east` or `west`, a YAML map. */
interface Deployment {
  slug: string;
  endpoint: string;
  redirectUri: string;
  displayName: string;
  groups: MinioSsoGroupRule[];
  fallbackPolicies?: string[];
}

const config = new pulumi.Config();
const authentikUrl = new pulumi.Config("authentik").require("url");

/** The deployment `key`: its settings, and its MinIO root keys from the secrets `<key>AccessKey`, `<key>SecretKey`. */
function deployment(key: string): MinioSso {
  const d = config.requireObject<Deployment>(key);
  return new MinioSso(`minio-${key}`, {
    authentikUrl,
    application: { name: `MinIO ${key}`, slug: d.slug },
    provider: { name: `MinIO ${key}` },
    mapping: { groups: d.groups, fallbackPolicies: d.fallbackPolicies },
    minio: {
      endpoint: d.endpoint,
      accessKey: config.requireSecret(`${key}AccessKey`),
      secretKey: config.requireSecret(`${key}SecretKey`),
      redirectUri: d.redirectUri,
      displayName: d.displayName,
    },
    // This case is about two MinIO deployments; the login client has its own (login.e2e.ts).
    loginClient: false,
  });
}

const east = deployment("east");
const west = deployment("west");

export const issuers = { east: east.issuer, west: west.issuer };
export const clientIds = { east: east.clientId, west: west.clientId };
