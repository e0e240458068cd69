#!/usr/bin/env bash
# Lints the GitHub Actions workflows: actionlint (built from its Go module at a pinned version, cached outside the
# checkout and keyed by that version), with shellcheck on every `run:` script, plus a check that each step's `with:`
# keys are inputs of the pinned action (actionlint only knows the inputs of the action versions in its own data set).
#
# Usage: bash scripts/lint-workflows.sh [WORKFLOW.yml ...]     (default: .github/workflows/*.yml of this checkout)
# Exit code: 0 no findings; 1 findings (printed on stdout); 2 a tool could not be set up (message on stderr).
# Environment: MINIO_SSO_CACHE (cache root, as in scripts/node.sh). When shellcheck is missing and cannot be
# installed, LINT_WORKFLOWS_NO_SHELLCHECK=1 lints anyway, without checking `run:` scripts (a warning says so).
set -euo pipefail

ACTIONLINT_VERSION=1.7.12
ACTIONLINT_MODULE=github.com/rhysd/actionlint/cmd/actionlint

# Repository/environment variables the workflows may read (`vars.X`); docs/ci.md describes each. actionlint reports
# any other name, so a typo cannot silently read an empty string.
CONFIG_VARIABLES=(PULUMI_BACKEND_URL PULUMI_ORG PULUMI_RUNNER)

# Inputs of each pinned action, copied from its action.yml at exactly that tag. A step that uses an action version
# not listed here is a finding: add its inputs (from that tag's action.yml) when bumping a pin.
ACTION_INPUTS="
actions/checkout@v7.0.1=repository ref token ssh-key ssh-known-hosts ssh-strict ssh-user persist-credentials path
  clean filter sparse-checkout sparse-checkout-cone-mode fetch-depth fetch-tags show-progress lfs submodules
  set-safe-directory github-server-url allow-unsafe-pr-checkout
actions/setup-node@v7.0.0=node-version node-version-file architecture check-latest registry-url scope token cache
  package-manager-cache cache-dependency-path mirror mirror-token
actions/setup-go@v7.0.0=go-version go-version-file check-latest token cache cache-dependency-path architecture
  go-download-base-url
pulumi/actions@v7.0.0=command stack-name pulumi-version pulumi-version-file work-dir comment-on-pr
  comment-on-pr-number comment-on-summary github-token cloud-url secrets-provider parallel message config-map
  expect-no-changes diff replace exclude exclude-dependents target target-dependents policyPacks policyPackConfigs
  refresh upsert remove edit-pr-comment color exclude-protected plan suppress-outputs suppress-progress
  always-include-summary continue-on-error log-verbosity log-flow debug
"

setup_error() {
  echo "lint-workflows: error: $*" >&2
  exit 2
}

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${MINIO_SSO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/minio-authentik-sso}"
bindir="$cache/actionlint-$ACTIONLINT_VERSION"
actionlint="$bindir/actionlint"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

installed_version() {
  [ -x "$actionlint" ] || return 0
  "$actionlint" -version 2>/dev/null | head -n 1 || true
}

# --- actionlint: build it once per version into the cache -----------------------------------------------------
if [ "$(installed_version)" != "v$ACTIONLINT_VERSION" ]; then
  command -v go >/dev/null 2>&1 ||
    setup_error "go is not on PATH; it is needed once to build $ACTIONLINT_MODULE@v$ACTIONLINT_VERSION (Go 1.25 or newer)"
  echo "lint-workflows: building $ACTIONLINT_MODULE@v$ACTIONLINT_VERSION into $bindir" >&2
  mkdir -p "$cache"
  stage="$(mktemp -d "$cache/actionlint-$ACTIONLINT_VERSION.XXXXXX")"
  # Built from a scratch directory with no go.mod/go.work around it, so nothing of the caller's Go setup applies.
  if ! (cd "$work" && GOBIN="$stage" GOFLAGS="" GOWORK=off go install "$ACTIONLINT_MODULE@v$ACTIONLINT_VERSION") >&2; then
    rm -rf "$stage"
    setup_error "go install $ACTIONLINT_MODULE@v$ACTIONLINT_VERSION failed (output above); check that the Go module proxy serves that module"
  fi
  rm -rf "$bindir"
  # Another run may have finished the same build first; then keep its copy.
  chmod 755 "$stage"
  mv -T "$stage" "$bindir" 2>/dev/null || rm -rf "$stage"
  got="$(installed_version)"
  [ "$got" = "v$ACTIONLINT_VERSION" ] ||
    setup_error "$actionlint reports version '${got:-none}' after go install of $ACTIONLINT_MODULE@v$ACTIONLINT_VERSION"
fi

# --- shellcheck: actionlint runs it on `run:` scripts only when it is installed -------------------------------
shellcheck_arg=""
if ! command -v shellcheck >/dev/null 2>&1 && [ "${LINT_WORKFLOWS_NO_SHELLCHECK:-}" != 1 ]; then
  as_root=()
  if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root=(sudo -n); fi
  if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" = 0 ] || [ ${#as_root[@]} -gt 0 ]; }; then
    echo "lint-workflows: installing shellcheck with apt-get" >&2
    "${as_root[@]}" apt-get update -qq >&2 &&
      "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >&2 ||
      echo "lint-workflows: apt-get could not install shellcheck" >&2
  fi
fi
if command -v shellcheck >/dev/null 2>&1; then
  shellcheck_arg="$(command -v shellcheck)"
  echo "lint-workflows: actionlint v$ACTIONLINT_VERSION, $(shellcheck --version | sed -n 's/^version: /shellcheck /p')" >&2
