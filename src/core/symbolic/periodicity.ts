/**
 * Exact finite analysis of symbolic expressions over all allowed symbol values.
 *
 * Along one symbol (its unit `q = H/multipleOf`), a floor-linear expression is "linear plus
 * periodic": `e(q + P) = e(q) + S` for a period `P` (a product of the divisors on the way down)
 * and an integer shift `S`, whatever the other symbols are. A `min`/`max` whose arguments grow at
 * different rates settles on the slowest (fastest) one after a threshold that is computed, not
 * guessed. So every value of an expression over the infinite domain is a value on a finite grid
 * (each symbol from its lower bound to threshold + one period) plus a non-negative number of
 * per-symbol shifts. The grid is bounded by a point count: beyond it the analysis says it cannot
 * decide, never guesses.
 */
import { type Atom, type SymExpr, CoefficientOverflow, evaluateUnits, gcd, lcm, symbolsOf } from './expression';

/** `e(q + period) = e(q) + shift` along one symbol, beyond the thresholds. */
interface Periodicity {
  period: number;
  shift: number;
}

/** The finite picture of an expression over the whole allowed domain. */
export interface Grid {
  /** The symbols, sorted by name, with the unit each is counted in. */
  readonly symbols: readonly { name: string; multipleOf: number; lowest: number; threshold: number; period: number; slope: number }[];
  /** Each grid point (units per symbol, in `symbols` order) with the expression's value there. */
  readonly points: readonly { units: readonly number[]; value: number }[];
}

/** Why an analysis gave up. */
export interface Undecided {
  readonly undecided: string;
}

/** Limits of the analysis, counted (never timed). */
export interface AnalysisLimits {
  /** Maximum number of grid points evaluated. */
  readonly maxPoints: number;
  /** Maximum period along one symbol. */
  readonly maxPeriod: number;
  /** Maximum number of searches for a value where two growing sizes meet beyond the grid. */
  readonly maxSearches: number;
}

export const defaultAnalysisLimits: AnalysisLimits = { maxPoints: 20000, maxPeriod: 4096, maxSearches: 1000 };

class Undecidable extends Error {}

function periodicity(expr: SymExpr, name: string): Periodicity {
  let period = 1;
  const parts: Periodicity[] = [];
  for (const term of expr.terms) {
    const part = atomPeriodicity(term.atom, name);
    parts.push({ period: part.period, shift: part.shift * term.coefficient });
    period = lcm(period, part.period);
  }
  let shift = 0;
  for (const part of parts) shift += part.shift * (period / part.period);
  if (!Number.isSafeInteger(period) || !Number.isSafeInteger(shift)) throw new Undecidable(`the values in ${name} exceed 2^53`);
  return { period, shift };
}

function atomPeriodicity(atom: Atom, name: string): Periodicity {
  switch (atom.kind) {
    case 'symbol':
      return { period: 1, shift: atom.name === name ? 1 : 0 };
    case 'floor': {
      const inner = periodicity(atom.numerator, name);
      const repeat = atom.divisor / gcd(atom.divisor, inner.shift);
      return { period: inner.period * repeat, shift: (inner.shift * repeat) / atom.divisor };
    }
    default: {
      const scaled = scaledShifts(atom.args, name);
      const pick = atom.kind === 'min' ? Math.min : Math.max;
      return { period: scaled.period, shift: pick(...scaled.shifts) };
    }
  }
}

function scaledShifts(args: readonly SymExpr[], name: string): { period: number; shifts: number[] } {
  const parts = args.map((arg) => periodicity(arg, name));
  const period = parts.reduce((p, part) => lcm(p, part.period), 1);
  return { period, shifts: parts.map((part) => part.shift * (period / part.period)) };
}

/**
 * The first unit value of `name` from which every extremum in `expr` involving `name` keeps
 * its winner. Extrema over several symbols must grow alike in each (else undecidable).
 */
function threshold(expr: SymExpr, name: string, lowest: number, limits: AnalysisLimits): number {
  let result = lowest;
  const visit = (e: SymExpr): void => {
    for (const { atom } of e.terms) {
      if (atom.kind === 'floor') visit(atom.numerator);
      else if (atom.kind !== 'symbol') {
        atom.args.forEach(visit);
        result = Math.max(result, extremumThreshold(atom.kind, atom.args, name, lowest, limits));
      }
    }
  };
  visit(expr);
  return result;
}

