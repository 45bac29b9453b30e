/**
 * PyTorch vocabulary (`torch.nn`): NCHW, symmetric integer padding, `output_padding < max(s, d)`,
 * `forward(x, output_size=...)` on transposed convolutions. Rules: docs/frameworks/pytorch.md.
 */
import { Code } from '../diagnostics';
import type {
  CanonicalLayer,
  FrameworkVocabulary,
  LayerBuilder,
  ResolutionProblem,
  SpatialPadding,
  TransposedConvLayer,
  TransposedResolution,
} from '../engine/canonical';
import { outputSizeRange, strideOrDilationBound, type AxisPadding } from '../convArithmetic';
import { type LayerParams, NON_NEGATIVE, POSITIVE } from '../engine/params';
import { repeat } from '../engine/shapes';
import { PYTORCH_TENSOR_LAYERS } from './pytorch/tensor';
import {
  add,
  axisWords,
  byRank,
  compact,
  convLayer,
  declared,
  explicitTransposedAxis,
  genericRank,
  outputPaddingKnob,
  outputSizeKnob,
  pythonCallWording,
  pythonSignature,
  readConvCommon,
  signedEntries,
  transposedConvLayer,
} from './common';
import type { CallSignature } from '../engine/signature';
import { PYTORCH_SPATIAL_SIGNATURES, pytorchSpatialLayers } from './pytorch/spatial';
import { PYTORCH_SEQUENCE_LAYERS } from './pytorch/sequence';

/**
 * PyTorch `padding='same'` for a stride-1 convolution: total `d·(k−1)`, the odd element at the end.
 */
export function pytorchSamePadding(kernel: number, dilation: number): AxisPadding {
  const total = dilation * (kernel - 1);
  const padBegin = Math.floor(total / 2);
  return { padBegin, padEnd: total - padBegin };
}


const CONV_NAMES = {
  outChannels: 'out_channels',
  inChannels: 'in_channels',
  kernel: 'kernel_size',
  stride: 'stride',
  dilation: 'dilation',
  groups: 'groups',
  bias: 'bias',
} as const;

/** `padding`: an int, a per-axis tuple, or (forward convs only) `'same'` / `'valid'`. */
function readPadding(params: LayerParams, rank: number): number[] | 'same' | 'valid' {
  const entry = params.entry('padding');
  if (entry?.value.kind === 'string') return params.choice('padding', ['same', 'valid'] as const, 'valid');
  return params.perAxis('padding', rank, 0, NON_NEGATIVE);
}

export function conv(rank: number): LayerBuilder {
  return (params, context): CanonicalLayer => {
    const common = readConvCommon(params, rank, CONV_NAMES, false);
    const paddingMode = params.choice('padding_mode', ['zeros', 'reflect', 'replicate', 'circular'], 'zeros');
    const written = readPadding(params, rank);
    let padding: SpatialPadding;
    if (written === 'same') {
      if (common.stride.some((stride) => stride > 1)) {
        params.report({
          code: Code.unsupportedCombination,
          message: `${context.type} cannot pad 'same' with stride ${common.stride.join(', ')}: use an integer padding, or stride 1. PyTorch raises: "padding='same' is not supported for strided convolutions".`,
          span: params.spanOf('padding'),
        });
      }
      const sides = common.kernel.map((kernel, axis) => pytorchSamePadding(kernel, common.dilation[axis]));
      padding = { kind: 'explicit', begin: sides.map((side) => side.padBegin), end: sides.map((side) => side.padEnd) };
    } else {
      const symmetric = written === 'valid' ? repeat(0, rank) : written;
      padding = { kind: 'explicit', begin: symmetric, end: symmetric };
    }
    const bound = paddingMode === 'reflect' ? 'below' : paddingMode === 'circular' ? 'upTo' : undefined;
    return convLayer(common, { acceptsUnbatched: true, padding, paddingWithinInput: bound && { bound, key: 'padding' } });
  };
}

export function convTranspose(rank: number): LayerBuilder {
  return (params, context): TransposedConvLayer => {
    const common = readConvCommon(params, rank, CONV_NAMES, false);
    const paddingMode = params.choice('padding_mode', ['zeros', 'reflect', 'replicate', 'circular'], 'zeros');
    if (paddingMode !== 'zeros') {
      params.report({
        code: Code.unsupportedCombination,
        message: `${context.type} pads with zeros only: remove padding_mode='${paddingMode}'. PyTorch raises: 'Only "zeros" padding mode is supported for ${context.type}'.`,
        span: params.spanOf('padding_mode'),
      });
    }
    const written = readPadding(params, rank);
    let padding = repeat(0, rank);
    if (typeof written === 'string') {
      params.report({
        code: Code.unsupportedCombination,
        message: `${context.type} does not accept padding='${written}': give an integer padding, or set output_size. PyTorch raises a TypeError (conv_transpose${rank}d() takes integer padding only).`,
        span: params.spanOf('padding'),
      });
    } else {
      padding = written;
    }
    const outputPadding = params.perAxis('output_padding', rank, 0, NON_NEGATIVE);
    const outputSize = readPytorchOutputSize(params, rank, context.inputRank);
    return transposedConvLayer<PytorchTransposed>(common, {
      acceptsUnbatched: true,
      paramNames: { kernel: 'kernel_size', stride: 'stride', padding: 'padding', outputPadding: 'output_padding', dilation: 'dilation' },
      knob: outputSize ? outputSizeKnob('output_size', outputSize.full) : outputPaddingKnob('output_padding'),
      rule: { padding, outputPadding, outputSize },
    });
  };
}

