module minio-authentik-sso/test/vectors/gen

go 1.26.0

require (
	github.com/secure-io/sio-go v0.3.1
	golang.org/x/crypto v0.59.0
)

require golang.org/x/sys v0.50.0 // indirect
