/**
 * The canonical layer description: what every framework module maps its vocabulary onto, and
 * the only thing the shape rules read. Sizes are per spatial axis in the order of the shape
 * (`[D,] H, W`); layout says where the channel axis is.
 */
import type { PreviewParamKey, TransposedConvGeometry } from '../results';
import type { DiagnosticCode } from '../diagnostics';
import type { Framework, ReplacementLayer } from '../ir';
import type { OddPadding } from '../convArithmetic';
import type { FormulaWriter } from './formulas';
import type { LayerParams, ParamKey } from './params';
import type { StatedSize } from './shapes';
import type { CallSignature, CallWording } from './signature';
import type {
  CheckedActivationLayer,
  PreluLayer,
  PermuteLayer,
  UnflattenLayer,
  RepeatVectorLayer,
  BroadcastLayer,
  BroadcastReduceLayer,
  DotLayer,
  SqueezeLayer,
  UnsqueezeLayer,
  ReduceLayer,
  SliceLayer,
  SplitLayer,
  GatherLayer,
  TileLayer,
  CopyingReshapeLayer,
} from './rules/tensor';
import type { SpatialLayer } from './rules/spatial';
import type { AttentionLayer, AxisNormLayer, BilinearLayer, EinsumLayer, EmbeddingLayer, HeadAttentionLayer, MatMulLayer, RecurrentLayer, TimeDistributedLayer, TransformerLayer } from './rules/sequence';

/** A value the source states and the engine checks against the incoming tensor. */
export interface Declared {
  value: number;
  /** The parameter holding it (a quick fix writes its first spelling). */
  key: ParamKey;
  /** False where the value sits inside another parameter (TF `filter_shape`): no quick fix. */
  fixable: boolean;
}

/** Padding of a forward convolution or pooling window. */
export type SpatialPadding =
  | { kind: 'explicit'; begin: number[]; end: number[] }
  /** TF/Keras `'same'`, ONNX `SAME_UPPER`/`SAME_LOWER`: `o = ceil(i/s)`. */
  | { kind: 'same'; odd: OddPadding }
  /** TF/Keras `'valid'`: `o = ceil((i − k_eff + 1)/s)`. */
  | { kind: 'valid' };

interface ChannelAware {
  /** NHWC (`channels_last`) instead of NCHW. */
  channelsLast: boolean;
}

interface Spatial extends ChannelAware {
  /** Number of spatial axes (1–3). */
  rank: number;
}

/** How a layer also accepts an input without the batch axis (PyTorch). */
interface MaybeUnbatched {
  /** Accepts `[C, *spatial]` as well as `[N, C, *spatial]`. */
  acceptsUnbatched?: boolean;
}

/**
 * Which source parameter each convolution value came from (provenance): rules and quick fixes
 * name and point at these, never at a spelling of their own.
 */
export interface ConvKeys {
  outChannels: ParamKey;
  inChannels: ParamKey;
  kernel: ParamKey;
  stride: ParamKey;
  dilation: ParamKey;
  groups: ParamKey;
  bias: ParamKey;
}

export interface ConvCommon extends Spatial, MaybeUnbatched {
  /** The parameters the values below were read from. */
  keys: ConvKeys;
  kernel: number[];
  stride: number[];
  dilation: number[];
  groups: number;
  /** Null when the framework derives it from the input (never for the frameworks here); symbolic where the reader knew it as a size (SPEC §1.6). */
  outChannels: StatedSize | null;
  bias: boolean;
  /** `in_channels` (or a framework's equivalent) when the source states it. */
  inChannels?: Declared;
}

export interface ConvLayer extends ConvCommon {
  op: 'conv';
  padding: SpatialPadding;
  /**
   * Padding that reads the input itself (PyTorch `padding_mode`): `'below'` — every pad must be
   * smaller than its input size (`reflect`); `'upTo'` — at most the input size (`circular`);
   * `key`: the padding parameter.
   */
  paddingWithinInput?: { bound: 'below' | 'upTo'; key: ParamKey };
}

/** One spatial axis of a transposed convolution, resolved against a known input size. */
export interface TransposedAxis {
  output: number;
  /**
   * Writes the formula, in symbols and with numbers substituted (`(8−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 16`):
   * only a hover shows it, so it is written when shown rather than for every axis analysed.
   */
  formula: FormulaWriter;
  /** PyTorch-form geometry: the input stretched, padded by `k_eff−1−pad`, output padding at the end. */
  padBegin: number;
  padEnd: number;
  outputPadding: number;
  /** Output padding values the framework accepts, as an inclusive range; null when it has none. */
  validOutputPadding: [number, number] | null;
  /** Output sizes this input can produce by changing the layer's {@link OutputKnob}. */
  reachable: [number, number];
  /** The knob's value for output `o` on this axis is `o − knobOffset` (0 for output-size knobs). */
  knobOffset: number;
  /** The size an output-size knob asks for, where {@link output} may differ from it (a request out of range). */
  requested?: number;
}

