/**
 * TensorFlow.js layers models in TypeScript/JavaScript (SPEC.md §1.3): `tf.sequential({layers})`,
 * `model.add(tf.layers.x({...}))` (also through `forEach`/`for...of` over arrays of layers),
 * functional graphs (`tf.input`, `layer.apply(x)`, `tf.model({inputs, outputs})`) and arrays of
 * `tf.layers.x(...)` calls on their own. Layer types and parameter keys stay as written
 * (`conv2dTranspose`, `kernelSize`); their meaning is the tfjs framework module's business.
 */
import type * as TS from 'typescript';
import { Code, type Diagnostic } from '../../diagnostics';
import type { UnknownReason } from '../../dims';
import type { SourceEntry, SourceInput, SourceLayer, SourceModel, SourceValue, Span } from '../../ir';
import { entrySpan, lastEntry, literalNameSpan, readerDiagnostic } from '../sourceValues';
import { buildLayer, type ConfigSite, type ReplaceSite } from './typescriptLayers';
import type { ArrayElement, Evaluator } from './typescriptFolding';
import { skipOuterExpressions, type Located } from './typescriptNodes';
import type { Binding, Scope, SyntaxIndex } from './typescriptScopes';

/** Configuration keys that describe the model's input rather than the layer. */
const INPUT_KEYS = ['inputShape', 'batchInputShape', 'batchSize', 'inputDim'];
const RESERVED_KEYS = new Set(['name', ...INPUT_KEYS]);
const NAME_KEY = ['name'];
/** Layer factories are the members of `layers` in the TF.js module: `layers.conv2d`. */
const LAYERS_NAMESPACE = 'layers';

interface LayerCall {
  call: TS.CallExpression;
  /** The factory name as written: `conv2dTranspose`. */
  type: string;
  scope: Scope;
  /** `tf.layers` (or its alias) when the factory is written as its member: `tf.layers.conv2d`. */
  factory: TS.Expression | undefined;
}

interface GraphInput {
  kind: 'input';
  call: TS.CallExpression;
  scope: Scope;
  name: string;
}

interface GraphLayer {
  kind: 'layer';
  apply: TS.CallExpression;
  layer: LayerCall;
  sources: (GraphNode | undefined)[];
  /** The argument of `apply`, for the span of `from`. */
  argument: TS.Expression | undefined;
  sourceNodes: TS.Expression[];
}

type GraphNode = GraphInput | GraphLayer;

/** Reads every TF.js model of a file. */
export class TfjsReader {
  /** Array literals already read as part of a model, so they are not read again on their own. */
  private readonly consumed = new Set<TS.Node>();
  private readonly inputs = new Map<TS.CallExpression, GraphInput>();
  private readonly graphLayers = new Map<TS.CallExpression, GraphLayer>();

  constructor(
    private readonly index: SyntaxIndex,
    private readonly evaluator: Evaluator,
    private readonly diagnostics: Diagnostic[],
  ) {}

  read(): SourceModel[] {
    const models: SourceModel[] = [];
    const sequentials = new Map<TS.CallExpression, SequentialModel>();
    for (const { node: call, scope } of this.index.calls) {
      const path = this.tfjsPath(call.expression, scope);
      if (path === 'sequential') {
        const model = this.readSequentialConfig(call, scope);
        sequentials.set(call, model);
      } else if (path === 'model') {
        const model = this.readFunctional(call, scope);
        if (model) models.push(model);
      }
    }
    if (sequentials.size > 0) {
      this.readAdds(sequentials);
      this.readNameCalls(sequentials);
    }
    for (const sequential of sequentials.values()) {
      const model = this.finishSequential(sequential);
      if (model) models.push(model);
    }
    for (const binding of this.index.constArrays) {
      const model = this.readStandaloneArray(binding);
      if (model) models.push(model);
    }
    return models.sort((a, b) => a.span.start - b.span.start);
  }

