/** lib/go-parse.ts against Go's own parsers: test/vectors/go-parse-vectors.json, written by test/vectors/goparse. */
import assert from "node:assert/strict";
import fs from "node:fs";
import { describe, it } from "node:test";
import { goAtoiOk, goBase64Ok, goCidrOk, goIntOk, goParseBool, goRfc3339Ok } from "../../../lib/go-parse";
import { fromRoot } from "../../support/paths";

interface Vector {
  parser: string;
  input: string;
  ok: boolean;
}
const file = JSON.parse(fs.readFileSync(fromRoot("test/vectors/go-parse-vectors.json"), "utf8")) as {
  vectors: Vector[];
};

const PARSERS: Record<string, (s: string) => boolean> = {
  "time.Parse(RFC3339)": goRfc3339Ok,
  "net.ParseCIDR": goCidrOk,
  "base64.StdEncoding": goBase64Ok,
  "strconv.Atoi": goAtoiOk,
  "strconv.ParseBool": (s) => goParseBool(s) !== undefined,
};

describe("go-parse: the Go parsers MinIO's condition values go through", () => {
  for (const [parser, accepts] of Object.entries(PARSERS)) {
    it(`${parser} accepts exactly what Go accepts`, () => {
      const vectors = file.vectors.filter((v) => v.parser === parser);
      assert.ok(vectors.some((v) => v.ok) && vectors.some((v) => !v.ok));
      assert.deepEqual(
        vectors.filter((v) => accepts(v.input) !== v.ok),
        [],
      );
    });
  }

  it("a JSON number decodes into a Go int only when it is a whole number within int64", () => {
    assert.deepEqual([0, -0, 5, -(2 ** 63), 2 ** 63 - 1024, 2 ** 63, 1.5, 1e21].map(goIntOk), [
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
