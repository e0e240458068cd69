// HTTP answers as plain data, and the small readers the pure checks share. Pure: no I/O.

/** An HTTP answer (any status), or why there was none. */
export type HttpOutcome =
  { url: string; status: number; contentType: string; body: string } | { url: string; error: string };

/** The body as a JSON object, or undefined when there was no answer or it is not one. */
export function jsonObject(outcome: HttpOutcome): Record<string, unknown> | undefined {
  if ("error" in outcome) return undefined;
  try {
    const value: unknown = JSON.parse(outcome.body);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** "URL unreachable (cause)" or "URL answered HTTP 404", for an outcome that is not the wanted answer. */
export function describeFailure(outcome: HttpOutcome, extra = ""): string {
  if ("error" in outcome) return `${outcome.url} unreachable (${outcome.error})`;
  return `${outcome.url} answered HTTP ${outcome.status}${extra === "" ? "" : ` ${extra}`}`;
}

/** The text of the first <tag>…</tag> of an XML document, with the five predefined entities and references decoded. */
export function xmlText(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  if (match === null) return undefined;
  return match[1].replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g, (_, entity: string) => {
    if (entity.startsWith("#x")) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith("#")) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[entity] as string;
  });
}

/** The payload of a JWT (not verified), or undefined when the text is not a JWT with a JSON object payload. */
export function jwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
