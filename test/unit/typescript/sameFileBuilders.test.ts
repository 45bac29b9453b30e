/**
 * A TF.js builder of the analysed file called from several places (`const small = encoder(32)`,
 * `const big = encoder(64)`): every model each call makes is analysed, and the builder's lines,
 * which hold a layer of each, say so — hints, hovers and diagnostics never give one call's shape
 * as if it were the only one, and no quick fix edits code that built models of other shapes.
 * Shapes are hand-derived with TF.js's rules (a 'valid' 3×3 conv: o = i − 2; 'same' stride 2
 * transposed: o = 2i); test/fixtures/tfjs/programs/builders-same-file.js and
 * towers-same-file.js check the layers against TF.js itself.
 */
import * as assert from 'node:assert/strict';
import type { DocumentAnalysis } from '../../../src/core/analysis';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { LineIndex } from '../../../src/core/lineIndex';
import { mergeSharedDiagnostics, type MadeModel } from '../../../src/core/sharedModels';
import { allLayers, layerHoverMarkdown, layersByPlace, placeHints, sharedHoverMarkdown, type ModelLayers } from '../../../src/extension/presentation';

const ENCODER = `import * as tf from '@tensorflow/tfjs';

function encoder(size, name) {
  const m = tf.sequential({name});
  m.add(tf.layers.conv2d({inputShape: [size, size, 3], filters: 8, kernelSize: 3}));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({units: 10}));
  return m;
}
const small = encoder(32);
const big = encoder(64);
`;

async function analyze(text: string): Promise<{ analysis: DocumentAnalysis; lineOf: (offset: number) => number }> {
  const lines = new LineIndex(text);
  return { analysis: await analyzeDocument(text, 'models.js'), lineOf: (offset) => lines.position(offset).line };
}

/** The places of the document's hints, each with the line it is on. */
function places(analysis: DocumentAnalysis, lineOf: (offset: number) => number): { line: number; place: ModelLayers[] }[] {
  return layersByPlace(allLayers(analysis), (layer) => layer.hintOffset).map((place) => ({ line: lineOf(place[0].layers[0].layer.hintOffset), place }));
}

const placeOn = (found: { line: number; place: ModelLayers[] }[], line: number) => found.find((entry) => entry.line === line)!.place;

