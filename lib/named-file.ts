/** Reading a file a config key names (caBundle, policyFile), with one problem worded for that key. Pure of Pulumi. */
import { readFileSync } from "node:fs";
import { quote } from "./config-rules";

/** The text of `path` (relative paths from the project directory), or why it cannot be had; `expected` is what the
 * key wants, e.g. "a PEM file of CA certificates". */
export function readNamedFile(path: string, expected: string): { text: string } | { problem: string } {
  const file = quote(path);
  try {
    return { text: readFileSync(path, "utf8") };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { problem: `names the file ${file}, which does not exist.` };
    if (code === "EISDIR") return { problem: `names ${file}, a directory; give ${expected}.` };
    if (code === "EACCES" || code === "EPERM")
      return { problem: `names the file ${file}, which cannot be read (permission denied).` };
    return { problem: `names the file ${file}, which cannot be read (${code ?? (err as Error).message}).` };
  }
}
