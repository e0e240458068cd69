/**
 * MinIO's certs/CAs: an OpenID provider behind a private CA is reachable only when that CA is trusted. MinIO fetches
 * the discovery document and JWKS through a transport whose roots are the system's plus certs/CAs (minio/minio
 * cmd/server-main.go: globalRootCAs = certs.GetRootCAs(certs/CAs); cmd/config-current.go validateSubSysConfig passes
 * openid.LookupConfig NewHTTPTransport(), RootCAs: globalRootCAs), and Go reports an unknown root as
 * "tls: failed to verify certificate: x509: certificate signed by unknown authority".
 */
import assert from "node:assert/strict";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { makeTestCa, type TestCa } from "../../support/test-ca";
import { json, openidLine, setConfig } from "./support/admin";
import { CLIENT_ID, CLIENT_SECRET, startWorld, type World } from "./support/world";

/** A discovery document and an empty JWKS over https, with a certificate of `ca`. */
async function httpsIssuer(ca: TestCa): Promise<{ configUrl: string; close(): Promise<void> }> {
  let origin = "";
  const server: Server = createServer({ key: ca.serverKey, cert: ca.serverChain }, (req, res) => {
    res.setHeader("content-type", "application/json");
    if (req.url === "/jwks") res.end(JSON.stringify({ keys: [] }));
    else res.end(JSON.stringify({ issuer: `${origin}/`, jwks_uri: `${origin}/jwks` }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    configUrl: `${origin}/.well-known/openid-configuration`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("MinIO double: an OpenID provider behind a private CA", () => {
  let ca: TestCa;
  let issuer: { configUrl: string; close(): Promise<void> };
  before(async () => {
    ca = makeTestCa();
    issuer = await httpsIssuer(ca);
  });
  after(async () => {
    await issuer?.close();
    ca?.remove();
  });
  const line = () =>
    openidLine("", { config_url: issuer.configUrl, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });

  it("without the CA in certs/CAs: set-config-kv is refused with Go's unknown-authority error", async () => {
    const w: World = await startWorld();
    try {
      const res = await setConfig(w.root, line());
      assert.equal(res.status, 400, res.text);
      assert.deepEqual(
        [json(res).Code, json(res).Message],
        [
          "XMinioAdminConfigBadJSON",
          `Get "${issuer.configUrl}": tls: failed to verify certificate: x509: certificate signed by unknown authority`,
        ],
      );
    } finally {
      await w.close();
    }
  });

  it("with the CA in certs/CAs: the same config is accepted", async () => {
    const w: World = await startWorld({ trustedCas: [ca.caPem] });
    try {
      const res = await setConfig(w.root, line());
      assert.equal(res.status, 200, res.text);
      assert.equal(w.minio.pendingConfig().identity_openid.config_url, issuer.configUrl);
    } finally {
      await w.close();
    }
  });
});
