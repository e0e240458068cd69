// The arguments of MinioSso (the component package's schema is read from them), and the defaults of its optional
// settings. Types only, besides DEFAULTS.
import type * as pulumi from "@pulumi/pulumi";
import { MINIO_SCOPE_NAME } from "../lib/config-keys";

/** The authentik application that publishes the provider. */
export interface MinioSsoApplicationArgs {
  /** Display name of the application, e.g. "MinIO". */
  name: string;
  /** Slug: part of the issuer and discovery URLs (lowercase letters, digits, "-", "_"). */
  slug: string;
  /**
   * URL the application tile opens, e.g. the MinIO console; unset or "" for what authentik shows without one, the
   * redirect URI's origin (sent as that URL, so that an earlier launch URL is replaced).
   */
  launchUrl?: string;
}

/** The authentik OAuth2/OpenID provider MinIO logs users in with. */
export interface MinioSsoProviderArgs {
  /** Provider name; unique among all authentik providers. */
  name: string;
  /** OAuth2 client ID shared by authentik and MinIO; defaults to the application slug. */
  clientId?: string;
  /** OAuth2 client secret (32 to 255 characters); unset lets authentik generate one. Pass a Pulumi secret. */
  clientSecret?: pulumi.Input<string>;
  /** Slug of the flow that authorizes users; default `default-provider-authorization-implicit-consent`. */
  authorizationFlow?: string;
  /** Slug of the flow run at logout; default `default-provider-invalidation-flow`. */
  invalidationFlow?: string;
  /** Name of the certificate-key pair that signs tokens (RS256); default `authentik Self-signed Certificate`. */
  signingKey?: string;
  /** Lifetime of access and ID tokens as an authentik duration; default `minutes=10`. */
  accessTokenValidity?: string;
}

/** Users in `group` get `policies`. */
export interface MinioSsoGroupRule {
  /** Name of an existing authentik group: looked up at preview, and matched by its id at login. */
  group: string;
  /** MinIO policy names the group's members get. */
  policies: string[];
}

/** Which MinIO policies a user gets: exactly one of `defaultPolicies` and `groups`. */
export interface MinioSsoMappingArgs {
  /** Policies for every user of the application. */
  defaultPolicies?: string[];
  /** Policies by authentik group; the first group the user is a member of wins. */
  groups?: MinioSsoGroupRule[];
  /** With `groups`: policies for users in none of them; unset = those users get no MinIO access. */
  fallbackPolicies?: string[];
}

/** A MinIO IAM policy document. */
export interface MinioSsoPolicyDocument {
  /** Policy language version, "2012-10-17". */
  Version: string;
  /** The statements: Effect, Action, Resource and optional Condition, as in AWS IAM. */
  Statement: any[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- free-form JSON, as MinIO reads it
  /** Optional policy ID. */
  ID?: string;
}

/** The MinIO deployment: its admin API, its console callback and the identity_openid target. */
export interface MinioSsoMinioArgs {
  /** S3/admin API endpoint, scheme://host[:port] with no path, e.g. https://minio.example.com. */
  endpoint: string;
  /** Access key of a MinIO user allowed to configure identity_openid and restart the server. Pass a Pulumi secret. */
  accessKey: pulumi.Input<string>;
  /** That user's secret key (also the key of MinIO's encrypted admin API). Pass a Pulumi secret. */
  secretKey: pulumi.Input<string>;
  /** The console's OAuth callback, registered in authentik as the one strict redirect URI. */
  redirectUri: string;
  /** Label of the console's SSO button; defaults to the application name. */
  displayName?: string;
  /** JWT claim that carries the policy names; default `policy`. */
  claimName?: string;
  /** Scopes MinIO requests; default openid, profile, email and minio. */
  scopes?: string[];
  /** identity_openid target name; unset or "" for the default target. */
  configName?: string;
  /** MinIO policies to create, by name; the mapping may name them. */
  customPolicies?: Record<string, MinioSsoPolicyDocument>;
  /** Seconds to wait for the whole deployment to be back after a restart; default 60. */
  restartTimeoutSeconds?: number;
  /** Seconds each admin request may take; default 30. */
  requestTimeoutSeconds?: number;
}

/** Inputs of {@link MinioSso}: the whole of authentik's MinIO guide for one MinIO deployment. */
export interface MinioSsoArgs {
  /** authentik's base URL as MinIO reaches it, e.g. https://authentik.example.com. */
  authentikUrl: string;
  /** The authentik application. */
  application: MinioSsoApplicationArgs;
  /** The authentik OAuth2/OpenID provider. */
  provider: MinioSsoProviderArgs;
  /** Which MinIO policies each user gets. */
  mapping: MinioSsoMappingArgs;
  /** The MinIO deployment. */
  minio: MinioSsoMinioArgs;
  /**
   * PEM file of the private CAs that signed MinIO's TLS certificate (relative paths from the project directory),
   * trusted besides the default roots by the admin CLI and the MinIO provider this component makes. authentik's
   * provider and MinIO itself take the CA from their own trust stores (README, "Private CAs").
   */
  caBundle?: string;
  /**
   * Declare the public client `minio-sso login` signs in with (README, "Sign in from the command line"); default
   * true. It adds a provider, a hidden application and an audience mapping, and changes nothing that exists.
   */
  loginClient?: boolean;
  /**
   * Also allow the device flow (`minio-sso login --device`) on the login client; default false. authentik serves it
   * only once the brand has a "default device code flow", an operator's decision this component does not make.
   */
  loginDeviceFlow?: boolean;
  /**
   * The ids of the flows, key pair, managed scope mappings and mapped groups, when the caller has looked them up
   * already (the stack program's pre-flight asks authentik directly); unset, the component looks them up through its
   * authentik provider.
   */
  authentikIds?: MinioSsoAuthentikIds;
}

/** authentik's ids of what the provider and the scope mapping refer to. */
export interface MinioSsoAuthentikIds {
  /** Flow.pk of `provider.authorizationFlow`. */
  authorizationFlowId: string;
  /** Flow.pk of `provider.invalidationFlow`. */
  invalidationFlowId: string;
  /** CertificateKeyPair.pk of `provider.signingKey`. */
  signingKeyId: string;
  /** The pks of the managed openid, email and profile scope mappings, in that order. */
  standardMappingIds: string[];
  /** Group name -> Group.pk, for every group of `mapping.groups`. */
  groupIds: Record<string, string>;
  /** ScopeMapping.pk of the managed `offline_access` mapping, which the login client uses. */
  offlineAccessMappingId?: string;
}

/** Defaults of the optional provider and MinIO settings (the same as Pulumi.yaml's). */
export const DEFAULTS = {
  authorizationFlow: "default-provider-authorization-implicit-consent",
  invalidationFlow: "default-provider-invalidation-flow",
  signingKey: "authentik Self-signed Certificate",
  accessTokenValidity: "minutes=10",
  claimName: "policy",
  scopes: ["openid", "profile", "email", MINIO_SCOPE_NAME],
} as const;
