// Analysis cost of a 2,000-layer ConvLens YAML model against the bare parse of the same text
// (SPEC.md §6: at most 1.5×, with concrete and with symbolic spatial sizes), and the cost of
// serving a screenful of inlay hints from the cache.
// Both sides run in this one process, so machine noise cancels in the ratio.
import { parseDocument } from 'yaml';
import { importBundle, interleaved, middle } from './benchSupport.mjs';

const LAYERS = Number(process.env.LAYERS ?? 2000);

/** A model of repeated encoder/decoder blocks: convolutions, transposed convolutions, norms, merges. */
function generateModel(layerCount, spatial = '64, 64') {
  const lines = ['name: bench', 'framework: pytorch', `input: [N, 16, ${spatial}]`, 'layers:'];
  const block = [
    ['Conv2d', { out_channels: 32, kernel_size: 3, stride: 2, padding: 1 }],
    ['BatchNorm2d', {}],
    ['ReLU', {}],
    ['ConvTranspose2d', { out_channels: 16, kernel_size: 4, stride: 2, padding: 1, output_padding: 0 }],
    ['Add', { from: [-1, -5] }],
  ];
  for (let i = 0; i < layerCount; i++) {
    const [type, params] = block[i % block.length];
    lines.push(`  - type: ${type}`, `    name: l${i}`);
    for (const [key, value] of Object.entries(params)) lines.push(`    ${key}: ${Array.isArray(value) ? `[${value.join(', ')}]` : value}`);
  }
  return lines.join('\n') + '\n';
}

/** Median milliseconds of single calls (for the microsecond-scale cache lookups below). */
function median(run, repeats) {
  const times = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return middle(times);
}

const core = await importBundle('analysisBench', `
  export { analyzeDocument } from './src/core/analyzeDocument';
  export { inlayHintLabel } from './src/extension/presentation';
  export { termCount } from './src/core/symbolic';
`);
const text = generateModel(LAYERS);
const fileName = 'bench.model.yaml';

const check = await core.analyzeDocument(text, fileName);
const layers = check.models[0].layers;
if (layers.length !== LAYERS || layers.at(-1).output === null) throw new Error('the generated model did not analyse fully');
if (check.diagnostics.some((d) => d.severity === 'error')) throw new Error(`unexpected errors: ${check.diagnostics[0].message}`);

const ROUNDS = { rounds: 5, repeats: 5, warmup: 5 };
const concrete = await interleaved(() => parseDocument(text), () => core.analyzeDocument(text, fileName), ROUNDS);
const [parseMs, analysisMs] = [concrete.baseline.wall, concrete.subject.wall];
const [parseCpuMs, analysisCpuMs] = [concrete.baseline.cpu, concrete.subject.cpu];

// Serving hints: a cache hit (version matches) and the labels of the ~60 visible lines' layers.
const cache = new Map([['file:///bench.model.yaml', { version: 1, analysis: check }]]);
const visible = { start: Math.floor(text.length / 2), end: Math.floor(text.length / 2) + 60 * 14 };
let labels = 0;
const hintUs =
  median(() => {
    for (let i = 0; i < 1000; i++) {
      const entry = cache.get('file:///bench.model.yaml');
      if (entry.version !== 1) throw new Error('miss');
      for (const model of entry.analysis.models)
        for (const layer of model.layers)
          if (layer.hintOffset >= visible.start && layer.hintOffset <= visible.end) labels += core.inlayHintLabel(layer, 'output').length;
    }
  }, 9) * (1000 / 1000);

const kib = (text.length / 1024).toFixed(0);
console.log(`ConvLens YAML analysis, ${LAYERS} layers (${kib} KiB), per call: median over 5 rounds of 5 calls in a row`);
console.log(`  yaml.parseDocument   ${parseMs.toFixed(1)} ms`);
console.log(`  analyzeDocument      ${analysisMs.toFixed(1)} ms`);
console.log(`  ratio                ${(analysisMs / parseMs).toFixed(2)}× (target ≤ 1.5×)`);
console.log(`  CPU time: parse ${parseCpuMs.toFixed(1)} ms, analysis ${analysisCpuMs.toFixed(1)} ms, ratio ${(analysisCpuMs / parseCpuMs).toFixed(2)}×`);
console.log(`  inlay hints for a visible range from the cache: ${hintUs.toFixed(1)} µs per request (${labels > 0 ? 'labels built' : 'no labels'})`);

// The same model with symbolic spatial sizes (issue 15): every conv, transposed conv and Add
// computes on expressions, and the Adds compare them exactly (the first holds only for even H, W:
// a conditional-shape warning; after it the sizes are 2·ceil(H/2) and stay so).
const symbolicText = generateModel(LAYERS, 'H, W');
const symbolicCheck = await core.analyzeDocument(symbolicText, fileName);
const symbolicLayers = symbolicCheck.models[0].layers;
if (symbolicLayers.at(-1).output?.[2]?.kind !== 'symbolic') throw new Error('the symbolic model did not stay symbolic');
if (symbolicCheck.diagnostics.some((d) => d.severity === 'error')) throw new Error(`unexpected errors: ${symbolicCheck.diagnostics[0].message}`);
const symbolic = await interleaved(() => parseDocument(symbolicText), () => core.analyzeDocument(symbolicText, fileName), ROUNDS);
const [symbolicParseMs, symbolicMs] = [symbolic.baseline.wall, symbolic.subject.wall];
const symbolicCpuRatio = symbolic.subject.cpu / symbolic.baseline.cpu;
// Expression size (terms) of the height along the model: how it grows with depth.
const termsAt = (index) => {
  const dim = symbolicLayers[index].output?.[2];
  return dim?.kind === 'symbolic' ? core.termCount(dim.expr) : 0;
};
const growth = [1, 10, 100, 1000, LAYERS].filter((n) => n <= LAYERS).map((n) => `${n}: ${termsAt(n - 1)}`);
const largest = Math.max(...symbolicLayers.map((_, index) => termsAt(index)));
console.log(`Symbolic spatial sizes (input [N, 16, H, W]), ${LAYERS} layers, same block:`);
console.log(`  yaml.parseDocument   ${symbolicParseMs.toFixed(1)} ms`);
console.log(`  analyzeDocument      ${symbolicMs.toFixed(1)} ms`);
console.log(`  ratio                ${(symbolicMs / symbolicParseMs).toFixed(2)}× (target ≤ 1.5×); CPU-time ratio ${symbolicCpuRatio.toFixed(2)}×`);
console.log(`  terms of the height after layer n: ${growth.join(', ')} (largest anywhere: ${largest}); ${symbolicCheck.diagnostics.length} conditional-shape warning(s)`);
