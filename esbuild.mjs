// One build for every target. Usage: node esbuild.mjs [--production] [--watch] [--only=name,name]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeVocabularyArtifacts } from './scripts/vocabularyArtifacts.mjs';

const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? onlyArg.slice('--only='.length).split(',') : null;

/** Every `*.test.ts` below a folder, for the test bundles (esbuild has no require.context). */
export function testFiles(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return testFiles(path);
    return entry.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * Resolves `convlens:integration-tests` to a module whose `loadIntegrationTests()` evaluates every
 * test/integration/**\/*.test.ts, so adding a test file needs no edit to the entries.
 */
const integrationTestsPlugin = {
  name: 'integration-tests',
  setup(build) {
    build.onResolve({ filter: /^convlens:integration-tests$/ }, ({ path }) => ({ path, namespace: 'integration-tests' }));
    build.onLoad({ filter: /.*/, namespace: 'integration-tests' }, () => {
      const files = testFiles('test/integration').sort();
      const requires = files.map((file) => `  require(${JSON.stringify(`./${file}`)});`);
      return {
        contents: `export function loadIntegrationTests() {\n${requires.join('\n')}\n}\n`,
        loader: 'js',
        resolveDir: process.cwd(),
        watchDirs: [...new Set(['test/integration', ...files.map(dirname)])].map((dir) => join(process.cwd(), dir)),
      };
    });
  },
};

/**
 * Keeps lazily loaded chunks (src/core/lazyChunk.ts) out of a bundle: `import()` of a chunk's entry
 * becomes a lazily evaluated `require()` of the chunk's file beside the bundle, run at first need.
 * (An external `import()` would stay a real ES import, which the extension hosts may not offer.)
 * `chunks` maps the entry's module name to the file.
 */
function lazyChunksPlugin(chunks) {
  return {
    name: 'lazy-chunks',
    setup(build) {
      const namespace = 'lazy-chunk';
      for (const [entry, file] of Object.entries(chunks)) {
        build.onResolve({ filter: new RegExp(`/${entry}$`) }, () => ({ path: file, namespace }));
      }
      build.onLoad({ filter: /.*/, namespace }, ({ path }) => ({ contents: `module.exports = require(${JSON.stringify(path)});`, loader: 'js' }));
      build.onResolve({ filter: /^\.\/[\w.]+\.js$/, namespace }, ({ path }) => ({ path, external: true }));
    },
  };
}

/** The TypeScript parser (3.5 MB) and its reader: `dist/tsParser.js` (typescriptParser.ts). */
const typescriptParserChunkPlugin = lazyChunksPlugin({ typescriptChunk: './tsParser.js' });

/**
 * The extension's main bundles keep core's readers, engine and vocabularies in `dist/analysis.js`
 * too, loaded at the first model (SPEC §6: activation under 20 ms; analysisLoading.ts).
 */
const extensionChunksPlugin = lazyChunksPlugin({ typescriptChunk: './tsParser.js', analysisChunk: './analysis.js' });

/**
 * `yaml`'s ES module build (the one its `exports` give browsers) for the analysis chunk, which
 * both extension hosts load: esbuild can drop what ConvLens does not use from it, which its
 * CommonJS build (`node`) does not allow (about 17 KB).
 */
const yamlModuleBuildPlugin = {
  name: 'yaml-module-build',
  setup(build) {
    build.onResolve({ filter: /^yaml$/ }, () => ({ path: join(dirname(fileURLToPath(import.meta.url)), 'node_modules/yaml/browser/index.js') }));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  target: 'es2022',
  logLevel: 'warning',
  legalComments: 'none',
};

/** @type {Record<string, import('esbuild').BuildOptions>} */
const targets = {
  // Desktop extension host.
  extensionNode: {
    entryPoints: ['src/extension/extensionNode.ts'],
    outfile: 'dist/extension.node.js',
    plugins: [extensionChunksPlugin],
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  // Web worker extension host (VS Code for the Web).
  extensionWeb: {
    entryPoints: ['src/extension/extensionWeb.ts'],
    outfile: 'dist/extension.web.js',
    plugins: [extensionChunksPlugin],
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
  },
  // The preview page's script.
  webview: {
    entryPoints: ['src/webview/preview.ts', 'src/webview/kernelWorker.ts'],
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
  },
  cli: {
    entryPoints: ['src/cli.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [typescriptParserChunkPlugin],
    // jsonc-parser's `main` is a UMD build whose dynamic require()s esbuild cannot follow; its `module` is plain ESM.
    mainFields: ['module', 'main'],
    define: { CONVLENS_VERSION: JSON.stringify(packageJson.version) },
  },
  // The platform-neutral core as a library (SPEC.md §5).
  core: {
    entryPoints: ['src/core/index.ts'],
    outfile: 'dist/core.js',
    plugins: [typescriptParserChunkPlugin],
    platform: 'neutral',
    format: 'cjs',
    mainFields: ['module', 'main'],
  },
  // Core's analysis as the extension loads it at first need, beside its bundles: `require()`d by
  // the Node host, fetched and evaluated as text by the web worker host (extensionWeb.ts).
  analysis: {
    entryPoints: ['src/core/analysisChunk.ts'],
    outfile: 'dist/analysis.js',
    plugins: [typescriptParserChunkPlugin, yamlModuleBuildPlugin],
    platform: 'neutral',
    format: 'cjs',
    mainFields: ['module', 'main'],
  },
  // The TypeScript package as the parser chunk beside the bundles above; Node-style so that
  // `require()` works in Node and the same file can be evaluated as text in the web worker host.
  tsParser: {
    entryPoints: ['src/core/formats/typescript/typescriptChunk.ts'],
    outfile: 'dist/tsParser.js',
    platform: 'node',
    format: 'cjs',
    minify: true,
    sourcemap: false,
  },
  // The kernel's WebAssembly SIMD backend: esbuild only triggers asc, which writes
  // dist/convKernel.wasm (hosts pass its bytes to loadWasmKernel), copied into dist/webview so
  // that the preview page can fetch it without widening its localResourceRoots.
  kernelWasm: {
    entryPoints: ['assembly/convKernel.ts'],
    write: false,
    plugins: [
      {
        name: 'assemblyscript',
        setup(build) {
          build.onStart(async () => {
            const { buildKernelWasm, KERNEL_WASM } = await import('./assembly/build.mjs');
            await buildKernelWasm();
            mkdirSync('dist/webview', { recursive: true });
            copyFileSync(KERNEL_WASM, 'dist/webview/convKernel.wasm');
          });
          build.onLoad({ filter: /assembly[\\/]convKernel\.ts$/ }, () => ({ contents: '', loader: 'js', watchFiles: ['assembly/convKernel.ts'] }));
        },
      },
    ],
  },
  // Unit tests, run by mocha in plain Node.
  unitTests: {
    entryPoints: testFiles('test/unit'),
    outdir: 'out/unit',
    outbase: 'test/unit',
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: ['mocha', 'typescript'],
    sourcemap: true,
  },
  // Integration tests in VS Code for the Web's web worker extension host (test/web/runTests.mjs).
  integrationWeb: {
    entryPoints: ['test/integration/index.ts'],
    outfile: 'out/integration/web.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
    plugins: [integrationTestsPlugin],
    // The npm `assert` package stands in for Node's and needs `global` and `process.env`.
    alias: { 'node:assert/strict': './test/integration/support/assertStrict.cjs' },
    define: { global: 'globalThis' },
    inject: ['test/integration/support/processShim.ts'],
  },
  // The same tests in desktop VS Code's Node extension host (test/desktop/runTests.mjs).
  integrationDesktop: {
    entryPoints: ['test/desktop/index.ts'],
    outfile: 'out/integration/desktop.js',
    platform: 'node',
    format: 'cjs',
    external: ['vscode', 'mocha'],
    plugins: [integrationTestsPlugin],
  },
};

// The schema's layer types, the grammar's layer names and docs/layers.md follow the vocabularies.
if (!only) {
  const changed = await writeVocabularyArtifacts();
  if (changed.length > 0) console.log(`regenerated from the vocabularies: ${changed.join(', ')}`);
}

const selected = Object.entries(targets).filter(([name]) => !only || only.includes(name));
if (watch) {
  for (const [, options] of selected) {
    const context = await esbuild.context({ ...common, ...options });
    await context.watch();
  }
  console.log(`watching ${selected.map(([name]) => name).join(', ')}`);
} else {
  await Promise.all(selected.map(([, options]) => esbuild.build({ ...common, ...options })));
}
