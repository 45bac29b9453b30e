/**
 * Shape rules of the sequence & dense family: recurrent layers and cells, embeddings, bilinear
 * layers, layer-style normalisation, attention and transformer blocks, matrix products. The
 * vocabularies describe each layer as data (which axis is batch, time or features; which outputs
 * it returns); the rules here never branch on the framework.
 *
 * A layer that returns several tensors (PyTorch `LSTM` → `(output, (h_n, c_n))`) has the first
 * as its output; the others are returned in {@link RuleOutcome.otherOutputs} for the hover.
 */
import { Code } from '../../diagnostics';
import { dimsDiffer, dimText, knownDim, knownValue, unknownDim, type Dim } from '../../dims';
import type { Shape } from '../../ir';
import { formatShape } from '../../formatting';
import type { CanonicalLayer, Declared } from '../canonical';
import type { ParamKey } from '../params';
import type { Problem } from '../problems';
import { exact, product, statedDim, statedValue, type StatedSize } from '../shapes';
import { applyRule, checkDeclared, describe, failed, rankProblem, type RuleContext, type RuleOutcome } from '../shapeRules';
import { notComputed } from '../unknowns';
import { compareDims, offsetDim, productDims } from '../dimArithmetic';
import { conditionalShapeProblem } from '../conditions';

/** What an axis of a sequence tensor holds. */
export type SequenceRole = 'batch' | 'time' | 'features';

/**
 * What an axis of a recurrent layer's output holds: `features` is every direction's step output
 * (concatenated, or merged into one), `stepFeatures` one direction's (`proj_size` or hidden),
 * `cellFeatures` the hidden size, `directions` their count, `stateRows` directions × layers.
 */
export type RecurrentAxis = SequenceRole | 'stepFeatures' | 'cellFeatures' | 'directions' | 'stateRows';

/** One tensor a layer returns: its name in the framework's documentation and its axes. */
export interface OutputTemplate<Axis extends string> {
  name: string;
  axes: readonly Axis[];
}

/** A recurrent layer (RNN/LSTM/GRU, stacked and bidirectional) or a single cell (no time axis). */
export interface RecurrentLayer {
  op: 'recurrent';
  /** The axes of the batched input. */
  input: readonly SequenceRole[];
  /** Also accepts the input without its batch axis (PyTorch); every batch axis is then dropped (not `acceptsUnbatched`: these layers have no spatial rank). */
  batchOptional: boolean;
  /** Gates per cell: 1 (simple RNN), 3 (GRU), 4 (LSTM). */
  gates: number;
  /** The hidden size; symbolic where the reader knew it as a size (SPEC §1.6): the counts are then unknown. */
  hidden: StatedSize;
  /** The size of a step's output when projected (PyTorch `proj_size`); null: the hidden size. */
  projection: number | null;
  layers: number;
  directions: number;
  /** Bias vectors per gate: PyTorch 2 (b_ih, b_hh), Keras 1 (2 for GRU `reset_after`), 0 without bias. */
  biases: number;
  /** The directions' outputs are merged into one (Keras `merge_mode` sum/mul/ave) rather than concatenated. */
  mergeDirections: boolean;
  /** The first is the layer's output. */
  outputs: readonly OutputTemplate<RecurrentAxis>[];
  /** A stated input feature count (`input_size`), checked against the input. */
  inFeatures?: Declared;
  /** A configuration the runtime refuses only once the input has passed its rank check (onnxruntime's `layout=1`). */
  refusedAfterRank?: { code: Problem['code']; message: string; key: ParamKey };
}

/** Token embeddings: `[...indices] → [...indices, dim]`; a bag sums the last index axis away. */
export interface EmbeddingLayer {
  op: 'embedding';
  /** The vocabulary size; null where the source does not say (the parameter count is then unknown). */
  count: number | null;
  /** The size of each vector; symbolic where the reader knew it as a size (SPEC §1.6). */
  dim: StatedSize;
  /** Accepted index ranks; empty for any. */
  ranks: readonly number[];
  /** The framework's words when the rank is refused (EmbeddingBag's missing `offsets`). */
  rankMessages?: Readonly<Record<number, string>>;
  /** Reduces the last axis (EmbeddingBag of a 2-D input). */
  bag: boolean;
}

/** `y = x1ᵀ A x2 + b` over the last axes of two inputs with equal leading axes. */
export interface BilinearLayer {
  op: 'bilinear';
  in1?: Declared;
  in2?: Declared;
  units: number;
  bias: boolean;
}

/**
 * Normalisation over some trailing axes (LayerNorm, RMSNorm, Keras LayerNormalization): the shape
 * is kept; parameters are `paramsPerElement` per element of the normalised axes.
 */
