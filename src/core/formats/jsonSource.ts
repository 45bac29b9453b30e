/**
 * A small JSON parser that keeps the offsets of every value and key (JSON.parse keeps none).
 * It also accepts Python's `NaN`, `Infinity` and `-Infinity`, which `json.dumps` writes.
 */
import type { SourceEntry, SourceValue, Span } from '../ir';

export type JsonParseResult = { ok: true; value: SourceValue } | { ok: false; message: string; span: Span };

/** Deeper nesting than this is refused rather than risking the call stack. */
export const MAX_JSON_DEPTH = 512;

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly span: Span,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORDS: [string, (span: Span) => SourceValue][] = [
  ['true', (span) => ({ kind: 'boolean', value: true, span })],
  ['false', (span) => ({ kind: 'boolean', value: false, span })],
  ['null', (span) => ({ kind: 'null', span })],
  ['NaN', (span) => ({ kind: 'number', value: NaN, span })],
  ['Infinity', (span) => ({ kind: 'number', value: Infinity, span })],
  ['-Infinity', (span) => ({ kind: 'number', value: -Infinity, span })],
];

/** Parses a whole JSON text; a syntax error comes back with its position. */
export function parseJsonSource(text: string): JsonParseResult {
  const parser = new JsonParser(text);
  try {
    const value = parser.document();
    return { ok: true, value };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { ok: false, message: error.message, span: error.span };
    throw error;
  }
}

class JsonParser {
  private at = 0;

  constructor(private readonly text: string) {}

  document(): SourceValue {
    const value = this.value(0);
    this.skipWhitespace();
    if (this.at < this.text.length) this.fail('Unexpected text after the end of the JSON value');
    return value;
  }

  private value(depth: number): SourceValue {
    if (depth > MAX_JSON_DEPTH) this.fail(`Nested more than ${MAX_JSON_DEPTH} levels deep`);
    this.skipWhitespace();
    const start = this.at;
    const char = this.text[start];
    if (char === '{') return this.object(depth);
    if (char === '[') return this.array(depth);
    if (char === '"') return { kind: 'string', value: this.string(), span: { start, end: this.at } };
    for (const [word, make] of WORDS) {
      if (this.text.startsWith(word, start)) {
        this.at += word.length;
        return make({ start, end: this.at });
      }
    }
    NUMBER.lastIndex = start;
    const number = NUMBER.exec(this.text);
    if (number) {
      this.at += number[0].length;
      return { kind: 'number', value: Number(number[0]), span: { start, end: this.at } };
    }
    return this.fail(start >= this.text.length ? 'Unexpected end of text; expected a value' : 'Expected a value');
  }

  private object(depth: number): SourceValue {
    const start = this.at++;
    const entries: SourceEntry[] = [];
    this.skipWhitespace();
    if (this.text[this.at] === '}') {
      this.at++;
      return { kind: 'map', entries, span: { start, end: this.at } };
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.at] !== '"') this.fail('Expected a property name in double quotes');
      const keyStart = this.at;
      const key = this.string();
      const keySpan = { start: keyStart, end: this.at };
      this.expect(':', "Expected ':' after the property name");
      entries.push({ key, keySpan, value: this.value(depth + 1) });
      if (this.separator('}', "Expected ',' or '}' after the property value")) break;
    }
    return { kind: 'map', entries, span: { start, end: this.at } };
  }

  private array(depth: number): SourceValue {
    const start = this.at++;
    const items: SourceValue[] = [];
    this.skipWhitespace();
    if (this.text[this.at] === ']') {
      this.at++;
      return { kind: 'list', items, span: { start, end: this.at } };
    }
    for (;;) {
      items.push(this.value(depth + 1));
      if (this.separator(']', "Expected ',' or ']' after the array element")) break;
    }
    return { kind: 'list', items, span: { start, end: this.at } };
  }

  /** Consumes `,` (returns false) or the closing bracket (returns true). */
  private separator(close: string, message: string): boolean {
    this.skipWhitespace();
    const char = this.text[this.at];
    if (char === ',') {
      this.at++;
      return false;
    }
    if (char === close) {
      this.at++;
      return true;
    }
    return this.fail(message);
  }

  private string(): string {
    const start = this.at;
    let end = start + 1;
    let escaped = false;
    for (;;) {
      const char = this.text[end];
      if (char === undefined || char === '\n') this.fail('Unterminated string', { start, end });
      if (char === '"') break;
      if (char === '\\') {
        escaped = true;
        end++;
      }
      end++;
    }
    this.at = end + 1;
    const literal = this.text.slice(start, this.at);
    if (!escaped && !/[\u0000-\u001f]/.test(literal)) return literal.slice(1, -1);
    try {
      return JSON.parse(literal) as string;
    } catch {
      return this.fail('Invalid escape or control character in string', { start, end: this.at });
    }
  }

  private expect(char: string, message: string): void {
    this.skipWhitespace();
    if (this.text[this.at] !== char) this.fail(message);
    this.at++;
  }

  private skipWhitespace(): void {
    let at = this.at;
    const text = this.text;
    while (at < text.length) {
      const char = text.charCodeAt(at);
      if (char !== 0x20 && char !== 0x0a && char !== 0x0d && char !== 0x09) break;
      at++;
    }
    this.at = at;
  }

  private fail(message: string, span?: Span): never {
    const start = Math.min(this.at, this.text.length);
    throw new JsonSyntaxError(message, span ?? { start, end: Math.min(start + 1, this.text.length) });
  }
}
