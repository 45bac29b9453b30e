/**
 * The spatial family of torch.nn (torch 1.13, and the 2.x additions `ZeroPad1d/3d`,
 * `CircularPad1d-3d`, `LPPool3d`): padding layers, PixelShuffle/PixelUnshuffle, ChannelShuffle,
 * UpsamplingNearest2d/UpsamplingBilinear2d, LPPool, MaxUnpool, FractionalMaxPool, Fold/Unfold,
 * and the lazy convolutions (`LazyConv*d`, `LazyConvTranspose*d`).
 * Checks and messages are PyTorch's own (test/fixtures/pytorch/spatial.json); docs/frameworks/pytorch.md.
 */
import type { LayerBuilder } from '../../engine/canonical';
import { type LayerParams, POSITIVE } from '../../engine/params';
import type { RankRange } from '../../engine/rules/spatial';
import { repeat } from '../../engine/shapes';
import type { CallSignature } from '../../engine/signature';
import { byRank, pythonSignature, spellings } from '../common';
import { conv, convTranspose, upsample } from '../pytorch';

const ANY_INTEGER = { min: -Number.MAX_SAFE_INTEGER };

/**
 * `padding`: an int for every side, or `2·rank` values, last axis first: `(left, right, top,
 * bottom, front, back)`. Constant pads also take fewer pairs (torch keeps the tuple as given, and
 * `F.pad` pads that many last axes); `begin`/`end` are for the padded axes in shape order.
 */
function readPadding(params: LayerParams, rank: number, constant: boolean): { begin: number[]; end: number[] } {
  params.require('padding', 'the padding of every side');
  const lengths = constant ? Array.from({ length: rank }, (_, pairs) => 2 * (pairs + 1)) : [2 * rank];
  const sides = params.list('padding', lengths, repeat(0, 2 * rank), { ...ANY_INTEGER, scalarLength: 2 * rank });
  const axes = sides.length / 2;
  const begin: number[] = [];
  const end: number[] = [];
  for (let axis = 0; axis < axes; axis++) {
    const side = 2 * (axes - 1 - axis);
    begin.push(sides[side]);
    end.push(sides[side + 1]);
  }
  return { begin, end };
}

type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** The input ranks `F.pad` accepts for a `rank`-D padding layer: constant pads any rank from `rank`, the others batch mode or not. */
function padRanks(rank: number, mode: PadMode): RankRange {
  if (mode === 'constant') return { min: rank, max: null, message: `padding ${2 * rank} values needs at least ${rank} dimensions; the input is {rank}-D {shape}. PyTorch raises: "Padding length too large".` };
  return {
    min: rank + 1,
    max: rank + 2,
    message: `expects a ${rank + 1}-D or ${rank + 2}-D (batch mode) input; its input is {rank}-D {shape}. PyTorch raises a RuntimeError.`,
  };
}

const REFLECT_MESSAGE =
  'Padding size should be less than the corresponding input dimension, but got: padding ({begin}, {end}) at dimension {dim} of input {shape}.';

function pad(mode: PadMode): (rank: number) => LayerBuilder {
  return (rank) => (params) => {
    if (mode === 'constant' && params.layer.type.startsWith('ConstantPad')) params.require('value', 'the fill value');
    const within =
      mode === 'reflect'
        ? { bound: 'below' as const, key: 'padding', message: REFLECT_MESSAGE }
        : mode === 'circular'
          ? { bound: 'upTo' as const, key: 'padding', message: 'Padding value causes wrapping around more than once.' }
          : null;
    const sides = readPadding(params, rank, mode === 'constant');
    return { op: 'pad', ...sides, ranks: padRanks(mode === 'constant' ? sides.begin.length : rank, mode), within };
  };
}

/** PixelShuffle / PixelUnshuffle on `[*, C, H, W]`. */
function pixelShuffle(direction: 'toSpace' | 'toDepth'): LayerBuilder {
  const [key, name] = direction === 'toSpace' ? ['upscale_factor', 'pixel_shuffle'] : ['downscale_factor', 'pixel_unshuffle'];
  return (params) => {
    params.require(key, 'the block size');
    return {
      op: 'depthToSpace',
      direction,
      factor: params.number(key, 1, POSITIVE),
      ranks: { min: 3, max: null, message: `${name} expects input to have at least 3 dimensions, but got input with {rank} dimension(s).` },
      message:
        direction === 'toSpace'
          ? `${name} expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)={channels} is not divisible by {square}.`
          : `${name} expects {axis} to be divisible by downscale_factor, but input.size({position})={size} is not divisible by {factor}.`,
    };
  };
}

