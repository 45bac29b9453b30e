/**
 * The shape engine: propagates shapes through a {@link SourceModel}, layer by layer, and reports
 * what the framework would refuse or what does not fit, as diagnostics with codes and spans.
 */
import { internalError, type AnalyzeOptions } from '../analyzeOptions';
import type { LayerResult, ModelResult } from '../results';
import { Code, SEVERITY, type Diagnostic, type RelatedInformation } from '../diagnostics';
import { UNKNOWN_TEXT, exprDim, firstUnknown, knownDim, knownValue, unknownDim, type Dim, type UnknownReason } from '../dims';
import { type SymbolicAlgebra, constantValue, parseExpression, readsAsNumber } from '../symbolic';
import { compareDims, type DimRelation } from './dimArithmetic';
import { type Sometimes, conditionalShapeProblem, readAssumptions } from './conditions';
import { plainSpan, type ReaderOutputRule, type Shape, type SourceInput, type SourceLayer, type SourceModel, type SourceValue, type Span } from '../ir';
import type { CanonicalLayer, ConcatLayer, AddLayer, CenterCropLayer, FrameworkVocabulary, LayerEntry } from './canonical';
import { LayerParams, type ParamsOptions } from './params';
import type { Problem } from './problems';
import { applyRule, type RuleContext, type RuleOutcome } from './shapeRules';
import { formatShape, shorten } from '../formatting';
import { MAX_TENSOR_RANK, channelAxis, spatialAxes } from './shapes';
import {
  type Graph,
  type LayerNode,
  type Producer,
  type Relation,
  outputPaddingFix,
  producerName,
  producerShape,
  producerUnknown,
  reachableNote,
  relatedTo,
  symbolicOutputPaddingProblem,
  transposedSource,
} from './targets';
import { LayerTitles } from './titles';
import { MULTI_INPUT_OPS } from './rules/sequence';
import { reasonFromProblem, refusedReason, unfoldedReason } from './unknowns';

/** A failure carries the problem to report or, where there is none, why the result is unknown. */
type Resolved<T> = { ok: true; value: T } | { ok: false; problem?: Problem; reason?: UnknownReason };

function problemAt(span: Span, message: string, code: Problem['code'] = Code.invalidParameter): Problem {
  return { code, message, span };
}

/** What symbolic sizes are read under: the model's algebra and the values bound by `--define`. */
interface SizeContext {
  algebra: SymbolicAlgebra;
  defines: Readonly<Record<string, number>> | undefined;
}

/**
 * A size written as an expression (`H`, `H/2`, `2*W - 1`; SPEC §1.6) under the model's
 * assumptions, with the defined symbols replaced by their values (a defined symbol is concrete
 * from the start).
 */
function readSizeExpression(text: string, span: Span, what: string, sizes: SizeContext): Resolved<Dim> {
  if (readsAsNumber(text)) {
    return { ok: false, problem: problemAt(span, `${what}: '${shorten(text, 40)}' is not a size; each dimension must be a positive integer or a symbol such as N.`) };
  }
  const parsed = parseExpression(text, sizes.algebra);
  // Text that is no expression (`batch size`) names a size, as any symbol does.
  let value = parsed.ok ? parsed.value : sizes.algebra.symbol(text);
  if (sizes.defines && value.kind === 'expr') value = sizes.algebra.substitute(value, sizes.defines);
  if (value.kind === 'unknown') return { ok: true, value: unknownDim({ because: `${what} '${shorten(text, 40)}': ${value.reason}`, span }) };
  const constant = constantValue(value);
  if (constant === undefined) return { ok: true, value: exprDim(value) };
  if (constant < 1) return { ok: false, problem: problemAt(span, `${what}: '${shorten(text, 40)}' is ${constant}; each dimension must be a positive integer or a symbol such as N.`) };
  return { ok: true, value: knownDim(constant) };
}

/** Reads a shape literal (`[N, 3, 32, 32]`): positive integers, symbols and expressions, `?` (or `null`: left open). */
function readShape(value: SourceValue, what: string, sizes: SizeContext): Resolved<Shape> {
  if (value.kind === 'unknown') return { ok: false, reason: unfoldedReason(what, value) };
  if (value.kind !== 'list') return { ok: false, problem: problemAt(value.span, `${what} must be a list of dimensions, e.g. [N, 3, 32, 32].`) };
  if (value.items.length > MAX_TENSOR_RANK) {
    return { ok: false, problem: problemAt(value.span, `${what} has more than ${MAX_TENSOR_RANK} dimensions.`) };
  }
  const shape: Shape = [];
  for (const [axis, item] of value.items.entries()) {
    // A value the reader knows only as a symbolic size (TS: a size parameter nobody passes) is that size.
    const text = item.kind === 'unknown' ? item.size : item.kind === 'string' && item.value !== UNKNOWN_TEXT ? item.value : undefined;
    if (item.kind === 'unknown' && text === undefined) shape.push(unknownDim(unfoldedReason(`dimension ${axis} of ${what}`, item)));
    else if (item.kind === 'null' || (item.kind === 'string' && item.value === UNKNOWN_TEXT)) {
      shape.push(unknownDim({ because: `${what} leaves dimension ${axis} open`, span: item.span }));
    } else if (text !== undefined && text.length > 0) {
      const size = readSizeExpression(text, item.span, `dimension ${axis} of ${what}`, sizes);
      if (!size.ok) return size;
      shape.push(size.value);
    } else if (item.kind === 'number' && Number.isSafeInteger(item.value) && item.value >= 1) shape.push(knownDim(item.value));
    else if (item.kind === 'number' && Math.abs(item.value) > Number.MAX_SAFE_INTEGER) {
      return { ok: false, problem: problemAt(item.span, `${what}: this dimension is too large; dimensions must be at most ${Number.MAX_SAFE_INTEGER} (2^53 − 1).`) };
    } else {
      return { ok: false, problem: problemAt(item.span, `${what}: each dimension must be a positive integer or a symbol such as N.`) };
    }
  }
  return { ok: true, value: shape };
}

