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
