/**
 * Building blocks the framework modules share: reading the common convolution parameters,
 * layouts, output-padding bounds, and the per-axis resolution of transposed convolutions in
 * explicit-padding (PyTorch/ONNX) and TF (Keras, tf.nn, TF.js) styles.
 */
import { Code } from '../diagnostics';
import type {
  BuildContext,
  ConvCommon,
  ConvKeys,
  ConvLayer,
  Declared,
  LayerBuilder,
  LayerEntry,
  OutputKnob,
  TransposedAxis,
  TransposedConvLayer,
} from '../engine/canonical';
import {
  effectiveKernelSize,
  endPaddingForOutput,
  type AxisPadding,
  transposedConvOutputSize,
} from '../convArithmetic';
import { axisLabels, transposedFormula } from '../engine/formulas';
import { type LayerParams, type NumberOptions, type ParamKey, POSITIVE } from '../engine/params';
import { repeat } from '../engine/shapes';
export { compact } from '../engine/shapes';
import { type CallSignature, type CallWording, type DefaultValue, KEYWORDS_ONLY, type SignatureParameter } from '../engine/signature';

/**
 * The PyTorch-form geometry (begin/end padding plus output padding at the end) of a TF-style
 * transposed convolution producing `output` from `input`: TF pads as the forward convolution of
 * `output` would (`'SAME'`: total `max(0, (i−1)·s + k_eff − o)`, odd element at the end;
 * `'VALID'`: none) and leaves any remaining output positions at the end.
 */
export function tfTransposedGeometry(
  input: number,
  output: number,
  kernel: number,
  stride: number,
  dilation: number,
  same: boolean,
): AxisPadding & { outputPadding: number } {
  const full = (input - 1) * stride + effectiveKernelSize(kernel, dilation);
  const padBegin = same ? Math.floor(Math.max(0, full - output) / 2) : 0;
  const { padEnd, outputPadding } = endPaddingForOutput(full - padBegin, output);
  return { padBegin, padEnd, outputPadding };
}


/** A stated value to check against the incoming tensor, if the source states it. */
export function declared(params: LayerParams, key: ParamKey, fixable = true): Declared | undefined {
  if (!params.has(key)) return undefined;
  return { value: params.number(key, 1, POSITIVE), key, fixable };
}

/** Reads kernel, stride, dilation, groups, channels and bias of an `rank`-D convolution. */
export function readConvCommon(params: LayerParams, rank: number, names: ConvKeys, channelsLast: boolean): ConvCommon {
  params.require(names.outChannels, 'the number of output channels');
  params.require(names.kernel, 'the kernel size');
  const inChannels = declared(params, names.inChannels);
  return {
    keys: names,
    rank,
    channelsLast,
    outChannels: params.size(names.outChannels, 1, POSITIVE),
    kernel: params.perAxis(names.kernel, rank, 1, POSITIVE),
    stride: params.perAxis(names.stride, rank, POSITIVE),
    dilation: params.perAxis(names.dilation, rank, POSITIVE),
    groups: params.number(names.groups, POSITIVE),
    bias: params.boolean(names.bias),
    inChannels,
  };
}

/**
 * A convolution from what every framework reads ({@link readConvCommon}) and its own parts,
 * written field by field rather than as `{op, ...common, ...}`: V8 gives an object built by a
 * spread inside a literal a slower layout, every rule reads these fields, and the spread cost
 * about a tenth of the engine's time on the 500-layer TypeScript benchmark.
 */
export function convLayer(common: ConvCommon, parts: Pick<ConvLayer, 'padding' | 'acceptsUnbatched' | 'paddingWithinInput'>): ConvLayer {
  return {
    op: 'conv',
    keys: common.keys,
    rank: common.rank,
    channelsLast: common.channelsLast,
    acceptsUnbatched: parts.acceptsUnbatched,
    kernel: common.kernel,
    stride: common.stride,
    dilation: common.dilation,
    groups: common.groups,
    outChannels: common.outChannels,
    bias: common.bias,
    inChannels: common.inChannels,
    padding: parts.padding,
    paddingWithinInput: parts.paddingWithinInput,
  };
}

/** A transposed convolution from what every framework reads and its own parts (field by field, as {@link convLayer}). */
export function transposedConvLayer<Rule extends object>(
  common: ConvCommon,
  parts: Pick<TransposedConvLayer<Rule>, 'rule' | 'knob' | 'paramNames' | 'acceptsUnbatched'>,
): TransposedConvLayer<Rule> {
  return {
    op: 'convTranspose',
    keys: common.keys,
    rank: common.rank,
    channelsLast: common.channelsLast,
    acceptsUnbatched: parts.acceptsUnbatched,
    kernel: common.kernel,
    stride: common.stride,
    dilation: common.dilation,
    groups: common.groups,
    outChannels: common.outChannels,
    bias: common.bias,
    inChannels: common.inChannels,
    rule: parts.rule,
    knob: parts.knob,
    paramNames: parts.paramNames,
  };
}

