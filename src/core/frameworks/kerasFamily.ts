/**
 * Layers Keras and TF.js share (TF.js layers are a port of Keras): the same semantics under
 * different parameter spellings (`kernel_size` / `kernelSize`). Channels-last by default.
 */
import { Code } from '../diagnostics';
import type { BuildContext, CanonicalLayer, LayerBuilder, SpatialPadding } from '../engine/canonical';
import { type LayerParams, NON_NEGATIVE, type ParamKey, POSITIVE } from '../engine/params';
import { repeat } from '../engine/shapes';
import type { DefaultValue } from '../engine/signature';
import { byRank, convLayer, declared, readConvCommon, readLayout, spellings, tuple, type LayoutSpellings } from './common';

/** The parameter spellings of one member of the family. */
export interface KerasSpelling {
  label: string;
  filters: ParamKey;
  inChannels: ParamKey;
  kernel: ParamKey;
  strides: ParamKey;
  padding: ParamKey;
  dataFormat: ParamKey;
  dilation: ParamKey;
  groups: ParamKey;
  useBias: ParamKey;
  poolSize: ParamKey;
  size: ParamKey;
  units: ParamKey;
  targetShape: ParamKey;
  axis: ParamKey;
  cropping: ParamKey;
  center: ParamKey;
  scale: ParamKey;
  keepDims: ParamKey;
  layout: LayoutSpellings;
  /**
   * `UpSampling*D`'s `size` must be a list: TF.js 4.22 indexes it (`this.size[0] * rows`), so a
   * number gives NaN sizes where Keras repeats it on every axis.
   */
  sizeListOnly?: boolean;
}

/** Layout from `data_format` / `dataFormat`. */
export function kerasLayout(params: LayerParams, spelling: KerasSpelling): boolean {
  return readLayout(params, spelling.dataFormat, spelling.layout, true);
}

const PADDING_MODES = ['valid', 'same'] as const;
const PADDING_MODES_1D = ['valid', 'same', 'causal'] as const;

/** `'valid'` or `'same'` (and `'causal'` for 1-D convolutions). */
export function kerasPaddingMode(params: LayerParams, spelling: KerasSpelling, causal: boolean): 'valid' | 'same' | 'causal' {
  return params.choice(spelling.padding, causal ? PADDING_MODES_1D : PADDING_MODES);
}

/** Keras refuses `strides > 1` together with `dilation_rate > 1`. */
export function refuseStridedDilation(params: LayerParams, spelling: KerasSpelling, stride: number[], dilation: number[], type: string): void {
  if (stride.some((value) => value > 1) && dilation.some((value) => value > 1)) {
    params.report({
      code: Code.unsupportedCombination,
      message: `\`strides > 1\` not supported in conjunction with \`dilation_rate > 1\` (${type}). Received: strides=${tuple(stride)} and dilation_rate=${tuple(dilation)}. Use stride 1 or dilation 1.`,
      span: params.spanOf(spelling.dilation),
    });
  }
}

/** The shared parameters of Keras-style convolutions and transposed convolutions. */
export function kerasConvCommon(params: LayerParams, rank: number, spelling: KerasSpelling) {
  return readConvCommon(
    params,
    rank,
    {
      outChannels: spelling.filters,
      inChannels: spelling.inChannels,
      kernel: spelling.kernel,
      stride: spelling.strides,
      dilation: spelling.dilation,
      groups: spelling.groups,
      bias: spelling.useBias,
    },
    kerasLayout(params, spelling),
  );
}

function conv(spelling: KerasSpelling, rank: number): LayerBuilder {
  return (params, context): CanonicalLayer => {
    const common = kerasConvCommon(params, rank, spelling);
    refuseStridedDilation(params, spelling, common.stride, common.dilation, context.type);
    const mode = kerasPaddingMode(params, spelling, rank === 1);
    const padding: SpatialPadding =
      mode === 'causal'
        ? { kind: 'explicit', begin: common.kernel.map((kernel, axis) => common.dilation[axis] * (kernel - 1)), end: [0] }
        : mode === 'same'
          ? { kind: 'same', odd: 'end' }
          : { kind: 'valid' };
    return convLayer(common, { padding });
  };
}

