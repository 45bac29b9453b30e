/**
 * Shape rules of the tensor-manipulation family: activations with an axis or a rank check,
 * PReLU's weights, permutations, (un)squeezing, reshaping by one axis, merges with numpy
 * broadcasting, `Dot`, reductions, slicing, splitting, gathering and tiling. Framework-independent:
 * the vocabularies (src/core/frameworks) translate each framework's parameters and defaults into
 * the layers below. A symbolic size goes through the algebra where the rule has an exact
 * expression (issue 15); otherwise the output size is unknown with its reason (`notComputed`).
 */
import { Code } from '../../diagnostics';
import { dimProduct, dimsDiffer, dimText, knownDim, knownValue, unknownDim, type Dim } from '../../dims';
import { formatShape } from '../../formatting';
import type { Shape } from '../../ir';
import type { ParamKey } from '../params';
import type { Problem } from '../problems';
import { exact, MAX_TENSOR_RANK, product, statedDim, type StatedSize } from '../shapes';
import { describe, exactQuotientDim, failed, noWeights, rankProblem, type RuleContext, type RuleOutcome } from '../shapeRules';
import { notComputed } from '../unknowns';
import { compareDims, dimOf, exprOf } from '../dimArithmetic';
import { conditionalShapeProblem, type Sometimes } from '../conditions';
import type { Operand, SymExpr, SymValue, SymbolicAlgebra } from '../../symbolic';

/** A parameter value and where it was written. */
export interface Keyed<T> {
  value: T;
  key: ParamKey;
}

/**
 * A shape-preserving layer that checks its input: its rank (`Dropout1d`, `Softmax2d`, Keras
 * `SpatialDropout2D`), that an axis exists (`Softmax(dim)`), or halves that axis (`GLU`).
 */
export interface CheckedActivationLayer {
  op: 'checkedActivation';
  /** Accepted input ranks (including batch), least and most; null for any. */
  ranks: [number, number] | null;
  /** An axis the input must have (may be negative). */
  axis: Keyed<number> | null;
  /** The axis is split in two halves (GLU): its size must be even, and the output has half of it. */
  halves: boolean;
}

/**
 * PReLU weights: one per channel or a single shared one (PyTorch `num_parameters`, checked
 * against the channels), or one per element with `sharedAxes` collapsed (Keras, TF.js).
 */
export interface PreluLayer {
  op: 'prelu';
  weights: { kind: 'channels'; count: Keyed<number> } | { kind: 'elements'; sharedAxes: number[] };
}

/** Reorders the axes: output axis `i` is input axis `order[i]` (over every axis, batch included). */
export interface PermuteLayer {
  op: 'permute';
  order: Keyed<number[]>;
}

/** Splits axis `axis` into `sizes` (one `-1` allowed): PyTorch `Unflatten`. */
export interface UnflattenLayer {
  op: 'unflatten';
  axis: Keyed<number>;
  sizes: Keyed<number[]>;
}

/** `[N, d]` → `[N, times, d]` (Keras `RepeatVector`). */
export interface RepeatVectorLayer {
  op: 'repeatVector';
  times: StatedSize;
}

/**
 * An element-wise combination of its inputs with numpy broadcasting (right-aligned; a size of 1
 * stretches). `constants`: operands given by their shape rather than by a layer (an ONNX
 * initializer, `Expand`'s `shape`). `ontoFirst`: the other operands broadcast onto the first,
 * whose shape is the output (ONNX `PRelu`'s slope). `batchFirst`: axis 0 of every input is the
 * batch, set aside while the other axes broadcast (Keras and TF.js merges, which give an input of
 * lower rank its missing axes after the batch: `[N, d]` meets `[N, t, d]` as `[N, 1, d]`).
 */
export interface BroadcastLayer {
  op: 'broadcast';
  /** The accepted number of inputs, constants included: [least, most]. */
  arity: [number, number];
  constants: Keyed<number[]>[];
  ontoFirst: boolean;
  batchFirst: boolean;
}

/** Two inputs broadcast together, then one axis reduced (PyTorch `CosineSimilarity`, `PairwiseDistance`). */
export interface BroadcastReduceLayer {
  op: 'broadcastReduce';
  /** The reduced axis of the broadcast shape (may be negative). */
  axis: Keyed<number>;
  keepDims: boolean;
}

/** Keras `Dot`: the batched dot product of two inputs along `axes` (one per input). */
export interface DotLayer {
  op: 'dot';
  axes: Keyed<[number, number]>;
  /** The most axes an input may have (TF.js: 3); null for any. */
  maxRank: number | null;
}

