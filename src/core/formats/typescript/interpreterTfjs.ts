/**
 * TF.js as the interpreter models it (SPEC.md §1.3): `tf.sequential`/`model.add`, `tf.input`,
 * `layer.apply(tensor | [tensors])`, `tf.model({inputs, outputs})`, a model used as a layer
 * (nested), `tf.layers.*` factories, and a class extending `tf.layers.Layer` as a custom layer.
 * `tf.tidy` runs its callback where it is called. Methods that only train, save or print a model
 * (`summary`, `compile`, `fit`...) change nothing; any other method that may change its layers
 * makes the shapes after it unknown.
 */
import type * as TS from 'typescript';
import { INTERPRETER_BUDGETS } from '../../limits';
import type { Interpreter } from './interpreter';
import { customLayerClassName, type WeightTally } from './interpreterCustomLayer';
import { MadeModels } from './interpreterMadeModels';
import { sameShape, shapeValue, type TensorShapes } from './interpreterShapes';
import {
  configName,
  Builtin,
  FunctionalModel,
  InputLayerValue,
  Instance,
  JsArray,
  JsClass,
  JsFunction,
  JsObject,
  LayerValue,
  SequentialModel,
  snapshot,
  SymbolicTensor,
  TfjsMember,
  Unknown,
  type GraphInput,
  type GraphLayer,
  type GraphNode,
  type LayerOutput,
  type SequentialMember,
  type UnsureRegion,
  type Value,
} from './interpreterValues';

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

/** Properties of a functional model that are its tensors or their shapes. */
const MODEL_TENSORS = new Set(['inputs', 'outputs', 'input', 'output', 'outputShape']);

/** Properties of a sequential model that are its tensors (its `outputShape` is read from its layers). */
const SEQUENTIAL_TENSORS = new Set(['inputs', 'outputs', 'input', 'output']);

/** A sequential model as a graph: the input TF.js makes for its first layer, and the output after each of its layers so far. */
interface SequentialGraph {
  input: GraphInput;
  outputs: Value[];
}

/** The TF.js objects one interpretation made, in the order they were made. */
export class TfjsModel {
  /**
   * The models each `tf.sequential(...)` call made under each chain of calls of the analysed file
   * (a builder of this file or another, called from two places, makes two, and one called once per
   * turn of a loop makes one per turn: `MadeModels`).
   */
  readonly sequentials: SequentialModel[] = [];
  /** The models each `tf.model(...)` call made under each chain of calls, as {@link sequentials}. */
  readonly functionals: FunctionalModel[] = [];
  /** Which models are kept, and the calls that made them. */
  readonly madeModels = new MadeModels();
  /** `tf` where no import binds it: the global of the TF.js script bundle. */
  readonly globalModule = new TfjsMember('');
  /** How many TF.js layers, models and inputs were made so far. */
  made = 0;
  /** Layers added to models so far. */
  private members = 0;
  /** The pass each model was made in: a function run for lack of a call does not add to the models of another. */
  private readonly passOf = new WeakMap<SequentialModel, number>();
  /** The undecided region each model was made in: layers added in the same region are as sure as the model. */
  private readonly regionOf = new WeakMap<SequentialModel, UnsureRegion | undefined>();
  /** The shapes of tensors the program reads (`x.shape`), computed by the engine on demand; unset where no engine was given. */
  shapes: TensorShapes | undefined;

  /** The custom layer whose `build` ConvLens runs now for its parameters, and the tally of the weights it adds. */
  private building: { instance: Instance; tally: WeightTally } | undefined;
  /** Where each custom layer added weights while no such build of its own ran (its constructor, the run of a method nobody calls). */
  private readonly addedWeights = new WeakMap<Instance, Set<TS.Node>>();
  /** The configuration each custom layer handed the constructor of `tf.layers.Layer`. */
  private readonly baseConfigs = new WeakMap<Instance, Value>();
  /** Each sequential model as a graph, once the program read its tensors (`model.outputs`, `layer.output`). */
  private readonly sequentialGraphs = new WeakMap<SequentialModel, SequentialGraph>();
  /** The `InputLayer` of each input, made once, as `model.layers` lists it. */
  private readonly inputLayers = new WeakMap<GraphInput, InputLayerValue>();

  constructor(private readonly interpreter: Interpreter) {}

