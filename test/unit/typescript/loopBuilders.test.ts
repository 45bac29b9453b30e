/**
 * A TF.js builder called from one place in a loop or an array method (`sizes.map((size) =>
 * encoder(size))`, `for (const size of sizes) models.push(encoder(size))`): TF.js builds a model
 * per turn, and so does ConvLens — each analysed, named by its place in the array it goes to
 * (`encoders[1]`) or its turn (`m #2`), told apart on the builder's lines as the models of several
 * calls are (sameFileBuilders.test.ts), up to INTERPRETER_BUDGETS.modelsPerCall models per
 * model-making call, the others counted and said. Shapes are hand-derived with TF.js's rules (a
 * 'valid' 5×5 conv: o = i − 4); test/fixtures/tfjs/programs/ensemble-loops.js checks such models
 * against TF.js itself.
 */
import * as assert from 'node:assert/strict';
import type { DocumentAnalysis } from '../../../src/core/analysis';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { INTERPRETER_BUDGETS } from '../../../src/core/limits';
import { LineIndex } from '../../../src/core/lineIndex';
import { allLayers, layerHoverMarkdown, layersByPlace, placeHints, previewLenses, sharedHoverMarkdown, type ModelLayers } from '../../../src/extension/presentation';

const ENCODER = `import * as tf from '@tensorflow/tfjs';

function encoder(size) {
  const m = tf.sequential();
  m.add(tf.layers.conv2d({inputShape: [size, size, 3], filters: 8, kernelSize: 5}));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({units: 10}));
  return m;
}
`;

async function analyze(text: string, readFile?: (path: string) => Promise<string | undefined>): Promise<{ analysis: DocumentAnalysis; lineOf: (offset: number) => number }> {
  const lines = new LineIndex(text);
  return { analysis: await analyzeDocument(text, 'models.js', readFile && { readFile }), lineOf: (offset) => lines.position(offset).line };
}

/** The models one per turn: name, the line of the call that made it, and the lines of its group's calls. */
function made(analysis: DocumentAnalysis, lineOf: (offset: number) => number) {
  return analysis.models.map((model) => ({ name: model.name, call: model.madeBy && lineOf(model.madeBy.call.start), group: model.madeBy?.group.map((span) => lineOf(span.start)) }));
}

/** The models at the hint place on `line`. */
function placeOn(analysis: DocumentAnalysis, lineOf: (offset: number) => number, line: number): ModelLayers[] {
  return layersByPlace(allLayers(analysis), (layer) => layer.hintOffset).find((place) => lineOf(place[0].layers[0].layer.hintOffset) === line)!;
}

/** Output widths of each model's layers, `?` where unknown. */
const outputs = (analysis: DocumentAnalysis) => analysis.models.map((model) => model.layers.map((layer) => layer.output?.map((dim) => (dim.kind === 'known' ? dim.value : '?'))));

