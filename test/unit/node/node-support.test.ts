import * as tls from "node:tls";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { caBundleNodeProblem, nodeVersionProblem } from "../../../lib/node-support";
import { fromRoot } from "../../support/paths";

const FIX = "use Node 22 (22.1.0 or later) or Node 24: put it first on PATH and run pulumi again.";

describe("nodeVersionProblem", () => {
  it("refuses every Node older than 22.1.0, naming it and what is supported", () => {
    for (const version of ["22.0.0", "21.7.3", "20.19.5", "18.20.8", "8.17.0"]) {
      assert.equal(nodeVersionProblem(version), `Node ${version} cannot run this program; ${FIX}`);
    }
  });

  it("accepts Node 22.1.0 and later, the tested lines and newer ones", () => {
    for (const version of ["22.1.0", "22.1.1", "22.10.0", "22.23.5", "23.0.0", "24.0.0", "24.22.3", "26.10.0"]) {
      assert.equal(nodeVersionProblem(version), undefined, version);
    }
  });

  it("compares versions as numbers, part by part, and ignores a pre-release or build suffix", () => {
    assert.equal(nodeVersionProblem("22.0.99"), `Node 22.0.99 cannot run this program; ${FIX}`);
    assert.equal(nodeVersionProblem("9.99.99"), `Node 9.99.99 cannot run this program; ${FIX}`);
    assert.equal(nodeVersionProblem("100.0.0"), undefined);
    assert.equal(nodeVersionProblem("24.0.0-pre"), undefined);
  });

  it("refuses a version it cannot read", () => {
    for (const version of ["", "v24.1.0", "24", "24.1", "abc"]) {
      assert.equal(nodeVersionProblem(version), `Cannot tell which Node this is (version "${version}"); ${FIX}`);
    }
  });

  it("accepts the Node running these tests", () => {
    assert.equal(nodeVersionProblem(process.versions.node), undefined);
  });

  it("says what package.json's engines field says", () => {
    const pkg = JSON.parse(readFileSync(fromRoot("package.json"), "utf8")) as { engines: { node: string } };
    assert.equal(pkg.engines.node, "^22.1.0 || ^24.0.0");
  });

  it("refuses a caBundle on a Node without tls.setDefaultCACertificates (before 22.19 and 24.5)", () => {
    const problem = (v: string) =>
      `is set, and Node ${v} cannot add trusted CAs (that needs Node 22.19 or later, or 24.5 or later).`;
    for (const version of ["22.1.0", "22.18.9", "23.11.0", "24.0.0", "24.4.1"]) {
      assert.equal(caBundleNodeProblem(version), problem(version), version);
    }
    for (const version of ["22.19.0", "22.23.5", "24.5.0", "24.22.3", "25.0.0"]) {
      assert.equal(caBundleNodeProblem(version), undefined, version);
    }
  });

  it("agrees with the Node running these tests about tls.setDefaultCACertificates", () => {
    const has = typeof (tls as { setDefaultCACertificates?: unknown }).setDefaultCACertificates === "function";
    assert.equal(caBundleNodeProblem(process.versions.node) === undefined, has);
  });
});
