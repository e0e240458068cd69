#!/usr/bin/env node
// minio-sso: MinIO credentials through authentik single sign-on. See the README's "Sign in from the command line".
"use strict";
require("../lib/cli")
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
