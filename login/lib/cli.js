// @ts-check
"use strict";
// minio-sso: argument parsing and output. stdout carries only what the user asked for (export lines, or the
// credential_process JSON); everything else, never a secret, goes to stderr.
const { spawn } = require("node:child_process");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { LoginError } = require("./errors");
const { awsConfigPath, loadSession, mcConfigPath, readIfExists, removeSession, writePrivate } = require("./files");
const { awsConfigWithProfile, credentialProcessJson, exportLines, writeMcAlias } = require("./outputs");
const { loadProfile } = require("./profile");
const { current, login, loginWithDevice } = require("./session");

const USAGE = `usage:
  minio-sso login --profile <file or URL> [--output mc,aws,export] [--alias NAME] [--aws-profile NAME]
                  [--no-browser | --device] [--timeout SECONDS] [--duration SECONDS]
  minio-sso credential-process --name NAME      (what the AWS profile runs; prints credential_process JSON)
  minio-sso export --name NAME                  (export lines from the stored sign-in, renewed if needed)
  minio-sso logout --name NAME
options for every command: --config-dir DIR (default $MINIO_SSO_CONFIG_DIR or ~/.config/minio-sso)`;

const OUTPUTS = ["mc", "aws", "export"];

/** @param {string} line */
const log = (line) => process.stderr.write(`minio-sso: ${line}\n`);

/** @param {string} url */
function openBrowser(url) {
  const [cmd, args] =
    process.platform === "darwin"
      ? ["open", [url]]
      : process.platform === "win32"
        ? ["rundll32", ["url.dll,FileProtocolHandler", url]]
        : ["xdg-open", [url]];
  try {
    const child = spawn(cmd, args, { stdio: "ignore", detached: true });
    child.on("error", () => log("could not start a browser; open the URL above yourself"));
    child.unref();
  } catch {
    log("could not start a browser; open the URL above yourself");
  }
}

/** @param {string | undefined} value @param {string} flag @param {number} min @param {number} max */
function seconds(value, flag, min, max) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new LoginError("usage", `${flag} must be a whole number of seconds from ${min} to ${max}`, 2);
  return n;
}

/** The command the AWS CLI runs for credentials: this node and this script, by absolute path. @param {string} name */
function credentialProcessCommand(name) {
  const script = path.resolve(__dirname, "..", "bin", "minio-sso.js");
  const dir = process.env.MINIO_SSO_CONFIG_DIR
    ? ` --config-dir "${path.resolve(process.env.MINIO_SSO_CONFIG_DIR)}"`
    : "";
  return `"${process.execPath}" "${script}" credential-process --name ${name}${dir}`;
}

/** @param {string[]} argv @returns {Promise<number>} exit code */
async function main(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        profile: { type: "string" },
        name: { type: "string" },
        output: { type: "string" },
        alias: { type: "string" },
        "aws-profile": { type: "string" },
        "no-browser": { type: "boolean" },
        device: { type: "boolean" },
        timeout: { type: "string" },
        duration: { type: "string" },
        "config-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    log(`${/** @type {Error} */ (err).message}\n${USAGE}`);
    return 2;
  }
  const { values: o, positionals } = parsed;
  const command = positionals[0];
  if (o.help || command === undefined || positionals.length > 1) {
    (o.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return o.help ? 0 : 2;
  }
  if (o["config-dir"]) process.env.MINIO_SSO_CONFIG_DIR = o["config-dir"];
  try {
    const durationSeconds = seconds(o.duration, "--duration", 900, 31536000);
    if (command === "login") {
      if (!o.profile)
        throw new LoginError("usage", "login needs --profile <file or URL> (the stack output loginProfile)", 2);
      const outputs = (o.output ?? "mc,aws").split(",").map((s) => s.trim());
      const unknown = outputs.filter((s) => !OUTPUTS.includes(s));
      if (unknown.length > 0)
        throw new LoginError("usage", `--output takes ${OUTPUTS.join(", ")}; not ${unknown.join(", ")}`, 2);
      const profile = await loadProfile(o.profile);
      const noBrowser = o["no-browser"] || process.env.MINIO_SSO_NO_BROWSER === "1";
      const timeoutMs = (seconds(o.timeout, "--timeout", 10, 3600) ?? 300) * 1000;
      const outcome = o.device
        ? await loginWithDevice(profile, {
            log,
            durationSeconds,
            timeoutMs,
            show: (uri, code) => log(`on any device, open this URL and sign in at authentik (code ${code}):\n${uri}`),
          })
        : await login(profile, {
            log,
            durationSeconds,
            timeoutMs,
            openUrl: (url) => {
              log(`sign in at authentik in your browser; if it does not open, open this URL:\n${url}`);
              if (!noBrowser) openBrowser(url);
            },
          });
      const c = outcome.credentials;
      const policies = outcome.policies.length > 0 ? outcome.policies.join(", ") : "(none named)";
      log(`signed in as ${outcome.user}; MinIO policies: ${policies}; credentials valid until ${c.expiration}`);
      const alias = o.alias ?? profile.name;
      if (outputs.includes("mc")) {
        writeMcAlias(mcConfigPath(), alias, profile.minioEndpoint, c);
        log(`mc alias "${alias}" written to ${mcConfigPath()} (try: mc ls ${alias})`);
      }
      if (outputs.includes("aws")) {
        const name = o["aws-profile"] ?? profile.name;
        const file = awsConfigPath();
        writePrivate(
          file,
          awsConfigWithProfile(readIfExists(file), name, credentialProcessCommand(profile.name), profile.minioEndpoint),
        );
        log(
          `AWS profile "${name}" written to ${file}; it renews credentials while your authentik session lasts (try: aws --profile ${name} s3 ls)`,
        );
      }
      if (outputs.includes("export")) process.stdout.write(`${exportLines(profile.minioEndpoint, alias, c)}\n`);
      return 0;
    }
    if (command === "credential-process" || command === "export") {
      if (!o.name) throw new LoginError("usage", `${command} needs --name NAME (the login profile's name)`, 2);
      const outcome = await current(o.name, { log, durationSeconds });
      const endpoint = loadSession(o.name)?.profile.minioEndpoint ?? "";
      process.stdout.write(
        command === "export"
          ? `${exportLines(endpoint, o.alias ?? o.name, outcome.credentials)}\n`
          : `${credentialProcessJson(outcome.credentials)}\n`,
      );
      return 0;
    }
    if (command === "logout") {
      if (!o.name) throw new LoginError("usage", "logout needs --name NAME", 2);
      log(removeSession(o.name) ? `removed the stored sign-in "${o.name}"` : `no stored sign-in "${o.name}"`);
      return 0;
    }
    throw new LoginError("usage", `unknown command ${JSON.stringify(command)}\n${USAGE}`, 2);
  } catch (err) {
    if (err instanceof LoginError) {
      log(`error: ${err.message}`);
      return err.exitCode;
    }
    // Not one of ours: say what it is, without a stack (it could quote a request) and without data.
    log(`error: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

module.exports = { main, credentialProcessCommand, USAGE };
