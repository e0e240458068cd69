/**
 * Single-value checks used by `loadConfig`. Each returns `undefined` when the value is fine, or the problem text
 * (one sentence, quoting the value with JSON escapes so it stays on one line). Never used on secret values.
 */
import { kvValueProblem } from "../minio-admin/config-kv";
import {
  DEFAULT_TARGET_NAME,
  policyNameProblem as minioPolicyNameProblem,
  targetNameProblem,
} from "../minio-admin/names";
import { MAX_TIMEOUT_SECONDS, parseEndpoint } from "../minio-admin/settings";
import { readUrl } from "../policy/urls";

/**
 * Characters JSON.stringify leaves raw that hide or break a quoted value: C1 controls (U+0085 breaks lines), the
 * line and paragraph separators, bidi controls, zero-width and other invisible format characters, the BOM.
 */
const HIDDEN =
  /[\u0080-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufffb]/gu;

/** The value, quoted with JSON escapes; line-breaking and invisible characters shown as \uXXXX too. */
export function quote(value: string): string {
  return JSON.stringify(value).replace(HIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// With the u flag, only unpaired surrogates match (a valid pair is one code point outside this range).
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
// C0 controls, DEL, C1 controls and the Unicode line/paragraph separators.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/**
 * A value that MinIO's one-line identity_openid text can't carry unchanged: the admin CLI's own rule
 * (minio-admin/config-kv.ts), checked here so that such a value fails at preview, not half-way through `pulumi up`.
 */
export function minioValueProblem(value: string): string | undefined {
  const problem = kvValueProblem(value);
  return problem === undefined ? undefined : `${quote(value)} ${problem}.`;
}

/** A display name or label: not empty, no control characters, no surrounding whitespace, well-formed Unicode. */
export function textProblem(value: string): string | undefined {
  if (value === "") return "must not be empty.";
  if (LONE_SURROGATE.test(value)) return `${quote(value)} contains an unpaired UTF-16 surrogate.`;
  if (CONTROL.test(value)) return `${quote(value)} must not contain control characters or line breaks.`;
  if (value.trim() !== value) return `${quote(value)} must not start or end with whitespace.`;
  return undefined;
}

/** Slugs authentik refuses for applications: they clash with `/application/o/<slug>/` routes. */
export const RESERVED_SLUGS: readonly string[] = ["authorize", "device", "introspect", "revoke", "token", "userinfo"];

export function applicationSlugProblem(value: string): string | undefined {
  if (!/^[a-z0-9_-]+$/.test(value)) {
    return `${quote(value)} is not a valid slug: use only lowercase letters, digits, "-" and "_".`;
  }
  if (RESERVED_SLUGS.includes(value)) {
    return `${quote(value)} is reserved by authentik (it clashes with /application/o/${value}/).`;
  }
  return undefined;
}

/** Flow slugs name existing authentik flows (Django slug rules: letters, digits, "-", "_"). */
export function flowSlugProblem(value: string): string | undefined {
  if (/^[A-Za-z0-9_-]+$/.test(value)) return undefined;
  return `${quote(value)} is not a valid flow slug: use only letters, digits, "-" and "_".`;
}

export function clientIdProblem(value: string): string | undefined {
  if (/^[A-Za-z0-9._~-]{1,255}$/.test(value)) return undefined;
  return `${quote(value)} is not a valid client ID: use 1 to 255 letters, digits, ".", "_", "~" or "-".`;
}

/** authentik keeps the client secret in OAuth2Provider.client_secret, a CharField(max_length=255). */
export const CLIENT_SECRET_MAX = 255;
/** A chosen secret is at least as long as 128 random bits written in hex. */
export const CLIENT_SECRET_MIN = 32;

/** A chosen client secret: fits authentik's field and MinIO's config text. Never quotes the value. */
export function clientSecretProblem(value: string): string | undefined {
  const length = [...value].length;
  if (length < CLIENT_SECRET_MIN || length > CLIENT_SECRET_MAX) {
    return (
      `must be ${CLIENT_SECRET_MIN} to ${CLIENT_SECRET_MAX} characters long (authentik stores at most ` +
      `${CLIENT_SECRET_MAX}), e.g. the output of \`openssl rand -hex 32\`.`
    );
  }
  if (LONE_SURROGATE.test(value)) return "contains an unpaired UTF-16 surrogate, which authentik cannot store.";
  if (kvValueProblem(value) !== undefined) {
    return (
      "is a value MinIO's identity_openid config cannot carry unchanged: no control characters, no blank or quote " +
      'at either end, and no identity_openid key followed by "=" inside it.'
    );
  }
  return undefined;
}

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  weeks: 604800,
  days: 86400,
  hours: 3600,
  minutes: 60,
  seconds: 1,
  milliseconds: 0.001,
  microseconds: 0.000001,
};
const DURATION_UNITS = Object.keys(UNIT_SECONDS);

/** authentik's `timedelta_string_validator` format, strictly: `unit=number` pairs joined by `;`, known units only. */
export function durationProblem(value: string): string | undefined {
  const invalid = `${quote(value)} is not an authentik duration such as "minutes=10" or "hours=1;minutes=30" (units: ${DURATION_UNITS.join(", ")}).`;
  const seen = new Set<string>();
  let total = 0;
  for (const pair of value.split(";")) {
    const match = /^([a-z]+)=(\d+(?:\.\d+)?)$/.exec(pair);
    if (match === null || !DURATION_UNITS.includes(match[1])) return invalid;
    if (seen.has(match[1])) return `${quote(value)} names the unit "${match[1]}" twice.`;
    seen.add(match[1]);
    total += Number(match[2]) * UNIT_SECONDS[match[1]];
  }
  if (total <= 0) return `${quote(value)} must be longer than zero.`;
  if (Date.now() + total * 1000 >= LAST_PYTHON_DATETIME) {
    return (
      `${quote(value)} is too long: authentik adds it to the current time for each token's expiry, which must fall ` +
      "before the year 10000 (Python's datetime.MAXYEAR; beyond it authentik fails with HTTP 500)."
    );
  }
  return undefined;
}

/** The first instant Python's datetime cannot hold (datetime.MAXYEAR is 9999). */
const LAST_PYTHON_DATETIME = Date.UTC(10000, 0, 1);

/**
 * Django's URLValidator (django/core/validators.py, Django 5.2, which authentik 2026.5 runs): at most 2048
 * characters, and a host of at most 253. authentik checks the launch URL with it (core/models.py
 * Application.meta_launch_url, DomainlessFormattedURLValidator) and answers "Enter a valid URL." otherwise.
 */
export const DJANGO_URL_MAX = 2048;
export const DJANGO_HOST_MAX = 253;

export function djangoUrlProblem(value: string): string | undefined {
  const length = [...value].length;
  if (length > DJANGO_URL_MAX) {
    return `is ${length} characters long; authentik accepts at most ${DJANGO_URL_MAX} (Django's URLValidator).`;
  }
  const host = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/.exec(value)?.[1] ?? "";
  if (host.length > DJANGO_HOST_MAX) {
    return `has a host part of ${host.length} characters; authentik accepts at most ${DJANGO_HOST_MAX} (Django's URLValidator).`;
  }
  return undefined;
}

/**
 * The launch URL authentik shows when an application has none: its provider's first redirect URI without the path
 * (providers/oauth2/models.py OAuth2Provider.launch_url: urlparse(...)._replace(path="")). An unset launchUrl is
 * sent as this value, because the Terraform provider sends no empty launch URL (helpers.GetStringP), so an old URL
 * would otherwise stay.
 */
export function derivedLaunchUrl(redirectUri: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)[^?#]*(\?[^#]*)?/.exec(redirectUri);
  return m === null ? "" : `${m[1].toLowerCase()}://${m[2]}${m[3] ?? ""}`;
}

const INSECURE = "allowInsecure allows plain http on loopback hosts only";

export interface UrlRules {
  /** Plain http on a loopback host is accepted only when true (allowInsecure). */
  readonly allowInsecure: boolean;
  /** A query string is accepted. */
  readonly allowQuery: boolean;
}

/**
 * The https rule of the policy pack (policy/urls.ts), worded for a config key, plus the key's own shape (query or
 * not): a URL accepted here is accepted by the pack. The value is quoted unless it might hold credentials.
 */
export function urlProblem(value: string, rules: UrlRules): string | undefined {
  const reading = readUrl(value);
  const it = value.includes("@") ? "" : `${quote(value)} `;
  switch (reading.fault) {
    case "unset":
    case "not-absolute":
      return `${it}is not a valid absolute URL.`;
    case "unsafe-character":
      return `${it}contains a blank, a control character or a backslash; write the URL without them.`;
    case "user-info":
      return "must not contain a user name or password.";
    case "bad-host":
      return `${it}has a host that is neither a DNS name nor an IP address.`;
    case "bad-percent":
      return `${it}has a "%" that is not followed by two hex digits.`;
    case "fragment":
      return `${it}must not have a fragment.`;
    case "not-https":
      if (reading.url?.protocol !== "http:") return `${it}must be an https:// URL.`;
      return `${it}uses http:// on a host other than localhost, 127.0.0.0/8 or [::1]; use https:// (${INSECURE}).`;
  }
  if (reading.scheme === "http" && !rules.allowInsecure) {
    return `${it}uses http://; use https://, or set allowInsecure to true for local testing (${INSECURE}).`;
  }
  if (!rules.allowQuery && (reading.url.search !== "" || value.includes("?"))) {
    return `${it}must not have a query string.`;
  }
  return undefined;
}

/** The URL without a trailing slash (`https://a.example/x/` -> `https://a.example/x`). Call after `urlProblem`. */
function trimUrl(value: string): string {
  const url = new URL(value);
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}${url.search}`;
}

/** authentik's base URL without a trailing slash, and the issuer and discovery URLs of an application's slug. */
export function oidcUrls(authentikUrl: string, slug: string) {
  const baseUrl = trimUrl(authentikUrl);
  const issuerUrl = `${baseUrl}/application/o/${slug}/`;
  return { baseUrl, issuerUrl, configUrl: `${issuerUrl}.well-known/openid-configuration` };
}

/** The admin CLI's endpoint rule (a bare origin: parseEndpoint), worded for minioEndpoint. */
export function endpointProblem(value: string): string | undefined {
  const parsed = parseEndpoint(value);
  return "problem" in parsed ? `${quote(value)} ${parsed.problem}.` : undefined;
}

/** The origin of an endpoint endpointProblem accepted. */
export function endpointOrigin(value: string): string {
  const parsed = parseEndpoint(value);
  if ("problem" in parsed) throw new Error(`endpointOrigin: the endpoint ${parsed.problem}`);
  return parsed.origin;
}

/** Claims authentik (or its default scope mappings) already set; a policy claim with one of these names would clash. */
export const RESERVED_CLAIMS: readonly string[] = [
  "acr",
  "amr",
  "at_hash",
  "aud",
  "auth_time",
  "azp",
  "c_hash",
  "email",
  "email_verified",
  "exp",
  "given_name",
  "groups",
  "iat",
  "iss",
  "jti",
  "name",
  "nbf",
  "nickname",
  "nonce",
  "preferred_username",
  "sid",
  "sub",
  "uid",
];

export function claimNameProblem(value: string): string | undefined {
  if (!/^[A-Za-z0-9_.:/-]+$/.test(value)) {
    return `${quote(value)} is not a valid claim name: use letters, digits, "_", "-", ".", ":" or "/".`;
  }
  if (RESERVED_CLAIMS.includes(value)) {
    return `${quote(value)} is a standard claim authentik already sets; choose another name such as "policy".`;
  }
  return undefined;
}

// RFC 6749 scope-token: %x21 / %x23-5B / %x5D-7E
const SCOPE_TOKEN = /^[\u0021\u0023-\u005b\u005d-\u007e]+$/;

/** Checks the comma-separated scope list; returns the problems (possibly several) and the parsed scopes. */
export function parseScopes(value: string, required: readonly string[]): { scopes: string[]; problems: string[] } {
  const scopes = value.split(",");
  const problems: string[] = [];
  if (scopes.some((s) => s === ""))
    problems.push(`${quote(value)} has an empty scope; separate scopes with single commas.`);
  const seen = new Set<string>();
  for (const scope of scopes) {
    if (scope === "") continue;
    if (!SCOPE_TOKEN.test(scope)) problems.push(`${quote(value)} contains the invalid scope ${quote(scope)}.`);
    else if (seen.has(scope)) problems.push(`${quote(value)} lists the scope ${quote(scope)} twice.`);
    seen.add(scope);
  }
  for (const scope of required) {
    if (!seen.has(scope)) problems.push(`${quote(value)} must include the scope ${quote(scope)}.`);
  }
  return { scopes: scopes.filter((s) => s !== ""), problems };
}

/** The target-name rule of minio-admin, worded for minioConfigName; "_" is refused so the default has one spelling. */
export function configNameProblem(value: string): string | undefined {
  if (value === DEFAULT_TARGET_NAME) {
    return `"_" is MinIO's name for the default target; leave minioConfigName empty instead.`;
  }
  const problem = targetNameProblem(value);
  return problem === undefined ? undefined : `${quote(value)} is not a valid config name: it ${problem}.`;
}

/** A timeout of the admin CLI (minio-admin/settings.ts) in whole seconds, as Pulumi.yaml declares it (integer). */
export function timeoutProblem(value: string): string | undefined {
  const seconds = /^\d+$/.test(value) ? Number(value) : NaN;
  if (seconds >= 1 && seconds <= MAX_TIMEOUT_SECONDS) return undefined;
  return `${quote(value)} is not a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}.`;
}

/** Parses "true"/"false"; anything else is a problem. */
export function parseBoolean(value: string): { value: boolean } | { problem: string } {
  if (value === "true") return { value: true };
  if (value === "false") return { value: false };
  return { problem: `${quote(value)} is not a boolean; use true or false.` };
}

/** The policy-name rule of minio-admin, worded for the policy keys. */
export function policyNameProblem(name: string): string | undefined {
  const problem = minioPolicyNameProblem(name);
  return problem === undefined ? undefined : `${quote(name)} is not a valid policy name: it ${problem}.`;
}
