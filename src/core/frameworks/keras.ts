/**
 * Keras 3 vocabulary (`keras.layers`, also tf.keras): NHWC by default, `'same'`/`'valid'`
 * padding, Keras's own `output_padding` rule for transposed convolutions. SEMANTICS.md § Keras 3.
 */
import type { FrameworkVocabulary, LayerBuilder, TransposedConvLayer } from '../engine/canonical';
import { effectiveKernelSize, kerasTransposedOutputSize } from '../engine/convArithmetic';
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
} from './common';
import { kerasConvCommon, kerasFamilyLayers, kerasPaddingMode, refuseStridedDilation, type KerasSpelling } from './kerasFamily';

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
    const { kernel, stride, dilation } = common;
    refuseStridedDilation(params, SPELLING, stride, dilation, context.type);
    const same = kerasPaddingMode(params, SPELLING, false) === 'same';
    const given = params.has('output_padding');
    const outputPadding = params.perAxis('output_padding', rank, 0, NON_NEGATIVE);
    if (given) {
      checkOutputPaddingBound(
        params,
        'output_padding',
        'keras',
        outputPadding,
        stride,
        dilation,
        `\`output_padding\` must be < \`strides\`. Received strides=${tuple(stride)}, output_padding=${tuple(outputPadding)}.`,
      );
    }
    return transposedConvLayer(common, {
      paramNames: { kernel: 'kernel_size', stride: 'strides', padding: 'padding', outputPadding: 'output_padding', dilation: 'dilation_rate' },
      knob: outputPaddingKnob('output_padding'),
      resolve: (input) => ({
        problems: [],
        axes: input.map((size, axis) => {
          if (size === null) return null;
          const [k, s, d] = [kernel[axis], stride[axis], dilation[axis]];
          const kEff = effectiveKernelSize(k, d);
          const op = given ? outputPadding[axis] : null;
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
      }),
    });
  };
}

/** The Keras vocabulary. */
export const keras: FrameworkVocabulary = {
  framework: 'keras',
  label: 'Keras',
  ignoresCase: true,
  outputTooSmall: (type, input, output) =>
    `Computed output size would be negative or zero in ${type}: input spatial size ${tuple(input)}, computed output ${tuple(output)}. Use a smaller kernel, 'same' padding, or a larger input.`,
  upsampleThenConv: (layer) => [
    { type: `UpSampling${layer.rank}D`, params: [['size', compact(layer.stride)]] },
    {
      type: `Conv${layer.rank}D`,
      params: [['filters', layer.outChannels ?? 1], ['kernel_size', compact(layer.kernel)], ['padding', 'same']],
    },
  ],
  layers: {
    ...kerasFamilyLayers(SPELLING, (base) => [base]),
    ...byRank((rank) => `Conv${rank}DTranspose`, convTranspose),
  },
};
