/**
 * Target checks: a transposed convolution's output against what consumes it — its `expect`,
 * the other inputs of a merge, a `CenterCrop like:` — and the `output_padding` (or output-size)
 * quick fix when one valid value would match.
 */
import { Code, type RelatedInformation } from '../diagnostics';
import { knownDim, knownValue, type UnknownReason } from '../dims';
import type { Shape, SourceLayer, SourceModel, Span } from '../ir';
import type { CanonicalLayer, OutputKnob } from './canonical';
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

export function producerSpan(graph: Graph, producer: Producer): Span {
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
