import * as assert from 'node:assert/strict';
import { params, plain, read, readOne } from './support';

describe('TypeScript reader: TF.js forms', () => {
  it('reads tf.sequential({layers: [...]}) with the layer types and camelCase keys as written', async () => {
    const model = await readOne(`
import * as tf from '@tensorflow/tfjs';
export const decoder = tf.sequential({
  layers: [
    tf.layers.conv2dTranspose({inputShape: [8, 8, 64], filters: 32, kernelSize: 4, strides: 2, padding: 'same'}),
    tf.layers.upSampling2d({size: [2, 2]}),
  ],
});`);
    assert.equal(model.framework, 'tfjs');
    assert.equal(model.name, 'decoder');
    assert.deepEqual(plain(model.inputs[0].shape), ['N', 8, 8, 64]);
    assert.deepEqual(
      model.layers.map((layer) => layer.type),
      ['conv2dTranspose', 'upSampling2d'],
    );
    assert.deepEqual(params(model.layers[0]), { filters: 32, kernelSize: 4, strides: 2, padding: 'same' });
    assert.deepEqual(params(model.layers[1]), { size: [2, 2] });
    assert.equal(model.layers[0].from, undefined);
  });

  it('reads model.add(...) chains in source order and takes the name from the config', async () => {
    const model = await readOne(`
import * as tf from '@tensorflow/tfjs';
function build() {
  const model = tf.sequential({name: 'gen'});
  model.add(tf.layers.dense({units: 64, inputShape: [10]}));
  model.add(tf.layers.reshape({targetShape: [4, 4, 4]}));
  model.add(tf.layers.conv2dTranspose({filters: 1, kernelSize: 3, strides: 2, padding: 'valid'}));
  return model;
}`);
    assert.equal(model.name, 'gen');
    assert.deepEqual(
      model.layers.map((layer) => layer.type),
      ['dense', 'reshape', 'conv2dTranspose'],
    );
    assert.deepEqual(plain(model.inputs[0].shape), ['N', 10]);
    assert.equal(model.layers.some((layer) => layer.indeterminate), false);
  });

  it('follows forEach, for...of and tf.sequential({layers: name}) over arrays of layers, spreads included', async () => {
    const forms = [
      `layers.forEach((l) => model.add(l));`,
      `layers.forEach(function (l) { model.add(l); });`,
      `for (const l of layers) model.add(l);`,
      `for (const l of layers) { model.add(l); }`,
    ];
    for (const join of forms) {
      const model = await readOne(`
import * as tf from '@tensorflow/tfjs';
const head = [tf.layers.conv2d({inputShape: [16, 16, 3], filters: 8, kernelSize: 3})];
const layers = [...head, tf.layers.maxPooling2d({poolSize: 2}), tf.layers.flatten()];
const model = tf.sequential();
${join}`);
      assert.deepEqual(
        model.layers.map((layer) => layer.type),
        ['conv2d', 'maxPooling2d', 'flatten'],
        join,
      );
      assert.equal(model.layers.some((layer) => layer.indeterminate), false, join);
      assert.deepEqual(plain(model.inputs[0].shape), ['N', 16, 16, 3]);
    }
    const viaConfig = await readOne(`
import * as tf from '@tensorflow/tfjs';
const decoderLayers = [tf.layers.dense({units: 4, inputShape: [2]}), tf.layers.dense({units: 8})];
export const decoder = tf.sequential({layers: decoderLayers});`);
    assert.deepEqual(
      viaConfig.layers.map((layer) => params(layer).units),
      [4, 8],
    );
  });

  it('reads an array of tf.layers calls used by no model as a model of its own', async () => {
    const { models } = await read(`
import * as tf from '@tensorflow/tfjs';
export const blocks = [tf.layers.conv2d({inputShape: [32, 32, 3], filters: 4, kernelSize: 1}), tf.layers.reLU()];
export const sizes = [1, 2, 3];`);
    assert.equal(models.length, 1);
    assert.equal(models[0].name, 'blocks');
    assert.deepEqual(
      models[0].layers.map((layer) => layer.type),
      ['conv2d', 'reLU'],
    );
  });

  it('reads functional graphs: tf.input, apply, merges and tf.model', async () => {
    const model = await readOne(`
import * as tf from '@tensorflow/tfjs';
const image = tf.input({shape: [28, 28, 1]});
const left = tf.layers.conv2d({filters: 4, kernelSize: 3, padding: 'same'}).apply(image);
const conv = tf.layers.conv2d({filters: 4, kernelSize: 5, padding: 'same'});
const right = conv.apply(image);
const merged = tf.layers.concatenate({axis: -1}).apply([left, right]);
const out = tf.layers.conv2dTranspose({filters: 1, kernelSize: 2, strides: 2}).apply(merged);
export const net = tf.model({inputs: image, outputs: out});`);
    assert.equal(model.name, 'net');
    assert.deepEqual(model.inputs.map((input) => [input.name, plain(input.shape)]), [['image', ['N', 28, 28, 1]]]);
    assert.deepEqual(
      model.layers.map((layer) => [layer.type, plain(layer.from)]),
      [
        ['conv2d', 'image'],
        ['conv2d', 'image'],
        ['concatenate', [0, 1]],
        ['conv2dTranspose', 2],
      ],
    );
    assert.deepEqual(params(model.layers[1]), { filters: 4, kernelSize: 5, padding: 'same' });
  });

  it('names functional inputs by their name option, and reads batchShape and several inputs', async () => {
    const model = await readOne(`
import * as tf from '@tensorflow/tfjs';
const a = tf.input({shape: [8], name: 'features'});
const b = tf.input({batchShape: [null, 8]});
const sum = tf.layers.add().apply([a, b]);
const m = tf.model({inputs: [a, b], outputs: tf.layers.dense({units: 1}).apply(sum)});`);
    assert.deepEqual(
      model.inputs.map((input) => [input.name, plain(input.shape)]),
      [
        ['features', ['N', 8]],
        ['b', ['N', 8]],
      ],
    );
    assert.deepEqual(
      model.layers.map((layer) => [layer.type, plain(layer.from)]),
      [
        ['add', ['features', 'b']],
        ['dense', 0],
      ],
    );
  });

  it('resolves import * as, require, named imports, aliases, destructured require and a global tf', async () => {
    const layer = `conv2d({inputShape: [4, 4, 1], filters: 2, kernelSize: 3})`;
    const sources = {
      'namespace import': `import * as tf from '@tensorflow/tfjs';\ntf.sequential({layers: [tf.layers.${layer}]});`,
      'tfjs-node': `import * as tfn from '@tensorflow/tfjs-node';\ntfn.sequential({layers: [tfn.layers.${layer}]});`,
      require: `const tf = require('@tensorflow/tfjs');\ntf.sequential({layers: [tf.layers.${layer}]});`,
      'named imports': `import {layers, sequential} from '@tensorflow/tfjs';\nsequential({layers: [layers.${layer}]});`,
      aliases: `import {layers as L, sequential as seq} from '@tensorflow/tfjs';\nseq({layers: [L.${layer}]});`,
      'destructured require': `const {layers, sequential} = require('@tensorflow/tfjs');\nsequential({layers: [layers.${layer}]});`,
      'const alias of tf.layers': `import * as tf from '@tensorflow/tfjs';\nconst L = tf.layers;\ntf.sequential({layers: [L.${layer}]});`,
      'global tf (script tag)': `const model = tf.sequential({layers: [tf.layers.${layer}]});`,
    };
    for (const [form, text] of Object.entries(sources)) {
      const model = await readOne(text, 'model.js');
      assert.deepEqual(
        model.layers.map((l) => l.type),
        ['conv2d'],
        form,
      );
      assert.deepEqual(plain(model.inputs[0].shape), ['N', 4, 4, 1], form);
    }
  });

  it('does not take another library for TF.js', async () => {
    const { models } = await read(`
import * as tf from 'some-other-lib';
tf.sequential({layers: [tf.layers.conv2d({inputShape: [4, 4, 1], filters: 2, kernelSize: 3})]});`);
    assert.equal(models.length, 0);
  });

  it('prepends the batch: N for inputShape, batchSize when given, null → N in batchInputShape, inputDim', async () => {
    const shapeOf = async (config: string) =>
      plain(
        (await readOne(`import * as tf from '@tensorflow/tfjs';\ntf.sequential({layers: [tf.layers.dense({units: 1, ${config}})]});`))
          .inputs[0].shape,
      );
    assert.deepEqual(await shapeOf('inputShape: [5, 6]'), ['N', 5, 6]);
    assert.deepEqual(await shapeOf('inputShape: [5, 6], batchSize: 32'), [32, 5, 6]);
    assert.deepEqual(await shapeOf('batchInputShape: [null, 7]'), ['N', 7]);
    assert.deepEqual(await shapeOf('batchInputShape: [4, 7]'), [4, 7]);
    assert.deepEqual(await shapeOf('inputShape: [null, null, 3]'), ['N', '?', '?', 3]);
    assert.deepEqual(await shapeOf('inputDim: 12'), ['N', 12]);
  });

  it('reports a sequential model whose first layer has no input shape', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';\nconst m = tf.sequential();\nm.add(tf.layers.dense({units: 3}));`;
    const { models, diagnostics } = await read(text);
    assert.equal(models.length, 1);
    assert.deepEqual(models[0].inputs, []);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'invalid-parameter');
    assert.equal(text.slice(diagnostics[0].span.start, diagnostics[0].span.end), 'tf.layers.dense');
  });
});