describe('a TF.js builder of the analysed file called from several places', () => {
  it('analyses the model of each call, named after the variable it goes to, with the call that made it', async () => {
    const { analysis, lineOf } = await analyze(ENCODER);
    assert.deepEqual(
      analysis.models.map((model) => ({ name: model.name, call: model.madeBy && lineOf(model.madeBy.call.start), group: model.madeBy?.group.map((span) => lineOf(span.start)) })),
      [
        { name: 'small', call: 10, group: [10, 11] },
        { name: 'big', call: 11, group: [10, 11] },
      ],
    );
    // 32 − 2 = 30 and 64 − 2 = 62; 30·30·8 = 7200 and 62·62·8 = 30752.
    assert.deepEqual(
      analysis.models.map((model) => model.layers.map((layer) => layer.output?.map((dim) => (dim.kind === 'known' ? dim.value : '?')))),
      [
        [['?', 30, 30, 8], ['?', 7200], ['?', 10]],
        [['?', 62, 62, 8], ['?', 30752], ['?', 10]],
      ],
    );
  });

  it('gives one hint naming each model where the calls differ, and the shape once where they agree', async () => {
    const { analysis, lineOf } = await analyze(ENCODER);
    const found = places(analysis, lineOf);
    // Without the editor's limit on a line's hints (`editor.inlayHints.maximumLength: 0`).
    assert.deepEqual(placeHints(placeOn(found, 5), 'output', lineOf, 0), [
      {
        label: 'small: → [N, 30, 30, 8] · big: → [N, 62, 62, 8]',
        tooltip: '2 models are built here, with different shapes:\nsmall (line 10): → [N, 30, 30, 8]\nbig (line 11): → [N, 62, 62, 8]',
      },
    ]);
    assert.deepEqual(placeHints(placeOn(found, 7), 'output', lineOf), [
      { label: '→ [N, 10]', tooltip: 'The same in the 2 models built here: small (line 10), big (line 11).' },
    ]);
    assert.equal(placeHints(placeOn(found, 7), 'inputAndOutput', lineOf, 0)[0].label, 'small: [N, 7200] → [N, 10] · big: [N, 30752] → [N, 10]');
    // Within the editor's 43 characters by default, which the 48 of the names and shapes exceed.
    assert.equal(placeHints(placeOn(found, 5), 'output', lineOf)[0].label, '→ differs in the 2 models built here');
  });

  it('says that the shapes differ, in a hint of bounded length, where giving each would be long', async () => {
    const calls = [32, 40, 48, 56, 64].map((size, index) => `const m${index} = encoder(${size});`).join('\n');
    const { analysis, lineOf } = await analyze(ENCODER.replace(/const small[^]*$/, `${calls}\n`));
    const [hint] = placeHints(placeOn(places(analysis, lineOf), 5), 'output', lineOf);
    assert.equal(hint.label, '→ differs in the 5 models built here');
    // size − 2 for each call.
    assert.equal(hint.tooltip, ['5 models are built here, with different shapes:', ...[30, 38, 46, 54, 62].map((size, index) => `m${index} (line ${10 + index}): → [N, ${size}, ${size}, 8]`)].join('\n'));
  });

  it('hovers each model’s layer under its name where they differ, and one layer where all are alike', async () => {
    const { analysis, lineOf } = await analyze(ENCODER);
    const hoverOf = (entry: { layer: Parameters<typeof layerHoverMarkdown>[0] }) => layerHoverMarkdown(entry.layer, lineOf);
    const dense = sharedHoverMarkdown(placeOn(places(analysis, lineOf), 7), lineOf, hoverOf);
    assert.ok(dense.startsWith('2 models are built here, with different shapes:'), dense);
    // The output agrees, the input and the parameters do not: 7200·10 + 10 and 30752·10 + 10.
    assert.ok(dense.includes('**In `small` (line 10)**') && dense.includes('**In `big` (line 11)**'), dense);
    assert.ok(dense.includes('Parameters: 72,010') && dense.includes('Parameters: 307,530'), dense);

    const twins = await analyze(ENCODER.replace('encoder(64)', 'encoder(32)'));
    const flatten = sharedHoverMarkdown(placeOn(places(twins.analysis, twins.lineOf), 6), twins.lineOf, hoverOf);
    assert.ok(flatten.endsWith('\n\nThe same in the 2 models built here: `small` (line 10), `big` (line 11).'), flatten);
    assert.equal(flatten.split('**flatten').length, 2, 'the layer once');
  });

  it('reports a problem once at the builder’s line, naming the calls it comes from when not all', async () => {
    // 'valid' kernel 5 on 3: 3 − 4 = −1 (small) and 2 − 4 = −2 (third); 64 − 4 = 60 (big).
    const text = ENCODER.replace('kernelSize: 3', 'kernelSize: 5').replace('encoder(32)', 'encoder(3)') + 'const third = encoder(2);\n';
    const { analysis, lineOf } = await analyze(text);
    const messages = analysis.diagnostics.map((diagnostic) => ({ line: lineOf(diagnostic.span.start), message: diagnostic.message, related: diagnostic.related?.map(({ span }) => lineOf(span.start)) }));
    assert.deepEqual(
      messages.filter(({ message }) => message.includes('output size')),
      [
        {
          line: 5,
          message: 'conv2d: the output size would be -1x-1 for an input of 3x3; every dimension must be positive. (in `small`, built by the call at line 10)',
          related: [10],
        },
        {
          line: 5,
          message: 'conv2d: the output size would be -2x-2 for an input of 2x2; every dimension must be positive. (in `third`, built by the call at line 12)',
          related: [12],
        },
      ],
    );
    assert.equal(analysis.models.length, 3);
  });

  it('reports a problem every call has once, as it is', async () => {
    // No inputShape: each model's first layer says so, at the same place.
    const { analysis, lineOf } = await analyze(ENCODER.replace('inputShape: [size, size, 3], ', ''));
    const needsInput = analysis.diagnostics.filter((diagnostic) => diagnostic.message.includes('needs `inputShape`'));
    assert.deepEqual(
      needsInput.map((diagnostic) => ({ line: lineOf(diagnostic.span.start), related: diagnostic.related })),
      [{ line: 5, related: undefined }],
    );
  });

  it('offers no quick fix that rewrites a layer the builder made for several models', async () => {
    // Kernel 3, stride 2: uneven overlap; the fix replaces the layer by an upsampling and a conv.
    const layer = `tf.layers.conv2dTranspose({inputShape: [size, size, 8], filters: 4, kernelSize: 3, strides: 2, padding: 'same'})`;
    const text = `import * as tf from '@tensorflow/tfjs';
function decoder(size) {
  const m = tf.sequential();
  m.add(${layer});
  return m;
}
const a = decoder(8);
const b = decoder(16);
const size = 8;
const once = tf.sequential();
once.add(${layer});
`;
    const { analysis, lineOf } = await analyze(text);
    const overlaps = analysis.diagnostics.filter((diagnostic) => diagnostic.code === 'uneven-overlap');
    assert.deepEqual(
      overlaps.map((diagnostic) => ({ line: lineOf(diagnostic.span.start), fixes: diagnostic.fixes?.length ?? 0 })),
      [
        { line: 4, fixes: 0 },
        { line: 11, fixes: 1 },
      ],
    );
  });
});

