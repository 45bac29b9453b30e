/**
 * Argument checks and output shapes of the kernel's convolutions, with PyTorch's rules and
 * PyTorch's wording; every failure is a {@link ShapeError} carrying a diagnostic code.
 */
import { Code, ShapeError } from '../diagnostics';
import {
  convOutputSize,
  effectiveKernelSize,
  outputSizeRange,
  strideOrDilationBound,
  transposedConvOutputSize,
} from '../convArithmetic';
import type { AxisValue, ConvOptions, Tensor } from './types';

/** Everything a backend needs to know about one call, validated; per-axis arrays are spatial. */
export interface ConvGeometry {
  transposed: boolean;
  batch: number;
  inChannels: number;
  outChannels: number;
  groups: number;
  input: number[];
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  /** Zero for a forward convolution. */
  outputPadding: number[];
  output: number[];
}

const AXIS_NAMES = ['depth', 'height', 'width'];

function axisNames(dims: number): string[] {
  return AXIS_NAMES.slice(AXIS_NAMES.length - dims);
}

/** The largest output a call computes: 1 GiB of float32 (larger outputs, and their plans, exhaust memory first). */
const MAX_OUTPUT_ELEMENTS = 2 ** 28;

function invalid(message: string): ShapeError {
  return new ShapeError(Code.invalidParameter, message);
}

const format = (values: readonly number[]) => `[${values.join(', ')}]`;
const formatSpatial = (values: readonly number[]) => `(${values.join(' x ')})`;

function isCount(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

function checkShape(shape: unknown, what: string): number[] {
  if (!Array.isArray(shape) || !shape.every((dim) => isCount(dim, 1))) {
    throw invalid(`${what} shape must be a list of positive integers, but got ${String(shape)}`);
  }
  return shape;
}

/** Expands an int-or-list option to one value per spatial axis (PyTorch `_ntuple`). */
function perAxis(value: AxisValue | undefined, fallback: number, name: string, dims: number, min: number, rule: string): number[] {
  const values = value === undefined ? [fallback] : Array.isArray(value) ? value : [value];
  if (values.length !== 1 && values.length !== dims) {
    throw invalid(
      `expected ${name} to be a single integer value or a list of ${dims} values to match the convolution dimensions, but got ${name}=${format(values)}`,
    );
  }
  if (!values.every((v) => isCount(v, min))) throw invalid(`${rule}, but got ${name}=${format(values)}`);
  return values.length === dims ? [...values] : new Array<number>(dims).fill(values[0]);
}

function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/** The largest value, 0 for none (no argument spread: plans may have very many phases). */
function maxOf(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b), 0);
}

/**
 * Validates the arguments of a convolution (`transposed = false`, weight `[C_out, C_in/g, ...k]`)
 * or a transposed convolution (weight `[C_in, C_out/g, ...k]`) given only shapes, and computes
 * the output shape. Throws {@link ShapeError}.
 */
export function resolveGeometry(
  xShape: readonly number[],
  wShape: readonly number[],
  opts: ConvOptions,
  transposed: boolean,
): ConvGeometry {
  const x = checkShape(xShape, 'input');
  const w = checkShape(wShape, 'weight');
  if (x.length < 3 || x.length > 5) {
    throw invalid(`Expected 3D, 4D or 5D (batched) input to conv, but got input of size: ${format(x)}`);
  }
  if (w.length !== x.length) {
    throw invalid(
      `Expected ${w.length}-dimensional input for ${w.length}-dimensional weight ${format(w)}, but got ${x.length}-dimensional input of size ${format(x)} instead`,
    );
  }
  const dims = x.length - 2;
  const groups = opts.groups ?? 1;
  if (!isCount(groups, 1)) throw invalid(`non-positive groups is not supported, but got groups=${String(groups)}`);
  const stride = perAxis(opts.stride, 1, 'stride', dims, 1, 'non-positive stride is not supported');
  const padding = perAxis(opts.padding, 0, 'padding', dims, 0, 'negative padding is not supported');
  const dilation = perAxis(opts.dilation, 1, 'dilation', dims, 1, 'dilation should be greater than zero');
  let outputPadding = perAxis(opts.outputPadding, 0, 'output_padding', dims, 0, 'negative output_padding is not supported');
  if (!transposed && (opts.outputSize !== undefined || outputPadding.some((v) => v !== 0))) {
    throw invalid('output_padding and output_size only apply to transposed convolutions');
  }

  const [batch, inChannels] = x;
  const input = x.slice(2);
  const kernel = w.slice(2);
  // The weight dimension that holds input channels (transposed) or output channels (forward).
  if (w[0] % groups !== 0) {
    throw new ShapeError(
      Code.groupsMismatch,
      `Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size ${format(w)} instead`,
    );
  }
  const expectedInChannels = transposed ? w[0] : w[1] * groups;
  if (inChannels !== expectedInChannels) {
    throw new ShapeError(
      Code.channelMismatch,
      `Given ${transposed ? 'transposed=1, ' : ''}groups=${groups}, weight of size ${format(w)}, expected input${format(x)} to have ${expectedInChannels} channels, but got ${inChannels} channels instead`,
    );
  }
  const outChannels = transposed ? w[1] * groups : w[0];
  if (opts.bias !== undefined && opts.bias.length !== outChannels) {
    throw invalid(
      `Given weight of size ${format(w)}, expected bias to be 1-dimensional with ${outChannels} elements, but got bias of size [${opts.bias.length}] instead`,
    );
  }

  let output: number[];
  if (transposed) {
    if (opts.outputSize !== undefined) outputPadding = outputPaddingForSize(opts.outputSize, input, kernel, stride, padding, dilation);
    const tooLarge = outputPadding.some((op, a) => op >= strideOrDilationBound(stride[a], dilation[a]));
    if (tooLarge) {
      const names = axisNames(dims);
      const list = (label: string, values: number[]) => names.map((n, a) => `${label}_${n}: ${values[a]}`).join(' ');
      throw new ShapeError(
        Code.outputPaddingTooLarge,
        `output padding must be smaller than either stride or dilation, but got ${list('output_padding', outputPadding)} ${list('stride', stride)} ${list('dilation', dilation)}`,
      );
    }
    output = input.map((i, a) => transposedConvOutputSize(i, kernel[a], stride[a], padding[a], padding[a], dilation[a], outputPadding[a]));
  } else {
    const padded = input.map((i, a) => i + 2 * padding[a]);
    if (padded.some((p, a) => p < effectiveKernelSize(kernel[a], dilation[a]))) {
      throw new ShapeError(
        Code.outputTooSmall,
        `Calculated padded input size per channel: ${formatSpatial(padded)}. Kernel size: ${formatSpatial(kernel.map((k, a) => effectiveKernelSize(k, dilation[a])))}. Kernel size can't be greater than actual input size`,
      );
    }
    output = input.map((i, a) => convOutputSize(i, kernel[a], stride[a], padding[a], padding[a], dilation[a]));
  }
  if (output.some((o) => o < 1)) {
    throw new ShapeError(
      Code.outputTooSmall,
      `Given input size per channel: ${formatSpatial(input)}. Calculated output size per channel: ${formatSpatial(output)}. Output size is too small`,
    );
  }
  const elements = batch * outChannels * product(output);
  if (elements > MAX_OUTPUT_ELEMENTS) {
    throw invalid(
      `The output ${formatSpatial(output)} with ${outChannels} channels and batch ${batch} would hold ${elements.toExponential(2)} values; this kernel computes outputs of at most ${MAX_OUTPUT_ELEMENTS} values (1 GiB of float32).`,
    );
  }
  return { transposed, batch, inChannels, outChannels, groups, input, kernel, stride, padding, dilation, outputPadding, output };
}

