import { seededRandom } from '../../src/shared/seededRandom.mjs';

/** Seeded draws (mulberry32), so every fuzz input can be regenerated from (seed, index). */
export class Random {
  /** A float in [0, 1). */
  readonly next: () => number;

  constructor(seed: number) {
    this.next = seededRandom(seed);
  }

  /** The generator for input `index` of a run with `seed`: independent of every other input. */
  static forInput(seed: number, index: number): Random {
    // splitmix-style mixing so neighbouring indices give unrelated streams.
    let h = (seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    return new Random((h ^ (h >>> 16)) >>> 0);
  }

  /** An integer in [0, limit). */
  below(limit: number): number {
    return Math.floor(this.next() * limit);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }
}
