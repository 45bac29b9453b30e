/**
 * Dimensions as a tagged union: a known integer, an unknown size that says why, or a symbolic
 * size, an expression over symbols such as `H/2` (SPEC §1.6, `symbolic/`). Plain data: a shape
 * survives `structuredClone` and `JSON.stringify`.
 */
import type { Severity } from './diagnostics';
import type { Span } from './ir';
import { atomExpr, exprKey, type SymExpr } from './symbolic/expression';
import { type ExpressionStyle, formatExpression, formatExpressionPretty } from './symbolic/format';

/** Why a dimension (or a whole shape) is unknown, and where that started. */
export interface UnknownReason {
  /** Completes "unknown because …": `the inputs of Concat 'cat3' do not line up`. */
  because: string;
  /** Where the unknown started (the layer or value at fault); adapters turn it into a line. */
  span: Span;
  /** The severity of the diagnostic reported at {@link span}, when one was: hovers point to it. */
  reported?: Severity;
}

/** A symbolic size: an expression in canonical form (SPEC §1.6). */
export type DimExpr = SymExpr;

export interface KnownDim {
  kind: 'known';
  value: number;
}

export interface UnknownDim {
  kind: 'unknown';
  reason: UnknownReason;
}

export interface SymbolicDim {
  kind: 'symbolic';
  expr: DimExpr;
}

/** One dimension of a tensor shape. */
export type Dim = KnownDim | UnknownDim | SymbolicDim;
export type Shape = Dim[];

/** A dimension as the CLI's JSON writes it (SPEC §4): a number, `"?"`, or the expression's text. */
export type ReportDim = number | string;

/** What an unknown dimension shows. */
export const UNKNOWN_TEXT = '?';

export function knownDim(value: number): KnownDim {
  return { kind: 'known', value };
}

export function unknownDim(reason: UnknownReason): UnknownDim {
  return { kind: 'unknown', reason };
}

/** The symbol `name` with no assumption on it (`N`). */
export function symbolDim(name: string): SymbolicDim {
  return { kind: 'symbolic', expr: atomExpr({ kind: 'symbol', name, multipleOf: 1 }) };
}

/** A symbolic size. */
export function exprDim(expr: DimExpr): SymbolicDim {
  return { kind: 'symbolic', expr };
}

/** A dimension's value, or null when it is symbolic, unknown or absent. */
export function knownValue(dim: Dim | undefined): number | null {
  return dim !== undefined && dim.kind === 'known' ? dim.value : null;
}

/** The text of a symbolic size in the SPEC §1.6 syntax: `N`, `H/2`, `2*W - 1`. */
export function exprText(expr: DimExpr): string {
  return formatExpression(expr);
}

/** `8`, `?` or `N`: a symbolic size in the SPEC §1.6 syntax (CLI text and JSON). */
export function dimText(dim: Dim): string {
  return styledDimText(dim, 'plain');
}

/** A dimension in a style: `plain` (SPEC §1.6 syntax) or `pretty`, the editor's glyphs (`⌈H/2⌉`, `2H`). */
export function styledDimText(dim: Dim, style: ExpressionStyle): string {
  switch (dim.kind) {
    case 'known':
      return String(dim.value);
    case 'unknown':
      return UNKNOWN_TEXT;
    case 'symbolic':
      return style === 'pretty' ? formatExpressionPretty(dim.expr) : exprText(dim.expr);
  }
}

/**
 * Whether two dimensions are written differently: both known and unequal, or symbolic with
 * different canonical forms (equal sizes built in different orders share one form).
 */
export function dimsDiffer(a: Dim, b: Dim): boolean {
  if (a.kind === 'known' && b.kind === 'known') return a.value !== b.value;
  return a.kind === 'symbolic' && b.kind === 'symbolic' && exprKey(a.expr) !== exprKey(b.expr);
}

/** The product of known dimensions; null if any is not known or the product is not a safe integer. */
export function dimProduct(dims: readonly Dim[]): number | null {
  let result = 1;
  for (const dim of dims) {
    if (dim.kind !== 'known') return null;
    result *= dim.value;
  }
  return Number.isSafeInteger(result) ? result : null;
}

/** The reason of the first unknown dimension of `shape`. */
export function firstUnknown(shape: readonly Dim[]): UnknownReason | undefined {
  for (const dim of shape) if (dim.kind === 'unknown') return dim.reason;
  return undefined;
}

/** A dimension for the CLI's JSON (SPEC §4). */
function reportDim(dim: Dim): ReportDim {
  return dim.kind === 'known' ? dim.value : dimText(dim);
}

/** A shape for the CLI's JSON; null stays null (the whole shape is unknown). */
export function reportShape(shape: readonly Dim[] | null): ReportDim[] | null {
  return shape && shape.map(reportDim);
}

/**
 * The reason as a sentence that points where the unknown started:
 * `the inputs of Concat 'cat3' do not line up — see the error at line 15`. `line` is 1-based.
 */
export function unknownText(reason: UnknownReason, line: number): string {
  return reason.reported ? `${reason.because} — see the ${REPORTED_AS[reason.reported]} at line ${line}` : `${reason.because} (line ${line})`;
}

const REPORTED_AS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };
