/**
 * TF.js custom layers (SPEC.md §1.3): a class extending `tf.layers.Layer` is a layer no
 * vocabulary has. On symbolic tensors TF.js never runs its `call`: `Layer.apply` runs `build`,
 * then `computeOutputShape(inputShape)` (the base class's returns the input shape), and that is
 * the output. ConvLens does the same with the interpreter, on the input shape the engine found —
 * the batch `null` as TF.js passes it, a symbolic size as a symbolic number. A shape the
 * interpreter knows is the output; anything else leaves the layer unknown (one `unknown-layer`
 * warning, saying why). Its parameters are the weights its `build` adds with `this.addWeight`,
 * counted as ConvLens counts every layer's (and TF.js its `trainableWeights`): the trainable ones.
 */
import { exprDim, knownDim, unknownDim, type Dim, type Shape } from '../../dims';
import { MAX_TENSOR_RANK } from '../../engine/shapes';
import type { ReaderOutputRule, Span } from '../../ir';
import { constantValue, type SymExpr, type SymbolicAlgebra } from '../../symbolic';
import { CoefficientOverflow, atomExpr, extremumExpr, mapSymbols, scaleExpr } from '../../symbolic/expression';
import { formatExpression } from '../../symbolic/format';
import type * as TS from 'typescript';
import { isStatic, memberName, type Interpreter } from './interpreter';
import { Instance, JsArray, JsClass, JsFunction, SymbolicNumber, Unknown, type LayerValue, type Value } from './interpreterValues';

/** The classes from `cls` up its chain of custom layer classes. */
function* classChain(cls: JsClass): Generator<JsClass> {
  for (let current: JsClass | undefined = cls; current; current = current.base instanceof JsClass ? current.base : undefined) yield current;
}

/** The name TF.js gives a custom layer (`getClassName()`): its static `className` (a field or a getter, inherited), else the class's name. */
export function customLayerClassName(interpreter: Interpreter, cls: JsClass): string {
  const ts = interpreter.ts;
  for (const current of classChain(cls)) {
    const written = current.statics.get('className');
    if (typeof written === 'string') return written;
    for (const member of current.node.members) {
      if (!ts.isGetAccessorDeclaration(member) || !member.body || !isStatic(ts, member) || memberName(ts, member) !== 'className') continue;
      const value = interpreter.callWithOwnBudget(new JsFunction(member, current.environment, 'className', current), current, []);
      if (typeof value === 'string') return value;
    }
  }
  return cls.name;
}

/** A method of the instance (a method of its classes, or a function field); `absent` where none defines the name. */
function methodOf(interpreter: Interpreter, instance: Instance, name: string): JsFunction | Unknown | 'absent' {
  const ts = interpreter.ts;
  const defined = instance.properties.has(name) || [...classChain(instance.cls)].some((cls) => cls.node.members.some((member) => !isStatic(ts, member) && memberName(ts, member) === name));
  if (!defined) return 'absent';
  const value = interpreter.getProperty(instance, name, instance.cls.node);
  if (value instanceof JsFunction) return value;
  return value instanceof Unknown ? value : new Unknown(`\`${name}\` of \`${instance.cls.name}\` is not a function ConvLens knows`, instance.cls.node);
}

/**
 * The members of `tf.layers.Layer` whose weights a class may replace or keep elsewhere: where a
 * class defines one or an instance sets one, ConvLens cannot tell its weights from `addWeight`.
 */
const WEIGHT_MEMBERS = ['weights', 'trainableWeights', 'nonTrainableWeights', '_trainableWeights', '_nonTrainableWeights', 'countParams', 'getWeights'];

/**
 * The weights `this.addWeight(name, shape, dtype, initializer, regularizer, trainable)` adds while
 * one `build` runs (tfjs-layers `Layer.addWeight`: `trainable` defaults to true), or why their
 * count is not known.
 */
export class WeightTally {
  /** The elements of the trainable weights so far. */
  trainable = 0;
  /** Why the count is not known, once it is not. */
  unknown: string | undefined;
  /** The `addWeight` calls that ran. */
  readonly sites = new Set<TS.Node>();