describe('TypeScript reader: ConvLens object literals', () => {
  it('reads defineModel({...}) with the YAML schema, framework default pytorch', async () => {
    const model = await readOne(`
export const decoder = defineModel({
  name: 'decoder',
  input: ['N', 512, 4, 4],
  layers: [
    {type: 'ConvTranspose2d', name: 'up1', out_channels: 256, kernel_size: 4, stride: 2, padding: 1, expect: ['N', 256, 8, 8]},
    {type: 'Concat', from: ['up1', -1]},
  ],
});`);
    assert.equal(model.framework, 'pytorch');
    assert.equal(model.name, 'decoder');
    assert.deepEqual(plain(model.inputs[0].shape), ['N', 512, 4, 4]);
    const [up, concat] = model.layers;
    assert.equal(up.type, 'ConvTranspose2d');
    assert.equal(up.name, 'up1');
    assert.deepEqual(params(up), { out_channels: 256, kernel_size: 4, stride: 2, padding: 1 });
    assert.deepEqual(plain(up.expect), ['N', 256, 8, 8]);
    assert.deepEqual(plain(concat.from), ['up1', -1]);
  });

  it('reads a plain const with framework and named inputs, and expands spreads of const layer arrays', async () => {
    const model = await readOne(`
const stem = [{type: 'Conv2D', filters: 8, kernel_size: 3}] as const;
const net = {
  framework: 'keras',
  inputs: {image: [1, 64, 64, 3]},
  layers: [...stem, {type: 'Conv2DTranspose', filters: 3, kernel_size: 4, strides: 2, padding: 'same'}],
};`);
    assert.equal(model.framework, 'keras');
    assert.equal(model.name, 'net');
    assert.deepEqual(model.inputs.map((input) => [input.name, plain(input.shape)]), [['image', [1, 64, 64, 3]]]);
    assert.deepEqual(
      model.layers.map((layer) => layer.type),
      ['Conv2D', 'Conv2DTranspose'],
    );
  });

  it('reports an unknown framework and a layer without a type', async () => {
    const text = `const m = {framework: 'caffe', input: [1, 3, 8, 8], layers: [{type: 'Conv2d', out_channels: 1, kernel_size: 1}, {kernel_size: 3}]};`;
    const { models, diagnostics } = await read(text);
    assert.equal(models[0].framework, 'pytorch');
    assert.deepEqual(
      diagnostics.map((d) => [d.code, text.slice(d.span.start, d.span.end)]),
      [
        ['invalid-parameter', "'caffe'"],
        ['invalid-parameter', '{kernel_size: 3}'],
      ],
    );
    assert.equal(models[0].layers[1].indeterminate, true);
  });

  it('reads TF.js and ConvLens models side by side in source order', async () => {
    const { models } = await read(`
import * as tf from '@tensorflow/tfjs';
const a = {input: [1, 1, 4, 4], layers: [{type: 'Identity'}]};
const b = tf.sequential({layers: [tf.layers.flatten({inputShape: [2, 2]})]});`);
    assert.deepEqual(
      models.map((model) => [model.name, model.framework]),
      [
        ['a', 'pytorch'],
        ['b', 'tfjs'],
      ],
    );
  });
});
