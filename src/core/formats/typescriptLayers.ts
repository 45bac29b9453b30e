/**
 * Building {@link SourceLayer}s from TypeScript syntax, with the edits quick fixes need written
 * in TypeScript syntax (`, key: value` into an object literal, layers into an array).
 */
import type * as TS from 'typescript';
import type { ReplacementLayer, SourceEntry, SourceLayer, SourceValue, Span, TextEdit } from '../ir';
import { formatFlowValue, indentationOf, lastEntry, lineBreakOf, lineStartOf } from './sourceValues';
import type { Evaluator } from './typescriptSyntax';

/** Writes a value as TypeScript: `1`, `[1, 1]`, `'same'`. */
export function formatTypeScriptValue(value: number | number[] | string): string {
  return formatFlowValue(value, quoteString);
}

function quoteString(text: string): string {
  return `'${text.replace(/[\\']/g, (c) => `\\${c}`).replace(/\n/g, '\\n')}'`;
}

/** An object key as TypeScript: bare when it is an identifier, quoted otherwise. */
export function formatKey(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? key : quoteString(key);
}

/** `{key: value, ...}` from a replacement layer's parameters (after any leading entries). */
export function formatObject(entries: [key: string, value: number | number[] | string][]): string {
  return `{${entries.map(([key, value]) => `${formatKey(key)}: ${formatTypeScriptValue(value)}`).join(', ')}}`;
}

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
  /** Writes one replacement layer as the source would. */
  writeLayer(layer: ReplacementLayer): string;
  /** Joins written layers: `,` in an array, `;` between statements. */
  separator: ',' | ';';
}

export interface LayerParts {
  type: string;
  typeSpan: Span;
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
}

/** Builds a layer from its parts, with edits in TypeScript syntax. */
export function buildLayer(evaluator: Evaluator, parts: LayerParts): SourceLayer {
  const nameValue = lastEntry(parts.entries, 'name')?.value;
  const hasName = nameValue?.kind === 'string' || nameValue?.kind === 'number';
  const layer: SourceLayer = {
    type: parts.type,
    typeSpan: parts.typeSpan,
    name: hasName ? String(nameValue.value) : undefined,
    nameSpan: hasName ? nameValue.span : undefined,
    params: parts.entries.filter((entry) => !parts.reserved.has(entry.key)),
    from: parts.from,
    expect: lastEntry(parts.entries, 'expect')?.value,
    span: parts.span,
    hintOffset: parts.hintOffset,
    insertParam: (key, valueText) => insertParam(evaluator, parts.config, key, valueText),
  };
  if (parts.entriesIncomplete) layer.indeterminate = true;
  const replace = parts.replace;
  if (replace) layer.replaceWith = (layers) => replaceLayer(evaluator.text, replace, layers);
  return layer;
}

function insertParam(evaluator: Evaluator, config: ConfigSite, key: string, valueText: string): TextEdit {
  const entry = `${formatKey(key)}: ${valueText}`;
  switch (config.kind) {
    case 'object': {
      const properties = config.node.properties;
      if (properties.length === 0) {
        const open = config.node.getStart(evaluator.file) + 1;
        return { span: { start: open, end: open }, newText: entry };
      }
      const after = properties[properties.length - 1].end;
      return { span: { start: after, end: after }, newText: `, ${entry}` };
    }
    case 'empty':
      return { span: { start: config.offset, end: config.offset }, newText: `{${entry}}` };
    case 'expression': {
      const span = evaluator.span(config.node);
      return { span, newText: `{...${evaluator.text.slice(span.start, span.end)}, ${entry}}` };
    }
  }
}

function replaceLayer(text: string, site: ReplaceSite, layers: ReplacementLayer[]): TextEdit {
  const startsLine = text.slice(lineStartOf(text, site.span.start), site.span.start).trim() === '';
  const separator = startsLine
    ? `${site.separator}${lineBreakOf(text)}${indentationOf(text, site.span.start)}`
    : `${site.separator} `;
  return { span: site.span, newText: layers.map((layer) => site.writeLayer(layer)).join(separator) };
}
