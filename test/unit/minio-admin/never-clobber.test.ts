/** The never-clobber rules (pure) on get-config-kv answers, and the admin CLI refusing before any write. */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runCli } from "../../../minio-admin/cli";
import { parseConfigOutput } from "../../../minio-admin/config-kv";
import { MinioAdminClient } from "../../../minio-admin/client";
import { clobberProblems, isClaimBased, ownershipOf, serverEnvVar } from "../../../minio-admin/never-clobber";
import { startMinioDouble, type MinioDouble } from "../../doubles/minio";
import { startIssuer, type TestIssuer } from "../../doubles/minio-tests/support/issuer";

const DEFAULTS =
  "claim_userinfo= role_policy= redirect_uri_dynamic=off scopes= vendor= keycloak_realm= keycloak_admin_url= " +
  "user_readable_claim= user_id_claim= ";
const EMPTY_DEFAULT = `identity_openid enable= display_name= config_url= client_id= client_secret= claim_name=policy ${DEFAULTS}\n`;
const WANT = {
  client_id: "minio",
  config_url: "https://ak.example/application/o/minio/.well-known/openid-configuration",
};
const line = (target: string, kv: string) => `${target} display_name= config_url=${kv} claim_name=policy ${DEFAULTS}\n`;

describe("never-clobber rules", () => {
  it("ownership: empty, ours by the fingerprint, adopted by the same client_id and config_url, else foreign", () => {
    const [empty] = parseConfigOutput(EMPTY_DEFAULT);
    assert.equal(ownershipOf(null, WANT), "empty");
    assert.equal(ownershipOf(empty, WANT), "empty");
    const ours = parseConfigOutput(
      line("identity_openid", `https://old.example/x client_id=old comment=client-secret-fp:${"a".repeat(32)}`),
    );
    assert.equal(ownershipOf(ours[0], WANT), "ours");
    const adopted = parseConfigOutput(line("identity_openid", `${WANT.config_url} client_id=minio comment=hand-made`));
    assert.equal(ownershipOf(adopted[0], WANT), "adopted");
    const otherClient = parseConfigOutput(line("identity_openid", `${WANT.config_url} client_id=other`));
    assert.equal(ownershipOf(otherClient[0], WANT), "foreign");
    const otherUrl = parseConfigOutput(
      line("identity_openid", "https://kc.example/realms/x/.well-known/openid-configuration client_id=minio"),
    );
    assert.equal(ownershipOf(otherUrl[0], WANT), "foreign");
    // A target only the environment names shows no stored key: nothing stored to clobber.
    assert.equal(
      ownershipOf(parseConfigOutput("# MINIO_IDENTITY_OPENID_CLIENT_ID_x=a\nidentity_openid:x \n")[0], WANT),
      "empty",
    );
  });

  it("claim-based: enabled (explicitly, or by a set key, a hidden secret counting), no role_policy, environment first", () => {
    const parse = (text: string) => parseConfigOutput(text)[0];
    assert.equal(isClaimBased(parse(EMPTY_DEFAULT)), false);
    assert.equal(isClaimBased(parse(line("identity_openid:a", "https://x/y client_id=a"))), true);
    assert.equal(isClaimBased(parse(line("identity_openid:a", "https://x/y client_id=a enable=off"))), false);
    assert.equal(
      isClaimBased(
        parse(line("identity_openid:a", "https://x/y client_id=a").replace("role_policy=", "role_policy=readonly")),
      ),
      false,
    );
    assert.equal(
      isClaimBased(
        parse(
          "# MINIO_IDENTITY_OPENID_ROLE_POLICY_a=readonly\n" + line("identity_openid:a", "https://x/y client_id=a"),
        ),
      ),
      false,
    );
    assert.equal(isClaimBased(parse("# MINIO_IDENTITY_OPENID_CONFIG_URL_a=https://x/y\nidentity_openid:a \n")), true);
    assert.equal(
      isClaimBased(
        parse(
          "# MINIO_IDENTITY_OPENID_ENABLE_a=off\n# MINIO_IDENTITY_OPENID_CONFIG_URL_a=https://x/y\nidentity_openid:a \n",
        ),
      ),
      false,
    );
    // Only the secret set (hidden by MinIO): enabled.
    assert.equal(
      isClaimBased(
        parse(`identity_openid:a enable= display_name= config_url= client_id= claim_name=policy ${DEFAULTS}\n`),
      ),
      true,
    );
  });

  it("server variable names: the default target bare, a named one with its name", () => {
    assert.equal(serverEnvVar("identity_openid", "client_id"), "MINIO_IDENTITY_OPENID_CLIENT_ID");
    assert.equal(serverEnvVar("identity_openid:Corp", "config_url"), "MINIO_IDENTITY_OPENID_CONFIG_URL_Corp");
  });

  it("names every problem with its fix: environment, foreign target, another claim-based target", () => {
    const text =
      "# MINIO_IDENTITY_OPENID_CLIENT_ID=kc\n# MINIO_IDENTITY_OPENID_SCOPES=openid\n" +
      line("identity_openid", "https://kc.example/c client_id=kc") +
      "# MINIO_IDENTITY_OPENID_CONFIG_URL_b=https://x/y\nidentity_openid:b \n";
    const problems = clobberProblems(parseConfigOutput(text), "identity_openid", WANT);
    assert.deepEqual(problems, [
      "the server's environment sets MINIO_IDENTITY_OPENID_CLIENT_ID, MINIO_IDENTITY_OPENID_SCOPES, which override " +
        "what this stack writes to identity_openid, so its values would not take effect. Fix: remove those variables " +
        "from MinIO's environment (its container or service definition) and restart MinIO, or leave identity_openid to " +
        "whoever sets them and point this stack at another target (minioConfigName)",
      'identity_openid holds a configuration this stack did not write (client_id "kc", config_url ' +
        '"https://kc.example/c", and no client-secret-fp: mark in its comment). Fix: if it is the hand-made setup of ' +
        "this authentik application, set clientId to its client_id so the stack adopts it; if it is no longer used, " +
        "remove it (mc admin config reset ALIAS identity_openid) and restart MinIO; otherwise give this stack another " +
        "target (minioConfigName)",
      "identity_openid:b (set by the server's environment) is another claim-based OpenID target (enabled, no " +
        "role_policy), and MinIO loads only one, so it would refuse identity_openid at the restart. Fix: give " +
        "identity_openid:b a role_policy, turn it off (enable=off) or remove it (mc admin config reset ALIAS " +
        "identity_openid:b), then restart MinIO",
    ]);
    assert.deepEqual(clobberProblems(parseConfigOutput(EMPTY_DEFAULT), "identity_openid", WANT), []);
    // Our own target is never "another" one, under either spelling of the default target.
    const ownClaim = parseConfigOutput(line("identity_openid", `${WANT.config_url} client_id=minio`));
    assert.deepEqual(clobberProblems(ownClaim, "identity_openid:_", WANT), []);
  });
});

