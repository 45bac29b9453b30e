import * as assert from 'node:assert/strict';
import { applyEdit, params, read, readOne, slice } from './support';
import { formatValue, insertParamEdit, replaceLayerEdit } from '../../../src/core/writers';

const SEQUENTIAL = `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential({
  layers: [
    tf.layers.conv2d({inputShape: [8, 8, 3], filters: 4, kernelSize: 3}),
    tf.layers.conv2dTranspose({filters: 2, kernelSize: 3, strides: 2}),
    tf.layers.flatten(),
  ],
});
`;

describe('TypeScript reader: spans', () => {
  it('points typeSpan at the tf.layers callee, params at their keys and values, hints after the call', async () => {
    const model = await readOne(SEQUENTIAL);
    const [conv, up, flatten] = model.layers;
    assert.equal(slice(SEQUENTIAL, conv.typeSpan), 'tf.layers.conv2d');
    assert.equal(slice(SEQUENTIAL, up.typeSpan), 'tf.layers.conv2dTranspose');
    assert.equal(slice(SEQUENTIAL, up.span), 'tf.layers.conv2dTranspose({filters: 2, kernelSize: 3, strides: 2})');
    assert.equal(SEQUENTIAL.slice(up.hintOffset - 3, up.hintOffset + 1), '2}),');
    assert.equal(SEQUENTIAL.slice(flatten.hintOffset - 2, flatten.hintOffset + 1), '(),');
    const strides = up.params.find((entry) => entry.key === 'strides')!;
    assert.equal(slice(SEQUENTIAL, strides.keySpan), 'strides');
    assert.equal(slice(SEQUENTIAL, strides.value.span), '2');
    assert.equal(slice(SEQUENTIAL, model.inputs[0].span), 'inputShape: [8, 8, 3]');
    assert.equal(slice(SEQUENTIAL, model.span).startsWith('tf.sequential({'), true);
  });

  it('puts the hint of model.add after the add call and of apply after the apply call', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const m = tf.sequential();
m.add(tf.layers.dense({units: 2, inputShape: [3]}));
const x = tf.input({shape: [3]});
const y = tf.layers.dense({units: 1}).apply(x);
const f = tf.model({inputs: x, outputs: y});`;
    const { models } = await read(text);
    const [sequential, functional] = models;
    const add = sequential.layers[0];
    assert.equal(text.slice(add.hintOffset - 5, add.hintOffset + 1), '3]}));');
    assert.equal(slice(text, add.span), 'tf.layers.dense({units: 2, inputShape: [3]})');
    const apply = functional.layers[0];
    assert.equal(text.slice(apply.hintOffset - 9, apply.hintOffset + 1), '.apply(x);');
    assert.equal(slice(text, apply.typeSpan), 'tf.layers.dense');
    assert.equal(slice(text, apply.from!.span), 'x');
  });

  it('puts the hint and span of a layer made once and added or applied by a loop where it is made', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const encoder = [tf.layers.dense({units: 8, inputShape: [4]}), tf.layers.dense({units: 2})];
const m = tf.sequential();
encoder.forEach((layer) => m.add(layer));
const blocks = [tf.layers.dense({units: 3}), tf.layers.dense({units: 5})];
const x = tf.input({shape: [4]});
const f = tf.model({inputs: x, outputs: blocks.reduce((y, layer) => layer.apply(y), x)});
const again = tf.sequential();
for (let i = 0; i < 2; i++) again.add(tf.layers.dense({units: 4, inputShape: [4]}));`;
    const { models } = await read(text);
    const [sequential, functional, loop] = models;
    assert.deepEqual(
      sequential.layers.map((layer) => slice(text, layer.span)),
      ['tf.layers.dense({units: 8, inputShape: [4]})', 'tf.layers.dense({units: 2})'],
    );
    assert.deepEqual(
      sequential.layers.map((layer) => layer.hintOffset),
      sequential.layers.map((layer) => layer.span.end),
    );
    assert.deepEqual(
      functional.layers.map((layer) => slice(text, layer.span)),
      ['tf.layers.dense({units: 3})', 'tf.layers.dense({units: 5})'],
    );
    // Made in the loop itself, each time: both at the add, as before.
    assert.deepEqual(loop.layers.map((layer) => text.slice(layer.hintOffset - 3, layer.hintOffset)), ['}))', '}))']);
  });

  it('points the typeSpan of a ConvLens literal layer at its type value', async () => {
    const text = `const m = {input: [1, 3, 8, 8], layers: [{type: 'Conv2d', out_channels: 4, kernel_size: 3}]};`;
    const layer = (await readOne(text)).layers[0];
    assert.equal(slice(text, layer.typeSpan), "'Conv2d'");
    assert.equal(slice(text, layer.span), "{type: 'Conv2d', out_channels: 4, kernel_size: 3}");
    assert.equal(layer.hintOffset, layer.span.end);
  });
});

