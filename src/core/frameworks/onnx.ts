/**
 * ONNX operator vocabulary: NCHW, rank-generic operators (the rank comes from `kernel_shape` or
 * the input), `pads` as `[x1_begin, x2_begin, …, x1_end, x2_end, …]`, `auto_pad`, and
 * `output_shape` winning over `pads` on ConvTranspose. docs/frameworks/onnx.md.
 */
import { Code } from '../diagnostics';
import type {
  BuildContext,
  CanonicalLayer,
  FrameworkVocabulary,
  LayerBuilder,
  SpatialPadding,
  TransposedAxis,
  TransposedConvLayer,
  TransposedResolution,
} from '../engine/canonical';
import {
  effectiveKernelSize,
  endPaddingForOutput,
  splitPadding,
  type OddPadding,
  transposedConvOutputSize,
  type AxisPadding,
} from '../convArithmetic';
import { transposedFormula } from '../engine/formulas';
import { type LayerParams, NON_NEGATIVE, POSITIVE } from '../engine/params';
import { repeat } from '../engine/shapes';
import {
  add,
  checkOutputPaddingBound,
  convLayer,
  declared,
  elementwise,
  explicitTransposedAxis,
  genericRank,
  outputPaddingKnob,
  outputSizeKnob,
  readConvCommon,
  readOutputSize,
  spellings,
  transposedConvLayer,
  keywordCallWording,
  keywordEntries,
} from './common';
import { ONNX_SEQUENCE_LAYERS } from './onnx/sequence';

/**
 * ONNX `ConvTranspose` padding with `auto_pad` `SAME_UPPER`/`SAME_LOWER` as ONNX shape inference
 * computes it: `total = max(0, k_eff − s)`, the odd element at the end (UPPER) or beginning
 * (LOWER). The output is then `s·(i−1) + op + k_eff − total`; the operator text says `i·s`, which
 * differs when `k_eff < s`.
 */
export function onnxTransposedAutoPad(kernel: number, stride: number, dilation: number, odd: OddPadding): AxisPadding {
  return splitPadding(Math.max(0, effectiveKernelSize(kernel, dilation) - stride), odd);
}

/**
 * ONNX `ConvTranspose` padding when `output_shape` is given (it wins over `pads`):
 * `total = s·(i−1) + op + k_eff − o`; SAME_UPPER puts the smaller half first, every other mode
 * the larger half. A negative total extends the output beyond the natural size (zeros at the end).
 */
export function onnxTransposedPaddingForOutput(
  input: number,
  output: number,
  kernel: number,
  stride: number,
  dilation: number,
  outputPadding: number,
  sameUpper: boolean,
): AxisPadding & { total: number } {
  const total = stride * (input - 1) + outputPadding + effectiveKernelSize(kernel, dilation) - output;
  return { total, ...splitPadding(total, sameUpper ? 'end' : 'begin') };
}


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
  const pads = params.list('pads', [2 * rank], repeat(0, 2 * rank), { min: 0, scalarLength: 2 * rank });
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
  return convLayer(common, { padding: windowPadding(autoPad, begin, end) });
};

const convTranspose: LayerBuilder = (params, context): TransposedConvLayer => {
  const rank = operatorRank(params, context);
  const common = readConvCommon(params, rank, CONV_NAMES, false);
  const { stride } = common;
  const { autoPad, begin, end } = readPads(params, rank);
  const outputPadding = params.perAxis('output_padding', rank, 0, NON_NEGATIVE);
  checkOutputPaddingBound(
    params,
    'output_padding',
    outputPadding,
    stride,
    `ConvTranspose: output_padding [${outputPadding.join(', ')}] must be less than the corresponding stride [${stride.join(', ')}].`,
  );
  const outputShape = readOutputSize(params, 'output_shape', rank, false);
  return transposedConvLayer<OnnxTransposed>(common, {
    paramNames: { kernel: 'kernel_shape', stride: 'strides', padding: 'pads', outputPadding: 'output_padding', dilation: 'dilations' },
    knob: outputShape ? outputSizeKnob('output_shape', outputShape.full) : outputPaddingKnob('output_padding'),
    rule: { autoPad, begin, end, outputPadding, outputShape: outputShape?.sizes ?? null },
  });
};

/** What ONNX's ConvTranspose reads besides the common fields. */
interface OnnxTransposed {
  autoPad: AutoPad;
  /** `pads`, per spatial axis (used with NOTSET only). */
  begin: number[];
  end: number[];
  outputPadding: number[];
  /** The spatial sizes of `output_shape`, which wins over `pads`; null when not given. */
  outputShape: number[] | null;
}

