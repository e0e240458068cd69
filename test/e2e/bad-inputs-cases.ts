/**
 * The bad inputs of bad-inputs.e2e.ts, by the six kinds of issue 21: (1) accepted, SSO silently broken or never
 * converging; (2) accepted at preview, refused by authentik at `up`; (3) failing at `up` after changes without naming
 * the key; (4) refused with the wrong reason; (5) messages hiding the problem; (6) crashes. Each holds the exact
 * lines the preview must print under "Invalid stack configuration (n problems):".
 */
import type { AuthentikDouble } from "../doubles/authentik";

export interface Where {
  /** authentik's base URL (the double). */
  ak: string;
  /** MinIO's endpoint (the relay in front of the double). */
  minio: string;
}

export interface BadInput {
  kind: 1 | 2 | 3 | 4 | 5 | 6;
  /** The key the case is about (the table's row). */
  key: string;
  what: string;
  /** Stack-file values: project keys bare, provider keys namespaced; null removes the key. */
  file?: (w: Where) => Record<string, unknown>;
  /** Values set with `pulumi config set --secret`. */
  secrets?: Record<string, string>;
  /** Changes to the authentik double for this case only (undone after it). */
  server?: (ak: AuthentikDouble) => void;
  lines: (w: Where) => string[];
}

export const NOT_SET = (key: string, example: string) => [
  `  - ${key}: is not set. Fix: pulumi config set ${key} ${example}`,
];
export const PLAIN = (key: string) => [
  `  - ${key}: is stored in plain text in the stack file; a secret must be stored encrypted. Fix: pulumi config set --secret ${key}`,
];
export const UNKNOWN = (key: string, near: string, fix: string) => [
  `  - ${key}: is not a key of this program, so its value would be ignored; did you mean ${near}? Fix: pulumi config rm ${key} && ${fix}`,
];
export const TOKEN_CHAR = (token: string) => [
  `  - authentik:token: holds a blank, a line break, a control or a non-ASCII character (character ${[...token].findIndex((c) => c < "!" || c > "~") + 1} of ${[...token].length}); ` +
    "an authentik API token is printable ASCII without blanks, so it was not sent. Fix: pulumi config set --secret authentik:token",
];
export const CONTROL = (key: string, shown: string, fix: string) => [
  `  - ${key}: "${shown}" must not contain control characters or line breaks. Fix: pulumi config set ${key} ${fix}`,
];
export const NOT_AUTHENTIK = (url: string, status: number, type: string) => [
  `  - authentik:url: ${url} is not authentik: GET /api/v3/root/config/ answered HTTP ${status} (${type}), not ` +
    "authentik's configuration (JSON with capabilities and error_reporting). Fix: pulumi config set authentik:url " +
    "https://authentik.example.com (authentik's base URL)",
];
export const NO_FLOW = (w: Where, key: string, slug: string) => [
  `  - ${key}: authentik at ${w.ak} has no flow with the slug "${slug}". Fix: pulumi config set ${key} <slug of an ` +
    "existing flow> (authentik: Flows and Stages > Flows)",
];
export const NO_GROUP = (w: Where, name: string, entry: number) => [
  `  - groupPolicies: authentik at ${w.ak} has no group named "${name}" (groupPolicies[${entry}].group). Fix: create ` +
    `the group in authentik, or name an existing one: pulumi config set --path 'groupPolicies[${entry}].group' "<group name>"`,
];
export const TOO_LONG_LIFETIME = (value: string) => [
  `  - accessTokenValidity: "${value}" is too long: authentik adds it to the current time for each token's expiry, ` +
    "which must fall before the year 10000 (Python's datetime.MAXYEAR; beyond it authentik fails with HTTP 500). " +
    "Fix: pulumi config set accessTokenValidity 'minutes=10'",
];
export const ENDPOINT_FIX = "pulumi config set minioEndpoint https://minio.example.com";
const LAUNCH = "http://127.0.0.1:9001/";
const LONG_LAUNCH = `${LAUNCH}${"a".repeat(2048 - LAUNCH.length)}`;
const HOST_253 = `${"h".repeat(63)}.${"i".repeat(63)}.${"j".repeat(63)}.${"k".repeat(60)}.com`;
export const GROUP_RULES = (group: string) => [{ group, policies: "consoleAdmin" }];
export const policyFix = (name: string) =>
  `declare it in the stack file under customPolicies, e.g. ${name}: {Version: "2012-10-17", Statement: [{Effect: ` +
  'Allow, Action: [s3:GetObject], Resource: ["arn:aws:s3:::bucket/*"]}]}';