  /** `tf.x(...)`: a model, an input, a layer; anything else TF.js computes at run time. */
  call(member: TfjsMember, args: Value[], site: TS.CallExpression): Value {
    const path = member.path;
    this.made++;
    if (path === 'sequential') return this.sequential(args[0], site);
    if (path === 'model') return this.functional(args[0], site);
    if (path === 'tidy') return this.tidy(args, site);
    // `tf.keep(x)` returns `x`, kept from the enclosing tidy's disposal.
    if (path === 'keep') return args[0];
    // `tf.layers.input` is TF.js's alias of `tf.input` (tfjs-layers exports_layers).
    if (path === 'input' || path === 'layers.input') {
      const input: GraphInput = { kind: 'input', call: site, config: snapshot(args[0]), variable: undefined, region: this.interpreter.region };
      this.interpreter.noteAnchor(input, site);
      return new SymbolicTensor(input);
    }
    const factory = member.layerFactory;
    if (factory) {
      const config = args[0];
      const callee = site.expression;
      const prefix = this.interpreter.ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
      // TF.js reads the configuration now: what the code changes in it later does not change the layer.
      const read = config instanceof JsObject ? snapshot(config) : config instanceof Unknown ? config : config === undefined ? undefined : this.notConfig(site);
      const layer = new LayerValue(factory, site, read, prefix);
      this.interpreter.noteAnchor(layer, site);
      return layer;
    }
    return new Unknown(`\`${this.interpreter.excerpt(site)}\` is computed by TF.js when the program runs`, site);
  }

  /**
   * `tf.tidy(fn)` or `tf.tidy(name, fn)`: TF.js runs the callback at once, with no arguments, and
   * returns what it returns (tfjs-core `engine.tidy`), so what it builds is built there and then.
   */
  private tidy(args: Value[], site: TS.CallExpression): Value {
    const callback = args.length > 1 ? args[1] : args[0];
    if (callback instanceof JsFunction) return this.interpreter.callFunction(callback, callback.boundThis, [], site);
    return this.interpreter.unfollowed(callback, undefined, args, site);
  }

  private notConfig(site: TS.CallExpression): Unknown {
    return new Unknown(`the configuration of \`${this.interpreter.excerpt(site)}\` is not an object ConvLens knows`, site.arguments[0] ?? site);
  }

  /** `new tf.X(...)`: nothing the interpreter models. */
  construct(member: TfjsMember, _args: Value[], site: TS.NewExpression): Value {
    return new Unknown(`\`new tf.${member.path}(...)\` is computed by TF.js when the program runs`, site);
  }

  /**
   * An instance of a class extending `tf.layers.Layer`: a layer of no vocabulary, named as TF.js
   * names it (its static `className`), whose output its own `computeOutputShape` may tell.
   */
  customLayer(cls: JsClass, instance: Instance, args: Value[], site: TS.NewExpression | undefined): Value {
    if (!site) return new Unknown(`\`${cls.name}\` is a custom layer`, cls.node);
    const config = args[0];
    return new LayerValue(customLayerClassName(this.interpreter, cls), site, config instanceof JsObject ? config : undefined, undefined, cls, instance);
  }

  /** Notes the configuration a custom layer hands the constructor of `tf.layers.Layer` (`super(config)`, or `new` of a class without a constructor). */
  layerConstructed(instance: Instance, config: Value): void {
    this.baseConfigs.set(instance, config);
  }

  /** Runs a custom layer's `build` with the weights `this.addWeight` adds to that layer counted in `tally`. */
  tallyingWeights(instance: Instance, tally: WeightTally, build: () => Value): Value {
    const outer = this.building;
    this.building = { instance, tally };
    try {
      return build();
    } finally {
      this.building = outer;
    }
  }

  /** Where a custom layer added weights outside a build ConvLens ran for its parameters. */
  weightSites(instance: Instance): ReadonlySet<TS.Node> {
    return this.addedWeights.get(instance) ?? new Set();
  }

  /**
   * Whether a custom layer's weights train (`trainable` of the configuration it handed
   * `tf.layers.Layer`, or set on `this`; true by default), or why that is not known.
   */
  layerTrainable(instance: Instance): boolean | string {
    const own = instance.properties.get('trainable');
    const config = this.baseConfigs.get(instance);
    const written = own ? own.value : config instanceof JsObject && !config.unsure ? config.get('trainable') : config === undefined || config === null ? undefined : config;
    // TF.js: `args.trainable == null ? true : args.trainable`.
    if (written === undefined || written === null || typeof written === 'boolean') return written ?? true;
    const why = written instanceof Unknown ? written : config instanceof JsObject ? config.unsure : undefined;
    return `whether it is trainable is not known${why ? `: ${why.because}` : ''}`;
  }

