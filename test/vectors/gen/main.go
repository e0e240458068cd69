// Command gen writes the madmin body-encryption vectors used by the TypeScript unit tests, and checks that
// ciphertexts produced by the TypeScript code decrypt here.
//
//	go run . write <madmin-vectors.json>   write the vectors (fixed passwords, salts, nonces and plaintexts)
//	go run . check <ts-ciphertexts.json>   decrypt every TypeScript-made ciphertext; exit 1 on any mismatch
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
)

// plaintextSpec names a plaintext either literally (UTF-8 text) or as a generated pattern, which keeps large
// plaintexts out of the JSON file. Byte i of a pattern is (seed + 31*i) mod 256.
type plaintextSpec struct {
	PlaintextUTF8 *string `json:"plaintextUtf8,omitempty"`
	PatternLength *int    `json:"patternLength,omitempty"`
	PatternSeed   *int    `json:"patternSeed,omitempty"`
}

func (p plaintextSpec) bytes() ([]byte, error) {
	switch {
	case p.PlaintextUTF8 != nil && p.PatternLength == nil:
		return []byte(*p.PlaintextUTF8), nil
	case p.PlaintextUTF8 == nil && p.PatternLength != nil && p.PatternSeed != nil:
		out := make([]byte, *p.PatternLength)
		for i := range out {
			out[i] = byte((*p.PatternSeed + 31*i) % 256)
		}
		return out, nil
	}
	return nil, fmt.Errorf("a plaintext needs either plaintextUtf8 or patternLength+patternSeed")
}

type vector struct {
	Name        string `json:"name"`
	Algorithm   string `json:"algorithm"`
	AlgorithmID byte   `json:"algorithmId"`
	Password    string `json:"password"`
	SaltHex     string `json:"saltHex"`
	NonceHex    string `json:"nonceHex"`
	KeyHex      string `json:"keyHex"`
	plaintextSpec
	PlaintextLength  int    `json:"plaintextLength"`
	Packages         int    `json:"packages"`
	CiphertextBase64 string `json:"ciphertextBase64"`
}

type vectorFile struct {
	Description string   `json:"description"`
	Generator   string   `json:"generator"`
	Vectors     []vector `json:"vectors"`
}

type tsCiphertext struct {
	Name      string `json:"name"`
	Algorithm string `json:"algorithm"`
	Password  string `json:"password"`
	plaintextSpec
	CiphertextBase64 string `json:"ciphertextBase64"`
}

type tsFile struct {
	Ciphertexts []tsCiphertext `json:"ciphertexts"`
}

