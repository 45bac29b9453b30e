/**
 * ONNX operators of the tensor-manipulation family: element-wise operators with numpy
 * broadcasting, activations, `Softmax`-like operators with `axis`, `Reshape`, `Transpose`,
 * `Squeeze`/`Unsqueeze`, reductions, `Slice`, `Split`, `Gather`, `Expand`, `Tile`.
 *
 * An input that ONNX passes as a constant tensor (opset 13 and later: `Reshape`'s `shape`,
 * `Squeeze`'s `axes`, `Slice`'s `starts`…) is written in ConvLens YAML as a parameter of the same
 * name holding the tensor's values, as `Resize`'s `scales` is; a constant operand of a broadcasting
 * operator (an initializer) is written by its shape (`B: [1, 64, 1, 1]`, `PRelu`'s `slope`).
 * docs/frameworks/onnx.md.
 */
import type { LayerBuilder } from '../../engine/canonical';
import type { LayerParams, ParamKey } from '../../engine/params';
import { MAX_TENSOR_RANK } from '../../engine/shapes';
import type { SourceValue } from '../../ir';
import { elementwise, genericRank, spellings } from '../common';

const ANY_INTEGER = { min: -Number.MAX_SAFE_INTEGER };

/** A list of integers of any length (a 1-D constant tensor); null when absent. */
function integers(params: LayerParams, key: ParamKey): number[] | null {
  const written = params.entry(key)?.value;
  if (!written) return null;
  return params.list(key, [written.kind === 'list' ? written.items.length : 1], [], { ...ANY_INTEGER, scalarLength: 1 });
}

/**
 * `Slice`'s `starts`/`ends`: integers of any size, clamped to the safe range (exporters write
 * INT64_MAX for "to the end"; the slice clamps them to the axis anyway).
 */
function clampedIntegers(params: LayerParams, key: string): { value: number[]; key: string } {
  params.require(key, `the ${key} of each sliced axis`);
  const written = params.entry(key)?.value;
  const items = written?.kind === 'list' ? written.items : written ? [written] : [];
  const values: number[] = [];
  for (const item of items) {
    if (item.kind === 'unknown') params.indeterminate = true;
    else if (item.kind === 'number' && Number.isInteger(item.value)) values.push(Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, item.value)));
    else params.reject(item.span, `\`${key}\` must be a list of integers.`);
  }
  return { value: values, key };
}

function keyed(params: LayerParams, key: string): { value: number[]; key: string } | null {
  const value = integers(params, key);
  return value && { value, key };
}

/** `B: [..]`: the shape of a constant second operand; none when the operands come from `from:`. */
function constantOperand(params: LayerParams, key: string) {
  const shape = integers(params, key);
  return shape ? [{ value: shape, key }] : [];
}

function broadcast(arity: [number, number], operand: string | null): LayerBuilder {
  return (params) => ({ op: 'broadcast', arity, constants: operand ? constantOperand(params, operand) : [], ontoFirst: false, batchFirst: false });
}

const softmaxLike: LayerBuilder = (params) => ({
  op: 'checkedActivation',
  ranks: null,
  axis: { value: params.number('axis'), key: 'axis' },
  halves: false,
});

/** `perm`: a permutation of the input's axes; reversed when absent. */
const transpose: LayerBuilder = (params, context) => {
  const perm = integers(params, 'perm');
  if (perm) {
    const sorted = [...perm].sort((a, b) => a - b);
    if (sorted.some((axis, index) => axis !== index)) params.reject(params.spanOf('perm'), `Transpose: perm ${JSON.stringify(perm)} is not a permutation of the axes 0..${perm.length - 1}.`);
    return { op: 'permute', order: { value: perm, key: 'perm' } };
  }
  const rank = context.inputRank ?? genericRank(context, params);
  return { op: 'permute', order: { value: Array.from({ length: rank }, (_, axis) => rank - 1 - axis), key: 'perm' } };
};

function reduce(axesKey: 'axes' | 'axis'): LayerBuilder {
  return (params) => {
    const keepDims = params.number('keepdims', { min: 0 }) === 1;
    if (axesKey === 'axis') return { op: 'reduce', axes: { value: [params.number('axis')], key: 'axis' }, keepDims, emptyIsIdentity: false };
    return { op: 'reduce', axes: keyed(params, 'axes'), keepDims, emptyIsIdentity: params.number('noop_with_empty_axes', { min: 0 }) === 1 };
  };
}