/** Removes the axes `axes` (each of size 1), or every axis of size 1 when null (ONNX `Squeeze`). */
export interface SqueezeLayer {
  op: 'squeeze';
  axes: Keyed<number[]> | null;
}

/** Inserts axes of size 1 at `axes` of the output (ONNX `Unsqueeze`). */
export interface UnsqueezeLayer {
  op: 'unsqueeze';
  axes: Keyed<number[]>;
}

/** Reduces `axes` (every axis when null, or none with `emptyIsIdentity`), keeping them as 1 or dropping them. */
export interface ReduceLayer {
  op: 'reduce';
  axes: Keyed<number[]> | null;
  keepDims: boolean;
  /** ONNX `noop_with_empty_axes`: no axes means no reduction. */
  emptyIsIdentity: boolean;
}

/** ONNX `Slice`: per listed axis, `start:end:step` with numpy clamping. */
export interface SliceLayer {
  op: 'slice';
  starts: Keyed<number[]>;
  ends: Keyed<number[]>;
  /** Null: the first `starts.length` axes. */
  axes: Keyed<number[]> | null;
  /** Null: every step 1. */
  steps: Keyed<number[]> | null;
}

/** ONNX `Split`: the first output (`split` sizes, or `parts` chunks of `ceil(d / parts)`). */
export interface SplitLayer {
  op: 'split';
  axis: Keyed<number>;
  sizes: Keyed<number[]> | null;
  parts: Keyed<number> | null;
}

/** ONNX `Gather`: `data[:axis] + indices.shape + data[axis+1:]`; the index values are checked when known. */
export interface GatherLayer {
  op: 'gather';
  axis: Keyed<number>;
  indices: Keyed<{ shape: number[]; values: number[] }>;
}

/** ONNX `Tile`: every axis multiplied by its repeat count. */
export interface TileLayer {
  op: 'tile';
  repeats: Keyed<number[]>;
}

/** ONNX `Reshape`: the full target shape, where `0` copies the input's size (unless `allowzero`) and one `-1` is inferred. */
export interface CopyingReshapeLayer {
  op: 'copyingReshape';
  shape: Keyed<number[]>;
  allowZero: boolean;
}

function problem(code: Problem['code'], message: string, key: ParamKey | null, context: RuleContext): Problem {
  return { code, message, span: key === null ? context.source.typeSpan : context.params.spanOf(key) };
}

function refuse(message: string, key: ParamKey | null, context: RuleContext, code: Problem['code'] = Code.invalidParameter): RuleOutcome {
  return failed([problem(code, message, key, context)]);
}

/** The `[−rank, rank − 1]` range of an axis, as the message states it. */
function axisRange(rank: number): string {
  return `[${-rank}, ${rank - 1}]`;
}

/** Axis `axis` as a position in `0..rank−1`, or null when out of range. */
function normalizedAxis(axis: number, rank: number): number | null {
  const position = axis < 0 ? axis + rank : axis;
  return position >= 0 && position < rank ? position : null;
}

function axisOutOfRange(axis: Keyed<number>, rank: number, context: RuleContext): RuleOutcome {
  return refuse(`axis ${axis.value} is out of range for a ${rank}-D tensor (expected in ${axisRange(rank)}).`, axis.key, context, Code.shapeMismatch);
}

/** Every axis normalised, refusing one out of range or repeated. */
function normalizedAxes(axes: Keyed<number[]>, rank: number, context: RuleContext): number[] | RuleOutcome {
  const positions: number[] = [];
  for (const axis of axes.value) {
    const position = normalizedAxis(axis, rank);
    if (position === null) return refuse(`axis ${axis} is out of range for a ${rank}-D tensor (expected in ${axisRange(rank)}).`, axes.key, context, Code.shapeMismatch);
    if (positions.includes(position)) return refuse(`axis ${axis} is listed twice.`, axes.key, context);
    positions.push(position);
  }
  return positions;
}

function isOutcome(value: object): value is RuleOutcome {
  return 'problems' in value;
}

/**
 * A size computed from `input`: `size` where it is known, `symbolic` of its expression where the
 * rule has one; else (null) the input's own unknown or symbol travels.
 */
