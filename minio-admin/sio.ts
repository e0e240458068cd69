// The sio-go "DARE 2.0" authenticated stream format, written from the format facts of github.com/secure-io/sio-go
// v0.3.1 (MIT): plaintext is cut into packages of at most 16 KiB; each package is sealed with the AEAD into
// ciphertext || 16-byte tag.
//
// - AEAD nonce (12 bytes) = the stream's 8-byte nonce || a 32-bit little-endian sequence number.
// - Sequence number 0 is reserved: the tag of sealing an empty message with nonce||0 and the caller's associated
//   data gives the 16-byte "stream tag".
// - Package i (counting from 0) uses sequence number i + 1 and associated data = flag byte || stream tag, where the
//   flag is 0x00 for every package except the last one, which has 0x80.
// - Every package but the last holds exactly 16 KiB; the last holds 1..16 KiB, or nothing for an empty stream.
// - A reader treats a chunk as the last one exactly when no bytes follow it, so a stream can't be cut short or
//   extended without failing authentication.
import * as crypto from "node:crypto";

export type StreamCipher = "aes-256-gcm" | "chacha20-poly1305";

/** Plaintext bytes per package (sio-go's BufSize). */
export const PACKAGE_SIZE = 16 * 1024;
/** Authentication tag length of both AEADs. */
export const TAG_SIZE = 16;
/** Length of the caller-supplied stream nonce (the AEAD nonce minus the 4-byte sequence number). */
export const STREAM_NONCE_SIZE = 8;
/** The highest usable sequence number; sio-go stops before wrapping the 32-bit counter. */
const MAX_SEQUENCE = 0xffffffff;

const FLAG_MORE = 0x00;
const FLAG_FINAL = 0x80;

/** Raised when a stream fails authentication or is malformed. The message never holds key material. */
export class StreamAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StreamAuthError";
  }
}

function packageNonce(streamNonce: Uint8Array, sequence: number): Buffer {
  const nonce = Buffer.alloc(STREAM_NONCE_SIZE + 4);
  nonce.set(streamNonce, 0);
  nonce.writeUInt32LE(sequence, STREAM_NONCE_SIZE);
  return nonce;
}

function seal(cipher: StreamCipher, key: Uint8Array, nonce: Buffer, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  const c =
    cipher === "aes-256-gcm"
      ? crypto.createCipheriv(cipher, key, nonce, { authTagLength: TAG_SIZE })
      : crypto.createCipheriv(cipher, key, nonce, { authTagLength: TAG_SIZE });
  c.setAAD(aad, { plaintextLength: plaintext.length });
  const body = Buffer.concat([c.update(plaintext), c.final()]);
  return Buffer.concat([body, c.getAuthTag()]);
}

function open(cipher: StreamCipher, key: Uint8Array, nonce: Buffer, sealed: Uint8Array, aad: Uint8Array): Buffer {
  const d =
    cipher === "aes-256-gcm"
      ? crypto.createDecipheriv(cipher, key, nonce, { authTagLength: TAG_SIZE })
      : crypto.createDecipheriv(cipher, key, nonce, { authTagLength: TAG_SIZE });
  const bodyLength = sealed.length - TAG_SIZE;
  d.setAAD(aad, { plaintextLength: bodyLength });
  d.setAuthTag(sealed.subarray(bodyLength));
  const body = d.update(sealed.subarray(0, bodyLength));
  try {
    return Buffer.concat([body, d.final()]);
  } catch {
    throw new StreamAuthError("data is not authentic");
  }
}

function checkParameters(cipher: StreamCipher, key: Uint8Array, streamNonce: Uint8Array): void {
  if (cipher !== "aes-256-gcm" && cipher !== "chacha20-poly1305") throw new Error(`unsupported cipher ${cipher}`);
  if (key.length !== 32) throw new Error(`the key must be 32 bytes, got ${key.length}`);
  if (streamNonce.length !== STREAM_NONCE_SIZE) {
    throw new Error(`the stream nonce must be ${STREAM_NONCE_SIZE} bytes, got ${streamNonce.length}`);
  }
}

/** The per-package associated data: a flag byte followed by the stream tag (sequence number 0). */
function packageAad(cipher: StreamCipher, key: Uint8Array, streamNonce: Uint8Array, associatedData: Uint8Array) {
  const streamTag = seal(cipher, key, packageNonce(streamNonce, 0), new Uint8Array(0), associatedData);
  const aad = Buffer.alloc(1 + TAG_SIZE);
  streamTag.copy(aad, 1);
  return (final: boolean): Buffer => {
    aad[0] = final ? FLAG_FINAL : FLAG_MORE;
    return aad;
  };
}

/** Number of packages a plaintext of `length` bytes is cut into (an empty plaintext still has one). */
export function packageCount(length: number): number {
  return length === 0 ? 1 : Math.ceil(length / PACKAGE_SIZE);
}

/** Encrypts a whole plaintext into the sio-go stream format (without any header). */
export function sealStream(
  cipher: StreamCipher,
  key: Uint8Array,
  streamNonce: Uint8Array,
  plaintext: Uint8Array,
  associatedData: Uint8Array = new Uint8Array(0),
): Buffer<ArrayBuffer> {
  checkParameters(cipher, key, streamNonce);
  const count = packageCount(plaintext.length);
  if (count > MAX_SEQUENCE - 1) throw new Error("plaintext too large for one stream");
  const aadFor = packageAad(cipher, key, streamNonce, associatedData);
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const chunk = plaintext.subarray(i * PACKAGE_SIZE, Math.min((i + 1) * PACKAGE_SIZE, plaintext.length));
    parts.push(seal(cipher, key, packageNonce(streamNonce, i + 1), chunk, aadFor(i === count - 1)));
  }
  return Buffer.concat(parts);
}

/** Decrypts and verifies a whole sio-go stream; throws StreamAuthError when anything does not authenticate. */
export function openStream(
  cipher: StreamCipher,
  key: Uint8Array,
  streamNonce: Uint8Array,
  sealed: Uint8Array,
  associatedData: Uint8Array = new Uint8Array(0),
): Buffer<ArrayBuffer> {
  checkParameters(cipher, key, streamNonce);
  const sealedPackage = PACKAGE_SIZE + TAG_SIZE;
  const aadFor = packageAad(cipher, key, streamNonce, associatedData);
  const parts: Buffer[] = [];
  let offset = 0;
  let sequence = 1;
  for (;;) {
    if (sequence > MAX_SEQUENCE) throw new StreamAuthError("stream has too many packages");
    const remaining = sealed.length - offset;
    // A chunk is the final one when nothing follows it: a full package followed by more bytes is not final.
    const final = remaining <= sealedPackage;
    const length = final ? remaining : sealedPackage;
    if (length < TAG_SIZE) throw new StreamAuthError("stream is truncated");
    const chunk = sealed.subarray(offset, offset + length);
    parts.push(open(cipher, key, packageNonce(streamNonce, sequence), chunk, aadFor(final)));
    if (final) return Buffer.concat(parts);
    offset += length;
    sequence++;
  }
}
