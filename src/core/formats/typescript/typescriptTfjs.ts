/**
 * TensorFlow.js layers models in TypeScript/JavaScript (SPEC.md §1.3), as the interpreter
 * (`interpreter.ts`) found them when it ran the file's code without executing it: sequential
 * models with the layers added to them (`tf.sequential({layers})`, `model.add(...)`, in loops,
 * helpers and classes), functional graphs (`tf.input`, `layer.apply(x)`, `tf.model({inputs,
 * outputs})`) and arrays of `tf.layers.x(...)` calls used by no model. Layer types and parameter
 * keys stay as written (`conv2dTranspose`, `kernelSize`); their meaning is the tfjs framework
 * module's business.
 *
 * A builder called from several places makes a model per call, and one called in a loop a model
 * per turn (`MadeModels`, interpreterMadeModels.ts). One of
 * another file shows each model at the call of this file that ran it; one of this file keeps
 * every model's layers on its own lines, shared, and marks each model with the call that made it
 * (`SourceModel.madeBy`): the document then reports each problem there once, naming the calls it
 * comes from when not all (`sharedModels.ts`), and the editor gives one shape on such a line only
 * where every model has it, else each model's under its name (`placeHints`, `sharedHoverMarkdown`
 * of `src/extension/presentation.ts`; docs/frameworks/tfjs.md, "A builder called more than once").
 */
import type * as TS from 'typescript';
import { Code, type Diagnostic } from '../../diagnostics';
import type { UnknownReason } from '../../dims';
import type { SourceEntry, SourceInput, SourceLayer, SourceModel, SourceValue, Span } from '../../ir';
import { INTERPRETER_BUDGETS } from '../../limits';
import { mergeSharedDiagnostics, type FoundDiagnostic } from '../../sharedModels';
import { entrySpan, lastEntry, literalNameSpan, readerDiagnostic } from '../sourceValues';
import type { Interpreter } from './interpreter';
import { customOutputRule } from './interpreterCustomLayer';
import { ImpliedSizes } from './interpreterSymbols';
import {
  configName,
  FunctionalModel,
  JsArray,
  JsObject,
  LayerValue,
  SequentialModel,
  SymbolicNumber,
  SymbolicTensor,
  Unknown,
  UnsureTensor,
  type Candidate,
  type GraphInput,
  type GraphLayer,
  type GraphNode,
  type SequentialMember,
  type Value,
} from './interpreterValues';
import { buildLayer, type ConfigSite, type ReplaceSite } from './typescriptLayers';
import type { Evaluator } from './typescriptFolding';
import { importedExcerpt, importedPlace, isImported } from './interpreterModules';
import { propertyName, skipOuterExpressions } from './typescriptNodes';
import { booleanAt, entryAt, listAt, mapAt, nullAt, numberAt, stringAt, unknownAt } from './typescriptValues';

/** Why a sequential model's input is unknown where its first layer states none (TF.js refuses such a model). */
export const NO_INPUT_SHAPE = 'the first layer of the sequential model states no `inputShape`';
/** Configuration keys that describe the model's input rather than the layer. */
const INPUT_KEYS = ['inputShape', 'batchInputShape', 'batchSize', 'inputDim'];
const RESERVED_KEYS = new Set(['name', ...INPUT_KEYS]);
const NAME_KEY = ['name'];
/** Keys whose lists are shapes: a size parameter's symbol (`imgSize`) may stand in them. */
const SHAPE_KEYS = new Set(['inputShape', 'batchInputShape', 'shape', 'batchShape']);

/** A model read, the model the interpreter made, and the call of this file that made it among the models sharing its places. */
interface MadeHere {
  model: SourceModel;
  made: SequentialModel | FunctionalModel;
  call: TS.Node;
}

/** Reads every TF.js model the interpreter found in a file. */
export class TfjsReader {
  /** Values read so far (budget `readValues`). */
  private values = 0;
  /**
   * The node of the analysed file that stands for the nodes of imported files while one model or
   * layer is read: the call that ran their code (`decoderBlock(x, 64)`), where hints and
   * diagnostics of what that code built go.
   */
  private standIn: TS.Node | undefined;
  /** The symbolic sizes of the shapes of the model being read, and what their divisions imply about the symbols. */
  private sizes = new ImpliedSizes();
  /** The name of each model that is an item of an array bound to a variable (see {@link elementName}), once asked. */
  private elementNames: Map<object, string> | undefined;

  constructor(
    private readonly evaluator: Evaluator,
    private readonly interpreter: Interpreter,
    private readonly diagnostics: Diagnostic[],
  ) {}

