// The component package as Pulumi runs it for a program in another language (package.json `main`). Pulumi's plugin
// runner registers ts-node, which would type-check these sources against whatever tsconfig.json the consumer's
// directory holds, or none (@pulumi/pulumi cmd/run-plugin); they are transpiled with the project's settings instead.
"use strict";
require("../lib/transpile.js");
module.exports = require("./index.ts");