function sizeDim(size: number | null, input: Dim, context: RuleContext, symbolic?: (expr: SymExpr) => SymValue): Dim {
  if (input.kind === 'symbolic' && symbolic) return dimOf(symbolic(input.expr), context);
  return size === null ? notComputed(input, context.layerReference(), context.source.typeSpan) : knownDim(size);
}

export function checkedActivationRule(layer: CheckedActivationLayer, input: Shape, context: RuleContext): RuleOutcome {
  if (layer.ranks && (input.length < layer.ranks[0] || input.length > layer.ranks[1])) {
    const [least, most] = layer.ranks;
    const expected = least === most ? `a ${least}-D input` : most >= MAX_TENSOR_RANK ? `at least a ${least}-D input` : `a ${least}-D to ${most}-D input`;
    return failed([rankProblem(context, expected, input)]);
  }
  if (!layer.axis) return noWeights([...input]);
  const position = normalizedAxis(layer.axis.value, input.length);
  if (position === null) {
    return refuse(
      `Dimension out of range (expected to be in range of ${axisRange(input.length)}, but got ${layer.axis.value}) for the ${input.length}-D input ${formatShape(input)}.`,
      layer.axis.key,
      context,
      Code.shapeMismatch,
    );
  }
  const output = [...input];
  if (!layer.halves) return noWeights(output);
  const size = knownValue(input[position]);
  if (size !== null && size % 2 !== 0) {
    return refuse(`Halving dimension must be even, but dimension ${position} is size ${size}.`, layer.axis.key, context, Code.shapeMismatch);
  }
  const problems: Problem[] = [];
  const half = exactQuotientDim(input[position], 2, `dimension ${position}`, context, problems);
  if (!half) return refuse(`Halving dimension must be even, but dimension ${position} is size ${dimText(input[position])}.`, layer.axis.key, context, Code.shapeMismatch);
  output[position] = half;
  return noWeights(output, problems);
}

export function preluRule(layer: PreluLayer, input: Shape, context: RuleContext): RuleOutcome {
  const { weights } = layer;
  if (weights.kind === 'channels') {
    const channels = input.length >= 2 ? knownValue(input[1]) : 1;
    const count = weights.count.value;
    if (count !== 1 && channels !== null && count !== channels) {
      return refuse(
        `Mismatch of parameter numbers and input channel size. Found parameter numbers = ${count} and channel size = ${channels}.`,
        weights.count.key,
        context,
        Code.channelMismatch,
      );
    }
    return { output: [...input], params: count, macs: 0, problems: [] };
  }
  // One weight per element of a sample, shared along `sharedAxes` (1-based axes of the input).
  const perSample = input.slice(1).map((dim, index) => (weights.sharedAxes.includes(index + 1) ? 1 : knownValue(dim)));
  return { output: [...input], params: product(perSample), macs: 0, problems: [] };
}

export function permuteRule(layer: PermuteLayer, input: Shape, context: RuleContext): RuleOutcome {
  const order = layer.order.value;
  if (order.length !== input.length) {
    return failed([rankProblem(context, `a ${order.length}-D input for its ${order.length} axes`, input)]);
  }
  return noWeights(order.map((axis) => input[axis]));
}

export function unflattenRule(layer: UnflattenLayer, input: Shape, context: RuleContext): RuleOutcome {
  const position = normalizedAxis(layer.axis.value, input.length);
  if (position === null) {
    return refuse(
      `Dimension out of range (expected to be in range of ${axisRange(input.length)}, but got ${layer.axis.value}).`,
      layer.axis.key,
      context,
      Code.shapeMismatch,
    );
  }
  const sizes = layer.sizes.value;
  const total = knownValue(input[position]);
  const others = product(sizes.filter((size) => size !== -1));
  const inferred = sizes.includes(-1);
  const fits = total === null || others === null || (inferred ? others > 0 && total % others === 0 : total === others);
  if (!fits) {
    return refuse(
      `unflattened_size [${sizes.join(', ')}] does not fit dimension ${position} of size ${total} of the input ${formatShape(input)}: ${inferred ? `${total} is not a multiple of ${others}` : `the product is ${others}`}.`,
      layer.sizes.key,
      context,
      Code.shapeMismatch,
    );
  }
  const problems: Problem[] = [];
  const symbolicFit = others === null || others < 1 ? undefined : unflattenedSymbolic(input[position], others, inferred, context, problems);
  if (symbolicFit === null) {
    return refuse(
      `unflattened_size [${sizes.join(', ')}] does not fit dimension ${position} of size ${dimText(input[position])} of the input ${formatShape(input)} for any allowed value.`,
      layer.sizes.key,
      context,
      Code.shapeMismatch,
    );
  }
  const dims = sizes.map((size) =>
    size !== -1 ? knownDim(size) : (symbolicFit ?? sizeDim(total === null || others === null ? null : total / others, input[position], context)),
  );
  return noWeights([...input.slice(0, position), ...dims, ...input.slice(position + 1)], problems);
}

