// @ts-check
"use strict";
// Where the tool keeps things, and how it writes files that hold secrets: created 0600 in a 0700 directory,
// written to a temporary file first and renamed, so a reader never sees half a file.
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** The tool's own directory: MINIO_SSO_CONFIG_DIR, else $XDG_CONFIG_HOME/minio-sso, else ~/.config/minio-sso. */
function configDir() {
  const env = process.env;
  if (env.MINIO_SSO_CONFIG_DIR) return env.MINIO_SSO_CONFIG_DIR;
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), ".config"), "minio-sso");
}

/** mc's config file: MC_CONFIG_DIR (mc's own variable) or ~/.mc, then config.json. */
function mcConfigPath() {
  return path.join(process.env.MC_CONFIG_DIR || path.join(os.homedir(), ".mc"), "config.json");
}

/** The AWS CLI's config file: AWS_CONFIG_FILE (the CLI's own variable) or ~/.aws/config. */
function awsConfigPath() {
  return process.env.AWS_CONFIG_FILE || path.join(os.homedir(), ".aws", "config");
}

/**
 * Writes `text` to `file` with mode 0600 (the parent made 0700 if new), through a temporary file and a rename.
 * @param {string} file
 * @param {string} text
 */
function writePrivate(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/** @param {string} file @returns {string | undefined} */
function readIfExists(file) {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    if (/** @type {any} */ (err).code === "ENOENT") return undefined;
    throw err;
  }
}

/**
 * What the tool keeps per login profile: the profile itself, authentik's refresh token and the last credentials.
 * @typedef {{ profile: import("./profile").Profile, refreshToken?: string,
 *   credentials?: import("./sts").Credentials }} Session
 */

/** @param {string} name */
function sessionPath(name) {
  return path.join(configDir(), "sessions", `${name}.json`);
}

/** @param {string} name @returns {Session | undefined} */
function loadSession(name) {
  const text = readIfExists(sessionPath(name));
  return text === undefined ? undefined : JSON.parse(text);
}

/** @param {Session} session */
function saveSession(session) {
  writePrivate(sessionPath(session.profile.name), `${JSON.stringify(session, null, 2)}\n`);
}

/** @param {string} name @returns {boolean} whether there was one */
function removeSession(name) {
  try {
    fs.unlinkSync(sessionPath(name));
    return true;
  } catch (err) {
    if (/** @type {any} */ (err).code === "ENOENT") return false;
    throw err;
  }
}

module.exports = {
  configDir,
  mcConfigPath,
  awsConfigPath,
  writePrivate,
  readIfExists,
  sessionPath,
  loadSession,
  saveSession,
  removeSession,
};
