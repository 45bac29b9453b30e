/**
 * Constant folding over one parsed TypeScript file: node spans, following `const` names, and the
 * values of expressions that fold to literals (arithmetic, `Math.*`, indexing, spreads) as
 * located {@link SourceValue}s. Nothing is executed; a budget bounds the work.
 */
import type * as TS from 'typescript';
import { excerptOf } from '../../formatting';
import type { SourceEntry, SourceValue, Span } from '../../ir';
import { lastEntry } from '../sourceValues';
import type { TypeScriptApi } from './typescriptParser';
import { propertyName, skipOuterExpressions, type Located } from './typescriptNodes';
import type { Scope } from './typescriptScopes';
import { booleanAt, entryAt, listAt, mapAt, nullAt, numberAt, relocated, spanAt, stringAt, unknownAt } from './typescriptValues';

/** Following `const` names more than this many times means a cycle or a hostile file. */
const MAX_DEPTH = 64;
/**
 * Values one file may fold beyond one per two characters of its text (each literal read once):
 * consts that double each other (`const b = [...a, ...a]`) would otherwise take time and memory
 * exponential in their number.
 */
export const MAX_FOLDED_VALUES = 200_000;
const MATH_FUNCTIONS: Record<string, (...values: number[]) => number> = {
  floor: Math.floor,
  ceil: Math.ceil,
  round: Math.round,
  trunc: Math.trunc,
  abs: Math.abs,
  max: Math.max,
  min: Math.min,
};

/** Node spans, `const` resolution and constant folding over one parsed file. */
export class Evaluator {
  private folded = 0;
  /** How many values this file may fold: {@link MAX_FOLDED_VALUES} beyond its own literals. */
  readonly foldBudget: number;
  /** Where folding stopped because the budget ran out, if it did. */
  budgetExceededAt: Span | undefined;

  constructor(
    readonly ts: TypeScriptApi,
    readonly file: TS.SourceFile,
    readonly text: string,
  ) {
    this.foldBudget = MAX_FOLDED_VALUES + Math.ceil(text.length / 2);
  }

  /** The node's span without its leading trivia. */
  span(node: TS.Node): Span {
    return spanAt(this.start(node), node.end);
  }

  /**
   * The span of `node`, given the span of `other`: the first token of a node that is not missing
   * (empty) follows from its `pos`, so when both have the same `pos` (a call and its receiver,
   * `tf.layers` and `tf.layers.conv2d`) the start already found is reused rather than looked for.
   */
  spanSharingStart(node: TS.Node, other: TS.Node, otherSpan: Span): Span {
    const sameStart = node.pos === other.pos && node.pos < node.end && other.pos < other.end;
    return sameStart ? spanAt(otherSpan.start, node.end) : this.span(node);
  }

  /**
   * `node.getStart()`, with the common case (only spaces and line breaks before the token) done
   * here: TypeScript's own scan costs more than the rest of reading a value. The reader asks only
   * for the starts of expressions and object members, never of JSDoc nodes or JSX text (whose
   * token starts follow other rules), so it does not test a node for those: two more reads on
   * nodes of many shapes, for every value, made reading about 7% slower.
   */
  start(node: TS.Node): number {
    const text = this.text;
    let at = node.pos;
    if (at < node.end) {
      let code = text.charCodeAt(at);
      while (code === 32 || code === 10 || code === 13 || code === 9) code = text.charCodeAt(++at);
      // Anything that may start a comment, a conflict marker or a shebang, or be Unicode space, goes the long way.
      if (code < 128 && code !== 47 && code !== 60 && code !== 61 && code !== 62 && code !== 124 && code !== 35 && code !== 42 && code > 13) {
        return at;
      }
    }
    return node.getStart(this.file);
  }

  /** The source text of a node, shortened for messages. */
  excerpt(node: TS.Node, limit = 60): string {
    return excerptOf(this.text, this.start(node), node.end, limit);
  }

