/**
 * The shape rules: canonical layer + known input shapes → output shape, parameter count,
 * multiply-adds and the per-axis explanation. Framework-independent; framework wording comes
 * from the vocabulary and the canonical layer's own resolution.
 */
import type { AxisExplanation, NamedShape, PreviewParamKey, TransposedConvGeometry } from '../results';
import { Code } from '../diagnostics';
import { dimText, knownDim, knownValue, styledDimText, unknownDim, type Dim } from '../dims';
import { plainSpan, type Shape, type SourceLayer, type SourceModel, type Span } from '../ir';
import type {
  CanonicalLayer,
  ConvLayer,
  Declared,
  FrameworkVocabulary,
  PoolLayer,
  ReshapeLayer,
  SpatialPadding,
  TransposedAxis,
  TransposedConvLayer,
} from './canonical';
import { convOutputSize, samePaddingConv, validConvOutputSize } from '../convArithmetic';
import { axisLabels, convFormula, sameFormula, scaleFormula, validFormula, type FormulaWriter } from './formulas';
import type { LayerParams, ParamKey } from './params';
import { type BoundLayer, findParam, setParamFix, type Problem } from './problems';
import { formatShape } from '../formatting';
import { replaceLayerEdit } from '../writers';
import { channelAxis, exact, product, spatialAxes, statedDim, statedValue } from './shapes';
import {
  broadcastReduceRule,
  broadcastRule,
  checkedActivationRule,
  copyingReshapeRule,
  dotRule,
  gatherRule,
  permuteRule,
  preluRule,
  reduceRule,
  repeatVectorRule,
  sliceRule,
  splitRule,
  squeezeRule,
  tileRule,
  unflattenRule,
  unsqueezeRule,
} from './rules/tensor';
import { type SymExpr, type SymbolicAlgebra, formatExpressionPretty } from '../symbolic';
import { compareDims, dimOf, offsetDim, productDims, scaledExpr, sumDims, windowExpr, type WindowGeometry } from './dimArithmetic';
import { conditionalShapeProblem } from './conditions';
import { symbolicTransposedAxes, type SymbolicTransposedAxis } from './symbolicTransposed';
import { notComputed } from './unknowns';
import { spatialRules } from './rules/spatial';
import { attentionRule, axisNormRule, bilinearRule, einsumRule, embeddingRule, headAttentionRule, matmulRule, recurrentRule, timeDistributedRule, transformerRule } from './rules/sequence';

/** What a rule may consult besides its inputs. */
export interface RuleContext {
  vocabulary: FrameworkVocabulary;
  model: SourceModel;
  source: SourceLayer;
  params: LayerParams;
  /** The shape a `like:`-style reference names (undefined: no such layer or input). */
  lookup(ref: string | number): Shape | null | undefined;
  /** How the reason of an unknown size names this layer: `Conv2d 'enc1'`, `Conv2d (layer 3)`. */
  layerReference(): string;
  /** Symbolic sizes under the model's `assume:` (SPEC §1.6). */
  algebra: SymbolicAlgebra;
}

/** A resolved transposed convolution, kept for target checks and the preview. */
export interface TransposedOutcome {
  layer: TransposedConvLayer;
  axes: (TransposedAxis | null)[];
  /** Per spatial axis, where its input size is symbolic: the output expression and the knob. */
  symbolicAxes: (SymbolicTransposedAxis | null)[];
  geometry: TransposedConvGeometry;
}

export interface RuleOutcome {
  output: Shape | null;
  /** The other tensors a layer returns besides its output (the first), for the hover. */
  otherOutputs?: NamedShape[];
  params: number | null;
  macs: number | null;
  axes?: AxisExplanation[];
  transposed?: TransposedOutcome;
  problems: Problem[];
}

/** One axis of a layer's explanation, its formula written out in symbols and numbers (results are plain data). */
function explanation(axis: string, writeFormula: FormulaWriter): AxisExplanation {
  const { numbers, symbolic } = writeFormula(axis);
  return symbolic === undefined ? { axis, formula: numbers } : { axis, formula: numbers, symbolic };
}

/** A transposed convolution's geometry, for the preview: plain data, with where each value is written. */
function transposedGeometry(
  layer: TransposedConvLayer,
  inChannels: number | null,
  input: Shape,
  positions: number[],
  axes: (TransposedAxis | null)[],
  source: BoundLayer,
): TransposedConvGeometry {
  const perAxis = (key: 'padBegin' | 'padEnd' | 'outputPadding') => axes.map((axis) => axis?.[key] ?? 0);
  return {
    rank: layer.rank,
    channelsLast: layer.channelsLast,
    inputSpatial: positions.map((position) => input[position]),
    inChannels,
    outChannels: outChannelsValue(layer),
    groups: layer.groups,
    kernel: layer.kernel,
    stride: layer.stride,
    padBegin: perAxis('padBegin'),
    padEnd: perAxis('padEnd'),
    outputPadding: perAxis('outputPadding'),
    dilation: layer.dilation,
    paramNames: layer.paramNames,
    // A layer another file writes: the preview shows it, but cannot write its parameters here.
    ...(!source.layer.builtElsewhere && { paramSpans: writtenParamSpans(layer.paramNames, source), insertion: source.layer.insertion }),
  };
}

