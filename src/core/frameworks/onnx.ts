/**
 * ONNX operator vocabulary: NCHW, rank-generic operators (the rank comes from `kernel_shape` or
 * the input), `pads` as `[x1_begin, x2_begin, …, x1_end, x2_end, …]`, `auto_pad`, and
 * `output_shape` winning over `pads` on ConvTranspose. SEMANTICS.md § ONNX.
 */
import { Code } from '../diagnostics';
import type { BuildContext, CanonicalLayer, FrameworkVocabulary, LayerBuilder, SpatialPadding, TransposedConvLayer } from '../engine/canonical';
import { effectiveKernelSize, onnxTransposedAutoPad, onnxTransposedPaddingForOutput, type AxisPadding } from '../engine/convArithmetic';
import { transposedFormula } from '../engine/formulas';
import type { LayerParams } from '../engine/params';
import {
  add,
  checkOutputPaddingBound,
  declared,
  elementwise,
  explicitTransposedAxis,
  genericRank,
  outputPaddingKnob,
  outputSizeKnob,
  readConvCommon,
  readOutputSize,
  spellings,
} from './common';

const AUTO_PAD = ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'] as const;
type AutoPad = (typeof AUTO_PAD)[number];

const CONV_NAMES = {
  outChannels: 'out_channels',
  inChannels: 'in_channels',
  kernel: 'kernel_shape',
  stride: 'strides',
  dilation: 'dilations',
  groups: 'group',
  bias: 'bias',
} as const;

/** The spatial rank: the length of `kernel_shape` when it is a list, else the input's. */
function operatorRank(params: LayerParams, context: BuildContext): number {
  const kernel = params.entry('kernel_shape')?.value;
  if (kernel?.kind === 'list' && kernel.items.length >= 1 && kernel.items.length <= 3) return kernel.items.length;
  return genericRank(context, params);
}

/** `auto_pad` and `pads`; `pads` together with an `auto_pad` other than NOTSET is refused. */
function readPads(params: LayerParams, rank: number): { autoPad: AutoPad; begin: number[]; end: number[] } {
  const autoPad = params.choice('auto_pad', AUTO_PAD, 'NOTSET');
  const pads = params.list('pads', [2 * rank], new Array<number>(2 * rank).fill(0), { min: 0, scalarLength: 2 * rank });
  if (autoPad !== 'NOTSET' && params.has('pads')) {
    params.report({
      code: Code.unsupportedCombination,
      message: `${params.layer.type}: pads must not be set when auto_pad is ${autoPad}; remove pads or set auto_pad to NOTSET.`,
      span: params.spanOf('pads'),
    });
  }
  return { autoPad, begin: pads.slice(0, rank), end: pads.slice(rank) };
}

function windowPadding(autoPad: AutoPad, begin: number[], end: number[]): SpatialPadding {
  switch (autoPad) {
    case 'NOTSET':
      return { kind: 'explicit', begin, end };
    case 'SAME_UPPER':
      return { kind: 'same', odd: 'end' };
    case 'SAME_LOWER':
      return { kind: 'same', odd: 'begin' };
    case 'VALID':
      return { kind: 'valid' };
  }
}

const conv: LayerBuilder = (params, context): CanonicalLayer => {
  const rank = operatorRank(params, context);
  const common = readConvCommon(params, rank, CONV_NAMES, false);
  const { autoPad, begin, end } = readPads(params, rank);
  return { op: 'conv', ...common, padding: windowPadding(autoPad, begin, end) };
};

const convTranspose: LayerBuilder = (params, context): TransposedConvLayer => {
  const rank = operatorRank(params, context);
  const common = readConvCommon(params, rank, CONV_NAMES, false);
  const { kernel, stride, dilation } = common;
  const { autoPad, begin, end } = readPads(params, rank);
  const outputPadding = params.perAxis('output_padding', rank, 0, { min: 0 });
  checkOutputPaddingBound(
    params,
    'output_padding',
    'onnx',
    outputPadding,
    stride,
    dilation,
    `ConvTranspose: output_padding [${outputPadding.join(', ')}] must be less than the corresponding stride [${stride.join(', ')}].`,
  );
  const outputShape = readOutputSize(params, 'output_shape', rank, false);
  const autoPadding = (axis: number): AxisPadding => {
    if (autoPad === 'NOTSET') return { padBegin: begin[axis], padEnd: end[axis] };
    if (autoPad === 'VALID') return { padBegin: 0, padEnd: 0 };
    return onnxTransposedAutoPad(kernel[axis], stride[axis], dilation[axis], autoPad === 'SAME_UPPER' ? 'end' : 'begin');
  };
  return {
    op: 'convTranspose',
    ...common,
    paramNames: { kernel: 'kernel_shape', stride: 'strides', padding: 'pads', outputPadding: 'output_padding', dilation: 'dilations' },
    knob: outputShape ? outputSizeKnob('output_shape', outputShape.full) : outputPaddingKnob('output_padding'),
    resolve(input) {
      const unreachable: string[] = [];
      const axes = input.map((size, axis) => {
        if (size === null) return null;
        const [k, s, d, op] = [kernel[axis], stride[axis], dilation[axis], outputPadding[axis]];
        if (!outputShape) {
          const { padBegin, padEnd } = autoPadding(axis);
          const resolved = explicitTransposedAxis(size, k, s, d, padBegin, padEnd, op, s);
          const textOutput = size * s;
          const note = autoPad.startsWith('SAME') && resolved.output !== textOutput + op
            ? `  (ONNX shape inference, total pad max(0, k_eff − s); the operator text says ${size}·${s} = ${textOutput})`
            : '';
          return { ...resolved, formula: resolved.formula + note };
        }
        const wanted = outputShape.sizes[axis];
        const { total, padBegin, padEnd } = onnxTransposedPaddingForOutput(size, wanted, k, s, d, op, autoPad === 'SAME_UPPER');
        const largest = s * (size - 1) + op + effectiveKernelSize(k, d);
        if (total < 0) unreachable.push(`${wanted} > ${largest}`);
        const output = total < 0 ? largest : wanted;
        return {
          output,
          formula: transposedFormula(size, k, s, Math.max(padBegin, 0), Math.max(padEnd, 0), d, op, output),
          padBegin: Math.max(padBegin, 0),
          padEnd: Math.max(padEnd, 0),
          outputPadding: op,
          validOutputPadding: [0, s - 1] as [number, number],
          reachable: [1, largest] as [number, number],
          knobOffset: 0,
        };
      });
      const problems =
        unreachable.length === 0
          ? []
          : [
              {
                code: Code.outputSizeUnreachable,
                message: `ConvTranspose: output_shape [${outputShape?.sizes.join(', ')}] is larger than this input can produce (${unreachable.join(', ')}): the padding s·(i−1) + output_padding + k_eff − output_shape would be negative.`,
                key: 'output_shape',
              },
            ];
      return { axes, problems };
    },
  };
};

