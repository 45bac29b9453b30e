/**
 * The Keras, TF.js and ONNX vocabularies' declared defaults (src/core/frameworks/kerasFamily/signatures.ts,
 * onnx/signatures.ts), which their builders read:
 * - equal the frameworks' own: TF.js 4.22's `getConfig()` of each factory built with only its
 *   required arguments (test/fixtures/tfjs/signatures.json); Keras 3's, which are TF.js's under the
 *   snake_case names except where the Keras 3 API documents another default (listed below, with
 *   the source); ONNX's attribute defaults as onnxruntime-web applies them (test/fixtures/onnx/signatures.json);
 * - and change nothing when written out (defaultsSupport.ts), read by the real YAML reader.
 */
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { DefaultValue } from '../../../src/core/engine/signature';
import { keras } from '../../../src/core/frameworks/keras';
import { onnx } from '../../../src/core/frameworks/onnx';
import { tfjs } from '../../../src/core/frameworks/tfjs';
import { CHANNELS_FIRST_INPUTS, defaultsWrittenOutChangeNothing, parametersOf } from './defaultsSupport';
import type { SpecValue } from '../support/modelSpec';

function fixture<T>(path: string): T {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, path))) return JSON.parse(readFileSync(join(dir, path), 'utf8')) as T;
  }
  throw new Error(`${path} not found above ${__dirname}`);
}

interface TfjsFactory {
  className: string;
  required: Record<string, unknown>;
  config: Record<string, unknown>;
}
const TFJS = fixture<{ layers: Record<string, TfjsFactory> }>('test/fixtures/tfjs/signatures.json').layers;
const ONNX = fixture<{ operators: Record<string, Record<string, { default: DefaultValue }>> }>('test/fixtures/onnx/signatures.json').operators;

/** Declared defaults of a type: parameter name → default (required parameters: `undefined`). */
function declared(signature: (typeof tfjs.layers)[string]['signature']): Map<string, DefaultValue | undefined> {
  return new Map(parametersOf(signature).map((parameter) => [parameter.name, parameter.default]));
}

/**
 * Parameters ConvLens reads that TF.js 4.22's config does not hold: Keras's, which TF.js lacks
 * (`groups`, global pooling's `keepDims`), and those TF.js fixes or drops (`conv1d`, 1-D
 * pooling, `centerCrop` and `resizing` are channels-last only; the transposed layers ignore and drop `dilationRate`;
 * `separableConv2d`'s config omits `depthMultiplier`).
 */
const NOT_IN_TFJS_CONFIG: Readonly<Record<string, readonly string[]>> = {
  groups: ['conv1d', 'conv2d', 'conv3d', 'conv2dTranspose', 'conv3dTranspose', 'depthwiseConv2d', 'separableConv2d', 'convLstm2d'],
  keepdims: ['globalAveragePooling1d', 'globalAveragePooling2d', 'globalMaxPooling1d', 'globalMaxPooling2d'],
  dataFormat: ['conv1d', 'maxPooling1d', 'averagePooling1d', 'globalAveragePooling1d', 'globalMaxPooling1d', 'centerCrop', 'resizing'],
  dilationRate: ['conv2dTranspose', 'conv3dTranspose'],
  outputPadding: ['conv2dTranspose', 'conv3dTranspose'],
  depthMultiplier: ['separableConv2d'],
};

/** Defaults of `None` the layer derives from other arguments, which TF.js's config shows filled in: pooling strides (the window). */
const DERIVED = new Set(['strides']);