/** LPPool: `avg_pool` of the p-th powers, without padding. */
function lpPool(rank: number): LayerBuilder {
  return (params) => {
    params.require('norm_type', 'the power p');
    params.require('kernel_size', 'the window size');
    const kernel = params.perAxis('kernel_size', rank, 1, POSITIVE);
    return {
      op: 'pool',
      rank,
      channelsLast: false,
      kernel,
      stride: params.has('stride') ? params.perAxis('stride', rank, 1, POSITIVE) : kernel,
      dilation: repeat(1, rank),
      padding: { kind: 'explicit', begin: repeat(0, rank), end: repeat(0, rank) },
      ceilMode: params.boolean('ceil_mode', false),
      acceptsUnbatched: true,
    };
  };
}

/** MaxUnpool, with `forward(x, indices, output_size=...)` given as `output_size` (spatial, or with batch and channels). */
function maxUnpool(rank: number): LayerBuilder {
  return (params) => {
    params.require('kernel_size', 'the window size');
    const kernel = params.perAxis('kernel_size', rank, 1, POSITIVE);
    const padding = params.perAxis('padding', rank, 0, { min: 0 });
    const sizes = params.has('output_size') ? params.list('output_size', [rank, rank + 1, rank + 2], repeat(1, rank), ANY_INTEGER).slice(-rank) : null;
    return {
      op: 'unpool',
      rank,
      acceptsUnbatched: true,
      kernel,
      stride: params.has('stride') ? params.perAxis('stride', rank, 1, POSITIVE) : kernel,
      padBegin: padding,
      padEnd: padding,
      outputSize: sizes && {
        sizes,
        key: 'output_size',
        message: 'invalid output_size "{sizes}" (dim {axis} must be between {low} and {high}).',
        accepts: 'nearNatural',
      },
    };
  };
}

function fractionalMaxPool(rank: number): LayerBuilder {
  return (params, context) => {
    params.require('kernel_size', 'the window size');
    const hasSize = params.has('output_size');
    const hasRatio = params.has('output_ratio');
    if (hasSize === hasRatio) {
      params.reject(
        params.layer.typeSpan,
        hasSize ? 'only one of output_size and output_ratio may be specified' : `${context.type} requires specifying either an output size, or a pooling ratio`,
      );
    }
    const ratio = hasRatio ? params.perAxis('output_ratio', rank, 0.5, { min: Number.MIN_VALUE, real: true }) : null;
    const outside = ratio?.find((value) => value >= 1);
    if (outside !== undefined) params.reject(params.spanOf('output_ratio'), `output_ratio must be between 0 and 1 (got ${outside})`);
    return {
      op: 'fractionalPool',
      rank,
      acceptsUnbatched: true,
      kernel: params.perAxis('kernel_size', rank, 1, POSITIVE),
      size: hasSize ? params.perAxis('output_size', rank, 1, POSITIVE) : null,
      ratio,
      strictFit: rank === 3,
      axisWords: rank === 3 ? ['time', 'height', 'width'] : ['height', 'width'],
      message: `fractional_max_pool${rank}d${rank === 3 ? '_out' : ''}(): pool {axis} {kernel} too large relative to input {axis} {size}.`,
    };
  };
}

/** kernel_size, dilation, padding, stride of Fold/Unfold (two spatial axes). */
function blockGeometry(params: LayerParams) {
  params.require('kernel_size', 'the block size');
  return {
    kernel: params.perAxis('kernel_size', 2, 1, POSITIVE),
    dilation: params.perAxis('dilation', 2, 1, POSITIVE),
    padding: params.perAxis('padding', 2, 0, { min: 0 }),
    stride: params.perAxis('stride', 2, 1, POSITIVE),
  };
}

const unfold: LayerBuilder = (params) => ({
  op: 'unfold',
  ...blockGeometry(params),
  ranks: { min: 3, max: 4, message: 'Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: {shape}.' },
  message:
    'Given input with spatial size ({size}), kernel_size=({kernel}), dilation=({dilation}), padding=({padding}), calculated shape of the array of sliding blocks as ({blocks}), but its components must be at least one.',
});

const fold: LayerBuilder = (params) => {
  params.require('output_size', 'the output size');
  return {
    op: 'fold',
    outputSize: params.perAxis('output_size', 2, 1, POSITIVE),
    ...blockGeometry(params),
    ranks: { min: 2, max: 3, message: 'Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and non-zero dimensions for input, but got: {shape}.' },
    messages: {
      divisible: "Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)={got} and kernel_size=({kernel}).",
      blocks:
        "Given output_size=({output}), kernel_size=({kernel}), dilation=({dilation}), padding=({padding}), stride=({stride}), expected size of input's dimension 2 to match the calculated number of sliding blocks {blocks}, but got input.size(2)={got}.",
    },
  };
};