  constructor(private readonly interpreter: Interpreter) {}

  /** One `addWeight` call. */
  add(args: readonly Value[], site: TS.Node): void {
    this.sites.add(site);
    if (this.unknown !== undefined) return;
    const [name, shape, , , , trainable] = args;
    const weight = typeof name === 'string' ? `weight '${name}'` : 'a weight';
    const unsure = this.interpreter.unsure;
    if (unsure) {
      this.unknown = `${weight} is added under a condition ConvLens cannot decide: ${unsure.because}`;
      return;
    }
    if (trainable !== undefined && trainable !== null && typeof trainable !== 'boolean') {
      this.unknown = `whether ${weight} is trainable is not known${trainable instanceof Unknown ? `: ${trainable.because}` : ''}`;
      return;
    }
    if (trainable === false) return;
    const sizes = shape instanceof JsArray && !shape.unsure ? shape.items : undefined;
    if (!sizes || sizes.some((size) => typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0)) {
      const why = shape instanceof JsArray ? (shape.unsure ?? sizes?.find((size): size is Unknown => size instanceof Unknown)) : shape instanceof Unknown ? shape : undefined;
      this.unknown = `the shape of ${weight} is not known${why ? `: ${why.because}` : ''}`;
      return;
    }
    const elements = (sizes as number[]).reduce((product, size) => product * size, 1);
    this.trainable += elements;
    if (!Number.isSafeInteger(this.trainable)) this.unknown = 'its weights hold more values than ConvLens counts exactly';
  }
}

/** Why a custom layer's weights are not only those its `build` adds, if they may not be. */
function weightsKeptElsewhere(interpreter: Interpreter, instance: Instance): string | undefined {
  const ts = interpreter.ts;
  for (const name of WEIGHT_MEMBERS) {
    if (instance.properties.has(name)) return `it sets \`this.${name}\` itself`;
    if ([...classChain(instance.cls)].some((cls) => cls.node.members.some((member) => !isStatic(ts, member) && memberName(ts, member) === name))) {
      return `it defines \`${name}\` itself`;
    }
  }
  return undefined;
}

/** The trainable parameters of a custom layer whose `build` ran with `tally` and returned `built`, or why they are not known. */
function customParams(interpreter: Interpreter, instance: Instance, tally: WeightTally, built: Value): { params: number } | { because: string } {
  if (built instanceof Unknown) return { because: `ConvLens cannot follow its build to the end: ${built.because}` };
  // A weight added where no build ConvLens ran for this input adds it (the constructor, a helper): not counted here.
  const outside = [...interpreter.tfjs.weightSites(instance)].find((site) => !tally.sites.has(site));
  if (outside) return { because: `it adds a weight outside its build (line ${interpreter.lineOf(outside)})` };
  const elsewhere = weightsKeptElsewhere(interpreter, instance);
  if (elsewhere) return { because: elsewhere };
  if (tally.unknown !== undefined) return { because: tally.unknown };
  // A layer made with `trainable: false` (or that sets `this.trainable`) has no trainable weights.
  const trainable = interpreter.tfjs.layerTrainable(instance);
  if (typeof trainable === 'string') return { because: trainable };
  return { params: trainable ? tally.trainable : 0 };
}

/** An input shape as TF.js hands it to `computeOutputShape`: the batch `null` (unless known), symbolic sizes as symbolic numbers. */
function shapeValue(shape: Shape): JsArray {
  return new JsArray(shape.map((dim, axis) => (axis === 0 && dim.kind !== 'known' ? null : dimValue(dim))));
}

function dimValue(dim: Dim): Value {
  if (dim.kind === 'known') return dim.value;
  if (dim.kind === 'unknown') return new Unknown(dim.reason.because, undefined);
  return new SymbolicNumber(`the input size \`${formatExpression(dim.expr)}\` is symbolic`, undefined, dim.expr, 1);
}

/**
 * The interpreter's expression in the model's algebra: a symbol the interpreter counts in units
 * of 1 is counted in the unit the model's assumptions give it.
 */
