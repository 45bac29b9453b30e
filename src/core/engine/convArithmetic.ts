/**
 * Per-axis convolution arithmetic, shared by the shape engine and the kernel's argument checks.
 *
 * Every function works on one spatial axis with plain integers and never throws; results may be
 * zero or negative (callers report `output-too-small`). Notation follows docs/frameworks/README.md: `i` input
 * size, `k` kernel, `s` stride, `d` dilation, `op` output padding, `k_eff = d·(k−1) + 1`.
 */
import type { Framework } from '../ir';

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
 * The exclusive upper bound a framework puts on `output_padding` of one axis, or `null` where the
 * framework has no output padding parameter (TensorFlow core, TF.js).
 * PyTorch: `op < max(s, d)` (ATen shape check); Keras and ONNX: `op < s`.
 */
export function outputPaddingBound(framework: Framework, stride: number, dilation: number): number | null {
  switch (framework) {
    case 'pytorch':
      return Math.max(stride, dilation);
    case 'keras':
    case 'onnx':
      return stride;
    case 'tensorflow':
    case 'tfjs':
      return null;
  }
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

/**
 * The output padding that makes a transposed convolution invert `Conv(k, s, p, d)` applied to an
 * input of size `convInput`: `a = (i + pb + pe − k_eff) mod s` (Dumoulin & Visin, rel. 14).
 */
export function invertingOutputPadding(
  convInput: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation: number,
): number {
  const span = convInput + padBegin + padEnd - effectiveKernelSize(kernel, dilation);
  return ((span % stride) + stride) % stride;
}

/**
 * PyTorch `padding='same'` for a stride-1 convolution: total `d·(k−1)`, the odd element at the end.
 */
export function pytorchSamePadding(kernel: number, dilation: number): AxisPadding {
  const total = dilation * (kernel - 1);
  const padBegin = Math.floor(total / 2);
  return { padBegin, padEnd: total - padBegin };
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
 * Keras 3 `Conv*DTranspose` output size (`deconv_output_length`):
 * `'valid'`: `(i−1)·s + k_eff + op`, op defaulting to `max(k_eff, s) − k_eff`;
 * `'same'`: without op `i·s`, with op `(i−1)·s + (k_eff mod 2) + op`.
 */
export function kerasTransposedOutputSize(
  input: number,
  kernel: number,
  stride: number,
  dilation: number,
  same: boolean,
  outputPadding: number | null,
): number {
  const kEff = effectiveKernelSize(kernel, dilation);
  if (same) return outputPadding === null ? input * stride : (input - 1) * stride + (kEff % 2) + outputPadding;
  const op = outputPadding ?? Math.max(kEff, stride) - kEff;
  return (input - 1) * stride + kEff + op;
}

/** TF.js `deconvLength`: `'same'`: `i·s`; `'valid'`: `i·s + max(k − s, 0)` (dilation ignored). */
export function tfjsDeconvLength(input: number, kernel: number, stride: number, same: boolean): number {
  return same ? input * stride : input * stride + Math.max(kernel - stride, 0);
}

/**
 * The `output_shape` values `tf.nn.conv2d_transpose` accepts for one axis: those that convolve
 * forward back to the input. `'SAME'`: `[(i−1)·s + 1, i·s]`; `'VALID'`:
 * `[(i−1)·s + k_eff, (i−1)·s + k_eff + s − 1]`.
 */
export function tfTransposedOutputRange(
  input: number,
  kernel: number,
  stride: number,
  dilation: number,
  same: boolean,
): [number, number] {
  if (same) return [(input - 1) * stride + 1, input * stride];
  const min = (input - 1) * stride + effectiveKernelSize(kernel, dilation);
  return [min, min + stride - 1];
}

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

/**
 * The end padding and output padding that trim (or extend) `untrimmed` output positions to
 * `output`: a positive remainder is end padding, a negative one is output padding.
 */
export function endPaddingForOutput(untrimmed: number, output: number): { padEnd: number; outputPadding: number } {
  const remainder = untrimmed - output;
  return remainder >= 0 ? { padEnd: remainder, outputPadding: 0 } : { padEnd: 0, outputPadding: -remainder };
}

/**
 * ONNX `ConvTranspose` padding with `auto_pad` `SAME_UPPER`/`SAME_LOWER` as ONNX shape inference
 * computes it: `total = max(0, k_eff − s)`, the odd element at the end (UPPER) or beginning
 * (LOWER). The output is then `s·(i−1) + op + k_eff − total`; the operator text says `i·s`, which
 * differs when `k_eff < s`.
 */
export function onnxTransposedAutoPad(kernel: number, stride: number, dilation: number, odd: OddPadding): AxisPadding {
  return splitPadding(Math.max(0, effectiveKernelSize(kernel, dilation) - stride), odd);
}

/**
 * ONNX `ConvTranspose` padding when `output_shape` is given (it wins over `pads`):
 * `total = s·(i−1) + op + k_eff − o`; SAME_UPPER puts the smaller half first, every other mode
 * the larger half. A negative total extends the output beyond the natural size (zeros at the end).
 */
export function onnxTransposedPaddingForOutput(
  input: number,
  output: number,
  kernel: number,
  stride: number,
  dilation: number,
  outputPadding: number,
  sameUpper: boolean,
): AxisPadding & { total: number } {
  const total = stride * (input - 1) + outputPadding + effectiveKernelSize(kernel, dilation) - output;
  return { total, ...splitPadding(total, sameUpper ? 'end' : 'begin') };
}
