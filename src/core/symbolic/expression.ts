/**
 * Symbolic dimension expressions: integer-linear combinations of atoms (symbols, `floor` of a
 * division by a positive constant, `min`/`max`) plus an integer constant, kept in a canonical
 * form so that sizes built in different orders compare equal structurally.
 *
 * Everything here is plain data (survives `structuredClone` and `JSON.stringify`) and exact:
 * each rewrite holds for every integer value of every atom. A symbol atom stands for the
 * symbol's value divided by its `multipleOf` (the "unit" the assumptions guarantee), so the
 * exact divisions an assumption allows (`floor(H/2)` with H a multiple of 32) are plain
 * integer arithmetic on the unit (`16·(H/32)`).
 */

/** A symbol, counted in units of `multipleOf`: the atom's value is `value(name) / multipleOf`. */
export interface SymbolAtom {
  readonly kind: 'symbol';
  readonly name: string;
  readonly multipleOf: number;
}

/** `floor(numerator / divisor)` with `divisor ≥ 2`; `ceil` is written `floor((e + k − 1)/k)`. */
export interface FloorAtom {
  readonly kind: 'floor';
  readonly numerator: SymExpr;
  readonly divisor: number;
}

/** `min(args…)` or `max(args…)` of at least two distinct expressions, sorted by key. */
export interface ExtremumAtom {
  readonly kind: 'min' | 'max';
  readonly args: readonly SymExpr[];
}

export type Atom = SymbolAtom | FloorAtom | ExtremumAtom;

/** `coefficient · atom`, coefficient a non-zero integer. */
export interface Term {
  readonly coefficient: number;
  readonly atom: Atom;
}

/** `Σ coefficient·atom + constant`, terms sorted by atom key, one term per atom. */
export interface SymExpr {
  readonly kind: 'expr';
  readonly terms: readonly Term[];
  readonly constant: number;
}

/** Raised inside construction when a coefficient leaves the safe integer range. */
export class CoefficientOverflow extends Error {}

function checked(value: number): number {
  if (!Number.isSafeInteger(value)) throw new CoefficientOverflow('a coefficient exceeds 2^53');
  return value + 0; // never -0: the data must print and serialise as 0

}

/** The expression of an integer constant. */
export function constantExpr(value: number): SymExpr {
  return { kind: 'expr', terms: [], constant: checked(value) };
}

/** The expression of one atom. */
export function atomExpr(atom: Atom): SymExpr {
  return { kind: 'expr', terms: [{ coefficient: 1, atom }], constant: 0 };
}

/** The constant value of an expression without atoms, else `undefined`. */
export function constantValue(expr: SymExpr): number | undefined {
  return expr.terms.length === 0 ? expr.constant : undefined;
}

// Keys are derived data, cached beside the (immutable) objects rather than stored in them.
const keyCache = new WeakMap<object, string>();

/** A string that identifies an atom structurally; sorting by it orders symbols, then floors, then extrema. */
function atomKey(atom: Atom): string {
  let key = keyCache.get(atom);
  if (key !== undefined) return key;
  switch (atom.kind) {
    case 'symbol':
      key = `a${atom.name}#${atom.multipleOf}`;
      break;
    case 'floor':
      key = `b(${exprKey(atom.numerator)})/${atom.divisor}`;
      break;
    default:
      key = `c${atom.kind}(${atom.args.map(exprKey).join(',')})`;
  }
  keyCache.set(atom, key);
  return key;
}

/** A string that identifies an expression structurally: equal keys ⟺ equal canonical expressions. */
export function exprKey(expr: SymExpr): string {
  let key = keyCache.get(expr);
  if (key !== undefined) return key;
  key = expr.terms.map((term) => `${term.coefficient}*${atomKey(term.atom)}`).join('+') + `|${expr.constant}`;
  keyCache.set(expr, key);
  return key;
}

