/**
 * Target checks: a transposed convolution's output against what consumes it — its `expect`,
 * the other inputs of a merge, a `CenterCrop like:` — and the `output_padding` (or output-size)
 * quick fix when one valid value would match.
 */
import { Code, type RelatedInformation } from '../diagnostics';
import { knownDim, knownValue, type Dim, type UnknownReason } from '../dims';
import type { SymbolicAlgebra } from '../symbolic';
import { conditionalShapeProblem, type Sometimes } from './conditions';
import { exprOf } from './dimArithmetic';
import type { Shape, SourceLayer, SourceModel, Span } from '../ir';
import type { CanonicalLayer, OutputKnob } from './canonical';
import type { Comparison } from '../symbolic';
import type { LayerParams } from './params';
import { axisLabels } from './formulas';
import { entrySpan, findParam, type FixValue, type Problem, setParamEdit } from './problems';
import type { TransposedOutcome } from './shapeRules';
import { formatShape } from '../formatting';
import { formatValue } from '../writers';
import { compact, spatialAxes } from './shapes';

/** Where a layer's input comes from. */
export type Producer = { kind: 'layer'; index: number } | { kind: 'input'; index: number };

/** What the engine knows about one layer while propagating. */
export interface LayerNode {
  index: number;
  name: string;
  source: SourceLayer;
  /** The layer's arguments under their parameter names; absent for a type the vocabulary does not know. */
  params?: LayerParams;
  canonical: CanonicalLayer | null;
  producers: Producer[];
  output: Shape | null;
  /** Why {@link output} is unknown (or has an unknown dimension): the reason where that started. */
  unknown?: UnknownReason;
  transposed?: TransposedOutcome;
  /** Why this layer's output is unknown, when the reader told where that started. */
  unknownBecause?: UnknownReason;
}

/** The engine's state as seen by target checks. */
export interface Graph {
  model: SourceModel;
  nodes: LayerNode[];
  inputShapes: (Shape | null)[];
  /** Why an input's shape is unknown, where it is. */
  inputUnknown: (UnknownReason | undefined)[];
}

/** How the producer's spatial sizes must relate to the target's. */
export type Relation = 'equal' | 'atMost' | 'atLeast';

/** Shape-preserving layers a transposed convolution's output may pass through unchanged. */
const PASS_THROUGH = new Set<CanonicalLayer['op']>(['elementwise', 'norm']);

/** The transposed convolution whose output reaches `producer` unchanged, if any. */
export function transposedSource(graph: Graph, producer: Producer): LayerNode | null {
  let current = producer;
  // Bounded by the layer count: producers always point backwards.
  while (current.kind === 'layer') {
    const node = graph.nodes[current.index];
    if (node.transposed) return node;
    if (!node.canonical || !PASS_THROUGH.has(node.canonical.op) || node.producers.length !== 1) return null;
    current = node.producers[0];
  }
  return null;
}

export function producerShape(graph: Graph, producer: Producer): Shape | null {
  return producer.kind === 'layer' ? graph.nodes[producer.index].output : graph.inputShapes[producer.index];
}

/** Why the producer's shape is unknown (undefined when it is known). */
export function producerUnknown(graph: Graph, producer: Producer): UnknownReason | undefined {
  return producer.kind === 'layer' ? graph.nodes[producer.index].unknown : graph.inputUnknown[producer.index];
}

export function producerName(graph: Graph, producer: Producer): string {
  if (producer.kind === 'input') return `input '${graph.model.inputs[producer.index].name}'`;
  const node = graph.nodes[producer.index];
  return node.source.name !== undefined ? `${node.source.type} '${node.name}'` : `${node.source.type} (layer ${node.index})`;
}

function producerSpan(graph: Graph, producer: Producer): Span {
  return producer.kind === 'layer' ? graph.nodes[producer.index].source.typeSpan : graph.model.inputs[producer.index].span;
}

export function relatedTo(graph: Graph, producer: Producer, message: string): RelatedInformation {
  return { span: producerSpan(graph, producer), message };
}

