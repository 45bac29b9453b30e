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

/** A layer's input shapes (the several of a merge layer) as a hint shows them. */
function inputsLabel(layer: LayerResult): string {
  const inputs = layer.inputs.length > 1 ? layer.inputs : [layer.input];
  return inputs.map(editorShape).join(', ');
}

export function inlayHintLabel(layer: LayerResult, show: HintContent): string {
  const output = `→ ${editorShape(layer.output)}`;
  return show === 'output' ? output : `${inputsLabel(layer)} ${output}`;
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

/** `Frozen by `bn.trainable = …` at line 7: its weights (8 parameters) do not train and are not counted`. */
function frozenLine({ by, weights }: NonNullable<LayerResult['frozen']>): string {
  const counted = weights === null ? '' : ` (${formatCount(weights)} parameters)`;
  return escapeMarkdown(`Frozen by ${by}: its weights${counted} do not train and are not counted`);
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
  if (layer.frozen) sections.push(frozenLine(layer.frozen));
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
 * VS Code's `editor.inlayHints.maximumLength` by default: the editor cuts the hints of a line
 * past that many characters in all (0: never), so a place's hints must say what they have to
 * within it.
 */
export const EDITOR_HINT_LENGTH = 43;

/** Layers a tooltip or a hover lists one by one; the Outline lists every layer. */
const MAX_LISTED_LAYERS = 40;

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

/** An inlay hint as the editor shows it. */
export interface HintText {
  label: string;
  tooltip?: string;
}

/**
 * The inlay hints at one place, within `maxLength` characters in all (the editor's
 * `editor.inlayHints.maximumLength`, {@link EDITOR_HINT_LENGTH} by default; 0: no limit), past
 * which the editor would cut them. One model there: a hint per layer (a loop's layers in turn),
 * or, where those would not fit (a long loop, an entry file's call that built a whole model in
 * another file), one hint with the count and the first and last shapes or the last alone, its
 * tooltip listing the layers. Several models (a builder called twice): where every model has the
 * same shapes there, those hints once, their tooltip naming the models; where they differ, one
 * hint that gives each model's shapes under its name (`small: → [N, 30, 30, 8] · big: → [N, 62,
 * 62, 8]`; models alike share a name list), or says that they differ where that would not fit,
 * its tooltip giving each — never one call's shape as if it were the only one.
 */
export function placeHints(place: readonly ModelLayers[], show: HintContent, lineOf: LineOf, maxLength = EDITOR_HINT_LENGTH): HintText[] {
  const fits = (label: string) => maxLength === 0 || label.length <= maxLength;
  const hints = (layers: readonly LayerEntry[], note?: string): HintText[] => {
    const each = layers.map(({ layer }) => {
      const tooltip = [unknownExplanation(layer, lineOf), note].filter(Boolean).join('\n\n');
      return tooltip ? { label: inlayHintLabel(layer, show), tooltip } : { label: inlayHintLabel(layer, show) };
    });
    if (fits(each.map(({ label }) => label).join(' '))) return each;
    return [{ label: throughLabel(layers, show, maxLength), tooltip: [layerListText(layers, lineOf), note].filter(Boolean).join('\n\n') }];
  };
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
      label: fits(each) ? each : `→ differs in the ${place.length} models built here`,
      tooltip: [`${place.length} models are built here, with different shapes:`, ...(beyond ? [beyond] : []), ...place.map((_model, index) => `${names[index]}: ${shapes[index]}`), ...unknowns].join('\n'),
    },
  ];
}

/**
 * Several layers at one place in one hint, within `maxLength` (0: no limit): the first and the
 * last output, `4 layers: [N, 8, 8, 512] … [N, 64, 64, 64]` (a loop's progression), or where that
 * is too long the last alone, `31 layers → [N, 96, 96, 4]`; with the inputs shown, `[N, 4, 4,
 * 512] → 4 layers → [N, 64, 64, 64]`.
 */
function throughLabel(layers: readonly LayerEntry[], show: HintContent, maxLength: number): string {
  const first = layers[0].layer;
  const last = layers[layers.length - 1].layer;
  const count = `${layers.length} layers`;
  if (show !== 'output') return `${inputsLabel(first)} → ${count} ${inlayHintLabel(last, 'output')}`;
  const span = `${count}: ${editorShape(first.output)} … ${editorShape(last.output)}`;
  return maxLength === 0 || span.length <= maxLength ? span : `${count} ${inlayHintLabel(last, 'output')}`;
}

/** Why any of `layers` is unknown, each reason once. */
function distinctUnknowns(layers: readonly LayerEntry[], lineOf: LineOf): string[] {
  return [...new Set(layers.map(({ layer }) => unknownExplanation(layer, lineOf)).filter((text): text is string => text !== undefined))];
}

