/**
 * Titles for layers the source leaves unnamed, as Keras names them: the layer type in snake case
 * plus a per-type counter, the first without one (`conv2d_transpose`, `conv2d_transpose_1`, …).
 */

/**
 * Keras' `to_snake_case` (keras/src/utils/naming.py): `Conv2DTranspose` → `conv2d_transpose`,
 * `ReLU` → `re_lu`, TF.js `conv2dTranspose` → `conv2d_transpose`.
 */
export function snakeCase(type: string): string {
  return type
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** Hands out the titles of one model's unnamed layers in order (Keras' `uniquify`, zero-based). */
export class LayerTitles {
  private readonly used = new Map<string, number>();
  private readonly snakeCases = new Map<string, string>();

  /** The next title for an unnamed layer of `type`. */
  next(type: string): string {
    let base = this.snakeCases.get(type);
    if (base === undefined) {
      base = snakeCase(type) || 'layer';
      this.snakeCases.set(type, base);
    }
    const count = this.used.get(base) ?? 0;
    this.used.set(base, count + 1);
    return count === 0 ? base : `${base}_${count}`;
  }
}
