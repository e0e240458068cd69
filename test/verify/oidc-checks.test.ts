import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { discoverySection, documentUrl, rsaSigningKids } from "../../verify/oidc-checks";
import type { HttpOutcome } from "../../verify/outcome";
import { CONFIG_URL, ISSUER } from "./fixtures";

const JWKS_URL = "https://auth.example.test/application/o/minio/jwks/";

function answer(url: string, status: number, body: unknown): HttpOutcome {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return { url, status, contentType: "application/json", body: text };
}

const goodDoc = {
  issuer: ISSUER,
  jwks_uri: JWKS_URL,
  token_endpoint: "https://auth.example.test/application/o/token/",
};
const rsa = (kid: string, extra: Record<string, unknown> = {}) => ({ kty: "RSA", kid, n: "xyz", e: "AQAB", ...extra });

function lines(discovery: HttpOutcome, jwks?: HttpOutcome): string[] {
  const section = discoverySection({ configUrl: CONFIG_URL, issuerUrl: ISSUER, discovery, jwks });
  assert.equal(section.title, `OIDC discovery: ${CONFIG_URL}`);
  return section.checks.map((c) => `${c.status} ${c.name}: ${c.text}`);
}

describe("verify: OIDC discovery checks (pure)", () => {
  it("passes a document with the expected issuer whose JWKS serves an RSA signing key", () => {
    const out = lines(
      answer(CONFIG_URL, 200, goodDoc),
      answer(JWKS_URL, 200, { keys: [rsa("k1", { use: "sig", alg: "RS256" })] }),
    );
    assert.deepEqual(out, [
      "ok discovery: answered HTTP 200 with a JSON document",
      `ok issuer: expected "${ISSUER}", actual "${ISSUER}"`,
      `ok jwks_uri: "${JWKS_URL}"`,
      `ok jwks: ${JWKS_URL} serves 1 RSA signing key (kid "k1")`,
    ]);
  });

  it("names the URL when the document is unreachable, and skips what depends on it", () => {
    const out = lines({ url: CONFIG_URL, error: "connect ECONNREFUSED 127.0.0.1:9" });
    assert.deepEqual(out, [
      `fail discovery: ${CONFIG_URL} unreachable (connect ECONNREFUSED 127.0.0.1:9)`,
      "skip issuer: not checked (no discovery document)",
      "skip jwks_uri: not checked (no discovery document)",
      "skip jwks: not checked (no discovery document)",
    ]);
  });

  it("fails on a non-200 answer or a body that is not a JSON object", () => {
    assert.equal(lines(answer(CONFIG_URL, 404, "<html>"))[0], `fail discovery: ${CONFIG_URL} answered HTTP 404`);
    assert.equal(
      lines(answer(CONFIG_URL, 200, "<html>"))[0],
      `fail discovery: ${CONFIG_URL} did not answer a JSON object`,
    );
    assert.equal(
      lines(answer(CONFIG_URL, 200, [1, 2]))[0],
      `fail discovery: ${CONFIG_URL} did not answer a JSON object`,
    );
  });

  it("reports a different or missing issuer with expected and actual", () => {
    const global = lines(answer(CONFIG_URL, 200, { ...goodDoc, issuer: "https://auth.example.test/" }), undefined);
    assert.equal(global[1], `fail issuer: expected "${ISSUER}", actual "https://auth.example.test/"`);
    const missing = lines(answer(CONFIG_URL, 200, { jwks_uri: JWKS_URL }), answer(JWKS_URL, 200, { keys: [rsa("a")] }));
    assert.equal(missing[1], `fail issuer: expected "${ISSUER}", actual <missing>`);
  });

  it("fails without a jwks_uri, or when the JWKS has no usable RSA key (authentik without a signing key serves {})", () => {
    assert.deepEqual(lines(answer(CONFIG_URL, 200, { issuer: ISSUER, jwks_uri: "ftp://x/jwks" })).slice(2), [
      "fail jwks_uri: the discovery document names no http(s) jwks_uri",
      "skip jwks: not checked (no jwks_uri)",
    ]);
    const noKeys = `fail jwks: ${JWKS_URL} serves no RSA signing key with a kid (MinIO needs RS256: give the provider a signing key)`;
    assert.equal(lines(answer(CONFIG_URL, 200, goodDoc), answer(JWKS_URL, 200, {}))[3], noKeys);
    const unusable = { keys: [{ kty: "EC", kid: "e" }, rsa("enc", { use: "enc" }), { kty: "RSA", n: "x", e: "AQAB" }] };
    assert.equal(lines(answer(CONFIG_URL, 200, goodDoc), answer(JWKS_URL, 200, unusable))[3], noKeys);
    assert.equal(
      lines(answer(CONFIG_URL, 200, goodDoc), { url: JWKS_URL, error: "no answer within 5 s" })[3],
      `fail jwks: ${JWKS_URL} unreachable (no answer within 5 s)`,
    );
    assert.equal(
      lines(answer(CONFIG_URL, 200, goodDoc), answer(JWKS_URL, 500, {}))[3],
      `fail jwks: ${JWKS_URL} answered HTTP 500`,
    );
  });

  it("counts only RSA keys with a kid, for signatures, with an algorithm MinIO accepts (RS256/384/512 or none)", () => {
    const jwks = {
      keys: [rsa("a"), rsa("b", { alg: "PS256" }), rsa("c", { use: "sig", alg: "RS512" }), rsa("d", { use: "enc" })],
    };
    assert.deepEqual(rsaSigningKids(jwks), ["a", "c"]);
    assert.deepEqual(rsaSigningKids({ keys: "nope" }), []);
    const two = lines(answer(CONFIG_URL, 200, goodDoc), answer(JWKS_URL, 200, jwks))[3];
    assert.equal(two, `ok jwks: ${JWKS_URL} serves 2 RSA signing keys (kid "a", "c")`);
  });

  it("reads only absolute http(s) URLs from the document", () => {
    assert.equal(documentUrl(goodDoc, "token_endpoint"), "https://auth.example.test/application/o/token/");
    assert.equal(documentUrl({ token_endpoint: "/relative" }, "token_endpoint"), undefined);
    assert.equal(documentUrl({ token_endpoint: 5 }, "token_endpoint"), undefined);
    assert.equal(documentUrl(undefined, "token_endpoint"), undefined);
  });
});
