import type { Dim } from './ir';

/** `[N, 256, 8, 8]`; `?` where the whole shape is unknown. */
export function formatShape(shape: readonly Dim[] | null): string {
  return shape ? `[${shape.join(', ')}]` : '?';
}

/** `1,234,567`; `?` for a count that cannot be known. */
export function formatCount(count: number | null): string {
  return count === null ? '?' : String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
