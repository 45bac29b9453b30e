/**
 * Parser of the SPEC §1.6 expression syntax (`H/2`, `2*H - 1`, `ceil(W/2)`,
 * `floor((H - 1)/2) + 1`, `min(a, b)`), as written in `expect:` and `input:`, and of the pretty
 * forms the editor shows (`2H`, `⌈W/2⌉`, `−`, `·`). Errors carry offsets into the text.
 */
import { type SymValue, type SymbolicAlgebra, isExpr } from './algebra';
import { constantValue } from './expression';

/** Where a parse failed: `offset`/`length` into the text. */
export interface ExpressionSyntaxError {
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

/** A `/` that is not an integer for every allowed value (`H/2` with no assumption on H). */
export interface InexactDivision {
  readonly offset: number;
  readonly length: number;
  /** Why, in the author's terms: "the division by 2 is not exact … (only when H is a multiple of 2)". */
  readonly reason: string;
}

export type ParseResult =
  | {
      readonly ok: true;
      /** The size: exact `/` divides exactly; an inexact one rounds down and is listed in `inexact`. */
      readonly value: SymValue;
      readonly inexact: readonly InexactDivision[];
    }
  | { readonly ok: false; readonly error: ExpressionSyntaxError };

type Node = { start: number; end: number } & (
  | { kind: 'int'; value: number }
  | { kind: 'name'; name: string }
  | { kind: 'neg'; arg: Node }
  | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Node; right: Node }
  | { kind: 'call'; fn: 'floor' | 'ceil' | 'min' | 'max'; args: Node[] }
);

interface Token {
  kind: 'int' | 'name' | 'op' | 'end';
  text: string;
  start: number;
  end: number;
}

class SyntaxProblem extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly length: number,
  ) {
    super(message);
  }
}

// Pretty glyphs read as their plain forms.
const glyphs: Record<string, string> = { '−': '-', '·': '*', '×': '*' };

/** Names that read as numbers (`Infinity`, `NaN`), refused as size symbols. */
const NOT_SIZE_SYMBOLS = new Set(['Infinity', 'NaN', 'inf', 'nan']);

