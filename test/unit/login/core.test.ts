import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { challengeS256, newState, newVerifier } from "../../../login/lib/pkce";
import { startLoopback } from "../../../login/lib/loopback";
import { LoginError } from "../../../login/lib/errors";
import { checkProfile } from "../../../login/lib/profile";
import { discover } from "../../../login/lib/oidc";
import { explain, parseCredentials } from "../../../login/lib/sts";
import { createServer } from "node:net";

describe("PKCE", () => {
  it("computes the S256 challenge of RFC 7636 appendix B", () => {
    assert.equal(
      challengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("makes fresh 43-character verifiers and states, and refuses a verifier outside section 4.1", () => {
    const a = newVerifier();
    assert.match(a, /^[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, newVerifier());
    assert.notEqual(newState(), newState());
    assert.throws(() => challengeS256("short"), /43 to 128 unreserved characters/);
    assert.throws(() => challengeS256(`${"a".repeat(42)}!`), /43 to 128 unreserved characters/);
  });
});

describe("loopback redirect", () => {
  it("listens on 127.0.0.1 on a port of the system's choice and hands over the code of the matching state", async () => {
    const lb = await startLoopback("s1", 5000);
    const url = new URL(lb.redirectUri);
    assert.equal(url.hostname, "127.0.0.1");
    assert.equal(url.pathname, "/callback");
    assert.ok(Number(url.port) > 0);
    assert.equal((await fetch(`http://127.0.0.1:${url.port}/other`)).status, 404);
    const res = await fetch(`${lb.redirectUri}?code=c0de&state=s1`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /You are signed in to MinIO/);
    assert.equal(await lb.code, "c0de");
    await lb.close();
  });

  it("refuses an answer with another state", async () => {
    const lb = await startLoopback("right", 5000);
    const res = await fetch(`${lb.redirectUri}?code=c0de&state=wrong`);
    assert.equal(res.status, 400);
    await assert.rejects(lb.code, (e: LoginError) => e.kind === "authentik" && /unknown state/.test(e.message));
    await lb.close();
  });

  it("reports a sign-in cancelled at authentik, and a wait that runs out", async () => {
    const lb = await startLoopback("s", 5000);
    await fetch(`${lb.redirectUri}?error=access_denied&error_description=User%20cancelled&state=s`);
    await assert.rejects(lb.code, {
      kind: "cancelled",
      message: "sign-in cancelled at authentik (User cancelled); run minio-sso login again to retry",
    });
    await lb.close();
    const slow = await startLoopback("s", 50);
    await assert.rejects(slow.code, {
      kind: "cancelled",
      message: "sign-in not completed within 0 s; run minio-sso login again (--timeout to wait longer)",
    });
    await slow.close();
  });
});

describe("MinIO STS answers", () => {
  const ok = `<?xml version="1.0" encoding="UTF-8"?>
<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleWithWebIdentityResult>
<AssumedRoleUser><Arn></Arn><AssumeRoleId></AssumeRoleId></AssumedRoleUser><Credentials><AccessKeyId>AK1</AccessKeyId>
<SecretAccessKey>s&amp;k</SecretAccessKey><SessionToken>tok.en</SessionToken><Expiration>2026-12-04T23:00:00Z</Expiration>
</Credentials><SubjectFromWebIdentityToken>sub</SubjectFromWebIdentityToken></AssumeRoleWithWebIdentityResult>
</AssumeRoleWithWebIdentityResponse>`;

  it("reads the four credential fields, unescaping XML", () => {
    assert.deepEqual(parseCredentials(ok), {
      accessKeyId: "AK1",
      secretAccessKey: "s&k",
      sessionToken: "tok.en",
      expiration: "2026-12-04T23:00:00Z",
    });
    assert.throws(() => parseCredentials(ok.replace(/<SessionToken>.*<\/SessionToken>/, "")), {
      message: "MinIO's STS answer holds no complete credentials",
    });
  });

  it("turns MinIO's refusals into what the user can do", () => {
    const none = explain(
      "InvalidParameterValue",
      "policy claim missing from the JWT token, credentials will not be generated",
      0,
      "policy",
    );
    assert.equal(none.kind, "not-mapped");
    assert.match(none.message, /in no group that the MinIO mapping gives policies to/);
    const skew = explain("InvalidParameterValue", "Token used before issued", -420, "policy");
    assert.equal(skew.kind, "clock-skew");
    assert.equal(
      skew.message,
      "MinIO refused the token as not yet valid or expired: Token used before issued (this machine's clock differs from MinIO's by about 420 s). Check this machine's clock (enable NTP), then run minio-sso login again.",
    );
    assert.equal(explain("InvalidParameterValue", "Token is expired", null, "policy").kind, "clock-skew");
    const aud = explain("InvalidParameterValue", "STS JWT Token has `azp` claim invalid", null, "policy");
    assert.match(aud.message, /audience/);
  });
});

describe("login profile", () => {
  const good = {
    version: 1,
    name: "minio",
    issuer: "https://auth.example.com/application/o/minio-cli/",
    clientId: "minio-cli",
    minioEndpoint: "https://minio.example.com",
    scopes: ["openid", "profile", "minio", "offline_access"],
    claimName: "policy",
  };

  it("accepts the stack's loginProfile output", () => {
    assert.deepEqual(checkProfile(good), good);
  });

  it("names the wrong key", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ version: 2 }, "login profile: version is 2, this minio-sso reads version 1"],
      [{ name: "a b" }, "login profile: name must be 1 to 64 letters, digits, '-' or '_'"],
      [{ issuer: "ftp://x/" }, "login profile: issuer must be an http or https URL"],
      [{ minioEndpoint: "https://k:s@minio" }, "login profile: minioEndpoint must not hold credentials"],
      [{ clientId: "" }, "login profile: clientId is missing"],
      [{ scopes: ["profile"] }, "login profile: scopes must include openid"],
    ];
    for (const [change, message] of cases) {
      assert.throws(() => checkProfile({ ...good, ...change }), {
        kind: "profile",
        message: `${message}; ask your MinIO admin for the stack output loginProfile`,
      });
    }
  });
});

describe("unreachable servers", () => {
  it("names authentik and its URL when nothing listens there", async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, "127.0.0.1", () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    await assert.rejects(discover(`http://127.0.0.1:${port}/application/o/x/`), {
      kind: "unreachable",
      message: `authentik at http://127.0.0.1:${port}/application/o/x/.well-known/openid-configuration is unreachable (ECONNREFUSED); check the address in the login profile and your network, then try again`,
    });
  });
});
