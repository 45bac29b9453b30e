// `npm run fuzz -- [--interpreter] [--from N] [--seed N] [--count N] [--seconds N] [--truncations N] [--heavy 0..1] [--programs 0..1] [--cli-every N]`:
// builds the fuzzer and the CLI it runs as a child process, then runs it.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// One build for both, so that they read the same snapshot of the sources: the CLI's report is
// compared with the in-process analysis, and other work may be editing src/ meanwhile.
await esbuild.build({
  entryPoints: { main: 'test/fuzz/main.ts', cli: 'src/cli.ts' },
  outdir: 'out/fuzz/bin',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'es2022',
  sourcemap: true,
  // The TS reader's lazily loaded parser, from node_modules as in the unit tests.
  external: ['typescript'],
  define: { CONVLENS_VERSION: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['--enable-source-maps', 'out/fuzz/bin/main.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 2);