/** Every spatial axis of an ONNX ConvTranspose (null entries: unknown input size). */
function resolveTransposed(layer: TransposedConvLayer<OnnxTransposed>, input: (number | null)[]): TransposedResolution {
  const { kernel, stride, dilation } = layer;
  const { autoPad, begin, end, outputPadding, outputShape } = layer.rule;
  const explicitPadding = (axis: number): AxisPadding =>
    autoPad === 'NOTSET' ? { padBegin: begin[axis], padEnd: end[axis] } : { padBegin: 0, padEnd: 0 };
  /** An axis whose output size is set (output_shape, or i·s under SAME): pads follow from it. */
  const fixedOutputAxis = (size: number, wanted: number, axis: number): TransposedAxis => {
    const [k, s, d, op] = [kernel[axis], stride[axis], dilation[axis], outputPadding[axis]];
    const { padBegin } = onnxTransposedPaddingForOutput(size, wanted, k, s, d, op, autoPad === 'SAME_UPPER');
    // A negative total pads the output with zeros at the end (ONNX backend test_convtranspose_output_shape).
    const geometryBegin = Math.max(padBegin, 0);
    const { padEnd, outputPadding: extra } = endPaddingForOutput(s * (size - 1) + effectiveKernelSize(k, d) - geometryBegin, wanted);
    return {
      output: wanted,
      formula: (label) => transposedFormula(label, size, k, s, geometryBegin, padEnd, d, extra, wanted),
      padBegin: geometryBegin,
      padEnd,
      outputPadding: extra,
      validOutputPadding: [0, s - 1],
      reachable: [wanted, wanted],
      knobOffset: 0,
    };
  };
  return {
    problems: [],
    axes: input.map((size, axis) => {
      if (size === null) return null;
      const [k, s, d, op] = [kernel[axis], stride[axis], dilation[axis], outputPadding[axis]];
      if (outputShape) return { ...fixedOutputAxis(size, outputShape[axis], axis), reachable: [1, Number.MAX_SAFE_INTEGER] };
      if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
        // The operator text: output_shape = input·stride, pads from it. ONNX shape inference
        // instead pads max(0, k_eff − s) in total, which differs when k_eff < s.
        const resolved = fixedOutputAxis(size, size * s, axis);
        const pads = onnxTransposedAutoPad(k, s, d, autoPad === 'SAME_UPPER' ? 'end' : 'begin');
        const inferred = transposedConvOutputSize(size, k, s, pads.padBegin, pads.padEnd, d, op);
        const note = inferred === resolved.output ? '' : `  (ONNX shape inference pads max(0, k_eff − s) and gives ${inferred})`;
        return { ...resolved, formula: (label) => ({ symbolic: `${label}_out = ${label}_in·s`, numbers: `${size}·${s} = ${resolved.output}${note}` }) };
      }
      const { padBegin, padEnd } = explicitPadding(axis);
      return explicitTransposedAxis(size, k, s, d, padBegin, padEnd, op, s);
    }),
  };
}

function pool(hasDilation: boolean): LayerBuilder {
  return (params, context) => {
    params.require('kernel_shape', 'the window size');
    const rank = operatorRank(params, context);
    const { autoPad, begin, end } = readPads(params, rank);
    const ceilMode = params.number('ceil_mode', 0, NON_NEGATIVE);
    if (ceilMode > 1) params.reject(params.spanOf('ceil_mode'), '`ceil_mode` must be 0 or 1.');
    return {
      op: 'pool',
      rank,
      channelsLast: false,
      kernel: params.perAxis('kernel_shape', rank, 1, POSITIVE),
      stride: params.perAxis('strides', rank, 1, POSITIVE),
      dilation: hasDilation ? params.perAxis('dilations', rank, 1, POSITIVE) : repeat(1, rank),
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
  const scales = hasScales ? params.list('scales', [rank, rank + 2], repeat(1, rank), { min: Number.MIN_VALUE, real: true }) : null;
  if (scales && scales.length === rank + 2 && (scales[0] !== 1 || scales[1] !== 1)) {
    params.reject(params.spanOf('scales'), 'Resize: ConvLens models scaling of the spatial axes only; the batch and channel scales must be 1.');
  }
  const sizes = hasSizes ? params.list('sizes', [rank, rank + 2], repeat(1, rank), POSITIVE) : null;
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
  return { op: 'dense', units: params.number(key, 1, POSITIVE), bias: params.boolean('bias', true), ...(inFeatures && { inFeatures }) };
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
  preview: {
    writable: ['kernel', 'stride', 'padding', 'outputPadding', 'dilation'],
    notes: [],
    padding: 'beginEnd',
    paddingWritten: 'beginsThenEnds',
    listsOnly: true,
  },
  callWording: keywordCallWording,
  resolveTransposed,
  layers: {
    ...keywordEntries({
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
    }),
    ...ONNX_SEQUENCE_LAYERS,
  },
};