function desiredSize(current: number, target: number, reachable: [number, number], relation: Relation): number | null {
  const [min, max] = reachable;
  let wanted = target;
  if (relation === 'atMost') wanted = current <= target ? current : Math.min(target, max);
  if (relation === 'atLeast') wanted = current >= target ? current : Math.max(target, min);
  return wanted >= min && wanted <= max ? wanted : null;
}

/**
 * The `output-padding-mismatch` problem for transposed convolution `node` whose spatial sizes
 * must relate to `target` (null entries: no constraint), or null when no single knob setting
 * reaches the target.
 */
export function outputPaddingFix(
  graph: Graph,
  node: LayerNode,
  target: (number | null)[],
  relation: Relation,
  why: string,
  related: RelatedInformation[],
): Problem | null {
  const transposed = node.transposed;
  const output = node.output;
  const knob = transposed?.layer.knob;
  const params = node.params;
  if (!transposed || !knob || !output || !params) return null;
  const positions = spatialAxes(output, transposed.layer.channelsLast);
  const desired: number[] = [];
  for (const [axis, resolved] of transposed.axes.entries()) {
    const dim = output[positions[axis]];
    if (!resolved || dim.kind !== 'known') return null;
    const current = dim.value;
    const wanted = target[axis] === null ? current : desiredSize(current, target[axis], resolved.reachable, relation);
    if (wanted === null) return null;
    desired.push(wanted);
  }
  const values = desired.map((size, axis) => size - (transposed.axes[axis]?.knobOffset ?? 0));
  const targetShape = [...output];
  positions.forEach((position, axis) => (targetShape[position] = knownDim(desired[axis])));
  const keys = typeof knob.key === 'string' ? [knob.key] : knob.key;
  const value = knobValue(knob, values, targetShape);
  const written = formatValue(graph.model.syntax, value);
  const entry = findParam(params.entries, keys);
  return {
    code: Code.outputPaddingMismatch,
    message:
      `${node.source.type} '${node.name}' produces ${formatShape(output)}, but ${why} needs ${formatShape(targetShape)}; ` +
      `set ${keys[0]} to ${written}.`,
    span: entry ? entrySpan(entry) : node.source.typeSpan,
    layer: node.name,
    related,
    fixes: [{ title: `Set ${keys[0]} to ${written}`, edits: [setParamEdit(graph.model, params, keys[0], value, keys)], preferred: true }],
  };
}

/**
 * The whole value a knob is set to, from the per-axis values and the full target shape: one
 * value for output padding when every axis agrees; the full shape for an output size written so,
 * when that shape is fully known, else the spatial sizes.
 */
function knobValue(knob: OutputKnob, values: number[], target: Shape): FixValue {
  if (knob.kind === 'outputPadding') return compact(values);
  if (!knob.writtenFull) return values;
  const full = target.map((dim) => knownValue(dim) ?? NaN);
  return full.some(Number.isNaN) ? values : full;
}

/** A sentence on what a transposed convolution could reach, for shape-mismatch messages. */
export function reachableNote(node: LayerNode | null): string {
  const axes = node?.transposed?.axes;
  if (!node || !axes || axes.some((axis) => axis === null)) return '';
  const labels = axisLabels(axes.length);
  const ranges = axes.map((axis, index) => `${labels[index]} ${axis?.reachable[0]}..${axis?.reachable[1]}`);
  const knob = node.transposed?.layer.knob;
  return knob
    ? ` ${node.source.type} '${node.name}' can only produce ${ranges.join(', ')} from its input by changing ${typeof knob.key === 'string' ? knob.key : knob.key[0]}.`
    : ` ${node.source.type} '${node.name}' has no output padding to adjust.`;
}

/** How many output-padding values are tried on a symbolic axis (the framework's bound is the stride). */
const MAX_TRIED_OUTPUT_PADDING = 16;

/**
 * For a transposed convolution on symbolic sizes whose spatial output must equal `target`: the
 * output padding per axis that makes it equal for every allowed value, or, where no single value
 * does, which value fits which sizes (`H: 1 when H is even, 0 when H is odd`). Null when the layer
 * has no output padding to set or an axis cannot be decided.
 */