function pool(spelling: KerasSpelling, rank: number): LayerBuilder {
  return (params) => {
    const kernel = params.perAxis(spelling.poolSize, rank, POSITIVE);
    // strides=None (the default): the window.
    const stride = params.has(spelling.strides) ? params.perAxis(spelling.strides, rank, 1, POSITIVE) : kernel;
    const same = kerasPaddingMode(params, spelling, false) === 'same';
    return {
      op: 'pool',
      rank,
      channelsLast: kerasLayout(params, spelling),
      kernel,
      stride,
      dilation: repeat(1, rank),
      padding: same ? { kind: 'same', odd: 'end' } : { kind: 'valid' },
      ceilMode: false,
    };
  };
}

/** The (begin, end) sides of every axis a Cropping/ZeroPadding default gives: an int, one per axis, or pairs per axis. */
function borderDefault(value: DefaultValue, rank: number): { begin: number[]; end: number[] } {
  const sides = Array.isArray(value) ? value : repeat(value as number, rank);
  const begin = sides.map((side) => (Array.isArray(side) ? side[0] : side) as number);
  const end = sides.map((side) => (Array.isArray(side) ? side[1] : side) as number);
  return { begin, end };
}

const INVALID = -1;

/** `cropping` / `padding` of Cropping/ZeroPadding: int, per axis, or per axis (begin, end); the signature's default when absent or invalid. */
function readBorder(params: LayerParams, key: ParamKey, rank: number): { begin: number[]; end: number[] } {
  const value = params.entry(key)?.value;
  const fallback = () => (params.hasDefault(key) ? borderDefault(params.defaultOf(key), rank) : { begin: repeat(0, rank), end: repeat(0, rank) });
  // TF.js's Cropping2D has no default `cropping`, and refuses a layer without one.
  if (!value && !params.hasDefault(key)) params.require(key, 'the border of every side');
  if (!value) return fallback();
  if (value.kind === 'list' && value.items.length === rank && value.items.some((item) => item.kind === 'list')) {
    const begin: number[] = [];
    const end: number[] = [];
    for (const item of value.items) {
      if (item.kind === 'list' && item.items.length === 2 && item.items.every((side) => side.kind === 'number' && Number.isSafeInteger(side.value) && side.value >= 0)) {
        begin.push((item.items[0] as { value: number }).value);
        end.push((item.items[1] as { value: number }).value);
      } else {
        params.reject(item.span, 'each axis needs a pair (begin, end) of non-negative integers.');
        return fallback();
      }
    }
    return { begin, end };
  }
  // INVALID stands in for an invalid value (a valid one is non-negative); the default then applies.
  if (rank === 1 && value.kind === 'list' && value.items.length === 2) {
    const [begin, end] = params.list(key, [2], [INVALID, INVALID], NON_NEGATIVE);
    return begin === INVALID ? fallback() : { begin: [begin], end: [end] };
  }
  const both = params.perAxis(key, rank, INVALID, NON_NEGATIVE);
  return both[0] === INVALID ? fallback() : { begin: both, end: both };
}

function border(spelling: KerasSpelling, key: ParamKey, rank: number, sign: 1 | -1): LayerBuilder {
  return (params) => ({ op: 'border', rank, channelsLast: kerasLayout(params, spelling), sign, ...readBorder(params, key, rank) });
}

function channelAxisLayout(params: LayerParams, spelling: KerasSpelling, context: BuildContext): boolean {
  const axis = params.number(spelling.axis);
  if (axis === -1) return true;
  if (axis === 1) return false;
  if (context.spatialRank !== null && axis === context.spatialRank + 1) return true;
  params.reject(params.spanOf(spelling.axis), '`axis` must be the channel axis (-1 or 1); ConvLens does not model other axes.');
  return true;
}