describe("minio-openid-admin apply refuses before any write", () => {
  const ROOT_SECRET = "clobber-root-secret-8Hq";
  let issuer: TestIssuer;
  let minio: MinioDouble;
  let env: Record<string, string>;
  before(async () => {
    issuer = await startIssuer({ clientId: "kc-client" });
    minio = await startMinioDouble({ accessKey: "clobber-root", secretKey: ROOT_SECRET, restartGapMs: 50 });
    const admin = new MinioAdminClient({ endpoint: minio.url, accessKey: "clobber-root", secretKey: ROOT_SECRET });
    // Hand-made, as `mc admin config set` writes it, then the restart.
    await admin.setConfigKV(
      `identity_openid config_url=${issuer.configUrl} client_id=kc-client client_secret=kc-secret-1`,
    );
    await admin.restartAndWait({ timeoutMs: 10_000 });
    env = {
      MINIO_ENDPOINT: minio.url,
      MINIO_ACCESS_KEY: "clobber-root",
      MINIO_SECRET_KEY: ROOT_SECRET,
      MINIO_OPENID_CONFIG_URL: issuer.configUrl.replace("127.0.0.1", "localhost"),
      MINIO_OPENID_CLIENT_ID: "minio",
      MINIO_OPENID_CLIENT_SECRET: "stack-client-secret-9",
    };
  });
  after(async () => {
    await minio.close();
    await issuer.close();
  });

  it("a foreign default target: exit 1, one line naming the server, the target and the fix; no write, no restart", async () => {
    const before = { config: minio.pendingConfig(), restarts: minio.restarts(), requests: minio.requests().length };
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(["apply"], env, { stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
    assert.equal(code, 1);
    assert.deepEqual(out, []);
    assert.deepEqual(err, [
      `minio-openid-admin: ${minio.url}: refusing to write identity_openid: identity_openid holds a configuration ` +
        `this stack did not write (client_id "kc-client", config_url "${issuer.configUrl}", and no ` +
        "client-secret-fp: mark in its comment). Fix: if it is the hand-made setup of this authentik application, set " +
        "clientId to its client_id so the stack adopts it; if it is no longer used, remove it (mc admin config reset " +
        "ALIAS identity_openid) and restart MinIO; otherwise give this stack another target (minioConfigName). " +
        "Nothing was changed",
    ]);
    assert.deepEqual(minio.pendingConfig(), before.config);
    assert.equal(minio.restarts(), before.restarts);
    const sent = minio
      .requests()
      .slice(before.requests)
      .map((r) => `${r.method} ${r.path}`);
    assert.deepEqual(sent, ["GET /minio/admin/v3/get-config-kv"]);
  });

  it("remove (destroy) with the stack's environment leaves a foreign target alone: exit 1, nothing deleted", async () => {
    const before = { config: minio.pendingConfig(), restarts: minio.restarts() };
    const err: string[] = [];
    const code = await runCli(["remove"], env, { stdout: () => undefined, stderr: (l) => err.push(l) });
    assert.equal(code, 1);
    assert.deepEqual(err, [
      `minio-openid-admin: ${minio.url}: refusing to remove identity_openid: it holds a configuration this stack ` +
        'did not write (client_id "kc-client", no client-secret-fp: mark in its comment). Fix: remove it by hand if ' +
        "nothing uses it (mc admin config reset ALIAS identity_openid, then restart MinIO), or let the stack forget " +
        "it: pulumi state delete '<URN of the …-identity-openid command>'. Nothing was changed",
    ]);
    assert.deepEqual({ config: minio.pendingConfig(), restarts: minio.restarts() }, before);
  });
});
