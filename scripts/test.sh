#!/usr/bin/env bash
# The one test command: puts Node 24 first on PATH, installs the locked dependencies and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$(bash scripts/node24.sh):$PATH"
export PATH
echo "node $(node --version), npm $(npm --version)"
npm ci --no-audit --no-fund --loglevel=error
npm test
