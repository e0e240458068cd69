import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  compare,
  exitCode,
  fail,
  failedNames,
  ok,
  renderReport,
  show,
  skip,
  summaryLine,
  type VerifyReport,
} from "../../verify/report";

const mixed: VerifyReport = {
  stack: "prod",
  sections: [
    { title: "First: https://a.example.test", checks: [ok("issuer", '"x"'), skip("jwks", "not fetched")] },
    {
      title: "Second",
      checks: [
        fail("display_name", 'expected "A", actual "B"'),
        fail("display_name", "second line\nof text"),
        fail("sts", "rejected"),
      ],
    },
  ],
};

describe("verify report (pure)", () => {
  it("renders every check on one line under its section, then a summary naming the failed checks once", () => {
    assert.deepEqual(renderReport(mixed), [
      'Verifying stack "prod"',
      "First: https://a.example.test",
      '  ok    issuer: "x"',
      "  skip  jwks: not fetched",
      "Second",
      '  FAIL  display_name: expected "A", actual "B"',
      "  FAIL  display_name: second line of text",
      "  FAIL  sts: rejected",
      "Result: FAILED, 3 of 4 checks failed (display_name, sts); 1 skipped",
    ]);
    assert.deepEqual(failedNames(mixed), ["display_name", "sts"]);
    assert.equal(exitCode(mixed), 1);
  });

  it("summarises a passing report, counting skipped checks apart", () => {
    const passing: VerifyReport = { stack: "dev", sections: [{ title: "S", checks: [ok("a", "1"), ok("b", "2")] }] };
    assert.equal(summaryLine(passing), "Result: OK, all 2 checks passed");
    assert.equal(exitCode(passing), 0);
    passing.sections[0].checks.push(skip("c", "not tried"));
    assert.equal(summaryLine(passing), "Result: OK, all 2 checks passed; 1 skipped");
    assert.equal(exitCode(passing), 0);
  });

  it("compares expected and actual, quoting both so blanks and control characters stay visible", () => {
    assert.deepEqual(compare("scopes", "openid,minio", "openid,minio"), {
      status: "ok",
      name: "scopes",
      text: 'expected "openid,minio", actual "openid,minio"',
    });
    assert.deepEqual(compare("display_name", "Login", "Login "), {
      status: "fail",
      name: "display_name",
      text: 'expected "Login", actual "Login "',
    });
    assert.deepEqual(compare("issuer", '"x"', "<missing>", true), {
      status: "fail",
      name: "issuer",
      text: 'expected "x", actual <missing>',
    });
    assert.equal(show('a"b\nc'), '"a\\"b\\nc"');
  });
});
