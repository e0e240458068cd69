// Lets Node load the project's TypeScript sources with no build step: each .ts file is transpiled on the fly by the
// project's own TypeScript compiler (a dependency), without type checking (`npm test` type-checks). Options follow
// tsconfig.json where they matter for emitted code. Used by the admin CLI's launcher and the component package's.
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
