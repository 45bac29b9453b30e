import { strict as assert } from 'assert';
import { MAX_JSON_DEPTH, parseJsonSource } from '../../../src/core/formats/kerasJson/jsonSource';
import type { SourceValue } from '../../../src/core/ir';
import { sliceOf } from './textEdits';

function parsed(text: string): SourceValue {
  const result = parseJsonSource(text);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

function failure(text: string): { message: string; at: number } {
  const result = parseJsonSource(text);
  if (result.ok) throw new Error('expected a syntax error');
  return { message: result.message, at: result.span.start };
}

describe('JSON with offsets', () => {
  it('gives the same values as JSON.parse', () => {
    const text = '{"a": [1, -2.5e3, true, false, null], "b": {"c": "x\\u00e9\\n\\"y\\""}, "": []}';
    const toPlain = (value: SourceValue): unknown => {
      if (value.kind === 'list') return value.items.map(toPlain);
      if (value.kind === 'map') return Object.fromEntries(value.entries.map((entry) => [entry.key, toPlain(entry.value)]));
      if (value.kind === 'null') return null;
      if (value.kind === 'unknown') return undefined;
      return value.value;
    };
    assert.deepEqual(toPlain(parsed(text)), JSON.parse(text));
  });

  it('keeps the span of every key and value', () => {
    const text = '{\n  "kernel_size": [3, 3],\n  "padding": "same"\n}';
    const root = parsed(text);
    assert.equal(root.kind, 'map');
    if (root.kind !== 'map') return;
    assert.equal(sliceOf(text, root.span), text);
    const [kernel, padding] = root.entries;
    assert.equal(sliceOf(text, kernel.keySpan), '"kernel_size"');
    assert.equal(sliceOf(text, kernel.value.span), '[3, 3]');
    assert.equal(kernel.value.kind === 'list' && sliceOf(text, kernel.value.items[1].span), '3');
    assert.equal(sliceOf(text, padding.value.span), '"same"');
  });

  it("reads Python's NaN and Infinity", () => {
    const root = parsed('[NaN, Infinity, -Infinity]');
    assert.equal(root.kind, 'list');
    if (root.kind !== 'list') return;
    assert.deepEqual(
      root.items.map((item) => item.kind === 'number' && item.value),
      [NaN, Infinity, -Infinity],
    );
  });

  it('reports syntax errors where they are', () => {
    assert.deepEqual(failure('{"a": 1 "b": 2}'), { message: "Expected ',' between values", at: 8 });
    assert.deepEqual(failure('{"a" 1}'), { message: "Expected ':' after the property name", at: 5 });
    assert.deepEqual(failure('[1, 2,]'), { message: 'Expected a value', at: 6 });
    assert.deepEqual(failure('{"a": "open'), { message: 'Unterminated string', at: 6 });
    assert.deepEqual(failure('{a: 1}'), { message: 'Unexpected text; expected a JSON value or punctuation', at: 1 });
    assert.deepEqual(failure('{"a": 1,}'), { message: 'Expected a property name in double quotes', at: 8 });
    assert.deepEqual(failure('[1] x'), { message: 'Unexpected text; expected a JSON value or punctuation', at: 4 });
    assert.deepEqual(failure('[1] [2]'), { message: 'Unexpected text after the end of the JSON value', at: 4 });
    assert.deepEqual(failure(''), { message: 'Unexpected end of text; expected a value', at: 0 });
    assert.deepEqual(failure('["\\x"]'), { message: 'Invalid escape character in string', at: 1 });
    assert.deepEqual(failure('["a\tb"]'), { message: 'Invalid control character in string', at: 1 });
    assert.deepEqual(failure('// a comment\n{}'), { message: 'Comments are not allowed in JSON', at: 0 });
  });

  it('reports the first error, not the echoes of it found while reading on', () => {
    assert.deepEqual(failure('{"a": [1, 2}, "b": tru}'), { message: "Expected ',' between values", at: 11 });
    assert.deepEqual(failure('[1, [2'), { message: "Unexpected end of text; expected ']' to close the array", at: 6 });
  });

  it("keeps the offsets after Python's constants and never replaces them inside strings", () => {
    const text = '{"a": [NaN, -Infinity], "NaN": "Infinity", "b": 7}';
    const root = parsed(text);
    assert.ok(root.kind === 'map');
    const [a, quoted, b] = root.entries;
    assert.equal(sliceOf(text, a.value.span), '[NaN, -Infinity]');
    assert.equal(quoted.key, 'NaN');
    assert.deepEqual(quoted.value.kind === 'string' && quoted.value.value, 'Infinity');
    assert.equal(sliceOf(text, b.value.span), '7');
    assert.equal(b.value.kind === 'number' && b.value.value, 7);
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const error = failure(deep);
    assert.equal(error.at, MAX_JSON_DEPTH + 1);
    assert.match(error.message, /Nested more than/);
  });
});
