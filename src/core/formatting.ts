import { UNKNOWN_TEXT, styledDimText, type Dim } from './dims';
import type { ExpressionStyle } from './symbolic/format';

/** `[N, 256, 8, 8]`; `?` where the whole shape is unknown. Symbolic sizes plain (CLI) or `pretty` (editor: `[N, 64, ⌈H/2⌉, 2W]`). */
export function formatShape(shape: readonly Dim[] | null, style: ExpressionStyle = 'plain'): string {
  return shape ? `[${shape.map((dim) => styledDimText(dim, style)).join(', ')}]` : UNKNOWN_TEXT;
}

/** `8×8`: spatial sizes as the preview names them (with the editor's glyphs where symbolic). */
export function formatArea(sizes: readonly Dim[]): string {
  return sizes.map((dim) => styledDimText(dim, 'pretty')).join('×');
}

/** `1,234,567`; `?` for a count that cannot be known. */
export function formatCount(count: number | null): string {
  return count === null ? UNKNOWN_TEXT : String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `text` cut to `limit` characters, the last of them an ellipsis, when it is longer. */
export function shorten(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** The text from `start` to `end` on one line, shortened for messages. */
export function excerptOf(text: string, start: number, end: number, limit: number): string {
  return shorten(text.slice(start, end).replace(/\s+/g, ' '), limit);
}
