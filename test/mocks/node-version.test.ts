import { test } from "node:test";
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { programExpectations, runProgram, stackConfig } from "./program-fixtures";

test("a Node too old for the MinIO admin CLI is refused at preview, before the config is read or anything declared", async () => {
  const real = Object.getOwnPropertyDescriptor(process.versions, "node")!;
  Object.defineProperty(process.versions, "node", { ...real, value: "20.19.5" });
  try {
    // Bad config as well: the Node check comes first, so its message is the only one.
    const config = stackConfig("Pulumi.dev.yaml", { applicationSlug: "Bad Slug" });
    await assert.rejects(runProgram(programExpectations(config, true)), (err: Error) => {
      assert.ok(pulumi.RunError.isInstance(err), "a RunError: the engine prints its message without a stack trace");
      assert.equal(
        err.message,
        "Node 20.19.5 cannot run this program; use Node 22 (22.1.0 or later) or Node 24: put it first on PATH and " +
          "run pulumi again.",
      );
      return true;
    });
  } finally {
    Object.defineProperty(process.versions, "node", real);
  }
  assert.equal(process.versions.node, real.value);
});