function inModelUnits(expr: SymExpr, algebra: SymbolicAlgebra): SymExpr {
  return mapSymbols(
    expr,
    (atom) => {
      const unit = algebra.assumptions[atom.name]?.multipleOf ?? 1;
      return unit === atom.multipleOf || unit % atom.multipleOf !== 0 ? undefined : scaleExpr(atomExpr({ kind: 'symbol', name: atom.name, multipleOf: unit }), unit / atom.multipleOf);
    },
    extremumExpr,
  );
}

/**
 * One returned dimension as a dimension of the model, or why it is none: a `null` is a size
 * TF.js leaves open too (the batch's is the input's), anything else must be a size the
 * interpreter knows — a value it does not know means the method is not one it can evaluate.
 */
function outputDim(item: Value, axis: number, input: Shape, algebra: SymbolicAlgebra, span: Span, method: string): Dim | string {
  if (item === null || item === undefined) {
    return axis === 0 && input.length > 0 ? input[0] : unknownDim({ because: `${method} leaves dimension ${axis} open`, span });
  }
  if (typeof item === 'number') return Number.isSafeInteger(item) && item >= 1 ? knownDim(item) : `dimension ${axis} is ${item}`;
  if (item instanceof SymbolicNumber) {
    const numerator = inModelUnits(item.numerator, algebra);
    const size = item.divisor === 1 ? numerator : algebra.divideExactly(numerator, item.divisor);
    if (size.kind === 'unknown') return `dimension ${axis} is not known (${size.reason})`;
    const constant = constantValue(size);
    return constant === undefined ? exprDim(size) : constant >= 1 ? knownDim(constant) : `dimension ${axis} is ${constant}`;
  }
  if (item instanceof Unknown) return `dimension ${axis} is not known (${item.because})`;
  return `dimension ${axis} is not a size`;
}

/**
 * The rule of a custom layer's output (undefined for a layer of a factory): `build` then
 * `computeOutputShape` of its instance, run by the interpreter on the inputs the engine found.
 * `span`: where the layer is made, for the reasons of unknown sizes.
 */
export function customOutputRule(interpreter: Interpreter, layer: LayerValue, span: Span): ReaderOutputRule | undefined {
  const instance = layer.instance;
  if (!layer.custom || !instance) return undefined;
  const method = `${layer.type}.computeOutputShape`;
  return (inputs, algebra) => {
    const argument = inputs.length === 1 ? shapeValue(inputs[0]) : new JsArray(inputs.map(shapeValue));
    const build = methodOf(interpreter, instance, 'build');
    const tally = new WeightTally(interpreter);
    const built =
      build instanceof JsFunction ? interpreter.tfjs.tallyingWeights(instance, tally, () => interpreter.callWithOwnBudget(build, instance, [argument])) : build === 'absent' ? undefined : build;
    const weights = customParams(interpreter, instance, tally, built);
    const compute = methodOf(interpreter, instance, 'computeOutputShape');
    if (compute instanceof Unknown) return { because: `its computeOutputShape is not known: ${compute.because}` };
    const returned = compute === 'absent' ? argument : interpreter.callWithOwnBudget(compute, instance, [argument]);
    if (returned instanceof Unknown) return { because: `its computeOutputShape returns a value ConvLens does not know: ${returned.because}` };
    if (!(returned instanceof JsArray) || returned.unsure || returned.items.length === 0 || returned.items.length > MAX_TENSOR_RANK) {
      return { because: `its computeOutputShape does not return a shape ConvLens knows` };
    }
    if (returned.items.some((item) => item instanceof JsArray)) return { because: 'its computeOutputShape returns several shapes (several outputs)' };
    const output: Dim[] = [];
    try {
      for (const [axis, item] of returned.items.entries()) {
        const dim = outputDim(item, axis, inputs[0], algebra, span, method);
        if (typeof dim === 'string') return { because: `in what its computeOutputShape returns, ${dim}` };
        output.push(dim);
      }
    } catch (error) {
      if (error instanceof CoefficientOverflow) return { because: 'its computeOutputShape returns sizes too large to keep exactly' };
      throw error;
    }
    return 'params' in weights ? { output, params: weights.params } : { output, params: null, paramsUnknown: weights.because };
  };
}