export interface AxisNormLayer {
  op: 'axisNorm';
  /** Normalised axes, negative counting from the end; `{ from }`: that axis and every one after it. */
  axes: readonly number[] | { from: number };
  /**
   * Sizes the normalised axes must have (PyTorch `normalized_shape`), or, with `broadcast`, sizes
   * of the weights that must broadcast to them (ONNX `Scale`), with the parameter that states them.
   */
  expected: { sizes: readonly number[]; key: ParamKey; broadcast: boolean } | null;
  paramsPerElement: number;
}

/** `numpy.einsum`-style contraction (ONNX Einsum): `ij,jk->ik`, `...` for broadcast axes. */
export interface EinsumLayer {
  op: 'einsum';
  equation: string;
  equationKey: ParamKey;
}

/** A projection of an attention layer: a dense layer from one input's features. */
export interface AttentionProjection {
  from: 'query' | 'key' | 'value' | number;
  units: number | 'query';
  bias: boolean;
}

/** Attention: query, key and value sequences → one vector per query position. */
export interface AttentionLayer {
  op: 'attention';
  /** Which tensor each input of `from` is, in the framework's call order; missing ones fall back (key → value → query). */
  order: readonly ('query' | 'key' | 'value')[];
  /** The fewest inputs the layer takes (Keras `Attention`: query and value). */
  minInputs: number;
  /** The axes of each batched input. */
  input: readonly SequenceRole[];
  batchOptional: boolean;
  /** Stated feature sizes of the inputs (PyTorch `embed_dim`, `kdim`, `vdim`). */
  queryFeatures?: Declared;
  keyFeatures?: Declared;
  valueFeatures?: Declared;
  /** The query and key must have equal features (dot-product scores without projection). */
  queryMatchesKey: boolean;
  projections: readonly AttentionProjection[];
  /** Parameters besides the projections (learned scales, bias_k/bias_v); `queryFeatures`: one per query feature. */
  extraParams: number | 'queryFeatures';
  outputFeatures: number | 'query' | 'value';
  /** Key positions the layer adds (PyTorch `add_bias_kv`, `add_zero_attn`). */
  extraKeys: number;
  heads: number;
  /** The attention weights, if the layer returns them. */
  weights: OutputTemplate<'batch' | 'heads' | 'target' | 'source'> | null;
}

/** A transformer block or stack: the shape of input `outputFrom` is kept; every input must have `model` features. */
export interface TransformerLayer {
  op: 'transformer';
  input: readonly SequenceRole[];
  batchOptional: boolean;
  /** Inputs the block takes (source, target / memory). */
  inputs: number;
  outputFrom: number;
  model: Declared;
  /** The code of a feature mismatch: PyTorch raises it in attention or, with `norm_first`, in LayerNorm. */
  mismatchCode: Problem['code'];
  params: number;
  /** For the multiply-adds: the feed-forward width and how many encoder and decoder blocks run. */
  feedForward: number;
  encoderBlocks: number;
  decoderBlocks: number;
  /** The input the encoder blocks run on, and the decoder blocks' memory; the input of the decoder blocks. */
  sourceFrom: number;
  targetFrom: number;
}

/**
 * Attention over heads without projections (ONNX `Attention`, opset 23): Q, K, V either 3-D
 * `[batch, seq, heads·head_size]` with the head counts given, or 4-D `[batch, heads, seq, head_size]`.
 * Outputs `Y`, then `present_key`, `present_value`, `qk_matmul_output`.
 */
export interface HeadAttentionLayer {
  op: 'headAttention';
  /** Head counts of the query and of key/value (needed for 3-D inputs), with their parameters. */
  queryHeads: { value: number; key: ParamKey } | null;
  kvHeads: { value: number; key: ParamKey } | null;
}

/** A layer applied to every step of the time axis (axis 1) alike (Keras `TimeDistributed`). */
export interface TimeDistributedLayer {
  op: 'timeDistributed';
  inner: CanonicalLayer;
}

/** Batched matrix product with numpy broadcasting (ONNX MatMul, `torch.matmul`). */
export interface MatMulLayer {
  op: 'matmul';
}

/** The ops of this family whose layers take several inputs through `from`. */
/** The inner layer on `[batch, *rest]` of an input `[batch, time, *rest]`; the time axis is put back after it. */
export function timeDistributedRule(layer: TimeDistributedLayer, input: Shape, context: RuleContext): RuleOutcome {
  if (input.length < 3) return failed([rankProblem(context, 'an input of rank 3 or more ([batch, time, …])', input)]);
  const inner = applyRule(layer.inner, [[input[0], ...input.slice(2)]], context);
  const steps = knownValue(input[1]);
  return {
    ...inner,
    output: inner.output && [inner.output[0], input[1], ...inner.output.slice(1)],
    macs: inner.macs === null || steps === null ? null : exact(inner.macs * steps),
  };
}

