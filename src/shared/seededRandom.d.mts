/** mulberry32: a small deterministic generator of floats in [0, 1). */
export function seededRandom(seed: number): () => number;

/** Draws from one seeded stream. */
export interface SeededDraws {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [low, high]. */
  int(low: number, high: number): number;
  pick<T>(items: readonly T[]): T;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** `length` integers in [low, high]. */
  list(length: number, low: number, high: number): number[];
}

export function seededDraws(seed: number): SeededDraws;
