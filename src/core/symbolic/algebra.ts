/**
 * The symbolic algebra the shape rules compute with: canonical construction under a model's
 * assumptions (SPEC §1.1 `assume`), a size budget, substitution of `--define`d values, and exact
 * decisions (always / never / for which values) over every allowed value of the symbols.
 */
import {
  type SymExpr,
  CoefficientOverflow,
  addExpr,
  atomExpr,
  ceilExpr,
  commonPart,
  constantExpr,
  constantValue,
  evaluateUnits,
  extremumArgs,
  extremumExpr,
  floorExpr,
  mapSymbols,
  scaleExpr,
  symbolsOf,
  termCount,
} from './expression';
import { type AnalysisLimits, type Grid, buildGrid, defaultAnalysisLimits, nonNegativeCombination } from './periodicity';

/** What the author guarantees about one symbol (SPEC §1.1). Symbols are positive integers. */
export interface SymbolAssumption {
  /** The symbol is a multiple of this positive integer. */
  readonly multipleOf?: number;
  /** The smallest value the symbol takes (default 1). */
  readonly min?: number;
}

/** `assume:` of a model: symbol name → assumption. */
export type Assumptions = Readonly<Record<string, SymbolAssumption>>;

/** A size that cannot be an expression here, with the reason for the hover. */
export interface SymUnknown {
  readonly kind: 'unknown';
  readonly reason: string;
}

/** The result of an operation: an expression, or unknown with a reason. */
export type SymValue = SymExpr | SymUnknown;

/**
 * An operand: an expression, an integer, or an earlier unknown (which the result inherits). A
 * number that is not a safe integer, or a divisor below 1, is a bug of the caller: it throws a
 * `RangeError` (validate parameters first, as the shape rules do).
 */
export type Operand = SymValue | number;

/** Symbol values (in the author's terms, `H = 100`) and the two sides there. */
export interface Witness {
  readonly values: Readonly<Record<string, number>>;
  readonly left: number;
  readonly right: number;
}

/**
 * One clause of a condition, in the author's terms: `symbol mod modulus ∈ residues`, or
 * `symbol ≥ value`.
 */
export type ConditionClause =
  | { readonly kind: 'residue'; readonly symbol: string; readonly modulus: number; readonly residues: readonly number[] }
  | { readonly kind: 'atLeast'; readonly symbol: string; readonly value: number };

/** A condition on the symbols, exact for every allowed value. */
export interface Condition {
  /** All clauses must hold. */
  readonly clauses: readonly ConditionClause[];
  /** The author's terms: "H is a multiple of 16", "H mod 4 is 0 or 1 and W is a multiple of 8", "H ≥ 7". */
  readonly text: string;
  /** The assumptions that make the condition hold, when it is one (for a quick fix). */
  readonly assume?: Readonly<Record<string, SymbolAssumption>>;
}

/** Whether a relation (equality, at least) holds for every allowed value, for none, or for some. */
export type Comparison =
  | { readonly kind: 'always' }
  | { readonly kind: 'never'; readonly witness: Witness }
  | {
      readonly kind: 'sometimes';
      /** The values where it holds, when that is a condition of residues or a minimum. */
      readonly condition?: Condition;
      readonly failing: Witness;
      readonly holding: Witness;
    }
  | { readonly kind: 'undecided'; readonly reason: string };

/** A yes/no decision with a counter-example, or an honest "cannot decide". */
export type Verdict =
  | { readonly kind: 'yes' }
  | { readonly kind: 'no'; readonly witness: Witness }
  | { readonly kind: 'undecided'; readonly reason: string };

/** Limits of the algebra, counted (never timed). */
export interface AlgebraOptions {
  /** Maximum size of one expression, in terms (`termCount`); beyond, the size is unknown. */
  readonly termBudget?: number;
  readonly analysis?: AnalysisLimits;
  /** Counter-examples are picked near this size where the pattern repeats (default 100). */
  readonly witnessNear?: number;
}

export const defaultTermBudget = 64;

/** `"H = 100: 96 vs 100"` (or `"96 vs 100"` without symbols). */
export function describeWitness(witness: Witness): string {
  const values = Object.entries(witness.values).map(([name, value]) => `${name} = ${value}`);
  const sides = `${witness.left} vs ${witness.right}`;
  return values.length > 0 ? `${values.join(', ')}: ${sides}` : sides;
}

