import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseArgs, VerifyInputError } from "../../verify/args";
import { pulumiConfigArgs, pulumiOutputArgs, runPulumi, type ProcessRunner } from "../../verify/pulumi";
import { outputsFromPulumi, rawConfigFromPulumi, stackConfigFromPulumi } from "../../verify/stack-data";
import { AK_URL, MINIO_URL, pulumiConfig, runIn } from "./fixtures";

function inputError(message: string) {
  return (err: unknown) => err instanceof VerifyInputError && err.message === message;
}

describe("verify: command line (pure)", () => {
  it("parses every option in both spellings", () => {
    assert.deepEqual(
      parseArgs(["--stack", "org/proj/dev", "--config-json=c.json", "--outputs-json", "o.json", "--timeout", "2.5"]),
      { stack: "org/proj/dev", configJson: "c.json", outputsJson: "o.json", timeoutMs: 2500, help: false },
    );
    assert.equal(parseArgs(["--stack=dev"]).timeoutMs, 15000);
    assert.equal(parseArgs(["--help"]).help, true);
  });

  it("refuses bad arguments with a message that says what to fix", () => {
    const cases: Array<[string[], string]> = [
      [[], "--stack NAME is required"],
      [["--stack"], "--stack needs a value"],
      [["--stack", "dev", "--stack", "prod"], "--stack is given twice"],
      [["--stack", "-x"], '--stack: "-x" is not a stack name'],
      [["--stack", "dev", "extra"], 'unknown argument "extra"'],
      [["--stack", "dev", "--secret=abc"], 'unknown argument "--secret=abc"'],
      [["--stack", "dev", "--login", "svc"], 'unknown argument "--login"'],
      [["--stack", "dev", "--timeout", "0"], "--timeout must be a number of seconds above 0 and at most 600"],
    ];
    for (const [argv, message] of cases) assert.throws(() => parseArgs(argv), inputError(message), argv.join(" "));
  });
});

describe("verify: stack data from the Pulumi CLI's JSON (pure)", () => {
  it("keeps the project's keys without namespace and the authentik provider keys, ignoring others", () => {
    const raw = rawConfigFromPulumi(
      {
        "minio-authentik-sso:applicationSlug": { value: "minio", secret: false },
        "minio-authentik-sso:allowInsecure": { value: "true", objectValue: true, secret: false },
        "minio-authentik-sso:groupPolicies": { objectValue: [{ group: "g", policies: "readonly" }], secret: false },
        "authentik:url": { value: AK_URL, secret: false },
        "authentik:insecure": { value: "true", secret: false },
        "aws:region": { value: "eu-west-1", secret: false },
      },
      "c.json",
    );
    assert.deepEqual(raw, {
      applicationSlug: "minio",
      allowInsecure: "true",
      groupPolicies: '[{"group":"g","policies":"readonly"}]',
      "authentik:url": AK_URL,
    });
  });

  it("needs secrets shown, and a JSON object of entries", () => {
    assert.throws(
      () => rawConfigFromPulumi({ "authentik:token": { secret: true } }, "c.json"),
      inputError("c.json: the secret authentik:token has no value (run pulumi config with --show-secrets)"),
    );
    assert.throws(
      () => rawConfigFromPulumi([], "c.json"),
      inputError('c.json must be a JSON object of "<namespace>:<key>" entries'),
    );
    assert.throws(
      () => rawConfigFromPulumi({ "minio-authentik-sso:x": "plain" }, "c.json"),
      inputError("c.json: the entry of minio-authentik-sso:x must be an object"),
    );
  });

  it("validates the config with lib/config.ts and never repeats secret values in the problems", () => {
    const json = pulumiConfig(AK_URL, MINIO_URL, {
      "minio-authentik-sso:minioSecretKey": { value: "short7!", secret: true },
    });
    delete json["minio-authentik-sso:applicationSlug"];
    assert.throws(
      () => stackConfigFromPulumi(json, "c.json"),
      (err: unknown) => {
        assert.ok(err instanceof VerifyInputError);
        assert.equal(
          err.message,
          [
            "c.json: Invalid stack configuration (2 problems):",
            "  - applicationSlug: is not set. Fix: pulumi config set applicationSlug minio",
            "  - minioSecretKey: must be at least 8 characters long (MinIO's rule for the root user). Fix: pulumi config set --secret minioSecretKey",
          ].join("\n"),
        );
        return !err.message.includes("short7!");
      },
    );
  });

  it("reads the outputs the program exports, requiring providerId and no clientSecret", () => {
    const exported = {
      issuer: "https://auth.example.test/application/o/minio/",
      discoveryUrl: "u",
      clientId: "c",
      applicationSlug: "minio",
      providerId: "12",
      minioTarget: "identity_openid",
    };
    assert.deepEqual(outputsFromPulumi(exported, "o.json"), { providerId: "12", clientId: "c", discoveryUrl: "u" });
    assert.deepEqual(outputsFromPulumi({ providerId: "3" }, "o.json"), { providerId: "3" });
    const missing = inputError("o.json: output providerId is missing (has the stack been deployed?)");
    assert.throws(() => outputsFromPulumi({}, "o.json"), missing);
    assert.throws(() => outputsFromPulumi({ providerId: "", clientSecret: "s" }, "o.json"), missing);
    const notAnId = inputError("o.json: output providerId must be the decimal id of an authentik provider");
    for (const id of ["0", "07", "1.5", "-1", "1/../2", "[secret]", "12345678901"]) {
      assert.throws(() => outputsFromPulumi({ providerId: id }, "o.json"), notAnId, id);
    }
    assert.throws(
      () => outputsFromPulumi({ providerId: 12 }, "o.json"),
      inputError("o.json: output providerId must be a string"),
    );
    assert.throws(
      () => outputsFromPulumi({ providerId: "1", clientId: 5 }, "o.json"),
      inputError("o.json: output clientId must be a string"),
    );
  });
});

