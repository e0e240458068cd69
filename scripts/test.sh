#!/usr/bin/env bash
# The one test command: generates the authentik SDK, installs the locked dependencies (once, with Node 24), compiles,
# then runs every test on Node 24 and again on Node 22, the two supported lines (versions pinned in versions.env).
set -euo pipefail
cd "$(dirname "$0")/.."
node24="$(bash scripts/node.sh 24)"
node22="$(bash scripts/node.sh 22)"
PATH="$node24:$PATH"
export PATH
echo "node $(node --version), npm $(npm --version)"
# @pulumi/authentik is generated, not committed: write sdks/authentik before npm installs it.
bash scripts/authentik-sdk.sh
npm ci --no-audit --no-fund --loglevel=error
npm test
# The same compiled tests on Node 22; whatever they start with `node` runs on Node 22 too.
echo "== the same tests on node $("$node22/node" --version)"
PATH="$node22:$PATH" npm run --silent test:compiled