/** Structural equality of canonical expressions. */
export function sameExpr(a: SymExpr, b: SymExpr): boolean {
  return a === b || exprKey(a) === exprKey(b);
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds a canonical linear expression from terms in any order (merging equal atoms, dropping zeros). */
export function linearExpr(terms: readonly Term[], constant: number): SymExpr {
  const byKey = new Map<string, { coefficient: number; atom: Atom }>();
  for (const term of terms) {
    const key = atomKey(term.atom);
    const existing = byKey.get(key);
    if (existing) existing.coefficient = checked(existing.coefficient + term.coefficient);
    else byKey.set(key, { coefficient: checked(term.coefficient), atom: term.atom });
  }
  const merged = [...byKey.entries()]
    .filter(([, term]) => term.coefficient !== 0)
    .sort(([a], [b]) => compareKeys(a, b))
    .map(([, term]) => ({ coefficient: term.coefficient, atom: term.atom }));
  return { kind: 'expr', terms: merged, constant: checked(constant) };
}

/** `a + b`. */
export function addExpr(a: SymExpr, b: SymExpr): SymExpr {
  if (b.terms.length === 0) return b.constant === 0 ? a : { kind: 'expr', terms: a.terms, constant: checked(a.constant + b.constant) };
  if (a.terms.length === 0) return addExpr(b, a);
  return { kind: 'expr', terms: mergeTerms(a.terms, b.terms), constant: checked(a.constant + b.constant) };
}

/** The canonical terms of the sum of two canonical term lists: one merge of the two sorted lists (no re-sorting). */
function mergeTerms(a: readonly Term[], b: readonly Term[]): Term[] {
  const merged: Term[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    // The same atom object (a symbol carried through a whole model) needs no key.
    const order = a[i].atom === b[j].atom ? 0 : compareKeys(atomKey(a[i].atom), atomKey(b[j].atom));
    if (order < 0) merged.push(a[i++]);
    else if (order > 0) merged.push(b[j++]);
    else {
      const coefficient = checked(a[i].coefficient + b[j].coefficient);
      if (coefficient !== 0) merged.push({ coefficient, atom: a[i].atom });
      i++;
      j++;
    }
  }
  while (i < a.length) merged.push(a[i++]);
  while (j < b.length) merged.push(b[j++]);
  return merged;
}

/** `factor · expr` for an integer factor. */
export function scaleExpr(expr: SymExpr, factor: number): SymExpr {
  if (factor === 1) return expr;
  if (factor === 0) return constantExpr(0);
  return {
    kind: 'expr',
    terms: expr.terms.map((term) => ({ coefficient: checked(term.coefficient * factor), atom: term.atom })),
    constant: checked(expr.constant * factor),
  };
}

/** Greatest common divisor of non-negative integers (gcd(0, n) = n). */
export function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Least common multiple of positive integers. */
export function lcm(a: number, b: number): number {
  return checked((a / gcd(a, b)) * b);
}

/**
 * `floor(expr / divisor)` in canonical form, for a positive integer divisor:
 * integer parts of coefficients move out (`floor((4H + 1)/2)` → `2H`), a common factor of the
 * remaining coefficients and the divisor cancels (`floor((2H + 1)/4)` → `floor(H/2)`), and a
 * floor with coefficient 1 inside merges (`floor((floor(x/a) + y)/b)` → `floor((x + a·y)/(a·b))`).
 */
export function floorExpr(expr: SymExpr, divisor: number): SymExpr {
  if (!Number.isSafeInteger(divisor) || divisor < 1) throw new RangeError(`floor divisor must be a positive integer, got ${divisor}`);
  if (divisor === 1) return expr;
  const outer: Term[] = [];
  const inner: Term[] = [];
  for (const term of expr.terms) {
    const quotient = Math.floor(term.coefficient / divisor);
    const remainder = term.coefficient - quotient * divisor;
    if (quotient !== 0) outer.push({ coefficient: quotient, atom: term.atom });
    if (remainder !== 0) inner.push({ coefficient: remainder, atom: term.atom });
  }
  const constantQuotient = Math.floor(expr.constant / divisor);
  let innerConstant = expr.constant - constantQuotient * divisor;
  // Already sorted and merged: the terms keep the order of `expr`.
  const outerExpr: SymExpr = { kind: 'expr', terms: outer, constant: constantQuotient };
  if (inner.length === 0) return outerExpr; // 0 ≤ innerConstant < divisor
  const common = inner.reduce((g, term) => gcd(g, term.coefficient), divisor);
  let innerTerms = inner;
  let innerDivisor = divisor;
  if (common > 1) {
    // floor((g·A + c)/(g·k')) = floor((A + floor(c/g))/k') for integer A.
    innerTerms = inner.map((term) => ({ coefficient: term.coefficient / common, atom: term.atom }));
    innerConstant = Math.floor(innerConstant / common);
    innerDivisor = divisor / common;
  }
  const nested = innerTerms.find((term) => term.coefficient === 1 && term.atom.kind === 'floor');
  if (nested && nested.atom.kind === 'floor') {
    const { numerator, divisor: nestedDivisor } = nested.atom;
    const rest = linearExpr(
      innerTerms.filter((term) => term !== nested),
      innerConstant,
    );
    return addExpr(outerExpr, floorExpr(addExpr(numerator, scaleExpr(rest, nestedDivisor)), checked(nestedDivisor * innerDivisor)));
  }
  const atom: FloorAtom = { kind: 'floor', numerator: { kind: 'expr', terms: innerTerms, constant: innerConstant }, divisor: innerDivisor };
  return addExpr(outerExpr, atomExpr(atom));
}

/** `ceil(expr / divisor)`, written canonically as `floor((expr + divisor − 1) / divisor)`. */
export function ceilExpr(expr: SymExpr, divisor: number): SymExpr {
  return floorExpr(addExpr(expr, constantExpr(divisor - 1)), divisor);
}

/**
 * `min`/`max` of expressions in canonical form before dominance pruning: nested extrema of the
 * same kind are flattened, duplicates removed, constants folded to one, arguments sorted.
 * Returns the single remaining argument when only one is left.
 */
export function extremumArgs(kind: 'min' | 'max', args: readonly SymExpr[]): SymExpr[] {
  const byKey = new Map<string, SymExpr>();
  let constant: number | undefined;
  const pick = kind === 'min' ? Math.min : Math.max;
  const visit = (arg: SymExpr): void => {
    const only = arg.terms.length === 1 && arg.constant === 0 && arg.terms[0].coefficient === 1 ? arg.terms[0].atom : undefined;
    if (only && only.kind === kind) {
      only.args.forEach(visit);
      return;
    }
    if (arg.terms.length === 0) {
      constant = constant === undefined ? arg.constant : pick(constant, arg.constant);
      return;
    }
    byKey.set(exprKey(arg), arg);
  };
  args.forEach(visit);
  const result = [...byKey.entries()].sort(([a], [b]) => compareKeys(a, b)).map(([, arg]) => arg);
  if (constant !== undefined) result.push(constantExpr(constant));
  return result;
}

/**
 * What every argument of a `min`/`max` shares: the terms each has with the same coefficient, plus
 * the smallest constant. `min(a + c, b + c) = min(a, b) + c`, so it moves out of the extremum.
 */
export function commonPart(args: readonly SymExpr[]): SymExpr {
  const [first, ...rest] = args;
  const shared = first.terms.filter((term) =>
    rest.every((arg) => arg.terms.some((other) => other.coefficient === term.coefficient && atomKey(other.atom) === atomKey(term.atom))),
  );
  return { kind: 'expr', terms: shared, constant: Math.min(...args.map((arg) => arg.constant)) };
}

/** The expression `min(args)`/`max(args)` for already canonical, pruned arguments. */
export function extremumExpr(kind: 'min' | 'max', args: readonly SymExpr[]): SymExpr {
  if (args.length === 0) throw new RangeError(`${kind} needs at least one argument`);
  if (args.length === 1) return args[0];
  const sorted = [...args].sort((a, b) => compareKeys(exprKey(a), exprKey(b)));
  return atomExpr({ kind, args: sorted });
}

/**
 * The value of an expression for integer values of its symbols' units (`H/multipleOf`), keyed by
 * symbol name; `undefined` when a symbol has no value. Throws `CoefficientOverflow` where an
 * intermediate value leaves the safe integer range (floats would round: never a wrong value).
 */
export function evaluateUnits(expr: SymExpr, units: (name: string) => number | undefined): number | undefined {
  let total = expr.constant;
  for (const term of expr.terms) {
    const value = evaluateAtom(term.atom, units);
    if (value === undefined) return undefined;
    total = checked(total + checked(term.coefficient * value));
  }
  return total;
}

function evaluateAtom(atom: Atom, units: (name: string) => number | undefined): number | undefined {
  switch (atom.kind) {
    case 'symbol':
      return units(atom.name);
    case 'floor': {
      const numerator = evaluateUnits(atom.numerator, units);
      return numerator === undefined ? undefined : Math.floor(numerator / atom.divisor);
    }
    default: {
      const values = atom.args.map((arg) => evaluateUnits(arg, units));
      if (values.some((value) => value === undefined)) return undefined;
      return (atom.kind === 'min' ? Math.min : Math.max)(...(values as number[]));
    }
  }
}

/** The symbols an expression mentions, with their units, sorted by name. */
export function symbolsOf(expr: SymExpr): SymbolAtom[] {
  const found = new Map<string, SymbolAtom>();
  const visit = (e: SymExpr): void => {
    for (const { atom } of e.terms) {
      if (atom.kind === 'symbol') found.set(atom.name, atom);
      else if (atom.kind === 'floor') visit(atom.numerator);
      else atom.args.forEach(visit);
    }
  };
  visit(expr);
  return [...found.values()].sort((a, b) => compareKeys(a.name, b.name));
}

/** The size of an expression in terms: one per term, plus the terms inside its floors and extrema. */
export function termCount(expr: SymExpr): number {
  let count = 0;
  for (const { atom } of expr.terms) {
    count += 1;
    if (atom.kind === 'floor') count += termCount(atom.numerator);
    else if (atom.kind !== 'symbol') for (const arg of atom.args) count += termCount(arg);
  }
  return count;
}

/**
 * Rebuilds an expression bottom-up with each symbol atom replaced (atoms for which `replace`
 * returns `undefined` stay), re-canonicalising floors and extrema through the given builders.
 */
export function mapSymbols(
  expr: SymExpr,
  replace: (atom: SymbolAtom) => SymExpr | undefined,
  extremum: (kind: 'min' | 'max', args: SymExpr[]) => SymExpr,
): SymExpr {
  let result = constantExpr(expr.constant);
  for (const term of expr.terms) {
    const { atom } = term;
    let replaced: SymExpr;
    if (atom.kind === 'symbol') replaced = replace(atom) ?? atomExpr(atom);
    else if (atom.kind === 'floor') replaced = floorExpr(mapSymbols(atom.numerator, replace, extremum), atom.divisor);
    else replaced = extremum(atom.kind, atom.args.map((arg) => mapSymbols(arg, replace, extremum)));
    result = addExpr(result, scaleExpr(replaced, term.coefficient));
  }
  return result;
}