/** "H is even", "H is a multiple of 16", "H mod 4 is 1 or 3", "H mod 16 is 0 to 7" (a run of four or more). */
function describeResidues({ symbol, modulus, residues }: { symbol: string; modulus: number; residues: readonly number[] }): string {
  if (modulus === 2) return `${symbol} is ${residues[0] === 0 ? 'even' : 'odd'}`;
  if (residues.length === 1 && residues[0] === 0) return `${symbol} is a multiple of ${modulus}`;
  const first = residues[0];
  const last = residues[residues.length - 1];
  const run = residues.length >= 4 && last - first === residues.length - 1;
  return `${symbol} mod ${modulus} is ${run ? `${first} to ${last}` : residues.join(' or ')}`;
}

/** Whether an operation's result is an expression (not unknown). */
export function isExpr(value: SymValue): value is SymExpr {
  return value.kind === 'expr';
}

/**
 * The value of an expression for symbol values in the author's terms (`{H: 640}`), or `undefined`
 * when a symbol has no value or a value is not a multiple of the unit the expression counts it in.
 */
export function evaluate(expr: SymExpr, values: Readonly<Record<string, number>>): number | undefined {
  const units = new Map<string, number>();
  for (const symbol of symbolsOf(expr)) {
    const value = values[symbol.name];
    if (value === undefined || !Number.isSafeInteger(value) || value % symbol.multipleOf !== 0) return undefined;
    units.set(symbol.name, value / symbol.multipleOf);
  }
  try {
    return evaluateUnits(expr, (name) => units.get(name));
  } catch (error) {
    if (error instanceof CoefficientOverflow) return undefined;
    throw error;
  }
}

/** Why an assumption is malformed (for the caller to report before building an algebra), or `undefined`. */
export function assumptionProblem(name: string, assumption: SymbolAssumption): string | undefined {
  const { multipleOf = 1, min = 1 } = assumption;
  if (!Number.isSafeInteger(multipleOf) || multipleOf < 1) return `multipleOf of ${name} must be a positive integer`;
  if (!Number.isSafeInteger(min)) return `min of ${name} must be an integer`;
  return undefined;
}

/**
 * Symbolic sizes under one set of assumptions. The constructor throws a `RangeError` on a malformed
 * assumption: check them with `assumptionProblem` first.
 */
export class SymbolicAlgebra {
  private readonly termBudget: number;
  private readonly limits: AnalysisLimits;
  private readonly witnessNear: number;

  constructor(
    readonly assumptions: Assumptions = {},
    options: AlgebraOptions = {},
  ) {
    this.termBudget = options.termBudget ?? defaultTermBudget;
    this.limits = options.analysis ?? defaultAnalysisLimits;
    this.witnessNear = options.witnessNear ?? 100;
    for (const [name, assumption] of Object.entries(assumptions)) {
      const problem = assumptionProblem(name, assumption);
      if (problem) throw new RangeError(problem);
    }
  }

  /** The symbol `name` (internally `multipleOf · (name/multipleOf)`, counted in the unit its assumption guarantees). */
  symbol(name: string): SymExpr {
    const multipleOf = this.assumptions[name]?.multipleOf ?? 1;
    return scaleExpr(atomExpr({ kind: 'symbol', name, multipleOf }), multipleOf);
  }

  /** The smallest value of a symbol that the assumptions allow (positive, a multiple of its unit). */
  lowestValue(name: string): number {
    const { multipleOf = 1, min = 1 } = this.assumptions[name] ?? {};
    return Math.max(1, Math.ceil(min / multipleOf)) * multipleOf;
  }

  /** `a + b`. */
  add(a: Operand, b: Operand): SymValue {
    return this.build([a, b], ([x, y]) => addExpr(x, y));
  }

  /** `a − b`. */
  sub(a: Operand, b: Operand): SymValue {
    return this.build([a, b], ([x, y]) => addExpr(x, scaleExpr(y, -1)));
  }

  /** `a · b` where at least one side is a constant; a product of two symbolic sizes is unknown. */
  mul(a: Operand, b: Operand): SymValue {
    return this.build([a, b], ([x, y]) => {
      const factor = constantValue(y) ?? constantValue(x);
      if (factor === undefined) return { kind: 'unknown', reason: 'a product of two symbolic sizes is not linear' };
      return scaleExpr(factor === constantValue(y) ? x : y, factor);
    });
  }

