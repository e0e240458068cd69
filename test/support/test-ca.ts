/**
 * A private CA made for one test run with the openssl CLI: a root, and a server certificate it signs for 127.0.0.1
 * and localhost. The doubles serve `serverChain` (leaf, then root, as many corporate servers do), so a client that
 * trusts only the default roots fails with SELF_SIGNED_CERT_IN_CHAIN.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export interface TestCa {
  /** The directory holding every file below. */
  dir: string;
  /** The root certificate, PEM, and the file that holds it. */
  caPem: string;
  caFile: string;
  /** The server's private key and its chain (leaf then root), PEM: the `key` and `cert` of a TLS server. */
  serverKey: string;
  serverChain: string;
  /** Removes the directory. */
  remove(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
}

/** Makes a fresh CA (RSA 2048, valid two days) and a server certificate for 127.0.0.1 and localhost. */
export function makeTestCa(name = "minio-sso test CA"): TestCa {
  const dir = mkdtempSync(path.join(tmpdir(), "minio-sso-ca-"));
  const days = ["-days", "2"];
  openssl(dir, [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", ...days,
    "-subj", `/CN=${name}`,
    "-addext", "basicConstraints=critical,CA:TRUE",
    "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]); // prettier-ignore
  openssl(dir, [
    "req",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    "server.key",
    "-out",
    "server.csr",
    "-subj",
    "/CN=127.0.0.1",
  ]);
  writeFileSync(
    path.join(dir, "server.ext"),
    "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
  );
  openssl(dir, [
    "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
    "-out", "server.pem", ...days, "-extfile", "server.ext",
  ]); // prettier-ignore
  const read = (file: string) => readFileSync(path.join(dir, file), "utf8");
  const caPem = read("ca.pem");
  return {
    dir,
    caPem,
    caFile: path.join(dir, "ca.pem"),
    serverKey: read("server.key"),
    serverChain: read("server.pem") + caPem,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