/** Head attention: every head of the query attends to its group's key and value heads. */
export function headAttentionRule(layer: HeadAttentionLayer, inputs: Shape[], context: RuleContext): RuleOutcome {
  if (inputs.length !== 3) return failed([inputCountProblem(context, '3 inputs (Q, K, V)', inputs.length)]);
  const [q, k, v] = inputs;
  const rank = q.length;
  if ((rank !== 3 && rank !== 4) || k.length !== rank || v.length !== rank) {
    return failed([rankProblem(context, 'Q, K and V all 3-D or all 4-D', inputs.find((shape) => shape.length !== rank) ?? q)]);
  }
  const sizes = (shape: Shape) => shape.map(knownValue);
  const [qs, ks, vs] = [sizes(q), sizes(k), sizes(v)];
  const seq = rank === 3 ? 1 : 2;
  if (ks[seq] !== null && vs[seq] !== null && ks[seq] !== vs[seq]) return failed([mismatchProblem(context, `K and V need the same sequence length; they are ${formatShape(k)} and ${formatShape(v)}`)]);
  const qHeads = rank === 4 ? qs[1] : (layer.queryHeads?.value ?? null);
  const kvHeads = rank === 4 ? ks[1] : (layer.kvHeads?.value ?? null);
  if (rank === 3 && (!layer.queryHeads || !layer.kvHeads)) {
    return failed([{ code: Code.invalidParameter, message: `${describe(context)} needs q_num_heads and kv_num_heads for 3-D inputs.`, span: context.source.typeSpan }]);
  }
  if (qHeads !== null && kvHeads !== null && qHeads % kvHeads !== 0) {
    return failed([{ code: Code.invalidParameter, message: `${describe(context)}: q_num_heads (${qHeads}) must be a multiple of kv_num_heads (${kvHeads}).`, span: context.params.spanOf(layer.queryHeads?.key ?? 'q_num_heads') }]);
  }
  const perHead = (size: number | null, heads: number | null) => (rank === 4 ? size : size === null || heads === null || size % heads !== 0 ? null : size / heads);
  const [head, keyHead, valueHead] = [perHead(qs[rank - 1], qHeads), perHead(ks[rank - 1], kvHeads), perHead(vs[rank - 1], kvHeads)];
  if (rank === 3 && [qs[2], ks[2], vs[2]].some((size, index) => size !== null && size % (index === 0 ? qHeads! : kvHeads!) !== 0)) {
    return failed([{ code: Code.channelMismatch, message: `${describe(context)}: the hidden sizes ${formatShape(q)}, ${formatShape(k)}, ${formatShape(v)} do not divide into q_num_heads = ${qHeads} and kv_num_heads = ${kvHeads} heads.`, span: context.source.typeSpan }]);
  }
  if (head !== null && keyHead !== null && head !== keyHead) {
    return failed([{ code: Code.channelMismatch, message: `${describe(context)}: query and key heads need the same size; they have ${head} and ${keyHead}.`, span: context.source.typeSpan }]);
  }
  const known = (size: number | null, fallback: Dim) => sizeDim(size, fallback, context);
  const last = rank - 1;
  const output = rank === 4 ? [q[0], q[1], q[2], v[3]] : [q[0], q[1], known(qHeads === null || valueHead === null ? null : qHeads * valueHead, v[2])];
  const headsDim = (count: number | null, fallback: Dim) => (rank === 4 ? fallback : known(count, fallback));
  const others = [
    { name: 'present_key', shape: [k[0], headsDim(kvHeads, k[1]), k[seq], known(keyHead, k[last])] },
    { name: 'present_value', shape: [v[0], headsDim(kvHeads, v[1]), v[seq], known(valueHead, v[last])] },
    { name: 'qk_matmul_output', shape: [q[0], headsDim(qHeads, q[1]), q[seq], k[seq]] },
  ];
  const macs = product([qs[0], qHeads, qs[seq], ks[seq], head === null || valueHead === null ? null : head + valueHead]);
  return { output, params: 0, macs, problems: [], otherOutputs: others };
}

export const MULTI_INPUT_OPS = ['bilinear', 'attention', 'headAttention', 'transformer', 'matmul', 'einsum'] as const;

/** A tensor's batch, time and feature dimensions by role; null where the rank does not fit. */
function rolesOf(shape: Shape, roles: readonly SequenceRole[], unbatched: boolean): Partial<Record<SequenceRole, Dim>> | null {
  const axes = unbatched ? roles.filter((role) => role !== 'batch') : roles;
  if (shape.length !== axes.length) return null;
  const found: Partial<Record<SequenceRole, Dim>> = {};
  axes.forEach((role, axis) => (found[role] = shape[axis]));
  return found;
}