  /**
   * The path of an expression inside the TF.js module: `''` for the module itself (`tf`),
   * `'layers.conv2d'` for `tf.layers.conv2d` or `L.conv2d` after `import {layers as L}`.
   */
  private tfjsPath(node: TS.Expression, scope: Scope, depth = 0): string | undefined {
    const ts = this.evaluator.ts;
    node = skipOuterExpressions(ts, node);
    if (depth > 16) return undefined;
    if (ts.isIdentifier(node)) {
      const binding = scope.lookup(node.text);
      if (!binding) return node.text === 'tf' ? '' : undefined; // the global of the TF.js script bundle
      if (binding.kind === 'tfjs') return binding.member ?? '';
      if (binding.kind === 'const') return this.tfjsPath(binding.init, binding.scope, depth + 1);
      return undefined;
    }
    if (ts.isPropertyAccessExpression(node)) {
      const base = this.tfjsPath(node.expression, scope, depth + 1);
      if (base === undefined) return undefined;
      return base === '' ? node.name.text : `${base}.${node.name.text}`;
    }
    return undefined;
  }

  /** `tf.layers.x(...)`, after following `const` names. */
  private layerCall(node: TS.Expression, scope: Scope): LayerCall | undefined {
    const ts = this.evaluator.ts;
    const resolved = this.evaluator.resolve(node, scope);
    if (!ts.isCallExpression(resolved.node)) return undefined;
    const factory = this.layerFactory(resolved.node.expression, resolved.scope);
    return factory && { call: resolved.node, type: factory.type, scope: resolved.scope, factory: factory.prefix };
  }

  /**
   * The layer factory a callee names: `tf.layers.conv2d` (also through aliases of `tf` or
   * `layers`), or a `const` bound to one. `prefix` is the `tf.layers` written in front of the
   * factory, when it is written at the call (not behind a `const`). Told from the syntax, without
   * building the factory's path as a string: this runs for every layer read.
   */
  private layerFactory(
    node: TS.Expression,
    scope: Scope,
    depth = 0,
  ): { type: string; prefix: TS.Expression | undefined } | undefined {
    const ts = this.evaluator.ts;
    node = skipOuterExpressions(ts, node);
    if (ts.isPropertyAccessExpression(node)) {
      if (!ts.isIdentifier(node.name) || this.tfjsPath(node.expression, scope) !== LAYERS_NAMESPACE) return undefined;
      return { type: node.name.text, prefix: depth === 0 ? node.expression : undefined };
    }
    if (!ts.isIdentifier(node) || depth > 16) return undefined;
    const binding = scope.lookup(node.text);
    return binding?.kind === 'const' ? this.layerFactory(binding.init, binding.scope, depth + 1) : undefined;
  }

  /** The configuration object of a layer call, folded. */
  private layerConfig(layer: LayerCall): { entries: SourceEntry[]; complete: boolean; site: ConfigSite } {
    const ts = this.evaluator.ts;
    const argument = layer.call.arguments[0];
    if (!argument) return { entries: [], complete: true, site: { kind: 'empty', offset: layer.call.arguments.pos } };
    const written = skipOuterExpressions(ts, argument);
    if (ts.isObjectLiteralExpression(written)) {
      const { entries, complete } = this.evaluator.objectEntries(written, layer.scope);
      return { entries, complete, site: { kind: 'object', node: written } };
    }
    const resolved = this.evaluator.resolve(argument, layer.scope);
    if (ts.isObjectLiteralExpression(resolved.node)) {
      const { entries, complete } = this.evaluator.objectEntries(resolved.node, resolved.scope);
      return { entries, complete, site: { kind: 'expression', node: argument } };
    }
    return { entries: [], complete: false, site: { kind: 'expression', node: argument } };
  }

  /**
   * The layer an element of a model stands for: a `tf.layers.x(...)` call, or — when the reader
   * cannot tell — a layer of the element's own text, whose output is unknown.
   */
  private elementLayer(
    element: Located<TS.Expression>,
    placement: { span: Span; hintOffset: number; replace?: ReplaceSite; repeated?: boolean; from?: SourceValue },
  ): { layer: SourceLayer; entries: SourceEntry[]; call?: LayerCall } {
    const call = this.layerCall(element.node, element.scope);
    if (!call) return { layer: this.opaqueLayer(element.node, placement), entries: [] };
    const config = this.layerConfig(call);
    const callee = call.call.expression;
    const typeSpan = this.evaluator.span(callee);
    const ts = this.evaluator.ts;
    const layer = buildLayer(this.evaluator, {
      type: call.type,
      typeSpan,
      // `tf.layers.conv2d`: the factory's name after the dot (an imported function's name is a binding).
      typeNameSpan: ts.isPropertyAccessExpression(callee) ? literalNameSpan(this.evaluator.text, this.evaluator.span(callee.name), call.type, true) : undefined,
      entries: config.entries,
      reserved: RESERVED_KEYS,
      entriesIncomplete: !config.complete || placement.repeated,
      from: placement.from,
      span: placement.span,
      hintOffset: placement.hintOffset,
      config: config.site,
      replace: placement.replace,
      carriedFirst: INPUT_KEYS,
      carriedLast: NAME_KEY,
      factory: placement.replace && call.factory && this.evaluator.spanSharingStart(call.factory, callee, typeSpan),
    });
    return { layer, entries: config.entries, call };
  }

