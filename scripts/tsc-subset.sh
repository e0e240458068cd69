#!/usr/bin/env bash
# Compiles only the given TypeScript files (and what they import) into OUTDIR, so that unrelated type errors
# elsewhere in the checkout can't interfere with a cross-check. Needs node_modules and Node on PATH.
# Usage: scripts/tsc-subset.sh OUTDIR FILE...
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$1"
shift
cd "$root"
npx tsc --outDir "$out" --rootDir . --module commonjs --moduleResolution node --target ES2023 \
  --lib ES2023 --types node --strict --esModuleInterop --skipLibCheck "$@"
