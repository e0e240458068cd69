/**
 * The https rule for one URL. Pure: imports nothing from Pulumi or @pulumi/policy.
 * The raw string is checked as well as the parsed URL: WHATWG parsing forgives what authentik and MinIO store as
 * typed (surrounding blanks, `https:host` without slashes), so a value passes only if it is already clean.
 */

/** localhost, 127.0.0.0/8 and [::1]: a request to these never leaves the machine it starts on. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === "localhost" || host === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** A URL for a message: scheme, host and path only, so credentials and query values are never repeated. */
export function shownUrl(url: URL): string {
  return JSON.stringify(`${url.protocol}//${url.host}${url.pathname}${url.search ? "?…" : ""}`);
}

const MUST = "it must be an https:// URL";

/** Why `value` (the property `what`) is not an acceptable https URL, or undefined. http is accepted on loopback. */
export function httpsProblem(what: string, value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return `${what} is not set; ${MUST}.`;
  // C0 controls and space, DEL, C1 controls and no-break space, then the other Unicode blanks and the BOM.
  if (/[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]/.test(value)) {
    return `${what} contains a blank or a control character; ${MUST}, written without them.`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${what} is not an absolute URL; ${MUST}.`;
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/]/i.test(value)) return `${what} is not an absolute URL; ${MUST}.`;
  if (url.username !== "" || url.password !== "") {
    return `${what} ${shownUrl(url)} carries a user name or password; remove them from the URL.`;
  }
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return undefined;
  return (
    `${what} ${shownUrl(url)} must use https:// ` +
    "(plain http is accepted only for localhost, 127.0.0.0/8 and [::1], which never leave the machine)."
  );
}
