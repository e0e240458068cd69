/** The token-bearing GET of verify/http.ts against two local servers: the token goes to the URL asked, nowhere else. */
import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { getWithToken } from "../../verify/http";
import { AK_TOKEN } from "./fixtures";

interface Seen {
  path: string;
  headers: IncomingHttpHeaders;
}

async function listen(handler: (path: string) => { status: number; headers?: Record<string, string> }) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    seen.push({ path: req.url ?? "", headers: req.headers });
    const { status, headers = {} } = handler(req.url ?? "");
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(JSON.stringify({ detail: `answer ${status}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe("verify: authentik API requests", () => {
  let other: Awaited<ReturnType<typeof listen>>;
  let authentik: Awaited<ReturnType<typeof listen>>;
  before(async () => {
    other = await listen(() => ({ status: 200 }));
    authentik = await listen((path) =>
      path.startsWith("/moved/") ? { status: 302, headers: { Location: `${other.url}/api/v3/` } } : { status: 200 },
    );
  });
  after(() => Promise.all([other.close(), authentik.close()]));

  it("sends the token as a bearer token and does not follow a redirect elsewhere", async () => {
    const found = await getWithToken(`${authentik.url}/api/v3/providers/oauth2/1/`, AK_TOKEN, 5000);
    assert.ok(!("error" in found) && found.status === 200);
    assert.equal(authentik.seen[0].headers.authorization, `Bearer ${AK_TOKEN}`);
    assert.equal(authentik.seen[0].headers.accept, "application/json");

    const moved = await getWithToken(`${authentik.url}/moved/`, AK_TOKEN, 5000);
    assert.deepEqual(moved, {
      url: `${authentik.url}/moved/`,
      status: 302,
      contentType: "application/json",
      body: '{"detail":"answer 302"}',
    });
    assert.deepEqual(other.seen, []);
  });
});