  /** A member of `tf.layers.Layer` that a custom layer reads from `this` and does not define: `addWeight`, whose weights are counted. */
  layerMember(instance: Instance, key: string): Value | undefined {
    if (key !== 'addWeight') return undefined;
    return new Builtin('addWeight', instance, (args, call) => {
      if (this.building?.instance === instance) this.building.tally.add(args, call);
      else {
        const sites = this.addedWeights.get(instance) ?? new Set();
        this.addedWeights.set(instance, sites.add(call));
      }
      return new Unknown(`\`${this.interpreter.excerpt(call)}\` is a weight TF.js makes when the program runs`, call);
    });
  }

  private sequential(config: Value, site: TS.CallExpression): SequentialModel {
    const name = config instanceof JsObject ? config.get('name') : undefined;
    const model = new SequentialModel(site, typeof name === 'string' ? name : undefined);
    this.interpreter.noteAnchor(model, site);
    this.passOf.set(model, this.interpreter.pass);
    this.regionOf.set(model, this.interpreter.region);
    if (this.isFirst(site, model)) this.sequentials.push(model);
    const layers = config instanceof JsObject ? config.properties.get('layers') : undefined;
    if (!layers) return model;
    const value = layers.value;
    if (value instanceof JsArray && !value.unsure) {
      value.items.forEach((item, index) => this.addMember(model, item, value.nodes[index] ?? layers.valueNode ?? site, undefined, value.nodes[index] !== undefined));
    } else this.addMember(model, value, layers.valueNode ?? site, undefined, false);
    return model;
  }

  private functional(config: Value, site: TS.CallExpression): Value {
    if (!(config instanceof JsObject)) return this.notConfig(site);
    const name = config.get('name');
    // The lists as they are now: TF.js builds the graph here.
    const model = new FunctionalModel(site, typeof name === 'string' ? name : undefined, snapshot(config.get('inputs'), 1), snapshot(config.get('outputs'), 1));
    this.interpreter.noteAnchor(model, site);
    if (this.isFirst(site, model)) this.functionals.push(model);
    return model;
  }

  /** Whether `call` of the analysed file was running when `model` was made (a variable it returns to names the model). */
  madeWithin(model: SequentialModel | FunctionalModel, call: TS.Node): boolean {
    return this.madeModels.madeWithin(model, call);
  }

  /**
   * Whether `model` is kept among the models `site` made under the chains of calls running then. A
   * model made aside from the run (in a custom layer's `computeOutputShape`) is none of the file's.
   */
  private isFirst(site: TS.CallExpression, model: SequentialModel | FunctionalModel): boolean {
    return this.interpreter.pass >= 0 && this.madeModels.keep(site, this.interpreter.chain, model);
  }

  /** Adds a layer (or the layers of a nested sequential model) to a model. */
  private addMember(model: SequentialModel, value: Value, node: TS.Node, add: TS.CallExpression | undefined, inArray: boolean): void {
    if (this.passOf.get(model) !== this.interpreter.pass) return;
    const unsure = this.interpreter.unsureSince(this.regionOf.get(model));
    // TF.js's `model.layers`: a layer, or a model added as one; an undecided `add` may or may not have added it.
    if (unsure) model.layersUnsure ??= unsure;
    model.layers.push(value);
    const push = (layer: Value, nested: boolean) => {
      // A model past the budget of models per call is not read: its layers cost only the steps that added them.
      if (this.madeModels.kept(model) && ++this.members > INTERPRETER_BUDGETS.layers) {
        this.interpreter.overBudget(`the models grew beyond ${INTERPRETER_BUDGETS.layers.toLocaleString('en-US')} layers`, node);
      }
      this.interpreter.charge(1, node);
      const unknownInput = model.pending ?? unsure;
      model.pending = unsure;
      const member: SequentialMember = { layer, node, add, statement: !nested && add !== undefined && this.interpreter.statementCalls.has(add), inArray: inArray && !nested, unknownInput };
      if (nested) member.fromModel = true;
      this.interpreter.noteAnchor(member, node);
      const count = model.members.push(member);
      if (layer instanceof LayerValue) {
        layer.used = true;
        this.noteOutput(layer, { model, count });
      }
    };
    if (value instanceof SequentialModel) {
      for (const member of [...value.members]) push(member.layer, true);
      return;
    }
    push(value, false);
  }

