module minio-authentik-sso/test/urlcheck/goparse

go 1.26.0
