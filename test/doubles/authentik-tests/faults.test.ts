/** Fault injection and request recording of the authentik double. */
import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import { startAuthentikDouble, type AuthentikDouble } from "../authentik/index";
import { Api, form, oidcFetch, TOKEN } from "./client";

describe("authentik double faults and recording", () => {
  let ak: AuthentikDouble;
  let api: Api;

  before(async () => {
    ak = await startAuthentikDouble({ token: TOKEN });
    api = new Api(ak.url);
  });
  beforeEach(() => ak.faults.reset());
  after(() => ak.close());

  it("fails exactly the next n requests with the given status, then serves normally", async () => {
    ak.faults.failNext(2, 503);
    const first = await fetch(`${ak.url}/api/v3/root/config/`);
    const second = await fetch(`${ak.url}/application/o/token/`, form({ grant_type: "x" }));
    assert.deepEqual([first.status, second.status], [503, 503]);
    assert.deepEqual(await first.json(), { detail: "Fault injected by the authentik double (HTTP 503)" });
    const third = await api.get("/root/config/");
    assert.equal(third.status, 200);
  });

  it("with a match, fails only the requests whose method and path start with it", async () => {
    ak.faults.failNext(1, 500, "POST /api/v3/providers/oauth2/");
    assert.equal((await api.get("/providers/oauth2/")).status, 200, "a GET of the same path is served");
    const post = await fetch(`${ak.url}/api/v3/providers/oauth2/`, { method: "POST" });
    assert.equal(post.status, 500);
    assert.equal((await api.get("/root/config/")).status, 200);
  });

  it("delays answers until reset", async () => {
    // A long delay, so "no longer delayed" has a wide margin even on a loaded machine.
    ak.faults.delay(600);
    let start = Date.now();
    assert.equal((await api.get("/root/config/")).status, 200);
    assert.ok(Date.now() - start >= 600, `answered after ${Date.now() - start} ms`);
    ak.faults.reset();
    start = Date.now();
    await api.get("/root/config/");
    assert.ok(Date.now() - start < 600, `answered after ${Date.now() - start} ms once reset`);
  });

  it("reset also cancels pending failures", async () => {
    ak.faults.failNext(5, 500);
    ak.faults.reset();
    assert.equal((await api.get("/root/config/")).status, 200);
  });

  it("records method, path, query, presence of Authorization and the parsed body, never the header value", async () => {
    const before = ak.requests.length;
    await api.post("/core/groups/", { name: "recorded" });
    await new Api(ak.url, null).get("/flows/instances/?slug=a&slug=b");
    await oidcFetch(`${ak.url}/application/o/token/`, form({ grant_type: "client_credentials", client_id: "c" }));
    const seen = ak.requests.slice(before);
    assert.deepEqual(seen, [
      { method: "POST", path: "/api/v3/core/groups/", query: {}, hasAuthorization: true, body: { name: "recorded" } },
      {
        method: "GET",
        path: "/api/v3/flows/instances/",
        query: { slug: ["a", "b"] },
        hasAuthorization: false,
        body: undefined,
      },
      {
        method: "POST",
        path: "/application/o/token/",
        query: {},
        hasAuthorization: false,
        body: { grant_type: "client_credentials", client_id: "c" },
      },
    ]);
    assert.equal(JSON.stringify(seen).includes(TOKEN), false);
  });
});