describe('a TF.js builder called from one place in a loop', () => {
  it('makes a model per turn of an array method, named by its place in the array', async () => {
    const { analysis, lineOf } = await analyze(`${ENCODER}const encoders = [32, 48, 64].map((size) => encoder(size));\n`);
    assert.deepEqual(made(analysis, lineOf), [
      { name: 'encoders[0]', call: 10, group: [10, 10, 10] },
      { name: 'encoders[1]', call: 10, group: [10, 10, 10] },
      { name: 'encoders[2]', call: 10, group: [10, 10, 10] },
    ]);
    // 32 − 4 = 28, 48 − 4 = 44, 64 − 4 = 60; 28·28·8 = 6272, 44·44·8 = 15488, 60·60·8 = 28800.
    assert.deepEqual(outputs(analysis), [
      [['?', 28, 28, 8], ['?', 6272], ['?', 10]],
      [['?', 44, 44, 8], ['?', 15488], ['?', 10]],
      [['?', 60, 60, 8], ['?', 28800], ['?', 10]],
    ]);
    assert.deepEqual(analysis.diagnostics, []);
  });

  it('names the models of a for…of loop by the array they are pushed to, or by their turn, and keeps names TF.js gives', async () => {
    const pushed = await analyze(`${ENCODER}const models = [];\nfor (const size of [8, 16]) models.push(encoder(size));\n`);
    assert.deepEqual(made(pushed.analysis, pushed.lineOf), [
      { name: 'models[0]', call: 11, group: [11, 11] },
      { name: 'models[1]', call: 11, group: [11, 11] },
    ]);
    const unkept = await analyze(`${ENCODER}for (const size of [8, 16]) encoder(size).summary();\n`);
    assert.deepEqual(
      unkept.analysis.models.map((model) => model.name),
      ['m #1', 'm #2'],
    );
    const named = await analyze(`${ENCODER.replace('tf.sequential()', 'tf.sequential({name: `enc${size}`})')}for (const size of [8, 16]) encoder(size).summary();\n`);
    assert.deepEqual(
      named.analysis.models.map((model) => model.name),
      ['enc8', 'enc16'],
    );
    // Nested loops: one call, four turns.
    const grid = await analyze(`${ENCODER}const grid = [];\nfor (const a of [8, 16]) for (const b of [0, 1]) grid.push(encoder(a + b));\n`);
    assert.deepEqual(
      grid.analysis.models.map((model) => model.name),
      ['grid[0]', 'grid[1]', 'grid[2]', 'grid[3]'],
    );
    // 8 − 4, 9 − 4, 16 − 4, 17 − 4.
    assert.deepEqual(
      outputs(grid.analysis).map((layers) => layers[0]),
      [['?', 4, 4, 8], ['?', 5, 5, 8], ['?', 12, 12, 8], ['?', 13, 13, 8]],
    );
  });

  it('makes a model per turn of a loop body that builds one itself', async () => {
    const { analysis, lineOf } = await analyze(`import * as tf from '@tensorflow/tfjs';
const probes = [];
for (let depth = 1; depth <= 2; depth++) {
  const probe = tf.sequential();
  probe.add(tf.layers.dense({inputShape: [16], units: 4 * depth}));
  probes.push(probe);
}
`);
    assert.deepEqual(made(analysis, lineOf), [
      { name: 'probes[0]', call: 4, group: [4, 4] },
      { name: 'probes[1]', call: 4, group: [4, 4] },
    ]);
    assert.deepEqual(outputs(analysis), [[['?', 4]], [['?', 8]]]);
  });

  it('gives each turn’s shapes under its name where they differ, and the shape once where they agree', async () => {
    const { analysis, lineOf } = await analyze(`${ENCODER}const encoders = [32, 48, 64].map((size) => encoder(size));\n`);
    // Without the editor's limit on a line's hints (`editor.inlayHints.maximumLength: 0`); within its 43 by default, they differ.
    assert.equal(placeHints(placeOn(analysis, lineOf, 5), 'output', lineOf)[0].label, '→ differs in the 3 models built here');
    assert.deepEqual(placeHints(placeOn(analysis, lineOf, 5), 'output', lineOf, 0), [
      {
        label: 'encoders[0]: → [N, 28, 28, 8] · encoders[1]: → [N, 44, 44, 8] · encoders[2]: → [N, 60, 60, 8]',
        tooltip: [
          '3 models are built here, with different shapes:',
          'encoders[0] (line 10): → [N, 28, 28, 8]',
          'encoders[1] (line 10): → [N, 44, 44, 8]',
          'encoders[2] (line 10): → [N, 60, 60, 8]',
        ].join('\n'),
      },
    ]);
    assert.deepEqual(placeHints(placeOn(analysis, lineOf, 7), 'output', lineOf), [
      { label: '→ [N, 10]', tooltip: 'The same in the 3 models built here: encoders[0] (line 10), encoders[1] (line 10), encoders[2] (line 10).' },
    ]);
    const hover = sharedHoverMarkdown(placeOn(analysis, lineOf, 6), lineOf, (entry) => layerHoverMarkdown(entry.layer, lineOf));
    assert.ok(hover.startsWith('3 models are built here, with different shapes:'), hover);
    for (const [name, width] of [['encoders[0]', 6272], ['encoders[1]', 15488], ['encoders[2]', 28800]] as const) {
      assert.ok(hover.includes(`**In \`${name}\` (line 10)**`) && hover.includes(`[N, ${width}]`), hover);
    }
  });

  it('reports a problem only some turns have once, naming those turns', async () => {
    // 'valid' kernel 5 on 3: 3 − 4 = −1, in the first and the last turn; 32 − 4 = 28 in the second.
    const { analysis, lineOf } = await analyze(`${ENCODER}const encoders = [3, 32, 3].map((size) => encoder(size));\n`);
    assert.deepEqual(
      analysis.diagnostics.map((diagnostic) => ({ line: lineOf(diagnostic.span.start), message: diagnostic.message, related: diagnostic.related?.map(({ span, message }) => [lineOf(span.start), message]) })),
      [
        {
          line: 5,
          message: 'conv2d: the output size would be -1x-1 for an input of 3x3; every dimension must be positive. (in `encoders[0]` and `encoders[2]`, built by the call at line 10)',
          related: [[10, '`encoders[0]` and `encoders[2]` are built by this call']],
        },
      ],
    );
  });

  it(`reads at most ${INTERPRETER_BUDGETS.modelsPerCall} models per model-making call, and says how many it left`, async () => {
    const turns = 9_000;
    const { analysis, lineOf } = await analyze(`import * as tf from '@tensorflow/tfjs';
function head(units) {
  const m = tf.sequential();
  m.add(tf.layers.dense({inputShape: [4], units}));
  return m;
}
for (let i = 0; i < ${turns}; i++) head(1 + (i % 3)).summary();
`);
    assert.equal(analysis.models.length, INTERPRETER_BUDGETS.modelsPerCall);
    assert.deepEqual(
      analysis.models.map((model) => model.name),
      Array.from({ length: INTERPRETER_BUDGETS.modelsPerCall }, (_, index) => `m #${index + 1}`),
    );
    assert.deepEqual(new Set(analysis.models.map((model) => model.madeBy?.beyond)), new Set([turns - INTERPRETER_BUDGETS.modelsPerCall]));
    assert.deepEqual(analysis.diagnostics, [], 'the loop is within the interpreter’s budgets');
    const note = `ConvLens reads the first 16 of the 9,000 models built here (at most 16 per \`tf.sequential\` or \`tf.model\` call); the others are not analysed.`;
    const [hint] = placeHints(placeOn(analysis, lineOf, 4), 'output', lineOf);
    // Units 1, 2, 3, 1, 2, …: the turns differ.
    assert.equal(hint.label, '→ differs in the 16 models built here');
    // Said first: a long tooltip or hover is cut at the bottom.
    assert.ok(hint.tooltip!.startsWith(`16 models are built here, with different shapes:\n${note}\nm #1 (line 7): → [N, 1]\n`), hint.tooltip);
    const hover = sharedHoverMarkdown(placeOn(analysis, lineOf, 4), lineOf, (entry) => layerHoverMarkdown(entry.layer, lineOf));
    assert.ok(hover.startsWith(`16 models are built here, with different shapes:\n\n${note}\n\n---\n\n**In \`m #1\` (line 7)**`), hover.slice(0, 400));
    assert.ok(hover.endsWith('…and 12 more (the Outline lists every model).'), hover.slice(-400));
  });

  it('shows the models of another file’s builder called in a loop at this file’s call, one per turn', async () => {
    const builder = `import * as tf from '@tensorflow/tfjs';
export function buildModel(units) {
  const model = tf.sequential();
  model.add(tf.layers.dense({inputShape: [4], units}));
  return model;
}
`;
    const text = `import {buildModel} from './builder.js';
export const towers = [2, 3].map((units) => buildModel(units));
`;
    const { analysis, lineOf } = await analyze(text, async (path) => (path.endsWith('builder.js') ? builder : undefined));
    assert.deepEqual(made(analysis, lineOf), [
      { name: 'towers[0]', call: 2, group: [2, 2] },
      { name: 'towers[1]', call: 2, group: [2, 2] },
    ]);
    assert.deepEqual(outputs(analysis), [[['?', 2]], [['?', 3]]]);
  });
});