  /** `floor(a / divisor)` for a positive integer divisor. */
  floorDiv(a: Operand, divisor: number): SymValue {
    return this.build([a], ([x]) => floorExpr(x, divisor));
  }

  /** `ceil(a / divisor)` for a positive integer divisor. */
  ceilDiv(a: Operand, divisor: number): SymValue {
    return this.build([a], ([x]) => ceilExpr(x, divisor));
  }

  /**
   * `a / divisor` where it is an integer for every allowed value; otherwise unknown, the reason
   * naming the condition under which it would be.
   */
  divideExactly(a: Operand, divisor: number): SymValue {
    return this.build([a], ([x]) => {
      const down = floorExpr(x, divisor);
      const comparison = this.equalWhen(down, ceilExpr(x, divisor));
      if (comparison.kind === 'always') return down;
      if (comparison.kind === 'undecided') return { kind: 'unknown', reason: `ConvLens cannot tell whether the division by ${divisor} is exact: ${comparison.reason}` };
      const because = comparison.kind === 'sometimes' && comparison.condition ? ` (only when ${comparison.condition.text})` : '';
      return { kind: 'unknown', reason: `the division by ${divisor} is not exact for every allowed value${because}` };
    });
  }

  /** `min(args…)`. */
  min(...args: Operand[]): SymValue {
    return this.build(args, (xs) => this.extremum('min', xs));
  }

  /** `max(args…)`. */
  max(...args: Operand[]): SymValue {
    return this.build(args, (xs) => this.extremum('max', xs));
  }

  /**
   * Replaces the defined symbols by their values (`--define H=640`); the result is concrete when
   * every symbol is defined. A value the assumptions exclude makes the result unknown.
   */
  substitute(expr: Operand, defines: Readonly<Record<string, number>>): SymValue {
    return this.build([expr], ([x]) => {
      for (const symbol of symbolsOf(x)) {
        const value = defines[symbol.name];
        if (value === undefined) continue;
        const problem = this.checkValue(symbol.name, value);
        if (problem) return { kind: 'unknown', reason: problem };
        if (value % symbol.multipleOf !== 0) return { kind: 'unknown', reason: `${symbol.name} = ${value} is not a multiple of ${symbol.multipleOf}` };
      }
      return mapSymbols(
        x,
        (atom) => (defines[atom.name] === undefined ? undefined : constantExpr(defines[atom.name] / atom.multipleOf)),
        (kind, args) => this.extremum(kind, args),
      );
    });
  }

  /** Why a value of a symbol is not allowed by the assumptions, or `undefined` when it is. */
  checkValue(name: string, value: number): string | undefined {
    const { multipleOf = 1, min = 1 } = this.assumptions[name] ?? {};
    if (!Number.isSafeInteger(value) || value < 1) return `${name} = ${value} is not a positive integer`;
    if (value % multipleOf !== 0) return `${name} = ${value} is not a multiple of ${multipleOf}, as assumed`;
    if (value < min) return `${name} = ${value} is below the assumed minimum ${min}`;
    return undefined;
  }

  /** Whether `a = b` for every allowed value (with a counter-example when not). */
  alwaysEqual(a: SymExpr, b: SymExpr): Verdict {
    const comparison = this.equalWhen(a, b);
    if (comparison.kind === 'always') return { kind: 'yes' };
    if (comparison.kind === 'undecided') return comparison;
    return { kind: 'no', witness: comparison.kind === 'never' ? comparison.witness : comparison.failing };
  }

  /** Whether `a ≠ b` for every allowed value (with a value where they are equal when not). */
  neverEqual(a: SymExpr, b: SymExpr): Verdict {
    const comparison = this.equalWhen(a, b);
    if (comparison.kind === 'never') return { kind: 'yes' };
    if (comparison.kind === 'undecided') return comparison;
    return { kind: 'no', witness: comparison.kind === 'sometimes' ? comparison.holding : this.witnessAt(a, b, {}) };
  }

  /** Whether `e ≥ bound` for every allowed value (for output-too-small), with a counter-example. */
  alwaysAtLeast(e: SymExpr, bound: number): Verdict {
    const result = this.atLeastWhen(e, bound);
    if (result.kind === 'always') return { kind: 'yes' };
    if (result.kind === 'undecided') return result;
    return { kind: 'no', witness: result.kind === 'never' ? result.witness : result.failing };
  }

