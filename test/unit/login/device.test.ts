import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import { after, before, describe, it } from "node:test";
import { pollDevice } from "../../../login/lib/oidc";

/** A token endpoint that answers the queued errors, then tokens. */
describe("device flow polling (RFC 8628 section 3.5)", () => {
  let server: Server;
  let answers: string[] = [];
  let url = "";
  before(async () => {
    server = createServer((_req, res) => {
      const next = answers.shift() ?? "ok";
      res.writeHead(next === "ok" ? 200 : 400, { "Content-Type": "application/json" });
      res.end(JSON.stringify(next === "ok" ? { id_token: "h.e.s", expires_in: 600 } : { error: next }));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/token/`;
  });
  after(() => server.close());

  const disc = () => ({ issuer: "x", authorization_endpoint: "x", token_endpoint: url });

  it("waits the interval, keeps polling while pending, and waits 5 s longer after slow_down", async () => {
    answers = ["authorization_pending", "slow_down", "authorization_pending"];
    const waits: number[] = [];
    const tokens = await pollDevice(disc(), {
      clientId: "c",
      deviceCode: "d",
      interval: 5,
      deadline: Date.now() + 60_000,
      sleep: async (ms: number) => void waits.push(ms),
    });
    assert.equal(tokens.idToken, "h.e.s");
    assert.deepEqual(waits, [5000, 5000, 10000, 10000]);
  });

  it("stops on access_denied and expired_token with what to do", async () => {
    const sleep = async () => undefined;
    answers = ["access_denied"];
    await assert.rejects(
      pollDevice(disc(), { clientId: "c", deviceCode: "d", interval: 5, deadline: Date.now() + 60_000, sleep }),
      {
        kind: "cancelled",
        message: "sign-in cancelled at authentik; run minio-sso login --device again",
      },
    );
    answers = ["expired_token"];
    await assert.rejects(
      pollDevice(disc(), { clientId: "c", deviceCode: "d", interval: 5, deadline: Date.now() + 60_000, sleep }),
      {
        kind: "cancelled",
        message: "the device code expired before the sign-in was completed; run minio-sso login --device again",
      },
    );
    await assert.rejects(
      pollDevice(disc(), { clientId: "c", deviceCode: "d", interval: 5, deadline: Date.now() - 1, sleep }),
      {
        kind: "cancelled",
      },
    );
  });
});
