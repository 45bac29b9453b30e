/**
 * What TF.js code reads from the layers and models it builds (issue 17): wrapped layers
 * (`tf.layers.bidirectional({layer: tf.layers.gru(...)})`, `timeDistributed`). Concrete shapes are
 * checked against TF.js itself by the corpus (test/fixtures/tfjs/programs/rnn-wrappers.js,
 * tfjsPrograms.test.ts); here are the forms that end in `?` or in TF.js's own error, each
 * behaviour of TF.js 4.22 noted where a test relies on it (tfjs-layers dist/layers/wrappers.js).
 */
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { reportShape } from '../../../src/core/dims';
import { readTypeScriptModels } from '../../../src/core/formats/typescript/typescriptModel';

const HEADER = `import * as tf from '@tensorflow/tfjs';\n`;

async function analyze(text: string) {
  const analysis = await analyzeDocument(HEADER + text, 'model.js');
  const layers = analysis.models.flatMap((model) => model.layers);
  return {
    analysis,
    layers: layers.map((layer) => [layer.type, reportShape(layer.output)]),
    reasons: layers.map((layer) => layer.unknown?.because),
    errors: analysis.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.message),
  };
}

describe('TypeScript interpreter: wrapped layers (bidirectional, timeDistributed)', () => {
  it('reads the wrapped layer written in the code through the wrapper rule', async () => {
    // GRU(8) over 16 features, both directions concatenated: 16; params 2 · 3 · (16·8 + 8·8 + 8) = 1200.
    // timeDistributed(dense 5) on each of 20 steps: [N, 20, 5], 16·5 + 5 = 85 params.
    const { analysis, layers, errors } = await analyze(`const model = tf.sequential();
model.add(tf.layers.embedding({inputDim: 100, outputDim: 16, inputLength: 20}));
model.add(tf.layers.bidirectional({layer: tf.layers.gru({units: 8, returnSequences: true, name: 'inner'}), mergeMode: 'concat'}));
model.add(tf.layers.timeDistributed({layer: tf.layers.dense({units: 5})}));
`);
    assert.deepEqual(layers, [
      ['embedding', ['N', 20, 16]],
      ['bidirectional', ['N', 20, 16]],
      ['timeDistributed', ['N', 20, 5]],
    ]);
    assert.deepEqual(
      analysis.models[0].layers.slice(1).map((layer) => layer.params),
      [1200, 85],
    );
    assert.deepEqual(errors, []);
  });

  it('leaves a bidirectional layer that is not recurrent unknown, which TF.js runs (no error)', async () => {
    // TF.js 4.22 builds bidirectional({layer: dense({units: 3})}) on [N, 10, 4] as [N, 10, 6]
    // (checked in Node); the engine models Bidirectional over a recurrent layer only.
    const { layers, reasons, errors } = await analyze(`const x = tf.input({shape: [10, 4]});
const y = tf.layers.bidirectional({layer: tf.layers.dense({units: 3})}).apply(x);
export const model = tf.model({inputs: x, outputs: y});
`);
    assert.deepEqual(layers, [['bidirectional', null]]);
    assert.match(reasons[0]!, /it is not a recurrent layer: TF\.js runs it in both directions and merges the two, which ConvLens does not model/);
    assert.deepEqual(errors, []);
  });

  it('says why a wrapped custom layer or a wrapped layer it cannot know is unknown', async () => {
    const { layers, reasons, errors } = await analyze(`class Gate extends tf.layers.Layer {}
const x = tf.input({shape: [10, 4]});
const gated = tf.layers.timeDistributed({layer: new Gate()}).apply(x);
export const custom = tf.model({inputs: x, outputs: gated});
export function build(inner) {
  const steps = tf.input({shape: [10, 4]});
  return tf.model({inputs: steps, outputs: tf.layers.timeDistributed({layer: inner}).apply(steps)});
}
`);
    assert.deepEqual(layers, [
      ['timeDistributed', null],
      ['timeDistributed', null],
    ]);
    assert.match(reasons[0]!, /`Gate` is a custom layer, whose output ConvLens does not compute inside another layer/);
    assert.match(reasons[1]!, /`inner` is a parameter of `build`, which is never called with known arguments/);
    assert.deepEqual(errors, []);
  });

  it("takes the model's input from the wrapper, never from the wrapped layer, as TF.js does", async () => {
    // TF.js: "The first layer in a Sequential model must get an `inputShape` or
    // `batchInputShape` argument." (the wrapper's own configuration has none).
    const { analysis } = await analyze(`export const model = tf.sequential({layers: [
  tf.layers.bidirectional({layer: tf.layers.lstm({units: 3, inputShape: [10, 4]})}),
]});
`);
    assert.deepEqual(
      analysis.diagnostics.map((diagnostic) => diagnostic.message),
      ['The first layer of a sequential model needs `inputShape` (or `batchInputShape`), e.g. `inputShape: [28, 28, 1]`.'],
    );
  });
});

