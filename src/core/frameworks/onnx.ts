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
  ResolutionProblem,
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
  type AxisPadding,
} from '../convArithmetic';
import { transposedFormula } from '../engine/formulas';
import { onnxSpatialLayers } from './onnx/spatial';
import { type LayerParams, NON_NEGATIVE, POSITIVE } from '../engine/params';
import { repeat } from '../engine/shapes';
import { ONNX_TENSOR_LAYERS } from './onnx/tensor';
import {
  checkOutputPaddingBound,
  convLayer,
  declared,
  explicitTransposedAxis,
  genericRank,
  outputPaddingKnob,
  outputSizeKnob,
  readConvCommon,
  readOutputSize,
  spellings,
  transposedConvLayer,
  keywordCallWording,
  signedEntries,
} from './common';
import { ONNX_SEQUENCE_LAYERS } from './onnx/sequence';
import { ONNX_SIGNATURES } from './onnx/signatures';

/**
 * ONNX `ConvTranspose` padding with `auto_pad` `SAME_UPPER`/`SAME_LOWER` as onnxruntime computes
 * it: `total = max(0, k_eff + op − s)`, the total padding clamped at 0,
 * the odd element at the end (UPPER) or beginning (LOWER). The output is then
 * `s·(i−1) + op + k_eff − total = min(i·s, (i−1)·s + k_eff + op)`; the operator text says `i·s`,
 * which differs when `k_eff + op < s`.
 */
