/** What the writers of every syntax share: flow-style lists and the entries of replacement layers. */
import type { CarriedEntries, ReplacementLayer, WrittenValue } from '../ir';

/** A key and a value, both already written in the target syntax. */
export type WrittenEntry = [key: string, valueText: string];

/** Writes a quick-fix value as a flow/JSON literal: `1`, `[1, 1]`, `"same"` via `formatString`. */
export function formatFlowValue(value: WrittenValue, formatString: (text: string) => string): string {
  if (typeof value === 'string') return formatString(value);
  if (Array.isArray(value)) return `[${value.map(String).join(', ')}]`;
  return String(value);
}

/**
 * Each replacement layer's entries (`type` first when `withType`), written in the target
 * syntax, with the replaced layer's carried entries added where the layer does not set them.
 */
export function writtenLayerEntries(
  layers: readonly ReplacementLayer[],
  carried: CarriedEntries,
  formatKey: (key: string) => string,
  formatValue: (value: WrittenValue) => string,
  withType: boolean,
): WrittenEntry[][] {
  const written = layers.map((layer): WrittenEntry[] => [
    ...(withType ? [['type', formatValue(layer.type)] as WrittenEntry] : []),
    ...layer.params.map(([key, value]): WrittenEntry => [formatKey(key), formatValue(value)]),
  ]);
  if (written.length > 0) {
    carry(written[0], carried.first, formatKey);
    carry(written[written.length - 1], carried.last, formatKey);
  }
  return written;
}

function carry(entries: WrittenEntry[], carried: CarriedEntries['first'], formatKey: (key: string) => string): void {
  for (const [key, valueText] of carried) {
    const written = formatKey(key);
    if (!entries.some(([existing]) => existing === written)) entries.push([written, valueText]);
  }
}