/** How many output-padding values the hover lists before it stops. */
const MAX_LISTED_OUTPUT_PADDING = 16;

export function failed(problems: Problem[] = []): RuleOutcome {
  return { output: null, params: null, macs: null, problems };
}

export function noWeights(output: Shape | null, problems: Problem[] = []): RuleOutcome {
  return { output, params: 0, macs: 0, problems };
}

/** The layer's name for messages: `'up2'` or `layer 3`. */
export function describe(context: RuleContext): string {
  return context.source.name !== undefined ? `${context.source.type} '${context.source.name}'` : context.source.type;
}

export function rankProblem(context: RuleContext, expected: string, input: Shape): Problem {
  return {
    code: Code.shapeMismatch,
    message: `${describe(context)} expects ${expected}; its input is ${input.length}-D ${formatShape(input)}.`,
    span: context.source.typeSpan,
  };
}

/** A size the rule computed, or (null) the input's own unknown or symbol, as the output's dimension. */
function computedDim(size: number | null, input: Dim, context: RuleContext): Dim {
  return size === null ? notComputed(input, context.layerReference(), context.source.typeSpan) : knownDim(size);
}

/** The output dimensions of the spatial axes from the sizes computed for them (null: input size not known). */
export function spatialDims(sizes: readonly (number | null)[], input: Shape, positions: readonly number[], context: RuleContext): Dim[] {
  return sizes.map((size, axis) => computedDim(size, input[positions[axis]], context));
}

/**
 * `dim / divisor` where the framework refuses sizes it does not divide (a known size is already
 * checked). A symbolic size gives its exact quotient, or unknown saying for which
 * values it would be one, with a `conditional-shape` warning (`what` names the size) where the
 * division is exact for some allowed values only; null where it is exact for none.
 */
export function exactQuotientDim(dim: Dim, divisor: number, what: string, context: RuleContext, problems: Problem[]): Dim | null {
  if (dim.kind !== 'symbolic') return computedDim(dim.kind === 'known' ? dim.value / divisor : null, dim, context);
  const { algebra } = context;
  const multiple = algebra.mul(algebra.floorDiv(dim.expr, divisor), divisor);
  const comparison = multiple.kind === 'unknown' ? null : algebra.equalWhen(multiple, dim.expr);
  if (comparison?.kind === 'never') return null;
  if (comparison?.kind === 'sometimes') {
    const subject = `${describe(context)} divides ${what} (${dimText(dim)}) by ${divisor}`;
    problems.push(conditionalShapeProblem({ subject, comparisons: [comparison], span: context.source.typeSpan, model: context.model, algebra }));
  }
  return dimOf(algebra.divideExactly(dim.expr, divisor), context);
}

/**
 * The output channels as a dimension: unknown where a vocabulary leaves them to the input, or
 * where they are symbolic and `groups` must divide them (a check the symbols leave open).
 */
function channelsDim(layer: ConvLayer | TransposedConvLayer, context: RuleContext): Dim {
  const { outChannels } = layer;
  if (outChannels === null) return unknownDim({ because: `${context.layerReference()} does not state its output channels`, span: context.source.typeSpan });
  if (typeof outChannels !== 'number' && layer.groups !== 1) {
    const because = `${context.layerReference()} states its output channels as ${dimText(outChannels)}, which must be divisible by ${keyName(layer.keys.groups)} (${layer.groups})`;
    return unknownDim({ because, span: context.params.spanOf(layer.keys.outChannels) });
  }
  return statedDim(outChannels);
}

/** The output channels' number; null where they are symbolic or left to the input. */
function outChannelsValue(layer: ConvLayer | TransposedConvLayer): number | null {
  return layer.outChannels === null ? null : statedValue(layer.outChannels);
}

/** A size that no longer fits exact arithmetic, as an unknown that says so. */
function beyondExact(context: RuleContext): Dim {
  return unknownDim({ because: `a size of ${context.layerReference()} exceeds ${Number.MAX_SAFE_INTEGER}`, span: context.source.typeSpan });
}


/** Checks a stated count against the incoming one; a channel-mismatch problem with its fix. */
export function checkDeclared(declared: Declared | undefined, incoming: number | null, what: string, context: RuleContext): Problem[] {
  if (!declared || incoming === null || declared.value === incoming) return [];
  const keys = typeof declared.key === 'string' ? [declared.key] : declared.key;
  return [
    {
      code: Code.channelMismatch,
      message:
        `${describe(context)} states ${keys[0]} = ${declared.value}, but its input has ${incoming} ${what}` +
        (declared.fixable ? `; set ${keys[0]} to ${incoming}.` : '.'),
      span: context.params.spanOf(declared.key),
      ...(declared.fixable && { fixes: [setParamFix(context.model, context.params, keys[0], incoming, keys)] }),
    },
  ];
}

/** The name a message gives a parameter: its first spelling. */
function keyName(key: ParamKey): string {
  return typeof key === 'string' ? key : key[0];
}

