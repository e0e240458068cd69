/** Records held by the authentik double's in-memory store (shapes follow authentik's models). */

export interface FlowRecord {
  pk: string;
  slug: string;
  name: string;
  title: string;
  designation: string;
  authentication: string;
}

export interface KeyPairRecord {
  pk: string;
  name: string;
  certificatePem: string;
  keyPem: string;
  certificateDer: Buffer;
  fingerprintSha256: string;
  fingerprintSha1: string;
  certExpiry: string;
  certSubject: string;
  keyType: "rsa";
  managed: string | null;
}

export interface ScopeMappingRecord {
  pk: string;
  name: string;
  expression: string;
  scopeName: string;
  description: string;
  managed: string | null;
}

export interface RedirectUri {
  matching_mode: "strict" | "regex";
  url: string;
  redirect_uri_type: "authorization" | "logout";
}

export interface ProviderRecord {
  pk: number;
  name: string;
  authenticationFlow: string | null;
  authorizationFlow: string;
  invalidationFlow: string;
  propertyMappings: string[];
  clientType: "confidential" | "public";
  grantTypes: string[];
  clientId: string;
  clientSecret: string;
  accessCodeValidity: string;
  accessTokenValidity: string;
  refreshTokenValidity: string;
  refreshTokenThreshold: string;
  includeClaimsInIdToken: boolean;
  signingKey: string | null;
  encryptionKey: string | null;
  redirectUris: RedirectUri[];
  logoutUri: string;
  logoutMethod: "backchannel" | "frontchannel";
  subMode: string;
  issuerMode: "global" | "per_provider";
  jwtFederationSources: string[];
  jwtFederationProviders: number[];
}

export interface ApplicationRecord {
  pk: string;
  name: string;
  slug: string;
  provider: number | null;
  backchannelProviders: number[];
  openInNewTab: boolean;
  metaLaunchUrl: string;
  metaIcon: string;
  metaDescription: string;
  metaPublisher: string;
  policyEngineMode: "all" | "any";
  group: string;
  metaHide: boolean;
}

/** One evaluation of a scope mapping for a user: the SQL queries of the user's groups its expression made. */
export interface GroupQueryRecord {
  mapping: string;
  username: string;
  queries: number;
}

export interface GroupRecord {
  pk: string;
  numPk: number;
  name: string;
  isSuperuser: boolean;
  parents: string[];
  users: number[];
  attributes: Record<string, unknown>;
  roles: string[];
}

export interface UserRecord {
  pk: number;
  uuid: string;
  uid: string;
  username: string;
  name: string;
  email: string;
  password: string | null;
  attributes: Record<string, unknown>;
  isActive: boolean;
}

export interface AppPasswordRecord {
  userPk: number;
  key: string;
}

export interface AuthorizationCodeRecord {
  code: string;
  providerPk: number;
  userPk: number;
  scope: string[];
  nonce: string | null;
  expiresAt: number;
  authTime: number;
  sessionKey: string;
  amr: string[] | null;
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
}

/** An opaque refresh token (models.py RefreshToken: token = generate_client_secret(), 128 letters and digits). */
export interface RefreshTokenRecord {
  token: string;
  providerPk: number;
  userPk: number;
  scope: string[];
  expiresAt: number;
  authTime: number;
  sessionKey: string | null;
  amr: string[] | null;
  revoked: boolean;
}

export interface AccessTokenRecord {
  token: string;
  providerPk: number;
  userPk: number;
  scope: string[];
  expiresAt: number;
  sub: string;
  nonce: string | null;
}

/** One request as the double saw it (bodies are kept parsed; the Authorization value is never kept). */
export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string[]>;
  hasAuthorization: boolean;
  body: unknown;
}
