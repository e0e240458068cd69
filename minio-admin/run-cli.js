// Starts the admin CLI from its TypeScript source, so that `pulumi up` needs no build step: the Pulumi program runs
// through ts-node and never builds dist/. `node minio-admin/run-cli.js <apply|remove|show>`, from the project root.
//
// Each .ts file the CLI loads is transpiled on the fly by the project's own TypeScript compiler (a dependency),
// without type checking: `npm test` type-checks. Options follow tsconfig.json where they matter for emitted code.
"use strict";
const fs = require("node:fs");
const ts = require("typescript");

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2023,
  esModuleInterop: true,
  inlineSourceMap: true,
};

require.extensions[".ts"] = (module, filename) => {
  const source = fs.readFileSync(filename, "utf8");
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};

require("./cli.ts").main();
