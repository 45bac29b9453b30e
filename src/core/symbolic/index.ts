/**
 * Symbolic dimensions (SPEC §1.6): expressions, their algebra under assumptions, exact
 * decisions, printing and parsing, and the convolution formulas on them.
 */
export type { Atom, ExtremumAtom, FloorAtom, SymExpr, SymbolAtom, Term } from './expression';
export { constantValue, exprKey, sameExpr, symbolsOf, termCount } from './expression';
export type {
  AlgebraOptions,
  Assumptions,
  Comparison,
  Condition,
  ConditionClause,
  Operand,
  SymUnknown,
  SymValue,
  SymbolAssumption,
  Verdict,
  Witness,
} from './algebra';
export { SymbolicAlgebra, assumptionProblem, defaultTermBudget, describeWitness, evaluate, isExpr } from './algebra';
export type { AnalysisLimits } from './periodicity';
export { defaultAnalysisLimits } from './periodicity';
export type { ExpressionStyle } from './format';
export { formatExpression, formatExpressionPretty } from './format';
export type { ExpressionSyntaxError, InexactDivision, ParseResult } from './parse';
export { parseExpression, readsAsNumber } from './parse';
export type { WindowAxis } from './convFormulas';
export { convOutputExpr, outputPaddingChoices, sameConvOutputExpr, transposedConvOutputExpr, validConvOutputExpr } from './convFormulas';