/**
 * A symbolic axis split into sizes whose product is `others`: with a `-1`, the exact quotient
 * (see {@link exactQuotientDim}); without, the sizes must multiply to the axis (a
 * `conditional-shape` warning where they do for some values only). Null where they fit no
 * allowed value; undefined where the axis is not symbolic or the split has no `-1` to infer.
 */
function unflattenedSymbolic(axis: Dim, others: number, inferred: boolean, context: RuleContext, problems: Problem[]): Dim | null | undefined {
  if (axis.kind !== 'symbolic') return undefined;
  if (inferred) return exactQuotientDim(axis, others, 'the unflattened axis', context, problems);
  const comparison = compareDims(axis, knownDim(others), 'equal', context.algebra);
  if (comparison?.kind === 'never') return null;
  if (comparison?.kind === 'sometimes') problems.push(sometimesProblem(`${describe(context)} splits ${dimText(axis)} into sizes of product ${others}`, [comparison], context));
  return undefined;
}

/** The `conditional-shape` warning of a check that holds for some allowed values only. */
function sometimesProblem(subject: string, comparisons: Sometimes[], context: RuleContext): Problem {
  return conditionalShapeProblem({ subject, comparisons, span: context.source.typeSpan, model: context.model, algebra: context.algebra });
}

export function repeatVectorRule(layer: RepeatVectorLayer, input: Shape, context: RuleContext): RuleOutcome {
  if (input.length !== 2) return failed([rankProblem(context, 'a 2-D input [batch, features]', input)]);
  return noWeights([input[0], statedDim(layer.times), input[1]]);
}

/** One axis of a broadcast: the common size, or null when two known sizes clash. */
function broadcastDim(dims: Dim[], context: RuleContext, problems: Problem[]): Dim | null {
  const sizes = dims.map(knownValue);
  const stretched = sizes.filter((size) => size !== 1);
  const known = stretched.filter((size) => size !== null);
  if (known.some((size) => size !== known[0])) return null;
  // A size other than 1 decides the axis; an unknown one could be 1 or that size, either way the result.
  if (known.length > 0) return knownDim(known[0]);
  const open = dims.filter((dim, index) => sizes[index] !== 1);
  if (open.length === 0) return knownDim(1);
  if (open.every((dim) => !dimsDiffer(dim, open[0]))) return open[0];
  return symbolicBroadcast(open, context, problems) ?? notComputed(open.find((dim) => dim.kind === 'unknown') ?? open[0], context.layerReference(), context.source.typeSpan);
}

/**
 * Symbolic sizes of one broadcast axis that are equal for some allowed values only: where the
 * broadcast works, the sizes are equal or 1, so the result is their maximum (exact at every such
 * value), with a `conditional-shape` warning naming a value where they differ, neither being 1.
 * Null (unknown) where some size is unknown, never equal to the first, or differs from it only
 * where one of them is 1.
 */
function symbolicBroadcast(open: Dim[], context: RuleContext, problems: Problem[]): Dim | null {
  const { algebra } = context;
  const comparisons = open.slice(1).map((dim) => compareDims(open[0], dim, 'equal', algebra));
  if (comparisons.some((comparison) => !comparison || comparison.kind === 'never' || comparison.kind === 'undecided')) return null;
  const exprs = open.map((dim) => exprOf(dim, algebra));
  if (exprs.some((expr) => !expr)) return null;
  const sometimes = comparisons.filter((comparison): comparison is Sometimes => comparison?.kind === 'sometimes');
  if (sometimes.length === 0) return open[0];
  // Where the sizes differ only with one of them 1, the broadcast works there: no counter-example
  // to warn with, and a check left silent, so the size stays unknown (`[N, H] + [N, W]`).
  const failsThere = (comparison: Sometimes) => comparison.failing.left !== 1 && comparison.failing.right !== 1;
  if (!sometimes.every(failsThere)) return null;
  problems.push(sometimesProblem(`${describe(context)} broadcasts ${open.map(dimText).join(' and ')}`, sometimes, context));
  return dimOf(algebra.max(...(exprs as SymExpr[])), context);
}

