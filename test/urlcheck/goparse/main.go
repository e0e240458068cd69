// Command goparse reads a JSON array of strings on stdin and writes, for each, how Go's net/url reads it: the
// parser MinIO applies to identity_openid's config_url and redirect_uri. Standard library only.
package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
)

type reading struct {
	Input    string `json:"input"`
	Ok       bool   `json:"ok"`
	Scheme   string `json:"scheme"`
	Host     string `json:"host"`
	User     bool   `json:"user"`
	Opaque   bool   `json:"opaque"`
	Loopback bool   `json:"loopback"`
}

func read(s string) reading {
	r := reading{Input: s}
	u, err := url.Parse(s)
	if err != nil {
		return r
	}
	host := u.Hostname()
	ip := net.ParseIP(host)
	r.Ok = true
	r.Scheme = strings.ToLower(u.Scheme)
	r.Host = host
	r.User = u.User != nil
	r.Opaque = u.Opaque != ""
	r.Loopback = strings.EqualFold(host, "localhost") || (ip != nil && ip.IsLoopback())
	return r
}

func main() {
	var inputs []string
	if err := json.NewDecoder(os.Stdin).Decode(&inputs); err != nil {
		fmt.Fprintln(os.Stderr, "goparse: reading stdin:", err)
		os.Exit(2)
	}
	out := make([]reading, len(inputs))
	for i, s := range inputs {
		out[i] = read(s)
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "goparse: writing stdout:", err)
		os.Exit(2)
	}
}
