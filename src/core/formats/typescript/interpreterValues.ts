/**
 * The values of the TypeScript reader's interpreter (SPEC.md §1.3): what a model-building
 * program computes, without running it. Plain JavaScript scalars stand for themselves; arrays,
 * objects, functions, classes and the modelled TF.js objects are the classes below; a value the
 * interpreter cannot know is an {@link Unknown} that says why (and may stand for a size symbol).
 */
import type * as TS from 'typescript';
import type { SymExpr } from '../../symbolic';
import type { TensorShape } from './interpreterShapes';

/** A value the interpreter cannot know, with why, and where that started. */
export class Unknown {
  constructor(
    /** Completes "`x` …": `comes from parameter \`size\` of \`build\`, which is never called`. */
    readonly because: string,
    /** Where the unknown started (a node of the file it was found in), when there is such a place. */
    readonly node: TS.Node | undefined,
  ) {}

  /** The same unknown told another way (where a parameter's value came from). */
  withReason(because: string): Unknown {
    return new Unknown(because, this.node);
  }

  /** The unknown of a value computed from this one by an operation not modelled on symbols: an expression does not carry over. */
  derived(): Unknown {
    return this;
  }
}

/**
 * A number known only as an expression of size symbols (SPEC.md §1.6): `numerator / divisor`,
 * the numerator an integer expression and the division real, as JavaScript's `/` is (a size
 * parameter `imgSize` nobody passes, `imgSize / 4`, `Math.floor(imgSize / 3)`). Everywhere else
 * it is an {@link Unknown} (a condition on it is undecided); a shape reads its expression.
 */
export class SymbolicNumber extends Unknown {
  constructor(
    because: string,
    node: TS.Node | undefined,
    readonly numerator: SymExpr,
    /** A positive integer, 1 when the number is the numerator itself. */
    readonly divisor: number,
  ) {
    super(because, node);
  }

  override withReason(because: string): SymbolicNumber {
    return new SymbolicNumber(because, this.node, this.numerator, this.divisor);
  }

  override derived(): Unknown {
    return new Unknown(this.because, this.node);
  }
}

/** An array; `nodes[i]` is where item `i` was written, when it was written in a literal. */
export class JsArray {
  constructor(
    readonly items: Value[],
    readonly nodes: (TS.Node | undefined)[] = [],
  ) {}
  /** Set when code the interpreter could not follow may have changed the array (its items are then unknown). */
  unsure: Unknown | undefined;
}

/** One property: its value and where its key and value were written, when written in a literal. */
export interface Property {
  value: Value;
  keyNode?: TS.Node;
  valueNode?: TS.Node;
  /** `get x() {...}`: read by calling it. */
  getter?: JsFunction;
}

/** A plain object. Keys live in a Map, so `__proto__` is an ordinary key and nothing is inherited. */
export class JsObject {
  readonly properties = new Map<string, Property>();
  /** Set when a spread or a computed key hid some keys, or unfollowed code may have changed it. */
  unsure: Unknown | undefined;

  get(key: string): Value {
    return this.properties.get(key)?.value;
  }

  set(key: string, value: Value, valueNode?: TS.Node, keyNode?: TS.Node): void {
    this.properties.set(key, { value, valueNode, keyNode });
  }
}

/** How deep {@link snapshot} copies nested objects and arrays; a layer's configuration nests two or three levels. */
const SNAPSHOT_DEPTH = 8;

/**
 * A copy of plain objects and arrays as they are now, nested ones included (to
 * {@link SNAPSHOT_DEPTH}): TF.js reads a layer's configuration when the factory is called, so a
 * later `config.filters = 16` must not change the layer (other values are shared as they are).
 */
export function snapshot<V extends Value>(value: V, depth = SNAPSHOT_DEPTH): V {
  if (depth === 0) return value;
  if (value instanceof JsArray) {
    const copy = new JsArray(value.items.map((item) => snapshot(item, depth - 1)), value.nodes.slice());
    copy.unsure = value.unsure;
    return copy as V;
  }
  if (value instanceof JsObject && value.constructor === JsObject) {
    const copy = new JsObject();
    for (const [key, property] of value.properties) copy.properties.set(key, { ...property, value: snapshot(property.value, depth - 1) });
    copy.unsure = value.unsure;
    return copy as V;
  }
  return value;
}

/**
 * The `name` a layer's or input's configuration gives: a string, why it is not known, or
 * undefined where it gives none (TF.js makes one).
 */