describe('TypeScript reader: edits', () => {
  it('formats values in TypeScript syntax', async () => {
    const model = await readOne(SEQUENTIAL);
    assert.equal(formatValue(model.syntax, [1, 1]), '[1, 1]');
    assert.equal(formatValue(model.syntax, 'same'), "'same'");
    assert.equal(formatValue(model.syntax, "it's"), "'it\\'s'");
    assert.equal(formatValue(model.syntax, 2), '2');
  });

  it('inserts a parameter after the last property, into an empty call, and around a const config', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const cfg = {filters: 1, kernelSize: 3};
tf.sequential({layers: [
  tf.layers.conv2dTranspose({inputShape: [4, 4, 2], filters: 2, kernelSize: 3, strides: 2,}),
  tf.layers.upSampling2d(),
  tf.layers.conv2d({}),
  tf.layers.conv2d(cfg),
]});`;
    const [first, empty, emptyObject, named] = (await readOne(text)).layers;
    const after = (edit: { span: { start: number; end: number }; newText: string }) => applyEdit(text, edit);
    assert.ok(after(insertParamEdit(first.insertion, 'padding', "'same'")).includes("strides: 2, padding: 'same',})"));
    assert.ok(after(insertParamEdit(empty.insertion, 'size', '[2, 2]')).includes('tf.layers.upSampling2d({size: [2, 2]})'));
    assert.ok(after(insertParamEdit(emptyObject.insertion, 'filters', '8')).includes('tf.layers.conv2d({filters: 8})'));
    assert.ok(after(insertParamEdit(named.insertion, 'strides', '2')).includes('tf.layers.conv2d({...cfg, strides: 2})'));
    // The edited text reads back with the new parameter.
    const reread = await readOne(after(insertParamEdit(first.insertion, 'padding', "'same'")));
    assert.equal(params(reread.layers[0]).padding, 'same');
  });

  it('quotes keys that are not identifiers', async () => {
    const text = `const m = {input: [1, 1, 4, 4], layers: [{type: 'Conv2d', out_channels: 1, kernel_size: 1}]};`;
    const layer = (await readOne(text)).layers[0];
    assert.equal(insertParamEdit(layer.insertion, 'padding-mode', "'zeros'").newText, ", 'padding-mode': 'zeros'");
  });

  it('replaces an array element by several tf.layers calls, one per line, with the alias as written', async () => {
    const text = `import {layers as L, sequential} from '@tensorflow/tfjs';
sequential({
  layers: [
    L.conv2d({inputShape: [8, 8, 3], filters: 4, kernelSize: 3}),
    L.conv2dTranspose({filters: 2, kernelSize: 3, strides: 2}),
  ],
});`;
    const layer = (await readOne(text)).layers[1];
    const edit = replaceLayerEdit(layer.replacement!, [
      { type: 'upSampling2d', params: [['size', [2, 2]]] },
      { type: 'conv2d', params: [['filters', 2], ['kernelSize', 3], ['padding', 'same']] },
    ]);
    const edited = applyEdit(text, edit);
    assert.ok(
      edited.includes(
        `    L.upSampling2d({size: [2, 2]}),\n    L.conv2d({filters: 2, kernelSize: 3, padding: 'same'}),\n  ],`,
      ),
      edited,
    );
    const reread = await readOne(edited);
    assert.deepEqual(
      reread.layers.map((l) => l.type),
      ['conv2d', 'upSampling2d', 'conv2d'],
    );
  });

  it('replaces a model.add statement by one add per layer', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const m = tf.sequential();
m.add(tf.layers.dense({units: 4, inputShape: [4]}));
m.add(tf.layers.conv2dTranspose({filters: 2, kernelSize: 3, strides: 2}));
`;
    const layer = (await readOne(text)).layers[1];
    const edited = applyEdit(text, replaceLayerEdit(layer.replacement!, [{ type: 'upSampling2d', params: [] }, { type: 'conv2d', params: [['filters', 2]] }]));
    assert.ok(edited.includes('m.add(tf.layers.upSampling2d());\nm.add(tf.layers.conv2d({filters: 2}));\n'), edited);
  });

  it('has no replacement for functional layers', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const x = tf.input({shape: [3]});
const f = tf.model({inputs: x, outputs: tf.layers.dense({units: 1}).apply(x)});`;
    assert.equal((await readOne(text)).layers[0].replacement, undefined);
  });

  it('replaces a ConvLens literal layer by object literals on the same line', async () => {
    const text = `const m = {input: [1, 4, 4, 4], layers: [{type: 'ConvTranspose2d', out_channels: 2, kernel_size: 3, stride: 2}]};`;
    const layer = (await readOne(text)).layers[0];
    const edited = applyEdit(
      text,
      replaceLayerEdit(layer.replacement!, [
        { type: 'Upsample', params: [['scale_factor', 2]] },
        { type: 'Conv2d', params: [['out_channels', 2], ['kernel_size', 3], ['padding', 1]] },
      ]),
    );
    assert.equal(
      edited,
      `const m = {input: [1, 4, 4, 4], layers: [{type: 'Upsample', scale_factor: 2}, {type: 'Conv2d', out_channels: 2, kernel_size: 3, padding: 1}]};`,
    );
  });
});
