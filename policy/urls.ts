/**
 * The https rule for one URL: the only URL rule of the project (the policy pack words it with httpsProblem, the
 * stack config with its own messages). Pure: imports nothing from Pulumi or @pulumi/policy.
 * The raw string is checked as well as the parsed URL: WHATWG parsing forgives and rewrites what authentik and
 * MinIO (Go's net/url) take as typed, e.g. surrounding blanks, `https:host` without slashes, or `http://127.1/`.
 */

/**
 * The host exactly as typed (lowercased, port dropped) is localhost, a dotted 127.0.0.0/8 address or [::1]: a
 * request to these never leaves the machine it starts on.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  if (h === "localhost" || h === "[::1]") return true;
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return octets !== null && octets.slice(1).every((o) => o === String(Number(o)) && Number(o) <= 255);
}

/** A URL for a message: scheme and host only, so no path, credential or query value is ever repeated. */
export function shownUrl(url: URL): string {
  return JSON.stringify(`${url.protocol}//${url.host}/…`);
}

/** C0 controls and space, DEL, C1 controls and no-break space, the other Unicode blanks and the BOM, backslash. */
const UNSAFE = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff\\]/;
/** Scheme, `//`, then the authority as typed. */
const ABSOLUTE = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)/i;
/** A DNS name or IPv4 address, or a bracketed IPv6 address, then an optional port. */
const HOST_PORT = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::\d*)?$/i;

/** What the rule refuses, checked in this order. */
export type UrlFault =
  "unset" | "unsafe-character" | "not-absolute" | "user-info" | "bad-host" | "bad-percent" | "fragment" | "not-https";

/**
 * The rule's reading of a URL as typed: refused with a fault (and the parsed URL once it parses), or accepted as
 * https, or as http on a loopback host. Whether loopback http is good enough is the caller's choice.
 */
export type UrlReading = { fault: UrlFault; url?: URL } | { fault?: undefined; url: URL; scheme: "https" | "http" };

export function readUrl(value: unknown): UrlReading {
  if (typeof value !== "string" || value === "") return { fault: "unset" };
  if (UNSAFE.test(value)) return { fault: "unsafe-character" };
  const url = URL.parse(value);
  const typed = ABSOLUTE.exec(value);
  if (url === null || typed === null) return { fault: "not-absolute" };
  const [, typedScheme, authority] = typed;
  // Even an empty `@` counts: Go's net/url then reports user info where WHATWG parsing reports none.
  if (authority.includes("@")) return { fault: "user-info", url };
  const hostPort = HOST_PORT.exec(authority);
  if (hostPort === null) return { fault: "bad-host", url };
  if (/%(?![0-9a-f]{2})/i.test(value)) return { fault: "bad-percent", url };
  // A fragment never reaches a server; a redirect URI must not have one (RFC 6749 §3.1.2).
  if (value.includes("#")) return { fault: "fragment", url };
  const scheme = typedScheme.toLowerCase();
  if (scheme === "https") return { url, scheme };
  if (scheme === "http" && isLoopbackHost(hostPort[1])) return { url, scheme };
  return { fault: "not-https", url };
}

const MUST = "it must be an https:// URL";

/** Why `value` (the property `what`) is not an acceptable https URL, or undefined. http is accepted on loopback. */
export function httpsProblem(what: string, value: unknown): string | undefined {
  const reading = readUrl(value);
  const shown = reading.url === undefined ? "" : shownUrl(reading.url);
  switch (reading.fault) {
    case undefined:
      return undefined;
    case "unset":
      return `${what} is not set; ${MUST}.`;
    case "unsafe-character":
      return `${what} contains a blank, a control character or a backslash; ${MUST}, without them.`;
    case "not-absolute":
      return `${what} is not an absolute URL; ${MUST}.`;
    case "user-info":
      return `${what} ${shown} carries a user name or password; remove them from the URL.`;
    case "bad-host":
      return `${what} has a host that is neither a DNS name nor an IP address; ${MUST}, with a plain host name.`;
    case "bad-percent":
      return `${what} has a % not followed by two hex digits; ${MUST}.`;
    case "fragment":
      return `${what} ${shown} has a #fragment; ${MUST}, without one.`;
    case "not-https":
      return (
        `${what} ${shown} must use https:// ` +
        "(plain http is accepted only for localhost, 127.0.0.0/8 and [::1], which never leave the machine)."
      );
  }
}
