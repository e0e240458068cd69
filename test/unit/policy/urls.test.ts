import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { httpsProblem, isLoopbackHost } from "../../../policy/urls";

const HTTP_ONLY_LOOPBACK =
  "(plain http is accepted only for localhost, 127.0.0.0/8 and [::1], which never leave the machine).";

describe("policy: https URLs", () => {
  it("accepts https anywhere and http on loopback hosts only", () => {
    for (const host of ["localhost", "LOCALHOST", "127.0.0.1", "127.10.0.254", "[::1]"]) {
      assert.equal(isLoopbackHost(host), true, host);
    }
    for (const host of ["localhost.example.test", "10.0.0.1", "128.0.0.1", "[::2]", "127.0.0.256", "127.00.0.1"]) {
      assert.equal(isLoopbackHost(host), false, host);
    }
    assert.equal(httpsProblem("u", "https://auth.example.test/x?y=1"), undefined);
    assert.equal(httpsProblem("u", "HTTPS://auth.example.test/x"), undefined);
    assert.equal(httpsProblem("u", "http://127.0.0.1:9001/oauth_callback"), undefined);
    assert.equal(httpsProblem("u", "http://LocalHost:9001/oauth_callback"), undefined);
    assert.equal(httpsProblem("u", "http://[::1]:9001/oauth_callback"), undefined);
  });

  it("names the property and shows the URL without credentials or query values", () => {
    assert.equal(
      httpsProblem("environment.X", "http://auth.example.test/cb/path-token-9c1?token=abc"),
      `environment.X "http://auth.example.test/…" must use https:// ${HTTP_ONLY_LOOPBACK}`,
    );
    assert.equal(
      httpsProblem("u", "https://user:pw-9f2@auth.example.test/"),
      'u "https://auth.example.test/…" carries a user name or password; remove them from the URL.',
    );
    assert.match(httpsProblem("u", "ftp://auth.example.test/")!, /^u "ftp:\/\/auth\.example\.test\/…" must use https/);
  });

  it("refuses what URL parsing would forgive but authentik and MinIO store as typed", () => {
    const blank = "u contains a blank, a control character or a backslash; it must be an https:// URL, without them.";
    const relative = "u is not an absolute URL; it must be an https:// URL.";
    const cases: [string, string][] = [
      ["https://auth.example.test/ ", blank],
      [" http://localhost/", blank],
      ["ht\ttps://auth.example.test/", blank],
      ["https://auth.example.test/\u00a0", blank],
      ["http://localhost\\@evil.example.test/", blank],
      ["https:auth.example.test/x", relative],
      ["https:/auth.example.test/x", relative],
      ["auth.example.test/x", relative],
      ["/application/o/minio/", relative],
    ];
    for (const [value, message] of cases) assert.equal(httpsProblem("u", value), message, JSON.stringify(value));
    assert.equal(httpsProblem("u", ""), "u is not set; it must be an https:// URL.");
    const host =
      "u has a host that is neither a DNS name nor an IP address; it must be an https:// URL, with a plain host name.";
    for (const value of ["https://a!b.test/", "https:///x", "https://au*th.example.test/"]) {
      assert.equal(httpsProblem("u", value), host, value);
    }
    assert.equal(
      httpsProblem("u", "https://a.test/%In"),
      "u has a % not followed by two hex digits; it must be an https:// URL.",
    );
    // A fragment, even an empty one: RFC 6749 forbids it in a redirect URI, and it never reaches a server.
    for (const value of ["https://a.test/cb#x", "https://a.test/cb#"]) {
      assert.equal(
        httpsProblem("u", value),
        'u "https://a.test/…" has a #fragment; it must be an https:// URL, without one.',
      );
    }
    assert.equal(
      httpsProblem("u", "https://@a.test/"),
      'u "https://a.test/…" carries a user name or password; remove them from the URL.',
    );
  });

  it("grants the loopback exemption on the host as typed, not as URL parsing rewrites it", () => {
    // Node's URL parser turns these into 127.0.0.1 or localhost; Go's net/url, which MinIO uses, does not.
    for (const value of [
      "http://2130706433/",
      "http://0x7f.1/",
      "http://0177.0.0.1/",
      "http://127.1/",
      "http://\uff4c\uff4f\uff43\uff41\uff4c\uff48\uff4f\uff53\uff54/",
      "http://local\u00adhost/",
    ]) {
      assert.notEqual(httpsProblem("u", value), undefined, JSON.stringify(value));
    }
    assert.equal(httpsProblem("u", undefined), "u is not set; it must be an https:// URL.");
  });
});
