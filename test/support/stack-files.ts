import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { fromRoot } from "./paths";

export const PROJECT = "minio-authentik-sso";

/** The secrets a stack keeps out of its file; tests supply stand-in values. */
export interface StackSecrets {
  token: string;
  accessKey: string;
  secretKey: string;
}

/** A file of the checkout, parsed as YAML. */
export function readYaml<T>(file: string): T {
  return parse(readFileSync(fromRoot(file), "utf8")) as T;
}

/** A config value as the engine hands it to the program: scalars as text, YAML lists and maps as JSON. */
function engineText(value: unknown): string {
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/** What the engine hands the program for a stack: stack values over Pulumi.yaml defaults, all as strings. */
export function effectiveConfig(stackFile: string, secrets: StackSecrets): Record<string, string> {
  const project = readYaml<{ config: Record<string, { default?: unknown }> }>("Pulumi.yaml");
  const stack = readYaml<{ config: Record<string, unknown> }>(stackFile);
  const values: Record<string, string> = {};
  for (const [name, decl] of Object.entries(project.config)) {
    if (decl.default !== undefined) values[name] = engineText(decl.default);
  }
  for (const [key, value] of Object.entries(stack.config)) {
    values[key.startsWith(`${PROJECT}:`) ? key.slice(PROJECT.length + 1) : key] = engineText(value);
  }
  return {
    ...values,
    "authentik:token": secrets.token,
    minioAccessKey: secrets.accessKey,
    minioSecretKey: secrets.secretKey,
  };
}
