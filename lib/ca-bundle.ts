/**
 * The `caBundle` file: a PEM file of the private CAs that signed MinIO's and authentik's TLS certificates. Read at
 * preview, so a missing, unreadable or non-PEM file stops the run before anything is touched. Pure of Pulumi.
 */
import { readFileSync } from "node:fs";
import { parseCaBundle } from "../minio-admin/trust";
import { quote } from "./config-rules";

/** A checked bundle: the path as given (for the MinIO provider's minioCacertFile) and its certificates, PEM each. */
export interface CaBundle {
  readonly path: string;
  readonly certificates: readonly string[];
}

/** Reads and checks the PEM file at `path` (relative paths from the working directory: the project's). */
export function readCaBundle(path: string): { bundle: CaBundle } | { problem: string } {
  const file = quote(path);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { problem: `names the file ${file}, which does not exist.` };
    if (code === "EISDIR") return { problem: `names ${file}, a directory; give a PEM file of CA certificates.` };
    if (code === "EACCES" || code === "EPERM")
      return { problem: `names the file ${file}, which cannot be read (permission denied).` };
    return { problem: `names the file ${file}, which cannot be read (${code ?? (err as Error).message}).` };
  }
  const parsed = parseCaBundle(text);
  if ("problem" in parsed) return { problem: `names the file ${file}, which ${parsed.problem}.` };
  return { bundle: { path, certificates: parsed.certificates } };
}
