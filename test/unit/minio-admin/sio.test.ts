import assert from "node:assert/strict";
import * as crypto from "node:crypto";
import { describe, it } from "node:test";
import fc from "fast-check";
import { openStream, PACKAGE_SIZE, packageCount, sealStream, StreamAuthError } from "../../../minio-admin/sio";

const key = Buffer.alloc(32, 0x42);
const nonce = Buffer.from("0102030405060708", "hex");

describe("sio-go stream framing", () => {
  it("cuts plaintext into 16 KiB packages, with one package for the empty stream", () => {
    assert.equal(PACKAGE_SIZE, 16384);
    assert.deepEqual([0, 1, 16384, 16385, 32768, 40000].map(packageCount), [1, 1, 1, 2, 2, 3]);
    for (const n of [0, 1, 16384, 16385, 32768, 40000]) {
      assert.equal(sealStream("aes-256-gcm", key, nonce, Buffer.alloc(n)).length, n + 16 * packageCount(n));
    }
  });

  it("seals package i with sequence number i+1 and associated data flag||tag(seq 0), final flag 0x80", () => {
    // Rebuild a two-package stream by hand from the format description and compare.
    const plaintext = crypto.randomBytes(PACKAGE_SIZE + 10);
    const aeadNonce = (seq: number) => Buffer.concat([nonce, Buffer.from([seq, 0, 0, 0])]);
    const sealOne = (seq: number, data: Buffer, aad: Buffer) => {
      const c = crypto.createCipheriv("aes-256-gcm", key, aeadNonce(seq));
      c.setAAD(aad);
      return Buffer.concat([c.update(data), c.final(), c.getAuthTag()]);
    };
    const streamTag = sealOne(0, Buffer.alloc(0), Buffer.alloc(0));
    const first = sealOne(1, plaintext.subarray(0, PACKAGE_SIZE), Buffer.concat([Buffer.from([0x00]), streamTag]));
    const last = sealOne(2, plaintext.subarray(PACKAGE_SIZE), Buffer.concat([Buffer.from([0x80]), streamTag]));
    assert.deepEqual(sealStream("aes-256-gcm", key, nonce, plaintext), Buffer.concat([first, last]));
  });

  it("binds the caller's associated data into every package", () => {
    const sealed = sealStream("chacha20-poly1305", key, nonce, Buffer.from("hello"), Buffer.from("context-a"));
    assert.equal(openStream("chacha20-poly1305", key, nonce, sealed, Buffer.from("context-a")).toString(), "hello");
    assert.throws(
      () => openStream("chacha20-poly1305", key, nonce, sealed, Buffer.from("context-b")),
      new StreamAuthError("data is not authentic"),
    );
  });

  it("refuses keys and nonces of the wrong size", () => {
    assert.throws(
      () => sealStream("aes-256-gcm", Buffer.alloc(16), nonce, Buffer.alloc(1)),
      /the key must be 32 bytes, got 16/,
    );
    assert.throws(
      () => sealStream("aes-256-gcm", key, Buffer.alloc(12), Buffer.alloc(1)),
      /stream nonce must be 8 bytes, got 12/,
    );
  });

  it("round-trips any plaintext around the package boundaries, for both AEADs", () => {
    const sizes = fc.oneof(
      fc.integer({ min: 0, max: 40 }),
      fc.integer({ min: PACKAGE_SIZE - 3, max: PACKAGE_SIZE + 3 }),
      fc.integer({ min: 2 * PACKAGE_SIZE - 2, max: 2 * PACKAGE_SIZE + 2 }),
    );
    fc.assert(
      fc.property(
        sizes,
        fc.constantFrom("aes-256-gcm", "chacha20-poly1305") as fc.Arbitrary<"aes-256-gcm">,
        fc.integer(),
        (n, cipher, seed) => {
          const plaintext = Buffer.alloc(n, seed & 0xff);
          const sealed = sealStream(cipher, key, nonce, plaintext);
          assert.deepEqual(openStream(cipher, key, nonce, sealed), plaintext);
        },
      ),
      { numRuns: 60 },
    );
  });
});