/** Turns engine problems into diagnostics of a layer. */
function toDiagnostic(problem: Problem, layer?: string): Diagnostic {
  return {
    code: problem.code,
    severity: problem.severity ?? SEVERITY[problem.code],
    message: problem.message,
    span: plainSpan(problem.span),
    ...((problem.layer ?? layer) !== undefined && { layer: problem.layer ?? layer }),
    ...(problem.related && { related: problem.related.map((related) => ({ ...related, span: plainSpan(related.span) })) }),
    ...(problem.fixes && { fixes: problem.fixes }),
  };
}

/** A layer's name in results and references: its `name`, else its index. */
function layerNameOf(layer: SourceLayer, index: number): string {
  return layer.name ?? String(index);
}

/** Ops whose layers take several inputs through `from`. */
const MERGES = new Set<CanonicalLayer['op']>(['concat', 'add', 'broadcast', 'broadcastReduce', 'dot', ...MULTI_INPUT_OPS]);

/** A layer type the vocabulary knows: its entry, how its parameters are read, and the rule name the hover shows. */
interface LayerType {
  entry: LayerEntry;
  options: ParamsOptions;
  rule: string;
}

/** What the shape rule of one layer may consult (a class, so no closure per layer). */
class LayerRuleContext implements RuleContext {
  readonly vocabulary: FrameworkVocabulary;
  readonly model: SourceModel;
  readonly source: SourceLayer;

  constructor(
    private readonly analysis: ModelAnalysis,
    private readonly node: LayerNode,
    readonly params: LayerParams,
  ) {
    this.vocabulary = analysis.vocabulary;
    this.model = analysis.model;
    this.source = node.source;
  }

  lookup(ref: string | number): Shape | null | undefined {
    return this.analysis.lookup(ref, this.node.index);
  }

  get algebra(): SymbolicAlgebra {
    return this.analysis.algebra;
  }

  layerReference(): string {
    return producerName(this.analysis, { kind: 'layer', index: this.node.index });
  }
}