/** A problem found while resolving a transposed convolution against its input. */
export interface ResolutionProblem {
  code: DiagnosticCode;
  message: string;
  /** The parameter at fault (its span is used), else the layer type. */
  key?: ParamKey;
}

export interface TransposedResolution {
  /** Per spatial axis; null where that axis's input size is not known. */
  axes: (TransposedAxis | null)[];
  problems: ResolutionProblem[];
}

/**
 * The parameter a quick fix changes to reach another output size: `output_padding` (one value
 * per axis, a scalar when all agree), or an output-size parameter (`output_size`,
 * `output_shape`) written as the spatial sizes, or as the full shape where it was so written.
 */
export type OutputKnob = { kind: 'outputPadding'; key: ParamKey } | { kind: 'outputSize'; key: ParamKey; writtenFull: boolean };

/**
 * A transposed convolution. `rule` holds what the vocabulary's
 * {@link FrameworkVocabulary.resolveTransposed} reads besides the fields every convolution has
 * (its padding, output padding or output size), as plain data: a canonical layer holds no
 * closures, so it survives `structuredClone`.
 */
export interface TransposedConvLayer<Rule extends object = object> extends ConvCommon {
  op: 'convTranspose';
  rule: Rule;
  knob: OutputKnob | null;
  /** The source names of the editable values, for the upsampling preview. */
  paramNames: TransposedConvGeometry['paramNames'];
}

export interface PoolLayer extends Spatial, MaybeUnbatched {
  op: 'pool';
  kernel: number[];
  stride: number[];
  dilation: number[];
  padding: SpatialPadding;
  ceilMode: boolean;
  /** The unpadded input must be at least the kernel on every axis (PyTorch `avg_pool3d`). */
  inputAtLeastKernel?: boolean;
}

export interface GlobalPoolLayer extends Spatial {
  op: 'globalPool';
  keepDims: boolean;
}

export interface AdaptivePoolLayer extends Spatial, MaybeUnbatched {
  op: 'adaptivePool';
  /** Per axis; null keeps the input size (PyTorch `None`). */
  size: (number | null)[];
}

/** Resizing by per-axis scale factors (`floor(i·scale)`) or to fixed sizes. */
export interface ResizeLayer extends ChannelAware {
  op: 'resize';
  /** Null for rank-generic layers (ONNX): taken from the input. */
  rank: number | null;
  scale: number[] | null;
  size: number[] | null;
}

export interface NormLayer extends ChannelAware {
  op: 'norm';
  /** Trainable parameters per channel (2 for an affine γ, β; 0 without). */
  paramsPerChannel: number;
  /** A stated feature count (`num_features`, `num_channels`). */
  features?: Declared;
  /** Channels must be divisible by this (GroupNorm `num_groups`). */
  groups?: Declared;
  /** Accepted input ranks including batch; empty for any. */
  ranks: number[];
}

/** Shape-preserving layers without weights: activations, dropout, identity. */
export interface ElementwiseLayer {
  op: 'elementwise';
}

/** Flattens dimensions `startDim..endDim` (negative counts from the end) into one. */
export interface FlattenLayer {
  op: 'flatten';
  startDim: number;
  endDim: number;
}

/** ONNX Flatten: a 2-D output `[prod(d_0..d_{axis−1}), prod(d_axis..)]`. */
export interface FlattenToMatrixLayer {
  op: 'flattenToMatrix';
  axis: number;
}

/** A fully connected layer on the last axis. */
export interface DenseLayer {
  op: 'dense';
  units: StatedSize;
  bias: boolean;
  inFeatures?: Declared;
  /** Also takes a single vector `[features]` (PyTorch `Linear`); else at least `[batch, features]`. */
  acceptsVector?: boolean;
}

/** Reshape to `target` (one `-1` allowed); `keepsBatch`: the target excludes the batch axis. */
export interface ReshapeLayer {
  op: 'reshape';
  target: StatedSize[];
  /** The parameter holding the target. */
  targetKey: ParamKey;
  keepsBatch: boolean;
}

export interface ConcatLayer extends ChannelAware {
  op: 'concat';
  /** May be negative (counts from the end). */
  axis: number;
  axisKey: ParamKey;
}

export interface AddLayer extends ChannelAware {
  op: 'add';
}

/** Crops the spatial axes around the centre to `size` or to the spatial size of layer `like`. */
export interface CenterCropLayer extends ChannelAware {
  op: 'centerCrop';
  size: number[] | null;
  /** The layer (or input) reference in `like:`. */
  like: { ref: string | number; key: ParamKey } | null;
}

