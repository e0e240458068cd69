/**
 * The stack config applies the policy pack's https rule (policy/urls.ts): a URL the config accepts passes the pack,
 * and a URL the pack accepts passes the config (given plain http is allowed, and MinIO's config text can carry it).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ConfigError, loadConfig, type ConfigProblem } from "../../../lib/config";
import { kvValueProblem } from "../../../minio-admin/config-kv";
import { httpsProblem, readUrl } from "../../../policy/urls";
import { piece, urlLike as urlLikeFrom } from "../../support/url-like";
import { validRaw } from "./fixtures";

/** URL-like strings from parts where the rule has something to decide. */
const urlLike = urlLikeFrom(
  [
    piece(["https", "HTTPS", "http"], ["ftp", "", "https ", "h\ttp"]),
    piece(["://"], [":/", ":", "://user:pw@", "://@"]),
    piece(["localhost", "127.0.0.1", "[::1]", "console.example.test"], ["127.1", "2130706433", "a*b.test", ""]),
    piece(["", ":9001"], [":", ":x"]),
    piece(["/", "/cb", "?q=1", "/a%20b"], ["#f", "/a b", "/\\x", "/%zz", "?client_id=x", '/"q"']),
  ],
  30,
);

/** The problems loadConfig reports for a raw config (none when it loads). */
function configProblems(raw: Record<string, string | undefined>): readonly ConfigProblem[] {
  try {
    loadConfig(raw);
    return [];
  } catch (err) {
    assert.ok(err instanceof ConfigError);
    return err.problems;
  }
}

describe("stack config URLs and the policy pack's https rule", () => {
  for (const allowInsecure of [true, false]) {
    it(`minioRedirectUri, allowInsecure ${allowInsecure}: config accepts exactly what the pack accepts`, () => {
      let accepted = 0;
      fc.assert(
        fc.property(urlLike, (url) => {
          const raw = validRaw({ allowInsecure: String(allowInsecure), minioRedirectUri: url });
          const config = !configProblems(raw).some((p) => p.key === "minioRedirectUri");
          const pack = httpsProblem("u", url) === undefined;
          const reading = readUrl(url);
          const plainHttpAllowed = allowInsecure || (reading.fault === undefined && reading.scheme === "https");
          assert.equal(config, pack && plainHttpAllowed && kvValueProblem(url) === undefined, JSON.stringify(url));
          if (config) accepted++;
        }),
        { numRuns: 600, seed: 1411 },
      );
      assert.ok(accepted > 60, `only ${accepted} accepted URLs: the property tested too little`);
    });
  }

  it("authentik:url: accepted by the config exactly when the pack accepts it, bar a query or a config_url MinIO would split", () => {
    fc.assert(
      fc.property(urlLike, (url) => {
        const raw = validRaw({ allowInsecure: "true", "authentik:url": url });
        const problems = configProblems(raw).filter((p) => p.key === "authentik:url");
        const pack = httpsProblem("u", url) === undefined;
        if (problems.length === 0) {
          const { configUrl } = loadConfig(raw).oidc;
          assert.ok(pack && !url.includes("?"), JSON.stringify(url));
          assert.equal(httpsProblem("u", configUrl), undefined, configUrl);
          assert.equal(kvValueProblem(configUrl), undefined, configUrl);
        } else if (pack && !url.includes("?")) {
          assert.deepEqual(
            problems.map((p) => p.message.startsWith("the discovery URL ")),
            [true],
            JSON.stringify(url),
          );
        }
      }),
      { numRuns: 400, seed: 1412 },
    );
  });
});