  read(): SourceModel[] {
    const models: SourceModel[] = [];
    // The models made at each place that several models share (a model-making call of this file, or
    // the call of this file that ran another file's), with the call that made each.
    const groups = new Map<TS.Node, MadeHere[]>();
    // What reading each model found, merged where several models share their places.
    const found: FoundDiagnostic[] = [];
    const readModel = (made: SequentialModel | FunctionalModel, read: (at: TS.Node, name: string | undefined) => SourceModel | undefined) => {
      // A model an imported file's top level built is that file's (it shows there); one its code built for a call of this file is this file's.
      const at = this.here(made.call, made);
      if (!at) return;
      this.standIn = at;
      // Made by one of several calls of code whose places several models share: this file's own
      // code, or another file's standing in at a call of this file that itself ran more than once.
      const shared = this.interpreter.tfjs.madeModels.madeBy(made);
      const start = this.diagnostics.length;
      const model = this.withImpliedSizes(() => read(at, made.name ?? (shared && this.interpreter.modelNames.get(shared)) ?? this.modelName(at, made.call)));
      for (const diagnostic of this.diagnostics.splice(start)) found.push({ model, diagnostic });
      if (!model) return;
      models.push(model);
      if (!shared) return;
      const group = groups.get(at);
      if (group) group.push({ model, call: shared, made });
      else groups.set(at, [{ model, call: shared, made }]);
    };
    for (const model of this.interpreter.tfjs.sequentials) readModel(model, (at, name) => this.readSequential(at, name, model.members));
    for (const model of this.interpreter.tfjs.functionals) readModel(model, (at, name) => this.readFunctional(at, name, model.inputs, model.outputs, this.outputsNode(model.call)));
    this.standIn = undefined;
    for (const group of groups.values()) {
      if (group.length < 2) continue;
      this.nameTurns(group);
      const calls = group.map(({ call }) => this.span(call));
      const beyond = this.beyondBudget(group);
      group.forEach(({ model }, index) => (model.madeBy = { call: calls[index], group: calls, ...(beyond > 0 && { beyond }) }));
    }
    for (const diagnostic of mergeSharedDiagnostics(found, this.evaluator.text)) this.diagnostics.push(diagnostic);
    for (const array of this.interpreter.constArrays) {
      if (isImported(array.node)) continue;
      const read = this.withImpliedSizes(() => this.readStandaloneArray(array.name, array.node, array.value));
      if (read) models.push(read);
    }
    return models.sort((a, b) => a.span.start - b.span.start);
  }

  /**
   * Names the models of a group that one call made in turns of a loop (`sizes.map((size) =>
   * encoder(size))`), where they share a name: by their places in an array the file names
   * (`encoders[1]`), else by their turn (`encoder #2`).
   */
  private nameTurns(group: readonly MadeHere[]): void {
    const byCall = new Map<TS.Node, MadeHere[]>();
    for (const made of group) byCall.set(made.call, [...(byCall.get(made.call) ?? []), made]);
    const names = new Map<string | undefined, number>();
    for (const { model } of group) names.set(model.name, (names.get(model.name) ?? 0) + 1);
    for (const turns of byCall.values()) {
      if (turns.length < 2) continue;
      turns.forEach(({ model, made }, index) => {
        if (model.name && names.get(model.name) === 1) return;
        model.name = this.elementName(made) ?? `${model.name || 'model'} #${index + 1}`;
      });
    }
  }

  /** `encoders[1]`: where a model is an item of an array bound to a variable (the first such place). */
  private elementName(model: SequentialModel | FunctionalModel): string | undefined {
    if (!this.elementNames) {
      this.elementNames = new Map();
      for (const { name, value } of [...this.interpreter.modelArrays, ...this.interpreter.constArrays]) {
        value.items.forEach((item, index) => {
          if ((item instanceof SequentialModel || item instanceof FunctionalModel) && !this.elementNames!.has(item)) this.elementNames!.set(item, `${name}[${index}]`);
        });
      }
    }
    return this.elementNames.get(model);
  }

  /** How many models the calls that made a group's models made past the budget of models per call. */
  private beyondBudget(group: readonly MadeHere[]): number {
    const calls = new Set(group.map(({ made }) => made.call));
    let beyond = 0;
    for (const { made } of group) {
      if (!calls.delete(made.call)) continue;
      beyond += this.interpreter.tfjs.madeModels.beyondBudget(made);
    }
    return beyond;
  }

  /** The variable a model was first assigned to: in this file where another file's code built it at `at`, else where it was made. */
  private modelName(at: TS.Node, call: TS.CallExpression): string | undefined {
    const names = this.interpreter.modelNames;
    return (at !== call ? names.get(at) : undefined) ?? names.get(call);
  }

  /** Reads one model; what the divisions in its shapes imply about the symbols holds for it alone. */
  private withImpliedSizes(read: () => SourceModel | undefined): SourceModel | undefined {
    this.sizes = new ImpliedSizes();
    const model = read();
    if (model && Object.keys(this.sizes.assumptions).length > 0) model.implied = this.sizes.assumptions;
    return model;
  }

  // ---- Values -------------------------------------------------------------------------------

  /** A node's span in the analysed file; a node of an imported file is located at {@link standIn}. */
  span(node: TS.Node): Span {
    return this.evaluator.span(this.located(node));
  }

  /**
   * The node of the analysed file that locates `node`: itself, or {@link standIn} for a node of an
   * imported file. The keys and references read for every layer take their bounds from it,
   * without a span object each.
   */
  private located(node: TS.Node): TS.Node {
    return isImported(node) && this.standIn ? this.standIn : node;
  }