/** What PyTorch's transposed convolutions read besides the common fields. */
interface PytorchTransposed {
  /** Symmetric, per spatial axis. */
  padding: number[];
  outputPadding: number[];
  /** `forward(x, output_size=...)`, which replaces output_padding. */
  outputSize: { sizes: number[]; full: boolean } | null;
}

/** ATen's message for an output padding at or above `max(stride, dilation)`. */
function outputPaddingTooLarge(layer: TransposedConvLayer<PytorchTransposed>): ResolutionProblem {
  const words = axisWords(layer.rank);
  return {
    code: Code.outputPaddingTooLarge,
    message:
      'output padding must be smaller than either stride or dilation, but got ' +
      [
        ...words.map((word, axis) => `output_padding_${word}: ${layer.rule.outputPadding[axis]}`),
        ...words.map((word, axis) => `stride_${word}: ${layer.stride[axis]}`),
        ...words.map((word, axis) => `dilation_${word}: ${layer.dilation[axis]}`),
      ].join(' ') +
      '. Use output_padding < max(stride, dilation) on every axis.',
    key: 'output_padding',
  };
}

/** Every spatial axis of a PyTorch transposed convolution (null entries: unknown input size). */
function resolveTransposed(layer: TransposedConvLayer<PytorchTransposed>, input: (number | null)[]): TransposedResolution {
  const { kernel, stride, dilation } = layer;
  const { padding, outputPadding, outputSize } = layer.rule;
  const bound = (axis: number) => strideOrDilationBound(stride[axis], dilation[axis]);
  if (!outputSize) {
    // forward() checks output_padding against the bound (ATen); output_size replaces it.
    const tooLarge = outputPadding.some((op, axis) => op >= bound(axis));
    const axes = input.map((size, axis) =>
      size === null
        ? null
        : explicitTransposedAxis(size, kernel[axis], stride[axis], dilation[axis], padding[axis], padding[axis], outputPadding[axis], bound(axis)),
    );
    return { axes, problems: tooLarge ? [outputPaddingTooLarge(layer)] : [] };
  }
  const axes = input.map((size, axis) => {
    if (size === null) return null;
    const [min, max] = outputSizeRange(size, kernel[axis], stride[axis], padding[axis], padding[axis], dilation[axis]);
    const op = Math.min(Math.max(outputSize.sizes[axis] - min, 0), stride[axis] - 1);
    const resolved = explicitTransposedAxis(size, kernel[axis], stride[axis], dilation[axis], padding[axis], padding[axis], op, bound(axis));
    return { ...resolved, reachable: [min, max] as [number, number], knobOffset: 0, requested: outputSize.sizes[axis] };
  });
  const outOfRange = axes.some((axis, index) => {
    const requested = outputSize.sizes[index];
    return axis !== null && (requested < axis.reachable[0] || requested > axis.reachable[1]);
  });
  if (!outOfRange || axes.some((axis) => axis === null)) return { axes, problems: [] };
  const list = (values: number[]) => `[${values.join(', ')}]`;
  const resolved = axes.filter((axis) => axis !== null);
  return {
    axes,
    problems: [
      {
        code: Code.outputSizeUnreachable,
        message:
          `requested an output size of ${list(outputSize.sizes)}, but valid sizes range from ` +
          `${list(resolved.map((axis) => axis.reachable[0]))} to ${list(resolved.map((axis) => axis.reachable[1]))} ` +
          `(for an input of ${list(input as number[])}).`,
        key: 'output_size',
      },
    ],
  };
}

/**
 * `forward(x, output_size=...)`: the spatial sizes, or the sizes with the non-spatial axes
 * (batch and channels, or channels alone for an unbatched input) in front.
 */
function readPytorchOutputSize(params: LayerParams, rank: number, inputRank: number | null): { sizes: number[]; full: boolean } | null {
  if (!params.has('output_size')) return null;
  const nonSpatial = inputRank === rank + 1 ? 1 : 2;
  const values = params.list('output_size', [rank, rank + nonSpatial], repeat(1, rank), { min: -Number.MAX_SAFE_INTEGER });
  return { sizes: values.slice(values.length - rank), full: values.length > rank };
}