  /**
   * `layer.trainable = false`, or a model's, whose setter in TF.js freezes the weights of each
   * layer it has then (a model among them, its layers): kept on each layer, the last write
   * winning, as TF.js's setters do. False where `target` is not a TF.js layer or model.
   */
  setsTrainable(target: Value, value: Value, written: TS.Node, seen = new Set<Value>()): boolean {
    if (target instanceof LayerValue) {
      target.trainable = { value, written };
      return true;
    }
    if (!(target instanceof SequentialModel || target instanceof FunctionalModel)) return false;
    // A model among its own layers (code TF.js refuses) is walked once.
    if (seen.has(target)) return true;
    seen.add(target);
    const layers = this.modelLayers(target, written);
    if (layers instanceof JsArray) for (const layer of layers.items) this.setsTrainable(layer, value, written, seen);
    return true;
  }

  /** Properties of TF.js values: members of the module, `apply` of layers and models, `add` of sequential models. */
  property(target: Value, key: string, site: TS.Node): Value {
    const interpreter = this.interpreter;
    if (target instanceof TfjsMember) return target.member(key);
    // TF.js 4.22's layers and models have no `inputShape` (Keras's `input_shape`): it reads undefined.
    if (key === 'inputShape' && (target instanceof LayerValue || target instanceof InputLayerValue || target instanceof SequentialModel || target instanceof FunctionalModel)) {
      return undefined;
    }
    if (target instanceof LayerValue) {
      if (key === 'apply') return new Builtin('apply', target, (args, call) => this.applyLayer(target, args[0], call));
      if (key === 'outputShape') return this.layerOutputShape(target, site);
      if (key === 'output') return this.layerOutput(target, site);
      if (key === 'name') return this.layerName(target, site);
      return new Unknown(`\`${interpreter.excerpt(site)}\` is known only when TF.js runs`, site);
    }
    if (target instanceof InputLayerValue) {
      if (key === 'outputShape') return this.shapeOf(target.input, site);
      if (key === 'output') return new SymbolicTensor(target.input);
      if (key === 'name') return this.layerName(target, site);
      return new Unknown(`\`${interpreter.excerpt(site)}\` is known only when TF.js runs`, site);
    }
    if (target instanceof SymbolicTensor && (key === 'shape' || key === 'rank')) {
      const shape = this.shapeOf(target.node, site);
      return key === 'shape' || !(shape instanceof JsArray) ? shape : shape.items.length;
    }
    if (target instanceof FunctionalModel && MODEL_TENSORS.has(key)) return this.functionalProperty(target, key, site);
    if (target instanceof SequentialModel && key === 'outputShape') return this.sequentialOutputShape(target, site);
    if (target instanceof SequentialModel && SEQUENTIAL_TENSORS.has(key)) return this.sequentialTensors(target, key);
    if (target instanceof SequentialModel || target instanceof FunctionalModel) {
      if (key === 'name') return this.layerName(target, site);
      if (key === 'layers') return this.modelLayers(target, site);
      if (key === 'getLayer') return new Builtin('getLayer', target, (args, call) => this.getLayer(target, args, call));
      if (key === 'apply') return new Builtin('apply', target, (args, call) => this.applyModel(target, args[0], call));
      if (key === 'add' && target instanceof SequentialModel) {
        return new Builtin('add', target, (args, call) => {
          this.addMember(target, args[0], call.arguments[0] ?? call, call, false);
          return undefined;
        });
      }
      if (MODEL_METHODS_KEEPING_LAYERS.has(key)) {
        return new Builtin(key, target, (_args, call) => new Unknown(`\`${interpreter.excerpt(call)}\` is computed by TF.js when the program runs`, call));
      }
      return new Builtin(key, target, (args, call) => interpreter.unfollowed(undefined, target, args, call));
    }
    return new Unknown(`\`${interpreter.excerpt(site)}\` is known only when TF.js runs`, site);
  }

  /** `layer.apply(x)` or `layer.apply([a, b])`: a new node of the graph. */
  private applyLayer(layer: LayerValue, input: Value, site: TS.CallExpression, insideModel = false): Value {
    layer.used = true;
    const argument = site.arguments[0] ?? site;
    const list = input instanceof JsArray;
    const items = input instanceof JsArray ? (input.unsure ? [input.unsure] : input.items) : [input];
    const nodes = input instanceof JsArray ? items.map((_item, index) => input.nodes[index] ?? argument) : [argument];
    const sources = items.map((item, index): GraphNode | Unknown =>
      item instanceof SymbolicTensor ? item.node : item instanceof Unknown ? item : new Unknown(`\`${this.interpreter.excerpt(nodes[index])}\` is not a tensor ConvLens knows`, nodes[index]),
    );
    const unsure = this.unsureApplied(sources);
    const node: GraphLayer = { kind: 'layer', apply: site, layer, sources, list, sourceNodes: nodes, unsure, region: this.interpreter.region, undecided: undecidedOutput(unsure, sources) };
    if (insideModel) node.insideModel = true;
    this.interpreter.noteAnchor(node, site);
    this.noteOutput(layer, node);
    return new SymbolicTensor(node);
  }