  /** `node` where it is the analysed file's, else the call of the analysed file under which `built` was built by another file's code. */
  private here(node: TS.Node, built: object): TS.Node | undefined {
    return isImported(node) ? this.interpreter.anchorOf(built) : node;
  }

  /** The source text of a node, from its own file. */
  private excerpt(node: TS.Node): string {
    return isImported(node) ? importedExcerpt(node, 60) : this.evaluator.excerpt(node);
  }

  /**
   * A value as the engine reads values, located at `node` (where it is read, or where it was
   * written in a literal). `undefined` is "not given". In a shape, an unknown size parameter is
   * its symbol; elsewhere it is an unknown that a size parameter of the layer (`units`,
   * `filters`, `targetShape`) may read as that symbol.
   */
  private sourceValue(value: Value, node: TS.Node, shape: boolean): SourceValue {
    if (++this.values > INTERPRETER_BUDGETS.readValues) return this.unknownValue(this.tooManyValues(node), node);
    const { start, end } = this.span(node);
    if (typeof value === 'number') return Number.isFinite(value) ? numberAt(value, start, end) : this.unknownValue(undefined, node);
    if (typeof value === 'string') return stringAt(value, start, end);
    if (typeof value === 'boolean') return booleanAt(value, start, end);
    if (value === null) return nullAt(start, end);
    if (value instanceof Unknown) {
      const size = value instanceof SymbolicNumber ? this.sizes.text(value) : value;
      if (typeof size !== 'string') return this.unknownValue(size, node);
      return shape ? stringAt(size, start, end) : this.unknownValue(value, node, size);
    }
    if (value instanceof JsArray) {
      if (value.unsure) return this.unknownValue(value.unsure, node);
      return listAt(
        value.items.map((item, index) => this.sourceValue(item, value.nodes[index] ?? node, shape)),
        start,
        end,
      );
    }
    if (value instanceof JsObject && !value.unsure && value.constructor === JsObject) return mapAt(this.entries(value, node), start, end);
    if (value instanceof LayerValue) return this.wrappedLayer(value, node);
    return this.unknownValue(value instanceof JsObject ? value.unsure : undefined, node);
  }

  /**
   * A layer handed to another (`tf.layers.bidirectional({layer: tf.layers.gru({...})})`,
   * `timeDistributed`) as a saved model writes it, `{class_name, config}`, so that the wrapper's
   * rule builds it through the vocabulary as it does a model.json's. TF.js takes the wrapped
   * layer's configuration (`Bidirectional` clones it by `getConfig()`), never its input: the input
   * keys and the name are left out, as they are of a layer of a model.
   */
  private wrappedLayer(layer: LayerValue, node: TS.Node): SourceValue {
    const config = layer.config;
    if (layer.custom) return this.unknownValue(new Unknown(`\`${layer.type}\` is a custom layer, whose output ConvLens does not compute inside another layer`, layer.call), node);
    if (config instanceof Unknown || (config instanceof JsObject && config.unsure)) return this.unknownValue(config instanceof Unknown ? config : config.unsure, node);
    const { start, end } = this.span(node);
    const typeSpan = this.span(layer.call.expression);
    const entries = config ? this.entries(config, layer.call.arguments?.[0] ?? layer.call).filter((entry) => !RESERVED_KEYS.has(entry.key)) : [];
    return mapAt([entryAt('class_name', stringAt(layer.type, typeSpan.start, typeSpan.end), typeSpan.start, typeSpan.end), entryAt('config', mapAt(entries, start, end), start, end)], start, end);
  }

  private tooManyValues(node: TS.Node): Unknown {
    return new Unknown(`ConvLens reads at most ${INTERPRETER_BUDGETS.readValues.toLocaleString('en-US')} values of a file's layers`, node);
  }

  private unknownValue(why: Unknown | undefined, node: TS.Node, size?: string): SourceValue {
    const { start, end } = this.span(node);
    return unknownAt(this.excerpt(node), start, end, why && this.because(why, why.node ?? node), size);
  }

  /** The entries of an object, each located where its value was written (or at `node`). */
  private entries(object: JsObject, node: TS.Node): SourceEntry[] {
    const entries: SourceEntry[] = [];
    // `forEach` rather than `for...of`: no [key, value] pair per property (half of what reading an entry allocated).
    object.properties.forEach((property, key) => {
      if (property.value === undefined && !property.getter) return;
      const keyAt = this.located(property.keyNode ?? node);
      entries.push(entryAt(key, this.sourceValue(property.value, property.valueNode ?? node, SHAPE_KEYS.has(key)), this.evaluator.start(keyAt), keyAt.end));
    });
    return entries;
  }

  /** Why shapes after a point are unknown, from the interpreter's unknown. */
  private reason(unknown: Unknown, fallback: TS.Node): UnknownReason {
    const node = unknown.node ?? fallback;
    return { because: this.because(unknown, node), span: this.span(node) };
  }

