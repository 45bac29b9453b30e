/**
 * Size limits that keep one analysis within its budget (about a second on hostile input) in the
 * shared extension host. They are counts, not clocks, so that the same file gets the same result
 * in the editor and in CI. Hitting one is never silent: an `analysis-limit` diagnostic says what
 * was not analysed.
 */
import { Code, SEVERITY, type Diagnostic } from './diagnostics';
import type { SourceModel, Span } from './ir';
import type { ModelFormat } from './analyzeDocument';

/** Longer texts are not analysed at all (hand-written models are a few kilobytes). */
export const MAX_TEXT_LENGTH = 4 * 1024 * 1024;
/**
 * YAML files with more lines plus commas than this are not parsed: the `yaml` parser spends
 * about 10 µs per node, so a 10^6-element list alone would take seconds.
 */
export const MAX_YAML_ITEMS = 100_000;
/** Layers after this many in one model are not analysed. */
export const MAX_LAYERS = 10_000;

const count = (value: number) => value.toLocaleString('en-US');

function limitDiagnostic(message: string, span: Span): Diagnostic {
  return { code: Code.analysisLimit, severity: SEVERITY[Code.analysisLimit], message, span };
}

/** The first line, where a file-level limit is reported. */
function firstLine(text: string): Span {
  const end = text.search(/\r|\n/);
  return { start: 0, end: end < 0 ? Math.min(text.length, 200) : end };
}

/** Lines plus commas: a cheap upper bound on the number of YAML nodes. */
function yamlItems(text: string): number {
  let items = 1;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (char === 10 /* \n */ || char === 44 /* , */) items++;
  }
  return items;
}

/** Why a text is too large to read at all, or undefined when it may be read. */
export function textLimitDiagnostic(text: string, format: ModelFormat): Diagnostic | undefined {
  if (text.length > MAX_TEXT_LENGTH) {
    return limitDiagnostic(
      `This file has ${count(text.length)} characters; ConvLens analyses files of up to ${count(MAX_TEXT_LENGTH)}, so nothing in it was analysed.`,
      firstLine(text),
    );
  }
  if (format === 'yaml') {
    const items = yamlItems(text);
    if (items > MAX_YAML_ITEMS) {
      return limitDiagnostic(
        `This YAML file has about ${count(items)} items (lines and commas); ConvLens reads YAML files of up to ${count(MAX_YAML_ITEMS)}, so nothing in it was analysed.`,
        firstLine(text),
      );
    }
  }
  return undefined;
}

/** The model cut to {@link MAX_LAYERS} layers, with the diagnostic that says so at the first layer left out. */
export function limitLayers(model: SourceModel): { model: SourceModel; diagnostic?: Diagnostic } {
  if (model.layers.length <= MAX_LAYERS) return { model };
  const skipped = model.layers.length - MAX_LAYERS;
  const first = model.layers[MAX_LAYERS];
  return {
    model: { ...model, layers: model.layers.slice(0, MAX_LAYERS) },
    diagnostic: limitDiagnostic(
      `This model has ${count(model.layers.length)} layers; ConvLens analyses the first ${count(MAX_LAYERS)}. ` +
        `The other ${count(skipped)}, from this one on, have no shapes and are not checked.`,
      first.typeSpan,
    ),
  };
}
