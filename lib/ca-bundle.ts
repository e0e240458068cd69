/**
 * The `caBundle` file: a PEM file of the private CAs that signed MinIO's and authentik's TLS certificates. Read at
 * preview, so a missing, unreadable or non-PEM file stops the run before anything is touched. Pure of Pulumi.
 */
import { parseCaBundle } from "../minio-admin/trust";
import { quote } from "./config-rules";
import { readNamedFile } from "./named-file";

/** A checked bundle: the path as given (for the MinIO provider's minioCacertFile) and its certificates, PEM each. */
export interface CaBundle {
  readonly path: string;
  readonly certificates: readonly string[];
}

/** Reads and checks the PEM file at `path` (relative paths from the working directory: the project's). */
export function readCaBundle(path: string): { bundle: CaBundle } | { problem: string } {
  const file = quote(path);
  const read = readNamedFile(path, "a PEM file of CA certificates");
  if ("problem" in read) return read;
  const { text } = read;
  const parsed = parseCaBundle(text);
  if ("problem" in parsed) return { problem: `names the file ${file}, which ${parsed.problem}.` };
  return { bundle: { path, certificates: parsed.certificates } };
}
