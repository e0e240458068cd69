/**
 * Reading resource properties that may not be known yet. Pure: imports nothing from Pulumi or @pulumi/policy.
 *
 * During preview @pulumi/policy hands a rule its properties behind a proxy that throws an UnknownValueError when a
 * value the engine does not know yet is read (a provider output the program passed on, say). The rules skip such
 * values: the engine runs them again before each step of the update, when those values are known.
 */

/** A property that may not be known yet. */
export type Read = { known: true; value: unknown } | { known: false };

/** The framework's UnknownValueError is internal to it, so it is recognised by its class name. */
function isUnknownValueError(err: unknown): boolean {
  return err instanceof Error && err.constructor.name === "UnknownValueError";
}

/** Reads `obj[key]`; a missing value or a non-object `obj` reads as known and undefined. */
export function read(obj: unknown, key: string | number): Read {
  if (typeof obj !== "object" || obj === null) return { known: true, value: undefined };
  try {
    return { known: true, value: (obj as Record<string | number, unknown>)[key] };
  } catch (err) {
    if (isUnknownValueError(err)) return { known: false };
    throw err;
  }
}

/** Reads a path of keys; unknown as soon as one step is. */
export function readPath(obj: unknown, path: readonly (string | number)[]): Read {
  let current: Read = { known: true, value: obj };
  for (const key of path) {
    if (!current.known) return current;
    current = read(current.value, key);
  }
  return current;
}

/** The elements of a list, each read on its own (one unknown element hides only itself); [] for a non-list. */
export function elements(list: unknown): Read[] {
  if (!Array.isArray(list)) return [];
  const length = read(list, "length");
  const count = length.known && typeof length.value === "number" ? length.value : 0;
  return Array.from({ length: count }, (_, i) => read(list, i));
}