  /** A layer the reader cannot tell (not a `tf.layers.x(...)` call): its type is its text, its output unknown. */
  private opaqueLayer(node: TS.Expression, placement: { span: Span; hintOffset: number; from?: SourceValue }): SourceLayer {
    return buildLayer(this.evaluator, {
      type: this.evaluator.excerpt(node),
      typeSpan: this.evaluator.span(node),
      entries: [],
      reserved: RESERVED_KEYS,
      entriesIncomplete: true,
      from: placement.from,
      span: placement.span,
      hintOffset: placement.hintOffset,
      config: { kind: 'expression', node },
    });
  }

  // ---- Sequential models --------------------------------------------------------------------

  private readSequentialConfig(call: TS.CallExpression, scope: Scope): SequentialModel {
    const ts = this.evaluator.ts;
    const model: SequentialModel = { call, scope, name: this.index.namesByInit.get(call), members: [], spans: [this.evaluator.span(call)] };
    const argument = call.arguments[0];
    if (!argument) return model;
    const config = this.evaluator.resolve(argument, scope);
    if (!ts.isObjectLiteralExpression(config.node)) return model;
    for (const property of config.node.properties) {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
      const key = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
      const value = ts.isPropertyAssignment(property) ? property.initializer : property.name;
      if (key === 'name') {
        const name = this.evaluator.fold(value, config.scope);
        if (name.kind === 'string') model.name = name.value;
      } else if (key === 'layers') {
        for (const element of this.evaluator.elements(value, config.scope, this.consumed)) {
          model.members.push(this.arrayMember(element, undefined));
        }
      }
    }
    return model;
  }

  /** A layer written as an element of an array (replaceable in place) or standing alone. */
  private arrayMember(element: ArrayElement, repeated: boolean | undefined) {
    const span = this.evaluator.span(element.node);
    const replace: ReplaceSite | undefined = element.inArray ? { span, separator: ',', style: 'factory' } : undefined;
    return this.elementLayer(element, { span, hintOffset: span.end, replace, repeated });
  }

  /** The sequential model a name is bound to (`const model = tf.sequential()`), with its binding. */
  private sequentialNamed(
    name: TS.Identifier,
    scope: Scope,
    sequentials: Map<TS.CallExpression, SequentialModel>,
  ): { model: SequentialModel; binding: Extract<Binding, { kind: 'const' | 'variable' }> } | undefined {
    const ts = this.evaluator.ts;
    const binding = scope.lookup(name.text);
    if (binding?.kind !== 'const' && binding?.kind !== 'variable') return undefined;
    const init = binding.init && skipOuterExpressions(ts, binding.init);
    const model = init && ts.isCallExpression(init) ? sequentials.get(init) : undefined;
    return model && { model, binding };
  }

  /** Appends every `model.add(...)` to the sequential model it was called on, in source order. */
  private readAdds(sequentials: Map<TS.CallExpression, SequentialModel>): void {
    const ts = this.evaluator.ts;
    for (const { node: call, scope, receiver, statement } of this.index.addCalls) {
      if (!ts.isIdentifier(receiver)) continue;
      const named = this.sequentialNamed(receiver, scope, sequentials);
      if (!named) continue;
      const { model, binding } = named;
      const span = this.evaluator.span(call);
      model.spans.push(span);
      const argument = call.arguments[0];
      const iteration = ts.isIdentifier(argument) ? scope.lookup(argument.text) : undefined;
      // Code that may run more often than the model's own code adds an unknown number of layers.
      const modelRepeats = binding.scope.repeats;
      if (iteration?.kind === 'forOf' || iteration?.kind === 'forEach') {
        const iterable = iteration.kind === 'forOf' ? iteration.iterable : iteration.array;
        const repeated = scope.repeats !== iteration.loop || iteration.loop.parent?.repeats !== modelRepeats;
        for (const element of this.evaluator.elements(iterable, iteration.scope, this.consumed)) {
          model.members.push(this.arrayMember(element, repeated));
        }
        continue;
      }
      const replace: ReplaceSite | undefined = statement
        ? { span, separator: ';', style: 'factory', receiver: this.evaluator.spanSharingStart(receiver, call, span) }
        : undefined;
      model.members.push(
        this.elementLayer(
          { node: argument, scope },
          { span: this.evaluator.span(argument), hintOffset: span.end, replace, repeated: scope.repeats !== modelRepeats },
        ),
      );
    }
  }

