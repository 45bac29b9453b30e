// TypeScript reader benchmark (SPEC.md §6): the analysis of generated 500-layer TF.js models
// against TypeScript's createSourceFile alone on the same text, in one process (target ≤ 1.5×
// for the literal model and the helper-built U-Net; the compact helper/loop model, 500 layers
// from 1 KiB of text, has no target: the engine alone costs more than parsing 1 KiB), plus the parser chunk's size and load time and the analysis bundle's size with and without the
// parser. "The engine alone" times the shape engine on the models as read, without reading them:
// a floor under the analysis that no reader can go below. Usage: npm run bench:ts [-- --layers=2000]
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
 * The same kind of model built by one helper called from one loop (issue 17): a helper function
 * with a default parameter, over a config object merged with defaults; `count` layers in all
 * from 1 KiB of text. Its ratio to its own parse follows the interpreter's and the engine's cost
 * per layer, which no parse of 1 KiB can cover: it has no target (see the U-Net model below).
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

/**
 * A 500-layer model written the way real TF.js code is (a U-Net of residual, separable and
 * convolution-stack blocks, as in hand-written segmentation models): helper functions with
 * option objects and defaults, helpers calling helpers, loops inside the helpers, skips kept in
 * variables, and the network itself written out as `count / 4` or so block calls with their own
 * filters, kernel sizes, strides and names. Its text grows with its layers, like the literal
 * model's, so its ratio to its own parse is the one SPEC §6 bounds for helper-built models.
 */
