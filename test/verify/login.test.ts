/** verify --login: client_credentials with an app password at the authentik double, then STS at the MinIO double. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { APP_PASSWORD, type Run } from "./fixtures";
import { startVerifyWorld, worldSecrets, type VerifyWorld } from "./support";

function assertNoSecrets(run: Run, secrets: readonly string[]): void {
  const printed = [...run.stdout, ...run.stderr].join("\n");
  for (const secret of secrets) assert.ok(!printed.includes(secret), "a secret value was printed");
}

/** The lines of the login section (after its title, before the summary). */
function loginLines(run: Run): string[] {
  const start = run.stdout.findIndex((l) => l.startsWith("Login: "));
  assert.ok(start >= 0, run.stdout.join("\n"));
  return run.stdout.slice(start, -1);
}

describe("verify --login against the doubles", () => {
  let w: VerifyWorld;
  const env = { VERIFY_APP_PASSWORD: APP_PASSWORD };
  before(async () => {
    w = await startVerifyWorld();
    // The mapping configureMinioApp installs gives minio-admins consoleAdmin and no claim to anyone else.
    w.ak.addUser({ username: "svc-backup", groups: ["minio-admins"] });
    w.ak.addAppPassword("svc-backup", APP_PASSWORD);
    w.ak.addUser({ username: "svc-nobody" });
    w.ak.addAppPassword("svc-nobody", APP_PASSWORD);
  });
  after(() => w.close());

  it("passes when the id_token's policy claim is the expected one and STS returns credentials", async () => {
    const run = await w.verify(["--login", "svc-backup", "--expect-policy", "consoleAdmin"], env);
    assert.equal(run.code, 0, run.stdout.join("\n"));
    assert.deepEqual(loginLines(run), [
      'Login: client_credentials as "svc-backup", then MinIO STS',
      `  ok    login: client_credentials as "svc-backup" at ${w.ak.url}/application/o/token/: id_token issued`,
      '  ok    policy claim: expected ["consoleAdmin"], actual ["consoleAdmin"]',
      `  ok    sts: AssumeRoleWithWebIdentity at ${w.minio.url}/ returned credentials with the policies ["consoleAdmin"]`,
    ]);
    assert.equal(run.stdout.at(-1), "Result: OK, all 19 checks passed");
    const token = w.ak.requests.filter((r) => r.path === "/application/o/token/").at(-1);
    assert.deepEqual(token?.body, {
      grant_type: "client_credentials",
      client_id: "minio-client",
      username: "svc-backup",
      password: APP_PASSWORD,
      scope: "openid profile email minio",
    });
    assertNoSecrets(run, worldSecrets(w));
  });

  it("fails a wrong expectation, on the claim and on what STS granted", async () => {
    const run = await w.verify(["--login", "svc-backup", "--expect-policy", "readonly,diagnostics"], env);
    assert.equal(run.code, 1);
    assert.deepEqual(loginLines(run).slice(2), [
      '  FAIL  policy claim: expected ["diagnostics", "readonly"], actual ["consoleAdmin"]',
      `  FAIL  sts: AssumeRoleWithWebIdentity at ${w.minio.url}/ returned credentials with the policies ["consoleAdmin"], expected ["diagnostics", "readonly"]`,
    ]);
    assert.equal(run.stdout.at(-1), "Result: FAILED, 2 of 19 checks failed (policy claim, sts)");
    assertNoSecrets(run, worldSecrets(w));
  });

  it("reports MinIO's refusal when the account gets no policy claim", async () => {
    const run = await w.verify(["--login", "svc-nobody", "--expect-policy", "readonly"], env);
    assert.equal(run.code, 1);
    assert.deepEqual(loginLines(run).slice(2), [
      '  FAIL  policy claim: expected ["readonly"], actual <no claim>',
      `  FAIL  sts: AssumeRoleWithWebIdentity at ${w.minio.url}/ rejected the id_token: HTTP 400 InvalidParameterValue: policy claim missing from the JWT token, credentials will not be generated`,
    ]);
  });

  it("fails the login with a wrong app password, never printing either password", async () => {
    const wrong = "not-the-app-password-4411";
    const run = await w.verify(["--login", "svc-backup", "--expect-policy", "consoleAdmin"], {
      VERIFY_APP_PASSWORD: wrong,
    });
    assert.equal(run.code, 1);
    const lines = loginLines(run);
    assert.match(
      lines[1],
      /^ {2}FAIL {2}login: client_credentials as "svc-backup": http:\/\/127\.0\.0\.1:\d+\/application\/o\/token\/ answered HTTP 400 invalid_grant \(The provided authorization grant or refresh token is invalid, /,
    );
    assert.deepEqual(lines.slice(2), [
      "  skip  policy claim: not checked (no id_token)",
      "  skip  sts: not tried (no id_token)",
    ]);
    assert.equal(run.stdout.at(-1), "Result: FAILED, 1 of 17 checks failed (login); 2 skipped");
    assertNoSecrets(run, [...worldSecrets(w), wrong]);
  });
});
