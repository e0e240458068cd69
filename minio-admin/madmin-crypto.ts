// MinIO's admin API body encryption (madmin's EncryptData/DecryptData format), implemented with node:crypto and,
// for Argon2id, @node-rs/argon2 (node:crypto has Argon2 only from Node 24.7; this runs on Node 22 too).
//
//   salt (32 bytes) | algorithm id (1 byte) | stream nonce (8 bytes) | sio-go stream (see sio.ts)
//
// The key is derived from the password (the MinIO root secret key, as UTF-8 bytes) and the salt:
//   id 0: Argon2id (1 pass, 64 MiB, 4 lanes, 32-byte key) + AES-256-GCM
//   id 1: Argon2id (same parameters) + ChaCha20-Poly1305
//   id 2: PBKDF2-HMAC-SHA256 (8192 iterations, 32-byte key) + AES-256-GCM
// The stream carries no associated data. Sources: the research notes shared/reference/minio.md §3.5, sio-go v0.3.1,
// and the cross-check vectors in test/vectors/ produced with sio-go and golang.org/x/crypto.
import * as crypto from "node:crypto";
import { Algorithm, hashRawSync } from "@node-rs/argon2";
import { openStream, sealStream, STREAM_NONCE_SIZE, StreamAuthError, type StreamCipher } from "./sio";

export type MadminAlgorithm = "argon2id-aes-gcm" | "argon2id-chacha20poly1305" | "pbkdf2-aes-gcm";

export interface EncryptOptions {
  /** Defaults to "argon2id-aes-gcm", madmin's choice on hardware with AES support. */
  algorithm?: MadminAlgorithm;
  /** 32 bytes; random when omitted. Only tests should fix it. */
  salt?: Uint8Array;
  /** 8 bytes; random when omitted. Only tests should fix it. */
  nonce?: Uint8Array;
}

/** Decryption failed: wrong password (root secret key), corrupted or truncated data, or an unknown format. */
export class MadminDecryptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MadminDecryptError";
  }
}

export const SALT_SIZE = 32;
export const HEADER_SIZE = SALT_SIZE + 1 + STREAM_NONCE_SIZE;

interface AlgorithmSpec {
  id: number;
  kdf: "argon2id" | "pbkdf2-sha256";
  cipher: StreamCipher;
}

const ALGORITHMS: Record<MadminAlgorithm, AlgorithmSpec> = {
  "argon2id-aes-gcm": { id: 0, kdf: "argon2id", cipher: "aes-256-gcm" },
  "argon2id-chacha20poly1305": { id: 1, kdf: "argon2id", cipher: "chacha20-poly1305" },
  "pbkdf2-aes-gcm": { id: 2, kdf: "pbkdf2-sha256", cipher: "aes-256-gcm" },
};

export const ARGON2ID_PARAMETERS = { passes: 1, memoryKiB: 64 * 1024, parallelism: 4 } as const;
export const PBKDF2_ITERATIONS = 8192;
const KEY_SIZE = 32;

/** The algorithm named by a header id byte, or undefined. */
export function algorithmForId(id: number): MadminAlgorithm | undefined {
  return (Object.keys(ALGORITHMS) as MadminAlgorithm[]).find((name) => ALGORITHMS[name].id === id);
}

/** The header id byte of an algorithm. */
export function algorithmId(algorithm: MadminAlgorithm): number {
  const spec = ALGORITHMS[algorithm];
  if (!spec) throw new Error(`unknown madmin algorithm ${String(algorithm)}`);
  return spec.id;
}

/** Derives the 32-byte stream key for `algorithm` from the password and salt. */
export function deriveKey(algorithm: MadminAlgorithm, password: string, salt: Uint8Array): Buffer<ArrayBuffer> {
  const spec = ALGORITHMS[algorithm];
  if (!spec) throw new Error(`unknown madmin algorithm ${String(algorithm)}`);
  const message = Buffer.from(password, "utf8");
  if (spec.kdf === "pbkdf2-sha256") return crypto.pbkdf2Sync(message, salt, PBKDF2_ITERATIONS, KEY_SIZE, "sha256");
  const key = hashRawSync(message, {
    algorithm: Algorithm.Argon2id,
    salt,
    timeCost: ARGON2ID_PARAMETERS.passes,
    memoryCost: ARGON2ID_PARAMETERS.memoryKiB,
    parallelism: ARGON2ID_PARAMETERS.parallelism,
    outputLen: KEY_SIZE,
  });
  return Buffer.from(key);
}

function fixedOrRandom(value: Uint8Array | undefined, size: number, what: string): Buffer<ArrayBuffer> {
  if (value === undefined) return crypto.randomBytes(size);
  if (value.length !== size) throw new Error(`the ${what} must be ${size} bytes, got ${value.length}`);
  return Buffer.from(value);
}

/** Encrypts `plaintext` the way madmin's EncryptData does, keyed by `password` (the root secret key). */
export function encryptData(password: string, plaintext: Uint8Array, opts: EncryptOptions = {}): Buffer<ArrayBuffer> {
  const algorithm = opts.algorithm ?? "argon2id-aes-gcm";
  const spec = ALGORITHMS[algorithm];
  if (!spec) throw new Error(`unknown madmin algorithm ${String(algorithm)}`);
  const salt = fixedOrRandom(opts.salt, SALT_SIZE, "salt");
  const nonce = fixedOrRandom(opts.nonce, STREAM_NONCE_SIZE, "nonce");
  const key = deriveKey(algorithm, password, salt);
  const stream = sealStream(spec.cipher, key, nonce, plaintext);
  return Buffer.concat([salt, Buffer.of(spec.id), nonce, stream]);
}

/** Decrypts data in madmin's format; throws MadminDecryptError (whose message never holds the password). */
export function decryptData(password: string, data: Uint8Array): Buffer<ArrayBuffer> {
  if (data.length < HEADER_SIZE) {
    throw new MadminDecryptError(`encrypted data is ${data.length} bytes, shorter than its ${HEADER_SIZE}-byte header`);
  }
  const id = data[SALT_SIZE];
  const algorithm = algorithmForId(id);
  if (algorithm === undefined) throw new MadminDecryptError(`encrypted data names an unknown algorithm id ${id}`);
  const salt = data.subarray(0, SALT_SIZE);
  const nonce = data.subarray(SALT_SIZE + 1, HEADER_SIZE);
  const key = deriveKey(algorithm, password, salt);
  try {
    return openStream(ALGORITHMS[algorithm].cipher, key, nonce, data.subarray(HEADER_SIZE));
  } catch (err) {
    if (err instanceof StreamAuthError) {
      throw new MadminDecryptError(
        `cannot decrypt ${algorithm} data: ${err.message} (wrong root secret key, or corrupted or truncated data)`,
      );
    }
    throw err;
  }
}
