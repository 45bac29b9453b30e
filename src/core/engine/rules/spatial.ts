/**
 * Shape rules of the spatial family (issue 16): padding and cropping by explicit amounts,
 * depth ↔ space rearrangements (PixelShuffle, DepthToSpace), max-unpooling, sliding-block
 * extraction and its inverse (Unfold / Fold), fractional max pooling, depthwise and separable
 * convolutions, and convolutional LSTMs. Framework-independent: every message a framework words
 * its own way arrives as a template in the canonical layer (`{name}` placeholders), filled here.
 */
import { Code, type DiagnosticCode } from '../../diagnostics';
import { dimText, knownDim, knownValue, type Dim } from '../../dims';
import type { SymExpr, SymValue } from '../../symbolic';
import { compareDims, dimOf, offsetDim, productDims, scaledExpr, windowExpr } from '../dimArithmetic';
import { conditionalShapeProblem, type Sometimes } from '../conditions';
import { formatShape } from '../../formatting';
import type { Shape } from '../../ir';
import type { ConvLayer } from '../canonical';
import type { ParamKey } from '../params';
import type { Problem } from '../problems';
import {
  applyRule,
  describe,
  exactQuotientDim,
  failed,
  noWeights,
  rankProblem,
  spatialDims,
  tooSmall,
  type RuleContext,
  type RuleOutcome,
} from '../shapeRules';
import { channelAxis, exact, product, spatialAxes, statedValue } from '../shapes';

/** The input ranks a layer accepts (batch and channels included); `max` null: any rank from `min`. */
export interface RankRange {
  min: number;
  max: number | null;
  /** The framework's refusal of another rank: `{rank}` and `{shape}` are filled in. */
  message: string;
}

/**
 * Pads (positive amounts) or crops (negative) the last `begin.length` axes of the input: the
 * PyTorch padding layers (`ZeroPad2d`, `ReflectionPad3d`, …) and ONNX `Pad` (every axis).
 */
export interface PadLayer {
  op: 'pad';
  begin: number[];
  end: number[];
  ranks: RankRange;
  /**
   * Padding that reads the input (reflect: every pad below its axis's size; circular: at most
   * the size); `message` fills `{begin}`, `{end}`, `{dim}` (the axis position) and `{shape}`.
   */
  within: { bound: 'below' | 'upTo'; key: ParamKey; message: string } | null;
}

/**
 * Moves `factor × factor` blocks between the channels and the last two axes (channels first):
 * `toSpace` `[C·f², H, W] → [C, H·f, W·f]` (PixelShuffle, DepthToSpace), `toDepth` the inverse.
 */
export interface DepthToSpaceLayer {
  op: 'depthToSpace';
  direction: 'toSpace' | 'toDepth';
  factor: number;
  ranks: RankRange;
  /** toSpace: channels not divisible by f² (`{channels}`, `{square}`); toDepth: an axis not divisible by f (`{axis}`, `{position}`, `{size}`, `{factor}`). */
  message: string;
}

/** MaxUnpool: `o = (i − 1)·s − pb − pe + k`, or the output size asked of `forward`. */
export interface UnpoolLayer {
  op: 'unpool';
  rank: number;
  acceptsUnbatched: boolean;
  kernel: number[];
  stride: number[];
  padBegin: number[];
  padEnd: number[];
  /**
   * Output sizes asked of the layer, accepted strictly within `natural ± stride` (PyTorch) or from
   * the natural size up (ONNX); `message` fills `{sizes}`, `{natural}`, `{axis}`, `{low}`, `{high}`.
   */
  outputSize: { sizes: number[]; key: ParamKey; message: string; accepts: 'nearNatural' | 'atLeastNatural' } | null;
}

/** The sliding-window geometry Unfold and Fold share (2 spatial axes). */
interface BlockGeometry {
  kernel: number[];
  stride: number[];
  dilation: number[];
  padding: number[];
}

/** Unfold: `[N, C, H, W] → [N, C·kh·kw, L]`, L the number of windows; `message` when an axis has none. */
export interface UnfoldLayer extends BlockGeometry {
  op: 'unfold';
  ranks: RankRange;
  message: string;
}

/** Fold: `[N, C·kh·kw, L] → [N, C, *outputSize]`; `divisible` and `blocks` word the framework's refusals. */
export interface FoldLayer extends BlockGeometry {
  op: 'fold';
  outputSize: number[];
  ranks: RankRange;
  messages: { divisible: string; blocks: string };
}