/** The accepted values of a data-format parameter: channels-last spellings, then channels-first ones. */
export interface LayoutSpellings {
  last: readonly string[];
  first: readonly string[];
  /** Both lists in that order (what messages list), kept so each read need not build it. */
  all: readonly string[];
}

/** {@link LayoutSpellings} from the channels-last and channels-first spellings (the first of each is the default). */
export function layoutSpellings(last: readonly string[], first: readonly string[]): LayoutSpellings {
  return { last, first, all: [...last, ...first] };
}

/**
 * `channels_last`-style layout from a data-format parameter; `defaultLast` where it is absent (Keras
 * writes `data_format=None`: `keras.config.image_data_format()`, channels-last unless configured).
 */
export function readLayout(params: LayerParams, key: ParamKey, spellings: LayoutSpellings, defaultLast: boolean): boolean {
  const fallback = defaultLast ? spellings.last[0] : spellings.first[0];
  const chosen = params.choice(key, spellings.all, fallback);
  return spellings.last.includes(chosen);
}

/** Names of the spatial axes in messages: `height`, `width`, `depth`. */
export function axisWords(rank: number): string[] {
  const words: Record<string, string> = { D: 'depth', H: 'height', W: 'width', L: 'width' };
  return axisLabels(rank).map((label) => words[label] ?? label);
}

/** Writes one value per axis as a tuple the way Python prints it: `(2, 2)`. */
export function tuple(values: readonly number[]): string {
  return values.length === 1 ? `(${values[0]},)` : `(${values.join(', ')})`;
}

/**
 * Checks every axis's output padding against the framework's exclusive bound (Keras and ONNX:
 * the stride) and records `output-padding-too-large` (with `message`) at the parameter when one
 * breaks it.
 */
export function checkOutputPaddingBound(
  params: LayerParams,
  key: ParamKey,
  outputPadding: readonly number[],
  bound: readonly number[],
  message: string,
): void {
  const broken = outputPadding.some((op, axis) => op >= bound[axis]);
  if (broken) params.report({ code: Code.outputPaddingTooLarge, message, span: params.spanOf(key) });
}

/**
 * One axis of a transposed convolution with explicit begin/end padding (PyTorch, ONNX NOTSET):
 * `o = (i−1)·s − pb − pe + k_eff + op`; `bound` is the exclusive output-padding bound (null: the
 * layer's output size is fixed, e.g. by `output_size`, and `reachable` is given instead).
 */
export function explicitTransposedAxis(
  input: number,
  kernel: number,
  stride: number,
  dilation: number,
  padBegin: number,
  padEnd: number,
  outputPadding: number,
  bound: number,
): TransposedAxis {
  const output = transposedConvOutputSize(input, kernel, stride, padBegin, padEnd, dilation, outputPadding);
  const base = output - outputPadding;
  return {
    output,
    formula: (axis) => transposedFormula(axis, input, kernel, stride, padBegin, padEnd, dilation, outputPadding, output),
    padBegin,
    padEnd,
    outputPadding,
    validOutputPadding: [0, bound - 1],
    reachable: [base, base + bound - 1],
    knobOffset: base,
  };
}

/**
 * One axis of a TF-style transposed convolution whose output size `output` the framework has
 * already decided: the geometry is TF's (`'SAME'` pads as the forward convolution of the output
 * would), the rest is given by the caller.
 */
export function tfStyleTransposedAxis(
  input: number,
  output: number,
  kernel: number,
  stride: number,
  dilation: number,
  same: boolean,
  explanation: Pick<TransposedAxis, 'formula' | 'validOutputPadding' | 'reachable' | 'knobOffset'>,
): TransposedAxis {
  // Spelled out rather than spread: this runs for every axis of every transposed layer.
  const { padBegin, padEnd, outputPadding } = tfTransposedGeometry(input, output, kernel, stride, dilation, same);
  const { formula, validOutputPadding, reachable, knobOffset } = explanation;
  return { output, formula, padBegin, padEnd, outputPadding, validOutputPadding, reachable, knobOffset };
}

/** The output-padding knob. */
export function outputPaddingKnob(key: ParamKey): OutputKnob {
  return { kind: 'outputPadding', key };
}

/** An output-size knob (`output_size`, `output_shape`); `writtenFull`: the source gives the full shape. */
export function outputSizeKnob(key: ParamKey, writtenFull: boolean): OutputKnob {
  return { kind: 'outputSize', key, writtenFull };
}

/**
 * Reads an output-size parameter that may be given for the spatial axes only or as the full
 * shape (`rank + 2` values, layout order); returns the spatial sizes and whether it was full.
 * `bounds`: the values accepted (ONNX takes 0 and refuses it later, as onnxruntime does).
 */
