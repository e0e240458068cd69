// Writes go-parse-vectors.json: which texts Go's own parsers accept, for the parsers MinIO's policy conditions use
// on their values (lib/go-parse.ts mirrors them). Standard library only.
//
//	go run . ../go-parse-vectors.json
package main

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"
)

type vector struct {
	Parser string `json:"parser"`
	Input  string `json:"input"`
	Ok     bool   `json:"ok"`
}

var dates = []string{
	"2024-01-02T03:04:05Z", "2024-01-02T3:04:05Z", "2024-01-02t03:04:05Z", "2024-01-02T03:04:05z",
	"2024-01-02T03:04:05.123Z", "2024-01-02T03:04:05,123Z", "2024-01-02T03:04:05+01:00", "2024-01-02T03:04:05+0100",
	"2024-01-02T03:04:05+24:00", "2024-01-02T03:04:05+24:60", "2024-01-02T03:04:05+25:00", "2024-01-02T03:04:05+00:61",
	"2024-01-02T03:04:05-00:00", "2024-01-02T03:04:05-23:59", "2024-02-30T03:04:05Z", "2024-02-29T03:04:05Z",
	"2023-02-29T03:04:05Z", "1900-02-29T00:00:00Z", "2000-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
	"2024-13-02T03:04:05Z", "2024-00-02T03:04:05Z", "2024-01-00T03:04:05Z", "2024-01-02T24:00:00Z",
	"2024-01-02T23:60:00Z", "2024-01-02T23:59:60Z", "2024-01-02T03:04Z", "2024-01-02", "24-01-02T03:04:05Z",
	"+2024-01-02T03:04:05Z", "2024-1-02T03:04:05Z", "2024-01-2T03:04:05Z", "2024-01-02T03:4:05Z",
	"2024-01-02T03:04:5Z", "2024-01-02T03:04:05.Z", "2024-01-02T03:04:05.1234567890123Z", "2024-01-02 03:04:05Z",
	"2024-01-02T03:04:05Z ", "0000-01-01T00:00:00Z", "2024-01-02T03:04:05+1:00", "2024-01-02T003:04:05Z",
	"2024-01-02T03:04:05+01:00:00", "2024-01-02T03:04:05UTC", "2024-01-02T0:04:05Z", "2024-01-02T9:04:05Z",
	"2024-01-02T03:04:05.5+01:00", "2024-01-02T03:04:05,5-01:30", "9999-12-31T23:59:59Z",
}

var cidrs = []string{
	"1.2.3.4/32", "1.2.3.4/24", "1.2.3.4/33", "01.2.3.4/8", "1.2.3/8", "1.2.3.4.5/8", "256.1.1.1/8", "::1/32",
	"::1/128", "::1/129", "fe80::1%eth0/64", "::ffff:1.2.3.4/96", "::ffff:01.2.3.4/96", "1.2.3.4/032", "1.2.3.4/",
	"1.2.3.4/+8", "1.2.3.4/ 8", "1:2:3:4:5:6:7:8/64", "1:2:3:4:5:6:7:8:9/64", "1::2::3/64", "2001:DB8::/32",
	"::/0", "0.0.0.0/0", " 1.2.3.4/8", "1.2.3.4/08", "1.2.3.4/00000000000000000000008", "::ffff:1.2.3/96",
	"1:2:3:4:5:6:1.2.3.4/96", "1:2:3:4:5:6:7:1.2.3.4/96", "[::1]/8", "1.2.3.04/8", "0x1.2.3.4/8",
	"1.2.3.4/99999999999999", ":::/8", "1:2:3:4:5:6:7::/64", "::1:2:3:4:5:6:7/64", "1:2:3:4:5:6:7:8::/64",
	"12345::/16", "1.2.3.4/-1", "1.2.3.4", "/8",
}

var base64s = []string{
	"", "YQ==", "YQ", "YQ=", "YWI=", "YWJj", "YWJj\n", "Y\nWJj", "YW Jj", "YQ==YQ==", "YR==", "-_8=", "+/8=",
	"YWJj=", "YQ===", "Y===", "YQ\r\n==", "=", "====", "no!", "nope",
}

var ints = []string{
	"0", "-0", "+5", "00012", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
	"-9223372036854775809", "1_000", "0x10", " 1", "1.0", "", "+", "-", "١",
}

var bools = []string{"1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False", "yes", "tRUE", " true", ""}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run . OUTPUT.json")
		os.Exit(2)
	}
	var out []vector
	add := func(parser string, inputs []string, ok func(string) bool) {
		for _, s := range inputs {
			out = append(out, vector{parser, s, ok(s)})
		}
	}
	add("time.Parse(RFC3339)", dates, func(s string) bool { _, err := time.Parse(time.RFC3339, s); return err == nil })
	add("net.ParseCIDR", cidrs, func(s string) bool { _, _, err := net.ParseCIDR(s); return err == nil })
	add("base64.StdEncoding", base64s, func(s string) bool { _, err := base64.StdEncoding.DecodeString(s); return err == nil })
	add("strconv.Atoi", ints, func(s string) bool { _, err := strconv.Atoi(s); return err == nil })
	add("strconv.ParseBool", bools, func(s string) bool { _, err := strconv.ParseBool(s); return err == nil })
	file := map[string]any{
		"description": "Whether Go's own parsers accept each input (test/vectors/goparse; regenerate with test/vectors/regen-goparse.sh).",
		"generator":   "go " + strings.TrimPrefix(runtime.Version(), "go"),
		"vectors":     out,
	}
	data, err := json.MarshalIndent(file, "", "  ")
	if err == nil {
		err = os.WriteFile(os.Args[1], append(data, '\n'), 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