  /** Why a value is unknown, with where it started when that is another file (a span can only point at this file's call). */
  private because(unknown: Unknown, node: TS.Node): string {
    return isImported(node) ? `${unknown.because} (in ${importedPlace(node, this.evaluator.file.fileName)})` : unknown.because;
  }

  // ---- Layers -------------------------------------------------------------------------------

  /** The configuration of a layer, with where a new parameter would go. */
  private layerConfig(layer: LayerValue): { entries: SourceEntry[]; complete: boolean; site: ConfigSite } {
    const ts = this.evaluator.ts;
    const argument = layer.call.arguments?.[0];
    const site: ConfigSite = isImported(layer.call)
      ? this.nowhere(layer.call)
      : !argument
      ? { kind: 'empty', offset: layer.call.arguments?.pos ?? layer.call.end }
      : ts.isObjectLiteralExpression(skipOuterExpressions(ts, argument))
        ? { kind: 'object', node: skipOuterExpressions(ts, argument) as TS.ObjectLiteralExpression }
        : { kind: 'expression', node: argument };
    const config = layer.config;
    if (config instanceof JsObject) return { entries: this.entries(config, argument ?? layer.call), complete: !config.unsure, site };
    return { entries: [], complete: config === undefined, site };
  }

  /** Where a parameter of what another file's code built would go: nowhere in this file, so the end of the call that ran it stands in (no quick fix edits it: `builtElsewhere`). */
  private nowhere(node: TS.Node): ConfigSite {
    return { kind: 'empty', offset: this.span(node).end };
  }

  /** A layer of a model: a layer value, or — when the code put something else there — a layer of its text whose output is unknown. */
  private layer(
    value: Value,
    node: TS.Node,
    placement: { span: Span; hintOffset: number; replace?: ReplaceSite; from?: SourceValue },
  ): { layer: SourceLayer; entries: SourceEntry[]; isLayer: boolean } {
    if (!(value instanceof LayerValue)) {
      const layer = buildLayer(this.evaluator, {
        type: this.excerpt(node),
        typeSpan: this.span(node),
        entries: [],
        reserved: RESERVED_KEYS,
        entriesIncomplete: true,
        from: placement.from,
        span: placement.span,
        hintOffset: placement.hintOffset,
        config: isImported(node) ? this.nowhere(node) : { kind: 'expression', node: node as TS.Expression },
      });
      if (isImported(node)) layer.builtElsewhere = importedPlace(node, this.evaluator.file.fileName);
      if (value instanceof Unknown) layer.unknownInput = this.reason(value, node);
      return { layer, entries: [], isLayer: false };
    }
    const ts = this.evaluator.ts;
    const config = this.layerConfig(value);
    const callee = value.call.expression;
    const typeSpan = this.span(callee);
    // Built by another file's code: no edit of this file can change it.
    const elsewhere = isImported(value.call) || isImported(node);
    // A quick fix may replace a layer only where its code ran once.
    const replace = placement.replace && !elsewhere && this.interpreter.runCounts.get(value.call) === 1 ? placement.replace : undefined;
    const layer = buildLayer(this.evaluator, {
      type: value.type,
      typeSpan,
      // `tf.layers.conv2d`: the factory's name after the dot (an imported function's name is a binding).
      typeNameSpan:
        ts.isPropertyAccessExpression(callee) && !value.custom && !elsewhere ? literalNameSpan(this.evaluator.text, this.span(callee.name), value.type, true) : undefined,
      entries: config.entries,
      reserved: RESERVED_KEYS,
      entriesIncomplete: !config.complete,
      from: placement.from,
      span: placement.span,
      hintOffset: placement.hintOffset,
      config: config.site,
      replace,
      carriedFirst: INPUT_KEYS,
      carriedLast: NAME_KEY,
      factory: replace && value.factory && this.evaluator.spanSharingStart(value.factory, callee, typeSpan),
    });
    if (elsewhere) layer.builtElsewhere = importedPlace(isImported(value.call) ? value.call : node, this.evaluator.file.fileName);
    const trainable = this.writtenTrainable(value);
    if (trainable) layer.trainable = trainable;
    const outputRule = customOutputRule(this.interpreter, value, typeSpan);
    if (outputRule) layer.outputRule = outputRule;
    return { layer, entries: config.entries, isLayer: true };
  }

  // ---- Sequential models --------------------------------------------------------------------

  private readSequential(call: TS.Node, name: string | undefined, members: readonly SequentialMember[]): SourceModel | undefined {
    if (members.length === 0) return undefined;
    const spans: Span[] = [this.span(call)];
    const read = members.map((member) => {
      const built = this.sequentialMember(member, call);
      if (built.addSpan) spans.push(built.addSpan);
      return built;
    });
    const first = read[0];
    const input = sequentialInput(first);
    if (!input && first.isLayer && !first.layer.indeterminate && !first.layer.unknownInput) {
      this.diagnostics.push(
        readerDiagnostic(
          Code.invalidParameter,
          'The first layer of a sequential model needs `inputShape` (or `batchInputShape`), e.g. `inputShape: [28, 28, 1]`.',
          first.layer.typeSpan,
        ),
      );
    }
    return {
      name,
      framework: 'tfjs',
      inputs: input ? [input] : [],
      layers: read.map((member) => member.layer),
      span: unionSpan(spans),
      syntax: 'typescript',
    };
  }

