/**
 * Finds secrets in captured text: the plain value, and its base64 / base64url encodings at each of the three
 * byte alignments it can have inside a longer encoded string (so a secret embedded in a bigger base64 blob, e.g.
 * an HTTP Basic header or a JSON document, is found too).
 */

/** Base64 fragments that appear whenever `secret` is encoded as part of a longer byte string. */
export function encodedForms(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const forms = new Set<string>([secret]);
  for (let shift = 0; shift < 3; shift++) {
    const padded = Buffer.concat([Buffer.alloc(shift), bytes]);
    // Characters before `start` mix in the prefix bits, characters from `end` on mix in what follows.
    const start = Math.ceil((8 * shift) / 6);
    const end = Math.floor((8 * (shift + bytes.length)) / 6);
    for (const encoding of ["base64", "base64url"] as const) {
      const fragment = padded.toString(encoding).slice(start, end);
      if (fragment.length >= 8) forms.add(fragment);
    }
  }
  return [...forms];
}

export interface Leak {
  secret: string;
  where: string;
}

/**
 * Every (secret label, place) pair where a secret or one of its encodings occurs. `secrets` maps a label (used in
 * the report instead of the value) to the secret; `places` maps a place name to the captured text.
 */
export function findLeaks(secrets: Readonly<Record<string, string>>, places: Readonly<Record<string, string>>): Leak[] {
  const leaks: Leak[] = [];
  for (const [label, secret] of Object.entries(secrets)) {
    const forms = encodedForms(secret);
    for (const [where, text] of Object.entries(places)) {
      if (forms.some((form) => text.includes(form))) leaks.push({ secret: label, where });
    }
  }
  return leaks;
}
