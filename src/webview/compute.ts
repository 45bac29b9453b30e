/**
 * Runs the bundled kernel for the preview: one channel in, one channel out, any begin/end padding.
 * The caller chooses the kernel (WebAssembly when the page could load it, else JavaScript).
 *
 * The kernel takes PyTorch's symmetric padding, so the preview asks it for the padding both sides
 * share and crops what remains (ONNX pads and SAME modes may be asymmetric). Large outputs are
 * computed in bands of output rows, each from the input rows that reach it, so a worker can report
 * progress between bands and be stopped.
 */
import { Code, ShapeError } from '../core/diagnostics';
import { estimateBytes, overlapCount, resolveGeometry, type ConvKernel } from '../core/kernel';
import { Scratch } from '../core/kernel/scratch';
import type { PreviewParams } from '../core/previewProtocol';

/** One channel's computation: sizes are spatial, params have one entry per spatial axis. */
export interface ComputeRequest {
  inputSizes: number[];
  input: Float32Array;
  kernelSizes: number[];
  weight: Float32Array;
  params: PreviewParams;
}

export interface ComputeResult {
  outputSizes: number[];
  output: Float32Array;
  /** How many (input sample, kernel tap) pairs land on each output cell. */
  overlap: Float32Array;
  /** The kernel that computed `output`. */
  kernel: ConvKernel['name'];
}

/** More kernel taps or stride phases than this are not planned just to estimate their memory. */
const MAX_PLANNED = 1 << 20;
/** What the kernel's plan keeps per phase at the least (beyond its two 4-byte tables per tap). */
const PHASE_BYTES = 64;

function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

/**
 * The output sizes, validated with the kernel's own checks and messages (throws its ShapeError).
 * Asymmetric padding is checked as its shared part, then the remainder is cropped.
 */
export function outputSizesOf(inputSizes: readonly number[], params: PreviewParams): number[] {
  const shared = params.padBegin.map((begin, axis) => Math.min(begin, params.padEnd[axis]));
  const geometry = resolveGeometry([1, 1, ...inputSizes], [1, 1, ...params.kernel], {
    stride: params.stride,
    padding: shared,
    outputPadding: params.outputPadding,
    dilation: params.dilation,
  }, true);
  const sizes = geometry.output.map((size, axis) => size - (params.padBegin[axis] - shared[axis]) - (params.padEnd[axis] - shared[axis]));
  if (sizes.some((size) => size < 1)) {
    throw new ShapeError(
      Code.outputTooSmall,
      `Given input size per channel: (${inputSizes.join(' x ')}). Calculated output size per channel: (${sizes.join(' x ')}). Output size is too small`,
    );
  }
  return sizes;
}

/**
 * Bytes the preview needs: the kernel's own estimate for its unpadded call on the whole input
 * (bands need no more), plus the overlap map, counted and cropped (4 bytes a cell each).
 */
export function previewBytes(inputSizes: readonly number[], params: PreviewParams, outputSizes: readonly number[]): number {
  // The kernel's estimate builds its plan, which holds every kernel tap and every stride phase:
  // for absurd sizes (a stride of 10^9) that alone would exhaust memory, so those are bounded
  // from below without it (input, weight and its tap tables, output and overlap map).
  const taps = product(params.kernel);
  const phases = product(outputSizes.map((size, axis) => Math.min(size, params.stride[axis])));
  if (taps > MAX_PLANNED || phases > MAX_PLANNED) return 4 * (product(inputSizes) + 3 * taps + 4 * product(outputSizes)) + PHASE_BYTES * phases;
  const kernelCall = estimateBytes('convTranspose', [1, 1, ...inputSizes], [1, 1, ...params.kernel], { stride: params.stride, dilation: params.dilation });
  return kernelCall + 8 * product(outputSizes);
}

/** Output rows per band so that each band has about `targetCells` output cells. */
export function bandRows(outputSizes: readonly number[], targetCells: number): number {
  const rowCells = product(outputSizes.slice(1));
  return Math.max(1, Math.min(outputSizes[0], Math.floor(targetCells / Math.max(1, rowCells))));
}

/**
 * Computes output rows `[from, to)` (axis 0) into `output`, at the full output's offsets.
 * The kernel runs unpadded on the input rows that reach the band; the padding becomes a crop.
 */
