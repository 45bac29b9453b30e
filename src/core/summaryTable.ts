import type { DocumentAnalysis, LayerResult, ModelResult } from './analysis';
import { formatCount, formatShape, shorten } from './formatting';
import type { ExpressionStyle } from './symbolic/format';

/** `up1 (ConvTranspose2d)`, or `conv_transpose2d_1 (ConvTranspose2d)` unnamed, as in Keras' `summary()`: the editor's label. */
export function layerLabel(layer: LayerResult): string {
  return `${layer.title} (${layer.type})`;
}

/** `up1 (ConvTranspose2d)`, or `3 (ReLU)` unnamed: the name SPEC §1.1 gives a layer, as the CLI's table shows it. */
function namedLayerLabel(layer: LayerResult): string {
  return `${layer.name} (${layer.type})`;
}

/** The sum of per-layer counts (`3,157,200`), saying how many layers are unknown: `1,024 (+ 2 layers unknown)`. */
function formatTotal(values: readonly (number | null)[]): string {
  const unknown = values.filter((value) => value === null).length;
  const sum = formatCount(values.reduce<number>((acc, value) => acc + (value ?? 0), 0));
  return unknown ? `${sum} (+ ${unknown} layer${unknown > 1 ? 's' : ''} unknown)` : sum;
}

/**
 * Cells longer than this are shortened: every row is padded to the widest cell, so one layer type
 * of a megabyte (a broken file) would otherwise make every row a megabyte long.
 */
const MAX_CELL_WIDTH = 80;

/**
 * The model summary as a fixed-width text table in the manner of Keras `summary()`: one row per
 * layer (labelled by `label`: the CLI names layers as SPEC does, the editor titles them) with its
 * input and output shapes and parameter count, then the totals. Symbolic sizes in `style`: plain
 * in the CLI, with the editor's glyphs in the editor.
 */
export function formatSummaryTable(model: ModelResult, label: (layer: LayerResult) => string = namedLayerLabel, style: ExpressionStyle = 'plain'): string {
  const header = ['Layer (type)', 'Input Shape', 'Output Shape', 'Param #'];
  const rows = model.layers.map((layer) =>
    [label(layer), formatShape(layer.input, style), formatShape(layer.output, style), formatCount(layer.params)].map((cell) => shorten(cell, MAX_CELL_WIDTH)),
  );
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    ` ${cells.map((cell, column) => (column === cells.length - 1 ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('   ')}`.trimEnd();
  const ruleWidth = widths.reduce((sum, width) => sum + width, 0) + 3 * (widths.length - 1) + 2;
  return [
    `Model: "${model.name}" (${model.framework})`,
    '_'.repeat(ruleWidth),
    line(header),
    '='.repeat(ruleWidth),
    ...rows.map(line),
    '='.repeat(ruleWidth),
    `Total params: ${formatTotal(model.layers.map((layer) => layer.params))}`,
    `Total multiply-adds: ${formatTotal(model.layers.map((layer) => layer.macs))}`,
    '_'.repeat(ruleWidth),
  ].join('\n');
}

/** The summaries of every model in a document as the editor shows them, or a sentence saying there is none. */
export function formatDocumentSummary(analysis: DocumentAnalysis, fileLabel: string): string {
  if (!analysis.models.length) return `No ConvLens model found in ${fileLabel}.\n`;
  return `${analysis.models.map((model) => formatSummaryTable(model, layerLabel, 'pretty')).join('\n\n')}\n`;
}