function pool(rank: number, quirks: { dilation: boolean; inputAtLeastKernel?: boolean }): LayerBuilder {
  return (params) => {
    params.require('kernel_size', 'the window size');
    const kernel = params.perAxis('kernel_size', rank, 1, POSITIVE);
    const stride = params.has('stride') ? params.perAxis('stride', rank, 1, POSITIVE) : kernel;
    const padding = params.perAxis('padding', rank, 0, NON_NEGATIVE);
    const dilation = quirks.dilation ? params.perAxis('dilation', rank, 1, POSITIVE) : repeat(1, rank);
    if (padding.some((pad, axis) => pad * 2 > kernel[axis])) {
      params.reject(
        params.spanOf('padding'),
        `padding ${padding.join(', ')} is more than half the window ${kernel.join(', ')}. PyTorch raises: "pad should be at most half of kernel size, …".`,
      );
    }
    return {
      op: 'pool',
      rank,
      channelsLast: false,
      kernel,
      stride,
      dilation,
      padding: { kind: 'explicit', begin: padding, end: padding },
      ceilMode: params.boolean('ceil_mode', false),
      acceptsUnbatched: true,
      ...(quirks.inputAtLeastKernel && { inputAtLeastKernel: true }),
    };
  };
}

/** `output_size`: an int or a per-axis tuple whose `None` entries keep the input size. */
function adaptivePool(rank: number): LayerBuilder {
  return (params) => {
    params.require('output_size', 'the output size');
    const value = params.entry('output_size')?.value;
    const withNone = value?.kind === 'list' && value.items.length === rank && value.items.some((item) => item.kind === 'null');
    const size = withNone
      ? value.items.map((item) => {
          if (item.kind === 'null') return null;
          if (item.kind === 'number' && Number.isSafeInteger(item.value) && item.value >= 1) return item.value;
          params.reject(item.span, '`output_size` entries must be positive integers or None.');
          return 1;
        })
      : params.perAxis('output_size', rank, 1, POSITIVE);
    return { op: 'adaptivePool', rank, channelsLast: false, size, acceptsUnbatched: true };
  };
}

function batchNorm(ranks: number[], affineByDefault: boolean): LayerBuilder {
  return (params) => {
    const features = declared(params, 'num_features');
    return {
      op: 'norm',
      channelsLast: false,
      paramsPerChannel: params.boolean('affine', affineByDefault) ? 2 : 0,
      ranks,
      ...(features && { features }),
    };
  };
}

const groupNorm: LayerBuilder = (params) => {
  params.require('num_groups', 'the number of groups');
  const groups = declared(params, 'num_groups');
  const features = declared(params, 'num_channels');
  return {
    op: 'norm',
    channelsLast: false,
    paramsPerChannel: params.boolean('affine', true) ? 2 : 0,
    ranks: [],
    ...(groups && { groups }),
    ...(features && { features }),
  };
};

export const upsample: LayerBuilder = (params, context) => {
  const rank = genericRank(context, params);
  const hasSize = params.has('size');
  const hasScale = params.has('scale_factor');
  if (hasSize === hasScale) {
    params.reject(params.layer.typeSpan, hasSize ? 'only one of size or scale_factor should be defined' : 'either size or scale_factor should be defined');
  }
  return {
    op: 'resize',
    rank,
    channelsLast: false,
    scale: hasScale ? params.perAxis('scale_factor', rank, 1, { min: Number.MIN_VALUE, real: true }) : null,
    size: hasSize ? params.perAxis('size', rank, 1, POSITIVE) : null,
  };
};

const centerCrop: LayerBuilder = (params, context) => {
  const like = params.entry('like')?.value;
  if (like) {
    if (like.kind === 'string' || like.kind === 'number') {
      return { op: 'centerCrop', channelsLast: false, size: null, like: { ref: like.value, key: 'like' } };
    }
    params.reject(like.span, '`like` must name a layer or input.');
  } else if (!params.require('size', 'the output size, or `like: <layer>`')) {
    return { op: 'centerCrop', channelsLast: false, size: null, like: null };
  }
  const rank = genericRank(context, params);
  return { op: 'centerCrop', channelsLast: false, size: params.perAxis('size', rank, 1, POSITIVE), like: null };
};

const linear: LayerBuilder = (params) => {
  params.require('out_features', 'the number of output features');
  const inFeatures = declared(params, 'in_features');
  return {
    op: 'dense',
    units: params.number('out_features', 1, POSITIVE),
    bias: params.boolean('bias', true),
    acceptsVector: true,
    ...(inFeatures && { inFeatures }),
  };
};

