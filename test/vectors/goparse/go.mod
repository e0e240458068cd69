module minio-authentik-sso/test/vectors/goparse

go 1.26.0