/** Fixed cropping (negative `sign`) or zero padding (positive) of the spatial axes. */
export interface BorderLayer extends Spatial {
  op: 'border';
  begin: number[];
  end: number[];
  sign: 1 | -1;
}

export type CanonicalLayer =
  | ConvLayer
  | TransposedConvLayer
  | PoolLayer
  | GlobalPoolLayer
  | AdaptivePoolLayer
  | ResizeLayer
  | NormLayer
  | ElementwiseLayer
  | FlattenLayer
  | FlattenToMatrixLayer
  | DenseLayer
  | ReshapeLayer
  | ConcatLayer
  | AddLayer
  | CenterCropLayer
  | BorderLayer
  | CheckedActivationLayer
  | PreluLayer
  | PermuteLayer
  | UnflattenLayer
  | RepeatVectorLayer
  | BroadcastLayer
  | BroadcastReduceLayer
  | DotLayer
  | SqueezeLayer
  | UnsqueezeLayer
  | ReduceLayer
  | SliceLayer
  | SplitLayer
  | GatherLayer
  | TileLayer
  | CopyingReshapeLayer
  | SpatialLayer

  | RecurrentLayer
  | EmbeddingLayer
  | BilinearLayer
  | AxisNormLayer
  | AttentionLayer
  | TransformerLayer
  | MatMulLayer
  | EinsumLayer
  | TimeDistributedLayer
  | HeadAttentionLayer;

/** What a framework module knows while mapping one layer. */
export interface BuildContext {
  /** The first input's number of spatial axes, for rank-generic layers (ONNX); null if unknown. */
  spatialRank: number | null;
  /** The first input's rank including batch and channels; null if unknown. */
  inputRank: number | null;
  /** The layer's type as written. */
  type: string;
}

/** Maps one source layer (its parameters) onto the canonical form. */
export type LayerBuilder = (params: LayerParams, context: BuildContext) => CanonicalLayer;

/** One layer type of a vocabulary: how the framework calls it, and what it maps onto. */
export interface LayerEntry {
  build: LayerBuilder;
  /** Positional order, names and defaults, to bind positional arguments (`SourceLayer.args`). */
  signature: CallSignature;
}

/** What the upsampling preview may write back into a transposed convolution of one vocabulary. */
export interface PreviewPolicy {
  /** The parameters "Apply to document" writes (string paddings and full-tensor shapes are left alone). */
  writable: readonly PreviewParamKey[];
  /** Remarks the preview shows as they are (why a parameter is not writable). */
  notes: readonly string[];
  /** Padding as one value per axis for both sides (PyTorch), or begin and end apart. */
  padding: 'symmetric' | 'beginEnd';
  /** How the padding parameter is written: the begin values, or all begins then all ends (ONNX `pads`). */
  paddingWritten: 'begins' | 'beginsThenEnds';
  /** Values are written as lists even where every axis agrees (ONNX attributes). */
  listsOnly: boolean;
}

/** One framework's vocabulary: data the shape rules never branch on. */
export interface FrameworkVocabulary {
  framework: Framework;
  /** The framework's name in messages and hovers (`PyTorch`). */
  label: string;
  /** Layer types exactly as the framework spells them. */
  layers: Readonly<Record<string, LayerEntry>>;
  /** What the upsampling preview may write back. */
  preview: PreviewPolicy;
  /** How the framework words a call its signature refuses. */
  callWording: CallWording;
  /**
   * Resolves every spatial axis of a transposed convolution this vocabulary built (null entries:
   * unknown input size). Each axis depends on its own input size only (the symbolic rule reads
   * all axes from one resolution); problems may involve several.
   */
  resolveTransposed(layer: TransposedConvLayer, input: (number | null)[]): TransposedResolution;
  /** The framework's message for an output below the minimum (sizes per spatial axis). */
  outputTooSmall(type: string, input: number[], output: number[]): string;
  /** Whether string parameters (`'same'`, `'channels_last'`) are matched ignoring case. */
  ignoresCase?: boolean;
  /**
   * The layers replacing an uneven-overlap transposed convolution: a resize by the stride, then
   * a stride-1 convolution (Odena et al. 2016) with `outChannels` output channels. Absent where
   * the vocabulary has no resize layer.
   */
  upsampleThenConv?(layer: TransposedConvLayer, outChannels: number): ReplacementLayer[];
  /**
   * Whether a layer's weights are frozen (TF.js `trainable: false`): its trainable parameter
   * count, the one ConvLens shows, is then 0; a string says why that is not known. Absent where
   * the vocabulary reads no such setting.
   */
  frozen?(params: LayerParams, type: string): boolean | string;
}