describe('a builder of another file run by a helper of this file called twice', () => {
  it('shows both models at the helper’s call, named after the variables, told apart in the hint', async () => {
    const builder = `import * as tf from '@tensorflow/tfjs';
export function buildModel(inputSize, units) {
  const model = tf.sequential();
  model.add(tf.layers.dense({inputShape: [inputSize], units}));
  return model;
}
`;
    const text = `import * as tf from '@tensorflow/tfjs';
import {buildModel} from './builder.js';
function make(size) {
  return buildModel(size, size * 2);
}
const a = make(4);
const b = make(8);
const c = buildModel(3, 5);
`;
    const lines = new LineIndex(text);
    const lineOf = (offset: number) => lines.position(offset).line;
    const analysis = await analyzeDocument(text, 'main.js', { readFile: async (path) => (path.endsWith('builder.js') ? builder : undefined) });
    assert.deepEqual(
      analysis.models.map((model) => ({ name: model.name, line: lineOf(model.layers[0].span.start), call: model.madeBy && lineOf(model.madeBy.call.start) })),
      [
        { name: 'a', line: 4, call: 6 },
        { name: 'b', line: 4, call: 7 },
        { name: 'c', line: 8, call: undefined },
      ],
    );
    // Dense units 2·size: 8 and 16.
    assert.deepEqual(placeHints(placeOn(places(analysis, lineOf), 4), 'output', lineOf).map(({ label }) => label), ['a: → [N, 8] · b: → [N, 16]']);
  });
});

describe('diagnostics of models one builder made at the same places (mergeSharedDiagnostics)', () => {
  const text = 'line 1\nline 2\nline 3\n';
  const group = [
    { start: 7, end: 13 },
    { start: 14, end: 20 },
  ];
  const small: MadeModel = { name: 'small', madeBy: { call: group[0], group } };
  const big: MadeModel = { name: 'big', madeBy: { call: group[1], group } };
  const problem = (fixText: string): Diagnostic => ({
    code: 'invalid-parameter',
    severity: 'error',
    message: 'wrong',
    span: { start: 0, end: 4 },
    fixes: [{ title: 'fix', edits: [{ span: { start: 0, end: 4 }, newText: fixText }] }],
  });

  it('keeps the fixes every call gives alike', () => {
    assert.deepEqual(mergeSharedDiagnostics([{ model: small, diagnostic: problem('a') }, { model: big, diagnostic: problem('a') }], text), [problem('a')]);
  });

  it('drops fixes that differ from call to call, and those of a problem of some calls only', () => {
    const unfixed: Diagnostic = problem('a');
    delete unfixed.fixes;
    assert.deepEqual(mergeSharedDiagnostics([{ model: small, diagnostic: problem('a') }, { model: big, diagnostic: problem('b') }], text), [unfixed]);
    assert.deepEqual(mergeSharedDiagnostics([{ model: big, diagnostic: problem('a') }], text), [
      { ...unfixed, message: 'wrong (in `big`, built by the call at line 3)', related: [{ span: group[1], message: '`big` is built by this call' }] },
    ]);
  });

  it('leaves a model of no group as it is, but for repeats', () => {
    const alone: MadeModel = { name: 'alone' };
    assert.deepEqual(mergeSharedDiagnostics([{ model: alone, diagnostic: problem('a') }, { model: alone, diagnostic: problem('a') }, { model: undefined, diagnostic: problem('b') }], text), [
      problem('a'),
      problem('b'),
    ]);
  });
});
