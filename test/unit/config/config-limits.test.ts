/** Values checked against what authentik accepts: token lifetimes, launch URL length, the client ID a slug makes. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { derivedLaunchUrl } from "../../../lib/config-rules";
import { durationMs, OverflowError } from "../../doubles/authentik/validators";
import { problems, validRaw } from "./fixtures";

describe("authentik's limits", () => {
  it("a token lifetime whose expiry would pass the year 9999 is refused; the double fails such a value with 500", () => {
    const fix = "pulumi config set accessTokenValidity 'minutes=10'";
    for (const value of ["weeks=1000000000000", "days=3000000", "hours=1;weeks=500000"]) {
      assert.deepEqual(problems(validRaw({ accessTokenValidity: value })), [
        `accessTokenValidity: "${value}" is too long: authentik adds it to the current time for each token's expiry, ` +
          "which must fall before the year 10000 (Python's datetime.MAXYEAR; beyond it authentik fails with HTTP " +
          `500). | ${fix}`,
      ]);
    }
    assert.throws(() => durationMs("weeks=1000000000000"), OverflowError);
    assert.deepEqual(problems(validRaw({ accessTokenValidity: "weeks=400000", applicationSlug: "Bad" })).length, 1);
  });

  it("a launch URL over Django's 2048 characters, or with a host over 253, is refused", () => {
    const base = "https://console.example.com/";
    const fits = `${base}${"a".repeat(2048 - base.length)}`;
    assert.throws(() => problems(validRaw({ launchUrl: fits })), /did not throw/);
    assert.deepEqual(problems(validRaw({ launchUrl: `${fits}b` })), [
      "launchUrl: is 2049 characters long; authentik accepts at most 2048 (Django's URLValidator). | " +
        "pulumi config set launchUrl https://console.example.com",
    ]);
    const host = `${"h".repeat(63)}.${"i".repeat(63)}.${"j".repeat(63)}.${"k".repeat(60)}.com`;
    assert.deepEqual(problems(validRaw({ launchUrl: `https://${host}/` })), [
      `launchUrl: has a host part of ${host.length} characters; authentik accepts at most 253 (Django's ` +
        "URLValidator). | pulumi config set launchUrl https://console.example.com",
    ]);
  });

  it("a slug over 255 characters with clientId unset is refused: it would be the client ID", () => {
    const slug = "s".repeat(256);
    assert.deepEqual(problems(validRaw({ applicationSlug: slug })), [
      "applicationSlug: is 256 characters long; with clientId unset it is the OAuth2 client ID, which authentik " +
        "holds in at most 255. Use a shorter slug, or set clientId. | pulumi config set applicationSlug minio",
    ]);
    assert.throws(() => problems(validRaw({ applicationSlug: slug, clientId: "minio" })), /did not throw/);
  });

  it("an unset launch URL is sent as authentik's own: the redirect URI without its path", () => {
    assert.equal(
      derivedLaunchUrl("https://Console.example.com:9443/oauth_callback"),
      "https://Console.example.com:9443",
    );
    assert.equal(derivedLaunchUrl("HTTP://127.0.0.1:9001/cb?x=1"), "http://127.0.0.1:9001?x=1");
  });
});