/** Fractional max pooling: `o = size`, or `floor(i·ratio)`; the window must fit (`message`: `{axis}`, `{kernel}`, `{size}`). */
export interface FractionalPoolLayer {
  op: 'fractionalPool';
  rank: number;
  acceptsUnbatched: boolean;
  kernel: number[];
  size: number[] | null;
  ratio: number[] | null;
  /** torch 1.13: 2-D needs `o + k − 1 ≤ i`, 3-D `o + k − 1 < i`. */
  strictFit: boolean;
  axisWords: string[];
  message: string;
}

/**
 * A depthwise convolution (`depth_multiplier` outputs per input channel), optionally followed by
 * a pointwise 1×1 convolution to `pointwise.filters` (separable convolution). `conv` holds the
 * window; its channels and groups come from the input.
 */
export interface DepthwiseConvLayer {
  op: 'depthwiseConv';
  conv: ConvLayer;
  multiplier: number;
  pointwise: { filters: number; bias: boolean } | null;
}

/** A convolutional LSTM over `[N, T, *spatial, C]` (or channels first): `conv` is one step's input convolution. */
export interface ConvLstmLayer {
  op: 'convLstm';
  conv: ConvLayer;
  returnSequences: boolean;
}

/** Fills `{name}` placeholders of a framework's message template. */
function fillMessage(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

function rankRefused(ranks: RankRange, input: Shape, context: RuleContext): RuleOutcome | null {
  if (input.length >= ranks.min && (ranks.max === null || input.length <= ranks.max)) return null;
  return failed([
    {
      code: Code.shapeMismatch,
      message: `${describe(context)}: ${fillMessage(ranks.message, { rank: input.length, shape: formatShape(input) })}`,
      span: context.source.typeSpan,
    },
  ]);
}

function problemAt(code: DiagnosticCode, message: string, context: RuleContext, key?: ParamKey): Problem {
  return { code, message, span: key === undefined ? context.source.typeSpan : context.params.spanOf(key) };
}

/** The known sizes of the input at `positions` (null where not a number). */
function sizesAt(input: Shape, positions: readonly number[]): (number | null)[] {
  return positions.map((position) => knownValue(input[position]));
}

/** A computed size as the dimension replacing `input[position]` (null: that input's unknown or symbol, with its reason). */
function dimAt(size: number | null, input: Shape, position: number, context: RuleContext): Dim {
  return spatialDims([size], input, [position], context)[0];
}

/** A rule's size on one axis of a symbolic input: the expression, or unknown with the algebra's reason. */
type SymbolicSize = (input: SymExpr, axis: number) => SymValue;

/**
 * Replaces the dims at `positions` by computed sizes; a symbolic input size goes through
 * `symbolic` where the rule has an exact expression (an unknown input keeps its reason).
 */
function withSizes(input: Shape, positions: readonly number[], sizes: readonly (number | null)[], context: RuleContext, symbolic?: SymbolicSize): Shape {
  const output = [...input];
  spatialDims(sizes, input, positions, context).forEach((dim, axis) => {
    const inputDim = input[positions[axis]];
    output[positions[axis]] = inputDim.kind === 'symbolic' && symbolic ? dimOf(symbolic(inputDim.expr, axis), context) : dim;
  });
  return output;
}

/** Refuses a computed size below 1 as output-too-small, in the framework's words. */
function belowOne(input: readonly (number | null)[], output: readonly (number | null)[], context: RuleContext): RuleOutcome | null {
  if (!output.some((size) => size !== null && size < 1)) return null;
  return tooSmall(context, input.map((size) => size ?? 0), output.map((size) => size ?? 0));
}

function padRule(layer: PadLayer, input: Shape, context: RuleContext): RuleOutcome {
  const refused = rankRefused(layer.ranks, input, context);
  if (refused) return refused;
  const first = input.length - layer.begin.length;
  const positions = layer.begin.map((_, axis) => first + axis);
  const sizes = sizesAt(input, positions);
  const within = layer.within;
  if (within) {
    const axis = sizes.findIndex((size, index) => {
      const pad = Math.max(layer.begin[index], layer.end[index]);
      return size !== null && (within.bound === 'below' ? pad >= size : pad > size);
    });
    if (axis >= 0) {
      const values = { begin: layer.begin[axis], end: layer.end[axis], dim: positions[axis], shape: formatShape(input) };
      return failed([problemAt(Code.invalidParameter, fillMessage(within.message, values), context, within.key)]);
    }
  }
  const amount = (axis: number) => layer.begin[axis] + layer.end[axis];
  const output = sizes.map((size, axis) => (size === null ? null : size + amount(axis)));
  const symbolic: SymbolicSize = (size, axis) => context.algebra.add(size, amount(axis));
  return belowOne(sizes, output, context) ?? noWeights(withSizes(input, positions, output, context, symbolic));
}

function depthToSpaceRule(layer: DepthToSpaceLayer, input: Shape, context: RuleContext): RuleOutcome {
  const refused = rankRefused(layer.ranks, input, context);
  if (refused) return refused;
  const { factor } = layer;
  const square = factor * factor;
  const channelPosition = input.length - 3;
  const positions = [input.length - 2, input.length - 1];
  const channels = knownValue(input[channelPosition]);
  const sizes = sizesAt(input, positions);
  const problems: Problem[] = [];
  if (layer.direction === 'toSpace') {
    const shallower = channels !== null && channels % square !== 0 ? null : exactQuotientDim(input[channelPosition], square, 'the channels', context, problems);
    if (!shallower) {
      return failed([problemAt(Code.shapeMismatch, fillMessage(layer.message, { channels: dimText(input[channelPosition]), square, factor }), context)]);
    }
    const scaled: SymbolicSize = (size) => context.algebra.mul(size, factor);
    const output = withSizes(input, positions, sizes.map((size) => (size === null ? null : size * factor)), context, scaled);
    output[channelPosition] = shallower;
    return noWeights(output, problems);
  }
  const axisWords = ['height', 'width'];
  const smaller = positions.map((position, axis) =>
    sizes[axis] !== null && sizes[axis] % factor !== 0 ? null : exactQuotientDim(input[position], factor, `the ${axisWords[axis]}`, context, problems),
  );
  const axis = smaller.findIndex((dim) => dim === null);
  if (axis >= 0) {
    const values = { axis: axisWords[axis], position: axis - 2, size: dimText(input[positions[axis]]), factor };
    return failed([problemAt(Code.shapeMismatch, fillMessage(layer.message, values), context)]);
  }
  const output = [...input];
  positions.forEach((position, index) => (output[position] = smaller[index] as Dim));
  const deeper: SymbolicSize = (size) => context.algebra.mul(size, square);
  output[channelPosition] = withSizes(input, [channelPosition], [channels === null ? null : exact(channels * square)], context, deeper)[channelPosition];
  return noWeights(output, problems);
}

function unpoolRule(layer: UnpoolLayer, input: Shape, context: RuleContext): RuleOutcome {
  if (input.length !== layer.rank + 2) return failed([rankProblem(context, `a ${layer.rank + 2}-D input`, input)]);
  const positions = spatialAxes(input, false);
  const sizes = sizesAt(input, positions);
  const natural = sizes.map((size, axis) =>
    size === null ? null : (size - 1) * layer.stride[axis] - layer.padBegin[axis] - layer.padEnd[axis] + layer.kernel[axis],
  );
  // (i − 1)·s − pb − pe + k on an expression.
  const naturalExpr: SymbolicSize = (size, axis) =>
    context.algebra.add(context.algebra.mul(size, layer.stride[axis]), layer.kernel[axis] - layer.stride[axis] - layer.padBegin[axis] - layer.padEnd[axis]);
  const asked = layer.outputSize;
  if (!asked) return belowOne(sizes, natural, context) ?? noWeights(withSizes(input, positions, natural, context, naturalExpr));
  const naturalDims = withSizes(input, positions, natural, context, naturalExpr);
  const problems: Problem[] = [];
  const accepted = positions.map((position, axis) => askedSizeAccepted(layer, asked, axis, naturalDims[position], context));
  const axis = accepted.findIndex((verdict) => verdict === 'never');
  if (axis >= 0) {
    const naturalDim = naturalDims[positions[axis]];
    const values = {
      sizes: `[${asked.sizes.join(', ')}]`,
      natural: formatShape(positions.map((position) => naturalDims[position])),
      axis,
      low: dimText(offsetDim(naturalDim, -layer.stride[axis], context)),
      high: dimText(offsetDim(naturalDim, layer.stride[axis], context)),
    };
    return failed([problemAt(Code.outputSizeUnreachable, fillMessage(asked.message, values), context, asked.key)]);
  }
  const sometimes = accepted.flatMap((verdict) => (typeof verdict === 'object' && verdict !== null ? verdict : []));
  if (sometimes.length > 0) {
    const subject = `${describe(context)} accepts the output size [${asked.sizes.join(', ')}] it asks for`;
    problems.push(conditionalShapeProblem({ subject, comparisons: sometimes, span: context.params.spanOf(asked.key), model: context.model, algebra: context.algebra }));
  }
  // The asked size where it is accepted for every allowed value, or for some with the warning; else the input's unknown.
  const output = accepted.map((verdict, index) => (verdict === null ? null : asked.sizes[index]));
  return belowOne(sizes, output, context) ?? noWeights(withSizes(input, positions, output, context), problems);
}

/**
 * Whether the size asked of MaxUnpool on one axis is accepted beside the natural size: always,
 * never, for some allowed values (the comparisons that hold then), or null where ConvLens cannot
 * tell (an unknown natural size, or an undecided comparison).
 */
function askedSizeAccepted(
  layer: UnpoolLayer,
  asked: NonNullable<UnpoolLayer['outputSize']>,
  axis: number,
  natural: Dim,
  context: RuleContext,
): 'always' | 'never' | Sometimes[] | null {
  const size = asked.sizes[axis];
  const stride = layer.stride[axis];
  const bounds: [Dim, Dim][] =
    asked.accepts === 'atLeastNatural'
      ? [[knownDim(size), natural]]
      : [
          [knownDim(size + stride - 1), natural],
          [natural, knownDim(size - stride + 1)],
        ];
  const comparisons = bounds.map(([high, low]) => compareDims(high, low, 'atLeast', context.algebra));
  if (comparisons.some((comparison) => comparison?.kind === 'never')) return 'never';
  if (comparisons.some((comparison) => !comparison || comparison.kind === 'undecided')) return null;
  const sometimes = comparisons.filter((comparison): comparison is Sometimes => comparison?.kind === 'sometimes');
  return sometimes.length > 0 ? sometimes : 'always';
}

/** Windows per axis of a sliding-block layer over `sizes`: `floor((i + 2p − d·(k−1) − 1)/s) + 1`. */
function blocksPerAxis(layer: BlockGeometry, sizes: readonly number[]): number[] {
  return sizes.map((size, axis) => blocksOnAxis(layer, size, axis));
}

function blocksOnAxis(layer: BlockGeometry, size: number, axis: number): number {
  const span = layer.dilation[axis] * (layer.kernel[axis] - 1) + 1;
  return Math.floor((size + 2 * layer.padding[axis] - span) / layer.stride[axis]) + 1;
}

/** The geometry's values in a message: `{kernel}`, `{stride}`, `{dilation}`, `{padding}` as `2, 2`. */
function geometryValues(layer: BlockGeometry): Record<string, string> {
  return { kernel: layer.kernel.join(', '), stride: layer.stride.join(', '), dilation: layer.dilation.join(', '), padding: layer.padding.join(', ') };
}

function unfoldRule(layer: UnfoldLayer, input: Shape, context: RuleContext): RuleOutcome {
  const refused = rankRefused(layer.ranks, input, context);
  if (refused) return refused;
  const positions = [input.length - 2, input.length - 1];
  const channelPosition = input.length - 3;
  const sizes = sizesAt(input, positions);
  let count: number | null = null;
  if (sizes[0] !== null && sizes[1] !== null) {
    const blocks = blocksPerAxis(layer, sizes as number[]);
    if (blocks.some((blocksOfAxis) => blocksOfAxis < 1)) {
      const message = fillMessage(layer.message, { ...geometryValues(layer), size: sizes.join(', '), blocks: blocks.join(', ') });
      return failed([problemAt(Code.outputTooSmall, message, context)]);
    }
    count = blocks[0] * blocks[1];
  }
  const channels = knownValue(input[channelPosition]);
  const features = dimAt(channels === null ? null : product([channels, ...layer.kernel]), input, channelPosition, context);
  const length = count === null ? symbolicBlockCount(layer, positions.map((position) => input[position]), context) : null;
  // Where no count is computed, the reason is the unknown axis's, else the symbolic one's.
  const reasonAxis = positions.find((position) => input[position].kind === 'unknown') ?? positions[sizes[0] === null ? 0 : 1];
  return noWeights([...input.slice(0, channelPosition), features, length ?? dimAt(count, input, reasonAxis, context)]);
}

/**
 * The number of blocks over spatial sizes one of which at least is symbolic: the product of the
 * windows per axis (the convolution's window arithmetic), unknown with the reason where that
 * product is not linear; null where an axis is unknown or has no window.
 */
function symbolicBlockCount(layer: BlockGeometry, spatial: readonly Dim[], context: RuleContext): Dim | null {
  const perAxis = spatial.map((dim, axis): Dim | null => {
    if (dim.kind === 'known') {
      const blocks = blocksOnAxis(layer, dim.value, axis);
      return blocks >= 1 ? knownDim(blocks) : null;
    }
    if (dim.kind === 'unknown') return null;
    const padding = { kind: 'explicit' as const, begin: layer.padding[axis], end: layer.padding[axis] };
    const geometry = { kernel: layer.kernel[axis], stride: layer.stride[axis], dilation: layer.dilation[axis], padding };
    return dimOf(windowExpr(context.algebra, dim.expr, geometry, false), context);
  });
  return perAxis.every((dim) => dim !== null) ? productDims(perAxis as Dim[], context) : null;
}

function foldRule(layer: FoldLayer, input: Shape, context: RuleContext): RuleOutcome {
  const refused = rankRefused(layer.ranks, input, context);
  if (refused) return refused;
  const featurePosition = input.length - 2;
  const features = knownValue(input[featurePosition]);
  const lengthDim = input[input.length - 1];
  const window = layer.kernel[0] * layer.kernel[1];
  const problems: Problem[] = [];
  const channels = features !== null && features % window !== 0 ? null : exactQuotientDim(input[featurePosition], window, 'the features', context, problems);
  if (!channels) {
    return failed([problemAt(Code.shapeMismatch, fillMessage(layer.messages.divisible, { ...geometryValues(layer), got: dimText(input[featurePosition]) }), context)]);
  }
  const blocks = blocksPerAxis(layer, layer.outputSize);
  const count = blocks[0] * blocks[1];
  // The number of blocks must be the input's length: for every allowed value, or some (a warning).
  const fits = compareDims(lengthDim, knownDim(count), 'equal', context.algebra);
  if (fits?.kind === 'never') {
    const values = { ...geometryValues(layer), output: layer.outputSize.join(', '), blocks: `${blocks.join(' * ')} = ${count}`, got: dimText(lengthDim) };
    return failed([problemAt(Code.shapeMismatch, fillMessage(layer.messages.blocks, values), context)]);
  }
  if (fits?.kind === 'sometimes') {
    const subject = `${describe(context)}: the input length ${dimText(lengthDim)} is the ${count} blocks of output_size`;
    problems.push(conditionalShapeProblem({ subject, comparisons: [fits], span: context.source.typeSpan, model: context.model, algebra: context.algebra }));
  }
  return noWeights([...input.slice(0, featurePosition), channels, ...layer.outputSize.map(knownDim)], problems);
}

function fractionalPoolRule(layer: FractionalPoolLayer, input: Shape, context: RuleContext): RuleOutcome {
  if (input.length !== layer.rank + 2) return failed([rankProblem(context, `a ${layer.rank + 2}-D input`, input)]);
  const positions = spatialAxes(input, false);
  const sizes = sizesAt(input, positions);
  const output = sizes.map((size, axis) => (layer.size ? layer.size[axis] : size === null ? null : Math.floor(size * (layer.ratio?.[axis] ?? 1))));
  const axis = output.findIndex((size, index) => {
    const input = sizes[index];
    if (size === null || input === null) return false;
    const reach = size + layer.kernel[index] - 1;
    return layer.strictFit ? reach >= input : reach > input;
  });
  if (axis >= 0) {
    const values = { axis: layer.axisWords[axis], kernel: layer.kernel[axis], size: sizes[axis] ?? 0 };
    return failed([problemAt(Code.outputTooSmall, fillMessage(layer.message, values), context)]);
  }
  const { ratio } = layer;
  const scaled: SymbolicSize | undefined = ratio ? (size, axis) => scaledExpr(context.algebra, size, ratio[axis]) : undefined;
  return belowOne(sizes, output, context) ?? noWeights(withSizes(input, positions, output, context, scaled));
}

/** The depthwise step as an ordinary grouped convolution of the known input channels. */
function depthwiseRule(layer: DepthwiseConvLayer, input: Shape, context: RuleContext): RuleOutcome {
  const channels = input.length === layer.conv.rank + 2 ? knownValue(input[channelAxis(input, layer.conv.channelsLast)]) : null;
  const outChannels = channels === null ? null : layer.multiplier * channels;
  const bias = layer.pointwise ? false : layer.conv.bias;
  const depthwise = applyRule({ ...layer.conv, groups: channels ?? 1, outChannels, bias }, [input], context);
  const { pointwise } = layer;
  if (!pointwise || !depthwise.output) return depthwise;
  const output = [...depthwise.output];
  output[channelAxis(output, layer.conv.channelsLast)] = knownDim(pointwise.filters);
  const weights = outChannels === null ? null : product([outChannels, pointwise.filters]);
  const positions = spatialAxes(output, layer.conv.channelsLast);
  const pointwiseParams = weights === null ? null : exact(weights + (pointwise.bias ? pointwise.filters : 0));
  const params = depthwise.params === null || pointwiseParams === null ? null : exact(depthwise.params + pointwiseParams);
  const pointwiseMacs = product([weights, ...positions.map((position) => knownValue(output[position]))]);
  const macs = depthwise.macs === null || pointwiseMacs === null ? null : exact(depthwise.macs + pointwiseMacs);
  return { ...depthwise, output, params, macs };
}

/**
 * One step's convolution on the input without its time axis; the four gates' kernels read the
 * input and the `filters`-channel state: `4·f·(k·(C + f)) + 4·f` parameters (Keras `ConvLSTM`).
 */
function convLstmRule(layer: ConvLstmLayer, input: Shape, context: RuleContext): RuleOutcome {
  const { conv } = layer;
  if (input.length !== conv.rank + 3) return failed([rankProblem(context, `a ${conv.rank + 3}-D input (batch, time, ${conv.rank} spatial axes, channels)`, input)]);
  const step = [input[0], ...input.slice(2)];
  const outcome = applyRule(conv, [step], context);
  if (!outcome.output) return outcome;
  const filters = conv.outChannels === null ? 0 : statedValue(conv.outChannels);
  const channels = knownValue(step[channelAxis(step, conv.channelsLast)]);
  const window = product(conv.kernel);
  const gates = channels === null || window === null || filters === null ? null : product([4 * filters, window, channels + filters]);
  const params = gates === null || filters === null ? null : exact(gates + (conv.bias ? 4 * filters : 0));
  const spatialOut = spatialAxes(outcome.output, conv.channelsLast).map((position) => knownValue(outcome.output?.[position]));
  const macs = product([gates, knownValue(input[1]), ...spatialOut]);
  const output = layer.returnSequences ? [outcome.output[0], input[1], ...outcome.output.slice(1)] : outcome.output;
  return { ...outcome, output, params, macs };
}

/** Shuffles the channels in `groups` groups (shape kept): the channels must divide (`message`: `{channels}`, `{groups}`). */
export interface ChannelShuffleLayer {
  op: 'channelShuffle';
  groups: number;
  groupsKey: ParamKey;
  ranks: RankRange;
  message: string;
}

function channelShuffleRule(layer: ChannelShuffleLayer, input: Shape, context: RuleContext): RuleOutcome {
  const refused = rankRefused(layer.ranks, input, context);
  if (refused) return refused;
  const channels = knownValue(input[1]);
  if (channels !== null && channels % layer.groups !== 0) {
    return failed([problemAt(Code.groupsMismatch, fillMessage(layer.message, { channels, groups: layer.groups }), context, layer.groupsKey)]);
  }
  return noWeights([...input]);
}

/** The spatial family's ops, for `applyBatched`. */
export type SpatialLayer =
  | ChannelShuffleLayer
  | PadLayer
  | DepthToSpaceLayer | UnpoolLayer | UnfoldLayer | FoldLayer | FractionalPoolLayer | DepthwiseConvLayer | ConvLstmLayer;

export const spatialRules = {
  channelShuffle: channelShuffleRule,
  pad: padRule,
  depthToSpace: depthToSpaceRule,
  unpool: unpoolRule,
  unfold: unfoldRule,
  fold: foldRule,
  fractionalPool: fractionalPoolRule,
  depthwiseConv: depthwiseRule,
  convLstm: convLstmRule,
};