  /**
   * Whether a layer's weights train, where the code wrote its `trainable` (or its model's) after
   * making it: the last write wins over the configuration's, which the vocabulary reads (TF.js
   * counts `trainableWeights`, empty while `trainable` is falsy).
   */
  private writtenTrainable(layer: LayerValue): SourceLayer['trainable'] {
    const written = layer.trainable;
    if (!written) return undefined;
    const by = `\`${this.excerpt(written.written)} = …\` at line ${this.interpreter.lineOf(written.written)}`;
    const trains = this.interpreter.truthy(written.value);
    if (trains === undefined) return { unknown: written.value instanceof Unknown ? `whether it trains is not known: ${written.value.because}` : `whether ${by} freezes it is not known` };
    return { frozen: !trains, by };
  }

  /**
   * Where a layer shows, when not at the call that joined it to the model (`add(...)`,
   * `apply(...)`): where that call ran for several layers made before it (`[...encoder,
   * ...decoder].forEach((layer) => model.add(layer))`), each layer's hint and hover would pile up
   * there, so a layer made once, by a call of this file, shows at that call. Undefined otherwise.
   */
  private madeOnceBefore(joined: TS.Node, layer: Value): Span | undefined {
    if (!(layer instanceof LayerValue) || isImported(layer.call) || isImported(joined) || layer.call === joined) return undefined;
    const runs = this.interpreter.runCounts;
    return (runs.get(joined) ?? 0) > 1 && runs.get(layer.call) === 1 ? this.span(layer.call) : undefined;
  }

  /**
   * One layer of a sequential model made by `call`, with its configuration's entries (the first
   * layer's declare the model's input) and the span of its `add(...)`.
   */
  sequentialMember(member: SequentialMember, call: TS.Node): { layer: SourceLayer; entries: SourceEntry[]; isLayer: boolean; addSpan: Span | undefined } {
    this.standIn = this.here(member.node, member) ?? (member.layer instanceof LayerValue ? this.here(member.layer.call, member.layer) : undefined) ?? call;
    const add = member.add;
    const made = add && this.madeOnceBefore(add, member.layer);
    const span = made ?? this.span(member.node);
    const addSpan = add && this.span(add);
    const ranOnce = !add || this.interpreter.runCounts.get(add) === 1;
    const replace: ReplaceSite | undefined = !ranOnce
      ? undefined
      : member.inArray
        ? { span, separator: ',', style: 'factory' }
        : member.statement && add && addSpan
          ? { span: addSpan, separator: ';', style: 'factory', receiver: this.receiverSpan(add, addSpan) }
          : undefined;
    const { layer, entries, isLayer } = this.layer(member.layer, member.node, { span, hintOffset: addSpan && !made ? addSpan.end : span.end, replace });
    if (member.unknownInput && !layer.unknownInput) layer.unknownInput = this.reason(member.unknownInput, member.node);
    // Written out rather than spread: a spread here cost 3% of analysing a 500-layer sequential model.
    return { layer, entries, isLayer, addSpan };
  }

  /** `model` of `model.add(...)`. */
  private receiverSpan(add: TS.CallExpression, addSpan: Span): Span | undefined {
    const callee = add.expression;
    return this.evaluator.ts.isPropertyAccessExpression(callee) ? this.evaluator.spanSharingStart(callee.expression, add, addSpan) : undefined;
  }

  // ---- Arrays of layers on their own --------------------------------------------------------

  private readStandaloneArray(name: string, node: TS.ArrayLiteralExpression, array: JsArray): SourceModel | undefined {
    const layers = array.items.filter((item): item is LayerValue => item instanceof LayerValue);
    if (array.unsure || layers.length === 0 || layers.some((layer) => layer.used)) return undefined;
    const members = array.items.map((item, index) => {
      const element = array.nodes[index] ?? node;
      const span = this.span(element);
      return this.layer(item, element, { span, hintOffset: span.end, replace: array.nodes[index] ? { span, separator: ',', style: 'factory' } : undefined });
    });
    const input = inputFromConfig(members[0].entries, members[0].layer.type, members[0].layer.typeSpan);
    return {
      name,
      framework: 'tfjs',
      inputs: input ? [input] : [],
      layers: members.map((member) => member.layer),
      span: this.span(node),
      syntax: 'typescript',
    };
  }

  // ---- Functional models --------------------------------------------------------------------