function groupsProblems(layer: ConvLayer | TransposedConvLayer, inChannels: number | null, context: RuleContext): Problem[] {
  const { keys } = layer;
  const groups = keyName(keys.groups);
  const broken: string[] = [];
  if (inChannels !== null && inChannels % layer.groups !== 0) broken.push(`${keyName(keys.inChannels)} (${inChannels})`);
  const outChannels = outChannelsValue(layer);
  if (outChannels !== null && outChannels % layer.groups !== 0) broken.push(`${keyName(keys.outChannels)} (${outChannels})`);
  if (broken.length === 0) return [];
  return [
    {
      code: Code.groupsMismatch,
      message: `${broken.map((part) => `${part} must be divisible by ${groups}`).join(' and ')} (${groups} = ${layer.groups}) in ${describe(context)}.`,
      span: context.params.spanOf(keys.groups),
    },
  ];
}

/** A result that no longer fits exact arithmetic: refuse rather than round. */
function tooLarge(context: RuleContext): RuleOutcome {
  return failed([
    {
      code: Code.invalidParameter,
      message: `${describe(context)} would produce sizes beyond ${Number.MAX_SAFE_INTEGER}; check its parameters.`,
      span: context.source.typeSpan,
    },
  ]);
}

export function tooSmall(context: RuleContext, inputs: number[], outputs: number[]): RuleOutcome {
  return failed([
    {
      code: Code.outputTooSmall,
      message: context.vocabulary.outputTooSmall(context.source.type, inputs, outputs),
      span: context.source.typeSpan,
    },
  ]);
}

type WindowLayer = { kernel: number[]; stride: number[]; dilation: number[]; padding: SpatialPadding };

/** Sizes of the spatial axes after a window (conv or pool), with the formula. */
function windowAxis(input: number, axis: number, layer: WindowLayer, ceilMode: boolean): { output: number; formula: FormulaWriter } {
  const kernel = layer.kernel[axis];
  const stride = layer.stride[axis];
  const dilation = layer.dilation[axis];
  const padding = layer.padding;
  let output: number;
  switch (padding.kind) {
    case 'explicit':
      output = convOutputSize(input, kernel, stride, padding.begin[axis], padding.end[axis], dilation, ceilMode);
      break;
    case 'same':
      output = samePaddingConv(input, kernel, stride, dilation, padding.odd).output;
      break;
    case 'valid':
      output = validConvOutputSize(input, kernel, stride, dilation);
  }
  return { output, formula: windowFormula(layer, axis, ceilMode, input, output) };
}

/** The formula of a window axis, with the input and output written as numbers or expressions. */
function windowFormula(layer: WindowLayer, axis: number, ceilMode: boolean, input: number | string, output: number | string): FormulaWriter {
  const kernel = layer.kernel[axis];
  const stride = layer.stride[axis];
  const dilation = layer.dilation[axis];
  const padding = layer.padding;
  switch (padding.kind) {
    case 'explicit':
      return (label) => convFormula(label, input, kernel, stride, padding.begin[axis], padding.end[axis], dilation, output, ceilMode);
    case 'same':
      return (label) => sameFormula(label, input, stride, output);
    case 'valid':
      return (label) => validFormula(label, input, kernel, stride, dilation, output);
  }
}

/** One axis of a window layer as the algebra takes it. */
function windowGeometry(layer: WindowLayer, axis: number): WindowGeometry {
  const padding = layer.padding;
  return {
    kernel: layer.kernel[axis],
    stride: layer.stride[axis],
    dilation: layer.dilation[axis],
    padding: padding.kind === 'explicit' ? { kind: 'explicit', begin: padding.begin[axis], end: padding.end[axis] } : { kind: padding.kind },
  };
}

/**
 * A window axis on a symbolic input size, with its formula. Sizes only grow with the symbols, so
 * whether one stays at least 1 depends on the smallest values alone: that check stays with
 * concrete sizes (`--define`), where the framework's own message applies.
 */
function symbolicWindowAxis(input: SymExpr, axis: number, layer: WindowLayer, ceilMode: boolean, context: RuleContext): { output: Dim; formula?: FormulaWriter } {
  const output = dimOf(windowExpr(context.algebra, input, windowGeometry(layer, axis), ceilMode), context);
  if (output.kind === 'unknown') return { output };
  return { output, formula: windowFormula(layer, axis, ceilMode, formatExpressionPretty(input), styledDimText(output, 'pretty')) };
}