export function configName(config: Value): string | Unknown | undefined {
  if (config instanceof Unknown) return config;
  if (!(config instanceof JsObject)) return undefined;
  const name = config.get('name');
  if (typeof name === 'string' || name instanceof Unknown) return name;
  return config.unsure;
}

/** A lexical environment: a scope's bindings and, for a function's own scope, its `this`. */
export class Environment {
  readonly bindings = new Map<string, { value: Value; constant: boolean }>();
  /** Set on the scope of a function that is not an arrow (and on a module's): where `var` and `this` live. */
  functionScope?: { thisValue: Value; homeClass: JsClass | undefined; functionName: string };

  /** The file whose code runs in this environment. */
  readonly file: TS.SourceFile;

  constructor(
    readonly parent: Environment | undefined,
    file?: TS.SourceFile,
  ) {
    this.file = file ?? parent!.file;
  }

  lookup(name: string): { value: Value; constant: boolean } | undefined {
    return this.bindings.get(name) ?? this.parent?.lookup(name);
  }

  declare(name: string, value: Value, constant = false): void {
    this.bindings.set(name, { value, constant });
  }

  /** The innermost function scope (the module's at the top). */
  functionEnvironment(): Environment {
    return this.functionScope || !this.parent ? this : this.parent.functionEnvironment();
  }
}

/** A function or arrow function with the environment it closes over. */
export class JsFunction {
  constructor(
    readonly node: TS.FunctionLikeDeclaration,
    readonly environment: Environment,
    /** Its name in messages; an anonymous function takes the name it is first bound to. */
    public name: string,
    /** The class whose method this is (for `super`). */
    readonly homeClass: JsClass | undefined,
  ) {}
  /** A bound `this` (`fn.bind(obj)`); arrows take theirs from their environment. */
  boundThis?: Value;
}

/** A built-in function (`Math.floor`, `arr.map`): `receiver` is the value it was read from. */
export class Builtin {
  constructor(
    readonly name: string,
    readonly receiver: Value,
    readonly call: (args: Value[], site: TS.CallExpression) => Value,
  ) {}
}

/** A class of the file; `base` is the class it extends (own, or the TF.js `Layer`). */
export class JsClass {
  readonly statics = new JsObject();
  constructor(
    readonly node: TS.ClassLikeDeclaration,
    readonly environment: Environment,
    public name: string,
    readonly base: JsClass | TfjsMember | undefined,
  ) {}

  /** Whether the class (or a class it extends) extends `tf.layers.Layer`: a custom layer. */
  get isCustomLayer(): boolean {
    const base = this.base;
    return base instanceof TfjsMember ? base.path === 'layers.Layer' : (base?.isCustomLayer ?? false);
  }
}

/** An object made by `new C(...)` of a class of the file. */
export class Instance extends JsObject {
  constructor(readonly cls: JsClass) {
    super();
  }
}

/** The TF.js module or a member of it: `''` for `tf`, `layers.conv2d` for `tf.layers.conv2d`. */
export class TfjsMember {
  /**
   * Members read so far, each made once: a 500-layer file reads `tf.layers.x` 500 times, and a
   * new path string and regular expression match each time were 1.3% of the analysis of bench:ts's
   * U-Net and 4% of what it allocates (5.0 MB → 4.85 MB per analysis, sampled).
   */
  private members: Map<string, TfjsMember> | undefined;

  /** `conv2d` of `layers.conv2d`: a factory of `tf.layers` (lower case; `layers.Layer` is the base class). */
  readonly layerFactory: string | undefined;

  constructor(readonly path: string) {
    this.layerFactory = /^layers\.([a-z]\w*)$/.exec(path)?.[1];
  }

  /** `tf.layers` of `tf`, `layers.conv2d` of `tf.layers`. */
  member(key: string): TfjsMember {
    this.members ??= new Map();
    let member = this.members.get(key);
    if (!member) {
      member = new TfjsMember(this.path === '' ? key : `${this.path}.${key}`);
      this.members.set(key, member);
    }
    return member;
  }
}

/** Whether two values are the same: one object, equal primitives, or the same member of TF.js (each `require` makes its own). */
export function sameValue(a: Value, b: Value): boolean {
  if (a instanceof TfjsMember && b instanceof TfjsMember) return a.path === b.path;
  return Object.is(a, b);
}