  /**
   * Whether `e ≥ bound` always, never, or for which values; for one symbol the condition is a
   * minimum where it is one ("H ≥ 7", assume `{H: {min: 7}}`). Witnesses: `left` is `e`, `right` the bound.
   */
  atLeastWhen(e: SymExpr, bound: number): Comparison {
    const boundExpr = constantExpr(bound);
    const difference = addExpr(e, constantExpr(-bound));
    const constant = constantValue(difference);
    if (constant !== undefined) return constant >= 0 ? { kind: 'always' } : { kind: 'never', witness: this.witnessAt(e, boundExpr, this.lowestValues(e, boundExpr)) };
    const grid = this.grid(difference);
    if ('undecided' in grid) return { kind: 'undecided', reason: grid.undecided };
    const witness = (units: readonly number[]): Witness => this.witnessAt(e, boundExpr, this.valuesAt(grid, units));
    const falling = grid.symbols.findIndex((symbol) => symbol.slope < 0);
    const rising = grid.symbols.findIndex((symbol) => symbol.slope > 0);
    const failing = this.typicalPoint(grid, (value) => value < 0) ?? (falling < 0 ? undefined : this.liftUntil(grid, falling, (value) => value < 0));
    if (!failing) return { kind: 'always' };
    const holding = this.typicalPoint(grid, (value) => value >= 0) ?? (rising < 0 ? undefined : this.liftUntil(grid, rising, (value) => value >= 0));
    if (!holding) return { kind: 'never', witness: witness(failing) };
    const passes = (value: number): boolean => value >= 0;
    const condition =
      (falling < 0 && rising < 0 ? this.residueCondition(grid, passes) : undefined) ??
      (grid.symbols.length === 1 && falling < 0
        ? this.minimumCondition(grid, (q, value) => (passes(value) ? q : rising < 0 ? Infinity : q + grid.symbols[0].period * Math.ceil(-value / grid.symbols[0].slope)))
        : undefined);
    return { kind: 'sometimes', ...(condition ? { condition } : {}), failing: witness(failing), holding: witness(holding) };
  }

  /**
   * From the grid point at symbol `index`'s threshold (others lowest), whole periods along that
   * symbol (each adds its slope) until the value passes `test`.
   */
  private liftUntil(grid: Grid, index: number, test: (value: number) => boolean): number[] {
    const units = grid.symbols.map((symbol) => symbol.lowest);
    const { threshold, period, slope } = grid.symbols[index];
    units[index] = threshold;
    const value = grid.points.find((point) => point.units.every((u, i) => u === units[i]))?.value as number;
    const periods = test(value) ? 0 : slope > 0 ? Math.ceil(-value / slope) : Math.floor(value / -slope) + 1;
    units[index] += periods * period;
    return units;
  }

  /**
   * For one symbol: the set where the relation holds, when it is exactly `q ≥ a` — checked for
   * every value before the threshold, and beyond it for the first value of each residue class from
   * which the relation holds (`firstFrom(q, value)` for the class of grid point q; Infinity: never).
   */
  private minimumCondition(grid: Grid, firstFrom: (q: number, value: number) => number): Condition | undefined {
    const [{ name, multipleOf, threshold, period }] = grid.symbols;
    // Before the threshold nothing repeats: a value holds there or it does not.
    const starts = grid.points.map(({ units: [q], value }) => (q >= threshold || firstFrom(q, value) === q ? firstFrom(q, value) : Infinity));
    const from = Math.min(...starts);
    if (!Number.isFinite(from)) return undefined;
    const exact = grid.points.every(({ units: [q] }, i) => {
      if (q < threshold) return (starts[i] === q) === (q >= from);
      // The first passing value of this class beyond the threshold must be its first value ≥ from.
      const start = starts[i];
      return start >= from && (start - period < from || start - period < threshold);
    });
    if (!exact) return undefined;
    const value = from * multipleOf;
    return { clauses: [{ kind: 'atLeast', symbol: name, value }], text: `${name} ≥ ${value}`, assume: { [name]: { ...this.assumptions[name], min: value } } };
  }

