/**
 * The spatial family of ONNX operators: `Pad`, `DepthToSpace`, `SpaceToDepth`, `LpPool`,
 * `GlobalLpPool`, `MaxUnpool`, `Upsample`. Inputs that are tensors in a graph (`pads`,
 * `output_shape`, `scales`) are parameters of the ConvLens layer. Checks and messages follow
 * onnxruntime (test/fixtures/onnx/spatial.json); docs/frameworks/onnx.md.
 */
import type { CanonicalLayer, LayerBuilder } from '../../engine/canonical';
import { type LayerParams, POSITIVE } from '../../engine/params';
import { repeat } from '../../engine/shapes';
import { genericRank } from '../common';
import { operatorRank, pool, refusePadsBeyondKernel, resize } from '../onnx';

const ANY_INTEGER = { min: -Number.MAX_SAFE_INTEGER };

/** `pads` of Pad: begin values of every axis, then end values (negative crops). */
const pad: LayerBuilder = (params) => {
  params.require('pads', 'the begin and end padding of every axis');
  const mode = params.choice('mode', ['constant', 'reflect', 'edge']);
  if (params.has('axes')) params.reject(params.spanOf('axes'), 'Pad: ConvLens does not model `axes` (opset 18); give `pads` for every axis.');
  const value = params.entry('pads')?.value;
  const length = value?.kind === 'list' && value.items.length % 2 === 0 && value.items.length > 0 ? value.items.length : 2;
  const pads = params.list('pads', [length], repeat(0, length), ANY_INTEGER);
  const rank = length / 2;
  return {
    op: 'pad',
    begin: pads.slice(0, rank),
    end: pads.slice(rank),
    ranks: { min: rank, max: rank, message: `Pad: pads has ${length} values, 2 per axis of the input; the input is {rank}-D {shape}.` },
    within:
      mode === 'reflect'
        ? { bound: 'below', key: 'pads', message: 'Pad reflect: pads ({begin}, {end}) must be smaller than the length of axis {dim}. Input shape: {shape}.' }
        : null,
  };
};

function depthToSpace(direction: 'toSpace' | 'toDepth'): LayerBuilder {
  const op = direction === 'toSpace' ? 'DepthToSpace' : 'SpaceToDepth';
  return (params) => {
    params.require('blocksize', 'the block size');
    if (direction === 'toSpace') params.choice('mode', ['DCR', 'CRD']);
    return {
      op: 'depthToSpace',
      direction,
      factor: params.number('blocksize', 1, POSITIVE),
      ranks: { min: 4, max: 4, message: `${op} takes a 4-D input (N, C, H, W); the input is {rank}-D {shape}.` },
      message:
        direction === 'toSpace'
          ? 'DepthToSpace requires input depth to be a multiple of (block_size * block_size): {channels} is not a multiple of {square}.'
          : 'SpaceToDepth requires input {axis} to be a multiple of block_size: {size} is not a multiple of {factor}.',
    };
  };
}

/** `output_shape` of MaxUnpool: the full shape (N, C, spatial…), or the spatial sizes. */
function unpoolOutputShape(params: LayerParams, rank: number): number[] | null {
  if (!params.has('output_shape')) return null;
  return params.list('output_shape', [rank, rank + 2], repeat(1, rank), POSITIVE).slice(-rank);
}

const maxUnpool: LayerBuilder = (params, context): CanonicalLayer => {
  params.require('kernel_shape', 'the window size');
  const rank = operatorRank(params, context);
  const kernel = params.perAxis('kernel_shape', rank, 1, POSITIVE);
  const pads = params.list('pads', [2 * rank], null, { min: 0, scalarLength: 2 * rank });
  const [begin, end] = [pads.slice(0, rank), pads.slice(rank)];
  refusePadsBeyondKernel(params, kernel, begin, end);
  const sizes = unpoolOutputShape(params, rank);
  return {
    op: 'unpool',
    rank,
    acceptsUnbatched: false,
    kernel,
    stride: params.perAxis('strides', rank, POSITIVE),
    padBegin: begin,
    padEnd: end,
    outputSize: sizes && {
      sizes,
      key: 'output_shape',
      message: 'output_shape is smaller than minimum required. output_shape: {sizes}, inferred output shape: {natural}.',
      accepts: 'atLeastNatural',
    },
  };
};

/** Upsample (deprecated since opset 10): Resize by `scales`, which must all be at least 1. */
const upsample: LayerBuilder = (params, context) => {
  params.choice('mode', ['nearest', 'linear']);
  const layer = resize(params, context);
  if (layer.op === 'resize' && layer.scale?.some((scale) => scale < 1)) {
    params.reject(params.spanOf('scales'), 'Upsample: Scale value should be greater than or equal to 1.');
  }
  return layer;
};

/** The spatial family's operators of the ONNX vocabulary. */
export const onnxSpatialLayers: Record<string, LayerBuilder> = {
  Pad: pad,
  DepthToSpace: depthToSpace('toSpace'),
  SpaceToDepth: depthToSpace('toDepth'),
  // `p` changes the values, not the shape.
  LpPool: (params, context) => pool(false)(params, context),
  GlobalLpPool: (params, context) => ({ op: 'globalPool', rank: genericRank(context, params), channelsLast: false, keepDims: true }),
  MaxUnpool: maxUnpool,
  Upsample: upsample,
};