/** Shared shape part of convolutions and pooling: per-axis outputs, explanations, size checks. */
function windowed(
  layer: ConvLayer | PoolLayer,
  input: Shape,
  context: RuleContext,
  ceilMode: boolean,
): { output: Shape; axes: AxisExplanation[]; spatialOut: (number | null)[] } | RuleOutcome {
  if (input.length !== layer.rank + 2) return failed([rankProblem(context, `a ${layer.rank + 2}-D input`, input)]);
  const labels = axisLabels(layer.rank);
  const positions = spatialAxes(input, layer.channelsLast);
  const axes: AxisExplanation[] = [];
  const outDims: Dim[] = [];
  const spatialOut = positions.map((position, axis) => {
    const dim = input[position];
    if (dim.kind !== 'known') {
      const symbolic = dim.kind === 'symbolic' ? symbolicWindowAxis(dim.expr, axis, layer, ceilMode, context) : { output: dim };
      if (symbolic.formula) axes.push(explanation(labels[axis], symbolic.formula));
      outDims.push(symbolic.output);
      return null;
    }
    const { output, formula } = windowAxis(dim.value, axis, layer, ceilMode);
    axes.push(explanation(labels[axis], formula));
    outDims.push(knownDim(output));
    return output;
  });
  if (spatialOut.some((size) => size !== null && !Number.isSafeInteger(size))) return tooLarge(context);
  const spatialIn = positions.map((position) => knownValue(input[position]));
  const smallInput = layer.op === 'pool' && layer.inputAtLeastKernel && spatialIn.some((size, axis) => size !== null && size < layer.kernel[axis]);
  if (smallInput || spatialOut.some((size) => size !== null && size < 1)) {
    return tooSmall(context, spatialIn.map((size) => size ?? 0), spatialOut.map((size) => size ?? 0));
  }
  const output = setSpatial(input, layer.channelsLast, outDims);
  return { output, axes, spatialOut };
}

function isOutcome(value: object): value is RuleOutcome {
  return 'problems' in value;
}

/** Groups, then stated channels: what the framework refuses before looking at sizes. */
function channelProblems(layer: ConvLayer | TransposedConvLayer, input: Shape, context: RuleContext): Problem[] {
  if (input.length !== layer.rank + 2) {
    const expected = `a ${layer.rank + 2}-D input${layer.acceptsUnbatched ? ` (or ${layer.rank + 1}-D without batch)` : ''}`;
    return [rankProblem(context, expected, input)];
  }
  const inChannels = knownValue(input[channelAxis(input, layer.channelsLast)]);
  const groups = groupsProblems(layer, layer.inChannels?.value ?? inChannels, context);
  return groups.length > 0 ? groups : checkDeclared(layer.inChannels, inChannels, 'channels', context);
}

/** PyTorch `reflect`/`circular` padding reads the input, so it cannot exceed it. */
function paddingWithinInput(layer: ConvLayer, input: Shape, context: RuleContext): Problem[] {
  const within = layer.paddingWithinInput;
  if (!within || layer.padding.kind !== 'explicit') return [];
  const bound = within.bound;
  const { begin, end } = layer.padding;
  const positions = spatialAxes(input, layer.channelsLast);
  const axis = positions.findIndex((position, index) => {
    const size = knownValue(input[position]);
    const pad = Math.max(begin[index], end[index]);
    return size !== null && (bound === 'below' ? pad >= size : pad > size);
  });
  if (axis < 0) return [];
  return [
    {
      code: Code.invalidParameter,
      message:
        bound === 'below'
          ? `Padding size should be less than the corresponding input dimension, but got: padding (${begin[axis]}, ${end[axis]}) at dimension ${positions[axis]} of input ${formatShape(input)}.`
          : 'Padding value causes wrapping around more than once.',
      span: context.params.spanOf(within.key),
    },
  ];
}

function convRule(layer: ConvLayer, input: Shape, context: RuleContext): RuleOutcome {
  const refused = channelProblems(layer, input, context);
  if (refused.length > 0) return failed(refused);
  const outOfInput = paddingWithinInput(layer, input, context);
  if (outOfInput.length > 0) return failed(outOfInput);
  const shaped = windowed(layer, input, context, false);
  if (isOutcome(shaped)) return shaped;
  const channel = channelAxis(input, layer.channelsLast);
  const inChannels = knownValue(input[channel]);
  const problems: Problem[] = [];
  const output = shaped.output;
  output[channel] = channelsDim(layer, context);
  const outChannels = outChannelsValue(layer);
  const weights = inChannels === null ? null : product([outChannels, Math.floor(inChannels / layer.groups), ...layer.kernel]);
  const params = weights === null ? null : exact(weights + (layer.bias ? (outChannels ?? 0) : 0));
  const macs = weights === null ? null : product([weights, ...shaped.spatialOut]);
  return { output, params, macs, axes: shaped.axes, problems };
}

function listOutputPadding(range: [number, number] | null): number[] | undefined {
  if (!range) return undefined;
  const count = Math.min(range[1] - range[0] + 1, MAX_LISTED_OUTPUT_PADDING);
  const values: number[] = [];
  for (let index = 0; index < count; index++) values.push(range[0] + index);
  return values;
}

