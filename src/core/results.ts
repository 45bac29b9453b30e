/**
 * What the shape engine fills for every model and layer: plain data below the engine, read by
 * the pipeline (`analysis.ts`), the editor features, the preview and the CLI report.
 */
import type { UnknownReason } from './dims';
import type { Framework, MadeBy, ParamInsertion, Shape, Span } from './ir';
import type { UltralyticsVersion } from './ultralyticsVersions';

/** One spatial axis of a conv-like layer, explained for the hover. */
export interface AxisExplanation {
  /** Axis label: `H`, `W`, `D` or `L`. */
  axis: string;
  /** The formula with numbers substituted, e.g. `(8−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 16`. */
  formula: string;
  /** The formula in symbols, e.g. `H_out = (H_in − 1)·s − 2·p + d·(k − 1) + op + 1`; absent where the size is given. */
  symbolic?: string;
  /** For transposed convs: the output_padding values the framework accepts here. */
  validOutputPadding?: number[];
  /** For transposed convs: the output sizes reachable from this input, as [min, max]. */
  reachableOutput?: [number, number];
}

/** Transposed-conv parameters per spatial axis, in PyTorch terms (padding split begin/end). */
export interface TransposedConvParams {
  kernel: number[];
  stride: number[];
  padBegin: number[];
  padEnd: number[];
  outputPadding: number[];
  dilation: number[];
}

/** The parameters the upsampling preview needs for a transposed convolution (per spatial axis). */
export interface TransposedConvGeometry extends TransposedConvParams {
  rank: number;
  /** The layout of the layer's input and output: channels last (NHWC) rather than first (NCHW). */
  channelsLast: boolean;
  inputSpatial: Shape;
  inChannels: number | null;
  outChannels: number | null;
  groups: number;
  /** The source parameter names for each editable value, in the layer's framework vocabulary. */
  paramNames: { kernel: string; stride: string; padding: string; outputPadding: string; dilation: string };
  /**
   * Where each editable parameter's value is written (the value, not the key), so the preview
   * can replace it. A parameter the layer does not state is absent.
   */
  paramSpans?: Partial<Record<PreviewParamKey, Span>>;
  /**
   * Where the reader would add a parameter the layer does not state, so the preview can add one
   * (`insertParamEdit` of `writers/`).
   */
  insertion?: ParamInsertion;
}

/** The editable parameters of {@link TransposedConvGeometry.paramNames}. */
export type PreviewParamKey = 'kernel' | 'stride' | 'padding' | 'outputPadding' | 'dilation';

/** A tensor a layer returns besides its output, by its name in the framework's documentation. */
export interface NamedShape {
  name: string;
  shape: Shape;
}

export interface LayerResult {
  index: number;
  /** The name in references and the CLI's JSON: the source's `name`, else the layer's index (SPEC §1.1). */
  name: string;
  /** What the editor titles the layer: its `name`, else a Keras-style name (`conv2d_transpose_2`). */
  title: string;
  type: string;
  span: Span;
  typeSpan: Span;
  hintOffset: number;
  /** The first input's shape (CLI `input`); null when unknown. */
  input: Shape | null;
  /** All inputs, for merges. */
  inputs: (Shape | null)[];
  output: Shape | null;
  /** The other tensors the layer returns (PyTorch `LSTM`'s `h_n`, `c_n`); its output is the first. */
  otherOutputs?: NamedShape[];
  /**
   * Why the output (or one of its dimensions) is unknown, pointing where the unknown started;
   * absent when the output is fully known or symbolic.
   */
  unknown?: UnknownReason;
  /** Trainable parameter count; null when it cannot be known. */
  params: number | null;
  /** Why {@link params} is null, where the reader knows (a TF.js custom layer's weights: "its build adds a weight of unknown shape"). */
  paramsUnknown?: string;
  /** Multiply-adds for one forward pass; null when it cannot be known. */
  macs: number | null;
  /** The framework whose rule was applied, and the rule's name (for the hover). */
  rule?: string;
  /** Where the layer is written when another file's code built it (`` `blocks.js` line 5 ``), for the hover. */
  builtElsewhere?: string;
  /**
   * A frozen layer (`trainable: false`): how it was frozen, and the parameters its weights would
   * train, which {@link params} (0) leaves out, as the framework's trainable count does.
   */
  frozen?: { by: string; weights: number | null };
  axes?: AxisExplanation[];
  /** Present on transposed convolutions. */
  transposedConv?: TransposedConvGeometry;
}

/** The totals `model.info()` prints for an Ultralytics model (SPEC.md §1.4). */
export interface UltralyticsTotals {
  /** The layers `model.info()` counts (leaf modules, each instance once); null when a row's module is not known. */
  layers: number | null;
  /** The sum of the rows' parameters; null when one is unknown. */
  parameters: number | null;
  /** Parameters that train (all but the DFL's fixed weights); null when one is unknown. */
  gradients: number | null;
  /** `2 × multiply-adds / 10⁹` at {@link imageSize}, as thop counts them; null when a row's count is unknown. */
  gflops: number | null;
  /** `[H, W]` of the GFLOPs: 640×640 as `model.info()`, or the defined image size. */
  imageSize: [number, number];
  /** The Ultralytics release the rows were built as; absent for YOLOv5's own format, which YOLOv5's parse_model reads. */
  release?: UltralyticsVersion;
}

export interface ModelResult {
  name: string;
  framework: Framework;
  span: Span;
  layers: LayerResult[];
  /** Ultralytics YOLO models only: what `model.info()` prints. */
  ultralytics?: UltralyticsTotals;
  /** Where the code that made this model made others at the same places (a builder called twice): the calls that made them. */
  madeBy?: MadeBy;
}