class ModelAnalysis implements Graph {
  readonly nodes: LayerNode[] = [];
  readonly inputShapes: (Shape | null)[] = [];
  readonly inputUnknown: (UnknownReason | undefined)[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly results: LayerResult[] = [];
  /** The first layer of each name among the first `layersByNameIndexed` (most models refer to none by name). */
  private layerByName: Map<string, number> | undefined;
  private layersByNameIndexed = 0;
  private readonly inputByName = new Map<string, number>();
  readonly vocabulary: FrameworkVocabulary;
  /** Layer types met so far, so that each is looked up in the vocabulary once per model. */
  private readonly layerTypes = new Map<string, LayerType | null>();
  private readonly titles = new LayerTitles();
  /** Symbolic sizes under the model's `assume:`. */
  readonly algebra: SymbolicAlgebra;
  private readonly sizes: SizeContext;

  constructor(
    readonly model: SourceModel,
    vocabulary: FrameworkVocabulary,
    private readonly options: AnalyzeOptions,
  ) {
    this.vocabulary = vocabulary;
    const assumptions = readAssumptions(model.assume, model.implied);
    for (const problem of assumptions.problems) this.diagnostics.push(toDiagnostic(problem));
    this.algebra = assumptions.algebra;
    const defines = options.defines && Object.keys(options.defines).length > 0 ? options.defines : undefined;
    this.sizes = { algebra: this.algebra, defines };
    model.inputs.forEach((input, index) => this.readInput(input, index));
  }

  /** Reads the shape of `model.inputs[index]`. */
  readInput(input: SourceInput, index: number): void {
    const what = `input '${input.name}'`;
    const shape = readShape(input.shape, what, this.sizes);
    if (!shape.ok && shape.problem) this.diagnostics.push(toDiagnostic(shape.problem));
    this.inputShapes.push(shape.ok ? shape.value : null);
    this.inputUnknown.push(shape.ok ? undefined : (shape.reason ?? (shape.problem && reasonFromProblem(`${what} is not a valid shape`, shape.problem))));
    if (!this.inputByName.has(input.name)) this.inputByName.set(input.name, index);
  }

  run(): ModelResult {
    const layers = this.model.layers;
    for (let index = 0; index < layers.length; index++) this.analyzeLayer(layers[index], index);
    const madeBy = this.model.madeBy;
    return {
      name: this.model.name ?? '',
      framework: this.model.framework,
      span: plainSpan(this.model.span),
      layers: this.results,
      ...(madeBy && { madeBy: { call: plainSpan(madeBy.call), group: madeBy.group.map(plainSpan), ...(madeBy.beyond !== undefined && { beyond: madeBy.beyond }) } }),
    };
  }

  /** A reference in `from:` or `like:`: a layer name, an input name, an index, a negative offset. */
  private resolveReference(value: SourceValue, index: number): Resolved<Producer> {
    if (value.kind === 'unknown') return { ok: false, reason: unfoldedReason('the reference', value) };
    if (value.kind === 'string') {
      const layer = this.firstLayerNamed(value.value, index);
      if (layer !== undefined) return { ok: true, value: { kind: 'layer', index: layer } };
      const input = this.inputByName.get(value.value);
      if (input !== undefined) return { ok: true, value: { kind: 'input', index: input } };
      const later = this.model.layers.findIndex((layer, position) => position >= index && layerNameOf(layer, position) === value.value);
      const message =
        later >= 0
          ? `'${value.value}' is layer ${later}, ${later === index ? 'this layer itself' : 'which comes after this one'}; a layer can only take earlier outputs.`
          : `no layer or input is named '${value.value}'.`;
      return { ok: false, problem: problemAt(value.span, message) };
    }
    if (value.kind === 'number' && Number.isSafeInteger(value.value)) {
      const absolute = value.value < 0 ? index + value.value : value.value;
      if (absolute >= 0 && absolute < index) return { ok: true, value: { kind: 'layer', index: absolute } };
      if (absolute === -1 && this.model.inputs.length > 0) return { ok: true, value: { kind: 'input', index: 0 } };
      return {
        ok: false,
        problem: problemAt(value.span, `${value.value} does not name an earlier layer (this is layer ${index}; use 0..${index - 1} or -1..-${index + 1}).`),
      };
    }
    return { ok: false, problem: problemAt(value.span, 'a reference must be a layer name, an input name or a layer index.') };
  }

  /**
   * The index of the first layer called `name` before layer `before`. The names are indexed as
   * far as references reach: a functional TF.js model names its input in its first layer's
   * `from`, and indexing all 500 layers' names for it took 2% of the analysis of such a model.
   */
  private firstLayerNamed(name: string, before: number): number | undefined {
    const byName = (this.layerByName ??= new Map());
    const layers = this.model.layers;
    for (; this.layersByNameIndexed < before; this.layersByNameIndexed++) {
      const layerName = layerNameOf(layers[this.layersByNameIndexed], this.layersByNameIndexed);
      if (!byName.has(layerName)) byName.set(layerName, this.layersByNameIndexed);
    }
    const layer = byName.get(name);
    return layer !== undefined && layer < before ? layer : undefined;
  }

  /** The producers of a layer's inputs: `from:` or the previous layer (the model input first). */
  private resolveProducers(source: SourceLayer, index: number, isMerge: boolean): Resolved<Producer[]> {
    const from = source.from;
    if (!from || from.kind === 'null') {
      if (index > 0) return { ok: true, value: [{ kind: 'layer', index: index - 1 }] };
      if (this.model.inputs.length > 0) return { ok: true, value: [{ kind: 'input', index: 0 }] };
      return { ok: false, reason: { because: 'the model states no input', span: this.model.span } };
    }
    const references = from.kind === 'list' ? from.items : [from];
    if (!isMerge && references.length !== 1) {
      return { ok: false, problem: problemAt(from.span, `${source.type} takes one input; \`from\` lists ${references.length}.`) };
    }
    if (references.length > MAX_TENSOR_RANK * 16) {
      return { ok: false, problem: problemAt(from.span, `\`from\` lists ${references.length} inputs; that is more than ConvLens follows.`) };
    }
    if (references.length === 0) return { ok: false, problem: problemAt(from.span, '`from` lists no inputs.') };
    const producers: Producer[] = [];
    for (const reference of references) {
      const resolved = this.resolveReference(reference, index);
      if (!resolved.ok) return resolved;
      producers.push(resolved.value);
    }
    return { ok: true, value: producers };
  }

  analyzeLayer(source: SourceLayer, index: number): void {
    const name = layerNameOf(source, index);
    const node: LayerNode = { index, name, source, canonical: null, producers: [], output: null };
    this.nodes.push(node);
    const result: LayerResult = {
      index,
      name,
      // A model's output picked among tensors by undecided code is no layer: its title says what it stands for.
      title: source.name ?? (source.undecidedOutput ? 'output' : this.titles.next(source.type)),
      type: source.type,
      span: plainSpan(source.span),
      typeSpan: plainSpan(source.typeSpan),
      hintOffset: source.hintOffset,
      ...(source.builtElsewhere !== undefined && { builtElsewhere: source.builtElsewhere }),
      input: null,
      inputs: [],
      output: null,
      params: null,
      macs: null,
    };
    this.results.push(result);
    const problems: Problem[] = [];
    let unknown: UnknownReason | undefined;
    let failure: Diagnostic | undefined;
    try {
      unknown = this.propagate(node, result, problems);
    } catch (error) {
      // A last resort: a bug in one rule must not take the whole document's analysis down, nor be blamed on the model.
      node.output = null;
      result.output = null;
      failure = internalError(error, source.typeSpan, this.options.logger, name);
      unknown = { because: `ConvLens failed on ${this.layerReference(index)} (a bug in ConvLens, not in the model)`, span: source.typeSpan, reported: failure.severity };
    }
    // A layer another file's code built is not written here: no edit of this file fixes it.
    if (source.builtElsewhere) for (const problem of problems) delete problem.fixes;
    for (const problem of problems) this.diagnostics.push(toDiagnostic(problem, name));
    if (failure) this.diagnostics.push(failure);
    if (source.trainable) countTrainable(result, source.trainable);
    if (result.output) unknown = firstUnknown(result.output);
    else unknown ??= { because: `ConvLens cannot compute the output of ${this.layerReference(index)}`, span: source.typeSpan };
    if (unknown) {
      node.unknown = unknown;
      result.unknown = unknown;
    }
  }

  /** `Concat 'cat3'`, or `Concat (layer 6)` for an unnamed layer: how reasons name a layer. */
  private layerReference(index: number): string {
    return producerName(this, { kind: 'layer', index });
  }

  /** Computes the layer's output; when it stays unknown, answers why (the reason where the unknown started). */
  private propagate(node: LayerNode, result: LayerResult, problems: Problem[]): UnknownReason | undefined {
    const { source, index } = node;
    if (source.undecidedOutput && source.unknownInput) {
      result.params = 0;
      result.macs = 0;
      return { because: source.unknownInput.because, span: plainSpan(source.unknownInput.span) };
    }
    // Reasons name the layer (`this.layerReference(index)`) only on the paths that return one: most layers do not.
    const layerType = this.layerType(source.type);
    if (!layerType) {
      const computed = source.outputRule && this.readerOutput(node, result, source.outputRule);
      if (computed && 'output' in computed) return undefined;
      // A layer its reader computes (a TF.js custom layer) on an input that is not known: the unknown started upstream.
      if (computed && 'upstream' in computed) return computed.upstream;
      const problem = this.unknownLayerProblem(source, computed?.because);
      problems.push(problem);
      const layer = source.name !== undefined ? `layer '${source.name}'` : `layer ${index}`;
      return reasonFromProblem(`${layer} has type '${shorten(source.type, 80)}', which ${this.vocabulary.label} does not know`, problem);
    }
    result.rule = layerType.rule;
    // The reader saw code it cannot follow before this layer (a call it does not follow that
    // receives the model or a tensor): its input is unknown whatever came before, for that reason.
    if (source.unknownInput) return { because: source.unknownInput.because, span: plainSpan(source.unknownInput.span) };
    const producers = this.resolveProducers(source, index, true);
    const firstShape = producers.ok ? producerShape(this, producers.value[0]) : null;
    const params = new LayerParams(source, layerType.options);
    node.params = params;
    const canonical = layerType.entry.build(params, {
      spatialRank: firstShape ? firstShape.length - 2 : null,
      inputRank: firstShape ? firstShape.length : null,
      type: source.type,
    });
    node.canonical = canonical;
    for (const problem of params.problems) problems.push(problem);
    if (!producers.ok) {
      if (!producers.problem) return producers.reason;
      problems.push(producers.problem);
      return reasonFromProblem(`the input of ${this.layerReference(index)} cannot be found`, producers.problem);
    }
    if (!MERGES.has(canonical.op) && producers.value.length > 1) {
      const problem = problemAt(source.from?.span ?? source.typeSpan, `${source.type} takes one input; \`from\` lists ${producers.value.length}.`);
      problems.push(problem);
      return reasonFromProblem(`${this.layerReference(index)} is given ${producers.value.length} inputs`, problem);
    }
    node.producers = producers.value;
    const inputs = producers.value.map((producer) => producerShape(this, producer));
    result.inputs = inputs;
    result.input = inputs[0] ?? null;
    const missing = inputs.findIndex((shape) => !shape);
    // The unknown started upstream: its reason travels on.
    if (missing >= 0) return producerUnknown(this, producers.value[missing]);
    const refusal = params.problems.find((problem) => (problem.severity ?? SEVERITY[problem.code]) === 'error');
    if (params.invalid) return refusal && refusedReason(this.layerReference(index), this.vocabulary.label, refusal);
    if (params.indeterminate) {
      return params.unfolded
        ? unfoldedReason(`\`${params.unfolded.name}\` of ${this.layerReference(index)}`, params.unfolded.value)
        : { because: `the parameters of ${this.layerReference(index)} include ${source.indeterminate ? 'a spread' : 'values'} ConvLens cannot fold`, span: source.span };
    }
    const known = inputs as Shape[];
    const relationProblem =
      canonical.op === 'concat' || canonical.op === 'add'
        ? this.checkMerge(node, canonical, known, problems)
        : canonical.op === 'broadcast'
          ? this.checkBroadcastMerge(node, known)
          : canonical.op === 'centerCrop'
            ? this.checkCrop(node, canonical, known[0], problems)
            : undefined;
    if (relationProblem !== undefined) {
      if ('unknown' in relationProblem) return relationProblem.unknown;
      problems.push(relationProblem);
      const what = canonical.op === 'centerCrop' ? `${this.layerReference(index)} cannot crop its input to that size` : `the inputs of ${this.layerReference(index)} do not line up`;
      return reasonFromProblem(what, relationProblem);
    }
    const outcome: RuleOutcome = applyRule(canonical, known, new LayerRuleContext(this, node, params));
    for (const problem of outcome.problems) problems.push(problem);
    node.output = outcome.output;
    if (outcome.transposed) node.transposed = outcome.transposed;
    result.output = outcome.output;
    if (outcome.otherOutputs) result.otherOutputs = outcome.otherOutputs;
    result.params = outcome.params;
    const frozen = this.vocabulary.frozen?.(params, source.type) ?? false;
    if (frozen !== false) countTrainable(result, frozen === true ? { frozen: true, by: '`trainable: false`' } : { unknown: frozen });
    result.macs = outcome.macs;
    if (outcome.axes && outcome.axes.length > 0) result.axes = outcome.axes;
    if (outcome.transposed) result.transposedConv = outcome.transposed.geometry;
    if (source.expect && outcome.output) {
      const expectProblem = this.checkExpect(node, source.expect, outcome.output, problems);
      if (expectProblem) problems.push(expectProblem);
    }
    const refused = outcome.problems.find((problem) => (problem.severity ?? SEVERITY[problem.code]) === 'error');
    return outcome.output || !refused ? undefined : refusedReason(this.layerReference(index), this.vocabulary.label, refused);
  }

  /**
   * A size a layer's parameter states as an expression (`units: hidden`, read by `LayerParams.size`):
   * its dimension where it is at least 1 for every value of its symbols, else unknown.
   */
  private readonly readStatedSize = (text: string, span: Span): Dim => {
    const what = 'the size';
    const size = readSizeExpression(text, span, what, this.sizes);
    if (!size.ok) return unknownDim({ because: `${what} '${shorten(text, 40)}' is not one ConvLens reads`, span });
    const dim = size.value;
    if (dim.kind !== 'symbolic' || this.algebra.atLeastWhen(dim.expr, 1).kind === 'always') return dim;
    return unknownDim({ because: `${what} '${shorten(text, 40)}' is below 1 for some values`, span });
  };

  /** The vocabulary's builder for a layer type and the rule name the hover shows; null if unknown. */
  private layerType(type: string): LayerType | null {
    let known = this.layerTypes.get(type);
    if (known === undefined) {
      const entry = Object.hasOwn(this.vocabulary.layers, type) ? this.vocabulary.layers[type] : undefined;
      // How its parameters are read, once per type rather than an object per layer.
      const { ignoresCase: ignoreCase, callWording: wording } = this.vocabulary;
      known = entry ? { entry, options: { ignoreCase, signature: entry.signature, wording, readSize: this.readStatedSize }, rule: `${this.vocabulary.label} ${type}` } : null;
      this.layerTypes.set(type, known);
    }
    return known;
  }

  /**
   * The output of a layer its reader computes (`outputRule`), once its inputs are known: set on
   * the node and result, or why the rule gives none, or why an input is not known (`upstream`;
   * undefined: its inputs cannot be found).
   */
  private readerOutput(
    node: LayerNode,
    result: LayerResult,
    rule: ReaderOutputRule,
  ): { output: Shape } | { because: string } | { upstream: UnknownReason | undefined } | undefined {
    const { unknownInput } = node.source;
    if (unknownInput) return { upstream: { because: unknownInput.because, span: plainSpan(unknownInput.span) } };
    const producers = this.resolveProducers(node.source, node.index, true);
    if (!producers.ok) return undefined;
    const inputs = producers.value.map((producer) => producerShape(this, producer));
    const missing = inputs.findIndex((shape) => !shape);
    if (missing >= 0) return { upstream: producerUnknown(this, producers.value[missing]) };
    const computed = rule(inputs as Shape[], this.algebra);
    if (!('output' in computed)) return computed;
    node.producers = producers.value;
    node.output = computed.output;
    result.inputs = inputs;
    result.input = inputs[0];
    result.output = computed.output;
    result.params = computed.params;
    if (computed.paramsUnknown !== undefined) result.paramsUnknown = computed.paramsUnknown;
    result.rule = `${node.source.type}.computeOutputShape`;
    return computed;
  }

  /** An unknown type; one that differs from a known one only in case gets "did you mean" and its quick fix. */
  private unknownLayerProblem(source: SourceLayer, because?: string): Problem {
    const lower = source.type.toLowerCase();
    const near = Object.keys(this.vocabulary.layers).find((known) => known.toLowerCase() === lower);
    // The type as written, shortened: a broken file can hold a type of a megabyte.
    const unknown = because ? ` (${because})` : '';
    const message = `${this.vocabulary.label} has no layer type '${shorten(source.type, 80)}'${near ? ` (did you mean '${near}'?)` : ''}${unknown}; shapes after it are unknown.`;
    const problem: Problem = { code: Code.unknownLayer, message, span: source.typeSpan };
    if (near && source.typeNameSpan) {
      problem.fixes = [{ title: `Change to '${near}'`, edits: [{ span: source.typeNameSpan, newText: near }], preferred: true }];
    }
    return problem;
  }

  /** The shape reference `ref` names, as seen from layer `index` (undefined: no such layer or input). */
  lookup(ref: string | number, index: number): Shape | null | undefined {
    const resolved = this.resolveReference(
      typeof ref === 'string' ? { kind: 'string', value: ref, span: { start: 0, end: 0 } } : { kind: 'number', value: ref, span: { start: 0, end: 0 } },
      index,
    );
    return resolved.ok ? producerShape(this, resolved.value) : undefined;
  }

  /**
   * How `shape` relates to `reference` on `axes` (`=` or `≥`): the axes where it never holds, and
   * the comparisons that hold only for some values of the symbols. Unknown or undecided: no verdict.
   */
  private relate(shape: Shape, reference: Shape, axes: readonly number[], relation: DimRelation): { failing: number[]; sometimes: Sometimes[] } {
    const failing: number[] = [];
    const sometimes: Sometimes[] = [];
    for (const axis of axes) {
      const comparison = compareDims(shape[axis], reference[axis], relation, this.algebra);
      if (comparison?.kind === 'never') failing.push(axis);
      else if (comparison?.kind === 'sometimes') sometimes.push(comparison);
    }
    return { failing, sometimes };
  }

  /**
   * Dimension agreement of a merge's inputs: a problem (output unknown), or undefined when the
   * inputs fit — for every allowed value of the symbols, or (a `conditional-shape` warning added
   * to `warnings`) for some.
   */
  private checkMerge(node: LayerNode, layer: ConcatLayer | AddLayer, inputs: Shape[], warnings: Problem[]): Problem | undefined {
    const where = node.source.from?.span ?? node.source.typeSpan;
    const related = (message: (producer: Producer, shape: Shape) => string): RelatedInformation[] =>
      node.producers.map((producer, position) => relatedTo(this, producer, message(producer, inputs[position])));
    const shown = (producer: Producer, shape: Shape) => `${producerName(this, producer)}: ${formatShape(shape)}`;
    const rank = inputs[0].length;
    if (inputs.some((shape) => shape.length !== rank)) {
      return {
        code: Code.shapeMismatch,
        message: `${node.source.type} inputs have different ranks: ${inputs.map((shape) => formatShape(shape)).join(' vs ')}.`,
        span: where,
        related: related(shown),
      };
    }
    const concatAxis = layer.op === 'concat' ? (layer.axis < 0 ? layer.axis + rank : layer.axis) : -1;
    const checked = Array.from({ length: rank }, (_, axis) => axis).filter((axis) => axis !== concatAxis);
    const failing = new Set<number>();
    const sometimes: Sometimes[] = [];
    for (const shape of inputs.slice(1)) {
      const verdict = this.relate(shape, inputs[0], checked, 'equal');
      for (const axis of verdict.failing) failing.add(axis);
      sometimes.push(...verdict.sometimes);
    }
    const mismatched = [...failing].sort((a, b) => a - b);
    const channel = channelAxis(inputs[0], layer.channelsLast);
    const spatial = spatialAxes(inputs[0], layer.channelsLast);
    if (mismatched.length === 0 && sometimes.length === 0) return undefined;
    const what = layer.op === 'concat' ? `Concatenation along axis ${layer.axis}` : 'Addition';
    if (mismatched.every((axis) => spatial.includes(axis))) {
      const conditional = mismatched.length === 0 ? sometimes : null;
      const fix = this.outputPaddingMergeProblem(node, inputs, spatial, conditional);
      if (fix && conditional) {
        warnings.push(fix);
        return undefined;
      }
      if (fix) return fix;
    }
    if (mismatched.length === 0) {
      warnings.push(
        conditionalShapeProblem({ subject: `${node.source.type} '${node.name}' lines up`, comparisons: sometimes, span: where, model: this.model, algebra: this.algebra, related: related(shown) }),
      );
      return undefined;
    }
    const channelsOnly = mismatched.length === 1 && mismatched[0] === channel;
    const notes = node.producers.map((producer) => reachableNote(transposedSource(this, producer))).join('');
    return {
      code: channelsOnly ? Code.channelMismatch : Code.shapeMismatch,
      message: `${what} needs the same size on every other axis, but the inputs are ${inputs.map((shape) => formatShape(shape)).join(' and ')}.${notes}`,
      span: where,
      related: related(shown),
    };
  }

  /**
   * A merge whose inputs differ on the `spatial` axes only, one of them from a transposed
   * convolution whose output padding (or output size) can make it fit the others: that
   * `output-padding-mismatch` problem with its fix, or, with `conditional` (the inputs fit for
   * some sizes only), the `conditional-shape` warning that carries the fix. Null otherwise.
   */
  private outputPaddingMergeProblem(node: LayerNode, inputs: Shape[], spatial: readonly number[], conditional: readonly Sometimes[] | null): Problem | null {
    for (const [position, producer] of node.producers.entries()) {
      const transposed = transposedSource(this, producer);
      const others = inputs.filter((_, other) => other !== position);
      if (!transposed || others.length === 0) continue;
      const otherProducers = node.producers.filter((_, other) => other !== position);
      const why = `${node.source.type} '${node.name}' (with ${otherProducers.map((other) => producerName(this, other)).join(', ')})`;
      const relatedInfo = [
        { span: node.source.typeSpan, message: `${node.source.type} '${node.name}' joins it here` },
        ...otherProducers.map((other) => relatedTo(this, other, `the other input: ${formatShape(producerShape(this, other) ?? [])}`)),
      ];
      const fix =
        (conditional ? null : outputPaddingFix(this, transposed, spatial.map((axis) => knownValue(others[0][axis])), 'equal', why, relatedInfo)) ??
        symbolicOutputPaddingProblem(this, transposed, spatial.map((axis) => others[0][axis]), why, relatedInfo, this.algebra, conditional);
      if (fix) return fix;
    }
    return null;
  }

  /**
   * A broadcasting merge (Keras `Add`, `Multiply`…) whose inputs clash on spatial axes only (known
   * sizes that differ, neither of them 1), one of them from a transposed convolution: the
   * output-padding fix an equal-shape merge offers ({@link checkMerge}). Undefined where there is
   * no such fix: the broadcast rule then reports the clash.
   */
  private checkBroadcastMerge(node: LayerNode, inputs: Shape[]): Problem | undefined {
    const rank = inputs[0]?.length;
    if (inputs.length < 2 || inputs.some((shape) => shape.length !== rank)) return undefined;
    const transposed = node.producers.map((producer) => transposedSource(this, producer)).find((source) => source?.transposed);
    if (!transposed?.transposed) return undefined;
    const spatial = spatialAxes(inputs[0], transposed.transposed.layer.channelsLast);
    const axes = inputs[0].map((_, axis) => axis);
    const broadcasts = (axis: number) => inputs.some((shape) => knownValue(shape[axis]) === 1);
    const clashing = new Set<number>();
    for (const shape of inputs.slice(1)) for (const axis of this.relate(shape, inputs[0], axes, 'equal').failing) clashing.add(axis);
    if (clashing.size === 0 || [...clashing].some((axis) => !spatial.includes(axis) || broadcasts(axis))) return undefined;
    return this.outputPaddingMergeProblem(node, inputs, spatial, null) ?? undefined;
  }

  /**
   * `CenterCrop like:` — the crop input must be at least as large as the reference. Answers a
   * problem, why the output is unknown when the reference is, or undefined when the crop fits
   * (for some values of the symbols only: a `conditional-shape` warning added to `warnings`).
   */
  private checkCrop(node: LayerNode, layer: CenterCropLayer, input: Shape, warnings: Problem[]): Problem | { unknown: UnknownReason | undefined } | undefined {
    const like = layer.like;
    const positions = spatialAxes(input, layer.channelsLast);
    let target: Dim[];
    let likeProducer: Producer | null = null;
    const likeEntry = like ? node.params?.entry(like.key) : undefined;
    if (like && likeEntry) {
      const resolved = this.resolveReference(likeEntry.value, node.index);
      if (!resolved.ok) return resolved.problem ?? { unknown: resolved.reason };
      likeProducer = resolved.value;
      const shape = producerShape(this, likeProducer);
      if (!shape) return { unknown: producerUnknown(this, likeProducer) };
      if (shape.length !== input.length) {
        return problemAt(likeEntry.value.span, `CenterCrop input ${formatShape(input)} and like ${formatShape(shape)} have different ranks.`, Code.shapeMismatch);
      }
      target = spatialAxes(shape, layer.channelsLast).map((axis) => shape[axis]);
    } else {
      target = (layer.size ?? []).map(knownDim);
      if (target.length !== positions.length) {
        return problemAt(node.source.typeSpan, `CenterCrop size has ${target.length} values for ${positions.length} spatial axes.`);
      }
    }
    const inputSizes = positions.map((position) => input[position]);
    const axes = positions.map((_, axis) => axis);
    const { failing, sometimes } = this.relate(inputSizes, target, axes, 'atLeast');
    if (failing.length === 0 && sometimes.length === 0) return undefined;
    const cropProducer = node.producers[0];
    const where = likeEntry?.value.span ?? node.source.typeSpan;
    const relatedInfo = [{ span: where, message: `CenterCrop '${node.name}' crops to it here` }];
    if (failing.length === 0) {
      warnings.push(
        conditionalShapeProblem({
          subject: `CenterCrop '${node.name}' can crop ${formatShape(input)} to ${formatShape(target)}`,
          comparisons: sometimes,
          span: where,
          model: this.model,
          algebra: this.algebra,
          related: [relatedTo(this, cropProducer, `the cropped input: ${formatShape(input)}`)],
        }),
      );
      return undefined;
    }
    const knownInput = inputSizes.map((dim) => knownValue(dim));
    const knownTarget = target.map((dim) => knownValue(dim));
    if (likeProducer) {
      const likeSource = transposedSource(this, likeProducer);
      const fix = likeSource && outputPaddingFix(this, likeSource, knownInput, 'atMost', `CenterCrop '${node.name}' (its input is smaller)`, relatedInfo);
      if (fix) return fix;
    }
    const cropSource = transposedSource(this, cropProducer);
    const fix = cropSource && outputPaddingFix(this, cropSource, knownTarget, 'atLeast', `CenterCrop '${node.name}'`, relatedInfo);
    if (fix) return fix;
    return {
      code: Code.shapeMismatch,
      message: `CenterCrop cannot crop ${formatShape(input)} to the larger spatial size ${formatShape(target)}.`,
      span: where,
      related: [relatedTo(this, cropProducer, `the cropped input: ${formatShape(input)}`)],
    };
  }

  /** The layer's `expect:` against its output; a check that holds for some values of the symbols only is a `conditional-shape` warning in `warnings`. */
  private checkExpect(node: LayerNode, expect: SourceValue, output: Shape, warnings: Problem[]): Problem | null {
    const expected = readShape(expect, '`expect`', this.sizes);
    if (!expected.ok) return expected.problem ?? null;
    const want = expected.value;
    const verdict = want.length === output.length ? this.relate(output, want, want.map((_, axis) => axis), 'equal') : null;
    if (verdict && verdict.failing.length === 0 && verdict.sometimes.length === 0) return null;
    const transposed = transposedSource(this, { kind: 'layer', index: node.index });
    const layout = transposed?.transposed?.layer.channelsLast ?? false;
    const spatial = spatialAxes(output, layout);
    const why = `\`expect\` of '${node.name}'`;
    const relatedInfo = [{ span: expect.span, message: `expected ${formatShape(want)}` }];
    if (verdict && verdict.failing.length === 0) {
      const conditional = transposed && symbolicOutputPaddingProblem(this, transposed, spatial.map((axis) => want[axis]), why, relatedInfo, this.algebra, verdict.sometimes);
      warnings.push(
        conditional ??
          conditionalShapeProblem({
            subject: `${node.source.type} '${node.name}' matches its \`expect\` ${formatShape(want)}`,
            comparisons: verdict.sometimes,
            span: expect.span,
            model: this.model,
            algebra: this.algebra,
          }),
      );
      return null;
    }
    const mismatched = verdict?.failing;
    if (transposed && mismatched && mismatched.every((axis) => spatial.includes(axis))) {
      const fix =
        outputPaddingFix(this, transposed, spatial.map((axis) => knownValue(want[axis])), 'equal' as Relation, why, relatedInfo) ??
        symbolicOutputPaddingProblem(this, transposed, spatial.map((axis) => want[axis]), why, relatedInfo, this.algebra, null);
      if (fix) return fix;
    }
    return {
      code: Code.shapeMismatch,
      message: `${node.source.type} '${node.name}' produces ${formatShape(output)}, but \`expect\` says ${formatShape(want)}.${reachableNote(transposed)}`,
      span: expect.span,
      related: [{ span: node.source.typeSpan, message: `${node.source.type} '${node.name}' produces ${formatShape(output)}` }],
    };
  }
}

/**
 * Propagates shapes through one model with its framework's `vocabulary` and collects its
 * diagnostics. Never throws: problems in the input become diagnostics with a code and a span;
 * unknown sizes propagate as `?` without further errors; an exception inside a rule becomes an
 * `internal-error` on its layer, its stack sent to `options.logger`. Symbolic sizes (SPEC §1.6)
 * are computed under the model's `assume:`, with `options.defines` bound first.
 */
export function analyzeModel(
  model: SourceModel,
  vocabulary: FrameworkVocabulary,
  options: AnalyzeOptions = {},
): { model: ModelResult; diagnostics: Diagnostic[] } {
  const analysis = new ModelAnalysis(model, vocabulary, options);
  const result = analysis.run();
  return { model: result, diagnostics: analysis.diagnostics };
}

/**
 * A model analysed while its reader is still building it: inputs and layers are appended, and
 * each layer is analysed as it comes, by the rules of {@link analyzeModel}. The TypeScript
 * reader's interpreter asks it for the shape of a tensor the program reads (`x.shape`,
 * `model.outputShape`) before the program has built the rest. Its diagnostics are nobody's:
 * the model as the program finally built it is analysed again, and shown, by {@link analyzeModel}.
 */
export class GrowingModelAnalysis {
  private readonly model: SourceModel;
  private readonly analysis: ModelAnalysis;

