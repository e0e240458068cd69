#!/usr/bin/env bash
# Cross-checks minio-admin/madmin-crypto.ts against an independent Go implementation (test/vectors/gen, built on
# github.com/secure-io/sio-go and golang.org/x/crypto):
#   1. regenerates test/vectors/madmin-vectors.json with Go (fixed passwords, salts, nonces, plaintexts);
#   2. encrypts a set of plaintexts with the TypeScript code (random salts/nonces) into a temporary file;
#   3. has Go decrypt every TypeScript ciphertext (and refuse a wrong password); exits non-zero on any mismatch.
# Needs Go and the Go module proxy; Node 24 comes from scripts/node.sh. The unit tests need neither.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
PATH="$(bash "$root/scripts/node.sh"):$PATH"
export PATH
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

echo "== Go: writing madmin-vectors.json"
(cd "$here/gen" && go run . write "$here/madmin-vectors.json")

echo "== TypeScript: encrypting with minio-admin/madmin-crypto.ts"
bash "$root/scripts/tsc-subset.sh" "$tmp/js" test/vectors/write-ts-ciphertexts.ts
# The compiled files live outside the checkout: they find its dependencies (@node-rs/argon2) through NODE_PATH.
NODE_PATH="$root/node_modules" node "$tmp/js/test/vectors/write-ts-ciphertexts.js" "$tmp/ts-ciphertexts.json"

echo "== Go: decrypting the TypeScript ciphertexts"
(cd "$here/gen" && go run . check "$tmp/ts-ciphertexts.json")