function symbolicOutputPadding(node: LayerNode, target: readonly Dim[], algebra: SymbolicAlgebra): { values: number[] } | { note: string } | null {
  const transposed = node.transposed;
  if (!transposed || transposed.layer.knob?.kind !== 'outputPadding' || !transposed.symbolicAxes.some((axis) => axis !== null)) return null;
  const labels = axisLabels(transposed.layer.rank);
  const values: number[] = [];
  const notes: string[] = [];
  for (const [axis, symbolic] of transposed.symbolicAxes.entries()) {
    const concrete = transposed.axes[axis];
    const wanted = target[axis];
    if (!symbolic) {
      if (!concrete || wanted.kind !== 'known' || wanted.value !== concrete.output) return null;
      values.push(concrete.output - concrete.knobOffset);
      continue;
    }
    const wantedExpr = exprOf(wanted, algebra);
    if (!symbolic.knob || symbolic.output.kind !== 'symbolic' || !wantedExpr) return null;
    const { value: current, range } = symbolic.knob;
    const choices: { value: number; comparison: Comparison }[] = [];
    for (let value = range[0]; value <= Math.min(range[1], range[0] + MAX_TRIED_OUTPUT_PADDING - 1); value++) {
      const output = algebra.add(symbolic.output.expr, value - current);
      choices.push({ value, comparison: output.kind === 'expr' ? algebra.equalWhen(output, wantedExpr) : { kind: 'undecided', reason: output.reason } });
    }
    const always = choices.find((choice) => choice.comparison.kind === 'always');
    if (always) {
      values.push(always.value);
      continue;
    }
    const partial = choices.flatMap(({ value, comparison }) => (comparison.kind === 'sometimes' && comparison.condition ? [`${value} when ${comparison.condition.text}`] : []));
    if (partial.length === 0) return null;
    notes.push(`${labels[axis]}: ${partial.join(', ')}`);
  }
  return notes.length > 0 ? { note: notes.join('; ') } : { values };
}

/**
 * The problem of a transposed convolution on symbolic sizes whose output must equal `target`
 * (spatial sizes): where one output padding fits every allowed value, `output-padding-mismatch`
 * (when the current value never fits) or `conditional-shape` (when it fits for some values,
 * `conditional`) with the fix that sets it; where the right value depends on the sizes, the
 * `conditional-shape` warning says which value fits which sizes. Null when neither applies.
 */
export function symbolicOutputPaddingProblem(
  graph: Graph,
  node: LayerNode,
  target: readonly Dim[],
  why: string,
  related: RelatedInformation[],
  algebra: SymbolicAlgebra,
  conditional: readonly Sometimes[] | null,
): Problem | null {
  const knob = node.transposed?.layer.knob;
  const params = node.params;
  if (!knob || !params || !node.output) return null;
  const choice = symbolicOutputPadding(node, target, algebra);
  if (!choice) return null;
  const keys = typeof knob.key === 'string' ? [knob.key] : knob.key;
  const entry = findParam(params.entries, keys);
  const span = entry ? entrySpan(entry) : node.source.typeSpan;
  const subject = `${node.source.type} '${node.name}' matches ${why}`;
  if ('note' in choice) {
    if (!conditional) return null;
    const note = ` No single ${keys[0]} fits every size: ${choice.note}.`;
    return { ...conditionalShapeProblem({ subject, comparisons: conditional, span, model: graph.model, algebra, related, note }), layer: node.name };
  }
  const value = compact(choice.values);
  const written = formatValue(graph.model.syntax, value);
  const fix = { title: `Set ${keys[0]} to ${written}`, edits: [setParamEdit(graph.model, params, keys[0], value, keys)], preferred: true };
  if (conditional) {
    const note = ` With ${keys[0]} = ${written} it matches for every size.`;
    return { ...conditionalShapeProblem({ subject, comparisons: conditional, span, model: graph.model, algebra, related, fixes: [fix], note }), layer: node.name };
  }
  return {
    code: Code.outputPaddingMismatch,
    message: `${node.source.type} '${node.name}' produces ${formatShape(node.output)}, but ${why} needs another size; set ${keys[0]} to ${written}, which fits every size.`,
    span,
    layer: node.name,
    related,
    fixes: [fix],
  };
}