/** ChannelShuffle on `[N, C, *]`: the channels must split into `groups`. */
const channelShuffle: LayerBuilder = (params) => {
  params.require('groups', 'the number of groups');
  return {
    op: 'channelShuffle',
    groups: params.number('groups', 1, POSITIVE),
    groupsKey: 'groups',
    ranks: { min: 3, max: null, message: 'channel_shuffle expects input with > 2 dims, but got input with sizes {shape}.' },
    message: 'Number of channels must be divisible by groups. Got {channels} channels and {groups} groups.',
  };
};

/** The same signature for the 1-, 2- and 3-D variants `name(rank)`. */
function everyRank(name: (rank: number) => string, signature: CallSignature, ranks = [1, 2, 3]): Record<string, CallSignature> {
  return Object.fromEntries(ranks.map((rank) => [name(rank), signature]));
}

const PADDING = pythonSignature('padding');
const RESIZE = pythonSignature('size=None, scale_factor=None');

/** Constructor signatures: torch 1.13's `inspect.signature` (test/fixtures/pytorch/signatures-spatial.json), the 2.x additions from the 2.x documentation. */
export const PYTORCH_SPATIAL_SIGNATURES: Record<string, CallSignature> = {
  ...everyRank((rank) => `ZeroPad${rank}d`, PADDING),
  ...everyRank((rank) => `ConstantPad${rank}d`, pythonSignature('padding, value')),
  ...everyRank((rank) => `ReflectionPad${rank}d`, PADDING),
  ...everyRank((rank) => `ReplicationPad${rank}d`, PADDING),
  ...everyRank((rank) => `CircularPad${rank}d`, PADDING),
  PixelShuffle: pythonSignature('upscale_factor'),
  PixelUnshuffle: pythonSignature('downscale_factor'),
  ChannelShuffle: pythonSignature('groups'),
  UpsamplingNearest2d: RESIZE,
  UpsamplingBilinear2d: RESIZE,
  ...everyRank((rank) => `LPPool${rank}d`, pythonSignature('norm_type, kernel_size, stride=None, ceil_mode=False', '_LPPoolNd')),
  ...everyRank((rank) => `MaxUnpool${rank}d`, pythonSignature('kernel_size, stride=None, padding=0')),
  ...everyRank(
    (rank) => `FractionalMaxPool${rank}d`,
    pythonSignature('kernel_size, output_size=None, output_ratio=None, return_indices=False, _random_samples=None'),
    [2, 3],
  ),
  ...everyRank(
    (rank) => `LazyConv${rank}d`,
    pythonSignature("out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None"),
  ),
  ...everyRank(
    (rank) => `LazyConvTranspose${rank}d`,
    pythonSignature("out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None"),
  ),
  Fold: pythonSignature('output_size, kernel_size, dilation=1, padding=0, stride=1'),
  Unfold: pythonSignature('kernel_size, dilation=1, padding=0, stride=1'),
};

/** The types of this family that torch 1.13 lacks (added in 2.x): their signatures come from the 2.x documentation. */
export const TORCH_2_ADDITIONS = ['ZeroPad1d', 'ZeroPad3d', 'CircularPad1d', 'CircularPad2d', 'CircularPad3d', 'LPPool3d'];

/** The spatial family's layers of the PyTorch vocabulary. */
export const pytorchSpatialLayers: Record<string, LayerBuilder> = {
  ...byRank((rank) => [`ZeroPad${rank}d`, `ConstantPad${rank}d`], pad('constant')),
  ...byRank((rank) => `ReflectionPad${rank}d`, pad('reflect')),
  ...byRank((rank) => `ReplicationPad${rank}d`, pad('replicate')),
  ...byRank((rank) => `CircularPad${rank}d`, pad('circular')),
  PixelShuffle: pixelShuffle('toSpace'),
  PixelUnshuffle: pixelShuffle('toDepth'),
  ChannelShuffle: channelShuffle,
  // F.interpolate: the nearest mode takes any rank; the bilinear mode needs 2 spatial axes.
  UpsamplingNearest2d: (params, context) => upsample(params, context),
  UpsamplingBilinear2d: (params, context) => upsample(params, { ...context, spatialRank: 2 }),
  ...byRank((rank) => `LPPool${rank}d`, lpPool),
  ...byRank((rank) => `MaxUnpool${rank}d`, maxUnpool),
  ...spellings(['FractionalMaxPool2d'], fractionalMaxPool(2)),
  ...spellings(['FractionalMaxPool3d'], fractionalMaxPool(3)),
  Fold: fold,
  Unfold: unfold,
  // in_channels come from the first input, as PyTorch initialises a lazy module.
  ...byRank((rank) => `LazyConv${rank}d`, (rank) => (params, context) => conv(rank)(params, context)),
  ...byRank((rank) => `LazyConvTranspose${rank}d`, (rank) => (params, context) => convTranspose(rank)(params, context)),
};
