import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { httpsProblem, isLoopbackHost } from "../../../policy/urls";

const HTTP_ONLY_LOOPBACK =
  "(plain http is accepted only for localhost, 127.0.0.0/8 and [::1], which never leave the machine).";

describe("policy: https URLs", () => {
  it("accepts https anywhere and http on loopback hosts only", () => {
    for (const host of ["localhost", "LOCALHOST", "127.0.0.1", "127.10.0.254", "[::1]"]) {
      assert.equal(isLoopbackHost(new URL(`http://${host}:9000/`).hostname), true, host);
    }
    for (const host of ["localhost.example.test", "10.0.0.1", "128.0.0.1", "[::2]", "[::ffff:127.0.0.1]"]) {
      assert.equal(isLoopbackHost(new URL(`http://${host}/`).hostname), false, host);
    }
    assert.equal(httpsProblem("u", "https://auth.example.test/x?y=1"), undefined);
    assert.equal(httpsProblem("u", "HTTPS://auth.example.test/x"), undefined);
    assert.equal(httpsProblem("u", "http://127.0.0.1:9001/oauth_callback"), undefined);
  });

  it("names the property and shows the URL without credentials or query values", () => {
    assert.equal(
      httpsProblem("environment.X", "http://auth.example.test/a?token=abc"),
      `environment.X "http://auth.example.test/a?…" must use https:// ${HTTP_ONLY_LOOPBACK}`,
    );
    assert.equal(
      httpsProblem("u", "https://user:pw-9f2@auth.example.test/"),
      'u "https://auth.example.test/" carries a user name or password; remove them from the URL.',
    );
    assert.match(httpsProblem("u", "ftp://auth.example.test/")!, /^u "ftp:\/\/auth\.example\.test\/" must use https/);
  });

  it("refuses what URL parsing would forgive but authentik and MinIO store as typed", () => {
    const blank = "u contains a blank or a control character; it must be an https:// URL, written without them.";
    const relative = "u is not an absolute URL; it must be an https:// URL.";
    const cases: [string, string][] = [
      ["https://auth.example.test/ ", blank],
      [" http://localhost/", blank],
      ["ht\ttps://auth.example.test/", blank],
      ["https://auth.example.test/\u00a0", blank],
      ["https:auth.example.test/x", relative],
      ["https:/auth.example.test/x", relative],
      ["auth.example.test/x", relative],
      ["/application/o/minio/", relative],
    ];
    for (const [value, message] of cases) assert.equal(httpsProblem("u", value), message, JSON.stringify(value));
    assert.equal(httpsProblem("u", ""), "u is not set; it must be an https:// URL.");
    assert.equal(httpsProblem("u", undefined), "u is not set; it must be an https:// URL.");
  });
});
