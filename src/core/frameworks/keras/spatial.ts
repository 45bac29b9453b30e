/**
 * The spatial family of Keras 3 (`keras.layers`) and TF.js 4.22 (`tf.layers`), which share their
 * semantics: depthwise and separable convolutions, convolutional LSTMs, `CenterCrop`, `Resizing`,
 * and the aliases of pooling and convolution layers. Checked against TF.js
 * (test/fixtures/tfjs/spatial.json); docs/frameworks/keras.md and tfjs.md.
 */
import { Code } from '../../diagnostics';
import type { ConvLayer, LayerBuilder } from '../../engine/canonical';
import { type LayerParams, type ParamKey, POSITIVE } from '../../engine/params';
import { repeat } from '../../engine/shapes';
import { convLayer } from '../common';
import { kerasConvCommon, kerasFamilyLayers, kerasLayout, kerasPaddingMode, refuseStridedDilation, type KerasSpelling } from '../kerasFamily';

/** Parameter spellings of this family beyond {@link KerasSpelling}. */
interface SpatialSpelling {
  depthMultiplier: ParamKey;
  returnSequences: ParamKey;
  /** TF.js's DepthwiseConv2D drops `dilationRate` (its SeparableConv2D applies it). */
  depthwiseIgnoresDilation: boolean;
}

const SPELLINGS: Record<'keras' | 'tfjs', SpatialSpelling> = {
  keras: { depthMultiplier: 'depth_multiplier', returnSequences: 'return_sequences', depthwiseIgnoresDilation: false },
  tfjs: { depthMultiplier: ['depthMultiplier', 'depth_multiplier'], returnSequences: ['returnSequences', 'return_sequences'], depthwiseIgnoresDilation: true },
};

/** The Keras class names each framework has (TF.js: only its factories' layers). */
const BASES: Record<'keras' | 'tfjs', readonly string[]> = {
  keras: [
    ...[1, 2].flatMap((rank) => [`DepthwiseConv${rank}D`, `SeparableConv${rank}D`, `SeparableConvolution${rank}D`]),
    ...[1, 2, 3].flatMap((rank) => [`ConvLSTM${rank}D`, `Convolution${rank}D`, `GlobalAvgPool${rank}D`, `GlobalMaxPool${rank}D`]),
    'CenterCrop',
    'RandomCrop',
    'Resizing',
  ],
  tfjs: [
    'DepthwiseConv2D',
    'SeparableConv2D',
    'ConvLSTM2D',
    'CenterCrop',
    'Resizing',
    ...[1, 2, 3].map((rank) => `AvgPooling${rank}D`),
    ...[1, 2].map((rank) => `GlobalMaxPool${rank}D`),
  ],
};

/** `'valid'` or `'same'` padding of a window (no `'causal'` here). */
function windowPadding(params: LayerParams, spelling: KerasSpelling): ConvLayer['padding'] {
  return kerasPaddingMode(params, spelling, false) === 'same' ? { kind: 'same', odd: 'end' } : { kind: 'valid' };
}

/**
 * The depthwise window: kernel, strides, dilation, padding, bias; channels come from the input.
 * `ignoresDilation`: TF.js 4.22's DepthwiseConv2D accepts `dilationRate` and convolves without it.
 */
function depthwiseWindow(params: LayerParams, spelling: KerasSpelling, rank: number, type: string, ignoresDilation: boolean): ConvLayer {
  params.require(spelling.kernel, 'the kernel size');
  const kernel = params.perAxis(spelling.kernel, rank, 1, POSITIVE);
  const stride = params.perAxis(spelling.strides, rank, POSITIVE);
  let dilation = params.perAxis(spelling.dilation, rank, POSITIVE);
  if (ignoresDilation) {
    if (dilation.some((value) => value > 1)) {
      params.report(
        { code: Code.ignoredParameter, message: `TF.js ${type} ignores dilationRate: it convolves with dilation 1, and the output shape is that of dilation 1.`, span: params.spanOf(spelling.dilation) },
        false,
      );
    }
    dilation = repeat(1, rank);
  }
  refuseStridedDilation(params, spelling, stride, dilation, type);
  const keys = { outChannels: spelling.filters, inChannels: spelling.inChannels, kernel: spelling.kernel, stride: spelling.strides, dilation: spelling.dilation, groups: spelling.groups, bias: spelling.useBias };
  const common = { keys, rank, channelsLast: kerasLayout(params, spelling), kernel, stride, dilation, groups: 1, outChannels: null, bias: params.boolean(spelling.useBias) };
  return convLayer(common, { padding: windowPadding(params, spelling) });
}