function generateRealisticModel(count) {
  const lines = [
    `import * as tf from '@tensorflow/tfjs';`,
    ``,
    `const BATCH_NORM = {momentum: 0.99, epsilon: 1e-3};`,
    ``,
    `/** Convolution and batch normalization (2 layers). */`,
    `function convBn(x: tf.SymbolicTensor, filters: number, {kernelSize = 3, strides = 1, name = 'conv'} = {}): tf.SymbolicTensor {`,
    `  const y = tf.layers.conv2d({filters, kernelSize, strides, padding: 'same', useBias: false, name: \`\${name}_conv\`}).apply(x) as tf.SymbolicTensor;`,
    `  return tf.layers.batchNormalization({...BATCH_NORM, name: \`\${name}_bn\`}).apply(y) as tf.SymbolicTensor;`,
    `}`,
    ``,
    `/** Convolution, batch normalization and ReLU (3 layers). */`,
    `function convBnRelu(x: tf.SymbolicTensor, filters: number, options: {kernelSize?: number; strides?: number; name: string}): tf.SymbolicTensor {`,
    `  return tf.layers.reLU({name: \`\${options.name}_relu\`}).apply(convBn(x, filters, options)) as tf.SymbolicTensor;`,
    `}`,
    ``,
    `/** A residual block (7 layers, 9 with a projected shortcut). */`,
    `function residualBlock(x: tf.SymbolicTensor, filters: number, {strides = 1, project = false} = {}, name = 'block'): tf.SymbolicTensor {`,
    `  let shortcut = x;`,
    `  let y = convBnRelu(x, filters, {strides, name: \`\${name}_a\`});`,
    `  y = convBn(y, filters, {name: \`\${name}_b\`});`,
    `  if (project) shortcut = convBn(x, filters, {kernelSize: 1, strides, name: \`\${name}_proj\`});`,
    `  y = tf.layers.add({name: \`\${name}_add\`}).apply([y, shortcut]) as tf.SymbolicTensor;`,
    `  return tf.layers.reLU({name: \`\${name}_out\`}).apply(y) as tf.SymbolicTensor;`,
    `}`,
    ``,
    `/** A separable convolution block (3 layers). */`,
    `function separableBlock(x: tf.SymbolicTensor, filters: number, kernelSize: number, name: string): tf.SymbolicTensor {`,
    `  const y = tf.layers.separableConv2d({filters, kernelSize, padding: 'same', depthMultiplier: 1, name: \`\${name}_sep\`}).apply(x) as tf.SymbolicTensor;`,
    `  const z = tf.layers.batchNormalization({...BATCH_NORM, name: \`\${name}_bn\`}).apply(y) as tf.SymbolicTensor;`,
    `  return tf.layers.activation({activation: 'relu', name: \`\${name}_relu\`}).apply(z) as tf.SymbolicTensor;`,
    `}`,
    ``,
    `/** \`depth\` convolution blocks in a row (3 layers each). */`,
    `function convStack(x: tf.SymbolicTensor, filters: number, depth: number, name: string): tf.SymbolicTensor {`,
    `  for (let i = 0; i < depth; i++) x = convBnRelu(x, filters, {name: \`\${name}_\${i + 1}\`});`,
    `  return x;`,
    `}`,
    ``,
    `/** Upsampling, the skip connection, and two convolution blocks (8 layers). */`,
    `function upBlock(x: tf.SymbolicTensor, skip: tf.SymbolicTensor, filters: number, name: string): tf.SymbolicTensor {`,
    `  const up = tf.layers.conv2dTranspose({filters, kernelSize: 2, strides: 2, padding: 'same', name: \`\${name}_up\`}).apply(x) as tf.SymbolicTensor;`,
    `  const merged = tf.layers.concatenate({name: \`\${name}_concat\`}).apply([up, skip]) as tf.SymbolicTensor;`,
    `  return convStack(merged, filters, 2, name);`,
    `}`,
    ``,
    `export function buildUNet(imageSize = 128, classes = 4): tf.LayersModel {`,
    `  const image = tf.input({shape: [imageSize, imageSize, 3], name: 'image'});`,
    `  let x = convBnRelu(image, 32, {kernelSize: 5, name: 'stem'});`,
  ];
  const FILTERS = [32, 64, 128, 256];
  let layers = 3;
  const emit = (line, added) => {
    lines.push(`  ${line}`);
    layers += added;
  };
  // Blocks that keep the shape, in turn: [statement, layers].
  const sameShapeBlock = (filters, name, turn) => {
    const round = Math.floor(turn / 4);
    const depth = 1 + (round % 2);
    return [
      [`x = residualBlock(x, ${filters}, {}, '${name}');`, 7],
      [`x = separableBlock(x, ${filters}, ${round % 2 === 0 ? 3 : 5}, '${name}');`, 3],
      [`x = convStack(x, ${filters}, ${depth}, '${name}');`, 3 * depth],
      [`x = separableBlock(x, ${filters}, 3, '${name}');`, 3],
    ][turn % 4];
  };
  // Room for the decoder (an up block per level below the last) and the head.
  const decoderShare = Math.floor((count * 2) / 5);
  const encoderEnd = count - decoderShare;
  FILTERS.forEach((filters, level) => {
    lines.push(`  // Level ${level + 1}: ${filters} filters.`);
    if (level > 0) emit(`x = residualBlock(x, ${filters}, {strides: 2, project: true}, 'down${level + 1}');`, 9);
    const end = Math.floor(3 + ((encoderEnd - 3) * (level + 1)) / FILTERS.length);
    for (let turn = 0; ; turn++) {
      const [line, added] = sameShapeBlock(filters, `enc${level + 1}_${turn + 1}`, turn);
      if (layers + added > end) break;
      emit(line, added);
    }
    if (level < FILTERS.length - 1) lines.push(`  const skip${level + 1} = x;`);
  });
  for (let level = FILTERS.length - 2; level >= 0; level--) {
    const filters = FILTERS[level];
    lines.push(`  // Back to level ${level + 1}.`);
    emit(`x = upBlock(x, skip${level + 1}, ${filters}, 'dec${level + 1}');`, 8);
    const end = count - 1 - Math.floor(((count - 1 - layers) * level) / (level + 1));
    for (let turn = 0; ; turn++) {
      const [line, added] = sameShapeBlock(filters, `dec${level + 1}_${turn + 1}`, turn + 1);
      if (layers + added > end) break;
      emit(line, added);
    }
  }
  // Single layers make up the exact count.
  while (layers < count - 1) emit(`x = tf.layers.dropout({rate: 0.1, name: 'dropout${layers}'}).apply(x) as tf.SymbolicTensor;`, 1);
  emit(`const mask = tf.layers.conv2d({filters: classes, kernelSize: 1, activation: 'softmax', name: 'mask'}).apply(x) as tf.SymbolicTensor;`, 1);
  lines.push(`  return tf.model({inputs: image, outputs: mask, name: 'unet'});`, `}`, ``);
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
    contents: [
      `export { analyzeDocument } from './src/core/analyzeDocument';`,
      `export { readTypeScriptModelsWith } from './src/core/formats/typescript/typescriptRead';`,
      `export { analyzeModel } from './src/core/engine/analyzeModel';`,
      `export { vocabularyOf } from './src/core/frameworks';`,
    ].join('\n'),
    resolveDir: root,
    loader: 'ts',
  },
  platform: 'node',
  external: ['typescript'],
  minify: false,
});
writeFileSync(join(OUT, 'typescriptAnalysis.cjs'), timedBundle);
const { analyzeDocument, readTypeScriptModelsWith, analyzeModel, vocabularyOf } = require(join(OUT, 'typescriptAnalysis.cjs'));
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
  const known = first.models[0]?.layers.filter((layer) => layer.output?.every((dim) => dim.kind !== 'unknown')).length ?? 0;
  if (layerCount !== LAYERS || known !== LAYERS) {
    throw new Error(`the generated model did not read back (${layerCount} layers, ${known} with known shapes)`);
  }
}

