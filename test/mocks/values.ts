import * as pulumi from "@pulumi/pulumi";

const SIG_KEY = pulumi.runtime.specialSigKey;
const SECRET_SIG = pulumi.runtime.specialSecretSig;

/** True for the `{ <sig>: <secret sig>, value }` wrapper the mock monitor hands over for a secret value. */
export function isSecretWrapper(value: unknown): value is { value: unknown } {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIG_KEY] === SECRET_SIG &&
    "value" in (value as object)
  );
}

/** Wraps a value the way the engine marks a secret, so the SDK resolves it as a secret Output. */
export function secretWrapper(value: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/**
 * Removes the secret wrappers from deserialized inputs. Returns the plain value and the dotted paths that were
 * secret ("environment.MINIO_SECRET_KEY", "triggers.0"; "" when the whole value was secret).
 */
export function unwrapSecrets(value: unknown, path = ""): { plain: unknown; secretPaths: string[] } {
  if (isSecretWrapper(value)) {
    const inner = unwrapSecrets(value.value, path);
    return { plain: inner.plain, secretPaths: [path, ...inner.secretPaths] };
  }
  const join = (k: string | number) => (path === "" ? String(k) : `${path}.${k}`);
  if (Array.isArray(value)) {
    const parts = value.map((v, i) => unwrapSecrets(v, join(i)));
    return { plain: parts.map((p) => p.plain), secretPaths: parts.flatMap((p) => p.secretPaths) };
  }
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const plain: Record<string, unknown> = {};
    const secretPaths: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      const part = unwrapSecrets(v, join(k));
      plain[k] = part.plain;
      secretPaths.push(...part.secretPaths);
    }
    return { plain, secretPaths };
  }
  return { plain: value, secretPaths: [] };
}

/** A resolved Output: its value and whether the SDK considers it secret. */
export interface Resolved<T> {
  value: T;
  secret: boolean;
}

/**
 * Resolves an Output (or plain value) to its value and secretness. Rejects when the value is unknown (preview),
 * instead of hanging the way `new Promise(r => o.apply(r))` does.
 */
export async function resolveOutput<T>(input: pulumi.Input<T>): Promise<Resolved<pulumi.Unwrap<T>>> {
  const out = pulumi.output(input);
  let seen: { value: pulumi.Unwrap<T> } | undefined;
  const probe = out.apply((value) => {
    seen = { value };
    return value;
  });
  // The probe's secretness settles only after its apply step ran (or was skipped as unknown).
  const secret = await pulumi.isSecret(probe);
  if (seen === undefined) throw new Error("output is unknown (not resolved in this run)");
  return { value: seen.value, secret };
}