/** A layer made by a factory of `tf.layers` (or `new` of a custom layer class). */
/** Where a layer produced an output: an application, or a place in a sequential model (its first `count` layers). */
export type LayerOutput = GraphLayer | { model: SequentialModel; count: number };

/** A layer's outputs so far, and how far they were compared with the first (for `layer.outputShape`). */
export interface LayerOutputs {
  places: LayerOutput[];
  compared: number;
  first: TensorShape | undefined;
  differ: boolean;
}

export class LayerValue {
  /** Set when a model or `apply` took the layer. */
  used = false;
  /** The last `trainable` the code wrote to the layer or to a model holding it, and where (it wins over the configuration's). */
  trainable: { value: Value; written: TS.Node } | undefined;
  /** Where the layer produced outputs so far (its applications, its places in sequential models). */
  outputs: LayerOutputs | undefined;
  constructor(
    /** The factory's name as written (`conv2dTranspose`), or the custom class's name. */
    readonly type: string,
    readonly call: TS.CallExpression | TS.NewExpression,
    /** The configuration: an object, or unknown. */
    readonly config: JsObject | Unknown | undefined,
    /** `tf.layers` when written before the factory at the call. */
    readonly factory: TS.Expression | undefined,
    /** The custom layer class this is an instance of. */
    readonly custom?: JsClass,
    /** The instance of the custom layer class (its fields, for its `computeOutputShape`). */
    readonly instance?: Instance,
  ) {}
}

/**
 * The calls of the analysed file running now, innermost first: a link per call, dropped when the
 * call returns (a model made under it keeps its calls: `TfjsModel`).
 */
export interface CallChain {
  readonly call: TS.Node;
  readonly outer: CallChain | undefined;
}

/**
 * One run of code under a condition the interpreter cannot decide, inside the one it started in:
 * a model made and filled in the same region is certain relative to itself.
 */
export interface UnsureRegion {
  why: Unknown;
  outer: UnsureRegion | undefined;
}

/** A node of a functional graph: an input, or a layer applied to its sources. */
export type GraphNode = GraphInput | GraphLayer;

export interface GraphInput {
  kind: 'input';
  call: TS.CallExpression;
  /** `tf.input`'s configuration; undefined for the input a sequential model makes for its first layer. */
  config: Value;
  /** The first layer of a sequential model, whose `inputShape` TF.js makes this input from (`call` is then `tf.sequential(...)`). */
  firstLayer?: LayerValue;
  /** The variable the input was assigned to, for its name. */
  variable: string | undefined;
  /** The undecided region the input was made in. */
  region: UnsureRegion | undefined;
}

export interface GraphLayer {
  kind: 'layer';
  /** The `apply(...)` call; for a layer of a sequential model, its `add(...)` or its element of `layers: [...]`. */
  apply: TS.Node;
  layer: LayerValue;
  /** One per tensor the layer takes; an unknown where the interpreter cannot tell the source. */
  sources: (GraphNode | Unknown)[];
  /** Whether the layer was applied to a list (`concatenate().apply([a, b])`). */
  list: boolean;
  /** Where each source was written, for the span of `from`. */
  sourceNodes: TS.Node[];
  /** Code the interpreter could not decide this application depends on. */
  unsure?: Unknown;
  /** The undecided region the layer was applied in. */
  region: UnsureRegion | undefined;
  /**
   * Whether its output is unknown for code the interpreter could not decide: applied under such
   * code to a tensor made before it ({@link unsure}), to an unknown, or to such a layer's output.
   */
  undecided: boolean;
  /** Set where a model used as a layer applied the layer: TF.js lists that model, not its layers, among the outer model's. */
  insideModel?: true;
}

/** The `InputLayer` TF.js makes for an input (`tf.input(...)`, a sequential model's first layer), as `model.layers` lists it. */
export class InputLayerValue {
  constructor(readonly input: GraphInput) {}
}

/** A symbolic tensor: the output of a graph node (`tf.input(...)`, `layer.apply(x)`). */
export class SymbolicTensor {
  constructor(readonly node: GraphNode) {}
}

