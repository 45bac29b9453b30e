/**
 * Symbolic numbers in the interpreter (SPEC.md §1.3, §1.6): a size parameter nobody passes is the
 * symbol of its name, and `+`, `-`, `*` and `/` by a constant, `Math.floor`, `Math.ceil`,
 * `Math.min` and `Math.max` carry it on where the expression algebra says exactly what the result
 * is (`imgSize / 4`, `Math.floor(imgSize / 16)`, `2 * imgSize - 1`). Anything else on a symbol (a
 * product of two symbols, `%`, a comparison) is unknown, with the symbol's reason: never a guess.
 */
import { DIMENSION_NAME } from '../../defines';
import { SymbolicAlgebra, readsAsNumber, type SymExpr, type SymbolAssumption } from '../../symbolic';
import { CoefficientOverflow, addExpr, ceilExpr, constantExpr, constantValue, floorExpr, gcd, lcm, linearExpr, scaleExpr, termCount } from '../../symbolic/expression';
import { formatExpression } from '../../symbolic/format';
import { SymbolicNumber, Unknown, type Value } from './interpreterValues';
import type * as TS from 'typescript';
import type { TypeScriptApi } from './typescriptParser';

/** The interpreter's symbols carry no assumption: each counts in units of 1. */
const ALGEBRA = new SymbolicAlgebra();

/** Names that would read as something else in a shape: the batch `N`, the functions of the expression syntax. */
const NOT_SYMBOLS = new Set(['N', 'floor', 'ceil', 'min', 'max']);

/** Larger expressions become unknown: they would only make unreadable hints. */
const MAX_TERMS = 16;

/**
 * A parameter nobody passes: the symbol of its name where that can name a size (its value where
 * `defines` binds it: `--define imgSize=128` reads the builder as called with 128), else a plain
 * unknown.
 */
export function parameterSymbol(name: string | undefined, because: string, node: TS.Node, defines: Readonly<Record<string, number>>): Value {
  if (name === undefined || !DIMENSION_NAME.test(name) || NOT_SYMBOLS.has(name) || readsAsNumber(name)) return new Unknown(because, node);
  if (Object.hasOwn(defines, name)) return defines[name];
  return new SymbolicNumber(because, node, ALGEBRA.symbol(name), 1);
}

/** A number as `numerator / divisor`: a symbolic number, or a finite number with a power-of-two denominator (`0.5`). */
interface Ratio {
  numerator: SymExpr;
  divisor: number;
}

function ratioOf(value: Value): Ratio | undefined {
  if (value instanceof SymbolicNumber) return value;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  for (let divisor = 1; divisor <= 1024; divisor *= 2) {
    const scaled = value * divisor;
    if (Number.isSafeInteger(scaled)) return { numerator: constantExpr(scaled), divisor };
  }
  return undefined;
}

/** `numerator / divisor` in lowest terms: a number where no symbol is left, else a symbolic number with the reason of `from`. */
function reduced(numerator: SymExpr, divisor: number, from: SymbolicNumber): Value {
  if (!Number.isSafeInteger(divisor) || divisor === 0) return from.derived();
  if (divisor < 0) [numerator, divisor] = [scaleExpr(numerator, -1), -divisor];
  const common = numerator.terms.reduce((divisorSoFar, term) => gcd(divisorSoFar, term.coefficient), gcd(numerator.constant, divisor));
  if (common > 1) {
    numerator = linearExpr(
      numerator.terms.map((term) => ({ coefficient: term.coefficient / common, atom: term.atom })),
      numerator.constant / common,
    );
    divisor /= common;
  }
  const constant = constantValue(numerator);
  if (constant !== undefined) return constant / divisor;
  if (termCount(numerator) > MAX_TERMS) return from.derived();
  return new SymbolicNumber(from.because, from.node, numerator, divisor);
}

/** Runs an exact construction; an overflowing coefficient makes the value unknown. */
function exactly(from: SymbolicNumber, build: () => Value): Value {
  try {
    return build();
  } catch (error) {
    if (error instanceof CoefficientOverflow) return from.derived();
    throw error;
  }
}

/** The arithmetic operators carried on symbols. */
type SymbolicOperator = 'add' | 'sub' | 'mul' | 'div';

function symbolicOperator(ts: TypeScriptApi, operator: TS.SyntaxKind): SymbolicOperator | undefined {
  const kind = ts.SyntaxKind;
  if (operator === kind.PlusToken) return 'add';
  if (operator === kind.MinusToken) return 'sub';
  if (operator === kind.AsteriskToken) return 'mul';
  return operator === kind.SlashToken ? 'div' : undefined;
}

/**
 * `left op right` (a binary operator of the file) where one side is a symbolic number: the exact
 * result, or an unknown (the symbol's reason) where it is no expression of the algebra or the
 * operator is not arithmetic. Undefined when neither side is symbolic.
 */