function computeBand(
  kernel: ConvKernel,
  request: ComputeRequest,
  outputSizes: number[],
  from: number,
  to: number,
  output: Float32Array,
  scratch: Scratch,
): void {
  const { inputSizes, params } = request;
  const [k, s, d, pb] = [params.kernel[0], params.stride[0], params.dilation[0], params.padBegin[0]];
  const reach = d * (k - 1);
  // Input row i lands on unpadded rows [i·s, i·s + reach]; final row q is unpadded row q + pb.
  const firstInput = Math.max(0, Math.ceil((from + pb - reach) / s));
  const lastInput = Math.min(inputSizes[0] - 1, Math.floor((to - 1 + pb) / s));
  if (firstInput > lastInput) return;
  const rowLength = product(inputSizes.slice(1));
  const slabSizes = [lastInput - firstInput + 1, ...inputSizes.slice(1)];
  const slab = request.input.subarray(firstInput * rowLength, (lastInput + 1) * rowLength);
  const options = { stride: params.stride, dilation: params.dilation };
  const bandSizes = resolveGeometry([1, 1, ...slabSizes], [1, 1, ...params.kernel], options, true).output;
  const full = kernel.convTranspose({ data: slab, shape: [1, 1, ...slabSizes] }, { data: request.weight, shape: [1, 1, ...params.kernel] }, {
    ...options,
    // The band's result is copied out at once: one buffer serves every band.
    out: scratch.take('band', product(bandSizes)),
  });
  const fullSizes = full.shape.slice(2);
  // Offset of each final coordinate inside `full`, per axis.
  const offsets = params.padBegin.map((begin, axis) => (axis === 0 ? begin - firstInput * s : begin));
  copyWindow(full.data, fullSizes, output, outputSizes, offsets, from, to);
}

/** output[q] = full[q + offset] where inside `full`, for rows [from, to) of the output. */
function copyWindow(full: ArrayLike<number>, fullSizes: number[], output: Float32Array, outputSizes: number[], offsets: number[], from: number, to: number): void {
  const rank = outputSizes.length;
  const innerOut = product(outputSizes.slice(1));
  const coords = new Array<number>(rank).fill(0);
  for (let q0 = from; q0 < to; q0++) {
    const f0 = q0 + offsets[0];
    if (f0 < 0 || f0 >= fullSizes[0]) continue;
    for (let inner = 0; inner < innerOut; inner++) {
      let rest = inner;
      let fullIndex = f0;
      let inside = true;
      for (let axis = rank - 1; axis >= 1; axis--) {
        coords[axis] = rest % outputSizes[axis];
        rest = Math.floor(rest / outputSizes[axis]);
      }
      for (let axis = 1; axis < rank; axis++) {
        const f = coords[axis] + offsets[axis];
        if (f < 0 || f >= fullSizes[axis]) {
          inside = false;
          break;
        }
        fullIndex = fullIndex * fullSizes[axis] + f;
      }
      if (inside) output[q0 * innerOut + inner] = full[fullIndex];
    }
  }
}

/** The kernel's overlap counts of the unpadded output, cropped like the output. */
function overlapOf(request: ComputeRequest, outputSizes: number[]): Float32Array {
  const { params } = request;
  const full = overlapCount(request.inputSizes, {
    kernel: params.kernel,
    stride: params.stride,
    dilation: params.dilation,
    outputPadding: params.outputPadding,
  });
  const overlap = new Float32Array(product(outputSizes));
  copyWindow(full.data, full.shape, overlap, outputSizes, params.padBegin, 0, outputSizes[0]);
  return overlap;
}

/**
 * The whole computation with `kernel`, band by band. `onBand(done, total)` runs after each band;
 * when it returns a promise, the next band waits for it (a worker yields there to receive a cancel).
 */
export async function computePreview(
  request: ComputeRequest,
  kernel: ConvKernel,
  bandCells: number,
  onBand?: (done: number, total: number) => void | Promise<void>,
): Promise<ComputeResult> {
  const outputSizes = outputSizesOf(request.inputSizes, request.params);
  const output = new Float32Array(product(outputSizes));
  const rows = bandRows(outputSizes, bandCells);
  const bands = Math.ceil(outputSizes[0] / rows);
  const scratch = new Scratch();
  for (let band = 0; band < bands; band++) {
    const from = band * rows;
    const to = Math.min(outputSizes[0], from + rows);
    computeBand(kernel, request, outputSizes, from, to, output, scratch);
    await onBand?.(band + 1, bands);
  }
  return { outputSizes, output, overlap: overlapOf(request, outputSizes), kernel: kernel.name };
}

/**
 * Page → worker: `init` once after the worker starts, with the kernel module's bytes when the
 * page could load them (the worker falls back to the JavaScript kernel without), then requests.
 */
export type WorkerRequest = { type: 'init'; wasm?: ArrayBuffer } | { type: 'compute'; id: number; request: ComputeRequest };

/** Worker → page. */
export type WorkerReply =
  | { type: 'progress'; id: number; done: number; total: number }
  | { type: 'result'; id: number; result: ComputeResult }
  | { type: 'error'; id: number; code?: string; message: string };