  /**
   * Why a layer applied to `sources` here is unsure: applied in the region its sources were made
   * in, it is as sure as they are; applied to no tensor, as sure as the code that runs now.
   * (Loops, not filtered and mapped copies: every layer of a functional model comes here.)
   */
  private unsureApplied(sources: readonly (GraphNode | Unknown)[]): Unknown | undefined {
    let tensors = false;
    for (const source of sources) {
      if (source instanceof Unknown) continue;
      tensors = true;
      const unsure = this.interpreter.unsureSince(source.region);
      if (unsure) return unsure;
    }
    return tensors ? undefined : this.interpreter.region?.why;
  }

  private noteOutput(layer: LayerValue, output: LayerOutput): void {
    if (layer.outputs) layer.outputs.places.push(output);
    else layer.outputs = { places: [output], compared: 0, first: undefined, differ: false };
  }

  // ---- Shapes the program reads ---------------------------------------------------------------

  /** `x.shape`: the engine's shape of the tensor. */
  private shapeOf(node: GraphNode, site: TS.Node): Value {
    const shapes = this.shapes;
    if (!shapes) return this.notComputed(site);
    return shapeValue(shapes.ofNode(node), `\`${this.interpreter.excerpt(site)}\``, site);
  }

  private notComputed(site: TS.Node): Unknown {
    return new Unknown(`\`${this.interpreter.excerpt(site)}\` is known only when TF.js runs`, site);
  }

  /** `model.outputShape` of a sequential model: its last layer's output. */
  private sequentialOutputShape(model: SequentialModel, site: TS.Node): Value {
    if (!this.shapes) return this.notComputed(site);
    const what = `\`${this.interpreter.excerpt(site)}\``;
    if (model.members.length === 0) return new Unknown(`${what}: the model has no layers yet, and TF.js refuses it`, site);
    return shapeValue(this.shapes.ofSequential(model, model.members.length), what, site);
  }

  /** `layer.outputShape`: its output's shape where all its outputs so far have the same shape, as TF.js requires. */
  private layerOutputShape(layer: LayerValue, site: TS.Node): Value {
    const shapes = this.shapes;
    if (!shapes) return this.notComputed(site);
    const outputs = layer.outputs;
    const what = `\`${this.interpreter.excerpt(site)}\``;
    if (!outputs) return new Unknown(`${what}: the layer is not applied yet, and TF.js refuses it`, site);
    // Each output is compared once, however often the program reads the shape.
    const shapeAt = (output: LayerOutput) => ('kind' in output ? shapes.ofNode(output) : shapes.ofSequential(output.model, output.count));
    for (; outputs.compared < outputs.places.length; outputs.compared++) {
      const shape = shapeAt(outputs.places[outputs.compared]);
      outputs.first ??= shape;
      if (shape !== outputs.first && !sameShape(outputs.first, shape)) outputs.differ = true;
    }
    if (outputs.differ || !outputs.first) {
      return new Unknown(`${what}: the layer is applied more than once, to inputs ConvLens cannot tell give one output shape`, site);
    }
    return shapeValue(outputs.first, what, site);
  }

  /**
   * `inputs`, `outputs`, `input`, `output`, `outputShape` of a functional model: lists for several,
   * as TF.js gives them (`input`, `output` and `outputShape` are those of the model's own node: one
   * tensor or shape, or the list of several).
   */
  private functionalProperty(model: FunctionalModel, key: string, site: TS.Node): Value {
    const tensors = key === 'inputs' || key === 'input' ? model.inputs : model.outputs;
    if (tensors instanceof Unknown) return tensors;
    if (tensors instanceof JsArray && tensors.unsure) return tensors.unsure;
    const list = tensors instanceof JsArray ? tensors : new JsArray([tensors]);
    if (key === 'inputs' || key === 'outputs') return new JsArray([...list.items]);
    if (key === 'input' || key === 'output') return list.items.length === 1 ? list.items[0] : new JsArray([...list.items]);
    const shapes = list.items.map((tensor) => (tensor instanceof SymbolicTensor ? this.shapeOf(tensor.node, site) : tensor instanceof Unknown ? tensor : this.notTensor(site)));
    return shapes.length === 1 ? shapes[0] : new JsArray(shapes);
  }

