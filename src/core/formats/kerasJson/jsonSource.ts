/**
 * JSON read into {@link SourceValue}s that keep the offsets of every value and key (JSON.parse
 * keeps none), by `jsonc-parser`, the parser of VS Code's own JSON support. Two things are done
 * before it runs, in one pass over the text:
 * - Python's `NaN`, `Infinity` and `-Infinity`, which `json.dumps` writes, are swapped for numbers
 *   of the same length (offsets stay valid) and read back as those values;
 * - nesting deeper than {@link MAX_JSON_DEPTH} is refused, because jsonc-parser recurses per level
 *   and where the stack runs out depends on the host.
 */
// The ES module build: the UMD build that `main` names loads its parts by a `require` that bundlers cannot follow.
import { printParseErrorCode, visit, type JSONVisitor, type ParseErrorCode } from 'jsonc-parser/lib/esm/main.js';
import type { SourceEntry, SourceValue, Span } from '../../ir';

export type JsonParseResult = { ok: true; value: SourceValue } | { ok: false; message: string; span: Span };

/** Deeper nesting than this is refused rather than risking the call stack. */
export const MAX_JSON_DEPTH = 512;

/** What each jsonc-parser error code means, in the words of the diagnostic. */
const ERROR_MESSAGES: Record<ReturnType<typeof printParseErrorCode>, string> = {
  InvalidSymbol: 'Unexpected text; expected a JSON value or punctuation',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'Expected a property name in double quotes',
  ValueExpected: 'Expected a value',
  ColonExpected: "Expected ':' after the property name",
  CommaExpected: "Expected ',' between values",
  CloseBraceExpected: "Expected '}' to close the object",
  CloseBracketExpected: "Expected ']' to close the array",
  EndOfFileExpected: 'Unexpected text after the end of the JSON value',
  InvalidCommentToken: 'Comments are not allowed in JSON',
  UnexpectedEndOfComment: 'Unterminated comment',
  UnexpectedEndOfString: 'Unterminated string',
  UnexpectedEndOfNumber: 'Unterminated number',
  InvalidUnicode: 'Invalid unicode escape in string',
  InvalidEscapeCharacter: 'Invalid escape character in string',
  InvalidCharacter: 'Invalid control character in string',
  '<unknown ParseErrorCode>': 'Invalid JSON',
};

/** Python's non-finite floats, and the same-length JSON numbers that stand in for them while parsing. */
const PYTHON_CONSTANTS: readonly [word: string, value: number, standIn: string][] = [
  ['-Infinity', -Infinity, '-0e000000'],
  ['Infinity', Infinity, '0e000000'],
  ['NaN', NaN, '0e0'],
];

/**
 * Parses a whole JSON text; a syntax error comes back with its position. Only the first is kept:
 * the ones jsonc-parser finds after it, reading on, are mostly echoes of it (VS Code's JSON
 * support shows them all anyway).
 */
