// Text shown by the editor features, kept free of `vscode` so it can be unit-tested in Node.
import type { AxisExplanation, DocumentAnalysis, LayerResult, ModelResult } from '../core/analysis';
import { styledDimText, unknownText } from '../core/dims';
import { evaluate, symbolsOf } from '../core/symbolic';
import { formatArea, formatCount, formatShape } from '../core/formatting';
import type { Shape } from '../core/ir';
import { INTERPRETER_BUDGETS } from '../core/limits';

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

/** One model's layers at one place of the document (one layer, or several where a loop added them there). */
export interface ModelLayers {
  model: ModelResult;
  layers: LayerEntry[];
}

/**
 * Layers grouped by the place `placeOf` gives them (their hint offset, their span), each place's
 * by model, in document order. Several models at one place are those a builder called more than
 * once made (`madeBy`), or graphs that share layers (an encoder inside its autoencoder).
 */
export function layersByPlace(entries: Iterable<LayerEntry>, placeOf: (layer: LayerResult) => number | string): ModelLayers[][] {
  const places = new Map<number | string, Map<ModelResult, ModelLayers>>();
  for (const entry of entries) {
    const key = placeOf(entry.layer);
    const place = places.get(key) ?? new Map<ModelResult, ModelLayers>();
    places.set(key, place);
    const own = place.get(entry.model);
    if (own) own.layers.push(entry);
    else place.set(entry.model, { model: entry.model, layers: [entry] });
  }
  return [...places.values()].map((place) => [...place.values()]);
}

/** A model among others built at the same place: `big (line 12)`, by the call that made it; `quote` writes the name (a code span in Markdown). */
export function builtModelName(model: ModelResult, lineOf: LineOf, quote: (name: string) => string = (name) => name): string {
  const name = quote(model.name || 'model');
  return model.madeBy ? `${name} (line ${lineOf(model.madeBy.call.start)})` : name;
}

/**
 * Where the code that built a place's models built more than ConvLens reads (a loop of 10,000
 * turns: `INTERPRETER_BUDGETS.modelsPerCall`), says how many it read of how many.
 */
export function beyondBudgetNote(place: readonly ModelLayers[]): string | undefined {
  const madeBy = place.find(({ model }) => model.madeBy?.beyond)?.model.madeBy;
  if (!madeBy?.beyond) return undefined;
  const read = madeBy.group.length;
  return `ConvLens reads the first ${formatCount(read)} of the ${formatCount(read + madeBy.beyond)} models built here (at most ${INTERPRETER_BUDGETS.modelsPerCall} per \`tf.sequential\` or \`tf.model\` call); the others are not analysed.`;
}

/** The longest hint that gives each model's shapes at a shared place (a hint past the line's end is out of view). */
const MAX_SHARED_HINT = 100;

/** An inlay hint as the editor shows it. */
export interface HintText {
  label: string;
  tooltip?: string;
}

/**
 * The inlay hints at one place. One model there: a hint per layer (a loop's layers in turn).
 * Several models (a builder called twice): where every model has the same shapes there, those
 * hints once, their tooltip naming the models; where they differ, one hint that gives each
 * model's shapes under its name (`small: → [N, 30, 30, 8] · big: → [N, 62, 62, 8]`; models alike
 * share a name list), or says that they differ where that would be longer than
 * {@link MAX_SHARED_HINT}, its tooltip giving each — never one call's shape as if it were the only one.
 */
