import type { Span, TextEdit } from '../../../src/core/ir';

/** The source text a span covers. */
export function sliceOf(text: string, span: Span | undefined): string {
  if (!span) throw new Error('no span');
  return text.slice(span.start, span.end);
}

/** Applies non-overlapping edits, as an editor would. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.span.start - a.span.start);
  return sorted.reduce((result, edit) => result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end), text);
}