/** PyTorch `ConvTranspose._output_padding`: the output padding that yields `outputSize`. */
function outputPaddingForSize(
  outputSize: number[],
  input: number[],
  kernel: number[],
  stride: number[],
  padding: number[],
  dilation: number[],
): number[] {
  const dims = input.length;
  if (!Array.isArray(outputSize) || (outputSize.length !== dims && outputSize.length !== dims + 2)) {
    throw invalid(`ConvTranspose${dims}D: output_size must have ${dims} or ${dims + 2} elements (got ${Array.isArray(outputSize) ? outputSize.length : String(outputSize)})`);
  }
  const wanted = outputSize.slice(outputSize.length - dims);
  if (!wanted.every((v) => isCount(v, 0))) throw invalid(`output_size must be a list of non-negative integers, but got ${format(outputSize)}`);
  const ranges = input.map((i, a) => outputSizeRange(i, kernel[a], stride[a], padding[a], padding[a], dilation[a]));
  if (wanted.some((v, a) => v < ranges[a][0] || v > ranges[a][1])) {
    throw new ShapeError(
      Code.outputSizeUnreachable,
      `requested an output size of ${format(wanted)}, but valid sizes range from ${format(ranges.map((r) => r[0]))} to ${format(ranges.map((r) => r[1]))} (for an input of ${format(input)})`,
    );
  }
  return wanted.map((v, a) => v - ranges[a][0]);
}

/** Checks that data lengths agree with shapes (the part {@link resolveGeometry} cannot see). */
export function resolveCall(x: Tensor, w: Tensor, opts: ConvOptions, transposed: boolean): ConvGeometry {
  const geometry = resolveGeometry(x.shape, w.shape, opts, transposed);
  for (const [tensor, what] of [
    [x, 'input'],
    [w, 'weight'],
  ] as const) {
    if (!(tensor.data instanceof Float32Array) || tensor.data.length !== product(tensor.shape)) {
      throw invalid(`${what} data must be a Float32Array of ${product(tensor.shape)} elements (shape ${format(tensor.shape)})`);
    }
  }
  if (opts.out !== undefined) checkOut(opts.out, outputLength(geometry), [x.data, w.data]);
  return geometry;
}

function overlaps(a: Float32Array, b: Float32Array): boolean {
  return a.buffer === b.buffer && a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength;
}

/** A caller's output buffer must fit the output exactly and must not be read while it is written. */
function checkOut(out: Float32Array, length: number, inputs: Float32Array[]): void {
  if (!(out instanceof Float32Array) || out.length !== length) {
    throw invalid(`out must be a Float32Array of ${length} elements (the output's), but got ${out instanceof Float32Array ? `${out.length} elements` : String(out)}`);
  }
  if (inputs.some((data) => overlaps(out, data))) throw invalid('out must not share memory with the input or the weight');
}

/** Number of elements of the output tensor `[N, C_out, ...output]`. */
export function outputLength(g: ConvGeometry): number {
  return g.batch * g.outChannels * product(g.output);
}

export { maxOf, product };