/** Whether the input lacks its batch axis (one axis fewer than the layer's batched layout). */
function isUnbatched(input: Shape, roles: readonly SequenceRole[], batchOptional: boolean): boolean {
  return batchOptional && input.length === roles.length - 1;
}

function expectedRank(roles: readonly SequenceRole[], batchOptional: boolean): string {
  return batchOptional ? `a ${roles.length}-D input (or ${roles.length - 1}-D without batch)` : `a ${roles.length}-D input`;
}

/** A number as a dimension, or the input's own unknown where the number is not known. */
function sizeDim(size: number | null, fallback: Dim, context: RuleContext): Dim {
  return size === null ? notComputed(fallback, context.layerReference(), context.source.typeSpan) : knownDim(size);
}

/** Recurrent layers and cells: `gates·hidden·(in + out)` weights per layer and direction, plus biases and projection. */
export function recurrentRule(layer: RecurrentLayer, input: Shape, context: RuleContext): RuleOutcome {
  const unbatched = isUnbatched(input, layer.input, layer.batchOptional);
  const roles = rolesOf(input, layer.input, unbatched);
  if (!roles) return failed([rankProblem(context, expectedRank(layer.input, layer.batchOptional), input)]);
  const refusal = layer.refusedAfterRank;
  if (refusal) return failed([{ code: refusal.code, message: refusal.message, span: context.params.spanOf(refusal.key) }]);
  const features = knownValue(roles.features);
  const refused = checkDeclared(layer.inFeatures, features, 'features', context);
  if (refused.length > 0) return failed(refused);
  const hidden = statedValue(layer.hidden);
  const stepSize = layer.projection ?? layer.hidden;
  const stepDim = statedDim(stepSize);
  const sizes: Record<Exclude<RecurrentAxis, SequenceRole>, Dim> = {
    stepFeatures: stepDim,
    cellFeatures: statedDim(layer.hidden),
    directions: knownDim(layer.directions),
    stateRows: knownDim(layer.directions * layer.layers),
  };
  const all = layer.mergeDirections ? stepDim : productDims([stepDim, sizes.directions], context);
  const shapeOf = (axes: readonly RecurrentAxis[]): Shape =>
    axes
      .filter((axis) => !(unbatched && axis === 'batch'))
      .map((axis) => (axis === 'features' ? all : axis === 'batch' || axis === 'time' ? roles[axis]! : sizes[axis]));
  const [first, ...rest] = layer.outputs;
  const step = statedValue(stepSize);
  let weights: number | null = 0;
  let params: number | null = 0;
  for (let index = 0; index < layer.layers && features !== null && hidden !== null && step !== null; index++) {
    const inSize = index === 0 ? features : step * layer.directions;
    const perDirection = layer.gates * hidden * (inSize + step) + (layer.projection === null ? 0 : layer.projection * hidden);
    weights = exact(weights! + perDirection * layer.directions);
    params = exact(params! + (perDirection + layer.gates * hidden * layer.biases) * layer.directions);
    if (weights === null || params === null) break;
  }
  if (features === null || hidden === null) weights = params = null;
  const positions = product([knownValue(roles.time ?? knownDim(1)), unbatched ? 1 : knownValue(roles.batch)]);
  return {
    output: shapeOf(first.axes),
    params,
    macs: weights === null || positions === null ? null : exact(weights * positions),
    problems: [],
    ...(rest.length > 0 && { otherOutputs: rest.map((output) => ({ name: output.name, shape: shapeOf(output.axes) })) }),
  };
}

/** Embeddings: one vector of `dim` per index; `count·dim` parameters. */
export function embeddingRule(layer: EmbeddingLayer, input: Shape, context: RuleContext): RuleOutcome {
  if (layer.ranks.length > 0 && !layer.ranks.includes(input.length)) {
    const message = layer.rankMessages?.[input.length];
    const problem = rankProblem(context, `a ${layer.ranks.join('-D or ')}-D input of indices`, input);
    return failed([message ? { ...problem, message: `${problem.message} ${message}` } : problem]);
  }
  const kept = layer.bag ? input.slice(0, -1) : input;
  const params = layer.count === null ? null : product([layer.count, statedValue(layer.dim)]);
  return { output: [...kept, statedDim(layer.dim)], params, macs: 0, problems: [] };
}