describe('TypeScript interpreter: the layers and tensors of models', () => {
  it("gives TF.js's own error where getLayer or layer.output throws", async () => {
    // tfjs-layers Container.getLayer / findLayer and Layer.output, 4.22.
    const { layers, reasons } = await analyze(`const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [4], units: 3, name: 'hidden'}));
model.add(tf.layers.dense({units: 2}));
const shared = tf.layers.dense({units: 5, name: 'shared'});
const a = tf.input({shape: [3]});
const b = tf.input({shape: [7]});
shared.apply(a);
shared.apply(b);
const unused = tf.layers.dense({units: 5});
const x = tf.input({shape: [2]});
export const byName = tf.model({inputs: x, outputs: tf.layers.dense({units: 1}).apply(model.getLayer('nope').output)});
export const byIndex = tf.model({inputs: x, outputs: tf.layers.dense({units: 1}).apply(model.getLayer(undefined, 2).output)});
export const neither = tf.model({inputs: x, outputs: tf.layers.dense({units: 1}).apply(model.getLayer().output)});
export const twice = tf.model({inputs: x, outputs: tf.layers.dense({units: 1}).apply(shared.output)});
export const never = tf.model({inputs: x, outputs: tf.layers.dense({units: 1}).apply(unused.output)});
`);
    assert.deepEqual(layers.slice(2), [
      ['dense', null],
      ['dense', null],
      ['dense', null],
      ['dense', null],
      ['dense', null],
    ]);
    assert.deepEqual(reasons.slice(2), [
      "`model.getLayer('nope')`: TF.js throws \"No such layer: nope\"",
      '`model.getLayer(undefined, 2)`: TF.js throws "Was asked to retrieve layer at index 2, but model only has 2 layer(s)."',
      '`model.getLayer()`: TF.js throws "Provide either a layer name or layer index"',
      '`shared.output`: TF.js throws "Layer shared has multiple inbound nodes, hence the notion of "layer output" is ill-defined. Use `getOutputAt(nodeIndex)` instead."',
      '`unused.output`: TF.js throws "Layer dense_<n> has no inbound nodes."',
    ]);
  });

  it('finds layers by name and index: a sequential model lists no InputLayer, a functional one does', async () => {
    // Sequential: [hidden (8), dense (3)], so layers.length is 2 and index 1 is the 3-unit dense.
    // Functional: [InputLayer, first (6), dense (4)]: length 3; index 0 is the InputLayer, whose
    // output shape is [null, 5] (5 units), and getLayer('first') has 6 units.
    const { layers } = await analyze(`const seq = tf.sequential({layers: [
  tf.layers.dense({inputShape: [4], units: 8, name: 'hidden'}),
  tf.layers.dense({units: 3}),
]});
const x = tf.input({shape: [5]});
const y = tf.layers.dense({units: 4}).apply(tf.layers.dense({units: 6, name: 'first'}).apply(x));
const fn = tf.model({inputs: x, outputs: y});
const probe = tf.input({shape: [1]});
let p = tf.layers.dense({units: seq.layers.length}).apply(probe);
p = tf.layers.dense({units: seq.getLayer(1).outputShape[1]}).apply(p);
p = tf.layers.dense({units: seq.getLayer('hidden').outputShape[1]}).apply(p);
p = tf.layers.dense({units: fn.layers.length}).apply(p);
p = tf.layers.dense({units: fn.layers[0].outputShape[1]}).apply(p);
p = tf.layers.dense({units: fn.getLayer('first').outputShape[1]}).apply(p);
p = tf.layers.dense({units: fn.layers.map((layer) => layer.outputShape[1]).reduce((a, b) => a + b)}).apply(p);
export const model = tf.model({inputs: probe, outputs: p});
`);
    assert.deepEqual(
      layers.slice(-7).map(([, shape]) => shape),
      [
        ['N', 2],
        ['N', 3],
        ['N', 8],
        ['N', 3],
        ['N', 5],
        ['N', 6],
        ['N', 15],
      ],
    );
  });

  it("reads inputShape as undefined, as TF.js 4.22's models and layers have none, and says why where it is used", async () => {
    const { layers, reasons } = await analyze(`const seq = tf.sequential({layers: [tf.layers.dense({inputShape: [4], units: 8})]});
const fallback = seq.inputShape ?? [null, 3];
const [, width] = seq.inputShape;
const x = tf.input({shape: [2]});
const a = tf.layers.dense({units: fallback[1]}).apply(x);
const b = tf.layers.dense({units: width}).apply(a);
export const model = tf.model({inputs: x, outputs: b});
`);
    assert.deepEqual(layers.slice(1), [
      ['dense', ['N', 3]],
      ['dense', null],
    ]);
    assert.equal(reasons[2], '`units` of dense (layer 1) is not known: `width` reads `1` of undefined');
  });

  it('reads a sequential model as a graph: its inputs, its outputs, and a head on them', async () => {
    // conv 3×3 valid on 10×10: 8×8×4, flatten 256; the head's dense 2 and the model of both.
    const text = `const base = tf.sequential();
const before = base.outputs.length;
base.add(tf.layers.conv2d({inputShape: [10, 10, 1], filters: 4, kernelSize: 3, name: 'conv'}));
base.add(tf.layers.flatten());
const head = tf.layers.dense({units: 2 + before}).apply(base.outputs[0]);
export const full = tf.model({inputs: base.inputs, outputs: head});
`;
    const { analysis } = await analyze(text);
    const full = analysis.models.find((model) => model.name === 'full')!;
    // TF.js names the input it makes `<the first layer's name>_input` (Sequential.add).
    const read = await readTypeScriptModels(HEADER + text, 'model.js');
    assert.deepEqual(
      read.models.map((model) => model.inputs.map((input) => input.name)),
      [['input'], ['conv_input']],
    );
    assert.deepEqual(
      full.layers.map((layer) => [layer.type, reportShape(layer.output)]),
      [
        ['conv2d', ['N', 8, 8, 4]],
        ['flatten', ['N', 256]],
        ['dense', ['N', 2]],
      ],
    );
    assert.deepEqual(analysis.diagnostics, []);
  });

  it('leaves the layers unknown where code it cannot follow had the model, or a model is used as a layer', async () => {
    const { reasons } = await analyze(`import { grow } from 'some-package';
const seq = tf.sequential({layers: [tf.layers.dense({inputShape: [4], units: 8})]});
grow(seq);
const inner = tf.sequential({layers: [tf.layers.dense({inputShape: [3], units: 2})]});
const x = tf.input({shape: [3]});
const nested = tf.model({inputs: x, outputs: inner.apply(x)});
const probe = tf.input({shape: [1]});
const a = tf.layers.dense({units: seq.layers.length}).apply(probe);
const b = tf.layers.dense({units: nested.layers.length}).apply(probe);
export const model = tf.model({inputs: probe, outputs: [a, b]});
`);
    assert.deepEqual(reasons.slice(-2), [
      '`units` of dense (layer 0) is not known: the model goes through `grow(seq)` (line 4), a call ConvLens does not follow into its function',
      '`units` of dense (layer 1) is not known: `nested.layers`: TF.js lists a model used as a layer as one layer, which ConvLens does not',
    ]);
  });

  it('cannot tell a name TF.js makes (it counts the layers made before), and says so', async () => {
    const { reasons } = await analyze(`const seq = tf.sequential({layers: [tf.layers.dense({inputShape: [4], units: 8})]});
const x = tf.input({shape: [8]});
export const model = tf.model({inputs: x, outputs: tf.layers.dense({units: seq.getLayer('dense_Dense1').outputShape[1]}).apply(x)});
`);
    assert.equal(reasons.at(-1), "`units` of dense (layer 0) is not known: `seq.getLayer('dense_Dense1')`: ConvLens cannot tell which layer TF.js names \"dense_Dense1\" (it names layers when the program runs)");
  });

  it('lists a sequential model added to another as one of its layers, as TF.js does', async () => {
    // TF.js 4.22 (checked in Node): outer.layers is [inner, dense]; inner's output shape [null, 5],
    // the outer model's input [null, 4], its output [null, 3]; an empty model has no tensors; inner's
    // last layer's output is [null, 5] after inner is applied again.
    const { layers } = await analyze(`const inner = tf.sequential({name: 'inner', layers: [tf.layers.dense({inputShape: [4], units: 6}), tf.layers.dense({units: 5})]});
const outer = tf.sequential();
outer.add(inner);
outer.add(tf.layers.dense({units: 3}));
const empty = tf.sequential();
const probe = tf.input({shape: [1]});
let p = tf.layers.dense({units: outer.layers.length}).apply(probe);
p = tf.layers.dense({units: outer.layers[0].outputShape[1]}).apply(p);
p = tf.layers.dense({units: outer.getLayer('inner').outputShape[1] + outer.inputs[0].shape[1]}).apply(p);
p = tf.layers.dense({units: outer.outputs[0].shape[1] + empty.inputs.length + empty.layers.length}).apply(p);
// Used as a layer elsewhere, inner's layers get no inbound node of their own: their output stays one tensor.
inner.apply(tf.input({shape: [4]}));
p = tf.layers.dense({units: inner.layers[1].output.shape[1]}).apply(p);
export const model = tf.model({inputs: probe, outputs: p});
`);
    assert.deepEqual(
      layers.slice(-5).map(([, shape]) => shape),
      [
        ['N', 2],
        ['N', 5],
        ['N', 9],
        ['N', 3],
        ['N', 5],
      ],
    );
  });

  it("reads a model's input, output and name as TF.js gives them", async () => {
    // TF.js 4.22 (checked in Node): an empty sequential model's input and output are [] (its own
    // node has no tensors yet); then the tensors themselves, [null, 4] and [null, 3]; a functional
    // model with two inputs gives their list (units 2 + 5 = 7); name: the written one.
    const { layers, reasons } = await analyze(`const seq = tf.sequential({name: 'net'});
const before = seq.output.length + seq.input.length;
seq.add(tf.layers.dense({inputShape: [4], units: 3}));
const a = tf.input({shape: [2]});
const b = tf.input({shape: [5]});
const two = tf.model({inputs: [a, b], outputs: [tf.layers.dense({units: 1}).apply(a), tf.layers.dense({units: 1}).apply(b)]});
const probe = tf.input({shape: [1]});
let p = tf.layers.dense({units: seq.input.shape[1] + before}).apply(probe);
p = tf.layers.dense({units: seq.output.shape[1]}).apply(p);
p = tf.layers.dense({units: two.input[0].shape[1] + two.input[1].shape[1]}).apply(p);
p = tf.layers.dense({units: seq.name === 'net' ? 6 : 8}).apply(p);
p = tf.layers.dense({units: two.name.length}).apply(p);
export const model = tf.model({inputs: probe, outputs: p});
`);
    assert.deepEqual(
      layers.slice(-5).map(([, shape]) => shape),
      [['N', 4], ['N', 3], ['N', 7], ['N', 6], null],
    );
    assert.equal(reasons.at(-1), '`units` of dense (layer 4) is not known: `two.name`: TF.js names the layer when the program runs, numbered by the layers made before it');
  });
});
