import type { Span } from '../../../src/core/ir';

/** Applies non-overlapping edits, as an editor would. */
export { applyTextEdits as applyEdits } from '../../../src/core/previewAnchor';

/** The source text a span covers. */
export function sliceOf(text: string, span: Span | undefined): string {
  if (!span) throw new Error('no span');
  return text.slice(span.start, span.end);
}
