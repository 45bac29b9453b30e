/**
 * Shapes a TF.js program reads while it builds its model (SPEC.md §1.3; issue 17): `x.shape`,
 * `x.shape[i]`, `x.shape.length`, destructuring, `x.rank`, `model.outputShape`,
 * `layer.outputShape`, `model.inputs[0].shape`, `model.outputs[0].shape`. They come from the shape
 * engine on the graph built so far. Concrete values are checked against TF.js by the corpus
 * (test/fixtures/tfjs/programs/shape-reads.js, unet-crop.ts, resnet-blocks.ts); here are the
 * forms no run produces — symbols, unknowns, conditions that cannot be decided — with expected
 * values derived by hand (each test says how).
 */
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { reportShape } from '../../../src/core/dims';

const HEADER = `import * as tf from '@tensorflow/tfjs';\n`;

async function analysed(text: string) {
  const analysis = await analyzeDocument(HEADER + text, 'model.js');
  const layers = analysis.models.flatMap((model) => model.layers);
  return { analysis, layers, shapes: layers.map((layer) => reportShape(layer.output)) };
}

describe('TypeScript interpreter: shapes the program reads', () => {
  it('gives x.shape as TF.js does: the batch null, sizes as numbers, its length and rank', async () => {
    // [null, 8, 8, 3]: the batch is null, so the first dense gets units 2; rank 4 and length 4
    // give units 4 + 4; 8 * 8 * 3 = 192.
    const { shapes } = await analysed(`const x = tf.input({shape: [8, 8, 3]});
const [batch, h, w, c] = x.shape;
const a = tf.layers.flatten().apply(x);
const b = tf.layers.dense({units: batch === null ? 2 : 1}).apply(a);
const d = tf.layers.dense({units: x.rank + x.shape.length}).apply(b);
const e = tf.layers.dense({units: h * w * c}).apply(d);
export const model = tf.model({inputs: x, outputs: e});`);
    assert.deepEqual(shapes, [
      ['N', 192],
      ['N', 2],
      ['N', 8],
      ['N', 192],
    ]);
  });

  it('keeps a size the batch is fixed at (batchSize)', async () => {
    const { shapes } = await analysed(`const x = tf.input({shape: [5], batchSize: 4});
const y = tf.layers.dense({units: x.shape[0] * 3}).apply(x);
export const model = tf.model({inputs: x, outputs: y});`);
    assert.deepEqual(shapes, [[4, 12]]);
  });

  it('carries symbolic sizes: the stride-2 same convolution of imgSize is ceil(imgSize/2)', async () => {
    // TF.js 'same' with stride 2: ceil(imgSize / 2), width ceil(7 / 2) = 4; the dense gets twice the
    // channels (16 * 2); the second input is twice the height read back, and that width's 4 * 3.
    const { shapes } = await analysed(`export function build(imgSize) {
  const x = tf.input({shape: [imgSize, 7, 3]});
  const y = tf.layers.conv2d({filters: 16, kernelSize: 3, strides: 2, padding: 'same'}).apply(x);
  const out = tf.layers.dense({units: y.shape[3] * 2}).apply(y);
  const [, height, width] = y.shape;
  const z = tf.input({shape: [height * 2, width * 3]});
  const zOut = tf.layers.dense({units: 1}).apply(z);
  return tf.model({inputs: [x, z], outputs: [out, zOut]});
}`);
    assert.deepEqual(shapes, [
      ['N', 'ceil(imgSize/2)', 4, 16],
      ['N', 'ceil(imgSize/2)', 4, 32],
      ['N', '2*ceil(imgSize/2)', 1],
    ]);
  });

  it('leaves a condition on a symbolic size undecided, and what depends on it unknown', async () => {
    const { layers } = await analysed(`export function build(imgSize) {
  const x = tf.input({shape: [imgSize, 3]});
  let y = tf.layers.dense({units: 4}).apply(x);
  if (y.shape[1] > 16) y = tf.layers.dense({units: 2}).apply(y);
  const out = tf.layers.dense({units: 1}).apply(y);
  return tf.model({inputs: x, outputs: out});
}`);
    assert.equal(layers.at(-1)!.output, null);
    assert.equal(
      layers.at(-1)!.unknown!.because,
      '`y` is assigned under a condition: ConvLens cannot decide the condition `y.shape[1] > 16` (line 5): size 1 of `y.shape` is `imgSize`, which depends on symbolic sizes',
    );
  });

  it('decides a condition on known sizes: the projection shortcut only where the width changes', async () => {
    // The block is called with 8 channels (no projection) and then with 16 (a 1×1 projection):
    // conv, add, then conv, conv 1×1, add.
    const { layers } = await analysed(`function block(x, filters) {
  const y = tf.layers.conv2d({filters, kernelSize: 3, padding: 'same'}).apply(x);
  const shortcut = x.shape[3] !== filters ? tf.layers.conv2d({filters, kernelSize: 1}).apply(x) : x;
  return tf.layers.add().apply([y, shortcut]);
}
const input = tf.input({shape: [4, 4, 8]});
export const model = tf.model({inputs: input, outputs: block(block(input, 8), 16)});`);
    assert.deepEqual(
      layers.map((layer) => [layer.type, reportShape(layer.output)]),
      [
        ['conv2d', ['N', 4, 4, 8]],
        ['add', ['N', 4, 4, 8]],
        ['conv2d', ['N', 4, 4, 16]],
        ['conv2d', ['N', 4, 4, 16]],
        ['add', ['N', 4, 4, 16]],
      ],
    );
  });

  it('makes a read of an unknown shape unknown, saying why, never a guess', async () => {
    const { layers } = await analysed(`export function build(width) {
  const x = tf.input({shape: [4]});
  const y = tf.layers.dense({units: Math.random() > 2 ? 3 : width * width}).apply(x);
  const z = tf.layers.dense({units: y.shape[1]}).apply(x);
  return tf.model({inputs: x, outputs: [y, z]});
}`);
    assert.equal(layers[1].output, null);
    assert.match(layers[1].unknown!.because, /^`units` of dense \(layer 1\) is not known: `y\.shape` is not known: `units` of dense \(layer 0\) is not known: ConvLens cannot decide the condition `Math\.random\(\) > 2`/);
  });

  it('reads model.outputShape, model.inputs[0].shape and model.outputs[0].shape, and a sequential model\'s outputShape as it grows', async () => {
    // 10 → dense 6; the second model reads 6 and 10; the sequential model halves 32 until 4 (three pools).
    const { shapes } = await analysed(`const x = tf.input({shape: [10]});
const first = tf.model({inputs: x, outputs: tf.layers.dense({units: 6}).apply(x)});
const y = tf.input({shape: [first.outputShape[1]]});
const second = tf.model({inputs: [y], outputs: [tf.layers.dense({units: first.inputs[0].shape[1]}).apply(y)]});
const z = tf.input({shape: [second.outputs[0].shape[1]]});
export const third = tf.model({inputs: z, outputs: tf.layers.dense({units: 1}).apply(z)});
export const pyramid = tf.sequential();
pyramid.add(tf.layers.conv2d({inputShape: [32, 32, 1], filters: 2, kernelSize: 1}));
while (pyramid.outputShape[1] > 4) pyramid.add(tf.layers.maxPooling2d({poolSize: 2}));`);
    assert.deepEqual(shapes, [
      ['N', 6],
      ['N', 10],
      ['N', 1],
      ['N', 32, 32, 2],
      ['N', 16, 16, 2],
      ['N', 8, 8, 2],
      ['N', 4, 4, 2],
    ]);
  });

  it('reads layer.outputShape after the layer is applied, and refuses it where two applications differ', async () => {
    // Applied to [N, 5] then to [N, 7]: flatten gives 5 and 7, so its outputShape is not one shape.
    const { layers } = await analysed(`const dense = tf.layers.dense({units: 3});
const a = tf.input({shape: [5]});
dense.apply(a);
const b = tf.layers.dense({units: dense.outputShape[1] * 2}).apply(a);
const flatten = tf.layers.flatten();
flatten.apply(a);
flatten.apply(tf.input({shape: [7]}));
const c = tf.layers.dense({units: flatten.outputShape[1]}).apply(b);
export const model = tf.model({inputs: a, outputs: c});`);
    assert.deepEqual(reportShape(layers[0].output), ['N', 6]);
    assert.equal(layers[1].output, null);
    assert.match(layers[1].unknown!.because, /`flatten\.outputShape`: the layer is applied more than once, to inputs ConvLens cannot tell give one output shape/);
  });

  it('reads layer.outputShape of a layer added to a sequential model', async () => {
    // flatten of [N, 3, 4] is [N, 12]; the dense after it gets 12 / 4 = 3 units.
    const { shapes } = await analysed(`const model = tf.sequential();
const flatten = tf.layers.flatten({inputShape: [3, 4]});
model.add(flatten);
model.add(tf.layers.dense({units: flatten.outputShape[1] / 4}));
export {model};`);
    assert.deepEqual(shapes, [
      ['N', 12],
      ['N', 3],
    ]);
  });

  it('does not hand the code the shape of a layer that returns several tensors', async () => {
    // lstm({returnState: true}) returns [output, h, c] in TF.js: `.shape` of that list is undefined there.
    const { layers } = await analysed(`const x = tf.input({shape: [6, 4]});
const states = tf.layers.lstm({units: 3, returnState: true}).apply(x);
const y = tf.layers.dense({units: states.shape[1]}).apply(x);
export const model = tf.model({inputs: x, outputs: y});`);
    const dense = layers.find((layer) => layer.type === 'dense')!;
    assert.equal(dense.output, null);
    assert.match(dense.unknown!.because, /several tensors/);
  });
});