/**
 * A tensor that is one of several, for code the interpreter could not decide (`if (deep) x =
 * block(x)`, `if (pooled) x = gap` in a builder nobody calls): unknown, as any value so assigned,
 * but a model built on it is made of the layers of every candidate. Candidates whose outputs are
 * themselves unknown ({@link GraphLayer.undecided}) come last, and a layer made from an unsure
 * tensor is undecided too, so the layers read in order end in an unknown shape, never in one the
 * program may not produce. Where every candidate is a tensor the code certainly made
 * ({@link endsUndecided} unset), each shows its shape and what the tensor is stays unknown: a model
 * whose output it is says so in a row of its own.
 */
export class UnsureTensor extends Unknown {
  /** Whether the last candidate's shape is unknown for undecided code (an undecided layer's output, or such an unsure tensor). */
  readonly endsUndecided: boolean;

  constructor(
    because: string,
    node: TS.Node | undefined,
    readonly candidates: readonly Candidate[],
  ) {
    super(because, node);
    const last = candidates.at(-1);
    this.endsUndecided = last !== undefined && isUndecided(last);
  }

  /**
   * The unknown that is one of `values` (tensors, unsure tensors, anything else): an unsure tensor
   * where one of them is a tensor (its candidates in order, the undecided ones last), else a plain unknown.
   */
  static of(because: string, node: TS.Node | undefined, values: readonly Value[]): Unknown {
    const unique = [...new Set(values.flatMap((value): Candidate[] => (value instanceof SymbolicTensor ? [value.node] : value instanceof UnsureTensor ? [value] : [])))];
    if (unique.length === 0) return new Unknown(because, node);
    return new UnsureTensor(because, node, unique.filter((candidate) => !isUndecided(candidate)).concat(unique.filter(isUndecided)));
  }

  /** A value computed from the tensor (its shape, a property) is no candidate tensor. */
  override derived(): Unknown {
    return new Unknown(this.because, this.node);
  }

  override withReason(because: string): Unknown {
    return new UnsureTensor(because, this.node, this.candidates);
  }
}

/**
 * What an {@link UnsureTensor} may be: a graph node, or another unsure tensor, kept as it is (an
 * undecided condition in a loop makes a chain of them, which flattened would grow quadratically).
 */
export type Candidate = GraphNode | UnsureTensor;

/** Whether a candidate's shape is unknown for undecided code: an undecided layer's output, or an unsure tensor whose last candidate is one. */
function isUndecided(candidate: Candidate): boolean {
  return candidate instanceof UnsureTensor ? candidate.endsUndecided : candidate.kind === 'layer' && candidate.undecided;
}

/** One layer of a sequential model, and where it was added. */
export interface SequentialMember {
  /** A layer, or what the code added in its place (a value the interpreter does not know as a layer). */
  layer: Value;
  /** The argument of `add(...)`, or the element of `layers: [...]`. */
  node: TS.Node;
  /** The `add(...)` call, if the layer was added by one. */
  add: TS.CallExpression | undefined;
  /** `add` written as a statement of its own: a quick fix may replace it by several. */
  statement: boolean;
  /** Written as an element of an array literal. */
  inArray: boolean;
  /** Code before this layer that the interpreter could not follow or decide. */
  unknownInput?: Unknown;
  /** One of the layers of a model added as a layer (TF.js lists that model, not this layer, among the model's layers). */
  fromModel?: true;
}

/** A model made by `tf.sequential(...)`. */
export class SequentialModel {
  readonly members: SequentialMember[] = [];
  /** TF.js's `model.layers`: what each `add` added (a model added is one layer of it), while {@link layersUnsure} is unset. */
  readonly layers: Value[] = [];
  /** Code that may have added layers the interpreter does not know of (an unfollowed call the model went through, an undecided `add`). */
  layersUnsure: Unknown | undefined;
  /** Code that may have changed the model since its last layer: the next layer added gets it. */
  pending: Unknown | undefined;
  constructor(
    readonly call: TS.CallExpression,
    public name: string | undefined,
  ) {}
}

/** A model made by `tf.model({inputs, outputs})`. */
export class FunctionalModel {
  constructor(
    readonly call: TS.CallExpression,
    readonly name: string | undefined,
    readonly inputs: Value,
    readonly outputs: Value,
  ) {}
}

/** Everything the interpreter computes. `undefined` is JavaScript's `undefined`. */
export type Value =
  | undefined
  | null
  | boolean
  | number
  | string
  | JsArray
  | JsObject
  | JsFunction
  | Builtin
  | JsClass
  | TfjsMember
  | LayerValue
  | SymbolicTensor
  | InputLayerValue
  | SequentialModel
  | FunctionalModel
  | Unknown;
