/** Small helpers on shapes: layout positions, products, formatting. */
import { knownDim, type Dim, type SymbolicDim } from '../dims';
import type { Shape } from '../ir';

/**
 * A size a layer states that becomes an output dimension as it is (`units`, `filters`, a
 * dimension of `targetShape`): a number, or a symbolic size where the reader knew the value as
 * one (a size parameter nobody passes, SPEC §1.6). Read by `LayerParams.size`.
 */
export type StatedSize = number | SymbolicDim;

/** A stated size as the dimension it gives. */
export function statedDim(size: StatedSize): Dim {
  return typeof size === 'number' ? knownDim(size) : size;
}

/** A stated size's number; null where it is symbolic (counts that need it are unknown). */
export function statedValue(size: StatedSize): number | null {
  return typeof size === 'number' ? size : null;
}

/** The most dimensions a tensor may have before the engine refuses it (hostile input). */
export const MAX_TENSOR_RANK = 64;

/** The position of the channel axis. */
export function channelAxis(shape: Shape, channelsLast: boolean): number {
  return channelsLast ? shape.length - 1 : 1;
}

/**
 * The positions of the spatial axes (everything but batch and channels). Literals for the usual
 * ranks, as in {@link repeat}: an array grown by `push` from empty reserves 17 slots, and every
 * convolution asks for these positions.
 */
export function spatialAxes(shape: Shape, channelsLast: boolean): number[] {
  const first = channelsLast ? 1 : 2;
  switch (shape.length - 2) {
    case 1:
      return [first];
    case 2:
      return [first, first + 1];
    case 3:
      return [first, first + 1, first + 2];
    default:
      return Array.from({ length: Math.max(shape.length - 2, 0) }, (_, axis) => first + axis);
  }
}

/**
 * `count` copies of `value` (a per-axis default). Literals for the usual ranks: V8 builds them far
 * faster than `new Array(count).fill(value)`, and every convolution reads several such defaults.
 */
export function repeat<T>(value: T, count: number): T[] {
  switch (count) {
    case 1:
      return [value];
    case 2:
      return [value, value];
    case 3:
      return [value, value, value];
    default:
      return new Array<T>(count).fill(value);
  }
}

/** The product of `values`; null if any is unknown or the product is not a safe integer. */
export function product(values: readonly (number | null)[]): number | null {
  let result = 1;
  for (const value of values) {
    if (value === null) return null;
    result *= value;
  }
  return Number.isSafeInteger(result) ? result : null;
}

/** A sum or product that stays exact, else null. */
export function exact(value: number): number | null {
  return Number.isSafeInteger(value) ? value : null;
}

/** One value when every axis has the same, else the list (for values a quick fix writes). */
export function compact(values: readonly number[]): number | number[] {
  return values.every((value) => value === values[0]) ? values[0] : [...values];
}
