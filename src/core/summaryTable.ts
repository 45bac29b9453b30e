import type { ModelResult } from './analysis';
import type { Shape } from './ir';

/** `[N, 256, 8, 8]`; `?` where the whole shape is unknown. */
export function formatShape(shape: Shape | null): string {
  return shape ? `[${shape.join(', ')}]` : '?';
}

/** `1,234,567`, or `?`. */
export function formatCount(count: number | null): string {
  return count === null ? '?' : count.toLocaleString('en-US');
}

/**
 * The model summary as a fixed-width text table in the manner of Keras `summary()`:
 * one row per layer with its type, input and output shapes and parameter count, then totals.
 */
export function formatSummaryTable(model: ModelResult): string {
  const header = ['Layer (type)', 'Input shape', 'Output shape', 'Params'];
  const rows = model.layers.map((layer) => [
    `${layer.name} (${layer.type})`,
    formatShape(layer.input),
    formatShape(layer.output),
    formatCount(layer.params),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 3 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('   ').trimEnd();
  const rule = (char: string) => char.repeat(widths.reduce((sum, width) => sum + width, 0) + 3 * (widths.length - 1));
  const known = model.layers.every((layer) => layer.params !== null);
  const total = model.layers.reduce((sum, layer) => sum + (layer.params ?? 0), 0);
  return [
    `Model: "${model.name}" (${model.framework})`,
    rule('━'),
    line(header),
    rule('━'),
    ...rows.map(line),
    rule('━'),
    `Total params: ${known ? formatCount(total) : `${formatCount(total)} (some layers unknown)`}`,
  ].join('\n');
}