elif [ "${LINT_WORKFLOWS_NO_SHELLCHECK:-}" = 1 ]; then
  echo "lint-workflows: warning: shellcheck is not installed; run: scripts are NOT checked" >&2
else
  setup_error "shellcheck is not installed and could not be installed (needs apt-get as root or passwordless sudo);" \
    "install it, or set LINT_WORKFLOWS_NO_SHELLCHECK=1 to lint without checking run: scripts"
fi

# --- the files -------------------------------------------------------------------------------------------------
if [ $# -gt 0 ]; then
  files=("$@")
else
  cd "$root" # findings then name .github/workflows/<file>, as in the repository
  shopt -s nullglob
  files=(.github/workflows/*.yml)
  shopt -u nullglob
  [ ${#files[@]} -gt 0 ] || setup_error "no workflow files in $root/.github/workflows"
fi
for f in "${files[@]}"; do [ -f "$f" ] || setup_error "no such file: $f"; done

# Our own config (it replaces any .github/actionlint.yaml): only the variables listed above may be read.
{
  echo "config-variables:"
  for v in "${CONFIG_VARIABLES[@]}"; do echo "  - $v"; done
} >"$work/actionlint.yaml"

status=0
# -pyflakes= : no workflow step runs Python; disabling it keeps results the same on machines with and without it.
"$actionlint" -no-color -config-file "$work/actionlint.yaml" -shellcheck="$shellcheck_arg" -pyflakes= "${files[@]}" ||
  status=$?
if [ "$status" -gt 1 ]; then
  echo "lint-workflows: actionlint stopped with exit code $status (2: bad option, 3: fatal error)" >&2
  exit 2
fi

# --- `with:` keys against the inputs of the pinned action ------------------------------------------------------
# A line-based reading of block-style YAML (the style of our workflows): a step is a sequence item; its keys sit two
# columns right of the dash; `with:` must be a block mapping whose keys are the next indentation level.
inputs_status=0
ACTION_INPUTS="$ACTION_INPUTS" awk '
  BEGIN {
    n = split(ENVIRON["ACTION_INPUTS"], lines, "\n"); action = ""
    for (i = 1; i <= n; i++) {
      line = lines[i]
      if (line ~ /^[^ ].*=/) { action = substr(line, 1, index(line, "=") - 1); line = substr(line, index(line, "=") + 1) }
      if (action == "") continue
      m = split(line, words, " ")
      for (j = 1; j <= m; j++) { known[action] = 1; allowed[action SUBSEP words[j]] = 1 }
    }
  }
  function flush(   k, spec) {
    if (item_indent >= 0 && uses != "" && uses !~ /^(\.\/|docker:\/\/)/) {
      spec = uses
      if (!(spec in known)) {
        printf "%s:%d: action \"%s\" has no verified input list in scripts/lint-workflows.sh; pin a version listed there or add that tag'"'"'s inputs [action-inputs]\n", file, uses_line, spec
        bad = 1
      } else {
        for (k = 1; k <= nkeys; k++) if (!((spec SUBSEP keys[k]) in allowed)) {
          printf "%s:%d: input \"%s\" is not defined by action \"%s\" [action-inputs]\n", file, key_line[k], keys[k], spec
          bad = 1
        }
      }
    }
    if (item_indent >= 0 && uses != "" && flow_with != "") {
      printf "%s:%d: write `with:` as a block mapping (one input per line) [action-inputs]\n", file, flow_with
      bad = 1
    }
    item_indent = -1; uses = ""; nkeys = 0; in_with = 0; with_indent = -1; flow_with = ""
  }
  FNR == 1 { if (NR > 1) flush(); file = FILENAME; item_indent = -1; uses = ""; nkeys = 0; in_with = 0; with_indent = -1; flow_with = "" }
  /^[ \t]*(#.*)?$/ { next }
  {
    line = $0
    match(line, /^ */); indent = RLENGTH
    if (item_indent >= 0 && indent <= item_indent) flush()
    if (item_indent < 0 && line ~ /^ *- /) {
      item_indent = indent; key_indent = indent + 2
      line = substr(line, 1, indent) "  " substr(line, indent + 3); indent = key_indent
    }
    if (item_indent < 0) next
    if (indent == key_indent && match(line, /^ *[A-Za-z0-9_-]+:/)) {
      key = substr(line, indent + 1, RLENGTH - indent - 1)
      rest = substr(line, RLENGTH + 1); sub(/^[ \t]+/, "", rest); sub(/[ \t]+#.*$/, "", rest)
      in_with = 0
      if (key == "uses") { uses = rest; gsub(/^["'"'"']|["'"'"']$/, "", uses); uses_line = FNR }
      else if (key == "with") { if (rest == "") { in_with = 1; with_indent = -1 } else flow_with = FNR }
      next
    }
    if (in_with && indent > key_indent) {
      if (with_indent < 0) with_indent = indent
      if (indent == with_indent && match(line, /^ *[A-Za-z0-9_-]+:/)) {
        keys[++nkeys] = substr(line, indent + 1, RLENGTH - indent - 1); key_line[nkeys] = FNR
      }
    }
  }
  END { flush(); exit bad ? 1 : 0 }
' "${files[@]}" || inputs_status=$?
if [ "$inputs_status" -gt 1 ]; then
  echo "lint-workflows: the input check stopped with exit code $inputs_status" >&2
  exit 2
fi

if [ "$status" -ne 0 ] || [ "$inputs_status" -ne 0 ]; then
  echo "lint-workflows: findings in ${#files[@]} workflow file(s)" >&2
  exit 1
fi
echo "lint-workflows: ${#files[@]} workflow file(s) clean (actionlint v$ACTIONLINT_VERSION, action inputs)" >&2