describe('TF.js signatures declare TF.js 4.22 defaults', () => {
  for (const [factory, truth] of Object.entries(TFJS)) {
    it(`${factory}: declared defaults and required arguments are getConfig()'s`, () => {
      const entry = tfjs.layers[factory];
      assert.ok(entry, `the TF.js vocabulary has no ${factory}`);
      for (const [name, value] of declared(entry.signature)) {
        if (value === undefined) {
          assert.ok(name in truth.required, `${factory}: ${name} is declared required, TF.js builds without it`);
        } else if (!(name in truth.config)) {
          assert.ok(NOT_IN_TFJS_CONFIG[name]?.includes(factory), `${factory}: ${name} is not in TF.js's config ${JSON.stringify(truth.config)}`);
        } else if (value === null && DERIVED.has(name)) {
          continue;
        } else {
          assert.deepEqual(value, truth.config[name], `${factory}: ${name}`);
        }
      }
      // inputLayer's inputShape is the model's input, which ConvLens reads as such.
      if (factory === 'inputLayer') return;
      for (const name of Object.keys(truth.required)) {
        const parameters = declared(entry.signature);
        assert.ok(parameters.has(name), `${factory}: TF.js needs ${name}, which the signature does not declare`);
        assert.equal(parameters.get(name), undefined, `${factory}: TF.js needs ${name}, the signature gives it a default`);
      }
    });
  }
});

/**
 * Where Keras 3 documents a default other than TF.js's (keras.io/api/layers): `data_format=None`
 * (the configured image_data_format, 'channels_last'); Softmax(axis=-1); GRU(reset_after=True);
 * Cropping2D(cropping=((0, 0), (0, 0))), which TF.js requires.
 */
const KERAS_DIFFERS: Readonly<Record<string, Readonly<Record<string, DefaultValue>>>> = {
  '*': { data_format: null },
  Softmax: { axis: -1 },
  GRU: { reset_after: true },
  Cropping2D: { cropping: [[0, 0], [0, 0]] },
};

describe('Keras signatures declare Keras 3 defaults (TF.js 4.22 under snake_case names, where Keras 3 agrees)', () => {
  const snake = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  for (const truth of Object.values(TFJS)) {
    const type = truth.className;
    const entry = keras.layers[type];
    if (!entry) continue;
    it(`${type}: declared defaults are TF.js's, or Keras 3's documented ones`, () => {
      const tfjsDefaults = declared(tfjs.layers[type].signature);
      for (const [name, value] of declared(entry.signature)) {
        const differs = KERAS_DIFFERS[type]?.[name] ?? KERAS_DIFFERS['*'][name];
        if (differs !== undefined) {
          assert.deepEqual(value, differs, `${type}: ${name}`);
          continue;
        }
        const camel = [...tfjsDefaults.keys()].find((key) => snake(key) === name);
        assert.ok(camel !== undefined, `${type}: ${name} has no TF.js counterpart`);
        assert.deepEqual(value, tfjsDefaults.get(camel), `${type}: ${name}`);
      }
    });
  }
});

/**
 * Defaults of the Keras 3 layers TF.js has no counterpart of, as the Keras 3 API documents them
 * (keras.io/api/layers): MultiHeadAttention(num_heads, key_dim, value_dim=None, dropout=0.0,
 * use_bias=True, output_shape=None, attention_axes=None, …); GroupQueryAttention(head_dim,
 * num_query_heads, num_key_value_heads, dropout=0.0, use_bias=True, …); Attention(use_scale=False,
 * score_mode="dot", …); AdditiveAttention(use_scale=True, …); GroupNormalization(groups=32, axis=-1,
 * epsilon=0.001, center=True, scale=True, …); UnitNormalization(axis=-1); RMSNormalization(axis=-1, …).
 */
const KERAS_ONLY: Readonly<Record<string, Readonly<Record<string, DefaultValue>>>> = {
  MultiHeadAttention: { value_dim: null, use_bias: true, output_shape: null, attention_axes: null },
  GroupQueryAttention: { use_bias: true },
  GroupedQueryAttention: { use_bias: true },
  Attention: { use_scale: false, score_mode: 'dot' },
  AdditiveAttention: { use_scale: true },
  GroupNormalization: { groups: 32, axis: -1, center: true, scale: true },
  UnitNormalization: { axis: -1 },
  RMSNormalization: { axis: -1 },
};

