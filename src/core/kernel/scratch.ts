/**
 * Working memory a backend keeps from call to call. A fresh multi-megabyte typed array per call
 * can cost more than the convolution on it (its first touch faults in every page, and the garbage
 * it leaves triggers collections); `npm run bench:kernel` compares the early calls with the steady ones.
 */
import type { ConvPlan } from './plan';

/** Buffers larger than this (in floats: 64 MiB) are not kept after the call that needed them. */
const MAX_KEPT_FLOATS = 1 << 24;

/** Named float32 buffers, each kept at the largest length asked for (up to {@link MAX_KEPT_FLOATS}). */
export class Scratch {
  private readonly buffers = new Map<string, Float32Array>();

  /** A buffer of `length` floats holding whatever the previous call left there. */
  take(name: string, length: number): Float32Array {
    const kept = this.buffers.get(name);
    if (kept && kept.length >= length) return kept.subarray(0, length);
    const buffer = new Float32Array(length);
    if (length <= MAX_KEPT_FLOATS) this.buffers.set(name, buffer);
    return buffer;
  }
}

interface PaddedLayout {
  buffer: ArrayBufferLike;
  key: string;
}

/**
 * The padded input's zero border across calls: a call writes only the interior, so a call whose
 * padded buffer and layout are those of the last completed call finds the border still zero.
 */
export class ZeroBorder {
  private completedLayout: PaddedLayout | undefined;
  private preparedLayout: PaddedLayout | undefined;

  /** Zeroes `padded` unless the last completed call left it in the same layout; call before writing it. */
  prepare(plan: ConvPlan, padded: Float32Array): void {
    const key = JSON.stringify([padded.byteOffset, plan.padded, plan.lowPad, plan.input, plan.geometry.inChannels]);
    const last = this.completedLayout;
    if (last?.buffer !== padded.buffer || last.key !== key) padded.fill(0);
    // A call that fails half-way may leave its interior where another layout has its border.
    this.completedLayout = undefined;
    this.preparedLayout = { buffer: padded.buffer, key };
  }

  /** Records that the call prepared last has completed. */
  completed(): void {
    this.completedLayout = this.preparedLayout;
  }
}