/** The numpy broadcast of `shapes`; a shape-mismatch problem where two sizes clash, naming the inputs as `written`. */
function broadcastShapes(shapes: Shape[], context: RuleContext, problems: Problem[], written: Shape[] = shapes): Shape | RuleOutcome {
  let rank = 0;
  for (const shape of shapes) rank = Math.max(rank, shape.length);
  const output: Shape = [];
  for (let axis = 0; axis < rank; axis++) {
    // The sizes on this axis, the shapes aligned on their last: a shorter shape has none on the first.
    // (A loop: `flatMap` of one-item arrays took 1% of analysing a 500-layer U-Net, for its 28 additions.)
    const dims: Dim[] = [];
    for (const shape of shapes) if (axis - rank + shape.length >= 0) dims.push(shape[axis - rank + shape.length]);
    const dim = broadcastDim(dims, context, problems);
    if (!dim) {
      return refuse(
        `${context.source.type} cannot broadcast ${written.map((shape) => formatShape(shape)).join(' and ')}: axis ${axis - rank} has sizes ${dims.map((size) => formatShape([size]).slice(1, -1)).join(' and ')} (sizes must be equal or 1).`,
        null,
        context,
        Code.shapeMismatch,
      );
    }
    output.push(dim);
  }
  return output;
}

/**
 * A Keras merge's broadcast: the batch axes set aside, the other axes broadcast right-aligned,
 * then the batch put back. Batch sizes that are known and differ give an unknown batch, as Keras's
 * `compute_output_shape` gives `None` there.
 */
function batchFirstShapes(shapes: Shape[], context: RuleContext, problems: Problem[]): Shape | RuleOutcome {
  // A scalar has no batch axis to set aside (no Keras input is one).
  if (shapes.some((shape) => shape.length === 0)) return broadcastShapes(shapes, context, problems);
  const rest = broadcastShapes(shapes.map((shape) => shape.slice(1)), context, problems, shapes);
  if (isOutcome(rest)) return rest;
  const batches = shapes.map((shape) => shape[0]);
  const knownBatches = new Set(batches.map(knownValue).filter((size) => size !== null));
  const batch = knownBatches.size > 1 ? null : broadcastDim(batches, context, problems);
  return [batch ?? unknownDim({ because: `${describe(context)} merges inputs of batch sizes ${[...knownBatches].join(' and ')}`, span: context.source.typeSpan }), ...rest];
}

export function broadcastRule(layer: BroadcastLayer, inputs: Shape[], context: RuleContext): RuleOutcome {
  const operands = [...inputs, ...layer.constants.map((constant) => constant.value.map(knownDim))];
  const [least, most] = layer.arity;
  if (operands.length < least || operands.length > most) {
    const wanted = least === most ? `exactly ${least}` : most === Infinity ? `at least ${least}` : `${least} to ${most}`;
    return refuse(`${context.source.type} takes ${wanted} inputs; it is given ${operands.length}.`, null, context, Code.shapeMismatch);
  }
  const problems: Problem[] = [];
  const output = layer.batchFirst ? batchFirstShapes(operands, context, problems) : broadcastShapes(operands, context, problems);
  if (isOutcome(output)) return output;
  if (layer.ontoFirst && output.length !== operands[0].length) {
    return refuse(`${context.source.type}: the other operands must broadcast onto the first input ${formatShape(operands[0])}.`, null, context, Code.shapeMismatch);
  }
  return noWeights(layer.ontoFirst ? [...operands[0]] : output, problems);
}

export function broadcastReduceRule(layer: BroadcastReduceLayer, inputs: Shape[], context: RuleContext): RuleOutcome {
  if (inputs.length !== 2) return refuse(`${context.source.type} takes 2 inputs; it is given ${inputs.length}.`, null, context, Code.shapeMismatch);
  const problems: Problem[] = [];
  const shape = broadcastShapes(inputs, context, problems);
  if (isOutcome(shape)) return shape;
  const axis = normalizedAxis(layer.axis.value, shape.length);
  if (axis === null) {
    return refuse(`Dimension out of range (expected to be in range of ${axisRange(shape.length)}, but got ${layer.axis.value}).`, layer.axis.key, context, Code.shapeMismatch);
  }
  return noWeights(layer.keepDims ? shape.map((dim, index) => (index === axis ? knownDim(1) : dim)) : shape.filter((_, index) => index !== axis), problems);
}

