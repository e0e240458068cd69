#!/usr/bin/env bash
# Writes sdks/authentik (the generated @pulumi/authentik) from the authentik provider's Pulumi schema, offline, with
# Pulumi's own nodejs code generator (scripts/gen-sdk). The result is cached outside the checkout, keyed by the
# schema's hash and the generator (its source and the pinned Pulumi pkg version), so a warm run only copies files.
#
# Usage: bash scripts/authentik-sdk.sh [SCHEMA.json]   (default: ../shared/authentik-sdk/schema.json)
# With internet, `pulumi install` writes the same sdks/authentik from Pulumi.yaml's `packages:` entry instead.
set -euo pipefail
cd "$(dirname "$0")/.."
schema="$(realpath "${1:-../shared/authentik-sdk/schema.json}")"
[ -f "$schema" ] || { echo "error: no schema at $schema (pass the schema file as the first argument)" >&2; exit 1; }
cache="${MINIO_SSO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/minio-authentik-sso}"
pkg_version="$(sed -n 's#^\s*github.com/pulumi/pulumi/pkg/v3 \(v[^ ]*\).*#\1#p' scripts/gen-sdk/go.mod)"
generator_key="$(cat scripts/gen-sdk/go.mod scripts/gen-sdk/go.sum scripts/gen-sdk/main.go | sha256sum | cut -c1-16)"
sdk_key="$(sha256sum <"$schema" | cut -c1-16)-pkg-$pkg_version-$generator_key"
generator="$cache/gen-sdk-$generator_key/gen-sdk"
out="$cache/authentik-sdk/$sdk_key"

if [ ! -x "$generator" ]; then
  echo "building the SDK generator (Pulumi pkg $pkg_version) into $(dirname "$generator")" >&2
  (cd scripts/gen-sdk && CGO_ENABLED=0 GOTOOLCHAIN=local go build -trimpath -o "$generator.tmp" .)
  mv "$generator.tmp" "$generator"
fi
if [ ! -d "$out" ]; then
  rm -rf "$out.tmp"
  "$generator" Pulumi.yaml authentik "$schema" "$out.tmp" >&2
  mv "$out.tmp" "$out"
fi
# Replace the generated files, keeping what `npm ci` adds (node_modules/, bin/) only if the sources are unchanged.
if ! diff -rq --exclude=node_modules --exclude=bin "$out" sdks/authentik >/dev/null 2>&1; then
  rm -rf sdks/authentik
  mkdir -p sdks
  cp -r "$out" sdks/authentik
fi
echo "sdks/authentik: @pulumi/authentik from $(basename "$schema") (sha256 ${sdk_key%%-*}...)" >&2