  private notTensor(site: TS.Node): Unknown {
    return new Unknown(`\`${this.interpreter.excerpt(site)}\`: the model's tensors are not all tensors ConvLens knows`, site);
  }

  /** A model used as a layer: its layers applied in turn (sequential), or its graph on new inputs (functional). */
  private applyModel(model: SequentialModel | FunctionalModel, input: Value, site: TS.CallExpression): Value {
    if (model instanceof SequentialModel) {
      let tensor = input;
      for (const member of model.members) {
        tensor = member.layer instanceof LayerValue ? this.applyLayer(member.layer, tensor, site, true) : new Unknown(`a layer of the nested model is not one ConvLens knows`, member.node);
      }
      return tensor;
    }
    const inputs = model.inputs instanceof JsArray ? model.inputs.items : [model.inputs];
    const given = input instanceof JsArray ? input.items : [input];
    const copies = new Map<GraphNode, Value>();
    inputs.forEach((inner, index) => {
      if (inner instanceof SymbolicTensor) copies.set(inner.node, given[index]);
    });
    const copy = (node: GraphNode, depth: number): Value => {
      const known = copies.get(node);
      if (known !== undefined || copies.has(node)) return known;
      if (node.kind === 'input' || depth > 10_000) return new Unknown('an input of the nested model is not given', site);
      const sources = node.sources.map((source) => (source instanceof Unknown ? source : copy(source, depth + 1)));
      const result = this.applyLayer(node.layer, node.list ? new JsArray(sources) : sources[0], site, true);
      copies.set(node, result);
      return result;
    };
    const outputs = model.outputs;
    if (outputs instanceof JsArray) return new JsArray(outputs.items.map((item) => (item instanceof SymbolicTensor ? copy(item.node, 0) : item)));
    return outputs instanceof SymbolicTensor ? copy(outputs.node, 0) : outputs;
  }

  // ---- Layers and tensors of models ----------------------------------------------------------

  /**
   * `model.inputs`, `model.outputs` of a sequential model: empty before its first layer, then the
   * input TF.js made for the first layer's `inputShape` and the last layer's output (tfjs-layers
   * `Sequential.add`); `input` and `output` are those tensors themselves (the lists of the model's
   * own node: empty before the first layer too).
   */
  private sequentialTensors(model: SequentialModel, key: string): Value {
    if (model.members.length === 0) return model.layersUnsure ?? new JsArray([]);
    const graph = this.sequentialGraph(model);
    const tensor = key === 'inputs' || key === 'input' ? new SymbolicTensor(graph.input) : (model.pending ?? graph.outputs[graph.outputs.length - 1]);
    return key === 'inputs' || key === 'outputs' ? new JsArray([tensor]) : tensor;
  }

  /** The model's layers applied in turn to the input TF.js makes for the first, as far as the model has layers now. */
  private sequentialGraph(model: SequentialModel): SequentialGraph {
    let graph = this.sequentialGraphs.get(model);
    if (!graph) {
      const first = model.members[0].layer;
      const input: GraphInput = { kind: 'input', call: model.call, config: undefined, variable: undefined, region: this.regionOf.get(model) };
      if (first instanceof LayerValue) input.firstLayer = first;
      this.sequentialGraphs.set(model, (graph = { input, outputs: [] }));
    }
    for (let index = graph.outputs.length; index < model.members.length; index++) {
      const member = model.members[index];
      const source = index === 0 ? new SymbolicTensor(graph.input) : graph.outputs[index - 1];
      if (!(member.layer instanceof LayerValue)) {
        graph.outputs.push(member.layer instanceof Unknown ? member.layer : new Unknown('a layer of the model is not one ConvLens knows', member.node));
        continue;
      }
      const from = source instanceof SymbolicTensor ? source.node : source instanceof Unknown ? source : new Unknown('a layer of the model is not one ConvLens knows', member.node);
      const node: GraphLayer = {
        kind: 'layer',
        apply: member.add ?? member.node,
        layer: member.layer,
        sources: [from],
        list: false,
        sourceNodes: [member.node],
        region: this.regionOf.get(model),
        undecided: undecidedOutput(member.unknownInput, [from]),
      };
      if (member.unknownInput) node.unsure = member.unknownInput;
      if (member.fromModel) node.insideModel = true;
      graph.outputs.push(new SymbolicTensor(node));
    }
    return graph;
  }

