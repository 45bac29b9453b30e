/**
 * The attributes ConvLens reads of each ONNX operator, with their defaults — the one place those
 * defaults live (builders read them through `LayerParams`). Values are the operator schemas'
 * (onnx/docs/Operators.md, the opsets docs/frameworks/onnx.md names; a per-axis attribute's
 * "1 along each spatial axis" is written as the single value 1), each checked in
 * onnxruntime-web by test/fixtures/onnx/generate_signatures.mjs (signatures.json): the operator
 * run with the attribute omitted gives what it gives with the default written out.
 * `bias`, `out_channels`, `out_features` and `num_features` are ConvLens YAML's own (an ONNX node
 * takes the weights and bias as inputs; ConvLens YAML states their sizes and presence).
 */
import { type CallSignature, type KeywordTable, keywordSignature, REQUIRED } from '../../engine/signature';

/** `auto_pad`, `pads` and `strides` of a windowed operator. */
const WINDOW: KeywordTable = { kernel_shape: REQUIRED, auto_pad: 'NOTSET', pads: 0, strides: 1 };
/** Conv and ConvTranspose: `kernel_shape` (ONNX infers it from W; ConvLens YAML states it), `out_channels`, `bias`. */
const CONVOLUTION: KeywordTable = { ...WINDOW, out_channels: REQUIRED, dilations: 1, group: 1, bias: true };
const RECURRENT: KeywordTable = { hidden_size: REQUIRED, direction: 'forward', layout: 0, bias: true };
const REDUCE: KeywordTable = { keepdims: 1, noop_with_empty_axes: 0 };
const ARG_REDUCE: KeywordTable = { axis: 0, keepdims: 1 };
/** opset 13 and later (1 before). */
const SOFTMAX: KeywordTable = { axis: -1 };

const TABLES: Readonly<Record<string, KeywordTable>> = {
  Conv: CONVOLUTION,
  ConvTranspose: { ...CONVOLUTION, output_padding: 0, output_shape: null },
  MaxPool: { ...WINDOW, dilations: 1, ceil_mode: 0 },
  AveragePool: { ...WINDOW, ceil_mode: 0 },
  LpPool: { ...WINDOW, ceil_mode: 0 },
  MaxUnpool: { kernel_shape: REQUIRED, pads: 0, strides: 1, output_shape: null },
  Concat: { axis: REQUIRED },
  Flatten: { axis: 1 },
  Gemm: { out_features: REQUIRED, bias: true },
  Softmax: SOFTMAX,
  LogSoftmax: SOFTMAX,
  Hardmax: SOFTMAX,
  ...Object.fromEntries(
    ['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'].map((op) => [op, REDUCE]),
  ),
  ArgMax: ARG_REDUCE,
  ArgMin: ARG_REDUCE,
  Reshape: { allowzero: 0 },
  Gather: { axis: 0 },
  Split: { axis: 0, num_outputs: null },
  Pad: { mode: 'constant' },
  DepthToSpace: { blocksize: REQUIRED, mode: 'DCR' },
  SpaceToDepth: { blocksize: REQUIRED },
  Upsample: { mode: 'nearest' },
  LSTM: RECURRENT,
  GRU: RECURRENT,
  RNN: RECURRENT,
  LayerNormalization: { axis: -1, bias: true },
  RMSNormalization: { axis: -1 },
};

/** Each operator's signature; an operator without one reads no attribute. */
export const ONNX_SIGNATURES: Readonly<Record<string, CallSignature>> = Object.fromEntries(
  Object.entries(TABLES).map(([op, table]) => [op, keywordSignature(table)]),
);