  private readFunctional(call: TS.Node, name: string | undefined, inputsValue: Value, outputsValue: Value, outputsNode: TS.Node): SourceModel | undefined {
    const outputRoots = graphRoots(outputsValue);
    const order = graphOrder([...graphRoots(inputsValue), ...outputRoots]);
    const layerNodes = order.filter((node): node is GraphLayer => node.kind === 'layer');
    const undecidedOutputs = outputRoots.filter((root): root is UnsureTensor => root instanceof UnsureTensor && !root.endsUndecided);
    if (layerNodes.length === 0 && undecidedOutputs.length === 0) return undefined;
    const inputNodes = order.filter((node): node is GraphInput => node.kind === 'input');
    const indexOf = new Map(layerNodes.map((node, index) => [node, index]));
    const spans: Span[] = [this.span(call)];
    // TF.js's rule that names are unique counts the inputs and the layers, each layer once however
    // often it is applied. One applied only under code the interpreter could not decide may be an
    // alternative to another (`if (!project) return add(...)`): it does not count.
    const written = new WrittenNames(call);
    for (const node of inputNodes) written.note(node.config);
    // The layers refer to an input by its name, which the engine looks up among the layers' names
    // (`name`, else the index) first: an input is read under a name no layer and no other input has.
    const taken = new Set<string>();
    for (const node of layerNodes) {
      const layerName = node.undecided ? writtenName(node.layer.config) : written.note(node.layer.config, node.layer);
      if (layerName !== undefined) taken.add(layerName);
    }
    const inputNames = new Map<GraphInput, string>();
    const inputs: SourceInput[] = inputNodes.map((node, index) => {
      const read = this.graphInput(node, index, call);
      const input = { ...read, name: untakenName(read.name, (candidate) => taken.has(candidate)) };
      taken.add(input.name);
      spans.push(input.span);
      inputNames.set(node, input.name);
      return input;
    });
    const layers = layerNodes.map((node) => {
      const layer = this.graphLayer(node, indexOf, inputNames, call);
      spans.push(layer.span);
      return layer;
    });
    for (const output of undecidedOutputs) {
      const row = this.undecidedOutputRow(output, outputsNode, call);
      spans.push(row.span);
      layers.push(row);
    }
    this.reportRepeatedNames(written);
    return { name, framework: 'tfjs', inputs, layers, span: unionSpan(spans), syntax: 'typescript' };
  }

  /**
   * `outputs: x` of `tf.model({inputs, outputs: x})`, where the model's output row goes when it is
   * one of several tensors (else the call).
   */
  private outputsNode(call: TS.CallExpression): TS.Node {
    const ts = this.evaluator.ts;
    const config = call.arguments[0] && skipOuterExpressions(ts, call.arguments[0]);
    const property = config && ts.isObjectLiteralExpression(config) ? config.properties.find((candidate) => propertyName(ts, candidate) === 'outputs') : undefined;
    if (property && ts.isPropertyAssignment(property)) return property.initializer;
    return property && ts.isShorthandPropertyAssignment(property) ? property.name : call;
  }

  /**
   * The row of a model's output that is one of several tensors the code certainly made (`if
   * (pooled) x = gap`, `wide ? broad : narrow`): each of those shows its own shape, and the row
   * shows that what the model outputs is unknown, and why (the condition ConvLens could not decide).
   */
  private undecidedOutputRow(output: UnsureTensor, node: TS.Node, call: TS.Node): SourceLayer {
    this.standIn = call;
    const span = this.span(node);
    const row = this.layer(output, node, { span, hintOffset: span.end, from: this.unknownValue(output, node) }).layer;
    row.undecidedOutput = true;
    return row;
  }

  /**
   * TF.js's rule that the inputs and layers of a model have different names (tfjs-layers
   * `Container`: "The name … is used N times in the model. All layer names should be unique."):
   * `tf.model` throws, so the name written the second time is an error.
   */
  private reportRepeatedNames(written: WrittenNames): void {
    // `forEach`: no [name, places] pair for each of a model's hundreds of names.
    written.places.forEach((places, name) => {
      if (places.length < 2) return;
      this.diagnostics.push(
        readerDiagnostic(
          Code.invalidParameter,
          `TF.js refuses this model: The name "${name}" is used ${places.length} times in the model. All layer names should be unique.`,
          this.span(places[1]),
        ),
      );
    });
  }

  /**
   * A layer applied in a functional graph, its sources named by their indices (`indexOf`) and
   * names (`inputNames`) among the model's layers and inputs. `call`: where it shows when no call
   * of this file ran the code of another file that applied it.
   */
  graphLayer(node: GraphLayer, indexOf: ReadonlyMap<GraphLayer, number>, inputNames: ReadonlyMap<GraphInput, string>, call: TS.Node): SourceLayer {
    this.standIn = this.here(node.apply, node) ?? this.here(node.layer.call, node.layer) ?? call;
    const span = this.madeOnceBefore(node.apply, node.layer) ?? this.span(node.apply);
    const from = this.fromValue(node, indexOf, inputNames);
    const layer = this.layer(node.layer, node.layer.call, { span, hintOffset: span.end, from }).layer;
    const unknown = node.unsure ?? node.sources.find((source): source is Unknown => source instanceof Unknown);
    if (unknown) layer.unknownInput = this.reason(unknown, node.apply);
    return layer;
  }