function unevenOverlap(layer: TransposedConvLayer, context: RuleContext): Problem[] {
  const uneven: { label: string; kernel: number; stride: number }[] = [];
  layer.kernel.forEach((kernel, axis) => {
    const stride = layer.stride[axis];
    if (stride > 1 && kernel % stride !== 0) uneven.push({ label: axisLabels(layer.rank)[axis], kernel, stride });
  });
  if (uneven.length === 0) return [];
  const gaps = uneven.some((axis) => axis.kernel < axis.stride);
  const detail = uneven.map((axis) => `${axis.label}: kernel ${axis.kernel} mod stride ${axis.stride} = ${axis.kernel % axis.stride}`).join(', ');
  // Layers that replace one whose output channels are symbolic would need the expression's code: none offered.
  const outChannels = outChannelsValue(layer);
  const replacement = outChannels === null ? undefined : context.vocabulary.upsampleThenConv?.(layer, outChannels);
  const site = context.source.replacement;
  const edit = replacement && replacement.length > 0 && site ? replaceLayerEdit(site, replacement) : undefined;
  return [
    {
      code: Code.unevenOverlap,
      message:
        `${describe(context)} has uneven overlap (${detail}): the kernel is not divisible by the stride, which causes ` +
        `checkerboard artifacts${uneven.length > 1 ? ` (the unevenness of the ${uneven.length} axes multiplies)` : ''}` +
        (gaps ? '; with kernel < stride some output positions receive no input at all (gaps)' : '') +
        '. Use a kernel divisible by the stride, or resize followed by a stride-1 convolution.',
      span: context.params.spanOf(layer.keys.kernel),
      ...(edit && replacement && {
        fixes: [{ title: `Replace by ${replacement.map((item) => item.type).join(' + ')} (resize, then stride-1 convolution)`, edits: [edit] }],
      }),
    },
  ];
}

function transposedRule(layer: TransposedConvLayer, input: Shape, context: RuleContext): RuleOutcome {
  const refused = channelProblems(layer, input, context);
  if (refused.length > 0) return failed(refused);
  const positions = spatialAxes(input, layer.channelsLast);
  const spatialIn = positions.map((position) => knownValue(input[position]));
  const resolution = context.vocabulary.resolveTransposed(layer, spatialIn);
  if (resolution.problems.length > 0) {
    return failed(
      resolution.problems.map((problem) => ({
        code: problem.code,
        message: problem.message,
        span: problem.key === undefined ? context.source.typeSpan : context.params.spanOf(problem.key),
      })),
    );
  }
  const spatialOut = resolution.axes.map((axis) => (axis === null ? null : axis.output));
  if (spatialOut.some((size) => size !== null && !Number.isSafeInteger(size))) return tooLarge(context);
  if (spatialOut.some((size) => size !== null && size < 1)) {
    return tooSmall(context, spatialIn.map((size) => size ?? 0), spatialOut.map((size) => size ?? 0));
  }
  const knobName = layer.knob ? keyName(layer.knob.key) : 'the output size';
  const symbolic = positions.some((position) => input[position].kind === 'symbolic')
    ? symbolicTransposedAxes(layer, positions.map((position) => input[position]), context.vocabulary, context, knobName)
    : undefined;
  if (symbolic && symbolic.unreachable.length > 0) return failed(symbolic.unreachable);
  const channel = channelAxis(input, layer.channelsLast);
  const inChannels = knownValue(input[channel]);
  const outDims = positions.map((position, axis) => {
    const size = spatialOut[axis];
    return size !== null ? knownDim(size) : (symbolic?.axes[axis]?.output ?? input[position]);
  });
  const output = setSpatial(input, layer.channelsLast, outDims);
  output[channel] = channelsDim(layer, context);
  const labels = axisLabels(layer.rank);
  const axes: AxisExplanation[] = symbolic ? [...symbolic.explanations] : [];
  resolution.axes.forEach((axis, index) => {
    if (!axis) return;
    const explained = explanation(labels[index], axis.formula);
    explained.reachableOutput = axis.reachable;
    const validOutputPadding = listOutputPadding(axis.validOutputPadding);
    if (validOutputPadding) explained.validOutputPadding = validOutputPadding;
    axes.push(explained);
  });
  const geometry = transposedGeometry(layer, inChannels, input, positions, resolution.axes, context.params);
  const problems = unevenOverlap(layer, context);
  if (symbolic && symbolic.conditional.length > 0 && layer.knob) {
    problems.push(
      conditionalShapeProblem({
        subject: `${describe(context)} reaches the ${knobName} it asks for`,
        comparisons: symbolic.conditional.flatMap((axis) => axis.comparisons),
        span: context.params.spanOf(layer.knob.key),
        model: context.model,
        algebra: context.algebra,
      }),
    );
  }
  const outChannels = outChannelsValue(layer);
  const outPerGroup = outChannels === null ? null : Math.floor(outChannels / layer.groups);
  const weights = inChannels === null ? null : product([inChannels, outPerGroup, ...layer.kernel]);
  const params = weights === null ? null : exact(weights + (layer.bias ? (outChannels ?? 0) : 0));
  const macs = weights === null ? null : product([weights, ...spatialIn]);
  const symbolicAxes = symbolic?.axes ?? [];
  return { output, params, macs, axes, problems, transposed: { layer, axes: resolution.axes, symbolicAxes, geometry } };
}

