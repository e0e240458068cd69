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
import { problems, validRaw } from "./fixtures";

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

const URL_FIX = "pulumi config set minioEndpoint https://minio.example.com";
const AK_FIX = "pulumi config set authentik:url https://authentik.example.com";
const INSECURE = "allowInsecure allows plain http on loopback hosts only";

type Case = [name: string, overrides: Record<string, string | undefined>, expected: string[]];

/** One URL rule at a time: the exact problem line (key: message | fix). */
const cases: Case[] = [
  [
    "URL not parseable",
    { minioEndpoint: "minio.example.com" },
    [`minioEndpoint: "minio.example.com" is not a valid absolute URL. | ${URL_FIX}`],
  ],
  [
    "URL with other scheme",
    { minioEndpoint: "ftp://minio.example.com" },
    [`minioEndpoint: "ftp://minio.example.com" must be an https:// URL. | ${URL_FIX}`],
  ],
  [
    "http without allowInsecure",
    { "authentik:url": "http://auth.example.com" },
    [
      `authentik:url: "http://auth.example.com" uses http:// on a host other than localhost, 127.0.0.0/8 or [::1]; use https:// (${INSECURE}). | ${AK_FIX}`,
    ],
  ],
  [
    "URL with credentials (not echoed)",
    { minioEndpoint: "https://admin:hunter22@minio.example.com" },
    [`minioEndpoint: must not contain a user name or password. | ${URL_FIX}`],
  ],
  [
    "endpoint with a path",
    { minioEndpoint: "https://minio.example.com/s3" },
    [
      `minioEndpoint: "https://minio.example.com/s3" must be a bare origin such as https://minio.example.com, without path or query. | ${URL_FIX}`,
    ],
  ],
  [
    "authentik URL with a query",
    { "authentik:url": "https://auth.example.com/?x=1" },
    [`authentik:url: "https://auth.example.com/?x=1" must not have a query string. | ${AK_FIX}`],
  ],
  [
    "redirect URI with a fragment",
    { minioRedirectUri: "https://console.example.com/oauth_callback#x" },
    [
      `minioRedirectUri: "https://console.example.com/oauth_callback#x" must not have a fragment. | pulumi config set minioRedirectUri https://console.example.com/oauth_callback`,
    ],
  ],
  [
    "launch URL with surrounding space",
    { launchUrl: " https://console.example.com" },
    [
      `launchUrl: " https://console.example.com" contains a blank, a control character or a backslash; write the URL without them. | pulumi config set launchUrl https://console.example.com`,
    ],
  ],
  [
    "URL whose host is neither a DNS name nor an IP address",
    { minioEndpoint: "https://mi*nio.example.com" },
    [
      `minioEndpoint: "https://mi*nio.example.com" has a host that is neither a DNS name nor an IP address. | ${URL_FIX}`,
    ],
  ],
  [
    "URL with a stray %",
    { launchUrl: "https://console.example.com/100%" },
    [
      `launchUrl: "https://console.example.com/100%" has a "%" that is not followed by two hex digits. | pulumi config set launchUrl https://console.example.com`,
    ],
  ],
  [
    "authentik URL whose discovery URL MinIO would split",
    { "authentik:url": "https://auth.example.com/scopes=x" },
    [
      `authentik:url: the discovery URL "https://auth.example.com/scopes=x/application/o/minio/.well-known/openid-configuration" contains the text "scopes=", which MinIO would read as the start of another key. | ${AK_FIX}`,
    ],
  ],
];

describe("loadConfig: the URL rules, one problem each", () => {
  for (const [name, overrides, expected] of cases) {
    it(name, () => assert.deepEqual(problems(validRaw(overrides)), expected));
  }

  it("with allowInsecure true, plain http is accepted on loopback hosts", () => {
    const raw = validRaw({
      allowInsecure: "true",
      "authentik:url": "http://127.0.0.1:9100",
      minioEndpoint: "http://127.0.0.1:9000",
      minioRedirectUri: "http://127.0.0.1:9001/oauth_callback",
      launchUrl: "x",
    });
    assert.deepEqual(problems(raw), [
      `launchUrl: "x" is not a valid absolute URL. | pulumi config set launchUrl https://console.example.com`,
    ]);
  });

  it("with allowInsecure true, plain http on any other host is refused, as the policy pack refuses it", () => {
    const raw = validRaw({
      allowInsecure: "true",
      minioEndpoint: "http://minio.lan:9000",
      minioRedirectUri: "http://127.1:9001/oauth_callback",
    });
    const rest = `on a host other than localhost, 127.0.0.0/8 or [::1]; use https:// (${INSECURE}).`;
    assert.deepEqual(problems(raw), [
      `minioEndpoint: "http://minio.lan:9000" uses http:// ${rest} | ${URL_FIX}`,
      `minioRedirectUri: "http://127.1:9001/oauth_callback" uses http:// ${rest} | pulumi config set minioRedirectUri https://console.example.com/oauth_callback`,
    ]);
  });

  it("an invalid allowInsecure counts as false for the URL checks", () => {
    assert.deepEqual(problems(validRaw({ allowInsecure: "1", minioEndpoint: "http://127.0.0.1:9000" })), [
      `minioEndpoint: "http://127.0.0.1:9000" uses http://; use https://, or set allowInsecure to true for local testing (${INSECURE}). | ${URL_FIX}`,
      `allowInsecure: "1" is not a boolean; use true or false. | pulumi config set allowInsecure false`,
    ]);
  });
});
