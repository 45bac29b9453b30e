/**
 * Per-axis convolution arithmetic, shared by the shape engine, the framework vocabularies and the
 * kernel's argument checks; what only one framework does lives in its vocabulary.
 *
 * Every function works on one spatial axis with plain integers and never throws; results may be
 * zero or negative (callers report `output-too-small`). Notation follows docs/frameworks/README.md: `i` input
 * size, `k` kernel, `s` stride, `d` dilation, `op` output padding, `k_eff = d·(k−1) + 1`.
 */

/** Begin/end padding of one axis, plus output padding for transposed convolutions. */
export interface AxisPadding {
  padBegin: number;
  padEnd: number;
}

/** The span one kernel covers: `k_eff = d·(k−1) + 1`. */
export function effectiveKernelSize(kernel: number, dilation: number): number {
  return dilation * (kernel - 1) + 1;
}

/**
 * Output size of a convolution (or pooling) with explicit padding:
 * `o = floor((i + pb + pe − k_eff) / s) + 1` (PyTorch, ONNX NOTSET, Dumoulin & Visin rel. 6/15).
 * With `ceilMode` the division rounds up, and a last window that would start inside the end
 * padding is dropped (PyTorch/ONNX pooling `ceil_mode`).
 */
export function convOutputSize(
  input: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation = 1,
  ceilMode = false,
): number {
  const span = input + padBegin + padEnd - effectiveKernelSize(kernel, dilation);
  if (!ceilMode) return Math.floor(span / stride) + 1;
  let output = Math.ceil(span / stride) + 1;
  if ((output - 1) * stride >= input + padBegin) output -= 1;
  return output;
}

/**
 * Output size of a transposed convolution in PyTorch form:
 * `o = (i − 1)·s − pb − pe + d·(k − 1) + 1 + op` (ONNX: `s·(i−1) + op + k_eff − pb − pe`).
 */
export function transposedConvOutputSize(
  input: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation: number,
  outputPadding: number,
): number {
  return (input - 1) * stride - padBegin - padEnd + effectiveKernelSize(kernel, dilation) + outputPadding;
}

/**
 * The exclusive bound PyTorch puts on `output_padding` of one axis: `op < max(s, d)` (ATen's
 * shape check; Keras and ONNX bound it by the stride alone).
 */
export function strideOrDilationBound(stride: number, dilation: number): number {
  return Math.max(stride, dilation);
}

/**
 * The sizes PyTorch's `forward(x, output_size=...)` accepts for one axis: `[min, min + s − 1]`
 * with `min = (i−1)·s − pb − pe + k_eff` (dilation does not widen the range).
 */
export function outputSizeRange(
  input: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation: number,
): [number, number] {
  const min = transposedConvOutputSize(input, kernel, stride, padBegin, padEnd, dilation, 0);
  return [min, min + stride - 1];
}

/** Where the odd element of an uneven total padding goes. */
export type OddPadding = 'end' | 'begin';

/**
 * TensorFlow/Keras/TF.js `'same'` (and ONNX `SAME_UPPER`/`SAME_LOWER`) for a convolution:
 * `o = ceil(i / s)`, total padding `max(0, (o−1)·s + k_eff − i)`; the odd element goes to the end
 * (TF, SAME_UPPER) or the beginning (SAME_LOWER).
 */
export function samePaddingConv(
  input: number,
  kernel: number,
  stride: number,
  dilation: number,
  odd: OddPadding = 'end',
): AxisPadding & { output: number } {
  const output = Math.ceil(input / stride);
  const total = Math.max(0, (output - 1) * stride + effectiveKernelSize(kernel, dilation) - input);
  const { padBegin, padEnd } = splitPadding(total, odd);
  return { output, padBegin, padEnd };
}

/** TensorFlow/Keras/TF.js `'valid'` convolution: `o = ceil((i − k_eff + 1) / s)`. */
export function validConvOutputSize(input: number, kernel: number, stride: number, dilation: number): number {
  return Math.ceil((input - effectiveKernelSize(kernel, dilation) + 1) / stride);
}

/** Splits a total padding into begin/end, the odd element at `odd`. */
export function splitPadding(total: number, odd: OddPadding): AxisPadding {
  const small = Math.floor(total / 2);
  return odd === 'end' ? { padBegin: small, padEnd: total - small } : { padBegin: total - small, padEnd: small };
}

/**
 * The end padding and output padding that trim (or extend) `untrimmed` output positions to
 * `output`: a positive remainder is end padding, a negative one is output padding.
 */
export function endPaddingForOutput(untrimmed: number, output: number): { padEnd: number; outputPadding: number } {
  const remainder = untrimmed - output;
  return remainder >= 0 ? { padEnd: remainder, outputPadding: 0 } : { padEnd: 0, outputPadding: -remainder };
}