func main() {
	if len(os.Args) != 3 || (os.Args[1] != "write" && os.Args[1] != "check") {
		fmt.Fprintln(os.Stderr, "usage: gen write <madmin-vectors.json> | gen check <ts-ciphertexts.json>")
		os.Exit(2)
	}
	var err error
	if os.Args[1] == "write" {
		err = writeVectors(os.Args[2])
	} else {
		err = checkTSCiphertexts(os.Args[2])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func label(kind, name string, n int) []byte {
	sum := sha256.Sum256([]byte("madmin-vector " + kind + " " + name))
	return sum[:n]
}

func text(s string) plaintextSpec { return plaintextSpec{PlaintextUTF8: &s} }

func pattern(length, seed int) plaintextSpec {
	return plaintextSpec{PatternLength: &length, PatternSeed: &seed}
}

type vectorCase struct {
	name     string
	password string
	plain    plaintextSpec
}

const configLine = `identity_openid:sso config_url=https://auth.example.test/application/o/minio/.well-known/openid-configuration ` +
	`client_id=minio-sso client_secret="s3cr3t with spaces" display_name="Anmelden – authentik ✓" scopes=openid,profile`

func casesFor(algorithm string) []vectorCase {
	all := []vectorCase{
		{"empty", "minio-root-secret-1", text("")},
		{"one-byte", "minio-root-secret-2", text("A")},
		{"config-line", "pässwörd-ünïcode-🔑-secret", text(configLine)},
		{"one-full-package-16384", "minio-root-secret-3", pattern(16384, 7)},
		{"full-package-plus-one-16385", "minio-root-secret-4", pattern(16385, 11)},
		{"two-full-packages-32768", "minio-root-secret-5", pattern(32768, 13)},
		{"three-packages-40000", "minio-root-secret-6", pattern(40000, 17)},
	}
	if algorithm != "argon2id-chacha20poly1305" {
		return all
	}
	// The framing does not depend on the AEAD; ChaCha20-Poly1305 gets a smaller set to keep Argon2id runs few.
	return []vectorCase{all[0], all[1], all[2], all[3], all[6]}
}

func writeVectors(path string) error {
	out := vectorFile{
		Description: "madmin EncryptData/DecryptData vectors: salt(32) | algorithm id(1) | nonce(8) | sio-go DARE 2.0 " +
			"stream of 16 KiB packages. Pattern plaintexts: byte i = (patternSeed + 31*i) mod 256.",
		Generator: generatorDescription(),
	}
	for _, algorithm := range []string{"argon2id-aes-gcm", "argon2id-chacha20poly1305", "pbkdf2-aes-gcm"} {
		id := algorithmIDs[algorithm]
		for _, c := range casesFor(algorithm) {
			name := algorithm + "/" + c.name
			salt, nonce := label("salt", name, saltLen), label("nonce", name, nonceLen)
			plain, err := c.plain.bytes()
			if err != nil {
				return err
			}
			ciphertext, err := encryptData(id, c.password, salt, nonce, plain)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			back, err := decryptData(c.password, ciphertext)
			if err != nil || !bytes.Equal(back, plain) {
				return fmt.Errorf("%s: round trip failed: %v", name, err)
			}
			key, _ := deriveKey(id, c.password, salt)
			out.Vectors = append(out.Vectors, vector{
				Name: name, Algorithm: algorithm, AlgorithmID: id, Password: c.password,
				SaltHex: hex.EncodeToString(salt), NonceHex: hex.EncodeToString(nonce), KeyHex: hex.EncodeToString(key),
				plaintextSpec: c.plain, PlaintextLength: len(plain), Packages: packageCount(len(plain)),
				CiphertextBase64: base64.StdEncoding.EncodeToString(ciphertext),
			})
		}
	}
	data, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	if err = os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Printf("wrote %d vectors to %s\n", len(out.Vectors), path)
	return nil
}

// packageCount is the number of sio packages: full 16 KiB packages, and a final one that may be full (or empty
// for an empty plaintext).
func packageCount(n int) int {
	if n == 0 {
		return 1
	}
	return (n + sioPackageSize - 1) / sioPackageSize
}

const sioPackageSize = 1 << 14

func generatorDescription() string {
	versions := []string{}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/secure-io/sio-go" || dep.Path == "golang.org/x/crypto" {
				versions = append(versions, dep.Path+" "+dep.Version)
			}
		}
	}
	return "test/vectors/gen (" + strings.Join(versions, ", ") + ")"
}

func checkTSCiphertexts(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var in tsFile
	if err = json.Unmarshal(data, &in); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if len(in.Ciphertexts) == 0 {
		return fmt.Errorf("%s holds no ciphertexts", path)
	}
	failed := 0
	for _, c := range in.Ciphertexts {
		if problem := checkOne(c); problem != "" {
			failed++
			fmt.Printf("FAIL %s: %s\n", c.Name, problem)
		} else {
			fmt.Printf("ok   %s\n", c.Name)
		}
	}
	fmt.Printf("%d passed, %d failed\n", len(in.Ciphertexts)-failed, failed)
	if failed > 0 {
		return fmt.Errorf("%d TypeScript ciphertexts did not decrypt as expected", failed)
	}
	return nil
}

func checkOne(c tsCiphertext) string {
	want, err := c.plaintextSpec.bytes()
	if err != nil {
		return err.Error()
	}
	ciphertext, err := base64.StdEncoding.DecodeString(c.CiphertextBase64)
	if err != nil {
		return "bad base64: " + err.Error()
	}
	id, known := algorithmIDs[c.Algorithm]
	if !known || len(ciphertext) < headerLen || ciphertext[saltLen] != id {
		return fmt.Sprintf("header does not name algorithm %q", c.Algorithm)
	}
	got, err := decryptData(c.Password, ciphertext)
	if err != nil {
		return "decrypt: " + err.Error()
	}
	if !bytes.Equal(got, want) {
		return fmt.Sprintf("plaintext differs (got %d bytes, want %d)", len(got), len(want))
	}
	if _, err = decryptData(c.Password+"!", ciphertext); err == nil {
		return "decrypted with a wrong password"
	}
	return ""
}
