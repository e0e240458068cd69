/**
 * The sandbox: the authentik and MinIO doubles with demo people, and a stack config that points the program at them,
 * so that `pulumi up --stack sandbox` runs against them. Logins are made in this process, with the OAuth client that
 * MinIO loaded, the way MinIO's console would (test/integration/support/login.ts).
 */
import { randomBytes } from "node:crypto";
import * as path from "node:path";
import { loadConfig, type StackConfig } from "../../lib/config";
import { configTarget } from "../../minio-admin/names";
import { startAuthentikDouble, type AuthentikDouble } from "../doubles/authentik";
import { startMinioDouble, type MinioDouble } from "../doubles/minio";
import { loadedClient, login, type StsOutcome } from "../integration/support/login";
import { PROJECT } from "../support/stack-files";
import { asPromised, demoPeople, type DemoPerson } from "./people";
import {
  SECRET_KEYS,
  readStackValues,
  recreateStack,
  sandboxValues,
  setSecret,
  writeStackFile,
  type PulumiCli,
  type SecretKey,
  type StackValues,
} from "./stack-file";

export interface SandboxOptions {
  /** Loopback ports of the doubles; 0 = ephemeral. */
  authentikPort: number;
  minioPort: number;
  /** The directory of Pulumi.yaml: the stack file is written beside it and the CLI runs there. */
  projectDir: string;
  stack: string;
  /** The stack file whose values the sandbox copies (Pulumi.dev.yaml). */
  baseStackFile: string;
  /** With the CLI, the stack is created in its backend and the secrets are set; without, only the file is written. */
  pulumi?: PulumiCli;
}

export interface LoginReport {
  person: DemoPerson;
  /** The policy claim in the ID token (undefined: none). */
  claim: unknown;
  /** MinIO's answer to AssumeRoleWithWebIdentity with that ID token. */
  sts: StsOutcome;
}

export interface Sandbox {
  authentik: AuthentikDouble;
  minio: MinioDouble;
  people: DemoPerson[];
  stackFile: string;
  /** The stack config as the program validates it. */
  config: StackConfig;
  /** The secrets the doubles accept. They stay in this process: never printed. */
  secrets: Record<SecretKey, string>;
  /** Whether the CLI created the stack and set its secrets, and whether that replaced an earlier sandbox stack. */
  stackCreated: boolean;
  replacedStack: boolean;
  login(username: string): Promise<LoginReport>;
  close(): Promise<void>;
}

/** A problem the person can fix, reported without a stack trace. */
export class SandboxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SandboxError";
  }
}

function randomSecrets(): Record<SecretKey, string> {
  const token = (n: number) => randomBytes(n).toString("base64url");
  return { "authentik:token": token(36), minioAccessKey: `sandbox-${token(6)}`, minioSecretKey: token(30) };
}

/** What the program reads: project keys bare, provider keys namespaced, secrets included. */
function programConfig(values: StackValues, secrets: Record<SecretKey, string>): StackConfig {
  const raw: Record<string, string> = { ...secrets };
  for (const [key, value] of Object.entries(values)) {
    // As the engine delivers config: strings, other YAML values as JSON (true -> "true").
    raw[key.startsWith(`${PROJECT}:`) ? key.slice(PROJECT.length + 1) : key] =
      typeof value === "string" ? value : JSON.stringify(value);
  }
  return loadConfig(raw);
}

export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const secrets = randomSecrets();
  const base = readStackValues(opts.baseStackFile);
  const authentik = await startAuthentikDouble({ token: secrets["authentik:token"], port: opts.authentikPort });
  let minio: MinioDouble | undefined;
  try {
    minio = await startMinioDouble({
      accessKey: secrets.minioAccessKey,
      secretKey: secrets.minioSecretKey,
      port: opts.minioPort,
    });
    const values = sandboxValues(base, { authentik: authentik.url, minio: minio.url });
    const config = programConfig(values, secrets);
    const people = demoPeople(config.policyMapping);
    for (const p of people) {
      authentik.addUser({ username: p.username, email: `${p.username}@sandbox.test`, groups: p.groups });
    }
    const stackFile = path.join(opts.projectDir, `Pulumi.${opts.stack}.yaml`);
    const replacedStack = opts.pulumi ? await recreateStack(opts.pulumi, opts.projectDir, opts.stack) : false;
    writeStackFile(stackFile, values);
    for (const key of opts.pulumi ? SECRET_KEYS : []) {
      await setSecret(opts.pulumi!, opts.projectDir, opts.stack, key, secrets[key]);
    }
    return {
      authentik,
      minio,
      people,
      stackFile,
      config,
      secrets,
      stackCreated: opts.pulumi !== undefined,
      replacedStack,
      login: (username) => loginAs(authentik, minio!, config, people, opts.stack, username),
      close: async () => {
        await minio?.close();
        await authentik.close();
      },
    };
  } catch (err) {
    await minio?.close();
    await authentik.close();
    throw err;
  }
}

async function loginAs(
  authentik: AuthentikDouble,
  minio: MinioDouble,
  config: StackConfig,
  people: readonly DemoPerson[],
  stack: string,
  username: string,
): Promise<LoginReport> {
  const person = people.find((p) => p.username === username);
  if (!person) {
    throw new SandboxError(
      `no demo user "${username}"; the demo users are ${people.map((p) => p.username).join(", ")}`,
    );
  }
  const target = configTarget(config.minio.configName);
  if (!minio.loadedConfig()[target]?.client_id) {
    throw new SandboxError(`MinIO has no ${target} loaded yet: run \`pulumi up --stack ${stack}\` first`);
  }
  const outcome = await login(authentik.url, minio, loadedClient(minio, target), username, config.minio.claimName);
  return { person, claim: outcome.claim, sts: outcome.sts };
}

/** A login's outcome for a person to read: the claim, what the STS credentials carry, and whether that is promised. */
export function describeLogin(r: LoginReport, claimName: string): string[] {
  const who = r.person.username;
  const promised = r.person.policies.join(", ") || "(no access)";
  const claim = r.claim === undefined ? "(none)" : JSON.stringify(r.claim);
  const got = r.sts.policies ? r.sts.policies.join(", ") || "(no policies)" : "(no access)";
  const same = asPromised(r.person.policies, r.sts.policies);
  const answer = r.sts.policies
    ? `MinIO issued STS credentials with the policies ${got}`
    : `MinIO refused STS credentials (HTTP ${r.sts.status}, ${r.sts.error?.code}: ${r.sts.error?.message})`;
  return [
    `${who}: ID token claim "${claimName}": ${claim}`,
    `${who}: ${answer}`,
    same
      ? `${who}: as promised (${r.person.reason})`
      : `${who}: NOT as promised: expected ${promised} (${r.person.reason})`,
  ];
}
