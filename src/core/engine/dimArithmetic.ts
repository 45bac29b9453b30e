/**
 * Arithmetic on dimensions (SPEC §1.6), in one place for every shape rule: known sizes stay plain
 * number arithmetic (the concrete path is the fast one), symbolic sizes go through the model's
 * {@link SymbolicAlgebra}, and an unknown size keeps the reason where it started. A symbolic
 * result the algebra cannot express becomes unknown, saying why — never a guess.
 */
import { exprDim, knownDim, unknownDim, type Dim, type UnknownReason } from '../dims';
import type { Span } from '../ir';
import {
  type Comparison,
  type Operand,
  type SymExpr,
  type SymValue,
  type SymbolicAlgebra,
  constantValue,
  convOutputExpr,
  evaluate,
  sameConvOutputExpr,
  validConvOutputExpr,
} from '../symbolic';

/** What a dimension operation needs from the layer it computes for. */
export interface DimScope {
  readonly algebra: SymbolicAlgebra;
  /** How a reason names the layer: `Conv2d 'enc1'`. */
  layerReference(): string;
  readonly source: { readonly typeSpan: Span };
}

/** A dimension as an operand of the algebra; null for an unknown one. */
function operandOf(dim: Dim): Operand | null {
  return dim.kind === 'known' ? dim.value : dim.kind === 'symbolic' ? dim.expr : null;
}

/** A dimension as an expression (a known size as a constant); null for an unknown one. */
export function exprOf(dim: Dim, algebra: SymbolicAlgebra): SymExpr | null {
  if (dim.kind === 'symbolic') return dim.expr;
  if (dim.kind === 'unknown') return null;
  const constant = algebra.add(dim.value, 0);
  return constant.kind === 'expr' ? constant : null;
}

/** The reason of a size the algebra refused, naming the layer. */
function refusedBy(scope: DimScope, reason: string): UnknownReason {
  return { because: `the size after ${scope.layerReference()} is not kept as an expression: ${reason}`, span: scope.source.typeSpan };
}

/** An algebra result as a dimension: a constant is a known size, an expression a symbolic one. */
export function dimOf(value: SymValue, scope: DimScope): Dim {
  if (value.kind === 'unknown') return unknownDim(refusedBy(scope, value.reason));
  const constant = constantValue(value);
  return constant === undefined ? exprDim(value) : knownDim(constant);
}

/** `dim` through an operation: `concrete` on a known size, `symbolic` on an expression; an unknown size stays as it is. */
function mapDim(dim: Dim, concrete: (size: number) => number, symbolic: (expr: SymExpr) => SymValue, scope: DimScope): Dim {
  if (dim.kind === 'known') return knownDim(concrete(dim.value));
  if (dim.kind === 'unknown') return dim;
  return dimOf(symbolic(dim.expr), scope);
}

/** `dim + offset`. */
export function offsetDim(dim: Dim, offset: number, scope: DimScope): Dim {
  return mapDim(dim, (size) => size + offset, (expr) => scope.algebra.add(expr, offset), scope);
}

/** The sum of dimensions (a concatenation axis); the first unknown one's reason when any is unknown. */
export function sumDims(dims: readonly Dim[], scope: DimScope): Dim {
  const unknown = dims.find((dim) => dim.kind === 'unknown');
  if (unknown) return unknown;
  if (dims.every((dim) => dim.kind === 'known')) {
    const total = dims.reduce((sum, dim) => sum + (dim as { value: number }).value, 0);
    return Number.isSafeInteger(total) ? knownDim(total) : unknownDim(refusedBy(scope, `it exceeds ${Number.MAX_SAFE_INTEGER}`));
  }
  return dimOf(dims.reduce<SymValue | number>((total, dim) => scope.algebra.add(total, operandOf(dim) as Operand), 0) as SymValue, scope);
}

/** The product of dimensions (flattening); a product of two symbolic sizes is unknown, saying so. */
export function productDims(dims: readonly Dim[], scope: DimScope): Dim {
  const unknown = dims.find((dim) => dim.kind === 'unknown');
  if (unknown) return unknown;
  let total: SymValue | number = 1;
  for (const dim of dims) {
    const factor = operandOf(dim) as Operand;
    total = typeof total === 'number' && typeof factor === 'number' ? total * factor : scope.algebra.mul(total, factor);
  }
  if (typeof total !== 'number') return dimOf(total, scope);
  return Number.isSafeInteger(total) ? knownDim(total) : unknownDim(refusedBy(scope, `it exceeds ${Number.MAX_SAFE_INTEGER}`));
}