/** The same signature for the 1-, 2- and 3-D variants `name(rank)`. */
function everyRank(name: (rank: number) => string, signature: CallSignature): Record<string, CallSignature> {
  return Object.fromEntries([1, 2, 3].map((rank) => [name(rank), signature]));
}

/** The same signature for several layer types. */
function each(types: readonly string[], signature: CallSignature): Record<string, CallSignature> {
  return Object.fromEntries(types.map((type) => [type, signature]));
}


/**
 * The constructor signatures of torch.nn (torch 1.13, `inspect.signature`), checked against
 * test/fixtures/pytorch/signatures.json. `Concat`, `Add` and `CenterCrop` are ConvLens's own and
 * take keywords only.
 */
const SIGNATURES: Record<string, CallSignature> = {
  ...everyRank(
    (rank) => `Conv${rank}d`,
    pythonSignature("in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None"),
  ),
  ...everyRank(
    (rank) => `ConvTranspose${rank}d`,
    pythonSignature(
      "in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None",
    ),
  ),
  ...everyRank((rank) => `MaxPool${rank}d`, pythonSignature('kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False', '_MaxPoolNd')),
  AvgPool1d: pythonSignature('kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True'),
  ...each(['AvgPool2d', 'AvgPool3d'], pythonSignature('kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None')),
  ...everyRank((rank) => `AdaptiveAvgPool${rank}d`, pythonSignature('output_size', '_AdaptiveAvgPoolNd')),
  ...everyRank((rank) => `AdaptiveMaxPool${rank}d`, pythonSignature('output_size, return_indices=False', '_AdaptiveMaxPoolNd')),
  ...everyRank(
    (rank) => `BatchNorm${rank}d`,
    pythonSignature('num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None', '_BatchNorm'),
  ),
  ...everyRank(
    (rank) => `InstanceNorm${rank}d`,
    pythonSignature('num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, device=None, dtype=None', '_InstanceNorm'),
  ),
  GroupNorm: pythonSignature('num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None'),
  Upsample: pythonSignature("size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None"),
  Linear: pythonSignature('in_features, out_features, bias=True, device=None, dtype=None'),
  ...PYTORCH_SPATIAL_SIGNATURES,
};

/** The PyTorch vocabulary. */
export const pytorch: FrameworkVocabulary = {
  framework: 'pytorch',
  label: 'PyTorch',
  outputTooSmall: (type, input, output) =>
    `${type}: the output would be ${output.join('x')} for an input of ${input.join('x')}; every size must be at least 1. PyTorch raises a RuntimeError (output size too small).`,
  upsampleThenConv: (layer, outChannels) => [
    { type: 'Upsample', params: [['scale_factor', compact(layer.stride)], ['mode', 'nearest']] },
    {
      type: `Conv${layer.rank}d`,
      params: [['out_channels', outChannels], ['kernel_size', compact(layer.kernel)], ['padding', 'same']],
    },
  ],
  preview: { writable: ['kernel', 'stride', 'padding', 'outputPadding', 'dilation'], notes: [], padding: 'symmetric', paddingWritten: 'begins', listsOnly: false },
  callWording: pythonCallWording,
  resolveTransposed,
  layers: {
    ...signedEntries({
      ...byRank((rank) => `Conv${rank}d`, conv),
      ...byRank((rank) => `ConvTranspose${rank}d`, convTranspose),
      // torch 1.13: max_pool1d accepts an empty output; avg_pool3d wants the unpadded input ≥ kernel.
      ...byRank((rank) => `MaxPool${rank}d`, (rank) => pool(rank, { dilation: true })),
      ...byRank((rank) => `AvgPool${rank}d`, (rank) => pool(rank, { dilation: false, inputAtLeastKernel: rank === 3 })),
      ...byRank((rank) => [`AdaptiveAvgPool${rank}d`, `AdaptiveMaxPool${rank}d`], adaptivePool),
      ...byRank((rank) => `BatchNorm${rank}d`, (rank) => batchNorm(rank === 1 ? [2, 3] : [rank + 2], true)),
      ...byRank((rank) => `InstanceNorm${rank}d`, (rank) => batchNorm(rank === 1 ? [2, 3] : [rank + 1, rank + 2], false)),
      GroupNorm: groupNorm,
      Upsample: upsample,
      Linear: linear,
      Concat: (params) => ({ op: 'concat', channelsLast: false, axis: params.number('dim', 1), axisKey: 'dim' }),
      Add: add(false),
      CenterCrop: centerCrop,
      ...pytorchSpatialLayers,
    }, SIGNATURES),
    ...PYTORCH_TENSOR_LAYERS,
    ...PYTORCH_SEQUENCE_LAYERS,
  },
};
