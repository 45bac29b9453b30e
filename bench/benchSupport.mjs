// What the benchmarks share: the TypeScript under test bundled and loaded in this process, and
// per-call timings (wall and CPU) summarised by their median.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';

/** Bundles `source` (module text whose imports resolve from the repository root) into out/bench/<name>.cjs and loads it. */
export async function importBundle(name, source) {
  const outfile = `out/bench/${name}.cjs`;
  await esbuild.build({
    stdin: { contents: source, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    outfile,
    format: 'cjs',
    platform: 'node',
    logLevel: 'warning',
  });
  return createRequire(import.meta.url)(`../${outfile}`);
}

/** The median of `values` (the upper one of an even count). */
export const middle = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * Wall-clock and CPU milliseconds per call of `run`, over `repeats` calls in a row, so the garbage
 * collection a call causes is paid inside its own block rather than by whatever runs next. CPU
 * time (this process, GC threads included) is the steadier figure on a machine shared with other
 * jobs; wall time is what a user waits. Each call is awaited (analysis is asynchronous).
 */
export async function perCall(run, repeats) {
  const start = performance.now();
  const startCpu = process.cpuUsage();
  for (let i = 0; i < repeats; i++) await run();
  const usedCpu = process.cpuUsage(startCpu);
  return { wall: (performance.now() - start) / repeats, cpu: (usedCpu.user + usedCpu.system) / 1000 / repeats };
}

/**
 * `baseline` and `subject` after `warmup` calls of each, then timed in `rounds` interleaved rounds
 * of `repeats` calls (see {@link perCall}), so that drift affects both alike: the median wall and
 * CPU milliseconds per call of each.
 */
export async function interleaved(baseline, subject, { rounds, repeats, warmup }) {
  for (let i = 0; i < warmup; i++) {
    await baseline();
    await subject();
  }
  const baselineRounds = [];
  const subjectRounds = [];
  for (let round = 0; round < rounds; round++) {
    baselineRounds.push(await perCall(baseline, repeats));
    subjectRounds.push(await perCall(subject, repeats));
  }
  const medians = (measured) => ({ wall: middle(measured.map((r) => r.wall)), cpu: middle(measured.map((r) => r.cpu)) });
  return { baseline: medians(baselineRounds), subject: medians(subjectRounds) };
}