export function symbolicOperation(ts: TypeScriptApi, operatorKind: TS.SyntaxKind, left: Value, right: Value): Value | undefined {
  const symbolic = left instanceof SymbolicNumber ? left : right instanceof SymbolicNumber ? right : undefined;
  if (!symbolic) return undefined;
  const operator = symbolicOperator(ts, operatorKind);
  if (!operator) return symbolic.derived();
  const a = ratioOf(left);
  const b = ratioOf(right);
  if (!a || !b) return symbolic.derived();
  return exactly(symbolic, () => {
    switch (operator) {
      case 'add':
      case 'sub': {
        const common = lcm(a.divisor, b.divisor);
        const sign = operator === 'add' ? 1 : -1;
        return reduced(addExpr(scaleExpr(a.numerator, common / a.divisor), scaleExpr(b.numerator, (sign * common) / b.divisor)), common, symbolic);
      }
      case 'mul': {
        // A product of two symbolic sizes is no linear expression.
        const factor = constantValue(b.numerator) ?? constantValue(a.numerator);
        if (factor === undefined) return symbolic.derived();
        const other = constantValue(b.numerator) !== undefined ? a : b;
        return reduced(scaleExpr(other.numerator, factor), a.divisor * b.divisor, symbolic);
      }
      case 'div': {
        const by = constantValue(b.numerator);
        if (by === undefined || by === 0) return symbolic.derived();
        return reduced(scaleExpr(a.numerator, b.divisor), a.divisor * by, symbolic);
      }
    }
  });
}

/** `Math.floor`, `Math.ceil`, `Math.min`, `Math.max` of symbolic numbers; undefined when no argument is symbolic or the function is not one of these. */
export function symbolicMath(name: string, args: readonly Value[]): Value | undefined {
  const symbolic = args.find((arg): arg is SymbolicNumber => arg instanceof SymbolicNumber);
  if (!symbolic) return undefined;
  const ratios = args.map(ratioOf);
  return exactly(symbolic, () => {
    const [first] = ratios;
    switch (name) {
      case 'Math.floor':
      case 'Math.ceil':
        if (!first) return symbolic.derived();
        return reduced((name === 'Math.floor' ? floorExpr : ceilExpr)(first.numerator, first.divisor), 1, symbolic);
      case 'Math.min':
      case 'Math.max': {
        // An extremum of the algebra takes integer expressions: each argument whole.
        if (ratios.some((ratio) => !ratio || ratio.divisor !== 1)) return symbolic.derived();
        const numerators = ratios.map((ratio) => ratio!.numerator);
        const result = name === 'Math.min' ? ALGEBRA.min(...numerators) : ALGEBRA.max(...numerators);
        return result.kind === 'expr' ? reduced(result, 1, symbolic) : symbolic.derived();
      }
      default:
        return undefined;
    }
  });
}

/**
 * The symbolic sizes of a file's shapes as text the engine reads (`(imgSize)/4`), and what their
 * divisions imply: a shape holds whole numbers only, so `imgSize / 16` in a shape means the code
 * is meant for `imgSize` a multiple of 16 — the assumption the model is analysed under, as
 * Ultralytics' `H` is a multiple of the stride. A division no multiple makes whole (`(imgSize +
 * 1) / 2`) is unknown.
 */
export class ImpliedSizes {
  /** `multipleOf` of each symbol a division needs. */
  readonly assumptions: Record<string, SymbolAssumption> = {};

  /** The text of a symbolic size in a shape, or why it is unknown. */
  text(value: SymbolicNumber): string | Unknown {
    try {
      return this.wholeText(value);
    } catch (error) {
      if (error instanceof CoefficientOverflow) return value.derived();
      throw error;
    }
  }

  private wholeText(value: SymbolicNumber): string | Unknown {
    const { numerator, divisor } = value;
    const text = formatExpression(numerator);
    if (divisor === 1) return text;
    const needed = new Map<string, number>();
    let whole = numerator.constant % divisor === 0;
    for (const { coefficient, atom } of numerator.terms) {
      if (atom.kind === 'symbol') needed.set(atom.name, lcm(needed.get(atom.name) ?? 1, (atom.multipleOf * divisor) / gcd(coefficient, divisor)));
      else whole &&= coefficient % divisor === 0;
    }
    if (!whole) {
      const names = [...needed.keys()];
      const which = names.length > 0 ? ` of ${names.join(', ')}` : '';
      return new Unknown(`\`(${text})/${divisor}\` is a whole number only for some values${which}: ${value.because}`, value.node);
    }
    for (const [name, multipleOf] of needed) {
      this.assumptions[name] = { multipleOf: lcm(this.assumptions[name]?.multipleOf ?? 1, multipleOf) };
    }
    return `(${text})/${divisor}`;
  }
}
