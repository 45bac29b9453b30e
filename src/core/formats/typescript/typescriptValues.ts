/**
 * The values and entries the TypeScript reader folds, one object each. A value is its own span:
 * `start` and `end` sit on the value and `span` returns the value itself; an entry is the span of
 * its key the same way. A 500-layer file holds thousands of values, each of which had a span
 * object of its own beside it.
 *
 * They are built by constructors rather than literals: all scalars share one object shape
 * whatever their kind, and V8 does not move them to the old generation as it does the objects of
 * a literal that tend to survive (which made `{start, end}` literals the reader's costliest line).
 */
import type { SourceEntry, SourceValue, Span } from '../../ir';

/** A span the reader keeps in what it builds (the span of a layer, its type, its receiver...). */
class TextSpan {
  constructor(
    readonly start: number,
    readonly end: number,
  ) {}
}

type ScalarKind = 'number' | 'string' | 'boolean' | 'null';

// A value is its own span: one `span` getter, set on each class's prototype below, rather than
// a shared base class (with a `super` call per value, reading the benchmark's model took 15% longer).

class ScalarValue {
  declare readonly span: Span;

  constructor(
    readonly kind: ScalarKind,
    readonly value: number | string | boolean | null,
    readonly start: number,
    readonly end: number,
  ) {}
}

class ListValue {
  readonly kind = 'list';
  declare readonly span: Span;

  constructor(
    readonly items: SourceValue[],
    readonly start: number,
    readonly end: number,
  ) {}
}

class MapValue {
  readonly kind = 'map';
  declare readonly span: Span;

  constructor(
    readonly entries: SourceEntry[],
    readonly start: number,
    readonly end: number,
  ) {}
}

class UnknownValue {
  readonly kind = 'unknown';
  declare readonly span: Span;

  constructor(
    readonly text: string,
    readonly start: number,
    readonly end: number,
    readonly because?: string,
    readonly size?: string,
  ) {}
}

/** An entry is the span of its key. */
class Entry {
  declare readonly keySpan: Span;

  constructor(
    readonly key: string,
    readonly value: SourceValue,
    readonly start: number,
    readonly end: number,
  ) {}
}

function returnSelf<T>(this: T): T {
  return this;
}
for (const located of [ScalarValue, ListValue, MapValue, UnknownValue]) Object.defineProperty(located.prototype, 'span', { get: returnSelf });
Object.defineProperty(Entry.prototype, 'keySpan', { get: returnSelf });

export function spanAt(start: number, end: number): Span {
  return new TextSpan(start, end);
}

export function numberAt(value: number, start: number, end: number): SourceValue {
  return new ScalarValue('number', value, start, end) as SourceValue;
}

export function stringAt(value: string, start: number, end: number): SourceValue {
  return new ScalarValue('string', value, start, end) as SourceValue;
}

export function booleanAt(value: boolean, start: number, end: number): SourceValue {
  return new ScalarValue('boolean', value, start, end) as SourceValue;
}

export function nullAt(start: number, end: number): SourceValue {
  return new ScalarValue('null', null, start, end) as SourceValue;
}

export function listAt(items: SourceValue[], start: number, end: number): SourceValue {
  return new ListValue(items, start, end);
}

export function mapAt(entries: SourceEntry[], start: number, end: number): SourceValue {
  return new MapValue(entries, start, end);
}

/** A value the reader cannot know; `because` (a clause) says why, where the interpreter knows. */
export function unknownAt(text: string, start: number, end: number, because?: string, size?: string): SourceValue {
  return new UnknownValue(text, start, end, because, size);
}

/** An entry whose key is written at `[start, end)`. */
export function entryAt(key: string, value: SourceValue, start: number, end: number): SourceEntry {
  return new Entry(key, value, start, end);
}

/** The same value located elsewhere (`SIZES[0]` is located where it is read, not where it is defined). */
export function relocated(value: SourceValue, start: number, end: number): SourceValue {
  switch (value.kind) {
    case 'list':
      return listAt(value.items, start, end);
    case 'map':
      return mapAt(value.entries, start, end);
    case 'unknown':
      return unknownAt(value.text, start, end, value.because, value.size);
    case 'null':
      return nullAt(start, end);
    default:
      return new ScalarValue(value.kind, value.value, start, end) as SourceValue;
  }
}
