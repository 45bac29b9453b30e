/**
 * Where the edits of a layer read from TypeScript go, recorded as data for the TypeScript writer
 * (`writers/typescriptWriter.ts`): `, key: value` into an object literal, layers into an array or
 * in place of an `add` statement. Only offsets and short texts: a read layer must not keep the
 * syntax tree alive once reading is done.
 */
import type * as TS from 'typescript';
import type { CarriedEntries, SourceEntry, SourceLayer, SourceValue, Span, TypeScriptInsertion, TypeScriptReplacement } from '../../ir';
import { layerFromEntries } from '../convlensSchema';
import { lineBreakOf, lineStartOf } from '../sourceValues';
import type { Evaluator } from './typescriptFolding';

/** Where a layer's configuration is written, so that a quick fix can add a parameter to it. */
export type ConfigSite =
  /** An object literal: the new entry goes after its last property. */
  | { kind: 'object'; node: TS.ObjectLiteralExpression }
  /** A call without arguments (`tf.layers.flatten()`): a new object goes between the parentheses. */
  | { kind: 'empty'; offset: number }
  /** Something else (a `const` name): it is wrapped as `{...config, key: value}`. */
  | { kind: 'expression'; node: TS.Expression };

/** Where a layer's expression sits, so that a quick fix can replace it by several layers. */
export interface ReplaceSite {
  /** The text to replace. */
  span: Span;
  /** Joins written layers: `,` in an array, `;` between statements. */
  separator: ',' | ';';
  /** How each layer is written: a ConvLens object literal, or a TF.js factory call. */
  style: 'literal' | 'factory';
  /** `model` in `model.add(...)`, when each layer is written as an `add` statement of its own. */
  receiver?: Span;
}

/** Where a new parameter goes in a configuration. */
export function insertionAt(evaluator: Evaluator, config: ConfigSite): TypeScriptInsertion {
  if (config.kind === 'object') {
    const properties = config.node.properties;
    if (properties.length === 0) {
      const at = evaluator.start(config.node) + 1;
      return { syntax: 'typescript', style: 'firstEntry', start: at, end: at };
    }
    const at = properties[properties.length - 1].end;
    return { syntax: 'typescript', style: 'nextEntry', start: at, end: at };
  }
  if (config.kind === 'empty') return { syntax: 'typescript', style: 'newObject', start: config.offset, end: config.offset };
  const start = evaluator.start(config.node);
  return { syntax: 'typescript', style: 'spread', start, end: config.node.end, expression: evaluator.text.slice(start, config.node.end) };
}

/**
 * Where a layer is replaced by several (`factory`: the `tf.layers` written before the factory;
 * absent: `tf.layers`). The entries it carries are filled in by its reader.
 */
export function replacementAt(evaluator: Evaluator, site: ReplaceSite, factory?: Span): TypeScriptReplacement {
  // Texts as written (slices, no copies): the writer tidies them when a fix is written.
  const text = evaluator.text;
  const lineStart = lineStartOf(text, site.span.start);
  const startsLine = isBlank(text, lineStart, site.span.start);
  const replacement: TypeScriptReplacement = {
    syntax: 'typescript',
    span: site.span,
    style: site.style,
    separator: site.separator,
    factory: factory ? writtenFactory(text, factory) : DEFAULT_FACTORY,
    carried: NOTHING_CARRIED,
  };
  if (startsLine) {
    replacement.lineBreak = lineBreakOf(text);
    replacement.indentation = recentSlices.reuse(text, lineStart, site.span.start);
  }
  if (site.receiver) replacement.receiver = recentSlices.reuse(text, site.receiver.start, site.receiver.end);
  return replacement;
}

const DEFAULT_FACTORY = 'tf.layers';

/** Whether only spaces and tabs are written in `[start, end)`. */
function isBlank(text: string, start: number, end: number): boolean {
  for (let at = start; at < end; at++) {
    const code = text.charCodeAt(at);
    if (code !== 32 && code !== 9) return false;
  }
  return true;
}

/**
 * The short texts a replacement records (the indentation, `model` of `model.add`) are the same
 * for most layers of a file: the last ones are reused rather than copied once per layer.
 */
const recentSlices = {
  recent: [] as string[],
  reuse(text: string, start: number, end: number): string {
    const length = end - start;
    for (const slice of this.recent) if (slice.length === length && text.startsWith(slice, start)) return slice;
    const slice = text.slice(start, end);
    this.recent = [slice, ...this.recent.slice(0, 3)];
    return slice;
  },
};

/** The factory's namespace as written; the usual `tf.layers` without a copy of it per layer. */
function writtenFactory(text: string, factory: Span): string {
  const usual = factory.end - factory.start === DEFAULT_FACTORY.length && text.startsWith(DEFAULT_FACTORY, factory.start);
  return usual ? DEFAULT_FACTORY : text.slice(factory.start, factory.end);
}

/** A value as written in the source, to be written again elsewhere (an entry a replacement carries). */
export function writtenText(evaluator: Evaluator, value: SourceValue): string {
  return evaluator.text.slice(value.span.start, value.span.end);
}

export interface LayerParts {
  type: string;
  typeSpan: Span;
  typeNameSpan?: Span;
  /** Every entry of the layer's configuration; `reserved` keys are taken out of `params`. */
  entries: SourceEntry[];
  reserved: ReadonlySet<string>;
  /** Whether the entries may miss some (a spread the reader could not follow). */
  entriesIncomplete?: boolean;
  from?: SourceValue;
  span: Span;
  hintOffset: number;
  config: ConfigSite;
  replace?: ReplaceSite;
  /** Entries a replacement keeps: on its first layer (the model's input), and on its last (the name). */
  carriedFirst?: readonly string[];
  carriedLast?: readonly string[];
  /** Where `tf.layers` (or its alias) is written before the factory; absent: `tf.layers`. */
  factory?: Span;
}

/** Builds a TF.js layer from its parts, with where its edits go. */
export function buildLayer(evaluator: Evaluator, parts: LayerParts): SourceLayer {
  const layer = layerFromEntries(
    parts.entries,
    parts.reserved,
    parts.type,
    parts.typeSpan,
    parts.span,
    parts.hintOffset,
    insertionAt(evaluator, parts.config),
  );
  layer.from = parts.from;
  layer.typeNameSpan = parts.typeNameSpan;
  if (parts.entriesIncomplete) layer.indeterminate = true;
  if (parts.replace) {
    const replacement = replacementAt(evaluator, parts.replace, parts.factory);
    replacement.carried = carriedEntries(evaluator, parts.entries, parts.carriedFirst ?? [], parts.carriedLast ?? []);
    layer.replacement = replacement;
  }
  return layer;
}

/** What a replacement carries when the layer has nothing to carry (shared: never changed in place). */
const NOTHING_CARRIED: CarriedEntries = { first: [], last: [] };

function carriedEntries(evaluator: Evaluator, entries: readonly SourceEntry[], first: readonly string[], last: readonly string[]): CarriedEntries {
  let carried = NOTHING_CARRIED;
  for (const entry of entries) {
    const toFirst = first.includes(entry.key);
    if (!toFirst && !last.includes(entry.key)) continue;
    if (carried === NOTHING_CARRIED) carried = { first: [], last: [] };
    // The last entry of a key wins, as in the layer's own reading.
    const to = toFirst ? carried.first : carried.last;
    const at = to.findIndex(([key]) => key === entry.key);
    const written: [string, string] = [entry.key, writtenText(evaluator, entry.value)];
    if (at < 0) to.push(written);
    else to[at] = written;
  }
  return carried;
}