  /**
   * A call that receives a sequential model and that the reader cannot follow (`upBlock(model, 64)`,
   * `model.pop()`) may change its layers: the first layer added after it gets an unknown input,
   * so that no later shape is computed as if the call did nothing.
   */
  private readNameCalls(sequentials: Map<TS.CallExpression, SequentialModel>): void {
    for (const { node: call, scope, arguments: names, receiver } of this.index.nameCalls) {
      if (receiver?.name.text === 'console') continue;
      const passed = receiver && !MODEL_METHODS_KEEPING_LAYERS.has(receiver.method) ? [receiver.name, ...names] : names;
      for (const name of passed) {
        const model = this.sequentialNamed(name, scope, sequentials)?.model;
        if (!model) continue;
        const next = model.members.find((member) => member.layer.span.start > call.end);
        if (next && !next.layer.unknownInput) next.layer.unknownInput = this.unfollowedCall(call);
        break;
      }
    }
  }

  private finishSequential(model: SequentialModel): SourceModel | undefined {
    if (model.members.length === 0) return undefined;
    const first = model.members[0];
    const input = inputFromConfig(first.entries);
    if (!input && first.call && !first.layer.indeterminate) {
      this.diagnostics.push(
        readerDiagnostic(
          Code.invalidParameter,
          'The first layer of a sequential model needs `inputShape` (or `batchInputShape`), e.g. `inputShape: [28, 28, 1]`.',
          first.layer.typeSpan,
        ),
      );
    }
    return {
      name: model.name,
      framework: 'tfjs',
      inputs: input ? [input] : [],
      layers: model.members.map((member) => member.layer),
      span: unionSpan(model.spans),
      syntax: 'typescript',
    };
  }

  // ---- Arrays of layers on their own --------------------------------------------------------

  private readStandaloneArray(binding: Extract<Binding, { kind: 'const' }>): SourceModel | undefined {
    const ts = this.evaluator.ts;
    const array = skipOuterExpressions(ts, binding.init);
    if (this.consumed.has(array) || !ts.isArrayLiteralExpression(array)) return undefined;
    if (!array.elements.some((element) => !ts.isSpreadElement(element) && this.layerCall(element, binding.scope))) return undefined;
    const members = this.evaluator.elements(array, binding.scope, this.consumed).map((element) => this.arrayMember(element, false));
    const first = members[0];
    const input = inputFromConfig(first.entries);
    return {
      name: binding.name,
      framework: 'tfjs',
      inputs: input ? [input] : [],
      layers: members.map((member) => member.layer),
      span: this.evaluator.span(array),
      syntax: 'typescript',
    };
  }

  // ---- Functional models --------------------------------------------------------------------