  /** `model`: the model's framework, name and syntax; its inputs and layers are the ones appended here. `options.defines` bind symbols as in {@link analyzeModel}. */
  constructor(model: Omit<SourceModel, 'inputs' | 'layers'>, vocabulary: FrameworkVocabulary, options: Pick<AnalyzeOptions, 'defines'> = {}) {
    this.model = { ...model, inputs: [], layers: [] };
    this.analysis = new ModelAnalysis(this.model, vocabulary, options);
  }

  /** Appends an input: its shape, or null with why it has none. */
  addInput(input: SourceInput): { shape: Shape | null; unknown: UnknownReason | undefined } {
    const index = this.model.inputs.push(input) - 1;
    this.analysis.readInput(input, index);
    return { shape: this.analysis.inputShapes[index], unknown: this.analysis.inputUnknown[index] };
  }

  /** Appends a layer (its `from` naming earlier layers by index, inputs by name) and analyses it. */
  addLayer(layer: SourceLayer): LayerResult {
    const index = this.model.layers.push(layer) - 1;
    this.analysis.analyzeLayer(layer, index);
    return this.analysis.results[index];
  }
}

/**
 * A layer's trainable count once whether it trains is known (TF.js and Keras count its
 * `trainableWeights`, empty while `trainable` is false): frozen, 0, its weights' count kept for
 * the hover; trained again (the code wrote `trainable = true` after its configuration froze it),
 * its weights' count back; unknown where whether it trains is not known.
 */
function countTrainable(result: LayerResult, trainable: NonNullable<SourceLayer['trainable']>): void {
  if ('unknown' in trainable) {
    result.params = null;
    result.paramsUnknown = trainable.unknown;
    delete result.frozen;
    return;
  }
  if (!trainable.frozen) {
    if (result.frozen) result.params = result.frozen.weights;
    delete result.frozen;
    return;
  }
  result.frozen = { by: trainable.by, weights: result.frozen ? result.frozen.weights : result.params };
  result.params = 0;
  delete result.paramsUnknown;
}
