/** Kinds 3 and 4 of the bad inputs (see bad-inputs-cases.ts). */
import { requiredPermissions } from "../../lib/authentik-preflight";
import {
  ENDPOINT_FIX,
  GROUP_RULES,
  NOT_AUTHENTIK,
  NO_FLOW,
  NO_GROUP,
  TOKEN_CHAR,
  type BadInput,
} from "./bad-inputs-cases";

const line = (text: string) => () => [`  - ${text}`];
const TOKEN_FIX =
  "create an API token in authentik (Directory > Tokens and App passwords), then pulumi config set --secret authentik:token";

export const CASES_3_4: BadInput[] = [
  // 3. Passes preview, fails at `up` after changes without naming the key.
  {
    kind: 3,
    key: "minioAccessKey",
    what: 'holds "="',
    secrets: { minioAccessKey: "e2e=root" },
    lines: line(
      'minioAccessKey: contains "=" or ",", which MinIO refuses in an access key (its reserved characters). Fix: pulumi config set --secret minioAccessKey',
    ),
  },
  {
    kind: 3,
    key: "minioSecretKey",
    what: "holds a control character",
    secrets: { minioSecretKey: "e2e-root-\u0001secret" },
    lines: line(
      "minioSecretKey: holds a control character or line break (character 10); MinIO keys are printable text. Fix: pulumi config set --secret minioSecretKey",
    ),
  },
  {
    kind: 3,
    key: "minioAccessKey",
    what: "too short",
    secrets: { minioAccessKey: "ab" },
    lines: line(
      "minioAccessKey: must be at least 3 characters long (MinIO's rule for the root user). Fix: pulumi config set --secret minioAccessKey",
    ),
  },
  {
    kind: 3,
    key: "minioSecretKey",
    what: "too short",
    secrets: { minioSecretKey: "short" },
    lines: line(
      "minioSecretKey: must be at least 8 characters long (MinIO's rule for the root user). Fix: pulumi config set --secret minioSecretKey",
    ),
  },
  {
    kind: 3,
    key: "minioEndpoint",
    what: "with a path",
    file: (w) => ({ minioEndpoint: `${w.minio}/minio` }),
    lines: (w) => [
      `  - minioEndpoint: "${w.minio}/minio" must be a bare origin such as ${w.minio}, without path or query. Fix: ${ENDPOINT_FIX}`,
    ],
  },
  {
    kind: 3,
    key: "minioEndpoint",
    what: "ftp://",
    file: () => ({ minioEndpoint: "ftp://127.0.0.1:2222" }),
    lines: line(`minioEndpoint: "ftp://127.0.0.1:2222" must be an https:// URL. Fix: ${ENDPOINT_FIX}`),
  },
  {
    kind: 3,
    key: "minioConfigName",
    what: "a blank in it",
    file: () => ({ minioConfigName: "bad name" }),
    lines: line(
      'minioConfigName: "bad name" is not a valid config name: it must be empty or 1-64 letters, digits and "_", starting with a letter or digit. Fix: pulumi config set minioConfigName authentik',
    ),
  },
  {
    kind: 3,
    key: "minioScopes",
    what: "without openid",
    file: () => ({ minioScopes: "profile,email,minio" }),
    lines: line(
      'minioScopes: "profile,email,minio" must include the scope "openid". Fix: pulumi config set minioScopes openid,profile,email,minio',
    ),
  },
  {
    kind: 3,
    key: "minioClaimName",
    what: "a blank in it",
    file: () => ({ minioClaimName: "bad claim" }),
    lines: line(
      'minioClaimName: "bad claim" is not a valid claim name: use letters, digits, "_", "-", ".", ":" or "/". Fix: pulumi config set minioClaimName policy',
    ),
  },
  {
    kind: 3,
    key: "caBundle",
    what: "a missing file",
    file: () => ({ caBundle: "certs/missing.pem" }),
    lines: line(
      'caBundle: names the file "certs/missing.pem", which does not exist. Fix: pulumi config set caBundle certs/corporate-ca.pem',
    ),
  },
  {
    kind: 3,
    key: "minioRedirectUri",
    what: "a fragment",
    file: () => ({ minioRedirectUri: "http://127.0.0.1:9001/oauth_callback#x" }),
    lines: line(
      'minioRedirectUri: "http://127.0.0.1:9001/oauth_callback#x" must not have a fragment. Fix: pulumi config set minioRedirectUri https://console.example.com/oauth_callback',
    ),
  },
  {
    kind: 3,
    key: "minioDisplayName",
    what: "ends with a quote",
    file: () => ({ minioDisplayName: 'a "quoted" label"' }),
    lines: line(
      'minioDisplayName: "a \\"quoted\\" label\\"" starts or ends with a quote, which MinIO would strip. Fix: pulumi config set minioDisplayName \'Login with authentik\'',
    ),
  },
  {
    kind: 3,
    key: "minioRestartTimeout",
    what: "0",
    file: () => ({ minioRestartTimeout: 0 }),
    lines: line(
      'minioRestartTimeout: "0" is not a whole number of seconds from 1 to 86400. Fix: pulumi config set minioRestartTimeout 120',
    ),
  },
  {
    kind: 3,
    key: "minioRequestTimeout",
    what: "100000",
    file: () => ({ minioRequestTimeout: 100000 }),
    lines: line(
      'minioRequestTimeout: "100000" is not a whole number of seconds from 1 to 86400. Fix: pulumi config set minioRequestTimeout 60',
    ),
  },

  // 4. Refused at preview, but with the wrong reason.
  {
    kind: 4,
    key: "authentik:token",
    what: "wrong",
    secrets: { "authentik:token": "not-the-token" },
    lines: (w) => [
      `  - authentik:token: authentik at ${w.ak} refuses the token (HTTP 403: "Token invalid/expired"). Fix: ${TOKEN_FIX}`,
    ],
  },
  // Tokens distinct from any word of the messages: the engine masks a secret's value wherever it appears.
  ...["e2e-bad\ttoken-7f1", "e2e-bad token-7f2", "e2e-bad\u0007token-7f3", "e2e-bad-tökén-7f4"].map(
    (token): BadInput => ({
      kind: 4,
      key: "authentik:token",
      what: `holds ${JSON.stringify(token)}`,
      secrets: { "authentik:token": token },
      lines: () => TOKEN_CHAR(token),
    }),
  ),
  {
    kind: 4,
    key: "authentik:token",
    what: "its user lacks two permissions",
    server: (ak) =>
      ak.setTokenUser({
        username: "deployer",
        superuser: false,
        permissions: requiredPermissions(true).filter((p) => !/view_(flow|group)$/.test(p)),
      }),
    lines: () => [
      '  - authentik:token: the token\'s user "deployer" lacks the global permissions authentik_flows.view_flow, ' +
        'authentik_core.view_group (README, "Least privilege"). Fix: grant them to a role of "deployer" in authentik ' +
        `(Directory > Roles), or use a token of a user who has them: ${TOKEN_FIX}`,
    ],
  },
  {
    kind: 4,
    key: "authentik:url",
    what: "another server (MinIO)",
    file: (w) => ({ "authentik:url": w.minio }),
    lines: (w) => NOT_AUTHENTIK(w.minio, 501, "application/xml"),
  },
  {
    kind: 4,
    key: "authentik:url",
    what: "authentik failing",
    server: (ak) => ak.faults.failNext(1, 500, "GET /api/v3/core/users/me/"),
    lines: (w) => [
      `  - authentik:url: authentik at ${w.ak} answered GET /api/v3/core/users/me/ with HTTP 500: "Fault injected by ` +
        `the authentik double (HTTP 500)". Fix: check authentik's logs and run the preview again once it answers`,
    ],
  },
  {
    kind: 4,
    key: "authorizationFlow",
    what: "no such flow",
    file: () => ({ authorizationFlow: "no-such-flow" }),
    lines: (w) => NO_FLOW(w, "authorizationFlow", "no-such-flow"),
  },
  {
    kind: 4,
    key: "invalidationFlow",
    what: "no such flow",
    file: () => ({ invalidationFlow: "gone" }),
    lines: (w) => NO_FLOW(w, "invalidationFlow", "gone"),
  },
  {
    kind: 4,
    key: "signingKey",
    what: "no such key pair",
    file: () => ({ signingKey: "no pair" }),
    lines: (w) => [
      `  - signingKey: authentik at ${w.ak} has no certificate-key pair named "no pair". Fix: pulumi config set ` +
        'signingKey "<name of a certificate-key pair with a private key>" (authentik: System > Certificates)',
    ],
  },
  {
    kind: 4,
    key: "groupPolicies",
    what: "no such group",
    file: () => ({ groupPolicies: GROUP_RULES("minio-usres") }),
    lines: (w) => NO_GROUP(w, "minio-usres", 0),
  },
  {
    kind: 4,
    key: "groupPolicies",
    what: "two missing groups, both named",
    file: () => ({
      groupPolicies: [...GROUP_RULES("ghosts"), ...GROUP_RULES("minio-admins"), ...GROUP_RULES("nobody")],
    }),
    lines: (w) => [...NO_GROUP(w, "ghosts", 0), ...NO_GROUP(w, "nobody", 2)],
  },
];