/** Bilinear: `in1·in2·units` weights; the leading axes of both inputs must agree. */
export function bilinearRule(layer: BilinearLayer, inputs: Shape[], context: RuleContext): RuleOutcome {
  if (inputs.length !== 2) return failed([inputCountProblem(context, '2 inputs', inputs.length)]);
  const [first, second] = inputs;
  if (first.length < 1 || first.length !== second.length) return failed([rankProblem(context, `a second input of rank ${first.length}`, second)]);
  const in1 = knownValue(first[first.length - 1]);
  const in2 = knownValue(second[second.length - 1]);
  const refused = [...checkDeclared(layer.in1, in1, 'features', context), ...checkDeclared(layer.in2, in2, 'features', context)];
  if (refused.length > 0) return failed(refused);
  const leading = leadingMismatch(first.slice(0, -1), second.slice(0, -1));
  if (leading) return failed([mismatchProblem(context, `its inputs' leading dimensions differ: ${formatShape(first)} and ${formatShape(second)}`)]);
  const weights = product([in1, in2, layer.units]);
  const params = weights === null ? null : exact(weights + (layer.bias ? layer.units : 0));
  const positions = product(first.slice(0, -1).map(knownValue));
  return { output: [...first.slice(0, -1), knownDim(layer.units)], params, macs: weights === null || positions === null ? null : product([weights, positions]), problems: [] };
}

/** Normalisation over trailing axes: the shape is kept. */
export function axisNormRule(layer: AxisNormLayer, input: Shape, context: RuleContext): RuleOutcome {
  const written = 'from' in layer.axes ? [layer.axes.from] : layer.axes;
  const first = 'from' in layer.axes ? (layer.axes.from < 0 ? layer.axes.from + input.length : layer.axes.from) : 0;
  const axes = 'from' in layer.axes ? input.map((_, axis) => axis).slice(first) : layer.axes.map((axis) => (axis < 0 ? axis + input.length : axis));
  if (first < 0 || axes.some((axis) => axis < 0 || axis >= input.length)) {
    return failed([rankProblem(context, `axis ${written.join(', ')} to normalise`, input)]);
  }
  const sizes = axes.map((axis) => knownValue(input[axis]));
  const expected = layer.expected;
  if (expected && !fitsExpected(sizes, expected.sizes, expected.broadcast)) {
    const what = expected.broadcast ? 'weights of shape' : 'the normalised shape';
    return failed([
      {
        code: Code.shapeMismatch,
        message: `${describe(context)} states ${what} [${expected.sizes.join(', ')}], which does not fit the normalised dimensions of its input ${formatShape(input)}.`,
        span: context.params.spanOf(expected.key),
      },
    ]);
  }
  const elements = expected?.broadcast ? product(expected.sizes) : product(sizes);
  const params = elements === null ? null : exact(elements * layer.paramsPerElement);
  // One multiply-add per element for the affine part, none without it.
  const macs = layer.paramsPerElement === 0 ? 0 : product(input.map(knownValue));
  return { output: [...input], params, macs, problems: [] };
}

/** Whether normalised sizes fit the stated ones: equal, or (`broadcast`) the stated ones broadcast to them. */
function fitsExpected(sizes: readonly (number | null)[], expected: readonly number[], broadcasts: boolean): boolean {
  if (!broadcasts) return expected.length === sizes.length && sizes.every((size, index) => size === null || size === expected[index]);
  if (expected.length > sizes.length) return false;
  const offset = sizes.length - expected.length;
  return expected.every((size, index) => size === 1 || sizes[offset + index] === null || sizes[offset + index] === size);
}