export function dotRule(layer: DotLayer, inputs: Shape[], context: RuleContext): RuleOutcome {
  if (inputs.length !== 2) return refuse(`A \`Dot\` layer should be called on a list of 2 inputs; it is given ${inputs.length}.`, null, context, Code.shapeMismatch);
  const [first, second] = inputs;
  if (layer.maxRank !== null && (first.length > layer.maxRank || second.length > layer.maxRank)) {
    return refuse(`Dot layer does not support tensors of ${layer.maxRank + 1}D or higher rank yet.`, null, context, Code.shapeMismatch);
  }
  const axes = layer.axes.value.map((axis, index) => normalizedAxis(axis, inputs[index].length));
  if (axes[0] === null || axes[1] === null || axes[0] === 0 || axes[1] === 0) {
    return refuse(`axes ${JSON.stringify(layer.axes.value)} must name a non-batch axis of each input (${formatShape(first)}, ${formatShape(second)}).`, layer.axes.key, context);
  }
  const [a, b] = [first[axes[0]], second[axes[1]]];
  const agree = compareDims(a, b, 'equal', context.algebra);
  if (agree?.kind === 'never') {
    return refuse(
      `Incompatible input shapes: axis values ${dimText(a)} (at axis ${axes[0]}) != ${dimText(b)} (at axis ${axes[1]}). Full input shapes: ${formatShape(first)}, ${formatShape(second)}.`,
      layer.axes.key,
      context,
      Code.shapeMismatch,
    );
  }
  const problems = agree?.kind === 'sometimes' ? [sometimesProblem(`${describe(context)}: the summed axes (${dimText(a)} and ${dimText(b)}) agree`, [agree], context)] : [];
  const output = [...first.filter((_, axis) => axis !== axes[0]), ...second.filter((_, axis) => axis !== axes[1] && axis !== 0)];
  return noWeights(output.length === 1 ? [...output, knownDim(1)] : output, problems);
}

export function squeezeRule(layer: SqueezeLayer, input: Shape, context: RuleContext): RuleOutcome {
  if (!layer.axes) {
    // Without axes, which axes go depends on every size: unknown unless all are numbers.
    if (input.some((dim) => dim.kind !== 'known')) return failed();
    return noWeights(input.filter((dim) => knownValue(dim) !== 1));
  }
  const axes = normalizedAxes(layer.axes, input.length, context);
  if (isOutcome(axes)) return axes;
  const notOne = axes.find((axis) => input[axis].kind === 'known' && knownValue(input[axis]) !== 1);
  if (notOne !== undefined) {
    return refuse(
      `Squeeze: dimension ${notOne} of ${formatShape(input)} has size ${knownValue(input[notOne])}; only axes of size 1 can be removed.`,
      layer.axes.key,
      context,
      Code.shapeMismatch,
    );
  }
  return noWeights(input.filter((_, axis) => !axes.includes(axis)));
}

export function unsqueezeRule(layer: UnsqueezeLayer, input: Shape, context: RuleContext): RuleOutcome {
  const rank = input.length + layer.axes.value.length;
  const axes = normalizedAxes(layer.axes, rank, context);
  if (isOutcome(axes)) return axes;
  const rest = [...input];
  return noWeights(Array.from({ length: rank }, (_, axis) => (axes.includes(axis) ? knownDim(1) : rest.shift()!)));
}

export function reduceRule(layer: ReduceLayer, input: Shape, context: RuleContext): RuleOutcome {
  const empty = !layer.axes || layer.axes.value.length === 0;
  if (empty && layer.emptyIsIdentity) return noWeights([...input]);
  let axes: number[];
  if (empty || !layer.axes) {
    axes = input.map((_, axis) => axis);
  } else {
    const normalized = normalizedAxes(layer.axes, input.length, context);
    if (isOutcome(normalized)) return normalized;
    axes = normalized;
  }
  if (layer.keepDims) return noWeights(input.map((dim, axis) => (axes.includes(axis) ? knownDim(1) : dim)));
  return noWeights(input.filter((_, axis) => !axes.includes(axis)));
}

/** The length of `start:end:step` over a size `size`, as numpy (and ONNX `Slice`) clamps it. */
function sliceLength(size: number, start: number, end: number, step: number): number {
  const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value < 0 ? value + size : value, low), high);
  if (step > 0) return Math.max(0, Math.ceil((clamp(end, 0, size) - clamp(start, 0, size)) / step));
  return Math.max(0, Math.ceil((clamp(start, 0, size - 1) - clamp(end, -1, size - 1)) / -step));
}

