import type { Dim } from './ir';

/** `[N, 256, 8, 8]`; `?` where the whole shape is unknown. */
export function formatShape(shape: readonly Dim[] | null): string {
  return shape ? `[${shape.join(', ')}]` : '?';
}

/** `1,234,567`; `?` for a count that cannot be known. */
export function formatCount(count: number | null): string {
  return count === null ? '?' : String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `text` cut to `limit` characters, the last of them an ellipsis, when it is longer. */
export function shorten(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}

/** The text from `start` to `end` on one line, shortened for messages. */
export function excerptOf(text: string, start: number, end: number, limit: number): string {
  return shorten(text.slice(start, end).replace(/\s+/g, ' '), limit);
}