export function readOutputSize(
  params: LayerParams,
  key: ParamKey,
  rank: number,
  channelsLast: boolean,
  bounds: NumberOptions = POSITIVE,
): { sizes: number[]; full: boolean } | null {
  if (!params.has(key)) return null;
  const values = params.list(key, [rank, rank + 2], repeat(1, rank), bounds);
  if (values.length === rank) return { sizes: values, full: false };
  return { sizes: channelsLast ? values.slice(1, -1) : values.slice(2), full: true };
}

/** A builder for shape-preserving layers without weights. */
export const elementwise: LayerBuilder = () => ({ op: 'elementwise' });

/** A builder for element-wise addition of same-shaped inputs. */
export function add(channelsLast: boolean): LayerBuilder {
  return () => ({ op: 'add', channelsLast });
}

/** Entries of layers configured by keyword only (Keras configs, TF.js config objects, ONNX attributes). */
export function keywordEntries(builders: Readonly<Record<string, LayerBuilder>>): Record<string, LayerEntry> {
  const entries: Record<string, LayerEntry> = {};
  for (const type in builders) entries[type] = { build: builders[type], signature: KEYWORDS_ONLY };
  return entries;
}

/**
 * Entries whose call signatures are given per type; a type without one takes keywords only
 * (ConvLens's own layers such as `Concat`).
 */
export function signedEntries(
  builders: Readonly<Record<string, LayerBuilder>>,
  signatures: Readonly<Record<string, CallSignature>>,
): Record<string, LayerEntry> {
  const entries: Record<string, LayerEntry> = {};
  for (const type in builders) entries[type] = { build: builders[type], signature: signatures[type] ?? KEYWORDS_ONLY };
  return entries;
}

/** A Python default as `inspect.signature` prints it: `None`, `True`, `'zeros'`, `1e-05`. */
function pythonDefault(text: string): DefaultValue {
  if (text === 'None') return null;
  if (text === 'True' || text === 'False') return text === 'True';
  if (/^'.*'$/.test(text)) return text.slice(1, -1);
  return Number(text);
}

/**
 * A call signature written as Python lists it (`'in_channels, stride=1, *args'`); `owner` is
 * the class defining `__init__`, which Python's errors name, when it is not the layer type.
 */
export function pythonSignature(text: string, owner?: string): CallSignature {
  const positional: SignatureParameter[] = [];
  let variadic = false;
  for (const part of text.split(', ').filter((item) => item.length > 0)) {
    if (part.startsWith('*')) {
      variadic ||= part === '*args';
      continue;
    }
    const equals = part.indexOf('=');
    positional.push(equals < 0 ? { name: part } : { name: part.slice(0, equals), default: pythonDefault(part.slice(equals + 1)) });
  }
  return { positional, ...(variadic && { variadic }), ...(owner && { owner }) };
}

/** Python's wording of a refused call (counting `self`, as `__init__` does). */
export const pythonCallWording: CallWording = {
  tooManyPositional(type, signature, given) {
    const most = signature.positional.length + 1;
    const least = signature.positional.filter((parameter) => parameter.default === undefined).length + 1;
    const takes = least === most ? `${most} positional argument${most === 1 ? '' : 's'}` : `from ${least} to ${most} positional arguments`;
    return `${signature.owner ?? type}.__init__() takes ${takes} but ${given + 1} were given`;
  },
  repeatedArgument: (type, signature, name) => `${signature.owner ?? type}.__init__() got multiple values for argument '${name}'`,
};

/** The wording of frameworks whose layers ConvLens knows by keyword only. */
export const keywordCallWording: CallWording = {
  tooManyPositional: (type) => `${type} takes its parameters by name here; ConvLens does not know their positional order.`,
  repeatedArgument: (type, _signature, name) => `${type} got multiple values for argument '${name}'.`,
};

/** Builds the same canonical layer for several spellings of one layer type. */
export function spellings(names: readonly string[], builder: LayerBuilder): Record<string, LayerBuilder> {
  return Object.fromEntries(names.map((name) => [name, builder]));
}

/** Builders for the 1-, 2- and 3-D variants of a layer: `name(rank)` gives each type name. */
export function byRank(
  name: (rank: number) => string | readonly string[],
  builder: (rank: number) => LayerBuilder,
): Record<string, LayerBuilder> {
  const table: Record<string, LayerBuilder> = {};
  for (const rank of [1, 2, 3]) {
    const names = name(rank);
    for (const spelled of typeof names === 'string' ? [names] : names) table[spelled] = builder(rank);
  }
  return table;
}

/** The spatial rank a rank-generic layer works on; 0 (and an unknown output) when the input is unknown. */
export function genericRank(context: BuildContext, params: LayerParams): number {
  if (context.spatialRank !== null) return context.spatialRank;
  params.indeterminate = true;
  return 0;
}
