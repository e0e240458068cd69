#!/usr/bin/env bash
# The one test command: puts Node 24 first on PATH, generates the authentik SDK, installs the locked dependencies
# and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
PATH="$(bash scripts/node.sh):$PATH"
export PATH
echo "node $(node --version), npm $(npm --version)"
# @pulumi/authentik is generated, not committed: write sdks/authentik before npm installs it.
bash scripts/authentik-sdk.sh
npm ci --no-audit --no-fund --loglevel=error
npm test