function pool(hasDilation: boolean): LayerBuilder {
  return (params, context) => {
    params.require('kernel_shape', 'the window size');
    const rank = operatorRank(params, context);
    const { autoPad, begin, end } = readPads(params, rank);
    const ceilMode = params.number('ceil_mode', 0, { min: 0 });
    if (ceilMode > 1) params.reject(params.spanOf('ceil_mode'), '`ceil_mode` must be 0 or 1.');
    return {
      op: 'pool',
      rank,
      channelsLast: false,
      kernel: params.perAxis('kernel_shape', rank, 1, { min: 1 }),
      stride: params.perAxis('strides', rank, 1, { min: 1 }),
      dilation: hasDilation ? params.perAxis('dilations', rank, 1, { min: 1 }) : new Array<number>(rank).fill(1),
      padding: windowPadding(autoPad, begin, end),
      ceilMode: ceilMode === 1,
    };
  };
}

/** `scales` / `sizes` for every axis (N, C, spatial…) or for the spatial axes only. */
const resize: LayerBuilder = (params, context) => {
  const rank = genericRank(context, params);
  const hasScales = params.has('scales');
  const hasSizes = params.has('sizes');
  if (hasScales === hasSizes) params.reject(params.layer.typeSpan, 'Resize needs exactly one of scales and sizes.');
  const spatialOf = (values: number[]) => (values.length === rank + 2 ? values.slice(2) : values);
  const scales = hasScales ? params.list('scales', [rank, rank + 2], new Array<number>(rank).fill(1), { min: Number.MIN_VALUE, real: true }) : null;
  if (scales && scales.length === rank + 2 && (scales[0] !== 1 || scales[1] !== 1)) {
    params.reject(params.spanOf('scales'), 'Resize: ConvLens models scaling of the spatial axes only; the batch and channel scales must be 1.');
  }
  const sizes = hasSizes ? params.list('sizes', [rank, rank + 2], new Array<number>(rank).fill(1), { min: 1 }) : null;
  return { op: 'resize', rank, channelsLast: false, scale: scales && spatialOf(scales), size: sizes && spatialOf(sizes) };
};

const norm: LayerBuilder = (params) => {
  const features = declared(params, 'num_features');
  return { op: 'norm', channelsLast: false, paramsPerChannel: 2, ranks: [], ...(features && { features }) };
};

const gemm: LayerBuilder = (params) => {
  const key = ['out_features', 'out_channels'];
  params.require(key, 'the number of output features');
  const inFeatures = declared(params, ['in_features', 'in_channels']);
  return { op: 'dense', units: params.number(key, 1, { min: 1 }), bias: params.boolean('bias', true), ...(inFeatures && { inFeatures }) };
};

/** The ONNX vocabulary. */
export const onnx: FrameworkVocabulary = {
  framework: 'onnx',
  label: 'ONNX',
  outputTooSmall: (type, input, output) =>
    `${type}: the computed output size (${output.join(', ')}) for input (${input.join(', ')}) is not positive.`,
  upsampleThenConv: (layer) => [
    { type: 'Resize', params: [['scales', [1, 1, ...layer.stride]], ['mode', 'nearest']] },
    { type: 'Conv', params: [['out_channels', layer.outChannels ?? 1], ['kernel_shape', [...layer.kernel]], ['auto_pad', 'SAME_UPPER']] },
  ],
  layers: {
    Conv: conv,
    ConvTranspose: convTranspose,
    MaxPool: pool(true),
    AveragePool: pool(false),
    ...spellings(['GlobalAveragePool', 'GlobalMaxPool'], (params, context) => ({
      op: 'globalPool',
      rank: genericRank(context, params),
      channelsLast: false,
      keepDims: true,
    })),
    Resize: resize,
    ...spellings(['BatchNormalization', 'InstanceNormalization'], norm),
    ...spellings(['Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Elu', 'Softmax', 'Clip', 'HardSigmoid', 'Dropout', 'Identity'], elementwise),
    Concat: (params) => {
      params.require('axis', 'the axis to concatenate on');
      return { op: 'concat', channelsLast: false, axis: params.number('axis', 1), axisKey: 'axis' };
    },
    Add: add(false),
    Flatten: (params) => ({ op: 'flattenToMatrix', axis: params.number('axis', 1) }),
    Gemm: gemm,
  },
};
