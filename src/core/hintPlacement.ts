/**
 * Where a layer's inlay hint goes. Readers put it at the end of the layer's first line (YAML) or
 * after the layer call (TypeScript); on a long one-line call that end is off-screen.
 */
import type { LayerResult } from './analysis';

/**
 * A hint that would start beyond this column (0-based) moves next to the layer's type. 100 fits
 * a half-width editor at the default font on a laptop screen and the usual formatter line limits
 * (Prettier 80, Black 88, ESLint max-len 100), so hints on formatted code never move.
 */
export const MAX_HINT_COLUMN = 100;

/** A 0-based line and character, as an editor's `positionAt` answers. */
export interface LineCharacter {
  line: number;
  character: number;
}

/**
 * The offset of a layer's hint: its `hintOffset`, or — when that lies beyond
 * {@link MAX_HINT_COLUMN} and the type ends earlier on the same line — right after the type (the
 * callee of `tf.layers.conv2d(...)`, the `type` value of an object), where it stays in view.
 */
export function hintOffsetOf(layer: Pick<LayerResult, 'hintOffset' | 'typeSpan'>, positionAt: (offset: number) => LineCharacter): number {
  const hint = positionAt(layer.hintOffset);
  if (hint.character <= MAX_HINT_COLUMN || layer.typeSpan.end >= layer.hintOffset) return layer.hintOffset;
  return positionAt(layer.typeSpan.end).line === hint.line ? layer.typeSpan.end : layer.hintOffset;
}