  /**
   * Whether `a = b` always, never, or for which values (SPEC §1.6 `conditional-shape`), with a
   * failing and a holding witness, and the condition in the author's terms where it is residues or a minimum.
   */
  equalWhen(a: SymExpr, b: SymExpr): Comparison {
    const difference = addExpr(a, scaleExpr(b, -1));
    const constant = constantValue(difference);
    if (constant !== undefined) return constant === 0 ? { kind: 'always' } : { kind: 'never', witness: this.witnessAt(a, b, this.lowestValues(a, b)) };
    const grid = this.grid(difference);
    if ('undecided' in grid) return { kind: 'undecided', reason: grid.undecided };
    const witness = (units: readonly number[]): Witness => this.witnessAt(a, b, this.valuesAt(grid, units));
    const failing = this.typicalPoint(grid, (value) => value !== 0);
    const holding = this.typicalPoint(grid, (value) => value === 0);
    const moving = grid.symbols.findIndex((symbol) => symbol.slope !== 0);
    if (!failing && moving < 0) return { kind: 'always' };
    const failingUnits = failing ?? grid.symbols.map((symbol, i) => (i === moving ? symbol.threshold + symbol.period : symbol.lowest));
    if (holding) {
      const equal = (value: number): boolean => value === 0;
      const condition =
        moving < 0
          ? (this.residueCondition(grid, equal) ?? (grid.symbols.length === 1 ? this.minimumCondition(grid, (q, value) => (equal(value) ? q : Infinity)) : undefined))
          : undefined;
      return { kind: 'sometimes', ...(condition ? { condition } : {}), failing: witness(failingUnits), holding: witness(holding) };
    }
    // No equality on the grid; beyond it, each symbol past its threshold adds its slope per period.
    // Many points ask the same question (same value, same symbols past their thresholds): ask once.
    const asked = new Set<string>();
    for (const point of grid.points) {
      const steps = grid.symbols.map((symbol, i) => (point.units[i] >= symbol.threshold ? symbol.slope : 0));
      const question = `${point.value}|${steps.join(',')}`;
      if (asked.has(question)) continue;
      asked.add(question);
      if (asked.size > this.limits.maxSearches) return { kind: 'undecided', reason: `more than ${this.limits.maxSearches} searches for a value where they meet` };
      const counts = nonNegativeCombination(-point.value, steps, this.limits.maxPoints);
      if (counts === undefined) return { kind: 'undecided', reason: `more than ${this.limits.maxPoints} cases to compare` };
      if (counts) {
        const units = point.units.map((u, i) => u + counts[i] * grid.symbols[i].period);
        return { kind: 'sometimes', failing: witness(failingUnits), holding: witness(units) };
      }
    }
    return { kind: 'never', witness: witness(failingUnits) };
  }

  private build(operands: readonly Operand[], operation: (xs: SymExpr[]) => SymValue): SymValue {
    const exprs: SymExpr[] = [];
    for (const operand of operands) {
      if (typeof operand === 'number') {
        if (!Number.isSafeInteger(operand)) throw new RangeError(`a symbolic size needs an integer, got ${operand}`);
        exprs.push(constantExpr(operand));
      } else if (operand.kind === 'unknown') return operand;
      else exprs.push(operand);
    }
    try {
      const result = operation(exprs);
      if (result.kind === 'expr' && termCount(result) > this.termBudget) {
        return { kind: 'unknown', reason: `the size expression grew beyond ${this.termBudget} terms` };
      }
      return result;
    } catch (error) {
      if (error instanceof CoefficientOverflow) return { kind: 'unknown', reason: 'the size expression has a coefficient beyond 2^53' };
      throw error;
    }
  }

  /**
   * `min`/`max` in canonical form: nested extrema flattened, what all arguments share moved out
   * (`min(H + 1, W + 1)` → `min(H, W) + 1`), arguments that never win removed (decided exactly;
   * kept when undecided) — repeated until nothing changes.
   */
  private extremum(kind: 'min' | 'max', args: readonly SymExpr[]): SymExpr {
    const flat = extremumArgs(kind, args);
    if (flat.length === 1) return flat[0];
    const common = commonPart(flat);
    if (common.terms.length > 0 || common.constant !== 0) {
      return addExpr(this.extremum(kind, flat.map((arg) => addExpr(arg, scaleExpr(common, -1)))), common);
    }
    // `wins(j, i)`: argument j is never worse than i (for min: never larger).
    const wins = (j: number, i: number): boolean => {
      const gap = kind === 'min' ? addExpr(flat[i], scaleExpr(flat[j], -1)) : addExpr(flat[j], scaleExpr(flat[i], -1));
      return this.alwaysAtLeast(gap, 0).kind === 'yes';
    };
    // Drop i when another argument always wins over it; of arguments that are always equal, keep the first.
    const kept = flat.filter((_, i) => !flat.some((_, j) => j !== i && wins(j, i) && (j < i || !wins(i, j))));
    return kept.length < flat.length ? this.extremum(kind, kept) : extremumExpr(kind, kept);
  }

