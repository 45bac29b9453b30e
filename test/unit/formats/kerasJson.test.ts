import { strict as assert } from 'assert';
import { reportShape } from '../../../src/core/dims';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { readKerasJson } from '../../../src/core/formats/kerasJson/kerasJson';
import { looksLikeKerasJson } from '../../../src/core/formats/modelFormats';
import type { SourceModel } from '../../../src/core/ir';
import { params, plain } from '../support/plainValues';
import { applyEdits, sliceOf } from './textEdits';
import { formatValue, insertParamEdit } from '../../../src/core/writers';

/** Serialises like Python's `json.dumps` with its default separators (what `to_json()` writes). */
function dumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(dumps).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, item]) => `${JSON.stringify(key)}: ${dumps(item)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

function onlyModel(text: string): SourceModel {
  const parsed = readKerasJson(text);
  assert.deepEqual(parsed.diagnostics, []);
  assert.equal(parsed.models.length, 1);
  return parsed.models[0];
}

// Keras 3 layouts, as `keras.saving.serialize_keras_object` writes them.
const keras3Dtype = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
const keras3Initializer = (className: string, config: object) => ({ module: 'keras.initializers', class_name: className, config, registered_name: null });

function keras3Conv(className: string, name: string, filters: number, kernel: number, stride: number, inputShape: (number | null)[]) {
  return {
    module: 'keras.layers',
    class_name: className,
    config: {
      name,
      trainable: true,
      dtype: keras3Dtype,
      filters,
      kernel_size: [kernel, kernel],
      strides: [stride, stride],
      padding: 'same',
      data_format: 'channels_last',
      dilation_rate: [1, 1],
      activation: 'relu',
      use_bias: true,
      kernel_initializer: keras3Initializer('GlorotUniform', { seed: null }),
      bias_initializer: keras3Initializer('Zeros', {}),
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
    },
    registered_name: null,
    build_config: { input_shape: inputShape },
  };
}

const keras3InputLayer = (name: string, batchShape: (number | null)[]) => ({
  module: 'keras.layers',
  class_name: 'InputLayer',
  config: { batch_shape: batchShape, dtype: 'float32', sparse: false, name },
  registered_name: null,
});

const keras3Sequential = {
  module: 'keras',
  class_name: 'Sequential',
  config: {
    name: 'sequential',
    trainable: true,
    dtype: keras3Dtype,
    layers: [
      keras3InputLayer('input_layer', [null, 28, 28, 1]),
      keras3Conv('Conv2D', 'conv2d', 16, 3, 2, [null, 28, 28, 1]),
      keras3Conv('Conv2DTranspose', 'conv2d_transpose', 1, 3, 2, [null, 14, 14, 16]),
    ],
    build_input_shape: [null, 28, 28, 1],
  },
  registered_name: null,
  build_config: { input_shape: [null, 28, 28, 1] },
};

const keras3Tensor = (source: string, shape: (number | null)[]) => ({
  class_name: '__keras_tensor__',
  config: { shape, dtype: 'float32', keras_history: [source, 0, 0] },
});

// Keras 2 (tf.keras 2.x) layouts.
function keras2Layer(className: string, config: object, inbound?: string[]) {
  const name = (config as { name: string }).name;
  const layer: Record<string, unknown> = { class_name: className, config };
  if (inbound) {
    layer.name = name;
    layer.inbound_nodes = inbound.length > 0 ? [inbound.map((source) => [source, 0, 0, {}])] : [];
  }
  return layer;
}

/** A Keras 2 functional model of `layers` (keras2Layer with inbound sources), as `model.to_json()` writes it. */
function keras2Functional(name: string, layers: object[], inputs: string[], output: string) {
  return {
    class_name: 'Functional',
    config: { name, layers, input_layers: inputs.map((input) => [input, 0, 0]), output_layers: [[output, 0, 0]] },
    keras_version: '2.8.0',
    backend: 'tensorflow',
  };
}

const keras2TransposeConfig = {
  name: 'conv2d_transpose',
  trainable: true,
  dtype: 'float32',
  filters: 32,
  kernel_size: [3, 3],
  strides: [2, 2],
  padding: 'same',
  data_format: 'channels_last',
  dilation_rate: [1, 1],
  groups: 1,
  activation: 'linear',
  use_bias: true,
  kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
  bias_initializer: { class_name: 'Zeros', config: {} },
  kernel_regularizer: null,
  bias_regularizer: null,
  activity_regularizer: null,
  kernel_constraint: null,
  bias_constraint: null,
  output_padding: null,
};

const keras2Sequential = {
  class_name: 'Sequential',
  config: {
    name: 'decoder',
    layers: [
      keras2Layer('InputLayer', { batch_input_shape: [null, 7, 7, 64], dtype: 'float32', sparse: false, ragged: false, name: 'conv2d_transpose_input' }),
      keras2Layer('Conv2DTranspose', { ...keras2TransposeConfig, batch_input_shape: [null, 7, 7, 64] }),
    ],
  },
  keras_version: '2.8.0',
  backend: 'tensorflow',
};

describe('Keras JSON reader', () => {
  describe('looksLikeKerasJson', () => {
    it('accepts Keras model configs and TF.js model.json', () => {
      assert.equal(looksLikeKerasJson(dumps(keras3Sequential)), true);
      assert.equal(looksLikeKerasJson(JSON.stringify({ modelTopology: { model_config: { class_name: 'Functional' } } }, null, 2)), true);
    });

    it('rejects other JSON, even with Keras-like keys', () => {
      assert.equal(looksLikeKerasJson(JSON.stringify({ name: 'convlens', contributes: { layers: [] } })), false);
      assert.equal(looksLikeKerasJson(dumps({ class_name: 'Dense', config: { units: 3 } })), false);
    });
  });

  describe('Keras 3 Sequential (one line, as model.to_json() writes it)', () => {
    const text = dumps(keras3Sequential);
    const model = onlyModel(text);

    it('reads the InputLayer batch_shape as the input, null batch as N', () => {
      assert.equal(model.framework, 'keras');
      assert.equal(model.name, 'sequential');
      assert.equal(model.inputs.length, 1);
      assert.equal(model.inputs[0].name, 'input_layer');
      assert.deepEqual(plain(model.inputs[0].shape), ['N', 28, 28, 1]);
      const shape = model.inputs[0].shape;
      assert.ok(shape.kind === 'list');
      assert.equal(sliceOf(text, shape.span), '[null, 28, 28, 1]');
      assert.equal(sliceOf(text, shape.items[0].span), 'null');
    });

    it('reads layers with class_name as type and the semantic config entries as params', () => {
      assert.deepEqual(
        model.layers.map((layer) => [layer.type, layer.name]),
        [
          ['Conv2D', 'conv2d'],
          ['Conv2DTranspose', 'conv2d_transpose'],
        ],
      );
      const transpose = model.layers[1];
      assert.equal(sliceOf(text, transpose.typeSpan), '"Conv2DTranspose"');
      assert.equal(sliceOf(text, transpose.nameSpan), '"conv2d_transpose"');
      assert.deepEqual(params(transpose), {
        filters: 1,
        kernel_size: [3, 3],
        strides: [2, 2],
        padding: 'same',
        data_format: 'channels_last',
        dilation_rate: [1, 1],
        activation: 'relu',
        use_bias: true,
      });
      const strides = transpose.params.find((entry) => entry.key === 'strides')!;
      assert.equal(sliceOf(text, strides.keySpan), '"strides"');
      assert.equal(sliceOf(text, strides.value.span), '[2, 2]');
      assert.equal(transpose.from, undefined);
      assert.equal(sliceOf(text, transpose.span).slice(0, 26), '{"module": "keras.layers",');
      assert.ok(sliceOf(text, transpose.span).endsWith('"build_config": {"input_shape": [null, 14, 14, 16]}}'));
    });

    it('places the hint right after the class name, since the whole model is one line', () => {
      assert.equal(model.layers[1].hintOffset, model.layers[1].typeSpan.end);
    });

    it('adds a parameter to the layer config as a JSON entry', () => {
      const edited = applyEdits(text, [insertParamEdit(model.layers[1].insertion, 'output_padding', formatValue(model.syntax, [1, 1]))]);
      const config = JSON.parse(edited).config.layers[2].config;
      assert.deepEqual(config.output_padding, [1, 1]);
      assert.equal(config.bias_constraint, null);
      assert.deepEqual(params(onlyModel(edited).layers[1]).output_padding, [1, 1]);
    });

    it('falls back to build_input_shape when there is no InputLayer', () => {
      const withoutInput = { ...keras3Sequential, config: { ...keras3Sequential.config, layers: keras3Sequential.config.layers.slice(1) } };
      const reread = dumps(withoutInput);
      const built = onlyModel(reread);
      assert.deepEqual(plain(built.inputs[0].shape), ['N', 28, 28, 1]);
      assert.equal(built.layers.length, 2);
    });
  });

  describe('Keras 2 Sequential (pretty-printed)', () => {
    const text = JSON.stringify(keras2Sequential, null, 2);
    const model = onlyModel(text);

    it('reads batch_input_shape and leaves out null (not given) parameters', () => {
      assert.equal(model.name, 'decoder');
      assert.deepEqual(plain(model.inputs[0].shape), ['N', 7, 7, 64]);
      assert.equal(model.inputs[0].name, 'conv2d_transpose_input');
      assert.deepEqual(
        model.layers.map((layer) => layer.type),
        ['Conv2DTranspose'],
      );
      assert.deepEqual(Object.keys(params(model.layers[0])), [
        'filters',
        'kernel_size',
        'strides',
        'padding',
        'data_format',
        'dilation_rate',
        'groups',
        'activation',
        'use_bias',
      ]);
    });

    it('places the hint at the end of the class_name line', () => {
      const line = '"class_name": "Conv2DTranspose",';
      assert.equal(model.layers[0].hintOffset, text.indexOf(line) + line.length);
    });

    it('sets a parameter written as null in place', () => {
      const edit = insertParamEdit(model.layers[0].insertion, 'output_padding', '1');
      assert.equal(sliceOf(text, edit.span), 'null');
      const edited = applyEdits(text, [edit]);
      assert.equal(JSON.parse(edited).config.layers[1].config.output_padding, 1);
    });

    it('adds a new entry on its own line with the same indentation', () => {
      const edited = applyEdits(text, [insertParamEdit(model.layers[0].insertion, 'in_channels', '64')]);
      assert.ok(edited.includes('\n          ],\n          "in_channels": 64\n        }'), edited);
      assert.equal(JSON.parse(edited).config.layers[1].config.in_channels, 64);
    });

    it('reads the first layer batch_input_shape when there is no InputLayer', () => {
      const noInputLayer = { ...keras2Sequential, config: { ...keras2Sequential.config, layers: keras2Sequential.config.layers.slice(1) } };
      const reread = onlyModel(dumps(noInputLayer));
      assert.equal(reread.inputs[0].name, 'input');
      assert.deepEqual(plain(reread.inputs[0].shape), ['N', 7, 7, 64]);
    });

    it('reads Keras 2.2 configs that are the bare list of layers', () => {
      const legacy = { class_name: 'Sequential', config: keras2Sequential.config.layers.slice(1), keras_version: '2.2.4', backend: 'tensorflow' };
      const reread = onlyModel(dumps(legacy));
      assert.deepEqual(plain(reread.inputs[0].shape), ['N', 7, 7, 64]);
      assert.deepEqual(
        reread.layers.map((layer) => layer.type),
        ['Conv2DTranspose'],
      );
    });
  });

  describe('functional wiring', () => {
    it('reads Keras 2 inbound_nodes: one source as a string, several as a list', () => {
      const functional = keras2Functional(
        'unet_tail',
        [
          keras2Layer('InputLayer', { batch_input_shape: [null, 16, 16, 8], dtype: 'float32', name: 'input_1' }, []),
          keras2Layer('Conv2DTranspose', { ...keras2TransposeConfig, name: 'up', filters: 8 }, ['input_1']),
          keras2Layer('InputLayer', { batch_input_shape: [null, 32, 32, 8], dtype: 'float32', name: 'skip' }, []),
          keras2Layer('Concatenate', { name: 'merge', trainable: true, dtype: 'float32', axis: -1 }, ['up', 'skip']),
        ],
        ['input_1', 'skip'],
        'merge',
      );
      const text = dumps(functional);
      const model = onlyModel(text);
      assert.deepEqual(
        model.inputs.map((input) => [input.name, plain(input.shape)]),
        [
          ['input_1', ['N', 16, 16, 8]],
          ['skip', ['N', 32, 32, 8]],
        ],
      );
      const [up, merge] = model.layers;
      assert.deepEqual(plain(up.from), 'input_1');
      assert.equal(sliceOf(text, up.from!.span), '"input_1"');
      assert.deepEqual(plain(merge.from), ['up', 'skip']);
      assert.ok(merge.from!.kind === 'list');
      assert.deepEqual(
        merge.from!.items.map((item) => sliceOf(text, item.span)),
        ['"up"', '"skip"'],
      );
      assert.deepEqual(params(merge), { axis: -1 });
    });

    it('an Add of a Conv2DTranspose and a skip of another size offers the output_padding fix in the JSON', async () => {
      // 'same', k4 s2, output_padding null on 16: 16·2 = 32; with output_padding 1: (16−1)·2 + (4 mod 2) + 1 = 31 (docs/frameworks/keras.md).
      const functional = keras2Functional(
        'skip_add',
        [
          keras2Layer('InputLayer', { batch_input_shape: [null, 16, 16, 8], dtype: 'float32', name: 'low' }, []),
          keras2Layer('Conv2DTranspose', { ...keras2TransposeConfig, name: 'up', filters: 8, kernel_size: [4, 4] }, ['low']),
          keras2Layer('InputLayer', { batch_input_shape: [null, 31, 31, 8], dtype: 'float32', name: 'skip' }, []),
          keras2Layer('Add', { name: 'sum', trainable: true, dtype: 'float32' }, ['up', 'skip']),
        ],
        ['low', 'skip'],
        'sum',
      );
      const text = dumps(functional);
      const analysis = await analyzeDocument(text, 'model.json');
      assert.deepEqual(analysis.diagnostics.map((d) => d.code), ['output-padding-mismatch']);
      const fix = analysis.diagnostics[0].fixes?.[0];
      assert.equal(fix?.title, 'Set output_padding to 1');
      const fixed = await analyzeDocument(applyEdits(text, fix.edits), 'model.json');
      assert.deepEqual(fixed.diagnostics, []);
      assert.deepEqual(reportShape(fixed.models[0].layers[1].output), ['N', 31, 31, 8]);
    });

    it('reads Keras 3 inbound_nodes made of __keras_tensor__ args, lists of them for merges', () => {
      const named = (layer: object, name: string, inbound: object[]) => ({ ...layer, name, inbound_nodes: inbound });
      const functional = {
        module: 'keras.src.models.functional',
        class_name: 'Functional',
        config: {
          name: 'functional',
          trainable: true,
          layers: [
            named(keras3InputLayer('image', [null, 8, 8, 4]), 'image', []),
            named(keras3Conv('Conv2DTranspose', 'up', 4, 4, 2, [null, 8, 8, 4]), 'up', [
              { args: [keras3Tensor('image', [null, 8, 8, 4])], kwargs: {} },
            ]),
            named(keras3InputLayer('skip', [null, 16, 16, 4]), 'skip', []),
            named(
              { module: 'keras.layers', class_name: 'Concatenate', config: { name: 'merge', trainable: true, dtype: keras3Dtype, axis: -1 }, registered_name: null },
              'merge',
              [{ args: [[keras3Tensor('up', [null, 16, 16, 4]), keras3Tensor('skip', [null, 16, 16, 4])]], kwargs: {} }],
            ),
          ],
          input_layers: [
            ['image', 0, 0],
            ['skip', 0, 0],
          ],
          output_layers: [['merge', 0, 0]],
        },
        registered_name: 'Functional',
        build_config: { input_shape: null },
      };
      const text = dumps(functional);
      const model = onlyModel(text);
      assert.deepEqual(
        model.inputs.map((input) => input.name),
        ['image', 'skip'],
      );
      const [up, merge] = model.layers;
      assert.deepEqual(plain(up.from), 'image');
      assert.equal(sliceOf(text, up.from!.span), '"image"');
      assert.deepEqual(plain(merge.from), ['up', 'skip']);
      assert.equal(merge.name, 'merge');
    });
  });

  describe('models used as layers (SPEC.md §1.2)', () => {
    // A Keras 3 functional block, first in a Sequential: its InputLayer becomes the model's input.
    const block = {
      module: 'keras',
      class_name: 'Functional',
      config: {
        name: 'block',
        layers: [
          { ...keras3InputLayer('inp', [null, 8, 8, 3]), name: 'inp', inbound_nodes: [] },
          {
            ...keras3Conv('Conv2D', 'conv', 4, 3, 1, [null, 8, 8, 3]),
            name: 'conv',
            inbound_nodes: [{ args: [keras3Tensor('inp', [null, 8, 8, 3])], kwargs: {} }],
          },
        ],
        input_layers: [['inp', 0, 0]],
        output_layers: [['conv', 0, 0]],
      },
    };
    const outer = { class_name: 'Sequential', config: { name: 'outer', layers: [block, { class_name: 'Flatten', config: { name: 'flatten' } }] } };

    it('reads the nested layers in place, wired by their own names, and the output flows on', async () => {
      const analysis = await analyzeDocument(dumps(outer), 'model.json');
      assert.deepEqual(analysis.diagnostics, []);
      // 'same' padding, stride 1 keeps 8x8 with 4 filters; Flatten: 8·8·4 = 256 (docs/frameworks/keras.md).
      assert.deepEqual(
        analysis.models[0].layers.map((layer) => [layer.name, reportShape(layer.output)]),
        [['block/conv', ['N', 8, 8, 4]], ['flatten', ['N', 256]]],
      );
      assert.deepEqual(reportShape(analysis.models[0].layers[0].input), ['N', 8, 8, 3]);
    });
  });

  describe('TF.js model.json', () => {
    const tuple = (...items: (number | null)[]) => ({ class_name: '__tuple__', items });
    const topology = {
      class_name: 'Sequential',
      config: {
        name: 'generator',
        layers: [
          {
            class_name: 'Conv2DTranspose',
            config: {
              ...keras2TransposeConfig,
              filters: 64,
              kernel_size: tuple(5, 5),
              strides: tuple(2, 2),
              batch_input_shape: tuple(null, 7, 7, 128),
            },
          },
        ],
      },
      keras_version: '2.4.0',
      backend: 'tensorflow',
    };

    it('unwraps modelTopology.model_config and turns __tuple__ into lists', () => {
      const modelJson = {
        format: 'layers-model',
        generatedBy: 'keras v2.4.0',
        convertedBy: 'TensorFlow.js Converter v3.0.0',
        modelTopology: { keras_version: '2.4.0', backend: 'tensorflow', model_config: topology },
        weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: [{ name: 'conv2d_transpose/kernel', shape: [5, 5, 64, 128], dtype: 'float32' }] }],
      };
      const text = JSON.stringify(modelJson, null, 2);
      const model = onlyModel(text);
      assert.equal(model.name, 'generator');
      assert.deepEqual(plain(model.inputs[0].shape), ['N', 7, 7, 128]);
      const layer = model.layers[0];
      assert.deepEqual(params(layer).kernel_size, [5, 5]);
      assert.deepEqual(params(layer).strides, [2, 2]);
      const kernel = layer.params.find((entry) => entry.key === 'kernel_size')!;
      assert.ok(sliceOf(text, kernel.value.span).startsWith('{'));
      assert.ok(kernel.value.kind === 'list' && sliceOf(text, kernel.value.items[0].span) === '5');
    });

    it('reads a modelTopology that is the model config itself', () => {
      const text = dumps({ modelTopology: topology, weightsManifest: [] });
      assert.deepEqual(
        onlyModel(text).layers.map((layer) => layer.type),
        ['Conv2DTranspose'],
      );
    });
  });

  describe('problems become diagnostics', () => {
    it('reports invalid JSON at its position', () => {
      const text = '{"class_name": "Sequential", "config": {"layers": [}}';
      const parsed = readKerasJson(text);
      assert.deepEqual(parsed.models, []);
      assert.deepEqual(
        parsed.diagnostics.map((d) => [d.code, d.severity, d.span.start, d.message]),
        [['parse-error', 'error', text.indexOf('[}') + 1, 'JSON: Expected a value']],
      );
    });

    it('ignores JSON that is not a Keras model', () => {
      assert.deepEqual(readKerasJson('{"class_name": "Dense", "config": {"units": 3}}'), { models: [], diagnostics: [] });
      assert.deepEqual(readKerasJson('[1, 2, 3]'), { models: [], diagnostics: [] });
    });

    it('reports a model without an input shape, malformed layers and a missing layers list', () => {
      const text = dumps({
        class_name: 'Sequential',
        config: { name: 's', layers: [{ class_name: 'Dense' }, 3, { class_name: 'Dense', config: { name: 'd', units: 4 } }] },
      });
      const parsed = readKerasJson(text);
      assert.deepEqual(
        parsed.models[0].layers.map((layer) => [layer.type, params(layer)]),
        [['Dense', { units: 4 }]],
      );
      assert.deepEqual(
        parsed.diagnostics.map((d) => [d.code, sliceOf(text, d.span)]),
        [
          ['invalid-parameter', '{"class_name": "Dense"}'],
          ['invalid-parameter', '3'],
          ['invalid-parameter', '"Sequential"'],
        ],
      );

      const noLayers = '{"class_name": "Functional", "config": {"name": "f"}}';
      const missing = readKerasJson(noLayers);
      assert.deepEqual(missing.models, []);
      assert.deepEqual(
        missing.diagnostics.map((d) => [d.code, sliceOf(noLayers, d.span)]),
        [['invalid-parameter', '{"name": "f"}']],
      );
    });

    it('inserts into an empty config object', () => {
      const text = dumps({
        class_name: 'Sequential',
        config: { layers: [keras2Layer('InputLayer', { batch_input_shape: [null, 4], name: 'in' }), { class_name: 'Flatten', config: {} }] },
      });
      const model = onlyModel(text);
      const edited = applyEdits(text, [insertParamEdit(model.layers[0].insertion, 'data_format', formatValue(model.syntax, 'channels_last'))]);
      assert.deepEqual(JSON.parse(edited).config.layers[1].config, { data_format: 'channels_last' });
    });
  });
});
