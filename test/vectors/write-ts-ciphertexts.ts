// The TypeScript step of regen.sh: encrypts a fixed set of plaintexts with minio-admin/madmin-crypto.ts (random
// salts and nonces, as in real use) and writes them as JSON for `go run . check` to decrypt with sio-go.
//   node <compiled>/test/vectors/write-ts-ciphertexts.js <out.json>
import * as fs from "node:fs";
import { encryptData, type MadminAlgorithm } from "../../minio-admin/madmin-crypto";
import { plaintextOf, type PlaintextSpec, type TsCiphertext } from "./vectors";

const ALGORITHMS: MadminAlgorithm[] = ["argon2id-aes-gcm", "argon2id-chacha20poly1305", "pbkdf2-aes-gcm"];

const CASES: { name: string; password: string; plaintext: PlaintextSpec }[] = [
  { name: "empty", password: "ts-root-secret-1", plaintext: { plaintextUtf8: "" } },
  { name: "one-byte", password: "ts-root-secret-2", plaintext: { plaintextUtf8: "z" } },
  {
    name: "config-line",
    password: "ts-pässwörd-🔑",
    plaintext: {
      plaintextUtf8:
        'identity_openid config_url=http://127.0.0.1:9443/application/o/minio/.well-known/openid-configuration client_id=minio display_name="Login – SSO"',
    },
  },
  { name: "one-full-package-16384", password: "ts-root-secret-3", plaintext: { patternLength: 16384, patternSeed: 3 } },
  {
    name: "full-package-plus-one-16385",
    password: "ts-root-secret-4",
    plaintext: { patternLength: 16385, patternSeed: 5 },
  },
  { name: "three-packages-33000", password: "ts-root-secret-5", plaintext: { patternLength: 33000, patternSeed: 9 } },
];

export function makeTsCiphertexts(): { ciphertexts: TsCiphertext[] } {
  const ciphertexts: TsCiphertext[] = [];
  for (const algorithm of ALGORITHMS) {
    for (const c of CASES) {
      const sealed = encryptData(c.password, plaintextOf(c.plaintext), { algorithm });
      ciphertexts.push({
        name: `${algorithm}/${c.name}`,
        algorithm,
        password: c.password,
        ...c.plaintext,
        ciphertextBase64: sealed.toString("base64"),
      });
    }
  }
  return { ciphertexts };
}

if (require.main === module) {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write("usage: write-ts-ciphertexts <out.json>\n");
    process.exit(2);
  }
  const data = makeTsCiphertexts();
  fs.writeFileSync(out, `${JSON.stringify(data, null, 2)}\n`);
  process.stdout.write(`wrote ${data.ciphertexts.length} TypeScript ciphertexts to ${out}\n`);
}
