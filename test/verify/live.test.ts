/** verify against the doubles: authentik configured through REST, MinIO through the admin CLI. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { afterEach, beforeEach, describe, it } from "node:test";
import { MinioAdminClient } from "../../minio-admin/client";
import { encodeSetLine } from "../../minio-admin/config-kv";
import { DISPLAY_NAME, ROOT_ACCESS, ROOT_SECRET, runIn, type Run } from "./fixtures";
import { applyMinio, fakePulumi, startVerifyWorld, worldSecrets, type VerifyWorld } from "./support";

function assertNoSecrets(run: Run, secrets: readonly string[]): void {
  const printed = [...run.stdout, ...run.stderr].join("\n");
  for (const secret of secrets) assert.ok(!printed.includes(secret), "a secret value was printed");
}

function line(run: Run, prefix: string): string {
  const found = run.stdout.find((l) => l.startsWith(prefix));
  assert.ok(found !== undefined, `no line starting with ${JSON.stringify(prefix)} in:\n${run.stdout.join("\n")}`);
  return found;
}

describe("verify against the authentik and MinIO doubles", () => {
  let w: VerifyWorld;
  let configUrl: string;
  let providerUrl: string;
  beforeEach(async () => {
    w = await startVerifyWorld();
    configUrl = `${w.ak.url}/application/o/minio/.well-known/openid-configuration`;
    providerUrl = `${w.ak.url}/api/v3/providers/oauth2/${w.app.providerPk}/`;
  });
  afterEach(() => w.close());

  it("passes a stack without a clientSecret output, reading the secret from authentik with the stack's token", async () => {
    const outputs = JSON.parse(readFileSync(w.outputsFile, "utf8")) as Record<string, string>;
    assert.deepEqual(Object.keys(outputs), [
      "issuer",
      "discoveryUrl",
      "clientId",
      "applicationSlug",
      "providerId",
      "minioTarget",
    ]);
    const before = w.ak.requests.length;
    const run = await w.verify();
    assert.equal(run.code, 0, run.stdout.join("\n"));
    assert.deepEqual(run.stderr, []);
    assert.deepEqual(run.stdout.slice(0, 2), ['Verifying stack "dev"', "Stack outputs against the stack config"]);
    assert.deepEqual(run.stdout.slice(4, 7), [
      `authentik OAuth2 provider ${w.app.providerPk}: ${providerUrl}`,
      "  ok    provider: answered HTTP 200 with the provider's client_secret",
      '  ok    provider client_id: expected "minio-client", actual "minio-client"',
    ]);
    const api = w.ak.requests.slice(before).filter((r) => r.path.startsWith("/api/"));
    assert.deepEqual(
      api.map((r) => [r.method, r.path, r.hasAuthorization]),
      [["GET", `/api/v3/providers/oauth2/${w.app.providerPk}/`, true]],
    );
    assert.equal(line(run, "OIDC discovery:"), `OIDC discovery: ${configUrl}`);
    assert.equal(
      line(run, "  ok    issuer:"),
      `  ok    issuer: expected "${w.ak.url}/application/o/minio/", actual "${w.ak.url}/application/o/minio/"`,
    );
    assert.match(
      line(run, "  ok    jwks:"),
      /^ {2}ok {4}jwks: http:\/\/127\.0\.0\.1:\d+\/application\/o\/minio\/jwks\/ serves 1 RSA signing key \(kid "[0-9a-f]{32}"\)$/,
    );
    assert.equal(line(run, "MinIO"), `MinIO identity_openid (loaded config): ${w.minio.url}`);
    assert.equal(
      line(run, "  ok    client_secret:"),
      "  ok    client_secret: expected <authentik's client_secret>, actual <fingerprint matches>",
    );
    assert.equal(run.stdout.at(-1), "Result: OK, all 16 checks passed");
    assertNoSecrets(run, worldSecrets(w));
  });

  it("DRIFT: a display_name changed in MinIO behind the stack's back fails and is named", async () => {
    const admin = new MinioAdminClient({ endpoint: w.minio.url, accessKey: ROOT_ACCESS, secretKey: ROOT_SECRET });
    await admin.setConfigKV(encodeSetLine("identity_openid", [["display_name", "Changed behind the stack"]]));
    await admin.restartAndWait({ timeoutMs: 10_000 });
    assert.equal(w.minio.loadedConfig().identity_openid.display_name, "Changed behind the stack");

    const run = await w.verify();
    assert.equal(run.code, 1);
    assert.equal(
      line(run, "  FAIL"),
      `  FAIL  display_name: expected "${DISPLAY_NAME}", actual "Changed behind the stack"`,
    );
    assert.equal(run.stdout.filter((l) => l.startsWith("  FAIL")).length, 1);
    assert.equal(run.stdout.at(-1), "Result: FAILED, 1 of 16 checks failed (display_name)");
    assert.deepEqual(run.stderr, []);
    assertNoSecrets(run, worldSecrets(w));
  });

  it("a client secret rotated in authentik shows as a differing fingerprint until MinIO gets it", async () => {
    const patched = await w.api.patch(`/providers/oauth2/${w.app.providerPk}/`, {
      client_secret: "rotated-secret-7e1f0c55b9a2",
    });
    assert.equal(patched.status, 200);
    const rotated = (await w.api.ok(`/providers/oauth2/${w.app.providerPk}/`)).client_secret as string;
    assert.equal(rotated, "rotated-secret-7e1f0c55b9a2");

    const run = await w.verify();
    assert.equal(run.code, 1);
    assert.equal(
      line(run, "  FAIL"),
      "  FAIL  client_secret: expected <authentik's client_secret>, actual <fingerprint differs>",
    );
    assert.equal(run.stdout.at(-1), "Result: FAILED, 1 of 16 checks failed (client_secret)");
    assertNoSecrets(run, [...worldSecrets(w), rotated]);

    await applyMinio(w.minio.url, w.ak.url, w.app.clientId, rotated);
    const again = await w.verify();
    assert.equal(again.code, 0, again.stdout.join("\n"));
    assertNoSecrets(again, [...worldSecrets(w), rotated]);
  });

  it("an unreachable authentik fails the provider and discovery, naming the URLs; MinIO is still checked", async () => {
    await w.ak.close();
    const run = await w.verify();
    assert.equal(run.code, 1);
    const port = new URL(w.ak.url).port;
    assert.deepEqual(
      run.stdout.filter((l) => l.startsWith("  FAIL")),
      [
        `  FAIL  provider: ${providerUrl} unreachable (connect ECONNREFUSED 127.0.0.1:${port})`,
        `  FAIL  discovery: ${configUrl} unreachable (connect ECONNREFUSED 127.0.0.1:${port})`,
      ],
    );
    assert.equal(line(run, "  skip  provider client_id:"), "  skip  provider client_id: not checked (no provider)");
    assert.equal(line(run, "  skip  issuer:"), "  skip  issuer: not checked (no discovery document)");
    assert.equal(
      line(run, "  skip  client_secret:"),
      "  skip  client_secret: not checked (no client_secret from authentik)",
    );
    assert.equal(
      line(run, "  ok    display_name:"),
      `  ok    display_name: expected "${DISPLAY_NAME}", actual "${DISPLAY_NAME}"`,
    );
    assert.equal(run.stdout.at(-1), "Result: FAILED, 2 of 11 checks failed (provider, discovery); 5 skipped");
    assertNoSecrets(run, worldSecrets(w));
  });

  it("a token authentik refuses (403) fails the provider check by name; the rest is still checked", async () => {
    const wrong = "not-the-ak-token-3f9e21";
    w.writeConfig({ "authentik:token": { value: wrong, secret: true } });
    const run = await w.verify();
    assert.equal(run.code, 1);
    assert.deepEqual(run.stdout.slice(4, 7), [
      `authentik OAuth2 provider ${w.app.providerPk}: ${providerUrl}`,
      `  FAIL  provider: ${providerUrl} answered HTTP 403 (Token invalid/expired): authentik does not accept the token in authentik:token, or its user may not view this provider`,
      "  skip  provider client_id: not checked (no provider)",
    ]);
    assert.equal(
      line(run, "  skip  client_secret:"),
      "  skip  client_secret: not checked (no client_secret from authentik)",
    );
    assert.equal(run.stdout.at(-1), "Result: FAILED, 1 of 14 checks failed (provider); 2 skipped");
    assert.deepEqual(run.stderr, []);
    assertNoSecrets(run, [...worldSecrets(w), wrong]);
  });

  it("a provider authentik does not have (404) fails, naming its id", async () => {
    const missing = `${w.app.providerPk + 100}`;
    w.writeOutputs({ ...w.outputs, providerId: missing });
    const run = await w.verify();
    assert.equal(run.code, 1);
    assert.equal(
      line(run, "  FAIL"),
      `  FAIL  provider: ${w.ak.url}/api/v3/providers/oauth2/${missing}/ answered HTTP 404 (No OAuth2Provider matches the given query.): authentik has no OAuth2 provider ${missing} (deleted outside the stack?)`,
    );
    assert.equal(run.stdout.at(-1), "Result: FAILED, 1 of 14 checks failed (provider); 2 skipped");
    assertNoSecrets(run, worldSecrets(w));
  });

  it("a client_id changed in authentik fails; the secret read from authentik is redacted wherever it shows", async () => {
    // Someone pasted the client secret into authentik's Client ID field: the check shows the value, redacted.
    const patched = await w.api.patch(`/providers/oauth2/${w.app.providerPk}/`, { client_id: w.app.clientSecret });
    assert.equal(patched.status, 200);
    const run = await w.verify();
    assert.equal(run.code, 1);
    assert.equal(line(run, "  FAIL"), '  FAIL  provider client_id: expected "minio-client", actual "<redacted>"');
    assert.equal(run.stdout.at(-1), "Result: FAILED, 1 of 16 checks failed (provider client_id)");
    assertNoSecrets(run, worldSecrets(w));
  });

  it("refuses a stack without a providerId output as bad input", async () => {
    const { providerId, ...rest } = w.outputs;
    assert.equal(providerId, String(w.app.providerPk));
    w.writeOutputs(rest);
    const run = await w.verify();
    assert.deepEqual(run, {
      code: 2,
      stdout: [],
      stderr: [`verify: bad input: ${w.outputsFile}: output providerId is missing (has the stack been deployed?)`],
    });
  });

  it("reads config and outputs through the Pulumi CLI, with no secret on its argv", async () => {
    const pulumi = fakePulumi(w.dir, w.configFile, w.outputsFile);
    const env = { ...process.env, PATH: `${pulumi.binDir}:${process.env.PATH ?? ""}` };
    const run = await runIn(["--stack", "dev", "--timeout", "5"], env);
    assert.equal(run.code, 0, [...run.stdout, ...run.stderr].join("\n"));
    assert.equal(run.stdout.at(-1), "Result: OK, all 16 checks passed");
    const argv = readFileSync(pulumi.log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as string[]);
    assert.deepEqual(argv, [
      ["config", "--json", "--show-secrets", "--stack", "dev"],
      ["stack", "output", "--json", "--stack", "dev"],
    ]);
    assertNoSecrets(run, worldSecrets(w));

    const unknown = await runIn(["--stack", "prod"], env);
    assert.deepEqual(unknown, {
      code: 2,
      stdout: [],
      stderr: [
        "verify: bad input: pulumi config --json --stack prod failed (exit code 255): error: no stack named 'prod' found",
      ],
    });
  });
});
