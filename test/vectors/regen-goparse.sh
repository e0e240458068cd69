#!/usr/bin/env bash
# Regenerates test/vectors/go-parse-vectors.json with Go's standard library (test/vectors/goparse): which texts
# time.Parse(RFC3339), net.ParseCIDR, base64.StdEncoding, strconv.Atoi and strconv.ParseBool accept. The unit test
# test/unit/config/go-parse.test.ts checks lib/go-parse.ts against the file. Needs Go (no modules to download).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
(cd "$here/goparse" && go run . "$here/go-parse-vectors.json")