/** Where each of the preview's parameters is written (the value), in `paramNames` order. */
function writtenParamSpans(paramNames: TransposedConvGeometry['paramNames'], source: BoundLayer): Partial<Record<PreviewParamKey, Span>> {
  const spans: Partial<Record<PreviewParamKey, Span>> = {};
  for (const key in paramNames) {
    const name = paramNames[key as PreviewParamKey];
    const entry = name ? findParam(source.entries, name) : undefined;
    if (entry) spans[key as PreviewParamKey] = plainSpan(entry.value.span);
  }
  return spans;
}

/** `input` with its spatial dimensions replaced by `sizes`. */
function setSpatial(input: Shape, channelsLast: boolean, sizes: readonly Dim[]): Shape {
  const output = [...input];
  spatialAxes(input, channelsLast).forEach((position, axis) => (output[position] = sizes[axis]));
  return output;
}

function spatialRankProblem(rank: number | null, input: Shape, context: RuleContext): Problem[] {
  return rank !== null && input.length !== rank + 2 ? [rankProblem(context, `a ${rank + 2}-D input`, input)] : [];
}

/** Flattens `shape[start..end]` into one dimension. */
function flattenRange(shape: Shape, start: number, end: number, context: RuleContext): Shape {
  return [...shape.slice(0, start), productDims(shape.slice(start, end + 1), context), ...shape.slice(end + 1)];
}

function normalizeAxis(axis: number, rank: number): number | null {
  const normalized = axis < 0 ? axis + rank : axis;
  return normalized >= 0 && normalized < rank ? normalized : null;
}

/**
 * Reshape to `target`, whose one `-1` (if any) takes what the other sizes leave. With symbolic
 * sizes, the `-1` is their product divided exactly (else `?`, saying for which sizes it would be),
 * and a fixed target holds always, never (an error) or under a condition (`conditional-shape`).
 */
function reshapeRule({ target, targetKey, keepsBatch }: ReshapeLayer, input: Shape, context: RuleContext): RuleOutcome {
  const reshaped = keepsBatch ? input.slice(1) : input;
  const totalDim = productDims(reshaped, context);
  const total = knownValue(totalDim);
  // The target's sizes but the -1: numbers, or symbolic sizes (a product of two symbols is unknown).
  const othersDim = productDims(target.filter((dim) => dim !== -1).map(statedDim), context);
  const others = knownValue(othersDim);
  const targetText = formatShape(target.map(statedDim));
  let fits = true;
  let inferred: Dim | undefined;
  const problems: Problem[] = [];
  if (target.includes(-1)) {
    if (othersDim.kind !== 'known') {
      inferred = unknownDim({ because: `${context.layerReference()} divides its input's ${dimText(totalDim)} values by ${dimText(othersDim)}, which ConvLens cannot do exactly`, span: context.params.spanOf(targetKey) });
    } else if (totalDim.kind === 'symbolic' && others !== null && others > 0) {
      inferred = dimOf(context.algebra.divideExactly(totalDim.expr, others), context);
    } else {
      const size = total !== null && others !== null && others > 0 && total % others === 0 ? total / others : null;
      fits = size !== null || total === null || others === null;
      inferred = size !== null ? knownDim(size) : total === null ? totalDim : beyondExact(context);
    }
  } else if (othersDim.kind === 'unknown' && totalDim.kind !== 'unknown') {
    // The target's count is no expression (a product of symbols): whether the input fits is not known, so neither is the output.
    const reason = { because: `${context.layerReference()} cannot check that its input's ${dimText(totalDim)} values fit ${targetText}: ${othersDim.reason.because}`, span: context.params.spanOf(targetKey) };
    return noWeights([...(keepsBatch ? [input[0]] : []), ...target.map(() => unknownDim(reason))]);
  } else {
    // Where the input's count is unknown, the check is left out, as for any input of unknown size.
    const comparison = compareDims(totalDim, othersDim, 'equal', context.algebra);
    fits = comparison?.kind !== 'never';
    if (comparison?.kind === 'sometimes') {
      problems.push(
        conditionalShapeProblem({
          subject: `${describe(context)} can reshape ${formatShape(input)} into ${targetText}`,
          comparisons: [comparison],
          span: context.params.spanOf(targetKey),
          model: context.model,
          algebra: context.algebra,
        }),
      );
    }
  }
  const sizes = target.map((dim) => (dim === -1 && inferred ? inferred : statedDim(dim)));
  if (fits) return noWeights(keepsBatch ? [input[0], ...sizes] : sizes, problems);
  return failed([
    {
      code: Code.shapeMismatch,
      message: `cannot reshape ${formatShape(input)} (${total ?? dimText(totalDim)} values${keepsBatch ? ' per sample' : ''}) into ${targetText}.`,
      span: context.params.spanOf(targetKey),
    },
  ]);
}

/** Applies a canonical layer to its (known) input shapes. */
export function applyRule(layer: CanonicalLayer, inputs: Shape[], context: RuleContext): RuleOutcome {
  if ('acceptsUnbatched' in layer && layer.acceptsUnbatched && inputs[0].length === layer.rank + 1) {
    // Without the batch axis: analyse as a batch of one, then drop that axis again.
    const outcome = applyBatched(layer, [[knownDim(1), ...inputs[0]]], context);
    return withExactSizes({ ...outcome, output: outcome.output && outcome.output.slice(1) }, context);
  }
  return withExactSizes(applyBatched(layer, inputs, context), context);
}