  /** `layer.output`: the tensor of its one application, as TF.js requires (tfjs-layers `Layer.output`). */
  private layerOutput(layer: LayerValue, site: TS.Node): Value {
    // A model used as a layer (applied, or added to a sequential model) runs its layers without
    // applying them again: TF.js makes no new inbound node of theirs.
    const places = (layer.outputs?.places ?? []).filter((place) => ('kind' in place ? !place.insideModel : !place.model.members[place.count - 1].fromModel));
    const thrown = (message: string) => new Unknown(`\`${this.interpreter.excerpt(site)}\`: TF.js throws "Layer ${this.nameInMessage(layer)} ${message}"`, site);
    if (places.length === 0) return thrown('has no inbound nodes.');
    if (places.length > 1) return thrown('has multiple inbound nodes, hence the notion of "layer output" is ill-defined. Use `getOutputAt(nodeIndex)` instead.');
    const place = places[0];
    if ('kind' in place) return new SymbolicTensor(place);
    return this.sequentialGraph(place.model).outputs[place.count - 1];
  }

  /** The name of a layer in a message of TF.js: the written one, else how TF.js makes one. */
  private nameInMessage(layer: LayerValue): string {
    const name = this.writtenName(layer);
    return typeof name === 'string' ? name : `${layer.type}_<n>`;
  }

  /** `layer.name`: the name written in its configuration; TF.js names the others when the program runs, by a count of the layers made before. */
  private layerName(layer: LayerValue | InputLayerValue | SequentialModel | FunctionalModel, site: TS.Node): Value {
    const name = this.writtenName(layer);
    if (name !== undefined) return name;
    return new Unknown(`\`${this.interpreter.excerpt(site)}\`: TF.js names the layer when the program runs, numbered by the layers made before it`, site);
  }

  /** The name a layer, input or model was given, or why it is not known (undefined: TF.js makes one). */
  private writtenName(layer: Value): string | Unknown | undefined {
    if (layer instanceof SequentialModel || layer instanceof FunctionalModel) return layer.name;
    if (layer instanceof InputLayerValue) {
      const first = layer.input.firstLayer;
      // tfjs-layers `Sequential.add`: the input of the first layer is named `<its name>_input`.
      if (first) {
        const name = this.writtenName(first);
        return typeof name === 'string' ? `${name}_input` : name;
      }
      return this.writtenName(layer.input.config);
    }
    return configName(layer instanceof LayerValue ? layer.config : layer);
  }

  /**
   * `model.layers`: a sequential model's layers as they were added (a model added is one layer);
   * a functional model's in the order TF.js's `Container` gives them, its `InputLayer`s first.
   */
  private modelLayers(model: SequentialModel | FunctionalModel, site: TS.Node): Value {
    if (model instanceof FunctionalModel) return this.functionalLayers(model, site);
    const layers = new JsArray([...model.layers]);
    this.interpreter.charge(layers.items.length, site);
    layers.unsure = model.layersUnsure;
    return layers;
  }

  /**
   * The layers of a functional model as tfjs-layers' `Container` orders them: the graph's nodes
   * walked depth first from the outputs, each given the greatest depth from an output it is
   * reached at (a layer applied several times the greatest of its nodes'), the layers sorted by
   * decreasing depth, then by when the walk first met them.
   */
  private functionalLayers(model: FunctionalModel, site: TS.Node): Value {
    const outputs = model.outputs instanceof JsArray ? model.outputs : new JsArray([model.outputs]);
    if (outputs.unsure) return outputs.unsure;
    const layerOf = (node: GraphNode): LayerValue | GraphInput => (node.kind === 'input' ? node : node.layer);
    const firstMet = new Map<LayerValue | GraphInput, number>();
    const finished = new Set<GraphNode>();
    const postOrder: GraphNode[] = [];
    for (const output of outputs.items) {
      if (!(output instanceof SymbolicTensor)) return output instanceof Unknown ? output : this.notTensor(site);
      const stack = [{ node: output.node, next: 0 }];
      while (stack.length > 0) {
        const top = stack[stack.length - 1];
        if (top.next === 0) {
          if (finished.has(top.node)) {
            stack.pop();
            continue;
          }
          if (top.node.kind === 'layer' && top.node.insideModel) {
            return new Unknown(`\`${this.interpreter.excerpt(site)}\`: TF.js lists a model used as a layer as one layer, which ConvLens does not`, site);
          }
          if (!firstMet.has(layerOf(top.node))) firstMet.set(layerOf(top.node), firstMet.size);
        }
        const sources = top.node.kind === 'layer' ? top.node.sources : [];
        if (top.next < sources.length) {
          const source = sources[top.next++];
          if (source instanceof Unknown) return source;
          stack.push({ node: source, next: 0 });
          continue;
        }
        stack.pop();
        finished.add(top.node);
        postOrder.push(top.node);
      }
    }
    const nodeDepth = new Map<GraphNode, number>();
    const layerDepth = new Map<LayerValue | GraphInput, number>();
    for (let index = postOrder.length - 1; index >= 0; index--) {
      const node = postOrder[index];
      const depth = Math.max(nodeDepth.get(node) ?? 0, layerDepth.get(layerOf(node)) ?? 0);
      layerDepth.set(layerOf(node), depth);
      nodeDepth.set(node, depth);
      if (node.kind === 'layer') {
        for (const source of node.sources) if (!(source instanceof Unknown)) nodeDepth.set(source, Math.max(depth + 1, nodeDepth.get(source) ?? 0));
      }
    }
    const layers = [...layerDepth.keys()].sort((a, b) => layerDepth.get(b)! - layerDepth.get(a)! || firstMet.get(a)! - firstMet.get(b)!);
    this.interpreter.charge(postOrder.length, site);
    return new JsArray(layers.map((layer) => (layer instanceof LayerValue ? layer : this.inputLayer(layer))));
  }

