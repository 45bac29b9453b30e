/**
 * TensorFlow.js layers vocabulary (`tf.layers.x({...})`, camelCase), plus the Keras class names
 * and snake_case keys a TF.js `model.json` topology uses. Transposed layers follow
 * `deconvLength`: no `outputPadding`, `dilationRate` ignored. docs/frameworks/tfjs.md.
 */
import { Code } from '../diagnostics';
import type { FrameworkVocabulary, LayerBuilder, TransposedConvLayer, TransposedResolution } from '../engine/canonical';
import { tfjsValidFormula, timesStrideFormula } from '../engine/formulas';
import type { LayerParams, ParamKey } from '../engine/params';
import type { SourceEntry } from '../ir';
import { repeat } from '../engine/shapes';
import { compact, keywordCallWording, layoutSpellings, signedEntries, tfStyleTransposedAxis, transposedConvLayer } from './common';
import { kerasTensorLayers } from './keras/tensor';
import { tfjsSequenceBuilders } from './tfjs/sequence';
import { kerasConvCommon, kerasFamilyLayers, kerasPaddingMode, type KerasSpelling } from './kerasFamily';
import { kerasSpatialLayers } from './keras/spatial';
import { kerasFamilySignatures } from './kerasFamily/signatures';

/** TF.js `deconvLength`: `'same'`: `i·s`; `'valid'`: `i·s + max(k − s, 0)` (dilation ignored). */
export function tfjsDeconvLength(input: number, kernel: number, stride: number, same: boolean): number {
  return same ? input * stride : input * stride + Math.max(kernel - stride, 0);
}


const SPELLING: KerasSpelling = {
  label: 'TF.js',
  filters: 'filters',
  inChannels: ['inChannels', 'in_channels'],
  kernel: ['kernelSize', 'kernel_size'],
  strides: 'strides',
  padding: 'padding',
  dataFormat: ['dataFormat', 'data_format'],
  dilation: ['dilationRate', 'dilation_rate'],
  groups: 'groups',
  useBias: ['useBias', 'use_bias'],
  poolSize: ['poolSize', 'pool_size'],
  size: 'size',
  units: 'units',
  targetShape: ['targetShape', 'target_shape'],
  axis: 'axis',
  cropping: 'cropping',
  center: 'center',
  scale: 'scale',
  keepDims: ['keepDims', 'keepdims'],
  layout: layoutSpellings(['channelsLast', 'channels_last'], ['channelsFirst', 'channels_first']),
  sizeListOnly: true,
};

/** Keras's `output_padding`, which TF.js does not have (a snake_case key in model.json). */
const OUTPUT_PADDING = ['outputPadding', 'output_padding'];

const PREVIEW_PARAM_NAMES: TransposedConvLayer['paramNames'] = {
  kernel: 'kernelSize',
  stride: 'strides',
  padding: 'padding',
  outputPadding: 'outputPadding',
  dilation: 'dilationRate',
};

/** Factories not spelled as the class name with a lower-case first letter. */
const IRREGULAR_FACTORIES: Record<string, string> = { PReLU: 'prelu', LSTM: 'lstm', GRU: 'gru' };

/** A config key as TF.js code writes it (camelCase) and as its model.json does (snake_case). */
function camelAndSnake(name: string): ParamKey {
  const camel = name.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
  return camel === name ? name : [camel, name];
}

function lowerFirst(name: string): string {
  return name[0].toLowerCase() + name.slice(1);
}

/**
 * The factory name (`conv2dTranspose`, `maxPooling2d`, `upSampling2d`, `batchNormalization`)
 * and the class name of a model.json (`Conv2DTranspose`) for one Keras layer name.
 */
function spellingsOf(base: string): string[] {
  const factory = IRREGULAR_FACTORIES[base] ?? lowerFirst(base).replace(/(\d)D/g, '$1d');
  const extra: Record<string, string> = { ELU: 'elu', Cropping2D: 'cropping2D', ConvLSTM2D: 'convLstm2d' };
  return [...new Set([factory, base, ...(extra[base] ? [extra[base]] : [])])];
}

function convTranspose(rank: number): LayerBuilder {
  return (params, context): TransposedConvLayer => {
    const common = kerasConvCommon(params, rank, SPELLING);
    const same = kerasPaddingMode(params, SPELLING, false) === 'same';
    if (params.has(OUTPUT_PADDING)) {
      // TF.js 4.22 accepts the key and ignores it: the layer builds and runs (SEMANTICS.md).
      params.report(
        {
          code: Code.ignoredParameter,
          message:
            `TF.js ${context.type} ignores outputPadding: its output is deconvLength — 'same': input·strides, ` +
            `'valid': input·strides + max(kernelSize − strides, 0). To change the output size, switch padding, ` +
            `change kernelSize or strides, or add a cropping2D / zeroPadding2d layer after it.`,
          span: params.spanOf(OUTPUT_PADDING),
        },
        false,
      );
    }
    if (common.dilation.some((dilation) => dilation > 1)) {
      params.report(
        {
          code: Code.ignoredParameter,
          message: `TF.js ${context.type} ignores dilationRate: the output shape and the computation use dilation 1 (and saved configs drop it).`,
          span: params.spanOf(SPELLING.dilation),
        },
        false,
      );
    }
    const ignoredDilation = repeat(1, rank);
    return transposedConvLayer({ ...common, dilation: ignoredDilation }, {
      paramNames: PREVIEW_PARAM_NAMES,
      knob: null,
      rule: { same },
    });
  };
}

