/**
 * Whole models saved by TF.js's `model.save()` (test/fixtures/tfjs/models, written by
 * generate_fixtures.mjs with @tensorflow/tfjs-layers 4.22), read through the real reader: the
 * file decides the framework (SPEC.md §1.2), and each layer's output shape and trainable
 * parameter count must be what TF.js reported for it. A model used as a layer (an encoder and a
 * decoder) is read in place, its layers named `encoder/...`, and its output flows on.
 */
import { reportShape } from '../../../src/core/dims';
import * as assert from 'node:assert/strict';
import type { LayerResult } from '../../../src/core/analysis';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { fixtureText, loadFixture } from '../support/fixtureModels';

interface ExpectedModel {
  tfjs: string;
  layers: { name: string; className: string; output: (number | null)[]; params: number }[];
  params: number;
}

/** The flat layers that stand for one layer of the saved model: itself, or a nested model's layers. */
function layersFor(name: string, layers: readonly LayerResult[]): LayerResult[] {
  const own = layers.filter((layer) => layer.name === name);
  return own.length > 0 ? own : layers.filter((layer) => layer.name.startsWith(`${name}/`));
}

const asConvLensShape = (shape: (number | null)[]) => shape.map((size, axis) => (size === null && axis === 0 ? 'N' : size));

async function analysed(name: string) {
  const analysis = await analyzeDocument(fixtureText(`test/fixtures/tfjs/models/${name}.model.json`), `${name}.model.json`);
  const expected = loadFixture<ExpectedModel>(`test/fixtures/tfjs/models/${name}.expected.json`);
  return { analysis, expected, model: analysis.models[0] };
}

describe('TF.js model.json saved by model.save()', () => {
  for (const name of ['acgan-generator', 'ignored-arguments', 'functional-skip', 'nested-autoencoder', 'nested-functional', 'wrappers', 'frozen-layers']) {
    it(`${name}: read with TF.js semantics; every layer's shape and parameters as TF.js reported`, async () => {
      const { analysis, expected, model } = await analysed(name);
      assert.equal(model.framework, 'tfjs');
      assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error'), []);
      for (const layer of expected.layers.filter((item) => item.className !== 'InputLayer')) {
        const flat = layersFor(layer.name, model.layers);
        assert.ok(flat.length > 0, `no layer stands for ${layer.name}`);
        assert.deepEqual(reportShape(flat.at(-1)!.output), asConvLensShape(layer.output), `${layer.name} output`);
        assert.equal(flat.reduce((total, item) => total + item.params!, 0), layer.params, `${layer.name} parameters`);
      }
      assert.equal(model.layers.reduce((total, item) => total + item.params!, 0), expected.params);
    });
  }

  it('frozen-layers: a layer saved with "trainable": false counts 0 trainable parameters, and keeps its weights\' count for the hover', async () => {
    const { model } = await analysed('frozen-layers');
    // conv2d 3 → 4, kernel 3: 3·3·3·4 + 4 = 112; batchNormalization on 4 channels: γ, β = 8.
    assert.deepEqual(
      model.layers.map((layer) => [layer.params, layer.frozen]),
      [
        [0, { by: '`"trainable": false`', weights: 112 }],
        [0, { by: '`"trainable": false`', weights: 8 }],
        [0, undefined],
        [290, undefined],
      ],
    );
  });

  it('nested-autoencoder: the inner layers are named after their model, and the decoder reads the encoder', async () => {
    const { model } = await analysed('nested-autoencoder');
    assert.deepEqual(
      model.layers.map((layer) => layer.name.split('/')[0]),
      ['encoder', 'encoder', 'encoder', 'decoder', 'decoder', 'decoder'],
    );
    assert.deepEqual(reportShape(model.layers[3].input), ['N', 16]);
  });

  it('ignored-arguments: TF.js dropped outputPadding and dilationRate when it saved the layer, so they do not count', async () => {
    const { model } = await analysed('ignored-arguments');
    // deconvLength, 'valid': 5·2 + max(3 − 2, 0) = 11 (docs/frameworks/tfjs.md); Keras with output_padding 1 would give 12.
    assert.deepEqual(reportShape(model.layers[0].output), ['N', 11, 11, 3]);
    assert.ok(!fixtureText('test/fixtures/tfjs/models/ignored-arguments.model.json').includes('output_padding'));
  });

  it('a Keras to_json() of the same layer keeps Keras semantics: output_padding applies', async () => {
    const layer = { class_name: 'Conv2DTranspose', config: { filters: 3, kernel_size: [3, 3], strides: [2, 2], padding: 'valid', output_padding: [1, 1] } };
    const toJson = { class_name: 'Sequential', config: { name: 's', layers: [{ class_name: 'InputLayer', config: { batch_input_shape: [null, 5, 5, 2] } }, layer] } };
    const keras = await analyzeDocument(JSON.stringify(toJson), 'model.json');
    assert.equal(keras.models[0].framework, 'keras');
    // Keras, 'valid': (5 − 1)·2 + 3 + 1 = 12 (docs/frameworks/keras.md).
    assert.deepEqual(reportShape(keras.models[0].layers[0].output), ['N', 12, 12, 3]);
    const modelJson = { format: 'layers-model', generatedBy: 'TensorFlow.js tfjs-layers v4.22.0', modelTopology: toJson };
    const tfjs = await analyzeDocument(JSON.stringify(modelJson), 'model.json');
    assert.equal(tfjs.models[0].framework, 'tfjs');
    // TF.js: deconvLength, 'valid': 5·2 + max(3 − 2, 0) = 11, and output_padding has no effect (docs/frameworks/tfjs.md).
    assert.deepEqual(reportShape(tfjs.models[0].layers[0].output), ['N', 11, 11, 3]);
    assert.ok(tfjs.diagnostics.some((d) => d.code === 'ignored-parameter' && /ignores outputPadding/.test(d.message)));
  });
});
