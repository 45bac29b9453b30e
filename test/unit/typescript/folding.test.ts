import * as assert from 'node:assert/strict';
import { params, plain, read, readOne } from './support';

/** The parameters of the single layer of a one-layer model whose config is `config`. */
async function paramsOf(config: string, prelude = ''): Promise<Record<string, unknown>> {
  const model = await readOne(`import * as tf from '@tensorflow/tfjs';
${prelude}
tf.sequential({layers: [tf.layers.conv2d({inputShape: [8, 8, 1], ${config}})]});`);
  return params(model.layers[0]);
}

describe('TypeScript reader: constant folding', () => {
  it('folds literals, arrays, negative numbers and booleans', async () => {
    assert.deepEqual(await paramsOf(`filters: 4, kernelSize: [3, 5], padding: 'same', useBias: false, alpha: -0.5, x: null`), {
      filters: 4,
      kernelSize: [3, 5],
      padding: 'same',
      useBias: false,
      alpha: -0.5,
      x: null,
    });
  });

  it('folds const names, from the top level into functions too, and arithmetic on them', async () => {
    const model = await readOne(`
import * as tf from '@tensorflow/tfjs';
const BASE = 16;
const K = 5;
const SHAPE = [28, 28, 1] as const;
function build() {
  const half = Math.floor(K / 2);
  return tf.sequential({layers: [
    tf.layers.conv2d({inputShape: SHAPE, filters: BASE * 2, kernelSize: K, strides: (2), dilationRate: half + 1}),
    tf.layers.dense({units: Math.ceil(BASE / 3) - 1 + 10 % 4, rate: 2 ** 3, label: 'x' + BASE}),
  ]});
}`);
    assert.deepEqual(plain(model.inputs[0].shape), ['N', 28, 28, 1]);
    assert.deepEqual(params(model.layers[0]), { filters: 32, kernelSize: 5, strides: 2, dilationRate: 3 });
    assert.deepEqual(params(model.layers[1]), { units: 7, rate: 8, label: 'x16' });
  });

  it('folds element and property access on const arrays and objects', async () => {
    assert.deepEqual(
      await paramsOf(
        `filters: SIZES[1] * SIZES.length, kernelSize: CONFIG.kernel, padding: CONFIG['padding'], strides: SIZES[9]`,
        `const SIZES = [4, 8];\nconst CONFIG = {kernel: 3, padding: 'same'};`,
      ),
      // \`SIZES[9]\` is \`undefined\`, as in JavaScript: TF.js's default applies.
      { filters: 16, kernelSize: 3, padding: 'same' },
    );
  });

  it('reads shorthand properties and spreads of const objects', async () => {
    assert.deepEqual(await paramsOf(`filters, ...common`, `const filters = 8;\nconst common = {kernelSize: 3, padding: 'valid'};`), {
      filters: 8,
      kernelSize: 3,
      padding: 'valid',
    });
  });

  it('knows let and var, leaves parameters of uncalled functions, unfollowed calls and what depends on them unknown', async () => {
    const model = await readOne(`
import * as tf from '@tensorflow/tfjs';
let mutable = 3;
var old = 4;
function build(filters: number) {
  return tf.sequential({layers: [tf.layers.conv2d({
    inputShape: [8, 8, 1],
    filters,
    kernelSize: mutable,
    strides: old,
    dilationRate: compute(2),
    name: \`conv\${filters}\`,
    padding: undefined,
  })]});
}`);
    const layer = model.layers[0];
    // \`padding: undefined\` is "not given", as in JavaScript.
    assert.deepEqual(params(layer), {
      filters: { '?': 'filters' },
      kernelSize: 3,
      strides: 4,
      dilationRate: { '?': 'compute(2)' },
    });
    assert.equal(layer.name, undefined);
  });

  it('respects shadowing: an inner parameter hides an outer const of the same name', async () => {
    const model = await readOne(`
import * as tf from '@tensorflow/tfjs';
const K = 3;
function build(K: number) {
  return tf.sequential({layers: [tf.layers.conv2d({inputShape: [8, 8, 1], filters: 1, kernelSize: K})]});
}`);
    assert.deepEqual(params(model.layers[0]).kernelSize, { '?': 'K' });
  });

  it('gives up on cycles and unfoldable arithmetic without throwing', async () => {
    assert.deepEqual(await paramsOf(`filters: A, kernelSize: 1 / 0, strides: 'a' * 2`, `const A = B;\nconst B = A;`), {
      filters: { '?': 'A' },
      kernelSize: { '?': '1 / 0' },
      strides: { '?': "'a' * 2" },
    });
  });

  it('marks a layer indeterminate when a spread hides some of its parameters', async () => {
    const model = await readOne(`
import * as tf from '@tensorflow/tfjs';
function build(options: object) {
  return tf.sequential({layers: [tf.layers.conv2d({inputShape: [8, 8, 1], filters: 1, kernelSize: 3, ...options})]});
}`);
    assert.equal(model.layers[0].indeterminate, true);
    assert.deepEqual(params(model.layers[0]), { filters: 1, kernelSize: 3 });
  });

  it('unrolls loops of known count, and makes the shapes after a loop of unknown count unknown', async () => {
    const { models } = await read(`
import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
model.add(tf.layers.dense({units: 4, inputShape: [4]}));
for (let i = 0; i < depth; i++) {
  model.add(tf.layers.dense({units: 4}));
}
for (const units of [8, 16]) model.add(tf.layers.dense({units}));
function inner() {
  const m = tf.sequential();
  m.add(tf.layers.dense({units: 1, inputShape: [1]}));
}`);
    assert.deepEqual(
      models.map((model) => model.layers.map((layer) => [params(layer).units, layer.unknownInput?.because])),
      [
        [
          [4, undefined],
          [4, 'ConvLens cannot decide the condition `i < depth` (line 5): `depth` is not defined in this file'],
          [8, 'ConvLens cannot decide the condition `i < depth` (line 5): `depth` is not defined in this file'],
          [16, undefined],
        ],
        [[1, undefined]],
      ],
    );
  });

  it('reads an element that is no tf.layers call as an indeterminate layer of its own text', async () => {
    const model = await readOne(`
import * as tf from '@tensorflow/tfjs';
tf.sequential({layers: [tf.layers.dense({units: 4, inputShape: [4]}), makeBlock(4), tf.layers.dense({units: 1})]});`);
    assert.deepEqual(
      model.layers.map((layer) => [layer.type, layer.indeterminate === true]),
      [
        ['dense', false],
        ['makeBlock(4)', true],
        ['dense', false],
      ],
    );
  });

  it('reads layer configs given as const objects', async () => {
    const model = await readOne(`
import * as tf from '@tensorflow/tfjs';
const first = {inputShape: [8, 8, 1], filters: 2, kernelSize: 3};
const layer = tf.layers.conv2d(first);
tf.sequential({layers: [layer]});`);
    assert.deepEqual(params(model.layers[0]), { filters: 2, kernelSize: 3 });
    assert.deepEqual(plain(model.inputs[0].shape), ['N', 8, 8, 1]);
  });
});