  private readFunctional(call: TS.CallExpression, scope: Scope): SourceModel | undefined {
    const ts = this.evaluator.ts;
    const argument = call.arguments[0];
    if (!argument) return undefined;
    const config = this.evaluator.resolve(argument, scope);
    if (!ts.isObjectLiteralExpression(config.node)) return undefined;
    let inputsNode: TS.Expression | undefined;
    let outputsNode: TS.Expression | undefined;
    let name = this.index.namesByInit.get(call);
    for (const property of config.node.properties) {
      if (!ts.isPropertyAssignment(property) && !ts.isShorthandPropertyAssignment(property)) continue;
      const key = property.name && ts.isIdentifier(property.name) ? property.name.text : undefined;
      const value = ts.isPropertyAssignment(property) ? property.initializer : property.name;
      if (key === 'inputs') inputsNode = value;
      else if (key === 'outputs') outputsNode = value;
      else if (key === 'name') {
        const folded = this.evaluator.fold(value, config.scope);
        if (folded.kind === 'string') name = folded.value;
      }
    }
    if (!outputsNode) return undefined;

    const order: GraphNode[] = [];
    const visited = new Set<GraphNode>();
    const visit = (node: GraphNode | undefined) => {
      if (!node || visited.has(node)) return;
      visited.add(node);
      if (node.kind === 'layer') node.sources.forEach(visit);
      order.push(node);
    };
    const declaredInputs = inputsNode ? this.graphSources(inputsNode, config.scope).nodes : [];
    declaredInputs.forEach(visit);
    this.graphSources(outputsNode, config.scope).nodes.forEach(visit);

    const layerNodes = order.filter((node): node is GraphLayer => node.kind === 'layer');
    if (layerNodes.length === 0) return undefined;
    const inputNodes = order.filter((node): node is GraphInput => node.kind === 'input');
    const indexOf = new Map(layerNodes.map((node, index) => [node, index]));
    const spans: Span[] = [this.evaluator.span(call)];
    const inputs: SourceInput[] = inputNodes.map((node) => {
      spans.push(this.evaluator.span(node.call));
      return this.graphInput(node);
    });
    const layers = layerNodes.map((node) => {
      const span = this.evaluator.span(node.apply);
      spans.push(span);
      const from = this.fromValue(node, indexOf);
      const layer = this.elementLayer({ node: node.layer.call, scope: node.layer.scope }, { span, hintOffset: span.end, from }).layer;
      const unfollowed = this.unfollowedSource(node);
      if (unfollowed) layer.unknownInput = this.unfollowedCall(unfollowed);
      return layer;
    });
    return { name, framework: 'tfjs', inputs, layers, span: unionSpan(spans), syntax: 'typescript' };
  }

  /** The graph nodes an expression stands for: one, or several for an array (`[a, b]`). */
  private graphSources(node: TS.Expression, scope: Scope): { nodes: (GraphNode | undefined)[]; expressions: TS.Expression[] } {
    const ts = this.evaluator.ts;
    const resolved = this.evaluator.resolve(node, scope);
    if (ts.isArrayLiteralExpression(resolved.node)) {
      const expressions = resolved.node.elements.filter((element) => !ts.isSpreadElement(element) && !ts.isOmittedExpression(element));
      return { nodes: expressions.map((element) => this.graphNode(element, resolved.scope)), expressions };
    }
    return { nodes: [this.graphNode(node, scope)], expressions: [node] };
  }