export const CASES_1_2: BadInput[] = [
  // 1. Accepted, and SSO silently breaks or the stack never converges.
  ...(
    [
      ["fallbackPolicies", "fallbackPolicy", "pulumi config set fallbackPolicy readonly"],
      [
        "groupPolicy",
        "groupPolicies",
        "pulumi config set --path 'groupPolicies[0].group' minio-admins && pulumi config set --path 'groupPolicies[0].policies' consoleAdmin",
      ],
      ["minioEndpont", "minioEndpoint", ENDPOINT_FIX],
      ["launchURL", "launchUrl", "pulumi config set launchUrl https://console.example.com"],
      [
        "customPolicy",
        "customPolicies",
        "pulumi config set --path 'customPolicies.bucket-reader.Version' 2012-10-17 && pulumi config set --path 'customPolicies.bucket-reader.Statement[0].Effect' Allow (then Action and Resource the same way)",
      ],
    ] as const
  ).map(([key, near, fix]): BadInput => ({
    kind: 1,
    key: near,
    what: `misspelt as ${key}`,
    file: () => ({ [key]: "readonly" }),
    lines: () => UNKNOWN(key, near, fix),
  })),
  {
    kind: 1,
    key: "(unknown key)",
    what: "a key near none",
    file: () => ({ replicas: "3" }),
    lines: () => [
      '  - replicas: is not a key of this program, so its value would be ignored (README, "Configuration" lists the keys). Fix: pulumi config rm replicas',
    ],
  },
  ...(
    [
      ["authentik:token", "e2e-authentik-api-token-2d9f5b71c0a4"],
      ["minioAccessKey", "e2e-root-access"],
      ["minioSecretKey", "e2e-root-secret-6c41a9f2d8"],
      ["clientSecret", "0123456789abcdef0123456789abcdef"],
    ] as const
  ).map(([key, value]): BadInput => ({
    kind: 1,
    key,
    what: "stored in plain text",
    file: () => ({ [key]: value }),
    lines: () => PLAIN(key),
  })),

  // 2. Accepted at preview, refused by authentik at `up`.
  {
    kind: 2,
    key: "launchUrl",
    what: "2049 characters",
    file: () => ({ launchUrl: `${LONG_LAUNCH}b` }),
    lines: () => [
      "  - launchUrl: is 2049 characters long; authentik accepts at most 2048 (Django's URLValidator). Fix: pulumi config set launchUrl https://console.example.com",
    ],
  },
  {
    kind: 2,
    key: "launchUrl",
    what: "a 256-character host",
    file: () => ({ launchUrl: `https://${HOST_253}/` }),
    lines: () => [
      `  - launchUrl: has a host part of ${HOST_253.length} characters; authentik accepts at most 253 (Django's URLValidator). Fix: pulumi config set launchUrl https://console.example.com`,
    ],
  },
  ...["weeks=1000000000000", "days=3000000", "hours=1;weeks=500000"].map((value): BadInput => ({
    kind: 2,
    key: "accessTokenValidity",
    what: value,
    file: () => ({ accessTokenValidity: value }),
    lines: () => TOO_LONG_LIFETIME(value),
  })),
  {
    kind: 2,
    key: "applicationSlug",
    what: "256 characters, so the client ID",
    file: () => ({ applicationSlug: "s".repeat(256) }),
    lines: () => [
      "  - applicationSlug: is 256 characters long; with clientId unset it is the OAuth2 client ID, which authentik holds in at most 255. Use a shorter slug, or set clientId. Fix: pulumi config set applicationSlug minio",
    ],
  },
  {
    kind: 2,
    key: "clientId",
    what: "256 characters",
    file: () => ({ clientId: "c".repeat(256) }),
    lines: () => [
      `  - clientId: "${"c".repeat(256)}" is not a valid client ID: use 1 to 255 letters, digits, ".", "_", "~" or "-". Fix: pulumi config set clientId minio`,
    ],
  },
  {
    kind: 2,
    key: "applicationSlug",
    what: "reserved",
    file: () => ({ applicationSlug: "authorize" }),
    lines: () => [
      '  - applicationSlug: "authorize" is reserved by authentik (it clashes with /application/o/authorize/). Fix: pulumi config set applicationSlug minio',
    ],
  },
  {
    kind: 2,
    key: "clientSecret",
    what: "too short",
    secrets: { clientSecret: "short" },
    lines: () => [
      "  - clientSecret: must be 32 to 255 characters long (authentik stores at most 255), e.g. the output of `openssl rand -hex 32`. Fix: pulumi config set --secret clientSecret",
    ],
  },
  {
    kind: 2,
    key: "clientId",
    what: "characters authentik refuses",
    file: () => ({ clientId: "bad id!" }),
    lines: () => [
      '  - clientId: "bad id!" is not a valid client ID: use 1 to 255 letters, digits, ".", "_", "~" or "-". Fix: pulumi config set clientId minio',
    ],
  },
  {
    kind: 2,
    key: "accessTokenValidity",
    what: "not a duration",
    file: () => ({ accessTokenValidity: "10 minutes" }),
    lines: () => [
      '  - accessTokenValidity: "10 minutes" is not an authentik duration such as "minutes=10" or "hours=1;minutes=30" (units: weeks, days, hours, minutes, seconds, milliseconds, microseconds). Fix: pulumi config set accessTokenValidity \'minutes=10\'',
    ],
  },
];
