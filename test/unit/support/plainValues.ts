import type { SourceLayer, SourceValue } from '../../../src/core/ir';

/** A value as plain data without spans: numbers, strings, booleans, null, arrays, `{?: text}` for unknowns. */
export function plain(value: SourceValue | undefined): unknown {
  if (!value) return undefined;
  switch (value.kind) {
    case 'list':
      return value.items.map(plain);
    case 'map':
      return Object.fromEntries(value.entries.map((entry) => [entry.key, plain(entry.value)]));
    case 'unknown':
      return { '?': value.text };
    case 'null':
      return null;
    default:
      return value.value;
  }
}

/** A layer's parameters as a plain object. */
export function params(layer: SourceLayer): Record<string, unknown> {
  return Object.fromEntries(layer.params.map((entry) => [entry.key, plain(entry.value)]));
}