const MODELS = [
  { label: 'literal model', text: generateModel(LAYERS), target: 'SPEC §6 target ≤ 1.5×' },
  { label: 'helper-built U-Net (block helpers, loops inside them)', text: generateRealisticModel(LAYERS), target: 'SPEC §6 target ≤ 1.5×' },
  {
    label: 'compact helper/loop model (one helper, one loop)',
    text: generateHelperModel(LAYERS),
    target: `no target: ${LAYERS} layers from ${(generateHelperModel(LAYERS).length / 1024).toFixed(0)} KiB, more engine work than any parse of that text`,
  },
];
for (const { label, text, target } of MODELS) {
  await checkReadsBack(text);
  // The shape engine alone, on the models as read: a floor under the analysis that no reader can lower.
  const read = readTypeScriptModelsWith(ts, text, fileName);
  const vocabulary = vocabularyOf('tfjs');
  const { wall: times, cpu } = await timeEach({
    parser: () => ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS),
    reader: () => readTypeScriptModelsWith(ts, text, fileName),
    engine: () => read.models.forEach((model) => analyzeModel(model, vocabulary)),
    analysis: () => analyzeDocument(text, fileName),
  });
  console.log(
    `TypeScript model analysis, ${label}, ${LAYERS} layers (${(text.length / 1024).toFixed(0)} KiB of text), Node ${process.version}, ` +
      'per call: median over 9 rounds of 8 calls in a row',
  );
  console.log(`  createSourceFile alone      ${times.parser.toFixed(2)} ms`);
  console.log(`  reader (parse + read)       ${times.reader.toFixed(2)} ms  (${(times.reader / times.parser).toFixed(2)}×)`);
  console.log(`  analyzeDocument (+ engine)  ${times.analysis.toFixed(2)} ms  (${(times.analysis / times.parser).toFixed(2)}×, ${target})`);
  console.log(`  the engine alone            ${times.engine.toFixed(2)} ms  (${(times.engine / times.parser).toFixed(2)}× the parse, on the models as read)`);
  console.log(
    `  CPU time: parser ${cpu.parser.toFixed(2)} ms, reader ${cpu.reader.toFixed(2)} ms (${(cpu.reader / cpu.parser).toFixed(2)}×), ` +
      `analysis ${cpu.analysis.toFixed(2)} ms (${(cpu.analysis / cpu.parser).toFixed(2)}×), engine alone ${cpu.engine.toFixed(2)} ms (${(cpu.engine / cpu.parser).toFixed(2)}×)`,
  );
}
console.log(`Parser chunk dist/tsParser.js: ${kib(chunk.length)} minified`);
console.log(`  load by require()           ${median(loadTimes.require).toFixed(0)} ms (median of 5 fresh processes)`);
console.log(`  load by text + new Function ${median(loadTimes.evaluate).toFixed(0)} ms (the web worker host's way)`);
console.log(`Core analysis bundle (minified): ${kib(withoutParser.length)} without the parser, ${kib(withParser.length)} with it embedded`);
