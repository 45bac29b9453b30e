// `npm run fuzz -- [--seed N] [--count N] [--seconds N] [--truncations N] [--heavy 0..1] [--cli-every N]`:
// builds the CLI the fuzzer runs as a child process and the fuzzer itself, then runs it.
import * as esbuild from 'esbuild';
import { execFileSync, spawnSync } from 'node:child_process';

execFileSync(process.execPath, ['esbuild.mjs', '--only=cli,tsParser'], { stdio: 'inherit' });
await esbuild.build({
  entryPoints: ['test/fuzz/main.ts'],
  outfile: 'out/fuzz/main.js',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'es2022',
  sourcemap: true,
  // The TS reader's lazily loaded parser, as in the unit tests.
  external: ['typescript'],
  logLevel: 'warning',
});
const run = spawnSync(process.execPath, ['--enable-source-maps', 'out/fuzz/main.js', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(run.status ?? 2);
