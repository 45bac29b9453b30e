/**
 * Helpers shared by the model readers: looking things up in {@link SourceValue} trees, reader
 * diagnostics, the `framework` key, and the line arithmetic that edits and inlay-hint offsets need.
 */
import { Code, SEVERITY, type Diagnostic, type DiagnosticCode } from '../diagnostics';
import { FRAMEWORKS, plainSpan, type Framework, type SourceEntry, type SourceValue, type Span } from '../ir';

export type MapValue = Extract<SourceValue, { kind: 'map' }>;
export type ListValue = Extract<SourceValue, { kind: 'list' }>;
export type StringValue = Extract<SourceValue, { kind: 'string' }>;

/** A diagnostic found while reading, with the severity SPEC.md gives its code. */
export function readerDiagnostic(code: DiagnosticCode, message: string, span: Span): Diagnostic {
  return { code, severity: SEVERITY[code], message, span: plainSpan(span) };
}

/** A model's `framework`: pytorch when absent; anything but a known name is reported and read as pytorch. */
export function readFramework(entry: SourceEntry | undefined, diagnostics: Diagnostic[]): Framework {
  if (!entry) return 'pytorch';
  const value = entry.value;
  if (value.kind === 'string' && (FRAMEWORKS as readonly string[]).includes(value.value)) return value.value as Framework;
  diagnostics.push(
    readerDiagnostic(
      Code.invalidParameter,
      `Unknown framework; expected one of ${FRAMEWORKS.join(', ')}. Shapes follow pytorch until this is fixed.`,
      value.span,
    ),
  );
  return 'pytorch';
}

/** The last entry named `key` (later keys win, as in a YAML/JSON load). */
export function lastEntry(entries: readonly SourceEntry[], key: string): SourceEntry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    if (entries[i].key === key) return entries[i];
  }
  return undefined;
}

export function findEntry(map: MapValue, key: string): SourceEntry | undefined {
  return lastEntry(map.entries, key);
}

export function entryValue(map: MapValue, key: string): SourceValue | undefined {
  return findEntry(map, key)?.value;
}

export function asMap(value: SourceValue | undefined): MapValue | undefined {
  return value?.kind === 'map' ? value : undefined;
}

export function asList(value: SourceValue | undefined): ListValue | undefined {
  return value?.kind === 'list' ? value : undefined;
}

export function asString(value: SourceValue | undefined): string | undefined {
  return value?.kind === 'string' ? value.value : undefined;
}

/** The span from an entry's key to the end of its value. */
export function entrySpan(entry: SourceEntry): Span {
  return { start: entry.keySpan.start, end: Math.max(entry.keySpan.end, entry.value.span.end) };
}

/**
 * Where a name read from `span` is written literally, for an edit that renames it: the whole span
 * where bare names are allowed (`bare`: YAML's plain scalars, a TypeScript property name) and the
 * span holds exactly the name, or the inside of a quoted string without escapes. Undefined for
 * anything else (a constant, an alias, a concatenation), where replacing the text would not rename it.
 */
export function literalNameSpan(text: string, span: Span, name: string, bare: boolean): Span | undefined {
  const written = text.slice(span.start, span.end);
  if (bare && written === name) return span;
  const quote = written[0];
  const quoted = (quote === '"' || quote === "'" || quote === '`') && written.length === name.length + 2 && written.endsWith(quote);
  return quoted && written.slice(1, -1) === name ? { start: span.start + 1, end: span.end - 1 } : undefined;
}

/** The offset of the first character of the line holding `offset`. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset of the line break (or end of text) ending the line holding `offset`. */
export function lineEndOf(text: string, offset: number): number {
  const newline = text.indexOf('\n', offset);
  const end = newline < 0 ? text.length : newline;
  return end > offset && text[end - 1] === '\r' ? end - 1 : end;
}

/** The last text {@link lineBreakOf} looked at, and its answer. */
let lineBreakMemo: { text: string; lineBreak: string } | undefined;

/**
 * The line break the document already uses. Readers ask once per layer while recording where
 * edits go, so the answer for the last text is remembered (a scan per layer made reading a
 * 2,000-layer file quadratic).
 */
export function lineBreakOf(text: string): string {
  if (lineBreakMemo?.text !== text) lineBreakMemo = { text, lineBreak: text.includes('\r\n') ? '\r\n' : '\n' };
  return lineBreakMemo.lineBreak;
}

/** The run of spaces and tabs that starts the line holding `offset`. */
export function indentationOf(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}
