/**
 * TensorFlow core vocabulary (`tf.nn`): weights given by `filter_shape` (`[h, w, in, out]` for
 * convolutions, `[h, w, out, in]` for transposed ones), `'SAME'`/`'VALID'`, NHWC by default, and
 * `conv*_transpose` with a required `output_shape` that must convolve back to the input.
 * docs/frameworks/tensorflow.md.
 */
import { Code } from '../diagnostics';
import type { ConvCommon, ConvKeys, Declared, FrameworkVocabulary, LayerBuilder, TransposedConvLayer, TransposedResolution } from '../engine/canonical';
import { effectiveKernelSize } from '../convArithmetic';
import { type LayerParams, POSITIVE } from '../engine/params';
import { repeat } from '../engine/shapes';
import {
  convLayer,
  elementwise,
  layoutSpellings,
  outputSizeKnob,
  readLayout,
  readOutputSize,
  spellings,
  tfStyleTransposedAxis,
  transposedConvLayer,
  keywordCallWording,
  keywordEntries,
} from './common';

/**
 * The `output_shape` values `tf.nn.conv2d_transpose` accepts for one axis: those that convolve
 * forward back to the input. `'SAME'`: `[(i−1)·s + 1, i·s]`; `'VALID'`:
 * `[(i−1)·s + k_eff, (i−1)·s + k_eff + s − 1]`.
 */
export function tfTransposedOutputRange(
  input: number,
  kernel: number,
  stride: number,
  dilation: number,
  same: boolean,
): [number, number] {
  if (same) return [(input - 1) * stride + 1, input * stride];
  const min = (input - 1) * stride + effectiveKernelSize(kernel, dilation);
  return [min, min + stride - 1];
}


const LAYOUTS = layoutSpellings(['NHWC', 'NDHWC', 'NWC'], ['NCHW', 'NCDHW', 'NCW']);

/** `strides`/`dilations`/`ksize`: an int, one per spatial axis, or one per axis of the input. */
function perSpatialAxis(params: LayerParams, key: string, rank: number, channelsLast: boolean, fallback: number): number[] {
  const values = params.list(key, [1, rank, rank + 2], repeat(fallback, rank), { min: 1, scalarLength: rank });
  if (values.length === 1) return repeat(values[0], rank);
  if (values.length === rank) return values;
  return channelsLast ? values.slice(1, -1) : values.slice(2);
}

/** Where tf.nn convolutions state their values: channels and kernel inside `filter_shape`; no groups, no bias. */
const KEYS: ConvKeys = {
  outChannels: 'filter_shape',
  inChannels: 'filter_shape',
  kernel: 'filter_shape',
  stride: 'strides',
  dilation: 'dilations',
  groups: [],
  bias: [],
};

function readFilter(params: LayerParams, rank: number) {
  params.require('filter_shape', `the filter shape [${rank === 3 ? 'd, ' : ''}h, w, …]`);
  const filter = params.list('filter_shape', [rank + 2], repeat(1, rank + 2), POSITIVE);
  return { kernel: filter.slice(0, rank), channels: filter.slice(rank) as [number, number] };
}

function readCommon(params: LayerParams, rank: number) {
  const channelsLast = readLayout(params, 'data_format', LAYOUTS, true);
  const same = params.choice('padding', ['SAME', 'VALID'] as const, 'VALID') === 'SAME';
  if (!params.has('padding')) params.require('padding', "'SAME' or 'VALID'");
  return {
    channelsLast,
    same,
    stride: perSpatialAxis(params, 'strides', rank, channelsLast, 1),
    dilation: perSpatialAxis(params, 'dilations', rank, channelsLast, 1),
  };
}

/**
 * What convolutions and transposed convolutions share: no groups, no bias, channels from the
 * filter (`[in, out]`, or `[out, in]` when `transposed`).
 */
function readConv(params: LayerParams, rank: number, transposed: boolean): { same: boolean; common: ConvCommon } {
  const { kernel, channels } = readFilter(params, rank);
  const { channelsLast, same, stride, dilation } = readCommon(params, rank);
  const [inChannels, outChannels] = transposed ? [channels[1], channels[0]] : channels;
  const inDeclared: Declared = { value: inChannels, key: 'filter_shape', fixable: false };
  return { same, common: { keys: KEYS, rank, channelsLast, kernel, stride, dilation, groups: 1, outChannels, bias: false, inChannels: inDeclared } };
}

function conv(rank: number): LayerBuilder {
  return (params) => {
    const { same, common } = readConv(params, rank, false);
    return convLayer(common, { padding: same ? { kind: 'same', odd: 'end' } : { kind: 'valid' } });
  };
}