export function onnxTransposedAutoPad(kernel: number, stride: number, dilation: number, odd: OddPadding, outputPadding = 0): AxisPadding {
  return splitPadding(Math.max(0, effectiveKernelSize(kernel, dilation) + outputPadding - stride), odd);
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
export function operatorRank(params: LayerParams, context: BuildContext): number {
  const kernel = params.entry('kernel_shape')?.value;
  if (kernel?.kind === 'list' && kernel.items.length >= 1 && kernel.items.length <= 3) return kernel.items.length;
  return genericRank(context, params);
}

/** `auto_pad` and `pads`; `pads` together with an `auto_pad` other than NOTSET is refused. */
function readPads(params: LayerParams, rank: number): { autoPad: AutoPad; begin: number[]; end: number[] } {
  const autoPad = params.choice('auto_pad', AUTO_PAD);
  const pads = params.list('pads', [2 * rank], null, { min: 0, scalarLength: 2 * rank });
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
  const outputPadding = params.perAxis('output_padding', rank, NON_NEGATIVE);
  checkOutputPaddingBound(
    params,
    'output_padding',
    outputPadding,
    stride,
    `ConvTranspose: output_padding [${outputPadding.join(', ')}] must be less than the corresponding stride [${stride.join(', ')}].`,
  );
  const outputShape = readOutputSize(params, 'output_shape', rank, false, NON_NEGATIVE);
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

/**
 * onnxruntime's check of one axis of an explicit `output_shape` (total padding `total`): the
 * forward convolution must map it back onto the input, and it must be positive.
 */
function outputShapeRefusal(input: number, wanted: number, total: number, kEff: number, stride: number, axis: number): ResolutionProblem | null {
  if (Math.floor((wanted + total - kEff) / stride) + 1 !== input) {
    const highest = stride * (input - 1) + kEff + stride - 1;
    return {
      code: Code.outputSizeUnreachable,
      message:
        `Explicit output_shape is inconsistent with input spatial dimensions and convolution parameters (onnxruntime): ` +
        `output_shape ${wanted} on spatial axis ${axis} is not produced by input ${input}; reachable sizes are 1 to ${highest}.`,
      key: 'output_shape',
    };
  }
  if (wanted < 1) return { code: Code.invalidParameter, message: `Explicit output size must be positive. Got: ${wanted}`, key: 'output_shape' };
  return null;
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
  const problems: ResolutionProblem[] = [];
  const axes = input.map((size, axis) => {
    if (size === null) return null;
    const [k, s, d, op] = [kernel[axis], stride[axis], dilation[axis], outputPadding[axis]];
    const kEff = effectiveKernelSize(k, d);
    const full = s * (size - 1) + op + kEff;
    if (outputShape) {
      // onnxruntime pads max(0, full − o) in total and then requires the forward convolution to
      // map o back onto the input: an output_shape beyond (i−1)·s + k_eff + s − 1 is refused.
      const wanted = outputShape[axis];
      const total = Math.max(0, full - wanted);
      // onnxruntime reports the first axis it refuses.
      const refusal = problems.length > 0 ? null : outputShapeRefusal(size, wanted, total, kEff, s, axis);
      if (refusal) problems.push(refusal);
      return { ...fixedOutputAxis(size, wanted, axis), reachable: [1, s * (size - 1) + kEff + s - 1] as [number, number] };
    }
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') {
      // onnxruntime (like TensorRT) clamps the total padding at 0, so o = min(i·s, full); the
      // operator text says i·s, which differs when full < i·s.
      const pads = onnxTransposedAutoPad(k, s, d, autoPad === 'SAME_UPPER' ? 'end' : 'begin', op);
      const output = full - pads.padBegin - pads.padEnd;
      const resolved = fixedOutputAxis(size, output, axis);
      const note = output === size * s ? '' : `  (the operator text says ${size}·${s} = ${size * s}; onnxruntime clamps the total padding at 0)`;
      return {
        ...resolved,
        formula: (label: string) => ({
          symbolic: `${label}_out = min(${label}_in·s, (${label}_in−1)·s + k_eff + op)`,
          numbers: `min(${size}·${s}, ${full}) = ${output}${note}`,
        }),
      };
    }
    const { padBegin, padEnd } = explicitPadding(axis);
    return explicitTransposedAxis(size, k, s, d, padBegin, padEnd, op, s);
  });
  return { problems, axes };
}

/** onnxruntime's pools refuse a pad that is not smaller than its window (`pool_attributes.h`). */
export function refusePadsBeyondKernel(params: LayerParams, kernel: readonly number[], begin: readonly number[], end: readonly number[]): void {
  if (kernel.some((size, axis) => begin[axis] >= size || end[axis] >= size)) {
    params.reject(params.spanOf('pads'), `${params.layer.type}: every pad must be smaller than the kernel (pads ${[...begin, ...end].join(', ')}, kernel_shape ${kernel.join(', ')}). onnxruntime: "Pad should be smaller than kernel."`);
  }
}

export function pool(hasDilation: boolean): LayerBuilder {
  return (params, context) => {
    params.require('kernel_shape', 'the window size');
    const rank = operatorRank(params, context);
    const { autoPad, begin, end } = readPads(params, rank);
    const ceilMode = params.number('ceil_mode', NON_NEGATIVE);
    if (ceilMode > 1) params.reject(params.spanOf('ceil_mode'), '`ceil_mode` must be 0 or 1.');
    const kernel = params.perAxis('kernel_shape', rank, 1, POSITIVE);
    refusePadsBeyondKernel(params, kernel, begin, end);
    return {
      op: 'pool',
      rank,
      channelsLast: false,
      kernel,
      stride: params.perAxis('strides', rank, POSITIVE),
      dilation: hasDilation ? params.perAxis('dilations', rank, POSITIVE) : repeat(1, rank),
      padding: windowPadding(autoPad, begin, end),
      ceilMode: ceilMode === 1,
    };
  };
}

/** `scales` / `sizes` for every axis (N, C, spatial…) or for the spatial axes only. */
export const resize: LayerBuilder = (params, context) => {
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
  return { op: 'dense', units: params.number(key, 1, POSITIVE), bias: params.boolean('bias'), ...(inFeatures && { inFeatures }) };
};

/** The ONNX vocabulary. */
export const onnx: FrameworkVocabulary = {
  framework: 'onnx',
  label: 'ONNX',
  outputTooSmall: (type, input, output) =>
    `${type}: the computed output size (${output.join(', ')}) for input (${input.join(', ')}) is not positive.`,
  upsampleThenConv: (layer, outChannels) => [
    { type: 'Resize', params: [['scales', [1, 1, ...layer.stride]], ['mode', 'nearest']] },
    { type: 'Conv', params: [['out_channels', outChannels], ['kernel_shape', [...layer.kernel]], ['auto_pad', 'SAME_UPPER']] },
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
    ...signedEntries({
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
    Concat: (params) => {
      params.require('axis', 'the axis to concatenate on');
      // Required (no default): 1 only stands in while the missing axis is reported.
      return { op: 'concat', channelsLast: false, axis: params.number('axis', 1), axisKey: 'axis' };
    },
    Flatten: (params) => ({ op: 'flattenToMatrix', axis: params.number('axis') }),
    Gemm: gemm,
    ...ONNX_TENSOR_LAYERS,
    ...onnxSpatialLayers,
    }, ONNX_SIGNATURES),
    ...ONNX_SEQUENCE_LAYERS,
  },
};
