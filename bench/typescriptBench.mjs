// TypeScript reader benchmark (SPEC.md §6): the analysis of a generated 500-layer TF.js model
// against TypeScript's createSourceFile alone on the same text, in one process (target ≤ 1.5×),
// plus the parser chunk's size and load time and the analysis bundle's size with and without the
// parser. Usage: npm run bench:ts [-- --layers=2000]
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const require = createRequire(import.meta.url);
const layerArg = process.argv.find((arg) => arg.startsWith('--layers='));
const LAYERS = layerArg ? Number(layerArg.slice('--layers='.length)) : 500;
const OUT = join(root, 'out', 'bench');
mkdirSync(OUT, { recursive: true });

/** A TF.js model of `count` layers with the usual mix of literals, consts and arithmetic. */
function generateModel(count) {
  const lines = [
    `import * as tf from '@tensorflow/tfjs';`,
    `const SIZE = 32;`,
    `const WIDTH = 16;`,
    `const K = 3;`,
    `export function build(): tf.Sequential {`,
    `  const model = tf.sequential({name: 'bench'});`,
    `  model.add(tf.layers.conv2d({inputShape: [SIZE, SIZE, 3], filters: WIDTH, kernelSize: K, padding: 'same'}));`,
  ];
  const bodies = [
    (i) => `tf.layers.conv2d({filters: WIDTH * 2, kernelSize: [K, K], strides: 1, padding: 'same', name: 'conv${i}'})`,
    () => `tf.layers.batchNormalization({axis: -1})`,
    (i) => `tf.layers.conv2dTranspose({filters: WIDTH, kernelSize: K + 1, strides: 1, padding: 'same', name: 'up${i}'})`,
    () => `tf.layers.reLU()`,
  ];
  for (let i = 1; i < count; i++) lines.push(`  model.add(${bodies[i % bodies.length](i)});`);
  lines.push(`  return model;`, `}`, ``);
  return lines.join('\n');
}

/**
 * The same kind of model built the way real code builds it (issue 17): a helper function with a
 * default parameter, called from a loop, over a config object merged with defaults; `count`
 * layers in all, each read by the interpreter.
 */
function generateHelperModel(count) {
  const blocks = Math.floor((count - 1) / 4);
  const lines = [
    `import * as tf from '@tensorflow/tfjs';`,
    `const DEFAULTS = {kernelSize: 3, padding: 'same'};`,
    `function block(model, filters, index, options = {}) {`,
    `  const config = {...DEFAULTS, ...options};`,
    `  model.add(tf.layers.conv2d({filters: filters * 2, kernelSize: [config.kernelSize, config.kernelSize], strides: 1, padding: config.padding, name: \`conv\${index}\`}));`,
    `  model.add(tf.layers.batchNormalization({axis: -1}));`,
    `  model.add(tf.layers.conv2dTranspose({filters, kernelSize: config.kernelSize + 1, strides: 1, padding: config.padding, name: \`up\${index}\`}));`,
    `  model.add(tf.layers.reLU());`,
    `}`,
    `export function build(size = 32, width = 16) {`,
    `  const model = tf.sequential({name: 'bench'});`,
    `  model.add(tf.layers.conv2d({inputShape: [size, size, 3], filters: width, kernelSize: 3, padding: 'same'}));`,
    `  for (let i = 0; i < ${blocks}; i++) block(model, width, i);`,
  ];
  for (let i = 1 + blocks * 4; i < count; i++) lines.push(`  model.add(tf.layers.reLU());`);
  lines.push(`  return model;`, `}`, ``);
  return lines.join('\n');
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * Milliseconds per call of each of `fns`, wall-clock and CPU: each round runs every function
 * `block` times in a row, so the garbage collection a function causes is paid inside its own
 * block rather than by whichever function happens to run next; the median over rounds is
 * reported. CPU time (this process, GC threads included) is the steadier figure on a machine
 * shared with other jobs; wall time is what a user waits.
 */
async function timeEach(fns, rounds = 9, block = 8, warmup = 15) {
  for (let i = 0; i < warmup; i++) for (const fn of Object.values(fns)) await fn();
  const wall = Object.fromEntries(Object.keys(fns).map((name) => [name, []]));
  const cpu = Object.fromEntries(Object.keys(fns).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(fns)) {
      const start = performance.now();
      const startCpu = process.cpuUsage();
      for (let i = 0; i < block; i++) await fn(); // awaited: analysis is asynchronous
      const usedCpu = process.cpuUsage(startCpu);
      wall[name].push((performance.now() - start) / block);
      cpu[name].push((usedCpu.user + usedCpu.system) / 1000 / block);
    }
  }
  const medians = (samples) => Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
  return { wall: medians(wall), cpu: medians(cpu) };
}

const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;

// ---- Bundles -----------------------------------------------------------------------------------
const chunkPlugin = {
  name: 'typescript-parser-chunk',
  setup(build) {
    build.onResolve({ filter: /\/typescriptChunk$/ }, () => ({ path: 'typescriptChunk', namespace: 'chunk' }));
    build.onLoad({ filter: /.*/, namespace: 'chunk' }, () => ({ contents: `module.exports = require('./tsParser.js');`, loader: 'js' }));
    build.onResolve({ filter: /^\.\/tsParser\.js$/, namespace: 'chunk' }, ({ path }) => ({ path, external: true }));
  },
};
const bundle = async (options) =>
  (await esbuild.build({ bundle: true, minify: true, format: 'cjs', target: 'es2022', write: false, logLevel: 'error', ...options }))
    .outputFiles[0].contents;