export function parseJsonSource(text: string): JsonParseResult {
  const prepared = prepare(text);
  if ('tooDeep' in prepared) {
    const start = prepared.tooDeep;
    return { ok: false, message: `Nested more than ${MAX_JSON_DEPTH} levels deep`, span: { start, end: start + 1 } };
  }
  const builder = new SourceValueBuilder(prepared.constants, text.length);
  visit(prepared.text, builder.visitor, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  return builder.error ? { ok: false, ...builder.error } : { ok: true, value: builder.root! };
}

type ContainerValue = Extract<SourceValue, { kind: 'map' | 'list' }>;

/** Builds the SourceValue tree from jsonc-parser's visitor callbacks. */
class SourceValueBuilder {
  root: SourceValue | undefined;
  error: { message: string; span: Span } | undefined;
  /** Open objects and arrays, innermost last. */
  private readonly open: ContainerValue[] = [];
  /** The entry whose key was just read; its value comes next (a value always follows its key). */
  private pending: SourceEntry | undefined;

  constructor(
    private readonly constants: ReadonlyMap<number, number>,
    private readonly textLength: number,
  ) {}

  readonly visitor: JSONVisitor = {
    onObjectBegin: (offset) => this.begin({ kind: 'map', entries: [], span: { start: offset, end: offset } }),
    onArrayBegin: (offset) => this.begin({ kind: 'list', items: [], span: { start: offset, end: offset } }),
    onObjectEnd: (offset, length) => this.end(offset + length),
    onArrayEnd: (offset, length) => this.end(offset + length),
    onObjectProperty: (key, offset, length) => {
      const keySpan = { start: offset, end: offset + length };
      // Until its value is read, the entry holds a null there (only a syntax error leaves it so).
      const entry: SourceEntry = { key, keySpan, value: { kind: 'null', span: keySpan } };
      const map = this.open[this.open.length - 1];
      if (map.kind === 'map') map.entries.push(entry);
      this.pending = entry;
    },
    onLiteralValue: (value: unknown, offset, length) => this.add(this.literal(value, { start: offset, end: offset + length })),
    onError: (code: ParseErrorCode, offset, length) => {
      if (this.error) return;
      const message = ERROR_MESSAGES[printParseErrorCode(code)];
      this.error =
        offset < this.textLength
          ? { message, span: { start: offset, end: offset + Math.max(length, 1) } }
          : { message: `Unexpected end of text; ${message[0].toLowerCase()}${message.slice(1)}`, span: { start: offset, end: offset } };
    },
  };

  private literal(value: unknown, span: Span): SourceValue {
    switch (typeof value) {
      case 'string':
        return { kind: 'string', value, span };
      case 'boolean':
        return { kind: 'boolean', value, span };
      case 'number':
        return { kind: 'number', value: this.constants.size === 0 ? value : (this.constants.get(span.start) ?? value), span };
      default:
        return { kind: 'null', span };
    }
  }

  private begin(value: ContainerValue): void {
    this.add(value);
    this.open.push(value);
  }

  private end(end: number): void {
    this.open.pop()!.span.end = end;
  }

  private add(value: SourceValue): void {
    if (this.pending) {
      this.pending.value = value;
      this.pending = undefined;
      return;
    }
    const parent = this.open[this.open.length - 1];
    if (!parent) this.root = value;
    else if (parent.kind === 'list') parent.items.push(value);
  }
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const OPEN_BRACE = 123;
const CLOSE_BRACKET = 93;
const CLOSE_BRACE = 125;
/** Characters the pass below acts on: quotes, brackets, and the first letters of Python's constants. */
const SPECIAL = new Uint8Array(128);
for (const char of '"[]{}NI-') SPECIAL[char.charCodeAt(0)] = 1;

/**
 * One pass over the text outside strings: the offset of the first bracket nested too deep, or the
 * text with Python's constants replaced and their values by offset.
 */
function prepare(text: string): { tooDeep: number } | { text: string; constants: Map<number, number> } {
  const constants = new Map<number, number>();
  const replaced: [offset: number, standIn: string][] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char >= 128 || SPECIAL[char] === 0) continue;
    if (char === QUOTE) {
      i++;
      while (i < text.length && text.charCodeAt(i) !== QUOTE) i += text.charCodeAt(i) === BACKSLASH ? 2 : 1;
    } else if (char === OPEN_BRACKET || char === OPEN_BRACE) {
      if (depth > MAX_JSON_DEPTH) return { tooDeep: i };
      depth++;
    } else if (char === CLOSE_BRACKET || char === CLOSE_BRACE) {
      depth--;
    } else {
      const constant = PYTHON_CONSTANTS.find(([word]) => text.startsWith(word, i));
      if (constant) {
        constants.set(i, constant[1]);
        replaced.push([i, constant[2]]);
        i += constant[0].length - 1;
      }
    }
  }
  if (replaced.length === 0) return { text, constants };
  let standIns = '';
  let from = 0;
  for (const [offset, standIn] of replaced) {
    standIns += text.slice(from, offset) + standIn;
    from = offset + standIn.length;
  }
  return { text: standIns + text.slice(from), constants };
}
