// Starts the admin CLI from its TypeScript source, so that `pulumi up` needs no build step: the Pulumi program runs
// through ts-node and never builds dist/. `node minio-admin/run-cli.js <apply|remove|show>`, from the project root.
"use strict";
require("../lib/transpile.js");
require("./cli.ts").main();