export function placeHints(place: readonly ModelLayers[], show: HintContent, lineOf: LineOf): HintText[] {
  const hints = (layers: readonly LayerEntry[], note?: string): HintText[] =>
    layers.map(({ layer }) => {
      const tooltip = [unknownExplanation(layer, lineOf), note].filter(Boolean).join('\n\n');
      return tooltip ? { label: inlayHintLabel(layer, show), tooltip } : { label: inlayHintLabel(layer, show) };
    });
  if (place.length === 1) return hints(place[0].layers);
  const shapes = place.map(({ layers }) => layers.map(({ layer }) => inlayHintLabel(layer, show)).join(' '));
  const names = place.map(({ model }) => builtModelName(model, lineOf));
  const beyond = beyondBudgetNote(place);
  if (shapes.every((shape) => shape === shapes[0])) return hints(place[0].layers, [`The same in the ${place.length} models built here: ${names.join(', ')}.`, beyond].filter(Boolean).join(' '));
  const alike = new Map<string, string[]>();
  place.forEach(({ model }, index) => alike.set(shapes[index], [...(alike.get(shapes[index]) ?? []), model.name || 'model']));
  const unknowns = place.flatMap(({ layers }, index) => layers.map(({ layer }) => unknownExplanation(layer, lineOf)).filter(Boolean).map((text) => `${names[index]}: ${text}`));
  const each = [...alike].map(([shape, models]) => `${models.join(', ')}: ${shape}`).join(' · ');
  return [
    {
      label: each.length <= MAX_SHARED_HINT ? each : `→ differs in the ${place.length} models built here`,
      tooltip: [`${place.length} models are built here, with different shapes:`, ...(beyond ? [beyond] : []), ...place.map((_model, index) => `${names[index]}: ${shapes[index]}`), ...unknowns].join('\n'),
    },
  ];
}

/** A *Preview upsampling* lens: its title and the layer it previews. */
export interface PreviewLens {
  title: string;
  entry: LayerEntry;
}

/**
 * The *Preview upsampling* lenses of one place: one per transposed convolution there, but one per
 * different preview where several models have the layer (a builder called more than once, or in
 * a loop; an encoder inside its autoencoder) — a layer whose hover is the same in two models
 * previews the same — named there by the first model it is of where the previews differ.
 */
export function previewLenses(place: readonly ModelLayers[], lineOf: LineOf): PreviewLens[] {
  const previews = new Map<string, { title: string; entries: LayerEntry[] }>();
  for (const { layers } of place) {
    for (const entry of layers) {
      const title = previewTitle(entry.layer);
      if (!title) continue;
      const key = layerHoverMarkdown(entry.layer, lineOf);
      const preview = previews.get(key);
      if (preview) preview.entries.push(entry);
      else previews.set(key, { title, entries: [entry] });
    }
  }
  if (previews.size < 2 || place.length < 2) return [...previews.values()].map(({ title, entries }) => ({ title, entry: entries[0] }));
  return [...previews.values()].map(({ title, entries: [entry, ...others] }) => ({
    title: `${title} in ${builtModelName(entry.model, lineOf)}${others.length > 0 ? ` and ${others.length} more` : ''}`,
    entry,
  }));
}

/** Models whose layer one hover shows in full; the Outline lists the others. */
const MAX_HOVERED_MODELS = 4;

/**
 * The hover over a place where several models have a layer (a builder's line, called twice):
 * each model's layer hover under its name, or the one hover once where they are all alike.
 * `hoverOf` is a layer's hover (`layerHoverMarkdown` with its preview link and model totals).
 */
export function sharedHoverMarkdown(place: readonly ModelLayers[], lineOf: LineOf, hoverOf: (entry: LayerEntry, linked: boolean) => string): string {
  const firsts = place.map(({ layers }) => layers[0]);
  if (firsts.length === 1) return hoverOf(firsts[0], true);
  const names = place.map(({ model }) => builtModelName(model, lineOf, codeSpan));
  const unlinked = firsts.map((entry) => hoverOf(entry, false));
  const beyond = beyondBudgetNote(place);
  const note = beyond ? `\n\n${beyond}` : '';
  if (unlinked.every((hover) => hover === unlinked[0])) return `${hoverOf(firsts[0], true)}\n\nThe same in the ${place.length} models built here: ${names.join(', ')}.${note}`;
  const shown = firsts.slice(0, MAX_HOVERED_MODELS).map((entry, index) => `**In ${names[index]}**\n\n${hoverOf(entry, true)}`);
  const more = firsts.length - shown.length;
  const rest = more > 0 ? [`…and ${more} more (the Outline lists every model).`] : [];
  return [`${place.length} models are built here, with different shapes:${note}`, ...shown, ...rest].join('\n\n---\n\n');
}
