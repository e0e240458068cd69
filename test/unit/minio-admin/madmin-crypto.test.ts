import assert from "node:assert/strict";
import * as fs from "node:fs";
import { describe, it } from "node:test";
import {
  algorithmForId,
  decryptData,
  deriveKey,
  encryptData,
  HEADER_SIZE,
  MadminDecryptError,
} from "../../../minio-admin/madmin-crypto";
import { fromRoot } from "../../support/paths";
import { plaintextOf, type GoVectorFile } from "../../vectors/vectors";

const vectorFile = JSON.parse(fs.readFileSync(fromRoot("test/vectors/madmin-vectors.json"), "utf8")) as GoVectorFile;

describe("madmin EncryptData/DecryptData against the Go (sio-go + x/crypto) vectors", () => {
  it("covers every algorithm, the empty plaintext, 1 byte, exactly one 16 KiB package and multi-package streams", () => {
    const algorithms = new Set(vectorFile.vectors.map((v) => v.algorithm));
    assert.deepEqual([...algorithms].sort(), ["argon2id-aes-gcm", "argon2id-chacha20poly1305", "pbkdf2-aes-gcm"]);
    for (const algorithm of algorithms) {
      const lengths = vectorFile.vectors.filter((v) => v.algorithm === algorithm).map((v) => v.plaintextLength);
      for (const required of [0, 1, 16384, 40000]) assert.ok(lengths.includes(required), `${algorithm} ${required}`);
    }
    assert.match(vectorFile.generator, /github\.com\/secure-io\/sio-go v0\.3\.1/);
  });

  for (const v of vectorFile.vectors) {
    it(`${v.name}: derives the same key, decrypts, and re-encrypts to the same bytes`, () => {
      const salt = Buffer.from(v.saltHex, "hex");
      const nonce = Buffer.from(v.nonceHex, "hex");
      const ciphertext = Buffer.from(v.ciphertextBase64, "base64");
      const plaintext = plaintextOf(v);
      assert.equal(plaintext.length, v.plaintextLength);
      assert.equal(deriveKey(v.algorithm, v.password, salt).toString("hex"), v.keyHex);
      assert.equal(ciphertext[32], v.algorithmId);
      assert.equal(algorithmForId(v.algorithmId), v.algorithm);
      assert.equal(ciphertext.length, HEADER_SIZE + v.plaintextLength + 16 * v.packages);
      assert.deepEqual(decryptData(v.password, ciphertext), plaintext);
      const again = encryptData(v.password, plaintext, { algorithm: v.algorithm, salt, nonce });
      assert.equal(again.toString("base64"), v.ciphertextBase64);
    });
  }
});

describe("madmin decryption failures", () => {
  const password = "correct-root-secret-9f3a";
  const fast = { algorithm: "pbkdf2-aes-gcm" as const };
  const multi = encryptData(password, Buffer.alloc(40000, 7), fast);

  it("a wrong root secret fails with a MadminDecryptError that does not contain either password", () => {
    const wrong = "wrong-root-secret-77c1";
    const sealed = encryptData(password, Buffer.from("identity_openid client_id=x"));
    assert.throws(
      () => decryptData(wrong, sealed),
      (err: unknown) => {
        assert.ok(err instanceof MadminDecryptError);
        assert.equal(
          err.message,
          "cannot decrypt argon2id-aes-gcm data: data is not authentic (wrong root secret key, or corrupted or truncated data)",
        );
        assert.ok(!err.message.includes(wrong) && !err.message.includes(password));
        return true;
      },
    );
  });

  it("rejects a flipped bit in any package, in the nonce and in the salt", () => {
    for (const offset of [5, 33, 40, HEADER_SIZE, HEADER_SIZE + 16400 + 3, multi.length - 1]) {
      const bad = Buffer.from(multi);
      bad[offset] ^= 0x01;
      assert.throws(() => decryptData(password, bad), MadminDecryptError, `offset ${offset}`);
    }
  });

  it("rejects a stream cut after a full non-final package (the final flag is authenticated)", () => {
    const cut = multi.subarray(0, HEADER_SIZE + 16400);
    assert.throws(() => decryptData(password, cut), /data is not authentic/);
  });

  it("rejects a stream with the final package removed, extra bytes appended, or packages swapped", () => {
    assert.throws(() => decryptData(password, multi.subarray(0, HEADER_SIZE + 2 * 16400)), MadminDecryptError);
    assert.throws(() => decryptData(password, Buffer.concat([multi, Buffer.alloc(1)])), MadminDecryptError);
    const p1 = multi.subarray(HEADER_SIZE, HEADER_SIZE + 16400);
    const p2 = multi.subarray(HEADER_SIZE + 16400, HEADER_SIZE + 32800);
    const swapped = Buffer.concat([multi.subarray(0, HEADER_SIZE), p2, p1, multi.subarray(HEADER_SIZE + 32800)]);
    assert.throws(() => decryptData(password, swapped), MadminDecryptError);
  });

  it("rejects data shorter than the header, a header without a tag, and an unknown algorithm id", () => {
    assert.throws(
      () => decryptData(password, Buffer.alloc(40)),
      new MadminDecryptError("encrypted data is 40 bytes, shorter than its 41-byte header"),
    );
    assert.throws(() => decryptData(password, multi.subarray(0, HEADER_SIZE + 15)), /stream is truncated/);
    const unknown = Buffer.from(multi);
    unknown[32] = 3;
    assert.throws(
      () => decryptData(password, unknown),
      new MadminDecryptError("encrypted data names an unknown algorithm id 3"),
    );
  });

  it("reads the algorithm from the header: each id decrypts only with its own cipher", () => {
    const sealed = encryptData(password, Buffer.from("abc"), { algorithm: "argon2id-chacha20poly1305" });
    assert.equal(sealed[32], 1);
    const relabelled = Buffer.from(sealed);
    relabelled[32] = 0;
    assert.throws(() => decryptData(password, relabelled), MadminDecryptError);
    assert.equal(decryptData(password, sealed).toString(), "abc");
  });
});

describe("madmin encryption options", () => {
  it("uses a fresh random salt and nonce per call by default, and argon2id-aes-gcm (id 0)", () => {
    const a = encryptData("pw-12345678", Buffer.from("same"));
    const b = encryptData("pw-12345678", Buffer.from("same"));
    assert.equal(a[32], 0);
    assert.notDeepEqual(a.subarray(0, 32), b.subarray(0, 32));
    assert.notDeepEqual(a.subarray(33, 41), b.subarray(33, 41));
  });

  it("refuses a salt or nonce of the wrong size", () => {
    assert.throws(
      () => encryptData("pw", Buffer.from("x"), { salt: Buffer.alloc(31) }),
      /the salt must be 32 bytes, got 31/,
    );
    assert.throws(
      () => encryptData("pw", Buffer.from("x"), { nonce: Buffer.alloc(12) }),
      /the nonce must be 8 bytes, got 12/,
    );
  });
});
