/** Kinds 5 and 6 of the bad inputs, and the policy keys (see bad-inputs-cases.ts). */
import { CONTROL, GROUP_RULES, NOT_AUTHENTIK, NOT_SET, policyFix, type BadInput } from "./bad-inputs-cases";

const line = (text: string) => () => [`  - ${text}`];

export const CASES_5_6: BadInput[] = [
  // 5. Messages that hid the problem: line-breaking and invisible characters are shown escaped.
  {
    kind: 5,
    key: "applicationName",
    what: "U+2028",
    file: () => ({ applicationName: "MinIO\u2028(e2e)" }),
    lines: () => CONTROL("applicationName", "MinIO\\u2028(e2e)", "MinIO"),
  },
  {
    kind: 5,
    key: "providerName",
    what: "U+0085",
    file: () => ({ providerName: "MinIO\u0085(e2e)" }),
    lines: () => CONTROL("providerName", "MinIO\\u0085(e2e)", "MinIO"),
  },
  {
    kind: 5,
    key: "minioDisplayName",
    what: "U+2029",
    file: () => ({ minioDisplayName: "Login\u2029with authentik" }),
    lines: () => CONTROL("minioDisplayName", "Login\\u2029with authentik", "'Login with authentik'"),
  },
  {
    kind: 5,
    key: "signingKey",
    what: "U+0085",
    file: () => ({ signingKey: "authentik Self-signed\u0085Certificate" }),
    lines: () =>
      CONTROL("signingKey", "authentik Self-signed\\u0085Certificate", "'authentik Self-signed Certificate'"),
  },
  {
    kind: 5,
    key: "groupPolicies",
    what: "U+2028 in a group",
    file: () => ({ groupPolicies: GROUP_RULES("minio\u2028admins") }),
    lines: line(
      "groupPolicies: entry 1: group \"minio\\u2028admins\" must not contain control characters or line breaks. Fix: pulumi config set --path 'groupPolicies[0].group' minio-admins && pulumi config set --path 'groupPolicies[0].policies' consoleAdmin",
    ),
  },
  {
    kind: 5,
    key: "authorizationFlow",
    what: "U+2028",
    file: () => ({ authorizationFlow: "flow\u2028x" }),
    lines: line(
      'authorizationFlow: "flow\\u2028x" is not a valid flow slug: use only letters, digits, "-" and "_". Fix: pulumi config set authorizationFlow default-provider-authorization-implicit-consent',
    ),
  },
  {
    kind: 5,
    key: "launchUrl",
    what: "U+0085",
    file: () => ({ launchUrl: "http://127.0.0.1:9001/\u0085" }),
    lines: line(
      'launchUrl: "http://127.0.0.1:9001/\\u0085" contains a blank, a control character or a backslash; write the URL without them. Fix: pulumi config set launchUrl https://console.example.com',
    ),
  },

  // 6. Crashes: a URL with a path or a long one, a missing required key.
  {
    kind: 6,
    key: "authentik:url",
    what: "with a path",
    file: (w) => ({ "authentik:url": `${w.ak}/some/path` }),
    lines: (w) => NOT_AUTHENTIK(`${w.ak}/some/path`, 404, "text/html"),
  },
  {
    kind: 6,
    key: "authentik:url",
    what: "3,000 characters",
    file: (w) => ({ "authentik:url": `${w.ak}/${"a".repeat(3000)}` }),
    lines: (w) => NOT_AUTHENTIK(`${w.ak}/${"a".repeat(3000)}`, 404, "text/html"),
  },
  ...(
    [
      ["applicationName", "MinIO"],
      ["applicationSlug", "minio"],
      ["providerName", "MinIO"],
      ["minioEndpoint", "https://minio.example.com"],
      ["minioRedirectUri", "https://console.example.com/oauth_callback"],
    ] as const
  ).map(([key, example]): BadInput => ({
    kind: 6,
    key,
    what: "missing",
    file: () => ({ [key]: null }),
    lines: () => NOT_SET(key, example),
  })),
  ...(["minioAccessKey", "minioSecretKey"] as const).map((key): BadInput => ({
    kind: 6,
    key,
    what: "missing",
    file: () => ({ [key]: null }),
    lines: line(`${key}: is not set (secret). Fix: pulumi config set --secret ${key}`),
  })),
  {
    kind: 6,
    key: "authentik:url",
    what: "missing",
    file: () => ({ "authentik:url": null }),
    lines: line(
      "authentik:url: is not set, and AUTHENTIK_URL is not set either. Fix: pulumi config set authentik:url https://authentik.example.com",
    ),
  },
  {
    kind: 6,
    key: "authentik:token",
    what: "missing",
    file: () => ({ "authentik:token": null }),
    lines: line(
      "authentik:token: is not set (secret), and AUTHENTIK_TOKEN is not set either. Fix: pulumi config set --secret authentik:token",
    ),
  },

  // The policy keys, each refused with its own reason.
  {
    kind: 6,
    key: "policyFile",
    what: "a file that is not there",
    file: () => ({ policyFile: "policies/missing.yaml" }),
    lines: line(
      'policyFile: names the file "policies/missing.yaml", which does not exist. Fix: pulumi config set policyFile policies.yaml',
    ),
  },
  {
    kind: 1,
    key: "defaultPolicy",
    what: "set beside groupPolicies",
    file: () => ({ defaultPolicy: "readonly" }),
    lines: line(
      "defaultPolicy: is set together with groupPolicies; use exactly one of the two. Fix: pulumi config rm defaultPolicy",
    ),
  },
  {
    kind: 1,
    key: "fallbackPolicy",
    what: "an unknown policy",
    file: () => ({ fallbackPolicy: "nosuchpolicy" }),
    lines: line(
      `fallbackPolicy: "nosuchpolicy" is neither a MinIO built-in policy (consoleAdmin, diagnostics, readonly, readwrite, writeonly) nor declared in customPolicies. Fix: ${policyFix("nosuchpolicy")}`,
    ),
  },
  {
    kind: 3,
    key: "customPolicies",
    what: "an action MinIO does not have",
    file: () => ({
      customPolicies: {
        "bucket-reader": {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: ["s3:GetObjects"], Resource: ["arn:aws:s3:::b/*"] }],
        },
      },
    }),
    lines: line(
      'customPolicies: policy "bucket-reader", statement 1: "s3:GetObjects" matches no MinIO S3 action. Fix: use MinIO\'s action names, e.g. s3:GetObject, s3:PutObject, s3:ListBucket, or a wildcard such as s3:Get*',
    ),
  },
  {
    kind: 1,
    key: "groupPolicies",
    what: "a group twice",
    file: () => ({ groupPolicies: [...GROUP_RULES("minio-admins"), { group: "minio-admins", policies: "readonly" }] }),
    lines: line(
      "groupPolicies: entry 2: group \"minio-admins\" already appears in entry 1. Fix: pulumi config set --path 'groupPolicies[0].group' minio-admins && pulumi config set --path 'groupPolicies[0].policies' consoleAdmin",
    ),
  },
];