function depthwiseConv(spelling: KerasSpelling, extra: SpatialSpelling, rank: number, separable: boolean): LayerBuilder {
  return (params, context) => {
    if (separable) params.require(spelling.filters, 'the number of output channels');
    const conv = depthwiseWindow(params, spelling, rank, context.type, extra.depthwiseIgnoresDilation && !separable);
    return {
      op: 'depthwiseConv',
      conv,
      multiplier: params.number(extra.depthMultiplier, POSITIVE),
      pointwise: separable ? { filters: params.number(spelling.filters, 1, POSITIVE), bias: conv.bias } : null,
    };
  };
}

/** ConvLSTM over `[N, T, *spatial, C]`: one step is a Keras convolution of the input. */
function convLstm(spelling: KerasSpelling, extra: SpatialSpelling, rank: number): LayerBuilder {
  return (params, context) => {
    const common = kerasConvCommon(params, rank, spelling);
    refuseStridedDilation(params, spelling, common.stride, common.dilation, context.type);
    return { op: 'convLstm', conv: convLayer(common, { padding: windowPadding(params, spelling) }), returnSequences: params.boolean(extra.returnSequences) };
  };
}

/** The target `height` and `width` of CenterCrop and Resizing. */
function targetSize(params: LayerParams): number[] {
  params.require('height', 'the output height');
  params.require('width', 'the output width');
  return [params.number('height', 1, POSITIVE), params.number('width', 1, POSITIVE)];
}

/**
 * The spatial family's layers for Keras (`framework` 'keras') or TF.js, under the type names
 * `names(base)` gives for each Keras class name.
 */
export function kerasSpatialLayers(spelling: KerasSpelling, framework: 'keras' | 'tfjs', names: (base: string) => readonly string[]): Record<string, LayerBuilder> {
  const extra = SPELLINGS[framework];
  const family = kerasFamilyLayers(spelling, (base) => [base]);
  const resizing: LayerBuilder = (params) => ({ op: 'resize', rank: 2, channelsLast: kerasLayout(params, spelling), scale: null, size: targetSize(params) });
  const builders: Record<string, LayerBuilder> = {
    Resizing: resizing,
    // CenterCrop resizes where the input is smaller than the target, RandomCrop crops at random
    // (training) or like CenterCrop (inference): the output is always the target.
    CenterCrop: resizing,
    RandomCrop: resizing,
  };
  for (const rank of [1, 2, 3]) {
    builders[`DepthwiseConv${rank}D`] = depthwiseConv(spelling, extra, rank, false);
    builders[`SeparableConv${rank}D`] = depthwiseConv(spelling, extra, rank, true);
    builders[`SeparableConvolution${rank}D`] = builders[`SeparableConv${rank}D`];
    builders[`ConvLSTM${rank}D`] = convLstm(spelling, extra, rank);
    builders[`Convolution${rank}D`] = family[`Conv${rank}D`];
    builders[`GlobalAvgPool${rank}D`] = family[`GlobalAveragePooling${rank}D`];
    builders[`GlobalMaxPool${rank}D`] = family[`GlobalMaxPooling${rank}D`];
    builders[`AvgPooling${rank}D`] = family[`AveragePooling${rank}D`];
  }
  const table: Record<string, LayerBuilder> = {};
  for (const base of BASES[framework]) for (const name of names(base)) table[name] = builders[base];
  return table;
}