/** Every spatial axis of a TF.js transposed convolution: `deconvLength` (null entries: unknown input size). */
function resolveTransposed(layer: TransposedConvLayer<{ same: boolean }>, input: (number | null)[]): TransposedResolution {
  const { kernel, stride } = layer;
  const { same } = layer.rule;
  return {
    problems: [],
    axes: input.map((size, axis) => {
      if (size === null) return null;
      const k = kernel[axis];
      const s = stride[axis];
      const output = tfjsDeconvLength(size, k, s, same);
      return tfStyleTransposedAxis(size, output, k, s, 1, same, {
        formula: (label) => (same ? timesStrideFormula(label, size, s, output) : tfjsValidFormula(label, size, k, s, output)),
        validOutputPadding: null,
        reachable: [output, output],
        knobOffset: 0,
      });
    }),
  };
}

/** The wrappers, whose trainable weights are those of the layer they hold, whatever their own `trainable` says. */
const WRAPPERS = new Set(['timeDistributed', 'TimeDistributed', 'bidirectional', 'Bidirectional']);

/** Whether `trainable: false` is written among `entries`, or why that is not known. */
function untrainable(entries: readonly SourceEntry[]): boolean | string {
  const written = entries.find((entry) => entry.key === 'trainable')?.value;
  if (written?.kind === 'unknown') return `whether it is trainable is not known${written.because ? `: ${written.because}` : ''}`;
  return written?.kind === 'boolean' && !written.value;
}

/**
 * TF.js 4.22: a layer made with `trainable: false` has no trainable weights; a wrapper's own
 * `trainable` is not read (its getter is the held layer's), the held layer's is.
 */
function frozen(params: LayerParams, type: string): boolean | string {
  if (!WRAPPERS.has(type)) return untrainable(params.entries);
  const held = params.entry('layer')?.value;
  if (held?.kind !== 'map') return false;
  // As nestedLayer.ts reads it: `{type, ...config}`, or a saved `{class_name, config}`.
  const config = held.entries.find((entry) => entry.key === 'config')?.value;
  return untrainable(config?.kind === 'map' ? config.entries : held.entries);
}

/** The TF.js layers vocabulary. */
export const tfjs: FrameworkVocabulary = {
  framework: 'tfjs',
  label: 'TF.js',
  outputTooSmall: (type, input, output) =>
    `${type}: the output size would be ${output.join('x')} for an input of ${input.join('x')}; every dimension must be positive.`,
  upsampleThenConv: (layer, outChannels) =>
    layer.rank === 2
      ? [
          { type: 'upSampling2d', params: [['size', [...layer.stride]]] },
          { type: 'conv2d', params: [['filters', outChannels], ['kernelSize', compact(layer.kernel)], ['padding', 'same']] },
        ]
      : [],
  preview: {
    writable: ['kernel', 'stride'],
    notes: ["Padding comes from padding='same'/'valid'; TF.js has no outputPadding and ignores dilationRate on transposed layers."],
    padding: 'beginEnd',
    paddingWritten: 'begins',
    listsOnly: false,
  },
  callWording: keywordCallWording,
  resolveTransposed,
  frozen,
  layers: signedEntries({
    ...kerasFamilyLayers(SPELLING, spellingsOf),
    ...kerasTensorLayers({
      key: camelAndSnake,
      names: spellingsOf,
      mergeInputs: 2,
      dotRank: 3,
      checksRate: false,
      softmaxLastAxisOnly: true,
      without: ['Subtract', 'ActivityRegularization', 'Normalization', 'RandomFlip', 'RandomRotation', 'RandomZoom', 'RandomContrast', 'RandomBrightness', 'RandomTranslation'],
    }),
    ...Object.fromEntries([2, 3].flatMap((rank) => spellingsOf(`Conv${rank}DTranspose`).map((name) => [name, convTranspose(rank)]))),
    ...kerasSpatialLayers(SPELLING, 'tfjs', spellingsOf),
    ...tfjsSequenceBuilders((type) => (Object.hasOwn(tfjs.layers, type) ? tfjs.layers[type] : undefined)),
  }, kerasFamilySignatures('tfjs', spellingsOf)),
};
