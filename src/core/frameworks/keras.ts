/**
 * Keras 3 vocabulary (`keras.layers`, also tf.keras): NHWC by default, `'same'`/`'valid'`
 * padding, Keras's own `output_padding` rule for transposed convolutions. docs/frameworks/keras.md.
 */
import type { FrameworkVocabulary, LayerBuilder, TransposedConvLayer, TransposedResolution } from '../engine/canonical';
import { effectiveKernelSize } from '../convArithmetic';
import { kerasSameFormula, timesStrideFormula, transposedFormula } from '../engine/formulas';
import { NON_NEGATIVE } from '../engine/params';
import {
  byRank,
  checkOutputPaddingBound,
  compact,
  layoutSpellings,
  outputPaddingKnob,
  tfStyleTransposedAxis,
  transposedConvLayer,
  tuple,
  keywordCallWording,
  signedEntries,
} from './common';
import { kerasTensorLayers } from './keras/tensor';
import { kerasSequenceBuilders } from './keras/sequence';
import { kerasConvCommon, kerasFamilyLayers, kerasPaddingMode, refuseStridedDilation, type KerasSpelling } from './kerasFamily';
import { kerasSpatialLayers } from './keras/spatial';
import { kerasFamilySignatures } from './kerasFamily/signatures';

/**
 * Keras 3 `Conv*DTranspose` output size (`deconv_output_length`):
 * `'valid'`: `(i−1)·s + k_eff + op`, op defaulting to `max(k_eff, s) − k_eff`;
 * `'same'`: without op `i·s`, with op `(i−1)·s + (k_eff mod 2) + op`.
 */
export function kerasTransposedOutputSize(
  input: number,
  kernel: number,
  stride: number,
  dilation: number,
  same: boolean,
  outputPadding: number | null,
): number {
  const kEff = effectiveKernelSize(kernel, dilation);
  if (same) return outputPadding === null ? input * stride : (input - 1) * stride + (kEff % 2) + outputPadding;
  const op = outputPadding ?? Math.max(kEff, stride) - kEff;
  return (input - 1) * stride + kEff + op;
}


const SPELLING: KerasSpelling = {
  label: 'Keras',
  filters: 'filters',
  inChannels: 'in_channels',
  kernel: 'kernel_size',
  strides: 'strides',
  padding: 'padding',
  dataFormat: 'data_format',
  dilation: 'dilation_rate',
  groups: 'groups',
  useBias: 'use_bias',
  poolSize: 'pool_size',
  size: 'size',
  units: 'units',
  targetShape: 'target_shape',
  axis: 'axis',
  cropping: 'cropping',
  center: 'center',
  scale: 'scale',
  keepDims: 'keepdims',
  layout: layoutSpellings(['channels_last'], ['channels_first']),
};

function convTranspose(rank: number): LayerBuilder {
  return (params, context): TransposedConvLayer => {
    const common = kerasConvCommon(params, rank, SPELLING);
    const { stride, dilation } = common;
    refuseStridedDilation(params, SPELLING, stride, dilation, context.type);
    const same = kerasPaddingMode(params, SPELLING, false) === 'same';
    const given = params.has('output_padding');
    const outputPadding = params.perAxis('output_padding', rank, 0, NON_NEGATIVE);
    if (given) {
      checkOutputPaddingBound(
        params,
        'output_padding',
        outputPadding,
        stride,
        `\`output_padding\` must be < \`strides\`. Received strides=${tuple(stride)}, output_padding=${tuple(outputPadding)}.`,
      );
    }
    return transposedConvLayer(common, {
      paramNames: { kernel: 'kernel_size', stride: 'strides', padding: 'padding', outputPadding: 'output_padding', dilation: 'dilation_rate' },
      knob: outputPaddingKnob('output_padding'),
      rule: { same, outputPadding: given ? outputPadding : null },
    });
  };
}

/** What Keras's transposed convolutions read besides the common fields. */
interface KerasTransposed {
  same: boolean;
  /** Null when not given: Keras then derives the output size without it. */
  outputPadding: number[] | null;
}

/** Every spatial axis of a Keras transposed convolution (null entries: unknown input size). */
function resolveTransposed(layer: TransposedConvLayer<KerasTransposed>, input: (number | null)[]): TransposedResolution {
  const { kernel, stride, dilation } = layer;
  const { same, outputPadding } = layer.rule;
  return {
    problems: [],
    axes: input.map((size, axis) => {
      if (size === null) return null;
      const [k, s, d] = [kernel[axis], stride[axis], dilation[axis]];
      const kEff = effectiveKernelSize(k, d);
      const op = outputPadding ? outputPadding[axis] : null;
      const output = kerasTransposedOutputSize(size, k, s, d, same, op);
      // With output_padding given, o = base + op; base is what op = 0 would give.
      const base = same ? (size - 1) * s + (kEff % 2) : (size - 1) * s + kEff;
      const effectiveOp = output - base;
      const formula = (label: string) =>
        same
          ? op === null
            ? timesStrideFormula(label, size, s, output)
            : kerasSameFormula(label, size, s, kEff, op, output)
          : transposedFormula(label, size, k, s, 0, 0, d, effectiveOp, output);
      return tfStyleTransposedAxis(size, output, k, s, d, same, {
        formula,
        validOutputPadding: [0, s - 1],
        reachable: [base, base + s - 1],
        knobOffset: base,
      });
    }),
  };
}

/** The Keras vocabulary. */
export const keras: FrameworkVocabulary = {
  framework: 'keras',
  label: 'Keras',
  ignoresCase: true,
  outputTooSmall: (type, input, output) =>
    `Computed output size would be negative or zero in ${type}: input spatial size ${tuple(input)}, computed output ${tuple(output)}. Use a smaller kernel, 'same' padding, or a larger input.`,
  upsampleThenConv: (layer, outChannels) => [
    { type: `UpSampling${layer.rank}D`, params: [['size', compact(layer.stride)]] },
    {
      type: `Conv${layer.rank}D`,
      params: [['filters', outChannels], ['kernel_size', compact(layer.kernel)], ['padding', 'same']],
    },
  ],
  preview: {
    writable: ['kernel', 'stride', 'outputPadding', 'dilation'],
    notes: ["Padding comes from padding='same'/'valid'; Apply leaves it unchanged."],
    padding: 'beginEnd',
    paddingWritten: 'begins',
    listsOnly: false,
  },
  callWording: keywordCallWording,
  resolveTransposed,
  layers: signedEntries({
    ...kerasFamilyLayers(SPELLING, (base) => [base]),
    ...kerasTensorLayers({
      key: (name) => name,
      names: (base) => [base],
      mergeInputs: 1,
      dotRank: null,
      checksRate: true,
      softmaxLastAxisOnly: false,
      without: ['ThresholdedReLU'],
    }),
    ...byRank((rank) => [`Conv${rank}DTranspose`, `Convolution${rank}DTranspose`], convTranspose),
    ...kerasSpatialLayers(SPELLING, 'keras', (base) => [base]),
    ...kerasSequenceBuilders((type) => (Object.hasOwn(keras.layers, type) ? keras.layers[type] : undefined)),
  }, kerasFamilySignatures('keras', (base) => [base])),
};