describe('Keras signatures of Keras-only layers declare Keras 3\'s documented defaults', () => {
  for (const [type, documented] of Object.entries(KERAS_ONLY)) {
    it(`${type}`, () => {
      const defaults = Object.fromEntries([...declared(keras.layers[type].signature)].filter(([, value]) => value !== undefined));
      assert.deepEqual(defaults, documented);
    });
  }
});

/** ConvLens YAML's own parameters of an ONNX node (its weights' sizes and presence), which no operator schema defines. */
const CONVLENS_OWN = new Set(['bias']);

describe('ONNX signatures declare the operator schemas\' defaults, as onnxruntime-web applies them', () => {
  for (const [op, entry] of Object.entries(onnx.layers)) {
    const defaults = [...declared(entry.signature)].filter(([name, value]) => value !== undefined && value !== null && !CONVLENS_OWN.has(name));
    if (defaults.length === 0) continue;
    it(`${op}: every declared default is onnxruntime's`, () => {
      for (const [name, value] of defaults) {
        const truth = ONNX[op]?.[name];
        assert.ok(truth, `${op}: ${name}'s default is not checked by test/fixtures/onnx/generate_signatures.mjs`);
        assert.deepEqual(value, truth.default, `${op}: ${name}`);
      }
    });
  }
});

/** Inputs of every rank, channels last with 32 channels (GroupNormalization's default groups divide them). */
const KERAS_INPUTS: SpecValue[][] = [
  [2, 32],
  [2, 12, 32],
  [2, 12, 12, 32],
  [2, 12, 12, 12, 32],
  // ConvLSTM3D: [N, T, D, H, W, C].
  [2, 3, 12, 12, 12, 32],
];

/** Values the Keras family's required parameters need beyond a count or size. */
const KERAS_NEEDED: Readonly<Record<string, SpecValue>> = {
  rate: 0.5,
  activation: 'relu',
  dims: [1],
  axes: 1,
  targetShape: [-1],
  target_shape: [-1],
};

function kerasNeeded(layerType: (base: string) => string, signatureNames: (type: string) => string[]) {
  return (type: string): Record<string, SpecValue> => {
    const needed: Record<string, SpecValue> = {};
    for (const name of signatureNames(type)) if (name in KERAS_NEEDED) needed[name] = KERAS_NEEDED[name];
    if (/^(bidirectional|Bidirectional)$/.test(type)) needed.layer = { type: layerType('LSTM'), units: 4 };
    if (/^(timeDistributed|TimeDistributed)$/.test(type)) needed.layer = { type: layerType('Dense'), units: 4 };
    return needed;
  };
}

describe('Keras builders default as Keras 3 does', () => {
  const names = (type: string) => parametersOf(keras.layers[type].signature).map((parameter) => parameter.name);
  defaultsWrittenOutChangeNothing(keras, { needed: kerasNeeded((base) => base, names), requiredValue: 4, inputs: KERAS_INPUTS });
});

describe('TF.js builders default as TF.js 4.22 does', () => {
  const names = (type: string) => parametersOf(tfjs.layers[type].signature).map((parameter) => parameter.name);
  defaultsWrittenOutChangeNothing(tfjs, { needed: kerasNeeded((base) => base, names), requiredValue: 4, inputs: KERAS_INPUTS });
});

/** Inputs an ONNX operator needs that its attributes do not give (constant tensors ConvLens YAML writes as parameters). */
const ONNX_NEEDED: Readonly<Record<string, Readonly<Record<string, SpecValue>>>> = {
  Reshape: { shape: [-1] },
  Gather: { indices: 0 },
  Split: { num_outputs: 2 },
  Pad: { pads: [0, 0, 1, 1] },
  Upsample: { scales: [1, 1, 2, 2] },
  DepthToSpace: { blocksize: 2 },
  SpaceToDepth: { blocksize: 2 },
};

describe('ONNX builders default as the operator schemas do', () => {
  defaultsWrittenOutChangeNothing(onnx, {
    needed: (type) => ONNX_NEEDED[type] ?? {},
    requiredValue: 4,
    inputs: CHANNELS_FIRST_INPUTS,
  });
});