/** Attention: the query's shape with `outputFeatures`; key and value must have the same length. */
export function attentionRule(layer: AttentionLayer, inputs: Shape[], context: RuleContext): RuleOutcome {
  if (inputs.length > layer.order.length || inputs.length < layer.minInputs) {
    const expected = layer.minInputs === layer.order.length ? `${layer.order.length}` : `${layer.minInputs} to ${layer.order.length}`;
    return failed([inputCountProblem(context, `${expected} inputs (${layer.order.join(', ')})`, inputs.length)]);
  }
  const byName: Partial<Record<'query' | 'key' | 'value', Shape>> = {};
  layer.order.forEach((name, index) => (byName[name] = inputs[index]));
  const query = byName.query!;
  const value = byName.value ?? query;
  const key = byName.key ?? value;
  const unbatched = isUnbatched(query, layer.input, layer.batchOptional);
  const [q, k, v] = [query, key, value].map((shape) => rolesOf(shape, layer.input, unbatched));
  if (!q || !k || !v) {
    const bad = [query, key, value].find((shape) => !rolesOf(shape, layer.input, unbatched)) ?? query;
    return failed([rankProblem(context, expectedRank(layer.input, layer.batchOptional) + ' for query, key and value alike', bad)]);
  }
  const [qf, kf, vf] = [q, k, v].map((roles) => knownValue(roles.features));
  const refused = [
    ...checkDeclared(layer.queryFeatures, qf, 'features', context),
    ...checkDeclared(layer.keyFeatures, kf, 'key features', context),
    ...checkDeclared(layer.valueFeatures, vf, 'value features', context),
  ];
  if (refused.length > 0) return failed(refused);
  if (layer.queryMatchesKey && qf !== null && kf !== null && qf !== kf) {
    return failed([{ code: Code.channelMismatch, message: `${describe(context)} scores query against key by dot product: both need the same features, but they have ${qf} and ${kf}.`, span: context.source.typeSpan }]);
  }
  const [kt, vt] = [knownValue(k.time), knownValue(v.time)];
  // Lengths that are expressions compare for every allowed value (a warning where they agree for some only).
  const lengths = compareDims(k.time!, v.time!, 'equal', context.algebra);
  if (lengths?.kind === 'never') {
    return failed([mismatchProblem(context, `key and value need the same length; they are ${formatShape(key)} and ${formatShape(value)}`)]);
  }
  const problems: Problem[] = [];
  if (lengths?.kind === 'sometimes') {
    const subject = `${describe(context)}: key and value lengths (${dimText(k.time!)} and ${dimText(v.time!)}) agree`;
    problems.push(conditionalShapeProblem({ subject, comparisons: [lengths], span: context.source.from?.span ?? context.source.typeSpan, model: context.model, algebra: context.algebra }));
  }
  const batches = [q, k, v].map((roles) => (roles.batch ? knownValue(roles.batch) : null)).filter((size) => size !== null);
  if (batches.some((size) => size !== batches[0])) {
    return failed([mismatchProblem(context, `query, key and value need the same batch size; they are ${formatShape(query)}, ${formatShape(key)} and ${formatShape(value)}`)]);
  }
  const featuresOf = { query: qf, key: kf, value: vf };
  const outFeatures = layer.outputFeatures === 'query' ? qf : layer.outputFeatures === 'value' ? vf : layer.outputFeatures;
  const batch = unbatched ? 1 : knownValue(q.batch);
  const positionsOf = { query: product([batch, knownValue(q.time)]), key: product([batch, kt]), value: product([batch, vt]) };
  let params: number | null = layer.extraParams === 'queryFeatures' ? qf : layer.extraParams;
  let macs: number | null = 0;
  for (const projection of layer.projections) {
    const inSize = typeof projection.from === 'number' ? projection.from : featuresOf[projection.from];
    const units = projection.units === 'query' ? qf : projection.units;
    const weights = product([inSize, units]);
    params = params === null || weights === null || units === null ? null : exact(params + weights + (projection.bias ? units : 0));
    // The output projection (from a fixed size) runs once per query position.
    const positions = positionsOf[typeof projection.from === 'number' ? 'query' : projection.from];
    macs = macs === null || weights === null || positions === null ? null : exact(macs + weights * positions);
  }
  const output = query.map((dim, axis) => (dim === q.features && axis === query.length - 1 ? sizeDim(outFeatures, dim, context) : dim));
  // add_bias_kv / add_zero_attn append key positions: S + extra, an expression where S is one.
  const weightSizes = { batch: q.batch, heads: knownDim(layer.heads), target: q.time!, source: offsetDim(k.time!, layer.extraKeys, context) };
  const weights = layer.weights;
  const others = weights && [{ name: weights.name, shape: weights.axes.filter((axis) => !(unbatched && axis === 'batch')).map((axis) => weightSizes[axis]!) }];
  return { output, params, macs, problems, ...(others && { otherOutputs: others }) };
}

/** Transformer blocks: every input has `model` features; the output has the shape of input `outputFrom`. */
export function transformerRule(layer: TransformerLayer, inputs: Shape[], context: RuleContext): RuleOutcome {
  if (inputs.length !== layer.inputs) return failed([inputCountProblem(context, `${layer.inputs} input${layer.inputs === 1 ? '' : 's'}`, inputs.length)]);
  const unbatched = isUnbatched(inputs[0], layer.input, layer.batchOptional);
  const roles = inputs.map((shape) => rolesOf(shape, layer.input, unbatched));
  const badRank = roles.findIndex((found) => !found);
  if (badRank >= 0) return failed([rankProblem(context, expectedRank(layer.input, layer.batchOptional), inputs[badRank])]);
  const batches = roles.map((found) => (found!.batch ? knownValue(found!.batch) : null)).filter((size) => size !== null);
  if (batches.some((size) => size !== batches[0])) {
    return failed([mismatchProblem(context, `its inputs need the same batch size; they are ${inputs.map((shape) => formatShape(shape)).join(' and ')}`)]);
  }
  for (const found of roles) {
    const refused = checkDeclared(layer.model, knownValue(found!.features), 'features', context);
    if (refused.length > 0) return failed(refused.map((problem) => ({ ...problem, code: layer.mismatchCode })));
  }
  const length = (index: number) => knownValue(roles[index]!.time!);
  const batch = unbatched ? 1 : knownValue(roles[0]!.batch!);
  return { output: [...inputs[layer.outputFrom]], params: layer.params, macs: transformerMacs(layer, length(layer.sourceFrom), length(layer.targetFrom), batch), problems: [] };
}