/** Every rule's output, checked in one place: a size past 2^53 − 1 is no exact integer any more (padding by 2^53 − 1), so it is unknown. */
function withExactSizes(outcome: RuleOutcome, context: RuleContext): RuleOutcome {
  if (!outcome.output?.some((dim) => dim.kind === 'known' && !Number.isSafeInteger(dim.value))) return outcome;
  return { ...outcome, output: outcome.output.map((dim) => (dim.kind === 'known' && !Number.isSafeInteger(dim.value) ? beyondExact(context) : dim)) };
}

function applyBatched(layer: CanonicalLayer, inputs: Shape[], context: RuleContext): RuleOutcome {
  const input = inputs[0];
  switch (layer.op) {
    case 'conv':
      return convRule(layer, input, context);
    case 'convTranspose':
      return transposedRule(layer, input, context);
    case 'pool': {
      const shaped = windowed(layer, input, context, layer.ceilMode);
      return isOutcome(shaped) ? shaped : { output: shaped.output, params: 0, macs: 0, axes: shaped.axes, problems: [] };
    }
    case 'globalPool': {
      const problems = spatialRankProblem(layer.rank, input, context);
      if (problems.length > 0) return failed(problems);
      const channel = input[channelAxis(input, layer.channelsLast)];
      if (!layer.keepDims) return noWeights([input[0], channel]);
      return noWeights(setSpatial(input, layer.channelsLast, Array.from({ length: layer.rank }, () => knownDim(1))));
    }
    case 'adaptivePool': {
      const problems = spatialRankProblem(layer.rank, input, context);
      if (problems.length > 0) return failed(problems);
      const positions = spatialAxes(input, layer.channelsLast);
      return noWeights(setSpatial(input, layer.channelsLast, layer.size.map((size, axis) => (size === null ? input[positions[axis]] : knownDim(size)))));
    }
    case 'resize': {
      const problems = spatialRankProblem(layer.rank, input, context);
      if (problems.length > 0) return failed(problems);
      const positions = spatialAxes(input, layer.channelsLast);
      const labels = axisLabels(positions.length);
      const axes: AxisExplanation[] = [];
      const dims = positions.map((position, axis): Dim => {
        if (layer.size) return knownDim(layer.size[axis]);
        const dim = input[position];
        const scale = layer.scale?.[axis] ?? 1;
        if (dim.kind === 'unknown') return dim;
        if (dim.kind === 'symbolic') {
          const output = dimOf(scaledExpr(context.algebra, dim.expr, scale), context);
          if (output.kind !== 'unknown') axes.push(explanation(labels[axis], (label) => scaleFormula(label, formatExpressionPretty(dim.expr), scale, styledDimText(output, 'pretty'))));
          return output;
        }
        const size = dim.value;
        const output = Math.floor(size * scale);
        axes.push(explanation(labels[axis], (label) => scaleFormula(label, size, scale, output)));
        return knownDim(output);
      });
      const sizes = dims.map((dim) => knownValue(dim));
      if (sizes.some((size) => size !== null && !Number.isSafeInteger(size))) return tooLarge(context);
      if (sizes.some((size) => size !== null && size < 1)) {
        return tooSmall(context, positions.map((position) => knownValue(input[position]) ?? 0), sizes.map((size) => size ?? 0));
      }
      return { ...noWeights(setSpatial(input, layer.channelsLast, dims)), axes };
    }
    case 'norm': {
      if (layer.ranks.length > 0 && !layer.ranks.includes(input.length)) {
        return failed([rankProblem(context, `a ${layer.ranks.join('-D or ')}-D input`, input)]);
      }
      if (input.length < 2) return failed([rankProblem(context, 'an input with a channel axis', input)]);
      const channels = knownValue(input[channelAxis(input, layer.channelsLast)]);
      const problems = checkDeclared(layer.features, channels, 'channels', context);
      if (layer.groups && channels !== null && channels % layer.groups.value !== 0) {
        problems.push({
          code: Code.groupsMismatch,
          message: `${layer.features ? keyName(layer.features.key) : 'channels'} (${channels}) must be divisible by ${keyName(layer.groups.key)} (${layer.groups.value}).`,
          span: context.params.spanOf(layer.groups.key),
        });
      }
      const params = channels === null ? null : exact(channels * layer.paramsPerChannel);
      return { output: [...input], params, macs: params, problems };
    }
    case 'elementwise':
      return noWeights([...input]);
    case 'flatten': {
      const start = normalizeAxis(layer.startDim, input.length);
      const end = normalizeAxis(layer.endDim, input.length);
      if (start === null || end === null || start > end) {
        return failed([rankProblem(context, `dimensions ${layer.startDim}..${layer.endDim} to flatten`, input)]);
      }
      return noWeights(flattenRange(input, start, end, context));
    }
    case 'flattenToMatrix': {
      const axis = layer.axis < 0 ? layer.axis + input.length : layer.axis;
      if (axis < 0 || axis > input.length) return failed([rankProblem(context, `axis ${layer.axis} within its rank`, input)]);
      return noWeights([productDims(input.slice(0, axis), context), productDims(input.slice(axis), context)]);
    }
    case 'dense': {
      if (input.length < (layer.acceptsVector ? 1 : 2)) return failed([rankProblem(context, `at least a ${layer.acceptsVector ? 1 : 2}-D input`, input)]);
      const features = knownValue(input[input.length - 1]);
      const problems = checkDeclared(layer.inFeatures, features, 'features', context);
      const units = statedValue(layer.units);
      const weights = features === null || units === null ? null : product([features, units]);
      const params = weights === null || units === null ? null : exact(weights + (layer.bias ? units : 0));
      const macs = weights === null ? null : product([weights, knownValue(productDims(input.slice(1, -1), context))]);
      return { output: [...input.slice(0, -1), statedDim(layer.units)], params, macs, problems };
    }
    case 'reshape':
      return reshapeRule(layer, input, context);
    case 'concat': {
      const axis = normalizeAxis(layer.axis, input.length);
      if (axis === null) {
        return failed([
          { code: Code.invalidParameter, message: `axis ${layer.axis} is out of range for ${input.length}-D inputs.`, span: context.params.spanOf(layer.axisKey) },
        ]);
      }
      const output = [...input];
      output[axis] = sumDims(
        inputs.map((shape) => shape[axis]),
        context,
      );
      return noWeights(output);
    }
    case 'add':
      return noWeights([...input]);
    case 'centerCrop': {
      const target = layer.like ? context.lookup(layer.like.ref) : null;
      const sizes = layer.size?.map(knownDim) ?? (target ? spatialAxes(target, layer.channelsLast).map((position) => target[position]) : null);
      if (!sizes) return failed();
      return noWeights(setSpatial(input, layer.channelsLast, sizes));
    }
    case 'recurrent':
      return recurrentRule(layer, input, context);
    case 'embedding':
      return embeddingRule(layer, input, context);
    case 'bilinear':
      return bilinearRule(layer, inputs, context);
    case 'axisNorm':
      return axisNormRule(layer, input, context);
    case 'attention':
      return attentionRule(layer, inputs, context);
    case 'transformer':
      return transformerRule(layer, inputs, context);
    case 'matmul':
      return matmulRule(inputs, context);
    case 'einsum':
      return einsumRule(layer, inputs, context);
    case 'headAttention':
      return headAttentionRule(layer, inputs, context);
    case 'timeDistributed':
      return timeDistributedRule(layer, input, context);
    case 'border': {
      const problems = spatialRankProblem(layer.rank, input, context);
      if (problems.length > 0) return failed(problems);
      const positions = spatialAxes(input, layer.channelsLast);
      const dims = positions.map((position, axis) => offsetDim(input[position], layer.sign * (layer.begin[axis] + layer.end[axis]), context));
      const sizes = dims.map((dim) => knownValue(dim));
      if (sizes.some((size) => size !== null && size < 1)) {
        return tooSmall(context, positions.map((position) => knownValue(input[position]) ?? 0), sizes.map((size) => size ?? 0));
      }
      return noWeights(setSpatial(input, layer.channelsLast, dims));
    }
    case 'checkedActivation':
      return checkedActivationRule(layer, input, context);
    case 'prelu':
      return preluRule(layer, input, context);
    case 'permute':
      return permuteRule(layer, input, context);
    case 'unflatten':
      return unflattenRule(layer, input, context);
    case 'repeatVector':
      return repeatVectorRule(layer, input, context);
    case 'broadcast':
      return broadcastRule(layer, inputs, context);
    case 'broadcastReduce':
      return broadcastReduceRule(layer, inputs, context);
    case 'dot':
      return dotRule(layer, inputs, context);
    case 'squeeze':
      return squeezeRule(layer, input, context);
    case 'unsqueeze':
      return unsqueezeRule(layer, input, context);
    case 'reduce':
      return reduceRule(layer, input, context);
    case 'slice':
      return sliceRule(layer, input, context);
    case 'split':
      return splitRule(layer, input, context);
    case 'gather':
      return gatherRule(layer, input, context);
    case 'tile':
      return tileRule(layer, input, context);
    case 'copyingReshape':
      return copyingReshapeRule(layer, input, context, (target) => reshapeRule({ op: 'reshape', target, targetKey: layer.shape.key, keepsBatch: false }, input, context));
    case 'pad':
      return spatialRules.pad(layer, input, context);
    case 'channelShuffle':
      return spatialRules.channelShuffle(layer, input, context);
    case 'depthToSpace':
      return spatialRules.depthToSpace(layer, input, context);
    case 'unpool':
      return spatialRules.unpool(layer, input, context);
    case 'unfold':
      return spatialRules.unfold(layer, input, context);
    case 'fold':
      return spatialRules.fold(layer, input, context);
    case 'fractionalPool':
      return spatialRules.fractionalPool(layer, input, context);
    case 'depthwiseConv':
      return spatialRules.depthwiseConv(layer, input, context);
    case 'convLstm':
      return spatialRules.convLstm(layer, input, context);
  }
}