function convTranspose(rank: number): LayerBuilder {
  return (params, context): TransposedConvLayer => {
    const { same, common } = readConv(params, rank, true);
    params.require('output_shape', 'the output shape; tf.nn transposed convolutions do not infer it');
    const outputShape = readOutputSize(params, 'output_shape', rank, common.channelsLast);
    return transposedConvLayer<TensorflowTransposed>(common, {
      paramNames: { kernel: 'filter_shape', stride: 'strides', padding: 'padding', outputPadding: 'output_shape', dilation: 'dilations' },
      knob: outputSizeKnob('output_shape', outputShape?.full ?? false),
      rule: { same, outputShape: outputShape?.sizes ?? null, name: `tf.nn.${context.type}` },
    });
  };
}

/** What tf.nn transposed convolutions read besides the common fields. */
interface TensorflowTransposed {
  same: boolean;
  /** The spatial sizes of `output_shape`; null when missing (already reported). */
  outputShape: number[] | null;
  /** `tf.nn.conv2d_transpose`, for messages. */
  name: string;
}

/** Every spatial axis of a tf.nn transposed convolution: `output_shape` checked against the input (null entries: unknown). */
function resolveTransposed(layer: TransposedConvLayer<TensorflowTransposed>, input: (number | null)[]): TransposedResolution {
  const { channelsLast, kernel, stride, dilation } = layer;
  const { same, outputShape, name } = layer.rule;
  const mismatches: string[] = [];
  const axes = input.map((size, axis) => {
    if (size === null || !outputShape) return null;
    const [k, s, d] = [kernel[axis], stride[axis], dilation[axis]];
    const wanted = outputShape[axis];
    const reachable = tfTransposedOutputRange(size, k, s, d, same);
    const computed = same ? Math.ceil(wanted / s) : Math.floor((wanted - effectiveKernelSize(k, d)) / s) + 1;
    if (computed !== size) {
      mismatches.push(
        `Size of out_backprop doesn't match computed: actual = ${size}, computed = ${computed} spatial_dim: ${axis + (channelsLast ? 1 : 2)} input: ${wanted} filter: ${k} output: ${size} stride: ${s} dilation: ${d} (valid output_shape sizes here: ${reachable[0]}..${reachable[1]})`,
      );
    }
    const check = same ? `ceil(${wanted} / ${s}) = ${computed}` : `floor((${wanted} − ${effectiveKernelSize(k, d)}) / ${s}) + 1 = ${computed}`;
    return tfStyleTransposedAxis(size, wanted, k, s, d, same, {
      formula: () => ({ numbers: `output_shape ${wanted}, valid for input ${size} when ${check} = ${size}` }),
      validOutputPadding: null,
      reachable,
      knobOffset: 0,
    });
  });
  return {
    axes,
    problems: mismatches.length === 0 ? [] : [{ code: Code.outputSizeUnreachable, message: `${name}: ${mismatches.join('; ')}.`, key: 'output_shape' }],
  };
}

function pool(rank: number): LayerBuilder {
  return (params) => {
    params.require('ksize', 'the window size');
    const { channelsLast, same, stride } = readCommon(params, rank);
    return {
      op: 'pool',
      rank,
      channelsLast,
      kernel: perSpatialAxis(params, 'ksize', rank, channelsLast, 1),
      stride,
      dilation: repeat(1, rank),
      padding: same ? { kind: 'same', odd: 'end' } : { kind: 'valid' },
      ceilMode: false,
    };
  };
}

/** The TensorFlow core (`tf.nn`) vocabulary. */
export const tensorflow: FrameworkVocabulary = {
  framework: 'tensorflow',
  label: 'TensorFlow',
  outputTooSmall: (type, input, output) =>
    `tf.nn.${type}: computed output size would be ${output.join('x')} for input ${input.join('x')}; every dimension must be positive.`,
  preview: {
    writable: [],
    notes: ['tf.nn.conv2d_transpose takes output_shape and strides as full tensors; the preview does not write them back.'],
    padding: 'beginEnd',
    paddingWritten: 'begins',
    listsOnly: false,
  },
  callWording: keywordCallWording,
  resolveTransposed,
  layers: keywordEntries({
    conv1d: conv(1),
    conv2d: conv(2),
    conv3d: conv(3),
    conv2d_transpose: convTranspose(2),
    conv3d_transpose: convTranspose(3),
    max_pool2d: pool(2),
    avg_pool2d: pool(2),
    ...spellings(['relu', 'relu6', 'leaky_relu', 'elu', 'sigmoid', 'tanh', 'softmax', 'dropout', 'identity', 'bias_add'], elementwise),
  }),
};
