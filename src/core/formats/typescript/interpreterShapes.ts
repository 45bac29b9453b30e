/**
 * Shapes of TF.js tensors while the program is interpreted (SPEC.md §1.3): real code reads them
 * (`if (x.shape[3] !== filters)`, `units: x.shape[1] * 2`, `const [, h, w, c] = x.shape`,
 * `model.outputShape`). They come from the shape engine itself, the rules that make the final
 * result: the layers applied so far are read as the reader reads them (`TfjsReader`) into one
 * growing model, each graph node and each layer of a sequential model once, when a shape that
 * needs it is first read. The model as the program finally built it is analysed again, and shown,
 * by the engine as before; nothing here reports anything.
 *
 * A shape reads as TF.js gives it: the batch `null` (unless the program fixed it), a symbolic size
 * as a symbolic number, a size the engine cannot know as an unknown that says why.
 */
import type * as TS from 'typescript';
import type { Dim, Shape, UnknownReason } from '../../dims';
import type { GrowingModelAnalysis } from '../../engine/analyzeModel';
import type { SourceInput, SourceLayer } from '../../ir';
import { INTERPRETER_BUDGETS } from '../../limits';
import { sameExpr, symbolsOf } from '../../symbolic';
import { formatExpression } from '../../symbolic/format';
import { JsArray, SymbolicNumber, Unknown, type GraphInput, type GraphLayer, type GraphNode, type SequentialModel, type Value } from './interpreterValues';
import { NO_INPUT_SHAPE, sequentialInput, untakenName, type TfjsReader } from './typescriptTfjs';
import { numberAt, stringAt, unknownAt } from './typescriptValues';

/** Starts the engine's analysis of a model that grows as the program builds it. */
export type StartGrowingAnalysis = () => GrowingModelAnalysis;

/** A tensor's shape as the engine found it: the shape, or null and why not; `several` for a layer that returns several tensors. */
export interface TensorShape {
  output: Shape | null;
  unknown: UnknownReason | undefined;
  several: boolean;
}

/** The batch dimension TF.js leaves open, as the reader writes it in an input shape. */
const BATCH_SYMBOL = 'N';

/** One sequential model as far as it was read into the growing model. */
interface SequentialReading {
  /** The output of each member read so far. */
  shapes: TensorShape[];
  /** The index of the last member's layer in the growing model. */
  last: number;
}

/** The shapes of one interpretation's tensors and models, computed on demand. */
export class TensorShapes {
  private analysis: GrowingModelAnalysis | undefined;
  private readonly layerIndex = new Map<GraphLayer, number>();
  private readonly inputNames = new Map<GraphInput, string>();
  private readonly shapes = new Map<GraphNode, TensorShape>();
  private readonly sequentials = new WeakMap<SequentialModel, SequentialReading>();
  /** Names of the growing model's inputs and layers: a `from` names an input, and a layer of that name would stand in for it. */
  private readonly inputNameSet = new Set<string>();
  private readonly layerNames = new Set<string>();
  private layers = 0;
  /** What every shape read gets once the growing model is at its budget. */
  private beyondBudget: TensorShape | undefined;

  constructor(
    private readonly reader: TfjsReader,
    private readonly start: StartGrowingAnalysis,
  ) {}

  private get growing(): GrowingModelAnalysis {
    return (this.analysis ??= this.start());
  }

  /** The shape of the output of a graph node (`tf.input(...)`, `layer.apply(x)`), its sources read first. */
  ofNode(root: GraphNode): TensorShape {
    const known = this.shapes.get(root);
    if (known) return known;
    // Iterative post-order, as the reader orders a graph: a graph may be as deep as the loops that built it.
    const stack: { node: GraphNode; expanded: boolean }[] = [{ node: root, expanded: false }];
    while (stack.length > 0) {
      const top = stack.pop()!;
      if (this.shapes.has(top.node)) continue;
      if (top.node.kind === 'input') {
        this.shapes.set(top.node, this.addInput(top.node));
        continue;
      }
      if (top.expanded) {
        this.shapes.set(top.node, this.addGraphLayer(top.node));
        continue;
      }
      stack.push({ node: top.node, expanded: true });
      for (const source of top.node.sources) if (!(source instanceof Unknown) && !this.shapes.has(source)) stack.push({ node: source, expanded: false });
    }
    return this.shapes.get(root)!;
  }

  /** The output of the first `count` (at least 1) members of a sequential model: the model's output when `count` is all of them. */
  ofSequential(model: SequentialModel, count: number): TensorShape {
    let reading = this.sequentials.get(model);
    if (!reading) this.sequentials.set(model, (reading = { shapes: [], last: -1 }));
    for (let position = reading.shapes.length; position < count; position++) {
      const over = this.overBudget(model.call);
      if (over) return over;
      const built = this.reader.sequentialMember(model.members[position], model.call);
      const span = built.layer.span;
      if (position > 0) built.layer.from = numberAt(reading.last, span.start, span.end);
      else {
        const input = sequentialInput(built);
        built.layer.from = input
          ? stringAt(this.addSourceInput(input).name, span.start, span.end)
          : unknownAt('', span.start, span.end, NO_INPUT_SHAPE);
      }
      reading.last = this.layers;
      reading.shapes.push(this.addLayer(built.layer));
    }
    return reading.shapes[count - 1];
  }