  /** `tf.input({shape: [h, w, c]})` (batch prepended) or `tf.input({batchShape: [...]})`, the model's input number `index`. */
  graphInput(node: GraphInput, index: number, call: TS.Node): SourceInput {
    if (node.firstLayer) return this.firstLayerInput(node.firstLayer, call);
    this.standIn = this.here(node.call, node) ?? call;
    const span = this.span(node.call);
    const argument = node.call.arguments[0] ?? node.call;
    const entries = node.config instanceof JsObject ? this.entries(node.config, argument) : undefined;
    const written = entries && lastEntry(entries, 'name')?.value;
    const name = written?.kind === 'string' ? written.value : (node.variable ?? `input${index + 1}`);
    const batchShape = entries && lastEntry(entries, 'batchShape');
    const shape = entries && lastEntry(entries, 'shape');
    const batchSize = entries && lastEntry(entries, 'batchSize');
    const value: SourceValue = batchShape
      ? tfjsShape(batchShape.value, undefined)
      : shape
        ? tfjsShape(shape.value, batchSize?.value ?? batchSymbol(shape.value.span))
        : this.unknownValue(node.config instanceof Unknown ? node.config : undefined, node.call);
    return { name, shape: value, span };
  }

  /**
   * The input TF.js makes for the first layer of a sequential model (`Sequential.add`): its
   * `inputShape` (or `batchInputShape`), named `<the layer's name>_input`; where the layer states
   * none, TF.js refuses the model, and its shape is unknown.
   */
  private firstLayerInput(layer: LayerValue, call: TS.Node): SourceInput {
    this.standIn = this.here(layer.call, layer) ?? call;
    const typeSpan = this.span(layer.call.expression);
    const { entries } = this.layerConfig(layer);
    const input = inputFromConfig(entries, layer.type, typeSpan);
    const written = lastEntry(entries, 'name')?.value;
    const name = written?.kind === 'string' ? `${written.value}_input` : 'input';
    if (input) return { ...input, name };
    return { name, shape: unknownAt('', typeSpan.start, typeSpan.end, NO_INPUT_SHAPE), span: typeSpan };
  }

  /** `from` of a functional layer: the input's name or the source layer's index; a list for merges. */
  private fromValue(node: GraphLayer, indexOf: ReadonlyMap<GraphLayer, number>, inputNames: ReadonlyMap<GraphInput, string>): SourceValue {
    if (!node.list) {
      if (node.sources.length > 0) return this.reference(node.sources[0], node.sourceNodes[0], indexOf, inputNames);
      const { start, end } = this.span(node.apply);
      return unknownAt('', start, end);
    }
    const items = node.sources.map((source, index) => this.reference(source, node.sourceNodes[index], indexOf, inputNames));
    const apply = node.apply;
    const argument = this.evaluator.ts.isCallExpression(apply) ? (apply.arguments[0] ?? apply) : apply;
    const { start, end } = this.span(argument);
    return listAt(items, start, end);
  }

  /** One source of a functional layer, written at `expression`: the input's name, or the layer's index among the model's. */
  private reference(source: GraphNode | Unknown, expression: TS.Node, indexOf: ReadonlyMap<GraphLayer, number>, inputNames: ReadonlyMap<GraphInput, string>): SourceValue {
    const at = this.located(expression);
    const start = this.evaluator.start(at);
    const end = at.end;
    if (source instanceof Unknown) return unknownAt(this.evaluator.excerpt(expression), start, end, source.because);
    if (source.kind === 'input') return stringAt(inputNames.get(source) ?? '?', start, end);
    return numberAt(indexOf.get(source) ?? -1, start, end);
  }
}

/** Whether a layer's source is part of the model: a node, or an unsure tensor (its candidates are). */
function isCandidate(source: GraphNode | Unknown): source is Candidate {
  return source instanceof UnsureTensor || !(source instanceof Unknown);
}

/** The tensors of a model's `inputs` or `outputs`, as nodes of its graph or unsure tensors. */
function graphRoots(value: Value): Candidate[] {
  const roots: Candidate[] = [];
  for (const item of value instanceof JsArray ? value.items : [value]) {
    if (item instanceof SymbolicTensor) roots.push(item.node);
    else if (item instanceof UnsureTensor) roots.push(item);
  }
  return roots;
}

/**
 * The nodes of a graph reached from `roots`, each after its sources, in depth-first order (each
 * root's sources, the first first). Iterative: a graph may be as deep as the loops that built it.
 * An unsure tensor stands for its candidates, visited in their order; it is no node of the model.
 */
function graphOrder(roots: readonly Candidate[]): GraphNode[] {
  const order: GraphNode[] = [];
  const visited = new Set<Candidate>();
  // A node is pushed once to be expanded (its sources pushed above it) and once more, expanded, to
  // be put in order when they are done: two stacks side by side rather than an object per push.
  const stack: Candidate[] = [];
  const expanded: boolean[] = [];
  for (const root of roots) {
    stack.push(root);
    expanded.push(false);
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (expanded.pop()) {
        order.push(node as GraphNode);
        continue;
      }
      if (visited.has(node)) continue;
      visited.add(node);
      if (!(node instanceof UnsureTensor)) {
        stack.push(node);
        expanded.push(true);
      }
      const next: readonly (GraphNode | Unknown)[] = node instanceof UnsureTensor ? node.candidates : node.kind === 'layer' ? node.sources : [];
      // Pushed last to first: the first is visited first.
      for (let index = next.length - 1; index >= 0; index--) {
        const source = next[index];
        if (isCandidate(source) && !visited.has(source)) {
          stack.push(source);
          expanded.push(false);
        }
      }
    }
  }
  return order;
}