describe('the Preview upsampling lenses of a place several models share', () => {
  const DECODER = `import * as tf from '@tensorflow/tfjs';
function decoder(size) {
  const m = tf.sequential();
  m.add(tf.layers.conv2dTranspose({inputShape: [size, size, 8], filters: 4, kernelSize: 4, strides: 2, padding: 'same'}));
  return m;
}
`;
  const lensesOn = async (text: string, line: number) => {
    const { analysis, lineOf } = await analyze(text);
    const place = layersByPlace(allLayers(analysis), (layer) => layer.typeSpan.start).find((found) => lineOf(found[0].layers[0].layer.typeSpan.start) === line)!;
    return previewLenses(place, lineOf).map(({ title, entry }) => [title, entry.modelIndex]);
  };

  it('gives one lens where every model previews the same, and one per preview, named, where they differ', async () => {
    // 'same', stride 2: o = 2i.
    assert.deepEqual(await lensesOn(`${DECODER}const decoders = [8, 8].map((size) => decoder(size));\n`, 4), [['Preview upsampling (8×8 → 16×16)', 0]]);
    assert.deepEqual(await lensesOn(`${DECODER}const decoders = [8, 16, 8].map((size) => decoder(size));\n`, 4), [
      ['Preview upsampling (8×8 → 16×16) in decoders[0] (line 7) and 1 more', 0],
      ['Preview upsampling (16×16 → 32×32) in decoders[1] (line 7)', 1],
    ]);
  });

  it('gives one lens for a layer an encoder shares with its autoencoder', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const input = tf.input({shape: [8, 8, 3]});
const encoded = tf.layers.conv2dTranspose({filters: 4, kernelSize: 4, strides: 2, padding: 'same'}).apply(input);
const encoder = tf.model({inputs: input, outputs: encoded});
const decoded = tf.layers.dense({units: 5}).apply(encoded);
const autoencoder = tf.model({inputs: input, outputs: decoded});
`;
    assert.deepEqual(await lensesOn(text, 3), [['Preview upsampling (8×8 → 16×16)', 0]]);
  });
});