function extremumThreshold(kind: 'min' | 'max', args: readonly SymExpr[], name: string, lowest: number, limits: AnalysisLimits): number {
  const { period, shifts } = scaledShifts(args, name);
  const winningShift = (kind === 'min' ? Math.min : Math.max)(...shifts);
  if (shifts.every((shift) => shift === winningShift)) return lowest;
  const mentioned = new Set(args.flatMap((arg) => symbolsOf(arg).map((symbol) => symbol.name)));
  if (mentioned.size > 1) throw new Undecidable(`a ${kind} over several symbols grows differently in ${name}`);
  if (period > limits.maxPeriod) throw new Undecidable(`the period in ${name} exceeds ${limits.maxPeriod}`);
  // Nested extrema settle first; from there each argument is linear plus periodic with `period`.
  const start = args.reduce((s, arg) => Math.max(s, threshold(arg, name, lowest, limits)), lowest);
  const winner = args[shifts.indexOf(winningShift)];
  const at = (arg: SymExpr, q: number): number => evaluateUnits(arg, () => q) as number;
  let periodsNeeded = 0;
  args.forEach((arg, index) => {
    // For min: the loser minus the winner grows by `gap` per period and must reach ≥ 0.
    const gap = Math.abs(shifts[index] - winningShift);
    if (gap === 0) return;
    for (let q = start; q < start + period; q++) {
      const margin = kind === 'min' ? at(arg, q) - at(winner, q) : at(winner, q) - at(arg, q);
      if (margin < 0) periodsNeeded = Math.max(periodsNeeded, Math.ceil(-margin / gap));
    }
  });
  const result = start + periodsNeeded * period;
  if (!Number.isSafeInteger(result)) throw new Undecidable(`the ${kind} in ${name} settles too late`);
  return result;
}

/**
 * The finite grid of `expr` over the domain where each symbol's unit is at least `lowest(name,
 * multipleOf)`, or why it cannot be built within the limits.
 */
export function buildGrid(
  expr: SymExpr,
  lowest: (name: string, multipleOf: number) => number,
  limits: AnalysisLimits = defaultAnalysisLimits,
): Grid | Undecided {
  try {
    const symbols = symbolsOf(expr).map(({ name, multipleOf }) => {
      const low = lowest(name, multipleOf);
      const { period, shift } = periodicity(expr, name);
      if (period > limits.maxPeriod) throw new Undecidable(`the period in ${name} exceeds ${limits.maxPeriod}`);
      return { name, multipleOf, lowest: low, threshold: threshold(expr, name, low, limits), period, slope: shift };
    });
    const extents = symbols.map((symbol) => symbol.threshold - symbol.lowest + symbol.period);
    const total = extents.reduce((product, extent) => product * extent, 1);
    if (total > limits.maxPoints) return { undecided: `more than ${limits.maxPoints} cases to compare` };
    const points: { units: number[]; value: number }[] = [];
    const index = new Map(symbols.map((symbol, i) => [symbol.name, i]));
    const units = symbols.map((symbol) => symbol.lowest);
    for (let n = 0; n < total; n++) {
      let rest = n;
      for (let i = symbols.length - 1; i >= 0; i--) {
        units[i] = symbols[i].lowest + (rest % extents[i]);
        rest = Math.floor(rest / extents[i]);
      }
      const value = evaluateUnits(expr, (name) => units[index.get(name) as number]) as number;
      points.push({ units: [...units], value });
    }
    return { symbols, points };
  } catch (error) {
    if (error instanceof Undecidable) return { undecided: error.message };
    if (error instanceof CoefficientOverflow) return { undecided: 'the values exceed 2^53' };
    throw error;
  }
}

/**
 * Whether `target` is `Σ k_i·steps_i` with integers `k_i ≥ 0`, and the counts if so; `undefined`
 * when the search window would exceed `maxWindow` values. Searches residuals in the window
 * `[min(target, 0) − m, max(target, 0) + m]` (m = the largest |step|), which holds some ordering of
 * every solution: take a positive step while the residual is positive, a negative one otherwise.
 */
export function nonNegativeCombination(target: number, steps: readonly number[], maxWindow: number): number[] | null | undefined {
  if (target === 0) return steps.map(() => 0);
  const useful = steps.map((step, i) => ({ step, i })).filter(({ step }) => step !== 0);
  if (useful.length === 0) return null;
  if (target % useful.reduce((g, { step }) => gcd(g, step), 0) !== 0) return null;
  const reach = Math.max(...useful.map(({ step }) => Math.abs(step)));
  const low = Math.min(target, 0) - reach;
  const high = Math.max(target, 0) + reach;
  if (high - low > maxWindow) return undefined;
  // Breadth-first from the target down to 0; `via[r]` is the step index that reached residual r.
  const via = new Map<number, { from: number; step: number }>();
  const queue = [target];
  via.set(target, { from: target, step: -1 });
  for (let head = 0; head < queue.length; head++) {
    const residual = queue[head];
    for (const { step, i } of useful) {
      const next = residual - step;
      if (next < low || next > high || via.has(next)) continue;
      via.set(next, { from: residual, step: i });
      if (next === 0) {
        const counts = steps.map(() => 0);
        for (let r = 0; r !== target; r = (via.get(r) as { from: number }).from) counts[(via.get(r) as { step: number }).step] += 1;
        return counts;
      }
      queue.push(next);
    }
  }
  return null;
}
