// @ts-check
"use strict";
// Where the credentials go: shell `export` lines, an mc alias, an AWS CLI profile that runs this tool as its
// credential_process, and the JSON that credential_process prints.
const { readIfExists, writePrivate } = require("./files");

/** @typedef {import("./sts").Credentials} Credentials */

/** A POSIX shell single-quoted word. @param {string} s */
function shellQuote(s) {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** An mc alias name / env suffix: letters, digits and '_' (MC_HOST_<alias>). @param {string} name */
function aliasName(name) {
  return name.replace(/[^A-Za-z0-9_]/g, "_");
}

/**
 * `MC_HOST_<alias>` URL: scheme://ACCESS:SECRET:TOKEN@host, the form mc reads for temporary credentials.
 * @param {string} endpoint
 * @param {Credentials} c
 */
function mcHostUrl(endpoint, c) {
  const url = new URL(endpoint);
  const user = [c.accessKeyId, c.secretAccessKey, c.sessionToken].map(encodeURIComponent).join(":");
  return `${url.protocol}//${user}@${url.host}`;
}

/**
 * The lines `eval "$(minio-sso login ... --output export)"` runs: the AWS variables every SDK reads, the endpoint,
 * and MC_HOST_<alias> for mc.
 * @param {string} endpoint
 * @param {string} alias
 * @param {Credentials} c
 */
function exportLines(endpoint, alias, c) {
  return [
    `export AWS_ACCESS_KEY_ID=${shellQuote(c.accessKeyId)}`,
    `export AWS_SECRET_ACCESS_KEY=${shellQuote(c.secretAccessKey)}`,
    `export AWS_SESSION_TOKEN=${shellQuote(c.sessionToken)}`,
    `export AWS_ENDPOINT_URL=${shellQuote(endpoint)}`,
    `export MC_HOST_${aliasName(alias)}=${shellQuote(mcHostUrl(endpoint, c))}`,
    `# valid until ${c.expiration}`,
  ].join("\n");
}

/**
 * Adds or replaces one alias in mc's config.json (format version 10), keeping every other alias and key.
 * @param {string} file
 * @param {string} alias
 * @param {string} endpoint
 * @param {Credentials} c
 */
function writeMcAlias(file, alias, endpoint, c) {
  const text = readIfExists(file);
  /** @type {any} */
  let config = { version: "10", aliases: {} };
  if (text !== undefined) {
    try {
      config = JSON.parse(text);
    } catch {
      throw new Error(`${file} is not JSON; fix or move it, then run minio-sso login again`);
    }
  }
  if (!config.aliases || typeof config.aliases !== "object") config.aliases = {};
  config.aliases[alias] = {
    url: new URL(endpoint).origin,
    accessKey: c.accessKeyId,
    secretKey: c.secretAccessKey,
    sessionToken: c.sessionToken,
    api: "s3v4",
    path: "auto",
  };
  writePrivate(file, `${JSON.stringify(config, null, 2)}\n`);
}

/**
 * The AWS CLI config with the section `[profile <name>]` replaced by (or added as) one that gets credentials from
 * `command` and talks to `endpoint`. Other sections and lines stay as they are.
 * @param {string | undefined} text
 * @param {string} name
 * @param {string} command
 * @param {string} endpoint
 */
function awsConfigWithProfile(text, name, command, endpoint) {
  const header = name === "default" ? "[default]" : `[profile ${name}]`;
  const section = [header, `credential_process = ${command}`, `endpoint_url = ${endpoint}`];
  const lines = text === undefined || text === "" ? [] : text.replace(/\n$/, "").split("\n");
  const out = [];
  let skipping = false;
  let replaced = false;
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed.startsWith("[")) {
      skipping = trimmed === header;
      if (skipping && !replaced) {
        out.push(...section);
        replaced = true;
      }
      if (skipping) continue;
    }
    if (!skipping) out.push(line);
  }
  if (!replaced) {
    if (out.length > 0 && out[out.length - 1].trim() !== "") out.push("");
    out.push(...section);
  }
  return `${out.join("\n")}\n`;
}

/**
 * credential_process output, version 1 (AWS CLI "Sourcing credentials with an external process").
 * @param {Credentials} c
 */
function credentialProcessJson(c) {
  return JSON.stringify({
    Version: 1,
    AccessKeyId: c.accessKeyId,
    SecretAccessKey: c.secretAccessKey,
    SessionToken: c.sessionToken,
    Expiration: new Date(c.expiration).toISOString(),
  });
}

module.exports = {
  shellQuote,
  aliasName,
  mcHostUrl,
  exportLines,
  writeMcAlias,
  awsConfigWithProfile,
  credentialProcessJson,
};