/** {@link sliceLength} on a symbolic size: the same clamping, as `min`/`max` of expressions. */
function symbolicSliceLength(algebra: SymbolicAlgebra, size: SymExpr, start: number, end: number, step: number): SymValue {
  // The vocabulary clamps "to the end" (INT64_MAX) to the largest safe integer, beyond every size.
  const clamp = (value: number, low: Operand, high: Operand) =>
    Math.abs(value) >= Number.MAX_SAFE_INTEGER ? (value > 0 ? high : low) : algebra.min(algebra.max(value < 0 ? algebra.add(size, value) : value, low), high);
  const last = algebra.add(size, -1);
  const [from, to] = step > 0 ? [clamp(start, 0, size), clamp(end, 0, size)] : [clamp(start, 0, last), clamp(end, -1, last)];
  const span = step > 0 ? algebra.sub(to, from) : algebra.sub(from, to);
  return algebra.max(0, algebra.ceilDiv(span, Math.abs(step)));
}

export function sliceRule(layer: SliceLayer, input: Shape, context: RuleContext): RuleOutcome {
  const { starts, ends } = layer;
  const count = starts.value.length;
  const axesKey = layer.axes ?? { value: Array.from({ length: count }, (_, axis) => axis), key: starts.key };
  const lists = [ends, axesKey, ...(layer.steps ? [layer.steps] : [])];
  const uneven = lists.find((list) => list.value.length !== count);
  if (uneven) return refuse(`starts, ends, axes and steps must have the same length (${count}).`, uneven.key, context);
  const axes = normalizedAxes(axesKey, input.length, context);
  if (isOutcome(axes)) return axes;
  const steps = layer.steps?.value ?? axes.map(() => 1);
  if (steps.includes(0)) return refuse('Slice: a step cannot be 0.', layer.steps!.key, context);
  const output = [...input];
  axes.forEach((axis, index) => {
    const size = knownValue(input[axis]);
    const [start, end, step] = [starts.value[index], ends.value[index], steps[index]];
    const symbolic = (expr: SymExpr) => symbolicSliceLength(context.algebra, expr, start, end, step);
    output[axis] = sizeDim(size === null ? null : sliceLength(size, start, end, step), input[axis], context, symbolic);
  });
  return tooSmallUnlessPositive(output, input, context) ?? noWeights(output);
}

/** An `output-too-small` outcome when a computed size is 0 (an empty tensor is never what was meant). */
function tooSmallUnlessPositive(output: Shape, input: Shape, context: RuleContext): RuleOutcome | undefined {
  if (!output.some((dim) => knownValue(dim) === 0)) return undefined;
  return refuse(
    `${context.source.type} would produce the empty tensor ${formatShape(output)} from ${formatShape(input)}; every size must be at least 1.`,
    null,
    context,
    Code.outputTooSmall,
  );
}

export function splitRule(layer: SplitLayer, input: Shape, context: RuleContext): RuleOutcome {
  const axis = normalizedAxis(layer.axis.value, input.length);
  if (axis === null) return axisOutOfRange(layer.axis, input.length, context);
  const size = knownValue(input[axis]);
  const output = [...input];
  const problems: Problem[] = [];
  if (layer.sizes) {
    const total = layer.sizes.value.reduce((sum, part) => sum + part, 0);
    if (size !== null && total !== size) {
      return refuse(`Split: the sizes [${layer.sizes.value.join(', ')}] add up to ${total}, but axis ${axis} has size ${size}.`, layer.sizes.key, context, Code.shapeMismatch);
    }
    const comparison = size === null ? compareDims(input[axis], knownDim(total), 'equal', context.algebra) : null;
    if (comparison?.kind === 'never') {
      const message = `Split: the sizes [${layer.sizes.value.join(', ')}] add up to ${total}, but axis ${axis} has size ${dimText(input[axis])} for every allowed value.`;
      return refuse(message, layer.sizes.key, context, Code.shapeMismatch);
    }
    if (comparison?.kind === 'sometimes') problems.push(sometimesProblem(`${describe(context)} splits ${dimText(input[axis])} into sizes adding up to ${total}`, [comparison], context));
    output[axis] = knownDim(layer.sizes.value[0]);
  } else {
    const parts = layer.parts?.value ?? 1;
    // Chunks of ceil(d / n); onnxruntime refuses a split whose last output would be empty.
    if (size !== null && Math.ceil(size / parts) * (parts - 1) >= size) {
      return refuse(
        `Split: ${parts} outputs of ${Math.ceil(size / parts)} elements (the last one smaller) do not fit axis ${axis} of size ${size}; the last output would be empty.`,
        layer.parts?.key ?? null,
        context,
        Code.outputTooSmall,
      );
    }
    output[axis] = sizeDim(size === null ? null : Math.ceil(size / parts), input[axis], context, (expr) => context.algebra.ceilDiv(expr, parts));
  }
  return tooSmallUnlessPositive(output, input, context) ?? noWeights(output, problems);
}

