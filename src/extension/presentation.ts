// Text shown by the editor features, kept free of `vscode` so it can be unit-tested in Node.
import type { AxisExplanation, DocumentAnalysis, LayerResult, ModelResult } from '../core/analysis';
import { styledDimText, unknownText } from '../core/dims';
import { evaluate, symbolsOf } from '../core/symbolic';
import { formatArea, formatCount, formatShape } from '../core/formatting';
import type { Shape } from '../core/ir';

/** What an inlay hint shows (setting `convlens.inlayHints.show`). */
export type HintContent = 'output' | 'inputAndOutput';

/** A shape as the editor shows it: symbolic sizes with glyphs (`[N, 64, ⌈H/2⌉, 2W]`). */
function editorShape(shape: Shape | null): string {
  return formatShape(shape, 'pretty');
}

export function inlayHintLabel(layer: LayerResult, show: HintContent): string {
  const output = `→ ${editorShape(layer.output)}`;
  if (show === 'output') return output;
  const inputs = layer.inputs.length > 1 ? layer.inputs : [layer.input];
  return `${inputs.map(editorShape).join(', ')} ${output}`;
}

/** Sizes people commonly give a symbolic spatial size: the hover shows the output at each. */
const COMMON_SIZES = [224, 256, 512, 640] as const;

/**
 * The output of a layer with symbolic sizes at a few common sizes, every symbol but the batch's
 * set to each (`At 224: [N, 64, 112, 112]`); a size the assumptions exclude shows as `—`.
 * Undefined when the output has no symbolic size beyond the batch.
 */
export function commonSizesLine(output: Shape | null): string | undefined {
  if (!output || !output.slice(1).some((dim) => dim.kind === 'symbolic')) return undefined;
  const names = new Set(output.slice(1).flatMap((dim) => (dim.kind === 'symbolic' ? symbolsOf(dim.expr).map((symbol) => symbol.name) : [])));
  const rows = COMMON_SIZES.map((size) => {
    const values = Object.fromEntries([...names].map((name) => [name, size]));
    const dims = output.map((dim, axis) => {
      if (axis === 0 || dim.kind !== 'symbolic') return styledDimText(dim, 'pretty');
      return String(evaluate(dim.expr, values) ?? '—');
    });
    return `${size}: [${dims.join(', ')}]`;
  });
  return `At ${[...names].join(' = ')} = ${rows.join(' · ')}`;
}

/**
 * The spatial sizes of a transposed conv's input and output. The spatial axes are the last
 * `rank` before the channel axis (channels last) or at the end (channels first), whether or not
 * a batch axis leads.
 */
export function transposedSpatialSizes(layer: LayerResult): { input: Shape; output: Shape | null } | undefined {
  const geometry = layer.transposedConv;
  if (!geometry) return undefined;
  const shape = layer.output;
  const end = shape && (geometry.channelsLast ? shape.length - 1 : shape.length);
  const output = shape && end !== null && end - geometry.rank >= 0 ? shape.slice(end - geometry.rank, end) : null;
  return { input: geometry.inputSpatial, output };
}

/** `Preview upsampling (8×8 → 16×16)`; undefined for layers that are not transposed convs. */
export function previewTitle(layer: LayerResult): string | undefined {
  const sizes = transposedSpatialSizes(layer);
  if (!sizes) return undefined;
  const output = sizes.output ? formatArea(sizes.output) : '?';
  return `Preview upsampling (${formatArea(sizes.input)} → ${output})`;
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

/** The 1-based line of a character offset in the analysed document. */
export type LineOf = (offset: number) => number;

/**
 * Why the layer's output (or a dimension of it) is unknown, pointing where that started:
 * `Unknown because the inputs of Concat 'cat3' do not line up — see the error at line 15.`
 * Undefined when nothing about the output is unknown.
 */
export function unknownExplanation(layer: LayerResult, lineOf: LineOf): string | undefined {
  const reason = layer.unknown;
  return reason && `Unknown because ${unknownText(reason, lineOf(reason.span.start))}.`;
}

/** A formula as the hover lists it: in symbols, then with the numbers (`= (8−1)·2 … = 16`). */
function formulaLines({ axis, formula, symbolic }: AxisExplanation): string {
  return symbolic ? `- ${codeSpan(symbolic)}  \n  ${codeSpan(`= ${formula}`)}` : `- ${axis}: ${codeSpan(formula)}`;
}

/**
 * The totals of an Ultralytics model as `model.info()` prints them: layers (leaf modules, not
 * rows), parameters (the sum of the rows'), gradients and GFLOPs at 640×640 (or the defined image size).
 */
export function ultralyticsModelTotals(model: ModelResult): string | undefined {
  const totals = model.ultralytics;
  if (!totals) return undefined;
  const gflops = totals.gflops === null ? '?' : totals.gflops.toFixed(1);
  const counts = `${formatCount(totals.layers)} layers, ${formatCount(totals.parameters)} parameters, ${formatCount(totals.gradients)} gradients, ${gflops} GFLOPs at ${totals.imageSize.join('×')}`;
  const release = totals.release === undefined ? '' : ` Built as Ultralytics ${totals.release} builds it.`;
  return `Model ${codeSpan(model.name)}: ${counts} (as \`model.info()\` counts them).${release}`;
}

/**
 * The hover over a layer, as Markdown: shapes (and why any is unknown), per-axis formulas, counts,
 * the rule applied and, for transposed convs, the valid output_padding values, reachable sizes
 * and the preview link; `modelTotals` (a YOLO row's) is added after its own counts.
 */
export function layerHoverMarkdown(layer: LayerResult, lineOf: LineOf, previewCommandUri?: string, modelTotals?: string): string {
  const inputs = layer.inputs.length > 1 ? layer.inputs : [layer.input];
  const sections = [
    `**${escapeMarkdown(layer.title)}** · ${codeSpan(layer.type)}`,
    `Input ${inputs.map((shape) => codeSpan(editorShape(shape))).join(', ')} → output ${codeSpan(editorShape(layer.output))}`,
  ];
  const common = commonSizesLine(layer.output);
  if (common) sections.push(escapeMarkdown(common));
  if (layer.otherOutputs?.length) {
    sections.push(`Also returns ${layer.otherOutputs.map(({ name, shape }) => `${codeSpan(name)} ${codeSpan(editorShape(shape))}`).join(', ')} (the output is the first element)`);
  }
  const unknown = unknownExplanation(layer, lineOf);
  if (unknown) sections.push(escapeMarkdown(unknown));
  if (layer.axes?.length) sections.push(layer.axes.map(formulaLines).join('\n'));
  sections.push(`Parameters: ${formatCount(layer.params)} · Multiply-adds: ${formatCount(layer.macs)}`);
  if (layer.paramsUnknown) sections.push(escapeMarkdown(`Parameters unknown because ${layer.paramsUnknown}`));
  if (modelTotals) sections.push(modelTotals);
  if (layer.rule) sections.push(`Rule: ${escapeMarkdown(layer.rule)}`);
  if (layer.builtElsewhere) sections.push(`Written in ${layer.builtElsewhere}, built by this call`);
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