/**
 * Multiply-adds of the matrix products in the blocks (norms and biases aside), with model size E,
 * feed-forward F, source length S and target length T per batch element: an encoder block
 * `4E²S + 2S²E + 2EFS` (projections, scores and weighted sum, feed-forward); a decoder block
 * `4E²T + 2T²E` (self-attention) `+ 2E²T + 2E²S + 2TSE` (attention to the memory) `+ 2EFT`.
 */
function transformerMacs(layer: TransformerLayer, source: number | null, target: number | null, batch: number | null): number | null {
  if (source === null || target === null || batch === null) return null;
  const [e, f, s, t] = [layer.model.value, layer.feedForward, source, target];
  const encoder = 4 * e * e * s + 2 * s * s * e + 2 * e * f * s;
  const decoder = 4 * e * e * t + 2 * t * t * e + 2 * e * e * t + 2 * e * e * s + 2 * t * s * e + 2 * e * f * t;
  return exact(batch * (layer.encoderBlocks * encoder + layer.decoderBlocks * decoder));
}

/** numpy `matmul`: 1-D operands are promoted and the added axis removed; leading axes broadcast. */
export function matmulRule(inputs: Shape[], context: RuleContext): RuleOutcome {
  if (inputs.length !== 2) return failed([inputCountProblem(context, '2 inputs', inputs.length)]);
  const [a, b] = inputs;
  if (a.length === 0 || b.length === 0) return failed([mismatchProblem(context, 'both operands need at least one dimension')]);
  const left = a.length === 1 ? [knownDim(1), a[0]] : a;
  const right = b.length === 1 ? [b[0], knownDim(1)] : b;
  const [innerDim, otherInner] = [left[left.length - 1], right[right.length - 2]];
  const inner = knownValue(innerDim);
  const agree = compareDims(innerDim, otherInner, 'equal', context.algebra);
  if (agree?.kind === 'never') {
    return failed([{ code: Code.channelMismatch, message: `${describe(context)}: the operands ${formatShape(a)} and ${formatShape(b)} cannot be multiplied (${dimText(innerDim)} vs ${dimText(otherInner)}).`, span: context.source.typeSpan }]);
  }
  const problems: Problem[] = [];
  if (agree?.kind === 'sometimes') {
    const subject = `${describe(context)}: the inner sizes (${dimText(innerDim)} and ${dimText(otherInner)}) agree`;
    problems.push(conditionalShapeProblem({ subject, comparisons: [agree], span: context.source.typeSpan, model: context.model, algebra: context.algebra }));
  }
  const batch = broadcast(left.slice(0, -2), right.slice(0, -2), undecidedAxis(context));
  if (!batch) return failed([mismatchProblem(context, `the leading dimensions of ${formatShape(a)} and ${formatShape(b)} do not broadcast`)]);
  const output = [...batch, ...(a.length === 1 ? [] : [left[left.length - 2]]), ...(b.length === 1 ? [] : [right[right.length - 1]])];
  return { output, params: 0, macs: product([...output.map(knownValue), inner]), problems };
}

/** An einsum equation's operand terms and output term (null: implicit), each a list of letters and `...`. */
function parseEinsum(equation: string): { operands: string[][]; output: string[] | null } | null {
  const compact = equation.replace(/\s+/g, '');
  const [left, right, ...rest] = compact.split('->');
  const term = (text: string) => (/^[A-Za-z]*(\.\.\.)?[A-Za-z]*$/.test(text) ? text.replace('...', '.').split('').map((letter) => (letter === '.' ? '...' : letter)) : null);
  const operands = left.split(',').map(term);
  const output = right === undefined ? null : term(right);
  if (rest.length > 0 || operands.some((operand) => operand === null) || (right !== undefined && output === null)) return null;
  return { operands: operands as string[][], output };
}