/** The names written in the configurations of a model's inputs and layers, with where each is written: each layer once. */
class WrittenNames {
  readonly places = new Map<string, TS.Node[]>();
  private readonly layers = new Set<LayerValue>();

  /** `call`: where a name shows whose configuration was not written as an object. */
  constructor(private readonly call: TS.Node) {}

  /** Notes the name of an input's configuration, or of `layer`'s unless it was noted already; answers the name. */
  note(config: Value, layer?: LayerValue): string | undefined {
    const name = writtenName(config);
    if (name === undefined || !(config instanceof JsObject)) return name;
    if (layer) {
      if (this.layers.has(layer)) return name;
      this.layers.add(layer);
    }
    const where = config.properties.get('name')?.valueNode ?? this.call;
    const places = this.places.get(name);
    if (places) places.push(where);
    else this.places.set(name, [where]);
    return name;
  }
}

/** The `name` a layer's or input's configuration gives, when it is a known string. */
function writtenName(config: Value): string | undefined {
  const name = configName(config);
  return typeof name === 'string' ? name : undefined;
}

/**
 * `name`, or the first of `name (2)`, `name (3)`, … that is not `taken`: the name an input is read
 * under where the engine would take the written one for another layer or input. A number is
 * always taken: the engine names an unnamed layer by its index.
 */
export function untakenName(name: string, taken: (candidate: string) => boolean): string {
  let unique = name;
  for (let suffix = 2; taken(unique) || /^\d+$/.test(unique); suffix++) unique = `${name} (${suffix})`;
  return unique;
}

/** A zero-width `N` at the start of a shape written without its batch dimension. */
function batchSymbol(shapeSpan: Span): SourceValue {
  return { kind: 'string', value: 'N', span: { start: shapeSpan.start, end: shapeSpan.start } };
}

/**
 * A TF.js shape as the engine reads shapes: batch first (`batch` prepended when given), `null`
 * batch as `N`, other `null` dimensions unknown.
 */
function tfjsShape(value: SourceValue, batch: SourceValue | undefined): SourceValue {
  if (value.kind !== 'list') return value.kind === 'unknown' ? value : { kind: 'unknown', text: '', span: value.span };
  const items = batch ? [batch, ...value.items] : value.items;
  return {
    kind: 'list',
    span: value.span,
    items: items.map((item, index): SourceValue => {
      if (item.kind !== 'null') return item;
      return { kind: 'string', value: index === 0 ? 'N' : '?', span: item.span };
    }),
  };
}

/** The input of a sequential model, which its first layer declares. */
export function sequentialInput(first: { layer: SourceLayer; entries: SourceEntry[] }): SourceInput | undefined {
  return inputFromConfig(first.entries, first.layer.type, first.layer.typeSpan);
}

/**
 * The model input a first layer declares, as TF.js 4.22's constructors do: `batchInputShape`,
 * else `inputShape`; `dense` also takes `inputDim` (`[batch, inputDim]`, core.js), and `embedding`
 * takes `inputLength` (`[batch, ...inputLength]`, or `[batch, null]` without it: embeddings.js),
 * where `inputDim` is the vocabulary size, not the input.
 */
function inputFromConfig(entries: SourceEntry[], factory: string, layerSpan: Span): SourceInput | undefined {
  const batchInputShape = lastEntry(entries, 'batchInputShape');
  const inputShape = lastEntry(entries, 'inputShape');
  const inputDim = factory === 'dense' ? lastEntry(entries, 'inputDim') : undefined;
  const inputLength = factory === 'embedding' ? lastEntry(entries, 'inputLength') : undefined;
  const batchSize = lastEntry(entries, 'batchSize')?.value;
  if (batchInputShape) return { name: 'input', shape: tfjsShape(batchInputShape.value, undefined), span: entrySpan(batchInputShape) };
  const entry = inputShape ?? inputDim ?? inputLength;
  if (!entry) {
    if (factory !== 'embedding') return undefined;
    // An embedding without inputShape or inputLength still builds its input: [batch, null].
    const open: SourceValue = { kind: 'list', items: [{ kind: 'null', span: layerSpan }], span: layerSpan };
    return { name: 'input', shape: tfjsShape(open, batchSize ?? batchSymbol(layerSpan)), span: layerSpan };
  }
  const span = entrySpan(entry);
  const shape: SourceValue = entry !== inputShape && entry.value.kind !== 'list' ? { kind: 'list', items: [entry.value], span: entry.value.span } : entry.value;
  return { name: 'input', shape: tfjsShape(shape, batchSize ?? batchSymbol(shape.span)), span };
}

function unionSpan(spans: Span[]): Span {
  let { start, end } = spans[0];
  for (const span of spans) {
    start = Math.min(start, span.start);
    end = Math.max(end, span.end);
  }
  return { start, end };
}