/** A window's geometry on one axis (a convolution or pooling layer's). */
export interface WindowGeometry {
  kernel: number;
  stride: number;
  dilation: number;
  padding: { kind: 'explicit'; begin: number; end: number } | { kind: 'same' } | { kind: 'valid' };
}

/** The output size of a window on a symbolic input size (`convOutputExpr` and its TF-style forms). */
export function windowExpr(algebra: SymbolicAlgebra, input: SymExpr, { kernel, stride, dilation, padding }: WindowGeometry, ceilMode: boolean): SymValue {
  switch (padding.kind) {
    case 'explicit':
      return convOutputExpr(algebra, input, { kernel, stride, dilation, padBegin: padding.begin, padEnd: padding.end }, ceilMode);
    case 'same':
      return sameConvOutputExpr(algebra, input, stride);
    case 'valid':
      return validConvOutputExpr(algebra, input, { kernel, stride, dilation });
  }
}

/** The largest denominator 2^k a resize scale may have to stay exact (`floor(i·0.5)` is `floor(i/2)`). */
const MAX_SCALE_DENOMINATOR = 1024;

/**
 * `floor(i·scale)` on a symbolic size, where the scale is a dyadic fraction `p/2^k` (then the
 * floating-point product the frameworks compute is exact, and equals `floor(p·i/2^k)`).
 */
export function scaledExpr(algebra: SymbolicAlgebra, input: SymExpr, scale: number): SymValue {
  for (let denominator = 1; denominator <= MAX_SCALE_DENOMINATOR; denominator *= 2) {
    const numerator = scale * denominator;
    if (Number.isSafeInteger(numerator)) return algebra.floorDiv(algebra.mul(input, numerator), denominator);
  }
  return { kind: 'unknown', reason: `the scale ${scale} is not a fraction with a power of two below, so floor(size·${scale}) has no exact expression` };
}

/** Shared: most comparisons (known sizes that agree) hold, and merges compare every axis. */
const ALWAYS: Comparison = { kind: 'always' };

/** How two sizes must relate. */
export type DimRelation = 'equal' | 'atLeast';

/**
 * Whether `a` relates to `b` (`a = b`, or `a ≥ b`) for every allowed value, for none or for
 * some; null when either is unknown. Known against known stays a plain comparison.
 */
export function compareDims(a: Dim, b: Dim, relation: DimRelation, algebra: SymbolicAlgebra): Comparison | null {
  if (a.kind === 'known' && b.kind === 'known') {
    const holds = relation === 'equal' ? a.value === b.value : a.value >= b.value;
    return holds ? ALWAYS : { kind: 'never', witness: { values: {}, left: a.value, right: b.value } };
  }
  const left = exprOf(a, algebra);
  const right = exprOf(b, algebra);
  if (!left || !right) return null;
  if (relation === 'equal') return algebra.equalWhen(left, right);
  const difference = algebra.sub(left, right);
  if (difference.kind === 'unknown') return { kind: 'undecided', reason: difference.reason };
  const comparison = algebra.atLeastWhen(difference, 0);
  // Witnesses of `a − b ≥ 0` show `a − b` against 0; the author compares a with b.
  const sides = (witness: { values: Readonly<Record<string, number>> }) => ({
    values: witness.values,
    left: evaluateDim(a, witness.values),
    right: evaluateDim(b, witness.values),
  });
  if (comparison.kind === 'never') return { kind: 'never', witness: sides(comparison.witness) };
  if (comparison.kind === 'sometimes') return { ...comparison, failing: sides(lastFailing(comparison, algebra)), holding: sides(comparison.holding) };
  return comparison;
}

/**
 * Where a relation holds from a minimum on (`H ≥ 24`), the counter-example just below it (`H = 23`)
 * rather than the smallest value, whose sizes the layers before may already refuse.
 */
function lastFailing(comparison: Extract<Comparison, { kind: 'sometimes' }>, algebra: SymbolicAlgebra): { values: Readonly<Record<string, number>> } {
  const clauses = comparison.condition?.clauses ?? [];
  const clause = clauses.length === 1 ? clauses[0] : undefined;
  if (clause?.kind !== 'atLeast') return comparison.failing;
  const below = clause.value - (algebra.assumptions[clause.symbol]?.multipleOf ?? 1);
  return below >= algebra.lowestValue(clause.symbol) ? { values: { ...comparison.failing.values, [clause.symbol]: below } } : comparison.failing;
}

function evaluateDim(dim: Dim, values: Readonly<Record<string, number>>): number {
  if (dim.kind === 'known') return dim.value;
  return dim.kind === 'symbolic' ? (evaluate(dim.expr, values) ?? NaN) : NaN;
}
