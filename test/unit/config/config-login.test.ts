/** `loginClient`: the public client of `minio-sso login`, on unless the stack turns it off. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadConfig } from "../../../lib/config";
import { problems, validRaw } from "./fixtures";

describe("loginClient", () => {
  it("is on by default and off with false", () => {
    assert.equal(loadConfig(validRaw()).loginClient, true);
    assert.equal(loadConfig(validRaw({ loginClient: "" })).loginClient, true);
    assert.equal(loadConfig(validRaw({ loginClient: "false" })).loginClient, false);
    assert.equal(loadConfig(validRaw({ loginClient: "true" })).loginClient, true);
  });

  it("anything but a boolean is one problem naming the key and the fix", () => {
    assert.deepEqual(problems(validRaw({ loginClient: "off" })), [
      `loginClient: "off" is not a boolean; use true or false. | pulumi config set loginClient false`,
    ]);
  });
});