/** The layers every member of the family spells the same way apart from parameter names. */
export function kerasFamilyLayers(spelling: KerasSpelling, names: (base: string) => readonly string[]): Record<string, LayerBuilder> {
  const named = (base: string, builder: LayerBuilder) => spellings(names(base), builder);
  const elementwise: LayerBuilder = () => ({ op: 'elementwise' });
  return {
    ...byRank((rank) => names(`Conv${rank}D`), (rank) => conv(spelling, rank)),
    ...byRank((rank) => [...names(`MaxPooling${rank}D`), ...names(`MaxPool${rank}D`)], (rank) => pool(spelling, rank)),
    ...byRank((rank) => [...names(`AveragePooling${rank}D`), ...names(`AvgPool${rank}D`)], (rank) => pool(spelling, rank)),
    ...byRank(
      (rank) => [...names(`GlobalAveragePooling${rank}D`), ...names(`GlobalMaxPooling${rank}D`)],
      (rank) => (params) => ({ op: 'globalPool', rank, channelsLast: kerasLayout(params, spelling), keepDims: params.boolean(spelling.keepDims) }),
    ),
    ...byRank(
      (rank) => names(`UpSampling${rank}D`),
      (rank) => (params, context) => {
        const size = params.entry(spelling.size);
        if (spelling.sizeListOnly && size && size.value.kind === 'number') {
          params.reject(
            size.value.span,
            `${spelling.label} ${context.type} reads \`size\` as a list ([rows, cols]): the number ${size.value.value} makes TF.js compute NaN sizes. Write [${size.value.value}, ${size.value.value}].`,
          );
        }
        return { op: 'resize', rank, channelsLast: kerasLayout(params, spelling), scale: params.perAxis(spelling.size, rank, POSITIVE), size: null };
      },
    ),
    ...byRank((rank) => names(`Cropping${rank}D`), (rank) => border(spelling, spelling.cropping, rank, -1)),
    ...byRank((rank) => names(`ZeroPadding${rank}D`), (rank) => border(spelling, spelling.padding, rank, 1)),
    ...named('BatchNormalization', (params, context) => ({
      op: 'norm',
      channelsLast: channelAxisLayout(params, spelling, context),
      paramsPerChannel: (params.boolean(spelling.center) ? 1 : 0) + (params.boolean(spelling.scale) ? 1 : 0),
      ranks: [],
    })),
    ...named('InputLayer', elementwise),
    ...named('Flatten', () => ({ op: 'flatten', startDim: 1, endDim: -1 })),
    ...named('Dense', (params) => {
      params.require(spelling.units, 'the number of output units');
      const inFeatures = declared(params, spelling.inChannels);
      return { op: 'dense', units: params.size(spelling.units, 1, POSITIVE), bias: params.boolean(spelling.useBias), ...(inFeatures && { inFeatures }) };
    }),
    ...named('Reshape', (params) => {
      params.require(spelling.targetShape, 'the output shape without the batch axis');
      const value = params.entry(spelling.targetShape)?.value;
      const target = value?.kind === 'list' ? params.sizeList(spelling.targetShape, [value.items.length], [], { min: -1 }) : [];
      if (target.some((dim) => dim === 0) || target.filter((dim) => dim === -1).length > 1) {
        params.reject(params.spanOf(spelling.targetShape), 'the target shape needs positive sizes and at most one -1.');
      }
      if (value && value.kind !== 'list' && value.kind !== 'unknown') params.reject(value.span, 'the target shape must be a list.');
      return { op: 'reshape', target, targetKey: spelling.targetShape, keepsBatch: true };
    }),
    ...named('Concatenate', (params) => ({ op: 'concat', channelsLast: true, axis: params.number(spelling.axis), axisKey: spelling.axis })),
  };
}
