/** The authentik pre-flight against the authentik double: each problem one line with its key and fix, all at once. */
import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, beforeEach, describe, it } from "node:test";
import {
  authentikPreflight,
  requiredPermissions,
  OFFLINE_ACCESS_MAPPING,
  STANDARD_SCOPE_MAPPINGS,
  type AuthentikPreflightInput,
} from "../../../lib/authentik-preflight";
import { startAuthentikDouble, type AuthentikDouble } from "../../doubles/authentik/index";

const TOKEN = "preflight-token-7d2e";
type List = { results: Array<{ pk: string; slug?: string; name?: string }> };

describe("authentik pre-flight", () => {
  let ak: AuthentikDouble;
  let input: AuthentikPreflightInput;

  before(async () => {
    ak = await startAuthentikDouble({ token: TOKEN });
    ak.addUser({ username: "alice", groups: ["minio-admins", "minio-users"] });
  });
  beforeEach(() => {
    ak.faults.reset();
    ak.setTokenUser({ username: "akadmin", superuser: true, permissions: [] });
    input = {
      url: ak.url,
      token: TOKEN,
      fromEnv: { url: false, token: false },
      authorizationFlow: "default-provider-authorization-implicit-consent",
      invalidationFlow: "default-provider-invalidation-flow",
      signingKey: "authentik Self-signed Certificate",
      groups: ["minio-admins", "minio-users"],
      timeoutSeconds: 5,
    };
  });
  after(() => ak.close());

  const problems = async (over: Partial<AuthentikPreflightInput>) => {
    const outcome = await authentikPreflight({ ...input, ...over });
    assert.equal(outcome.kind, "problems", JSON.stringify(outcome));
    return outcome.kind === "problems" ? outcome.problems.map((p) => `${p.key}: ${p.message} Fix: ${p.fix}`) : [];
  };

  it("returns the ids of the flows, key pair, managed mappings and groups, read-only", async () => {
    const start = ak.requests.length;
    const outcome = await authentikPreflight(input);
    assert.equal(outcome.kind, "ok");
    if (outcome.kind !== "ok") return;
    const flows = ((await (await fetch(`${ak.url}/api/v3/flows/instances/`, auth())).json()) as List).results;
    const slug = (s: string) => flows.find((f) => f.slug === s)?.pk;
    assert.equal(outcome.ids.authorizationFlowId, slug(input.authorizationFlow));
    assert.equal(outcome.ids.invalidationFlowId, slug(input.invalidationFlow));
    const groups = ((await (await fetch(`${ak.url}/api/v3/core/groups/`, auth())).json()) as List).results;
    const group = (n: string) => groups.find((g) => g.name === n)?.pk;
    assert.deepEqual(outcome.ids.groupIds, {
      "minio-admins": group("minio-admins"),
      "minio-users": group("minio-users"),
    });
    // In authentik's answer order, the order of the provider's data source, so deployed stacks see no change.
    const query = STANDARD_SCOPE_MAPPINGS.map((m) => `managed=${encodeURIComponent(m)}`).join("&");
    const mappings = (
      (await (await fetch(`${ak.url}/api/v3/propertymappings/provider/scope/?${query}`, auth())).json()) as List
    ).results;
    assert.deepEqual(
      outcome.ids.standardMappingIds,
      mappings.map((m) => m.pk),
    );
    assert.notDeepEqual(
      mappings.map((m) => (m as { managed?: string }).managed),
      STANDARD_SCOPE_MAPPINGS,
      "the answer's order is not the order asked for, so the test can tell them apart",
    );
    assert.match(outcome.ids.signingKeyId, /^[0-9a-f-]{36}$/);
    const made = ak.requests.slice(start);
    assert.ok(
      made.every((r) => r.method === "GET"),
      "read-only",
    );
    assert.equal(made.filter((r) => r.path === "/api/v3/root/config/")[0].hasAuthorization, false);
  });

  it("the managed mappings' ids in authentik's order; with the login client, also offline_access's", async () => {
    const mappings = (
      (await (await fetch(`${ak.url}/api/v3/propertymappings/provider/scope/`, auth())).json()) as {
        results: Array<{ pk: string; managed?: string }>;
      }
    ).results;
    const offline = mappings.find((m) => m.managed === OFFLINE_ACCESS_MAPPING)?.pk;
    assert.ok(offline);
    const withLogin = await authentikPreflight({ ...input, loginClient: true });
    assert.equal(withLogin.kind === "ok" && withLogin.ids.offlineAccessMappingId, offline);
    const without = await authentikPreflight(input);
    assert.equal(without.kind === "ok" && without.ids.offlineAccessMappingId, undefined);
    // In authentik's order, as the provider's lookup returns them: property_mappings is an ordered list.
    const query = STANDARD_SCOPE_MAPPINGS.map((m) => `managed=${encodeURIComponent(m)}`).join("&");
    const listed = (
      (await (await fetch(`${ak.url}/api/v3/propertymappings/provider/scope/?${query}`, auth())).json()) as List
    ).results.map((m) => m.pk);
    assert.deepEqual(without.kind === "ok" && without.ids.standardMappingIds, listed);
    assert.notDeepEqual(
      listed,
      STANDARD_SCOPE_MAPPINGS.map((m) => mappings.find((x) => x.managed === m)?.pk),
    );
  });

  it("a URL that is not authentik is named as such, and nothing else is asked", async () => {
    const other = createServer((_, res) => res.writeHead(404, { "content-type": "text/html" }).end("<h1>nginx</h1>"));
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
    try {
      assert.deepEqual(await problems({ url }), [
        `authentik:url: ${url} is not authentik: GET /api/v3/root/config/ answered HTTP 404 (text/html), not ` +
          "authentik's configuration (JSON with capabilities and error_reporting). Fix: pulumi config set " +
          "authentik:url https://authentik.example.com (authentik's base URL)",
      ]);
    } finally {
      other.close();
    }
  });

  it("a refused token names authentik:token, authentik's reason and the fix (AUTHENTIK_TOKEN when it came from there)", async () => {
    const line = (fix: string) =>
      `authentik:token: authentik at ${ak.url} refuses the token (HTTP 403: "Token invalid/expired"). Fix: ${fix}`;
    assert.deepEqual(await problems({ token: "wrong" }), [
      line(
        "create an API token in authentik (Directory > Tokens and App passwords), then pulumi config set --secret authentik:token",
      ),
    ]);
    assert.deepEqual(await problems({ token: "wrong", fromEnv: { url: false, token: true } }), [
      line("set AUTHENTIK_TOKEN to an API token of authentik (Directory > Tokens and App passwords)"),
    ]);
  });

  it("a token whose user lacks permissions: every missing one is named, and lookups it may not make are skipped", async () => {
    const all = requiredPermissions(true);
    ak.setTokenUser({
      username: "deployer",
      superuser: false,
      permissions: all.filter((p) => !/view_(flow|group)$/.test(p)),
    });
    assert.deepEqual(await problems({ authorizationFlow: "no-such-flow" }), [
      'authentik:token: the token\'s user "deployer" lacks the global permissions authentik_flows.view_flow, ' +
        'authentik_core.view_group (README, "Least privilege"). Fix: grant them to a role of "deployer" in ' +
        "authentik (Directory > Roles), or use a token of a user who has them: create an API token in authentik " +
        "(Directory > Tokens and App passwords), then pulumi config set --secret authentik:token",
    ]);
    ak.setTokenUser({ username: "deployer", superuser: false, permissions: all });
    assert.equal((await authentikPreflight(input)).kind, "ok");
  });

  it("missing flows, key pair and groups: one line each, all at once, with the key and the fix", async () => {
    const lines = await problems({
      authorizationFlow: "no-such-flow",
      invalidationFlow: "gone",
      signingKey: "no pair",
      groups: ["minio-admins", "ghosts", "ghosts", "nobody"],
    });
    assert.deepEqual(lines.sort(), [
      `authorizationFlow: authentik at ${ak.url} has no flow with the slug "no-such-flow". Fix: pulumi config set authorizationFlow <slug of an existing flow> (authentik: Flows and Stages > Flows)`,
      `groupPolicies: authentik at ${ak.url} has no group named "ghosts" (groupPolicies[1].group). Fix: create the group in authentik, or name an existing one: pulumi config set --path 'groupPolicies[1].group' "<group name>"`,
      `groupPolicies: authentik at ${ak.url} has no group named "nobody" (groupPolicies[3].group). Fix: create the group in authentik, or name an existing one: pulumi config set --path 'groupPolicies[3].group' "<group name>"`,
      `invalidationFlow: authentik at ${ak.url} has no flow with the slug "gone". Fix: pulumi config set invalidationFlow <slug of an existing flow> (authentik: Flows and Stages > Flows)`,
      `signingKey: authentik at ${ak.url} has no certificate-key pair named "no pair". Fix: pulumi config set signingKey "<name of a certificate-key pair with a private key>" (authentik: System > Certificates)`,
    ]);
  });

  it("many groups: listed page by page rather than one request each; a missing one is named at its entry", async () => {
    const many = Array.from({ length: 1500 }, (_, i) => `bulk-${i}`);
    ak.addUser({ username: "bulk", groups: many });
    const start = ak.requests.length;
    const outcome = await authentikPreflight({ ...input, groups: many });
    assert.equal(outcome.kind, "ok");
    const groupRequests = ak.requests.slice(start).filter((r) => r.path === "/api/v3/core/groups/");
    assert.deepEqual(
      groupRequests.map((r) => [r.query.page, r.query.page_size, r.query.name]),
      [
        [["1"], ["1000"], undefined],
        [["2"], ["1000"], undefined],
      ],
    );
    const all = ((await (await fetch(`${ak.url}/api/v3/core/groups/?page_size=2000`, auth())).json()) as List).results;
    const pk = (n: string) => all.find((g) => g.name === n)?.pk;
    assert.deepEqual(outcome.kind === "ok" && [outcome.ids.groupIds["bulk-0"], outcome.ids.groupIds["bulk-1499"]], [
      pk("bulk-0"),
      pk("bulk-1499"),
    ]);
    assert.deepEqual(await problems({ groups: [...many.slice(0, 60), "bulk-x"] }), [
      `groupPolicies: authentik at ${ak.url} has no group named "bulk-x" (groupPolicies[60].group). Fix: create the ` +
        `group in authentik, or name an existing one: pulumi config set --path 'groupPolicies[60].group' "<group name>"`,
    ]);
  });

  it("authentik failing names the request and its status", async () => {
    ak.faults.failNext(1, 500, "GET /api/v3/core/users/me/");
    assert.deepEqual(await problems({}), [
      `authentik:url: authentik at ${ak.url} answered GET /api/v3/core/users/me/ with HTTP 500: "Fault injected by ` +
        `the authentik double (HTTP 500)". Fix: check authentik's logs and run the preview again once it answers`,
    ]);
  });

  it("both flow lookups failing alike are one problem", async () => {
    ak.faults.failNext(2, 502, "GET /api/v3/flows/instances/");
    assert.deepEqual(await problems({}), [
      `authentik:url: authentik at ${ak.url} answered GET /api/v3/flows/instances/ with HTTP 502: "Fault injected ` +
        `by the authentik double (HTTP 502)". Fix: check authentik's logs and run the preview again once it answers`,
    ]);
  });

  it("an unreachable authentik is one line, not a problem", async () => {
    const dead = createServer();
    await new Promise<void>((r) => dead.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(dead.address() as AddressInfo).port}`;
    await new Promise<void>((r) => dead.close(() => r()));
    assert.deepEqual(await authentikPreflight({ ...input, url }), {
      kind: "unreachable",
      line:
        `authentik at ${url} could not be reached at preview (connection refused (ECONNREFUSED)); its token, ` +
        "flows, key pair and groups were not checked, and authentik's provider looks them up instead.",
    });
  });

  it("a slow authentik is unreachable after the timeout", async () => {
    ak.faults.delay(3000);
    const outcome = await authentikPreflight({ ...input, timeoutSeconds: 1 });
    assert.equal(outcome.kind === "unreachable" && outcome.line.includes("(no answer within 1 s)"), true);
  });
});

function auth(): RequestInit {
  return { headers: { authorization: `Bearer ${TOKEN}` } };
}
