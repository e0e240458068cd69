/**
 * The demo's second half: each demo person signs in with `minio-sso login` and the stack's `loginProfile`; the
 * browser step is done by the demo at the authentik double. Prints the tool's own messages (the authorization URL
 * shortened) and checks the credentials' policies against the mapping's promise.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { MinioDouble } from "../doubles/minio";
import type { DemoPerson } from "../sandbox/people";
import { exported, toolLogin } from "../support/minio-sso-run";

export interface ToolOutcome {
  /** The transcript to print. */
  lines: string[];
  /** Every person got what the mapping promises (the one promised nothing: the tool's refusal). */
  allMatch: boolean;
  /** Secrets the tool produced (for the leak scan), by label. */
  secrets: Record<string, string>;
  /** The tool's stderr, by person (for the leak scan). */
  stderr: Record<string, string>;
}

const NOT_MAPPED = "in no group that the MinIO mapping gives policies to";

export async function toolLogins(profile: unknown, people: DemoPerson[], minio: MinioDouble): Promise<ToolOutcome> {
  const dir = mkdtempSync(path.join(tmpdir(), "demo-sso-"));
  const out: ToolOutcome = { lines: [], allMatch: true, secrets: {}, stderr: {} };
  try {
    const file = path.join(dir, "login-profile.json");
    writeFileSync(file, JSON.stringify(profile));
    for (const person of people) {
      const home = path.join(dir, person.username);
      const env = {
        MINIO_SSO_CONFIG_DIR: path.join(home, "sso"),
        MC_CONFIG_DIR: path.join(home, "mc"),
        AWS_CONFIG_FILE: path.join(home, "aws", "config"),
      };
      // The export lines (stdout) go to the demo only, to check the credentials' policies; they are never printed.
      const run = await toolLogin(file, person.username, env, "mc,export");
      out.stderr[person.username] = run.stderr;
      const ak = exported(run.stdout).AWS_ACCESS_KEY_ID;
      const got = ak ? [...(minio.sessionPolicies(ak) ?? [])].sort() : undefined;
      const promised = [...person.policies].sort();
      const ok =
        promised.length === 0
          ? run.code === 1 && run.stderr.includes(NOT_MAPPED)
          : run.code === 0 && JSON.stringify(got) === JSON.stringify(promised);
      if (!ok) out.allMatch = false;
      const vars = exported(run.stdout);
      if (vars.AWS_SECRET_ACCESS_KEY) out.secrets[`${person.username}'s secret key`] = vars.AWS_SECRET_ACCESS_KEY;
      if (vars.AWS_SESSION_TOKEN) out.secrets[`${person.username}'s session token`] = vars.AWS_SESSION_TOKEN;
      const transcript = run.stderr
        .trimEnd()
        .split("\n")
        .map((l) =>
          /^http\S+\/authorize\//.test(l) ? `  <authorization URL: the demo signs in as ${person.username}>` : l,
        );
      out.lines.push(
        `$ minio-sso login --profile login-profile.json --output mc,export   # as ${person.username}, ${run.ms} ms`,
        ...transcript.map((l) => l.replace(dir, "<demo dir>")),
        `  -> ${ok ? "as the mapping promises" : "NOT what the mapping promises"}` +
          (run.browserError ? ` (browser step: ${run.browserError})` : ""),
        "",
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