export function gatherRule(layer: GatherLayer, input: Shape, context: RuleContext): RuleOutcome {
  const axis = normalizedAxis(layer.axis.value, input.length);
  if (axis === null) return axisOutOfRange(layer.axis, input.length, context);
  const size = knownValue(input[axis]);
  const outOfBounds = size === null ? undefined : layer.indices.value.values.find((index) => index < -size || index >= size);
  if (outOfBounds !== undefined) {
    return refuse(`indices element out of data bounds, idx=${outOfBounds} must be within the inclusive range [${-size!},${size! - 1}]`, layer.indices.key, context);
  }
  return noWeights([...input.slice(0, axis), ...layer.indices.value.shape.map(knownDim), ...input.slice(axis + 1)]);
}

export function tileRule(layer: TileLayer, input: Shape, context: RuleContext): RuleOutcome {
  const repeats = layer.repeats.value;
  if (repeats.length !== input.length) {
    return refuse(`'repeats' has ${repeats.length} values; it must have one per axis of the ${input.length}-D input.`, layer.repeats.key, context, Code.shapeMismatch);
  }
  const output = input.map((dim, axis) => {
    const size = knownValue(dim);
    return repeats[axis] === 1 ? dim : sizeDim(size === null ? null : exact(size * repeats[axis]), dim, context, (expr) => context.algebra.mul(expr, repeats[axis]));
  });
  return tooSmallUnlessPositive(output, input, context) ?? noWeights(output);
}

/**
 * ONNX `Reshape`: copies the input's size where the target says 0 (without `allowzero`), then
 * reshapes as {@link reshape} does. A copied size that is not a number leaves the output unknown.
 */
export function copyingReshapeRule(
  layer: CopyingReshapeLayer,
  input: Shape,
  context: RuleContext,
  reshape: (target: number[]) => RuleOutcome,
): RuleOutcome {
  const target = layer.shape.value;
  if (target.filter((size) => size === -1).length > 1) return refuse('Reshape: at most one dimension of the new shape can be -1.', layer.shape.key, context);
  if (layer.allowZero && target.includes(0) && target.includes(-1)) {
    return refuse('Reshape: with allowzero, the new shape cannot hold both 0 and -1.', layer.shape.key, context);
  }
  if (target.some((size, axis) => size === 0 && !layer.allowZero && axis >= input.length)) {
    return refuse(`Reshape: a 0 in the new shape copies the input's size, but the input ${formatShape(input)} has only ${input.length} axes.`, layer.shape.key, context);
  }
  const copied = target.map((size, axis) => (size === 0 && !layer.allowZero ? input[axis] : knownDim(size)));
  const unknown = copied.find((dim) => dim.kind !== 'known');
  if (!unknown) return reshape(copied.map((dim) => knownValue(dim)!));
  // A copied size that is not a number stays as it is; it cancels out of the count, so -1 is
  // what the other input axes hold over the other target sizes.
  const copies = (axis: number) => target[axis] === 0 && !layer.allowZero;
  const rest = dimProduct(input.filter((_, axis) => !copies(axis)));
  const others = product(target.filter((size, axis) => size !== -1 && !copies(axis)));
  if (rest !== null && others !== null && (target.includes(-1) ? others === 0 || rest % others !== 0 : rest !== others)) {
    return refuse(`Reshape: the input ${formatShape(input)} cannot be reshaped to the requested shape [${target.join(', ')}].`, layer.shape.key, context, Code.shapeMismatch);
  }
  const inferred = rest !== null && others !== null && others > 0 ? knownDim(rest / others) : notComputed(
          input.find((dim, axis) => !copies(axis) && dim.kind !== 'known') ?? unknown,
          context.layerReference(),
          context.source.typeSpan,
        );
  return noWeights(copied.map((dim, axis) => (target[axis] === -1 ? inferred : dim)));
}
