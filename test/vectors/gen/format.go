package main

// An independent implementation of the body encryption that MinIO's admin API expects (madmin's
// EncryptData/DecryptData format), built from sio-go and golang.org/x/crypto only. It exists to cross-check
// the TypeScript implementation in minio-admin/madmin-crypto.ts.
//
// Layout of an encrypted body:
//
//	salt (32 bytes) | algorithm id (1 byte) | nonce (8 bytes) | sio-go (DARE 2.0) stream, 16 KiB packages
//
// Algorithm ids: 0 = Argon2id key + AES-256-GCM, 1 = Argon2id key + ChaCha20-Poly1305,
// 2 = PBKDF2-SHA256 key + AES-256-GCM. Argon2id runs with time=1, memory=64 MiB, threads=4 and PBKDF2 with
// 8192 iterations; both derive a 32-byte key from the UTF-8 bytes of the password (the MinIO root secret key).
// The stream is opened without associated data.

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"github.com/secure-io/sio-go"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/pbkdf2"
)

const (
	saltLen   = 32
	nonceLen  = 8
	headerLen = saltLen + 1 + nonceLen

	idArgon2idAESGCM byte = 0
	idArgon2idChaCha byte = 1
	idPBKDF2AESGCM   byte = 2
	argon2Time            = 1
	argon2MemoryKiB       = 64 * 1024
	argon2Threads         = 4
	pbkdf2Iterations      = 8192
	derivedKeyLen         = 32
)

var algorithmIDs = map[string]byte{
	"argon2id-aes-gcm":          idArgon2idAESGCM,
	"argon2id-chacha20poly1305": idArgon2idChaCha,
	"pbkdf2-aes-gcm":            idPBKDF2AESGCM,
}

func algorithmName(id byte) (string, error) {
	for name, v := range algorithmIDs {
		if v == id {
			return name, nil
		}
	}
	return "", fmt.Errorf("unknown algorithm id %d", id)
}

func deriveKey(id byte, password string, salt []byte) ([]byte, error) {
	switch id {
	case idArgon2idAESGCM, idArgon2idChaCha:
		return argon2.IDKey([]byte(password), salt, argon2Time, argon2MemoryKiB, argon2Threads, derivedKeyLen), nil
	case idPBKDF2AESGCM:
		return pbkdf2.Key([]byte(password), salt, pbkdf2Iterations, derivedKeyLen, sha256.New), nil
	}
	return nil, fmt.Errorf("unknown algorithm id %d", id)
}

func newStream(id byte, key []byte) (*sio.Stream, error) {
	switch id {
	case idArgon2idAESGCM, idPBKDF2AESGCM:
		return sio.AES_256_GCM.Stream(key)
	case idArgon2idChaCha:
		return sio.ChaCha20Poly1305.Stream(key)
	}
	return nil, fmt.Errorf("unknown algorithm id %d", id)
}

// encryptData seals plaintext with a caller-chosen salt and nonce, so that the output is reproducible.
func encryptData(id byte, password string, salt, nonce, plaintext []byte) ([]byte, error) {
	if len(salt) != saltLen || len(nonce) != nonceLen {
		return nil, errors.New("salt must be 32 bytes and nonce 8 bytes")
	}
	key, err := deriveKey(id, password, salt)
	if err != nil {
		return nil, err
	}
	stream, err := newStream(id, key)
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	out.Write(salt)
	out.WriteByte(id)
	out.Write(nonce)
	w := stream.EncryptWriter(&out, nonce, nil)
	if _, err = w.Write(plaintext); err != nil {
		return nil, err
	}
	if err = w.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// decryptData opens a body in the format above; the algorithm comes from the header byte.
func decryptData(password string, data []byte) ([]byte, error) {
	if len(data) < headerLen {
		return nil, errors.New("ciphertext shorter than its header")
	}
	salt, id, nonce := data[:saltLen], data[saltLen], data[saltLen+1:headerLen]
	key, err := deriveKey(id, password, salt)
	if err != nil {
		return nil, err
	}
	stream, err := newStream(id, key)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(stream.DecryptReader(bytes.NewReader(data[headerLen:]), nonce, nil))
}