  /** `tf.input(...)` or `layer.apply(x)`, after following `const` names; undefined otherwise. */
  private graphNode(node: TS.Expression, scope: Scope, depth = 0): GraphNode | undefined {
    const ts = this.evaluator.ts;
    const named = skipOuterExpressions(ts, node);
    const variableName = ts.isIdentifier(named) ? named.text : undefined;
    const resolved = this.evaluator.resolve(node, scope);
    const call = resolved.node;
    if (!ts.isCallExpression(call) || depth > 10_000) return undefined;
    if (this.tfjsPath(call.expression, resolved.scope) === 'input') {
      let input = this.inputs.get(call);
      if (!input) {
        input = { kind: 'input', call, scope: resolved.scope, name: this.inputName(call, resolved.scope, variableName) };
        this.inputs.set(call, input);
      }
      return input;
    }
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'apply') return undefined;
    const existing = this.graphLayers.get(call);
    if (existing) return existing;
    const layer = this.layerCall(callee.expression, resolved.scope);
    if (!layer) return undefined;
    const argument = call.arguments[0];
    const node2: GraphLayer = { kind: 'layer', apply: call, layer, sources: [], argument, sourceNodes: [] };
    this.graphLayers.set(call, node2);
    if (argument) {
      const sources = this.graphSources(argument, resolved.scope);
      node2.sourceNodes = sources.expressions;
      node2.sources = sources.expressions.map((expression) => this.graphNode(expression, resolved.scope, depth + 1));
    }
    return node2;
  }

  private inputName(call: TS.CallExpression, scope: Scope, variableName: string | undefined): string {
    const config = this.inputConfig(call, scope);
    const name = config && lastEntry(config, 'name')?.value;
    if (name?.kind === 'string') return name.value;
    return variableName ?? `input${this.inputs.size + 1}`;
  }

  private inputConfig(call: TS.CallExpression, scope: Scope): SourceEntry[] | undefined {
    const argument = call.arguments[0];
    if (!argument) return undefined;
    const value = this.evaluator.fold(argument, scope);
    return value.kind === 'map' ? value.entries : undefined;
  }

  /** `tf.input({shape: [h, w, c]})` (batch prepended) or `tf.input({batchShape: [...]})`. */
  private graphInput(node: GraphInput): SourceInput {
    const span = this.evaluator.span(node.call);
    const entries = this.inputConfig(node.call, node.scope);
    const batchShape = entries && lastEntry(entries, 'batchShape');
    const shape = entries && lastEntry(entries, 'shape');
    const batchSize = entries && lastEntry(entries, 'batchSize');
    const value: SourceValue = batchShape
      ? tfjsShape(batchShape.value, undefined)
      : shape
        ? tfjsShape(shape.value, batchSize?.value ?? batchSymbol(shape.value.span))
        : { kind: 'unknown', text: this.evaluator.excerpt(node.call), span };
    return { name: node.name, shape: value, span };
  }

  /** A source of a functional layer that is a call the reader cannot follow (`myBlock(x)`), if any. */
  private unfollowedSource(node: GraphLayer): TS.CallExpression | undefined {
    const ts = this.evaluator.ts;
    for (const [index, source] of node.sources.entries()) {
      if (source) continue;
      const resolved = this.evaluator.resolve(node.sourceNodes[index], node.layer.scope).node;
      if (ts.isCallExpression(resolved)) return resolved;
    }
    return undefined;
  }

  /** Why shapes are unknown after a call the reader does not follow. */
  private unfollowedCall(call: TS.CallExpression): UnknownReason {
    const span = this.evaluator.span(call);
    return {
      because: `the model goes through \`${this.evaluator.excerpt(call)}\` (line ${lineOf(this.evaluator.text, span.start)}), a call ConvLens does not follow into its function yet`,
      span,
    };
  }

  /** `from` of a functional layer: the input's name or the source layer's index; a list for merges. */
  private fromValue(node: GraphLayer, indexOf: Map<GraphLayer, number>): SourceValue {
    const one = (source: GraphNode | undefined, expression: TS.Expression): SourceValue => {
      const span = this.evaluator.span(expression);
      if (!source) return { kind: 'unknown', text: this.evaluator.excerpt(expression), span };
      if (source.kind === 'input') return { kind: 'string', value: source.name, span };
      return { kind: 'number', value: indexOf.get(source) ?? -1, span };
    };
    const span = node.argument ? this.evaluator.span(node.argument) : this.evaluator.span(node.apply);
    if (!node.argument) return { kind: 'unknown', text: '', span };
    const ts = this.evaluator.ts;
    const isList = ts.isArrayLiteralExpression(this.evaluator.resolve(node.argument, node.layer.scope).node);
    const items = node.sources.map((source, index) => one(source, node.sourceNodes[index]));
    return isList ? { kind: 'list', items, span } : items[0];
  }
}

interface SequentialModel {
  call: TS.CallExpression;
  scope: Scope;
  name: string | undefined;
  members: { layer: SourceLayer; entries: SourceEntry[]; call?: LayerCall }[];
  spans: Span[];
}

/** Methods of a TF.js model that leave its layers as they are. */
const MODEL_METHODS_KEEPING_LAYERS = new Set([
  'compile',
  'evaluate',
  'evaluateDataset',
  'execute',
  'fit',
  'fitDataset',
  'getConfig',
  'getLayer',
  'getWeights',
  'loadWeights',
  'predict',
  'predictOnBatch',
  'save',
  'setWeights',
  'summary',
  'toJSON',
  'trainOnBatch',
  'dispose',
]);

/** The 1-based line of an offset. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
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

/** The model input a first layer declares (`inputShape`, `batchInputShape`, `inputDim`). */
function inputFromConfig(entries: SourceEntry[]): SourceInput | undefined {
  const batchInputShape = lastEntry(entries, 'batchInputShape');
  const inputShape = lastEntry(entries, 'inputShape');
  const inputDim = lastEntry(entries, 'inputDim');
  const batchSize = lastEntry(entries, 'batchSize')?.value;
  const entry = batchInputShape ?? inputShape ?? inputDim;
  if (!entry) return undefined;
  const span = entrySpan(entry);
  if (entry === batchInputShape) return { name: 'input', shape: tfjsShape(entry.value, undefined), span };
  const shape: SourceValue =
    entry === inputDim && entry.value.kind !== 'list' ? { kind: 'list', items: [entry.value], span: entry.value.span } : entry.value;
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