  private grid(expr: SymExpr): Grid | { undecided: string } {
    return buildGrid(expr, (name, multipleOf) => Math.max(1, Math.ceil(this.lowestValue(name) / multipleOf)), this.limits);
  }

  /**
   * A grid point whose value passes `test`, moved by whole periods (which keeps its value) along
   * the symbols that do not grow, to lie as close as possible to `witnessNear` — a counter-example
   * at a size people use ("H = 100") rather than at 1.
   */
  private typicalPoint(grid: Grid, test: (value: number) => boolean): number[] | undefined {
    let best: { units: number[]; distance: number } | undefined;
    for (const point of grid.points) {
      if (!test(point.value)) continue;
      const units = point.units.map((u, i) => {
        const { slope, threshold, period, multipleOf } = grid.symbols[i];
        if (slope !== 0 || u < threshold) return u;
        return u + period * Math.max(0, Math.ceil((this.witnessNear / multipleOf - u) / period));
      });
      const distance = units.reduce((sum, u, i) => sum + Math.abs(u * grid.symbols[i].multipleOf - this.witnessNear), 0);
      if (!best || distance < best.distance) best = { units, distance };
    }
    return best?.units;
  }

  private valuesAt(grid: Grid, units: readonly number[]): Record<string, number> {
    return Object.fromEntries(grid.symbols.map((symbol, i) => [symbol.name, units[i] * symbol.multipleOf]));
  }

  private lowestValues(a: SymExpr, b: SymExpr): Record<string, number> {
    return Object.fromEntries([...symbolsOf(a), ...symbolsOf(b)].map((symbol) => [symbol.name, this.lowestValue(symbol.name)]));
  }

  private witnessAt(a: SymExpr, b: SymExpr, values: Record<string, number>): Witness {
    const full = { ...this.lowestValues(a, b), ...values };
    return { values: full, left: evaluate(a, full) as number, right: evaluate(b, full) as number };
  }

  /**
   * The zero set of a grid whose values repeat beyond the thresholds, as one residue class set per
   * symbol, when it is exactly that (checked on every grid point, so exact for every value).
   */
  private residueCondition(grid: Grid, passes: (value: number) => boolean): Condition | undefined {
    const residueSets = grid.symbols.map(() => new Set<number>());
    for (const point of grid.points) {
      if (passes(point.value)) point.units.forEach((u, i) => residueSets[i].add(u % grid.symbols[i].period));
    }
    const exact = grid.points.every((point) => passes(point.value) === point.units.every((u, i) => residueSets[i].has(u % grid.symbols[i].period)));
    if (!exact) return undefined;
    const clauses: Extract<ConditionClause, { kind: 'residue' }>[] = [];
    grid.symbols.forEach((symbol, i) => {
      const residues = residueSets[i];
      // The smallest modulus (a divisor of the period) under which the set is a union of classes.
      for (let modulus = 1; modulus <= symbol.period; modulus++) {
        if (symbol.period % modulus !== 0) continue;
        if (![...residues].every((r) => residues.has((r + modulus) % symbol.period))) continue;
        if (modulus > 1) {
          const classes = [...new Set([...residues].map((r) => r % modulus))].sort((x, y) => x - y);
          clauses.push({ kind: 'residue', symbol: symbol.name, modulus: modulus * symbol.multipleOf, residues: classes.map((r) => r * symbol.multipleOf) });
        }
        break;
      }
    });
    if (clauses.length === 0) return undefined;
    const text = clauses.map(describeResidues).join(' and ');
    const divisibility = clauses.every((clause) => clause.residues.length === 1 && clause.residues[0] === 0);
    return {
      clauses,
      text,
      ...(divisibility ? { assume: Object.fromEntries(clauses.map((clause) => [clause.symbol, { ...this.assumptions[clause.symbol], multipleOf: clause.modulus }])) } : {}),
    };
  }
}
