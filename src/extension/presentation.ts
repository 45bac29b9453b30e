// Text shown by the editor features, kept free of `vscode` so it can be unit-tested in Node.
import type { DocumentAnalysis, LayerResult, ModelResult } from '../core/analysis';
import { formatCount, formatShape } from '../core/formatting';
import type { Framework, Shape } from '../core/ir';

/** What an inlay hint shows (setting `convlens.inlayHints.show`). */
export type HintContent = 'output' | 'inputAndOutput';

export function inlayHintLabel(layer: LayerResult, show: HintContent): string {
  const output = `→ ${formatShape(layer.output)}`;
  if (show === 'output') return output;
  const inputs = layer.inputs.length > 1 ? layer.inputs : [layer.input];
  return `${inputs.map(formatShape).join(', ')} ${output}`;
}

const CHANNELS_FIRST: ReadonlySet<Framework> = new Set(['pytorch', 'onnx']);

/**
 * The spatial sizes of a transposed conv's input and output. The layer only records its input's
 * spatial sizes, so the spatial axes are found where those sizes sit in the input shape, trying
 * the framework's default layout first (channels-first for PyTorch and ONNX).
 */
export function transposedSpatialSizes(layer: LayerResult, framework: Framework): { input: Shape; output: Shape | null } | undefined {
  const geometry = layer.transposedConv;
  if (!geometry) return undefined;
  const rank = geometry.rank;
  const offsets = CHANNELS_FIRST.has(framework) ? [2, 1] : [1, 2];
  const sameSizes = (shape: Shape, offset: number) =>
    shape.length >= offset + rank && geometry.inputSpatial.every((size, axis) => String(shape[offset + axis]) === String(size));
  const offset = offsets.find((candidate) => layer.input !== null && sameSizes(layer.input, candidate)) ?? offsets[0];
  const output = layer.output && layer.output.length >= offset + rank ? layer.output.slice(offset, offset + rank) : null;
  return { input: geometry.inputSpatial, output };
}

/** `Preview upsampling (8×8 → 16×16)`; undefined for layers that are not transposed convs. */
export function previewTitle(layer: LayerResult, framework: Framework): string | undefined {
  const sizes = transposedSpatialSizes(layer, framework);
  if (!sizes) return undefined;
  const output = sizes.output ? sizes.output.join('×') : '?';
  return `Preview upsampling (${sizes.input.join('×')} → ${output})`;
}

/** Escapes text from the model file so Markdown shows it literally. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');
}

/**
 * Text from the model file as a Markdown code span that it cannot close early: the fence is one
 * backtick longer than any run inside, and line breaks (which could end the paragraph) are spaces.
 */
export function codeSpan(text: string): string {
  const flat = text.replace(/[\r\n]+/g, ' ');
  const longest = (flat.match(/`+/g) ?? []).reduce((most, run) => Math.max(most, run.length), 0);
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** `H {0, 1}, W {0, 1}`. */
function perAxis(values: { axis: string; text: string | undefined }[]): string | undefined {
  const present = values.filter((value): value is { axis: string; text: string } => value.text !== undefined);
  return present.length ? present.map(({ axis, text }) => `${axis} ${text}`).join(', ') : undefined;
}

/**
 * The hover over a layer, as Markdown: shapes, per-axis formulas, counts, the rule applied and,
 * for transposed convs, the valid output_padding values, reachable sizes and the preview link.
 */
export function layerHoverMarkdown(layer: LayerResult, previewCommandUri?: string): string {
  const inputs = layer.inputs.length > 1 ? layer.inputs : [layer.input];
  const sections = [
    `**${escapeMarkdown(layer.name)}** · ${codeSpan(layer.type)}`,
    `Input ${inputs.map((shape) => codeSpan(formatShape(shape))).join(', ')} → output ${codeSpan(formatShape(layer.output))}`,
  ];
  if (layer.unknownBecause) sections.push(escapeMarkdown(layer.unknownBecause.reason));
  if (layer.axes?.length) sections.push(layer.axes.map(({ axis, formula }) => `- ${axis}: \`${formula}\``).join('\n'));
  sections.push(`Parameters: ${formatCount(layer.params)} · Multiply-adds: ${formatCount(layer.macs)}`);
  if (layer.rule) sections.push(`Rule: ${escapeMarkdown(layer.rule)}`);
  if (layer.transposedConv && layer.axes) {
    const outputPaddingName = layer.transposedConv.paramNames.outputPadding;
    const valid = perAxis(layer.axes.map(({ axis, validOutputPadding }) => ({ axis, text: validOutputPadding && `{${validOutputPadding.join(', ')}}` })));
    const reachable = perAxis(
      layer.axes.map(({ axis, reachableOutput }) => ({
        axis,
        text: reachableOutput && (reachableOutput[0] === reachableOutput[1] ? `${reachableOutput[0]}` : `${reachableOutput[0]}–${reachableOutput[1]}`),
      })),
    );
    if (valid) sections.push(`Valid \`${outputPaddingName}\`: ${valid}`);
    if (reachable) sections.push(`Reachable output sizes: ${reachable}`);
  }
  if (previewCommandUri) sections.push(`[Preview upsampling](${previewCommandUri})`);
  return sections.join('\n\n');
}

/** A layer with its model and the indices the preview command takes. */
export interface LayerEntry {
  model: ModelResult;
  modelIndex: number;
  layer: LayerResult;
  layerIndex: number;
}

/** Every layer of a document. */
export function* allLayers(analysis: DocumentAnalysis): Generator<LayerEntry> {
  for (const [modelIndex, model] of analysis.models.entries()) {
    for (const [layerIndex, layer] of model.layers.entries()) yield { model, modelIndex, layer, layerIndex };
  }
}
