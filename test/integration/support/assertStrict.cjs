// `node:assert/strict` in the web worker bundle: the npm `assert` package's strict mode (see esbuild.mjs).
// CommonJS so that `import * as assert` sees the strict function's own methods, as with Node's module.
// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = require('assert').strict;
