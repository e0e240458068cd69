// A tiny OpenID issuer for the MinIO double's tests: RSA keys from node:crypto, a discovery document,
// a JWKS, and JWT signing. It listens on 127.0.0.1 on an ephemeral port.
import { createHmac, createSign, generateKeyPairSync, type KeyObject, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { closedLoopbackUrl } from "../../../support/net";

export interface SignOptions {
  /** Header kid; null leaves it out. Defaults to the current key's kid. */
  kid?: string | null;
  alg?: "RS256" | "PS256" | "HS256";
  /** Private RSA key to sign with (defaults to the current key), or the HMAC secret for HS256. */
  key?: KeyObject | string;
}

export interface TestIssuer {
  url: string;
  configUrl: string;
  jwksUrl: string;
  kid: string;
  /** A signed JWT with exactly these claims. */
  sign(claims: Record<string, unknown>, opts?: SignOptions): string;
  /** An id_token: iss, sub, aud, iat, exp (one hour) plus the given claims (undefined values removed). */
  idToken(claims?: Record<string, unknown>, opts?: SignOptions): string;
  /** Adds a new key to the JWKS and makes it the signing key; returns its kid. */
  rotate(): string;
  /** Status for discovery / JWKS responses (200 = normal). */
  setDiscoveryStatus(status: number): void;
  setJwksStatus(status: number): void;
  /** Replace the discovery document (undefined restores the default). */
  setDiscovery(doc: unknown): void;
  jwksRequests(): number;
  discoveryRequests(): number;
  close(): Promise<void>;
}

interface Key {
  kid: string;
  priv: KeyObject;
  pub: KeyObject;
}

function newKey(): Key {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { kid: randomUUID(), priv: privateKey, pub: publicKey };
}

function b64(obj: unknown): string {
  return Buffer.from(JSON.stringify(obj)).toString("base64url");
}

export function signJwt(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  alg: string,
  key: KeyObject | string,
): string {
  const input = `${b64({ ...header, alg })}.${b64(claims)}`;
  let sig: Buffer;
  if (alg === "HS256")
    sig = createHmac("sha256", key as string)
      .update(input)
      .digest();
  else if (alg === "PS256") {
    sig = createSign("sha256")
      .update(input)
      .sign({ key: key as KeyObject, padding: 6, saltLength: 32 });
  } else
    sig = createSign("sha256")
      .update(input)
      .sign(key as KeyObject);
  return `${input}.${sig.toString("base64url")}`;
}

export async function startIssuer(opts: { clientId?: string } = {}): Promise<TestIssuer> {
  const keys: Key[] = [newKey()];
  let current = keys[0];
  let discoveryStatus = 200;
  let jwksStatus = 200;
  let discoveryOverride: unknown;
  let jwksCount = 0;
  let discoveryCount = 0;
  let base = "";
  const defaultDiscovery = () => ({
    issuer: base,
    authorization_endpoint: `${base}/authorize`,
    token_endpoint: `${base}/token`,
    userinfo_endpoint: `${base}/userinfo`,
    jwks_uri: `${base}/jwks`,
    scopes_supported: ["openid", "profile", "email"],
    response_types_supported: ["code"],
    id_token_signing_alg_values_supported: ["RS256"],
  });
  const server: Server = createServer((req, res) => {
    const json = (status: number, v: unknown) => {
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(status === 200 ? JSON.stringify(v) : JSON.stringify({ error: "unavailable" }));
    };
    if (req.url === "/.well-known/openid-configuration") {
      discoveryCount++;
      json(discoveryStatus, discoveryOverride ?? defaultDiscovery());
    } else if (req.url === "/jwks") {
      jwksCount++;
      const jwks = keys.map((k) => ({ ...k.pub.export({ format: "jwk" }), kid: k.kid, use: "sig", alg: "RS256" }));
      json(jwksStatus, { keys: jwks });
    } else json(404, {});
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = opts.clientId ?? "minio-client";

  const issuer: TestIssuer = {
    url: base,
    configUrl: `${base}/.well-known/openid-configuration`,
    jwksUrl: `${base}/jwks`,
    get kid() {
      return current.kid;
    },
    sign(claims, o = {}) {
      const alg = o.alg ?? "RS256";
      const header: Record<string, unknown> = { typ: "JWT" };
      const kid = o.kid === undefined ? current.kid : o.kid;
      if (kid !== null) header.kid = kid;
      return signJwt(header, claims, alg, o.key ?? current.priv);
    },
    idToken(claims = {}, o) {
      const now = Math.floor(Date.now() / 1000);
      const all: Record<string, unknown> = {
        iss: base,
        sub: "user-1",
        aud: clientId,
        iat: now,
        exp: now + 3600,
        ...claims,
      };
      for (const k of Object.keys(all)) if (all[k] === undefined) delete all[k];
      return issuer.sign(all, o);
    },
    rotate() {
      current = newKey();
      keys.push(current);
      return current.kid;
    },
    setDiscoveryStatus: (s) => void (discoveryStatus = s),
    setJwksStatus: (s) => void (jwksStatus = s),
    setDiscovery: (d) => void (discoveryOverride = d),
    jwksRequests: () => jwksCount,
    discoveryRequests: () => discoveryCount,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return issuer;
}

/** A loopback URL on which nothing listens (a port that was just released). */
export function deadUrl(path = "/.well-known/openid-configuration"): Promise<string> {
  return closedLoopbackUrl(path);
}