  private addInput(node: GraphInput): TensorShape {
    const { name, shape } = this.addSourceInput(this.reader.graphInput(node, this.inputNameSet.size, node.call));
    this.inputNames.set(node, name);
    return shape;
  }

  /** Adds an input to the growing model under a name no other input or layer of it has. */
  private addSourceInput(written: SourceInput): { name: string; shape: TensorShape } {
    const name = untakenName(written.name, (candidate) => this.inputNameSet.has(candidate) || this.layerNames.has(candidate));
    this.inputNameSet.add(name);
    const { shape, unknown } = this.growing.addInput({ ...written, name });
    return { name, shape: { output: shape, unknown, several: false } };
  }

  private addGraphLayer(node: GraphLayer): TensorShape {
    const over = this.overBudget(node.apply);
    if (over) return over;
    const layer = this.reader.graphLayer(node, this.layerIndex, this.inputNames, node.apply);
    this.layerIndex.set(node, this.layers);
    return this.addLayer(layer);
  }

  /**
   * The unknown every shape read gets once the growing model has {@link INTERPRETER_BUDGETS}`.layers`
   * layers: the engine's work for them is bounded as the models' own layers are (hostile code that
   * reads `x.shape` in a loop of 10,000 blocks, found by the fuzzer, took seconds).
   */
  private overBudget(site: TS.Node): TensorShape | undefined {
    if (this.layers < INTERPRETER_BUDGETS.layers) return undefined;
    // One unknown for every later read, located at the first: such code reads shapes thousands of times.
    this.beyondBudget ??= {
      output: null,
      unknown: { because: `ConvLens computes the shapes the code reads for its first ${INTERPRETER_BUDGETS.layers.toLocaleString('en-US')} layers`, span: this.reader.span(site) },
      several: false,
    };
    return this.beyondBudget;
  }

  private addLayer(layer: SourceLayer): TensorShape {
    // A layer named as an input would be taken for it by the `from` of a later layer.
    if (layer.name !== undefined && this.inputNameSet.has(layer.name)) layer.name = undefined;
    if (layer.name !== undefined) this.layerNames.add(layer.name);
    this.layers++;
    const result = this.growing.addLayer(layer);
    return { output: result.output, unknown: result.unknown, several: (result.otherOutputs?.length ?? 0) > 0 };
  }
}

/**
 * A shape as the program reads it (`x.shape`): an array of sizes, the batch `null` where TF.js
 * leaves it open; or an unknown that says why. `what` names the read in reasons (`` `x.shape` ``).
 */
export function shapeValue(shape: TensorShape, what: string, site: TS.Node): Value {
  if (shape.several) return new Unknown(`${what} is several tensors, whose shapes ConvLens does not hand to the code`, site);
  if (!shape.output) return new Unknown(`${what} is not known: ${shape.unknown?.because ?? 'ConvLens cannot compute it'}`, site);
  return new JsArray(shape.output.map((dim, axis) => sizeValue(dim, axis, what, site)));
}

function sizeValue(dim: Dim, axis: number, what: string, site: TS.Node): Value {
  if (dim.kind === 'known') return dim.value;
  if (dim.kind === 'unknown') return new Unknown(`size ${axis} of ${what} is not known: ${dim.reason.because}`, site);
  if (symbolsOf(dim.expr).some((symbol) => symbol.name === BATCH_SYMBOL)) {
    const [term] = dim.expr.terms;
    const batch = axis === 0 && dim.expr.terms.length === 1 && dim.expr.constant === 0 && term.coefficient === 1 && term.atom.kind === 'symbol';
    return batch ? null : new Unknown(`size ${axis} of ${what} depends on the batch size, which TF.js leaves open`, site);
  }
  const text = formatExpression(dim.expr);
  return new SymbolicNumber(`size ${axis} of ${what} is \`${text}\`, which depends on symbolic sizes`, site, dim.expr, 1);
}

/** Whether two shapes are the same for every value of their symbols (an unknown size is never known to be). */
export function sameShape(a: TensorShape, b: TensorShape): boolean {
  if (!a.output || !b.output || a.several || b.several || a.output.length !== b.output.length) return false;
  return a.output.every((dim, axis) => sameDim(dim, b.output![axis]));
}

function sameDim(a: Dim, b: Dim): boolean {
  if (a.kind === 'known' && b.kind === 'known') return a.value === b.value;
  return a.kind === 'symbolic' && b.kind === 'symbolic' && sameExpr(a.expr, b.expr);
}
