/** The secret scanner of the integration test must find what it claims to find (else step 8 proves nothing). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodedForms, findLeaks } from "./support/secrets";

const SECRET = "s3cr3t-Value_with+chars/=";

describe("integration secret scanner", () => {
  it("finds the plain value and its base64 / base64url forms at every byte alignment", () => {
    const places: Record<string, string> = {
      plain: `error: ${SECRET} rejected`,
      basic: `Basic ${Buffer.from(`client:${SECRET}`).toString("base64")}`,
      json64: Buffer.from(JSON.stringify({ secret: SECRET })).toString("base64"),
      url64: Buffer.from(`ab${SECRET}cd`).toString("base64url"),
      clean: "nothing to see here",
      near: SECRET.slice(0, -1),
    };
    assert.deepEqual(findLeaks({ s: SECRET }, places), [
      { secret: "s", where: "plain" },
      { secret: "s", where: "basic" },
      { secret: "s", where: "json64" },
      { secret: "s", where: "url64" },
    ]);
  });

  it("builds each fragment from the secret's bits only", () => {
    const forms = encodedForms("abcdefghijkl");
    // Computed independently: base64 of 0, 1 and 2 zero bytes + the secret, minus the characters that mix in
    // neighbouring bits; base64url is identical here, so each fragment appears once.
    assert.deepEqual(forms, ["abcdefghijkl", "YWJjZGVmZ2hpamts", "FiY2RlZmdoaWprb", "hYmNkZWZnaGlqa2"]);
  });
});