/** Whether a name reads as a number (`Infinity`, `NaN`), so it cannot name a size. */
export function readsAsNumber(name: string): boolean {
  return NOT_SIZE_SYMBOLS.has(name.trim());
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\d+)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/(),−·×⌈⌉⌊⌋]))/y;
  let position = 0;
  while (position < text.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (!match) {
      if (/^\s*$/.test(text.slice(position))) break;
      const at = position + (text.slice(position).length - text.slice(position).trimStart().length);
      throw new SyntaxProblem(`unexpected character '${text[at]}'`, at, 1);
    }
    const [whole, integer, name, op] = match;
    const start = position + whole.length - (integer ?? name ?? op).length;
    if (integer !== undefined) tokens.push({ kind: 'int', text: integer, start, end: start + integer.length });
    else if (name !== undefined) tokens.push({ kind: 'name', text: name, start, end: start + name.length });
    else tokens.push({ kind: 'op', text: glyphs[op] ?? op, start, end: start + 1 });
    position += whole.length;
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

class Parser {
  private index = 0;
  constructor(private readonly tokens: Token[]) {}

  parseAll(): Node {
    const node = this.additive();
    const next = this.peek();
    if (next.kind !== 'end') throw new SyntaxProblem(`unexpected '${next.text}'`, next.start, next.end - next.start);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private take(): Token {
    return this.tokens[this.index++];
  }

  private expect(text: string): Token {
    const token = this.peek();
    if (token.kind !== 'op' || token.text !== text) {
      throw new SyntaxProblem(token.kind === 'end' ? `expected '${text}' at the end` : `expected '${text}', found '${token.text}'`, token.start, Math.max(1, token.end - token.start));
    }
    return this.take();
  }

  private additive(): Node {
    let left = this.multiplicative();
    for (let token = this.peek(); token.kind === 'op' && (token.text === '+' || token.text === '-'); token = this.peek()) {
      this.take();
      const right = this.multiplicative();
      left = { kind: 'binary', op: token.text, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private multiplicative(): Node {
    let left = this.unary();
    for (;;) {
      const token = this.peek();
      if (token.kind === 'op' && (token.text === '*' || token.text === '/')) {
        this.take();
        const right = this.unary();
        left = { kind: 'binary', op: token.text, left, right, start: left.start, end: right.end };
      } else return left;
    }
  }

  /** `2H`, `2⌈H/2⌉`: a number written right before what follows it multiplies it (the pretty form). */
  private juxtaposed(): Node {
    const left = this.primary();
    const token = this.peek();
    if (left.kind === 'int' && token.start === left.end && (token.kind === 'name' || token.text === '(' || token.text === '⌈' || token.text === '⌊')) {
      const right = this.primary();
      return { kind: 'binary', op: '*', left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private unary(): Node {
    const token = this.peek();
    if (token.kind === 'op' && token.text === '-') {
      this.take();
      const arg = this.unary();
      return { kind: 'neg', arg, start: token.start, end: arg.end };
    }
    return this.juxtaposed();
  }

  private primary(): Node {
    const token = this.take();
    if (token.kind === 'int') {
      const value = Number(token.text);
      if (!Number.isSafeInteger(value)) throw new SyntaxProblem('the number is too large', token.start, token.end - token.start);
      return { kind: 'int', value, start: token.start, end: token.end };
    }
    if (token.kind === 'name') {
      const fn = token.text;
      if ((fn === 'floor' || fn === 'ceil' || fn === 'min' || fn === 'max') && this.peek().text === '(') {
        this.take();
        const args = [this.additive()];
        while (this.peek().text === ',') {
          this.take();
          args.push(this.additive());
        }
        const close = this.expect(')');
        const arity = fn === 'floor' || fn === 'ceil' ? args.length === 1 : args.length >= 2;
        if (!arity) throw new SyntaxProblem(fn === 'floor' || fn === 'ceil' ? `${fn} takes one argument` : `${fn} takes at least two arguments`, token.start, close.end - token.start);
        return { kind: 'call', fn, args, start: token.start, end: close.end };
      }
      // A size symbol may be any name but the ones every reader takes for numbers.
      if (readsAsNumber(token.text)) throw new SyntaxProblem(`${token.text} is not a size`, token.start, token.end - token.start);
      return { kind: 'name', name: token.text, start: token.start, end: token.end };
    }
    if (token.kind === 'op' && token.text === '(') {
      const inner = this.additive();
      this.expect(')');
      return inner;
    }
    if (token.kind === 'op' && (token.text === '⌈' || token.text === '⌊')) {
      const inner = this.additive();
      const close = this.expect(token.text === '⌈' ? '⌉' : '⌋');
      return { kind: 'call', fn: token.text === '⌈' ? 'ceil' : 'floor', args: [inner], start: token.start, end: close.end };
    }
    throw new SyntaxProblem(token.kind === 'end' ? 'unexpected end of the expression' : `unexpected '${token.text}'`, token.start, Math.max(1, token.end - token.start));
  }
}

/**
 * Parses a size in the SPEC §1.6 syntax (or the pretty form) into an expression under the
 * algebra's assumptions. A plain integer parses to a constant expression.
 */
export function parseExpression(text: string, algebra: SymbolicAlgebra): ParseResult {
  try {
    const inexact: InexactDivision[] = [];
    const value = build(new Parser(tokenize(text)).parseAll(), algebra, inexact);
    return { ok: true, value, inexact };
  } catch (error) {
    if (error instanceof SyntaxProblem) return { ok: false, error: { message: error.message, offset: error.offset, length: error.length } };
    throw error;
  }
}

function divisorOf(node: Node, algebra: SymbolicAlgebra, inexact: InexactDivision[]): number {
  const value = build(node, algebra, inexact);
  const constant = isExpr(value) ? constantValue(value) : undefined;
  if (constant === undefined) throw new SyntaxProblem('a size can only be divided by an integer', node.start, node.end - node.start);
  if (constant < 1) throw new SyntaxProblem('the divisor must be a positive integer', node.start, node.end - node.start);
  return constant;
}

function build(node: Node, algebra: SymbolicAlgebra, inexact: InexactDivision[]): SymValue {
  switch (node.kind) {
    case 'int':
      return algebra.add(node.value, 0);
    case 'name':
      return algebra.symbol(node.name);
    case 'neg':
      return algebra.mul(build(node.arg, algebra, inexact), -1);
    case 'call': {
      const [only] = node.args;
      if (node.fn === 'min' || node.fn === 'max') return algebra[node.fn](...node.args.map((arg) => build(arg, algebra, inexact)));
      // floor(x / k), ceil(x / k): the outermost division is the rounded one.
      if (only.kind !== 'binary' || only.op !== '/') return build(only, algebra, inexact);
      const divisor = divisorOf(only.right, algebra, inexact);
      const dividend = build(only.left, algebra, inexact);
      return node.fn === 'floor' ? algebra.floorDiv(dividend, divisor) : algebra.ceilDiv(dividend, divisor);
    }
    default: {
      const left = build(node.left, algebra, inexact);
      if (node.op === '/') {
        const divisor = divisorOf(node.right, algebra, inexact);
        const exact = algebra.divideExactly(left, divisor);
        if (exact.kind === 'expr' || left.kind === 'unknown') return exact;
        inexact.push({ offset: node.start, length: node.end - node.start, reason: exact.reason });
        return algebra.floorDiv(left, divisor);
      }
      const right = build(node.right, algebra, inexact);
      if (node.op === '+') return algebra.add(left, right);
      if (node.op === '-') return algebra.sub(left, right);
      if (isExpr(left) && isExpr(right) && constantValue(left) === undefined && constantValue(right) === undefined) {
        throw new SyntaxProblem('a size can only be multiplied by an integer', node.start, node.end - node.start);
      }
      return algebra.mul(left, right);
    }
  }
}
