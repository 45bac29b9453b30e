// One build for every target. Usage: node esbuild.mjs [--production] [--watch] [--only=name,name]
import * as esbuild from 'esbuild';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

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
    platform: 'node',
    format: 'cjs',
    external: ['vscode'],
  },
  // Web worker extension host (VS Code for the Web).
  extensionWeb: {
    entryPoints: ['src/extension/extensionWeb.ts'],
    outfile: 'dist/extension.web.js',
    platform: 'browser',
    format: 'cjs',
    external: ['vscode'],
  },
  // The preview page's script.
  webview: {
    entryPoints: ['src/webview/preview.ts'],
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
    define: { CONVLENS_VERSION: JSON.stringify(packageJson.version) },
  },
  // The platform-neutral core as a library (SPEC.md §5).
  core: {
    entryPoints: ['src/core/index.ts'],
    outfile: 'dist/core.js',
    platform: 'neutral',
    format: 'cjs',
    mainFields: ['module', 'main'],
  },
  // Unit tests, run by mocha in plain Node.
  unitTests: {
    entryPoints: testFiles('test/unit'),
    outdir: 'out/unit',
    outbase: 'test/unit',
    platform: 'node',
    format: 'cjs',
    external: ['mocha'],
    sourcemap: true,
  },
};

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
