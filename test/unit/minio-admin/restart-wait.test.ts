import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { notBackReason, parseServers, type ServerState } from "../../../minio-admin/restart-wait";

const online = (endpoint: string, uptimeSeconds = 0): ServerState => ({ endpoint, state: "online", uptimeSeconds });

describe("restart-wait: when a restarted deployment is back (pure)", () => {
  it("parseServers reads endpoint, state and uptime; a left-out uptime is 0, a missing list empty", () => {
    const text = JSON.stringify({
      mode: "online",
      servers: [
        { state: "offline", endpoint: "minio2:9000" },
        { state: "online", endpoint: "minio1:9000", uptime: 12, version: "2025-10-15T17:29:55Z" },
      ],
    });
    assert.deepEqual(parseServers(text), [
      { endpoint: "minio2:9000", state: "offline", uptimeSeconds: 0 },
      { endpoint: "minio1:9000", state: "online", uptimeSeconds: 12 },
    ]);
    assert.deepEqual(parseServers("{}"), []);
  });

  it("parseServers refuses what MinIO does not send", () => {
    assert.throws(() => parseServers("<html>"), SyntaxError);
    assert.throws(() => parseServers('{"servers":{}}'), { message: "servers is not a list" });
    assert.throws(() => parseServers('{"servers":[{"uptime":"12"}]}'), {
      message: "a server's uptime is not a number",
    });
  });

  it("back: every server online, none up longer than the time since the restart plus a second", () => {
    assert.equal(notBackReason([online("a:9000"), online("b:9000", 2)], 2, 1200), undefined);
    // 1.2 s since the restart: up to ceil(1.2) + 1 = 3 s of uptime is a new process.
    assert.equal(notBackReason([online("a:9000", 3)], 1, 1200), undefined);
    assert.equal(notBackReason([online("a:9000", 4)], 1, 1200), "a:9000 has not restarted yet (up 4s)");
  });

  it("not back: the first server that is not online is named with its state", () => {
    const servers = [online("a:9000"), { endpoint: "b:9000", state: "initializing", uptimeSeconds: 0 }];
    assert.equal(notBackReason(servers, 2, 5000), "b:9000 is initializing");
    assert.equal(
      notBackReason([{ endpoint: "c:9000", state: "offline", uptimeSeconds: 0 }, ...servers], 3, 5000),
      "c:9000 is offline",
    );
    assert.equal(
      notBackReason([{ endpoint: "d:9000", state: "", uptimeSeconds: 0 }], 1, 5000),
      "d:9000 is in no state",
    );
  });

  it("not back: fewer servers than the restart named, or none at all", () => {
    assert.equal(notBackReason([online("a:9000")], 3, 5000), "the server info lists 1 server(s), the restart named 3");
    // An older server answers the restart without a body (0 named): at least one server must be listed.
    assert.equal(notBackReason([], 0, 5000), "the server info lists 0 server(s), the restart named 0");
  });
});