  /**
   * Follows `const` names (and parentheses, `as const`...) to the expression that defines a value,
   * with the scope that expression lives in.
   */
  resolve(node: TS.Expression, scope: Scope): Located<TS.Expression> {
    const ts = this.ts;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      node = skipOuterExpressions(ts, node);
      if (!ts.isIdentifier(node)) return { node, scope };
      const binding = scope.lookup(node.text);
      if (binding?.kind !== 'const') return { node, scope };
      node = binding.init;
      scope = binding.scope;
    }
    return { node, scope };
  }

  /** The value of an expression as written; anything the reader cannot fold is `unknown`. */
  fold(node: TS.Expression, scope: Scope, depth = 0): SourceValue {
    return this.foldAt(node, this.start(node), node.end, scope, depth);
  }

  /**
   * The value of a part of an expression (an operand, a spread list, an indexed const): only the
   * value is used, never its span, so the start of its first token is not looked for.
   */
  private operand(node: TS.Expression, scope: Scope, depth: number): SourceValue {
    return this.foldAt(node, node.pos, node.end, scope, depth + 1);
  }

  /**
   * The value of `node` located at `[start, end)`: the node's own span, or that of the name a
   * `const` was reached through. Each value is built with its final span (no copy).
   */
  private foldAt(node: TS.Expression, start: number, end: number, scope: Scope, depth: number): SourceValue {
    if (depth > MAX_DEPTH) return this.unknown(node, start, end);
    // Past the budget only literals are read (in constant time), so layer types stay known.
    if (++this.folded > this.foldBudget && !this.isLiteral(node)) {
      this.budgetExceededAt ??= this.span(node);
      return this.unknown(node, start, end);
    }
    return this.foldInner(node, start, end, scope, depth) ?? this.unknown(node, start, end);
  }

  private isLiteral(node: TS.Expression): boolean {
    const kind = this.ts.SyntaxKind;
    switch (skipOuterExpressions(this.ts, node).kind) {
      case kind.NumericLiteral:
      case kind.StringLiteral:
      case kind.NoSubstitutionTemplateLiteral:
      case kind.TrueKeyword:
      case kind.FalseKeyword:
      case kind.NullKeyword:
        return true;
      default:
        return false;
    }
  }

  private unknown(node: TS.Node, start: number, end: number): SourceValue {
    return unknownAt(this.excerpt(node), start, end);
  }

  /** The folded value of `node` (located at `[start, end)`); undefined when it does not fold. */
  private foldInner(node: TS.Expression, start: number, end: number, scope: Scope, depth: number): SourceValue | undefined {
    const kind = this.ts.SyntaxKind;
    node = skipOuterExpressions(this.ts, node);
    // One switch on the kind rather than a chain of `ts.isX` tests: this runs for every value read.
    switch (node.kind) {
      case kind.NumericLiteral:
        return numberAt(Number((node as TS.NumericLiteral).text), start, end);
      case kind.StringLiteral:
      case kind.NoSubstitutionTemplateLiteral:
        return stringAt((node as TS.StringLiteral | TS.NoSubstitutionTemplateLiteral).text, start, end);
      case kind.TrueKeyword:
        return booleanAt(true, start, end);
      case kind.FalseKeyword:
        return booleanAt(false, start, end);
      case kind.NullKeyword:
        return nullAt(start, end);
      case kind.Identifier: {
        const binding = scope.lookup((node as TS.Identifier).text);
        return binding?.kind === 'const' ? this.foldAt(binding.init, start, end, binding.scope, depth + 1) : undefined;
      }
      case kind.PrefixUnaryExpression:
        return this.foldPrefixUnary(node as TS.PrefixUnaryExpression, start, end, scope, depth);
      case kind.BinaryExpression:
        return this.foldBinary(node as TS.BinaryExpression, start, end, scope, depth);
      case kind.CallExpression:
        return this.foldMathCall(node as TS.CallExpression, start, end, scope, depth);
      case kind.ElementAccessExpression:
      case kind.PropertyAccessExpression:
        return this.foldAccess(node as TS.ElementAccessExpression | TS.PropertyAccessExpression, start, end, scope, depth);
      case kind.ArrayLiteralExpression:
        return this.foldArray(node as TS.ArrayLiteralExpression, start, end, scope, depth);
      case kind.ObjectLiteralExpression: {
        const { entries, complete } = this.objectEntries(node as TS.ObjectLiteralExpression, scope, depth);
        return complete ? mapAt(entries, start, end) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** `-x` and `+x` on numbers. */
  private foldPrefixUnary(node: TS.PrefixUnaryExpression, start: number, end: number, scope: Scope, depth: number): SourceValue | undefined {
    const operand = this.operand(node.operand, scope, depth);
    if (operand.kind !== 'number') return undefined;
    if (node.operator === this.ts.SyntaxKind.MinusToken) return numberAt(-operand.value, start, end);
    if (node.operator === this.ts.SyntaxKind.PlusToken) return numberAt(operand.value, start, end);
    return undefined;
  }

  private foldBinary(node: TS.BinaryExpression, start: number, end: number, scope: Scope, depth: number): SourceValue | undefined {
    const ts = this.ts;
    const left = this.operand(node.left, scope, depth);
    const right = this.operand(node.right, scope, depth);
    const operator = node.operatorToken.kind;
    if (operator === ts.SyntaxKind.PlusToken && (left.kind === 'string' || right.kind === 'string')) {
      const scalar = (value: SourceValue) => (value.kind === 'string' || value.kind === 'number' ? String(value.value) : undefined);
      const a = scalar(left);
      const b = scalar(right);
      return a !== undefined && b !== undefined ? stringAt(a + b, start, end) : undefined;
    }
    if (left.kind !== 'number' || right.kind !== 'number') return undefined;
    const a = left.value;
    const b = right.value;
    const result =
      operator === ts.SyntaxKind.PlusToken ? a + b
      : operator === ts.SyntaxKind.MinusToken ? a - b
      : operator === ts.SyntaxKind.AsteriskToken ? a * b
      : operator === ts.SyntaxKind.SlashToken ? a / b
      : operator === ts.SyntaxKind.PercentToken ? a % b
      : operator === ts.SyntaxKind.AsteriskAsteriskToken ? a ** b
      : undefined;
    return result === undefined || !Number.isFinite(result) ? undefined : numberAt(result, start, end);
  }

  /** `SHAPE[0]`, `SHAPE.length`, `CONFIG.filters` and `CONFIG['filters']` on folded consts. */
  private foldAccess(
    node: TS.ElementAccessExpression | TS.PropertyAccessExpression,
    start: number,
    end: number,
    scope: Scope,
    depth: number,
  ): SourceValue | undefined {
    const ts = this.ts;
    if (node.questionDotToken) return undefined;
    const target = this.operand(node.expression, scope, depth);
    const key = ts.isPropertyAccessExpression(node) ? node.name.text : this.operand(node.argumentExpression, scope, depth);
    if (target.kind === 'list') {
      if (key === 'length') return numberAt(target.items.length, start, end);
      if (typeof key === 'object' && key.kind === 'number' && Number.isInteger(key.value)) {
        const item = target.items[key.value];
        return item && relocated(item, start, end);
      }
      return undefined;
    }
    if (target.kind === 'map') {
      const name = typeof key === 'string' ? key : key.kind === 'string' ? key.value : undefined;
      const entry = name === undefined ? undefined : lastEntry(target.entries, name);
      return entry && relocated(entry.value, start, end);
    }
    return undefined;
  }

  private foldMathCall(node: TS.CallExpression, start: number, end: number, scope: Scope, depth: number): SourceValue | undefined {
    const ts = this.ts;
    const callee = node.expression;
    if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression) || callee.expression.text !== 'Math') {
      return undefined;
    }
    if (scope.lookup('Math')) return undefined;
    const fn = Object.hasOwn(MATH_FUNCTIONS, callee.name.text) ? MATH_FUNCTIONS[callee.name.text] : undefined;
    if (!fn || node.arguments.length === 0) return undefined;
    const numbers: number[] = [];
    for (const argument of node.arguments) {
      const value = this.operand(argument, scope, depth);
      if (value.kind !== 'number') return undefined;
      numbers.push(value.value);
    }
    return numberAt(fn(...numbers), start, end);
  }

  private foldArray(node: TS.ArrayLiteralExpression, start: number, end: number, scope: Scope, depth: number): SourceValue | undefined {
    const ts = this.ts;
    const items: SourceValue[] = [];
    for (const element of node.elements) {
      if (ts.isSpreadElement(element)) {
        const spread = this.operand(element.expression, scope, depth);
        if (spread.kind !== 'list') return undefined;
        for (const item of spread.items) items.push(item);
      } else if (ts.isOmittedExpression(element)) {
        return undefined;
      } else items.push(this.fold(element, scope, depth + 1));
    }
    return listAt(items, start, end);
  }

  /**
   * The entries of an object literal, each key with its folded value. `complete` is false when a
   * spread or a computed key hides some of its keys.
   */
  objectEntries(node: TS.ObjectLiteralExpression, scope: Scope, depth = 0): { entries: SourceEntry[]; complete: boolean } {
    const ts = this.ts;
    const entries: SourceEntry[] = [];
    let complete = true;
    for (const property of node.properties) {
      if (ts.isSpreadAssignment(property)) {
        const spread = this.operand(property.expression, scope, depth);
        if (spread.kind === 'map') for (const entry of spread.entries) entries.push(entry);
        else complete = false;
        continue;
      }
      const key = propertyName(ts, property);
      const name = property.name;
      if (key === undefined || !name) {
        complete = false;
        continue;
      }
      const keyStart = this.start(name);
      const value = ts.isPropertyAssignment(property)
        ? this.fold(property.initializer, scope, depth + 1)
        : ts.isShorthandPropertyAssignment(property)
          ? this.fold(property.name, scope, depth + 1)
          : this.unknown(property, this.start(property), property.end);
      entries.push(entryAt(key, value, keyStart, name.end));
    }
    return { entries, complete };
  }

  /**
   * The elements of an array of layers: the array literal an expression resolves to, with the
   * `...spread` of other such arrays expanded. Each array literal read is added to `consumed`.
   * An expression that is no array literal is one element of its own (`inArray: false`).
   */
  elements(node: TS.Expression, scope: Scope, consumed: Set<TS.Node>, depth = 0): ArrayElement[] {
    const ts = this.ts;
    const resolved = this.resolve(node, scope);
    if (!ts.isArrayLiteralExpression(resolved.node) || depth > MAX_DEPTH) return [{ node, scope, inArray: false }];
    consumed.add(resolved.node);
    const elements: ArrayElement[] = [];
    for (const element of resolved.node.elements) {
      if (ts.isSpreadElement(element)) elements.push(...this.elements(element.expression, resolved.scope, consumed, depth + 1));
      else if (!ts.isOmittedExpression(element)) elements.push({ node: element, scope: resolved.scope, inArray: true });
    }
    return elements;
  }
}

/** One element of an array of layers; `inArray` when it is written directly in an array literal. */
export interface ArrayElement extends Located<TS.Expression> {
  inArray: boolean;
}
