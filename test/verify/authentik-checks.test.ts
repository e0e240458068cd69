import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { authentikSection, clientSecretOf, providerUrl } from "../../verify/authentik-checks";
import type { HttpOutcome } from "../../verify/outcome";
import { AK_URL, CLIENT_SECRET } from "./fixtures";

const URL_7 = `${AK_URL}/api/v3/providers/oauth2/7/`;

function answer(status: number, body: unknown): HttpOutcome {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { url: URL_7, status, contentType: "application/json", body: text };
}

/** The fields of an OAuth2Provider answer this check reads, plus a few it ignores. */
const PROVIDER = { pk: 7, name: "minio-provider", client_type: "confidential", client_id: "minio-client" };

function lines(outcome: HttpOutcome, clientId = "minio-client"): string[] {
  const section = authentikSection({ authentikUrl: AK_URL, providerId: "7", clientId, outcome });
  assert.equal(section.title, `authentik OAuth2 provider 7: ${URL_7}`);
  return section.checks.map((c) => `${c.status} ${c.name}: ${c.text}`);
}

const NOT_CHECKED = "skip provider client_id: not checked (no provider)";

describe("verify: the authentik provider read through the API (pure)", () => {
  it("reads the provider at authentik's API path for OAuth2 providers", () => {
    assert.equal(providerUrl(AK_URL, "7"), URL_7);
    assert.equal(
      providerUrl("https://sso.example.test/authentik", "12"),
      "https://sso.example.test/authentik/api/v3/providers/oauth2/12/",
    );
  });

  it("passes a provider with a client secret and the stack's client ID, never showing the secret", () => {
    const ok = answer(200, { ...PROVIDER, client_secret: CLIENT_SECRET });
    const out = lines(ok);
    assert.deepEqual(out, [
      "ok provider: answered HTTP 200 with the provider's client_secret",
      'ok provider client_id: expected "minio-client", actual "minio-client"',
    ]);
    assert.ok(!out.join("\n").includes(CLIENT_SECRET));
    assert.equal(clientSecretOf(ok), CLIENT_SECRET);
  });

  it("fails a client ID that differs from the stack's, or is missing", () => {
    const ok = answer(200, { ...PROVIDER, client_secret: CLIENT_SECRET });
    assert.equal(
      lines(ok, "other-client")[1],
      'fail provider client_id: expected "other-client", actual "minio-client"',
    );
    const noId = answer(200, { pk: 7, client_secret: CLIENT_SECRET });
    assert.equal(lines(noId)[1], 'fail provider client_id: expected "minio-client", actual <missing>');
  });

  it("names the API URL and the cause when authentik is unreachable or refuses, and reads no secret", () => {
    const cases: Array<[HttpOutcome, string]> = [
      [
        { url: URL_7, error: "connect ECONNREFUSED 127.0.0.1:9" },
        `fail provider: ${URL_7} unreachable (connect ECONNREFUSED 127.0.0.1:9)`,
      ],
      [
        answer(403, { detail: "Token invalid/expired" }),
        `fail provider: ${URL_7} answered HTTP 403 (Token invalid/expired): authentik does not accept the token in authentik:token, or its user may not view this provider`,
      ],
      [
        answer(401, "<html>Unauthorized</html>"),
        `fail provider: ${URL_7} answered HTTP 401: authentik does not accept the token in authentik:token, or its user may not view this provider`,
      ],
      [
        answer(404, { detail: "No OAuth2Provider matches the given query." }),
        `fail provider: ${URL_7} answered HTTP 404 (No OAuth2Provider matches the given query.): authentik has no OAuth2 provider 7 (deleted outside the stack?)`,
      ],
      [
        answer(500, { detail: "A server error occurred." }),
        `fail provider: ${URL_7} answered HTTP 500 (A server error occurred.)`,
      ],
      [answer(302, ""), `fail provider: ${URL_7} answered HTTP 302`],
      [answer(200, "<html>login</html>"), `fail provider: ${URL_7} did not answer a JSON object`],
      [answer(200, PROVIDER), `fail provider: ${URL_7} answered without a client_secret`],
      [answer(200, { ...PROVIDER, client_secret: "" }), `fail provider: ${URL_7} answered without a client_secret`],
    ];
    for (const [outcome, first] of cases) {
      assert.deepEqual(lines(outcome), [first, NOT_CHECKED]);
      assert.equal(clientSecretOf(outcome), undefined);
    }
  });

  it("reads a secret only from a 200 answer, and shortens a long detail", () => {
    assert.equal(clientSecretOf(answer(403, { client_secret: CLIENT_SECRET })), undefined);
    assert.equal(clientSecretOf(answer(200, { client_secret: 5 })), undefined);
    const long = lines(answer(500, { detail: "x".repeat(300) }))[0];
    assert.equal(long, `fail provider: ${URL_7} answered HTTP 500 (${"x".repeat(200)}…)`);
  });
});
