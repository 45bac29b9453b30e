import { UNKNOWN_TEXT, dimText, type Dim } from './dims';

/** `[N, 256, 8, 8]`; `?` where the whole shape is unknown. */
export function formatShape(shape: readonly Dim[] | null): string {
  return shape ? `[${shape.map(dimText).join(', ')}]` : UNKNOWN_TEXT;
}

/** `8×8`: spatial sizes as the preview names them. */
export function formatArea(sizes: readonly Dim[]): string {
  return sizes.map(dimText).join('×');
}

/** `[16, ?]`: sizes per axis, `?` where one is not known. */
export function formatSizes(sizes: readonly (number | null)[]): string {
  return `[${sizes.map((size) => size ?? UNKNOWN_TEXT).join(', ')}]`;
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