const chunk = await bundle({ entryPoints: ['src/core/formats/typescript/typescriptChunk.ts'], platform: 'node' });
writeFileSync(join(OUT, 'tsParser.js'), chunk);
const analysisEntry = { stdin: { contents: `export { analyzeDocument } from './src/core/analyzeDocument';`, resolveDir: root, loader: 'ts' } };
const withoutParser = await bundle({ ...analysisEntry, platform: 'neutral', plugins: [chunkPlugin] });
const withParser = await bundle({ ...analysisEntry, platform: 'node' });

// ---- Loading the chunk, in fresh processes ----------------------------------------------------
const chunkPath = join(OUT, 'tsParser.js');
const loadTimes = { require: [], evaluate: [] };
for (let i = 0; i < 5; i++) {
  const script = `const t=performance.now();require(${JSON.stringify(chunkPath)}).createSourceFile;console.log(performance.now()-t)`;
  loadTimes.require.push(Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })));
  // How the web worker host loads it: the file's text through new Function (no require in scope).
  const evaluate = `const s=require('fs').readFileSync(${JSON.stringify(chunkPath)},'utf8');const t=performance.now();const m={exports:{}};new Function('module','exports',s)(m,m.exports);m.exports.createSourceFile;console.log(performance.now()-t)`;
  loadTimes.evaluate.push(Number(execFileSync(process.execPath, ['-e', evaluate], { encoding: 'utf8' })));
}

// ---- Analysis against the bare parser, in this process -----------------------------------------
const timedBundle = await bundle({
  stdin: {
    contents: `export { analyzeDocument } from './src/core/analyzeDocument';\nexport { readTypeScriptModelsWith } from './src/core/formats/typescript/typescriptRead';`,
    resolveDir: root,
    loader: 'ts',
  },
  platform: 'node',
  external: ['typescript'],
  minify: false,
});
writeFileSync(join(OUT, 'typescriptAnalysis.cjs'), timedBundle);
const { analyzeDocument, readTypeScriptModelsWith } = require(join(OUT, 'typescriptAnalysis.cjs'));
const ts = require('typescript');
const fileName = 'bench.model.ts';
/**
 * The generated model must read back whole, with every shape known. A function, so that its
 * analysis is garbage once checked: an analysis kept alive through the timing (a module-level
 * `const`) makes V8 allocate the engine's per-layer literals in the old generation from then on
 * (allocation-site pretenuring), and every analysis timed after it pays for that.
 */
async function checkReadsBack(text) {
  const first = await analyzeDocument(text, fileName); // loads the parser
  const layerCount = first.models[0]?.layers.length ?? 0;
  const known = first.models[0]?.layers.filter((layer) => layer.output && !layer.output.includes('?')).length ?? 0;
  if (layerCount !== LAYERS || known !== LAYERS) {
    throw new Error(`the generated model did not read back (${layerCount} layers, ${known} with known shapes)`);
  }
}

for (const [label, text] of [
  ['literal model', generateModel(LAYERS)],
  ['helper/loop model', generateHelperModel(LAYERS)],
]) {
  await checkReadsBack(text);
  const { wall: times, cpu } = await timeEach({
    parser: () => ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS),
    reader: () => readTypeScriptModelsWith(ts, text, fileName),
    analysis: () => analyzeDocument(text, fileName),
  });
  console.log(
    `TypeScript model analysis, ${label}, ${LAYERS} layers (${(text.length / 1024).toFixed(0)} KiB of text), Node ${process.version}, ` +
      'per call: median over 9 rounds of 8 calls in a row',
  );
  console.log(`  createSourceFile alone      ${times.parser.toFixed(2)} ms`);
  console.log(`  reader (parse + read)       ${times.reader.toFixed(2)} ms  (${(times.reader / times.parser).toFixed(2)}×)`);
  console.log(`  analyzeDocument (+ engine)  ${times.analysis.toFixed(2)} ms  (${(times.analysis / times.parser).toFixed(2)}×, target ≤ 1.5×)`);
  console.log(
    `  CPU time: parser ${cpu.parser.toFixed(2)} ms, reader ${cpu.reader.toFixed(2)} ms (${(cpu.reader / cpu.parser).toFixed(2)}×), ` +
      `analysis ${cpu.analysis.toFixed(2)} ms (${(cpu.analysis / cpu.parser).toFixed(2)}×)`,
  );
}
console.log(`Parser chunk dist/tsParser.js: ${kib(chunk.length)} minified`);
console.log(`  load by require()           ${median(loadTimes.require).toFixed(0)} ms (median of 5 fresh processes)`);
console.log(`  load by text + new Function ${median(loadTimes.evaluate).toFixed(0)} ms (the web worker host's way)`);
console.log(`Core analysis bundle (minified): ${kib(withoutParser.length)} without the parser, ${kib(withParser.length)} with it embedded`);
