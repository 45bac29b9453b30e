/** Options a vocabulary reads but does not model: the output becomes unknown, saying which option. */
import type { LayerParams, ParamKey } from '../engine/params';

/**
 * Makes the layer's output unknown where the source sets `key` (an option whose effect on the
 * shape ConvLens does not model), rather than computing the shape as if it were left at its
 * default: the reason of the `?` names the option and its value.
 */
export function notModelled(params: LayerParams, key: ParamKey): void {
  const entry = params.entry(key);
  if (!entry) return;
  params.indeterminate = true;
  params.unfolded ??= { name: typeof key === 'string' ? key : key[0], value: entry.value };
}
