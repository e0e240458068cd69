#!/usr/bin/env bash
# Differential check of the policy pack's https rule against Go's net/url (see check.ts). Needs Go (standard
# library only) and node_modules; Node 24 comes from scripts/node.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
PATH="$(bash "$root/scripts/node.sh"):$PATH" && export PATH
tmp="$(mktemp -d)" && trap 'rm -rf "$tmp"' EXIT
bash "$root/scripts/tsc-subset.sh" "$tmp/js" test/urlcheck/check.ts
NODE_PATH="$root/node_modules" node "$tmp/js/test/urlcheck/check.js" "$here/goparse"
