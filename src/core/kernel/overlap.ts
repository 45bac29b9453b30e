/** How unevenly a transposed convolution covers its output: the preview's checkerboard map. */
import { resolveGeometry } from './geometry';
import type { AxisValue } from './types';

/** The geometry of a transposed convolution, independent of channels. */
export interface TransposedGeometryOptions {
  kernel: AxisValue;
  stride?: AxisValue;
  padding?: AxisValue;
  dilation?: AxisValue;
  outputPadding?: AxisValue;
}

/** Overlap counts of a transposed convolution's output. */
export interface OverlapMap {
  /** Spatial output shape. */
  shape: number[];
  /** Row-major counts over `shape`: the product of the per-axis counts. */
  data: Uint32Array;
  /** Per spatial axis: how many (input index, tap) pairs reach each output index. */
  perAxis: Uint32Array[];
}

/**
 * Counts, for every output position of a transposed convolution over `inputSize`, the
 * (input position, kernel tap) pairs that land on it. Uneven counts are the checkerboard
 * artifacts of Odena et al.; zeros are positions no input reaches (k < s). Throws
 * `ShapeError` for invalid arguments, like the convolution itself.
 */
export function overlapCount(inputSize: number[], options: TransposedGeometryOptions): OverlapMap {
  const dims = inputSize.length;
  const kernel = Array.isArray(options.kernel) ? options.kernel : new Array<number>(dims).fill(options.kernel);
  const g = resolveGeometry([1, 1, ...inputSize], [1, 1, ...kernel], options, true);
  const perAxis = g.output.map((size, a) => {
    const counts = new Uint32Array(size);
    for (let i = 0; i < g.input[a]; i++) {
      for (let t = 0; t < g.kernel[a]; t++) {
        const o = i * g.stride[a] - g.padding[a] + t * g.dilation[a];
        if (o >= 0 && o < size) counts[o]++;
      }
    }
    return counts;
  });
  let data = Uint32Array.of(1);
  for (const counts of perAxis) {
    const next = new Uint32Array(data.length * counts.length);
    for (let i = 0; i < data.length; i++) {
      for (let j = 0; j < counts.length; j++) next[i * counts.length + j] = data[i] * counts[j];
    }
    data = next;
  }
  return { shape: g.output, data, perAxis };
}
