// Shapes of the cross-implementation vector files in test/vectors/, shared by the unit tests and the TS step of
// regen.sh. The Go side (test/vectors/gen) reads and writes the same shapes.
import type { MadminAlgorithm } from "../../minio-admin/madmin-crypto";

/** A plaintext given literally, or as a pattern whose byte i is (seed + 31*i) mod 256. */
export interface PlaintextSpec {
  plaintextUtf8?: string;
  patternLength?: number;
  patternSeed?: number;
}

/** One vector of madmin-vectors.json, written by `go run . write`. */
export interface GoVector extends PlaintextSpec {
  name: string;
  algorithm: MadminAlgorithm;
  algorithmId: number;
  password: string;
  saltHex: string;
  nonceHex: string;
  keyHex: string;
  plaintextLength: number;
  packages: number;
  ciphertextBase64: string;
}

export interface GoVectorFile {
  description: string;
  generator: string;
  vectors: GoVector[];
}

/** One TypeScript-made ciphertext, checked by `go run . check`. */
export interface TsCiphertext extends PlaintextSpec {
  name: string;
  algorithm: MadminAlgorithm;
  password: string;
  ciphertextBase64: string;
}

export function patternBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = (seed + 31 * i) % 256;
  return out;
}

export function plaintextOf(spec: PlaintextSpec): Buffer {
  if (spec.plaintextUtf8 !== undefined && spec.patternLength === undefined)
    return Buffer.from(spec.plaintextUtf8, "utf8");
  if (spec.plaintextUtf8 === undefined && spec.patternLength !== undefined && spec.patternSeed !== undefined) {
    return patternBytes(spec.patternLength, spec.patternSeed);
  }
  throw new Error("a plaintext needs either plaintextUtf8 or patternLength+patternSeed");
}