/** The shape and values of a constant tensor written as nested lists (a scalar: shape `[]`). */
function tensorOf(value: SourceValue, params: LayerParams): { shape: number[]; values: number[] } | null {
  if (value.kind === 'number') return Number.isInteger(value.value) ? { shape: [], values: [value.value] } : null;
  if (value.kind !== 'list' || value.items.length === 0 || value.items.length > MAX_TENSOR_RANK * MAX_TENSOR_RANK) return value.kind === 'list' ? { shape: [0], values: [] } : null;
  const parts = value.items.map((item) => tensorOf(item, params));
  const first = parts[0];
  if (!first || parts.some((part) => !part || part.shape.join() !== first.shape.join())) return null;
  return { shape: [value.items.length, ...first.shape], values: parts.flatMap((part) => part!.values) };
}

const gather: LayerBuilder = (params) => {
  params.require('indices', 'the indices, as a number or nested lists');
  const written = params.entry('indices')?.value;
  const indices = written && written.kind !== 'unknown' ? tensorOf(written, params) : null;
  if (written && written.kind !== 'unknown' && !indices) params.reject(written.span, '`indices` must be an integer or nested lists of integers of a rectangular shape.');
  if (written?.kind === 'unknown') params.indeterminate = true;
  return { op: 'gather', axis: { value: params.number('axis'), key: 'axis' }, indices: { value: indices ?? { shape: [], values: [] }, key: 'indices' } };
};

/** Requires a constant input ConvLens reads as a parameter, and reads it. */
function required(params: LayerParams, key: string, what: string): { value: number[]; key: string } {
  params.require(key, what);
  return keyed(params, key) ?? { value: [], key };
}

const UNARY = [
  'Relu', 'LeakyRelu', 'Sigmoid', 'Tanh', 'Elu', 'Selu', 'Celu', 'Gelu', 'Clip', 'HardSigmoid', 'HardSwish', 'Softplus', 'Softsign',
  'Mish', 'ThresholdedRelu', 'Shrink', 'Exp', 'Log', 'Abs', 'Neg', 'Sqrt', 'Reciprocal', 'Floor', 'Ceil', 'Round', 'Sign',
  'Sin', 'Cos', 'Tan', 'Asin', 'Acos', 'Atan', 'Sinh', 'Cosh', 'Asinh', 'Acosh', 'Atanh', 'Erf', 'Not', 'Cast', 'IsNaN', 'IsInf',
  'Dropout', 'Identity', 'LRN', 'MeanVarianceNormalization', 'LpNormalization', 'CumSum', 'Trilu',
];

/** The ONNX operators of the tensor-manipulation family. */
export const ONNX_TENSOR_LAYERS: Record<string, LayerBuilder> = {
  ...spellings(UNARY, elementwise),
  ...spellings(['Softmax', 'LogSoftmax', 'Hardmax'], softmaxLike),
  ...spellings(
    ['Add', 'Sub', 'Mul', 'Div', 'Pow', 'Mod', 'Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'And', 'Or', 'Xor', 'BitShift'],
    broadcast([2, 2], 'B'),
  ),
  ...spellings(['Max', 'Min', 'Sum', 'Mean'], broadcast([1, Number.MAX_SAFE_INTEGER], null)),
  Where: broadcast([3, 3], null),
  PRelu: (params) => ({ op: 'broadcast', arity: [2, 2], constants: constantOperand(params, 'slope'), ontoFirst: true, batchFirst: false }),
  Expand: (params) => ({ op: 'broadcast', arity: [2, 2], constants: [required(params, 'shape', 'the shape to expand to')], ontoFirst: false, batchFirst: false }),
  Reshape: (params) => ({ op: 'copyingReshape', shape: required(params, 'shape', 'the new shape'), allowZero: params.number('allowzero', { min: 0 }) === 1 }),
  Transpose: transpose,
  Squeeze: (params) => ({ op: 'squeeze', axes: keyed(params, 'axes') }),
  Unsqueeze: (params) => ({ op: 'unsqueeze', axes: required(params, 'axes', 'where to insert axes of size 1') }),
  ...spellings(
    ['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'],
    reduce('axes'),
  ),
  ...spellings(['ArgMax', 'ArgMin'], reduce('axis')),
  Slice: (params) => ({
    op: 'slice',
    starts: clampedIntegers(params, 'starts'),
    ends: clampedIntegers(params, 'ends'),
    axes: keyed(params, 'axes'),
    steps: keyed(params, 'steps'),
  }),
  Split: (params) => {
    // Without `split`, the outputs share the axis: how many there are, ConvLens YAML states as opset 18 does.
    if (!params.has('split')) params.require('num_outputs', 'the number of outputs, or `split`');
    const parts = params.optionalNumber('num_outputs', 1, { min: 1 });
    return { op: 'split', axis: { value: params.number('axis'), key: 'axis' }, sizes: keyed(params, 'split'), parts: parts === undefined ? null : { value: parts, key: 'num_outputs' } };
  },
  Gather: gather,
  Tile: (params) => ({ op: 'tile', repeats: required(params, 'repeats', 'the repeat count of each axis') }),
};
