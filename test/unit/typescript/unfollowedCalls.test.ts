/**
 * "Unknown, never wrong" (issue 17's first defect): a call the reader cannot follow that receives
 * a sequential model may add layers to it, so every shape after it is unknown — with the reason
 * in the hover, and no warning. A helper defined in the file is followed: the true final shape of
 * UP_BLOCKS is [N, 32, 32, 3] (three 'same' transposed convs of stride 2 from 4×4: 4·2·2·2 = 32).
 */
import { reportShape } from '../../../src/core/dims';
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { layerHoverMarkdown } from '../../../src/extension/presentation';

const UP_BLOCKS = `import * as tf from '@tensorflow/tfjs';

function upBlock(model, filters) {
  model.add(tf.layers.conv2dTranspose({filters, kernelSize: 4, strides: 2, padding: 'same'}));
  model.add(tf.layers.batchNormalization());
}

const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [100], units: 4 * 4 * 256}));
model.add(tf.layers.reshape({targetShape: [4, 4, 256]}));
upBlock(model, 128);
upBlock(model, 64);
upBlock(model, 32);
model.add(tf.layers.conv2d({filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh'}));
model.add(tf.layers.activation({activation: 'tanh'}));
model.compile({optimizer: 'adam', loss: 'meanSquaredError'});
`;

describe('TypeScript reader: calls it cannot follow', () => {
  it('follows a helper that receives the model: the layers it adds are read with their call sites\' arguments', async () => {
    const analysis = await analyzeDocument(UP_BLOCKS, 'generator.js');
    assert.deepEqual(analysis.diagnostics, []);
    const layers = analysis.models[0].layers;
    assert.deepEqual(
      layers.map((layer) => [layer.type, reportShape(layer.output)]),
      [
        ['dense', ['N', 4096]],
        ['reshape', ['N', 4, 4, 256]],
        ['conv2dTranspose', ['N', 8, 8, 128]],
        ['batchNormalization', ['N', 8, 8, 128]],
        ['conv2dTranspose', ['N', 16, 16, 64]],
        ['batchNormalization', ['N', 16, 16, 64]],
        ['conv2dTranspose', ['N', 32, 32, 32]],
        ['batchNormalization', ['N', 32, 32, 32]],
        ['conv2d', ['N', 32, 32, 3]],
        ['activation', ['N', 32, 32, 3]],
      ],
    );
  });

  it('makes every shape after a call it cannot follow that receives the model unknown, with the reason and no warning', async () => {
    const text = UP_BLOCKS.replace(/function upBlock[^]*?\n}\n/, '');
    const analysis = await analyzeDocument(text, 'generator.js');
    assert.deepEqual(analysis.diagnostics, []);
    const layers = analysis.models[0].layers;
    assert.deepEqual(
      layers.map((layer) => [layer.type, reportShape(layer.output)]),
      [
        ['dense', ['N', 4096]],
        ['reshape', ['N', 4, 4, 256]],
        ['conv2d', null],
        ['activation', null],
      ],
    );
    const reason = 'the model goes through `upBlock(model, 128)` (line 7), a call ConvLens does not follow into its function';
    assert.equal(layers[2].unknown?.because, reason);
    assert.equal(layers[3].unknown?.because, reason, 'later layers point to where the unknown started');
    assert.equal(text.slice(layers[2].unknown!.span.start, layers[2].unknown!.span.end), 'upBlock(model, 128)');
    assert.ok(layerHoverMarkdown(layers[3], () => 7).includes('a call ConvLens does not follow into its function'));
  });

  it('treats a method that may change the layers as such, and not those that keep them', async () => {
    const text = (call: string) => `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [8], units: 4}));
${call};
model.add(tf.layers.dense({units: 2}));
`;
    for (const kept of ['model.summary()', 'model.compile({optimizer: "sgd", loss: "meanSquaredError"})', 'console.log(model)']) {
      const analysis = await analyzeDocument(text(kept), 'model.ts');
      assert.deepEqual(reportShape(analysis.models[0].layers[1].output), ['N', 2], kept);
    }
    for (const changing of ['model.pop()', 'addHead(model)', 'build(2, model)']) {
      const analysis = await analyzeDocument(text(changing), 'model.ts');
      assert.equal(analysis.models[0].layers[1].output, null, changing);
      assert.deepEqual(analysis.diagnostics, [], changing);
    }
  });

  it('leaves layers added before the call as they are', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [8], units: 4}));
train(model);
`;
    const analysis = await analyzeDocument(text, 'model.ts');
    assert.deepEqual(analysis.models[0].layers.map((layer) => reportShape(layer.output)), [['N', 4]]);
  });

  it('gives the reason in functional models too, where a tensor passes through such a call', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const x = tf.input({shape: [8]});
const y = myBlock(x, 4);
const out = tf.layers.dense({units: 2}).apply(y);
const m = tf.model({inputs: x, outputs: out});
`;
    const analysis = await analyzeDocument(text, 'model.ts');
    assert.deepEqual(analysis.diagnostics, []);
    const [dense] = analysis.models[0].layers;
    assert.equal(dense.output, null);
    assert.equal(dense.unknown?.because, 'the model goes through `myBlock(x, 4)` (line 3), a call ConvLens does not follow into its function');
  });
});