describe("verify: running the Pulumi CLI", () => {
  it("passes only flags and the stack name on argv, and hands stdout back", async () => {
    const calls: Array<{ program: string; args: readonly string[] }> = [];
    const runner: ProcessRunner = async (program, args) => {
      calls.push({ program, args });
      return { code: 0, stdout: '{"a":1}', stderr: "" };
    };
    assert.equal(await runPulumi(pulumiConfigArgs("dev"), {}, runner), '{"a":1}');
    assert.equal(await runPulumi(pulumiOutputArgs("dev"), {}, runner), '{"a":1}');
    assert.deepEqual(calls, [
      { program: "pulumi", args: ["config", "--json", "--show-secrets", "--stack", "dev"] },
      { program: "pulumi", args: ["stack", "output", "--json", "--stack", "dev"] },
    ]);
  });

  it("turns a failing or missing CLI into bad input naming the command, not its output", async () => {
    const failing: ProcessRunner = async () => ({
      code: 255,
      stdout: "{}",
      stderr: "warning: x\nerror: no stack named 'dev' found\n",
    });
    await assert.rejects(
      runPulumi(pulumiConfigArgs("dev"), {}, failing),
      inputError("pulumi config --json --stack dev failed (exit code 255): error: no stack named 'dev' found"),
    );
    const missing: ProcessRunner = async () => {
      throw Object.assign(new Error("spawn pulumi ENOENT"), { code: "ENOENT" });
    };
    await assert.rejects(
      runPulumi(pulumiOutputArgs("dev"), {}, missing),
      inputError(
        "cannot run pulumi stack output --json --stack dev: the Pulumi CLI is not on PATH (or pass --config-json and --outputs-json)",
      ),
    );
  });
});

describe("verify: exit code 2 on bad input", () => {
  it("prints one stderr line and nothing on stdout", async () => {
    const usage = await runIn(["--stack"], {});
    assert.deepEqual(usage, { code: 2, stdout: [], stderr: ["verify: bad input: --stack needs a value"] });
    const missingFile = await runIn(["--stack", "dev", "--config-json", "/nonexistent/verify/config.json"], {});
    assert.deepEqual(missingFile.stderr, [
      "verify: bad input: --config-json: cannot read /nonexistent/verify/config.json (ENOENT)",
    ]);
    assert.equal(missingFile.code, 2);
  });

  it("prints the usage for --help", async () => {
    const help = await runIn(["--help"], {});
    assert.equal(help.code, 0);
    assert.equal(
      help.stdout[0],
      "usage: verify --stack NAME [--config-json FILE] [--outputs-json FILE] [--timeout SECONDS]",
    );
    assert.equal(help.stdout.at(-1), "Exit code: 0 all checks passed, 1 a check failed, 2 bad input.");
  });
});