  private inputLayer(input: GraphInput): InputLayerValue {
    let layer = this.inputLayers.get(input);
    if (!layer) this.inputLayers.set(input, (layer = new InputLayerValue(input)));
    return layer;
  }

  /** `model.getLayer(name)`, `model.getLayer(index)`, `model.getLayer(undefined, index)`, as tfjs-layers `Container.getLayer`. */
  private getLayer(model: SequentialModel | FunctionalModel, args: Value[], call: TS.CallExpression): Value {
    const [nameOrIndex, index] = args;
    const what = `\`${this.interpreter.excerpt(call)}\``;
    const thrown = (message: string) => new Unknown(`${what}: TF.js throws "${message}"`, call);
    const unknown = [nameOrIndex, index].find((arg): arg is Unknown => arg instanceof Unknown);
    if (unknown) return unknown;
    if ((index === undefined || index === null) && (nameOrIndex === undefined || nameOrIndex === null)) return thrown('Provide either a layer name or layer index');
    const layers = this.modelLayers(model, call);
    if (!(layers instanceof JsArray)) return layers;
    if (layers.unsure) return layers.unsure;
    const at = index ?? nameOrIndex;
    if (typeof at === 'number') {
      // `findLayer`: beyond the end TF.js throws; a negative or fractional index reads undefined.
      if (layers.items.length <= at) return thrown(`Was asked to retrieve layer at index ${at}, but model only has ${layers.items.length} layer(s).`);
      return layers.items[at];
    }
    if (typeof at !== 'string') return new Unknown(`${what}: ConvLens looks layers up by a name or an index`, call);
    for (const layer of layers.items) {
      const name = this.writtenName(layer);
      if (name === at) return layer;
      // The names TF.js makes end in a count (`dense_Dense3`): such a name may be one of them.
      if (typeof name !== 'string' && /\d$/.test(at)) {
        return new Unknown(`${what}: ConvLens cannot tell which layer TF.js names "${at}" (it names layers when the program runs)`, call);
      }
    }
    return thrown(`No such layer: ${at}`);
  }

  /** Whether a value handed to a call may be changed by it in ways that change shapes. */
  takesModel(value: Value): boolean {
    if (value instanceof SequentialModel || value instanceof FunctionalModel || value instanceof SymbolicTensor) return true;
    return value instanceof JsArray && value.items.some((item) => item instanceof SequentialModel || item instanceof SymbolicTensor);
  }

  /** A model handed to a call the interpreter cannot follow: the next layer added has an unknown input. */
  handedToUnfollowed(value: Value, why: Unknown): void {
    if (value instanceof SequentialModel && this.passOf.get(value) === this.interpreter.pass) {
      value.pending ??= why;
      value.layersUnsure ??= why;
    }
  }
}

/** Whether the output of a layer applied to `sources` (under undecided code where `unsure` is set) is unknown for such code: {@link GraphLayer.undecided}. */
function undecidedOutput(unsure: Unknown | undefined, sources: readonly (GraphNode | Unknown)[]): boolean {
  return unsure !== undefined || sources.some((source) => source instanceof Unknown || (source.kind === 'layer' && source.undecided));
}