/** Einsum: every letter has one size across the operands (or 1, which broadcasts); the output lists the kept letters. */
export function einsumRule(layer: EinsumLayer, inputs: Shape[], context: RuleContext): RuleOutcome {
  const parsed = parseEinsum(layer.equation);
  if (!parsed) {
    return failed([{ code: Code.invalidParameter, message: `${describe(context)}: '${layer.equation}' is not an einsum equation.`, span: context.params.spanOf(layer.equationKey) }]);
  }
  if (parsed.operands.length !== inputs.length) return failed([inputCountProblem(context, `${parsed.operands.length} inputs (one per operand of '${layer.equation}')`, inputs.length)]);
  const sizes = new Map<string, Dim>();
  let ellipsis: Shape = [];
  for (const [index, term] of parsed.operands.entries()) {
    const shape = inputs[index];
    const letters = term.filter((letter) => letter !== '...');
    const at = term.indexOf('...');
    if (at < 0 ? shape.length !== letters.length : shape.length < letters.length) {
      return failed([mismatchProblem(context, `operand ${index} ('${term.join('')}') does not fit its input ${formatShape(shape)}`)]);
    }
    const broadDims = at < 0 ? [] : shape.slice(at, at + shape.length - letters.length);
    const merged = broadcast(ellipsis, broadDims, undecidedAxis(context));
    if (!merged) return failed([mismatchProblem(context, `the '...' dimensions of its inputs do not broadcast`)]);
    ellipsis = merged;
    const dims = at < 0 ? shape : [...shape.slice(0, at), ...shape.slice(at + broadDims.length)];
    for (const [position, letter] of letters.entries()) {
      const seen = sizes.get(letter);
      const combined = seen ? broadcast([seen], [dims[position]], undecidedAxis(context)) : [dims[position]];
      if (!combined) return failed([mismatchProblem(context, `'${letter}' has two sizes, ${knownValue(seen)} and ${knownValue(dims[position])}`)]);
      sizes.set(letter, combined[0]);
    }
  }
  const counts = new Map<string, number>();
  for (const letter of parsed.operands.flat()) counts.set(letter, (counts.get(letter) ?? 0) + 1);
  const kept = parsed.output ?? ['...', ...[...counts.keys()].filter((letter) => letter !== '...' && counts.get(letter) === 1).sort()];
  const unknownLetter = kept.find((letter) => letter !== '...' && !sizes.has(letter));
  if (unknownLetter) {
    return failed([{ code: Code.invalidParameter, message: `${describe(context)}: the output letter '${unknownLetter}' of '${layer.equation}' is in no operand.`, span: context.params.spanOf(layer.equationKey) }]);
  }
  const output = kept.flatMap((letter) => (letter === '...' ? ellipsis : [sizes.get(letter)!]));
  return { output, params: 0, macs: product([...ellipsis, ...sizes.values()].map(knownValue)), problems: [] };
}

/**
 * numpy broadcasting of two shapes; null when two known sizes differ and neither is 1. A size
 * against a known size other than 1 can only be that size (or fail); two different symbols could
 * broadcast either way, so that axis is unknown, named by `unknownAxis`.
 */
function broadcast(a: Shape, b: Shape, unknownAxis: (x: Dim, y: Dim) => Dim): Shape | null {
  const rank = Math.max(a.length, b.length);
  const output: Shape = [];
  for (let axis = 0; axis < rank; axis++) {
    const x = a[a.length - rank + axis];
    const y = b[b.length - rank + axis];
    if (!x || !y) {
      output.push((x ?? y)!);
      continue;
    }
    const [xs, ys] = [knownValue(x), knownValue(y)];
    if (xs === 1) output.push(y);
    else if (ys === 1) output.push(x);
    else if (xs !== null && ys !== null) {
      if (xs !== ys) return null;
      output.push(x);
    } else if (xs !== null) output.push(x);
    else if (ys !== null) output.push(y);
    else output.push(dimsDiffer(x, y) || x.kind === 'unknown' ? unknownAxis(x, y) : x);
  }
  return output;
}

/** The axis where two sizes ConvLens cannot compare broadcast: unknown, saying so. */
function undecidedAxis(context: RuleContext): (x: Dim, y: Dim) => Dim {
  return (x, y) =>
    x.kind === 'unknown' ? x : y.kind === 'unknown' ? y : unknownDim({ because: `${describe(context)} broadcasts ${dimText(x)} against ${dimText(y)}, which could give either`, span: context.source.typeSpan });
}

function leadingMismatch(a: Shape, b: Shape): boolean {
  return a.some((dim, axis) => {
    const [x, y] = [knownValue(dim), knownValue(b[axis])];
    return x !== null && y !== null && x !== y;
  });
}

function mismatchProblem(context: RuleContext, what: string): Problem {
  return { code: Code.shapeMismatch, message: `${describe(context)}: ${what}.`, span: context.source.from?.span ?? context.source.typeSpan };
}

function inputCountProblem(context: RuleContext, expected: string, given: number): Problem {
  return { code: Code.shapeMismatch, message: `${describe(context)} takes ${expected}; \`from\` gives ${given}.`, span: context.source.from?.span ?? context.source.typeSpan };
}