/** A layer as a list names it: `stem_conv (conv2d) → [N, 96, 96, 16]`. */
function layerLine(layer: LayerResult): string {
  return `${layer.title} (${layer.type}) ${inlayHintLabel(layer, 'output')}`;
}

/** The layers at one place as a tooltip lists them, at most {@link MAX_LISTED_LAYERS}, and why any is unknown. */
function layerListText(layers: readonly LayerEntry[], lineOf: LineOf): string {
  const listed = layers.slice(0, MAX_LISTED_LAYERS).map(({ layer }) => layerLine(layer));
  const more = layers.length - listed.length;
  const unknowns = distinctUnknowns(layers, lineOf);
  return [`${layers.length} layers are built here:`, ...listed, ...(more > 0 ? [`…and ${more} more (the Outline lists every layer).`] : []), ...unknowns].join('\n');
}

/** Models (or one model's layers) at one place whose hovers one hover shows in full; the Outline lists the others. */
const MAX_HOVERED_IN_FULL = 4;

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

/**
 * The hover over a place where several models have a layer (a builder's line, called twice):
 * each model's layer hover under its name, or the one hover once where they are all alike. One
 * model there: its layers' hovers (see {@link placeLayersMarkdown}). `hoverOf` is a layer's hover
 * (`layerHoverMarkdown` with its preview link and model totals); `previewLinkOf` the link to a
 * transposed convolution's preview, for the list of many layers.
 */
export function sharedHoverMarkdown(
  place: readonly ModelLayers[],
  lineOf: LineOf,
  hoverOf: (entry: LayerEntry, linked: boolean) => string,
  previewLinkOf: (entry: LayerEntry) => string | undefined = () => undefined,
): string {
  const firsts = place.map(({ layers }) => layers[0]);
  if (firsts.length === 1) return placeLayersMarkdown(place[0].layers, lineOf, hoverOf, previewLinkOf);
  const names = place.map(({ model }) => builtModelName(model, lineOf, codeSpan));
  const unlinked = firsts.map((entry) => hoverOf(entry, false));
  const beyond = beyondBudgetNote(place);
  const note = beyond ? `\n\n${beyond}` : '';
  if (unlinked.every((hover) => hover === unlinked[0])) return `${hoverOf(firsts[0], true)}\n\nThe same in the ${place.length} models built here: ${names.join(', ')}.${note}`;
  const shown = firsts.slice(0, MAX_HOVERED_IN_FULL).map((entry, index) => `**In ${names[index]}**\n\n${hoverOf(entry, true)}`);
  const more = firsts.length - shown.length;
  const rest = more > 0 ? [`…and ${more} more (the Outline lists every model).`] : [];
  return [`${place.length} models are built here, with different shapes:${note}`, ...shown, ...rest].join('\n\n---\n\n');
}

/**
 * The hover over one model's layers at one place: the layer's own hover; a few (a short loop)
 * each in full; more (an entry file's call that built a whole model in another file) as a table,
 * at most {@link MAX_LISTED_LAYERS} rows, with their parameters, why any is unknown, and a link
 * to each transposed convolution's preview.
 */
function placeLayersMarkdown(
  layers: readonly LayerEntry[],
  lineOf: LineOf,
  hoverOf: (entry: LayerEntry, linked: boolean) => string,
  previewLinkOf: (entry: LayerEntry) => string | undefined,
): string {
  if (layers.length === 1) return hoverOf(layers[0], true);
  const heading = `${layers.length} layers are built here:`;
  if (layers.length <= MAX_HOVERED_IN_FULL) return [heading, ...layers.map((entry) => hoverOf(entry, true))].join('\n\n---\n\n');
  const listed = layers.slice(0, MAX_LISTED_LAYERS);
  const rows = listed.map((entry, index) => {
    const { layer } = entry;
    const link = previewLinkOf(entry);
    const name = `${escapeMarkdown(layer.title)} ${codeSpan(layer.type)}${link ? ` · [Preview](${link})` : ''}`;
    return `| ${index + 1} | ${name} | ${codeSpan(editorShape(layer.output))} | ${formatCount(layer.params)} |`;
  });
  const more = layers.length - listed.length;
  const unknowns = distinctUnknowns(layers, lineOf);
  const written = [...new Set(layers.map(({ layer }) => layer.builtElsewhere).filter((place): place is string => place !== undefined))];
  return [
    `**${heading}**`,
    ['| | Layer | Output | Parameters |', '|--:|---|---|--:|', ...rows].join('\n'),
    ...(more > 0 ? [`…and ${more} more (the Outline lists every layer).`] : []),
    ...unknowns.map(escapeMarkdown),
    ...(written.length ? [`Written in ${written.slice(0, 3).join(', ')}${written.length > 3 ? ', …' : ''}, built by this call`] : []),
  ].join('\n\n');
}
