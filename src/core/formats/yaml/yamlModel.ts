/**
 * The reader for ConvLens YAML (SPEC.md §1.1): a document whose top level is a mapping with a
 * `layers` sequence and an `input`/`inputs` key becomes a {@link SourceModel} when the schema
 * reader (`convlensSchema.ts`) sees evidence that it is a model. This module locates the values
 * and records where edits go; the schema is read there.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { internalError, type AnalyzeOptions } from '../../analyzeOptions';
import { Code, type Diagnostic } from '../../diagnostics';
import { excerptOf } from '../../formatting';
import type { ParsedFile, SourceModel, SourceValue, Span, YamlInsertion, YamlReplacement } from '../../ir';
import { formatYamlString } from '../../writers/yamlWriter';
import { isNamedAsModel, readSchemaModel, type SchemaLayerItem } from '../convlensSchema';
import { lineBreakOf, lineEndOf, lineStartOf, readerDiagnostic } from '../sourceValues';
import { endOf, spanOf, YamlValueReader } from './yamlValues';

/**
 * Reads every ConvLens model in a YAML file. Never throws: problems become diagnostics, and a
 * failure of the parser an `internal-error` whose stack goes to `options.logger`. A file that
 * holds no model gets none, syntax errors included, unless its name says it is a model file or it
 * has a top-level `framework` key.
 */
export function readYamlModels(text: string, fileName?: string, options: AnalyzeOptions = {}): ParsedFile {
  const diagnostics: Diagnostic[] = [];
  const models: SourceModel[] = [];
  const claimsModels = isNamedAsModel(fileName) || /^["']?framework["']?[ \t]*:/m.test(text);
  try {
    const documents = parseAllDocuments(text, {
      prettyErrors: false,
      customTags: [],
      merge: false,
      strict: true,
    });
    if ('empty' in documents) {
      // Loops, not push(...): a broken file can have 10^5 errors, beyond the arguments a call takes.
      if (claimsModels) for (const error of documents.errors) diagnostics.push(parseErrorDiagnostic(text, error.message, error.pos));
      return { models, diagnostics };
    }
    for (const document of documents) {
      const found: Diagnostic[] = [];
      const model = readDocument(text, document, found, fileName);
      if (model) models.push(model);
      if (!model && !claimsModels) continue;
      for (const error of document.errors) diagnostics.push(parseErrorDiagnostic(text, error.message, error.pos));
      for (const diagnostic of found) diagnostics.push(diagnostic);
    }
  } catch (error) {
    // The text limits keep pathological input (nesting that exhausts the stack) from getting here.
    if (claimsModels) diagnostics.push(internalError(error, { start: 0, end: 0 }, options.logger));
  }
  return { models, diagnostics };
}

/** A YAML parser error as a `parse-error`, its span clamped to the text (the parser may point one past the end). */
export function parseErrorDiagnostic(text: string, message: string, pos: [number, number]): Diagnostic {
  const start = Math.min(pos[0], text.length);
  const end = Math.max(start, Math.min(pos[1], text.length));
  return readerDiagnostic(Code.parseError, `YAML: ${message}`, { start, end });
}

/** The last top-level pair whose key is the plain string `key`. */
function pairNamed(map: YAMLMap, key: string) {
  for (let i = map.items.length - 1; i >= 0; i--) {
    const candidate = map.items[i].key;
    if (isScalar(candidate) && candidate.value === key) return map.items[i];
  }
  return undefined;
}

function readDocument(text: string, document: Document.Parsed, diagnostics: Diagnostic[], fileName: string | undefined): SourceModel | undefined {
  const top = document.contents;
  if (!isMap(top)) return undefined;
  const layersPair = pairNamed(top, 'layers');
  if (!layersPair || (!pairNamed(top, 'input') && !pairNamed(top, 'inputs'))) return undefined;

  const values = new YamlValueReader(text, document, diagnostics);
  const layersNode = values.resolve(layersPair.value as Node | null);
  return readSchemaModel(
    {
      entries: values.entries(top).filter((entry) => entry.key !== 'layers'),
      layers: isSeq(layersNode) ? (layersNode.items as (Node | null)[]).map((item) => layerItem(text, values, layersNode, item)) : undefined,
      layersSpan: layersPair.value ? spanOf(layersPair.value as Node) : spanOf(layersPair.key as Node),
      span: spanOf(top),
      syntax: 'yaml',
      fileName,
      valueText: (value) => flowText(value, text),
      text,
      insertion: insertion(text, top),
    },
    diagnostics,
  );
}

/** One item of `layers`, located, with where its edits go. */
function layerItem(text: string, values: YamlValueReader, sequence: YAMLSeq, item: Node | null): SchemaLayerItem {
  const node = values.resolve(item);
  const itemSpan = spanOf(item, spanOf(sequence));
  // A block mapping's range runs over a comment after its last value; the layer ends before it.
  const span = isMap(item) && item.items.length > 0 ? { start: itemSpan.start, end: lastPairEnd(text, item) } : trimmedSpan(text, itemSpan);
  const map = isMap(node) ? node : undefined;
  return {
    entries: map && values.entries(map),
    complete: true,
    mustBeMapping: true,
    span,
    hintOffset: map ? firstLineEnd(text, item, map) : span.end,
    excerpt: () => excerptOf(text, span.start, span.end, 60),
    insertion: map ? insertion(text, map) : { syntax: 'yaml', at: span.end, separator: ' ' },
    replacement: map && replacement(text, sequence, item, map),
  };
}

/** A span without the trailing whitespace a node's range may cover. */
function trimmedSpan(text: string, span: Span): Span {
  return { start: span.start, end: trimmedEnd(text, span.start, span.end) };
}

/** `end` moved back over whitespace, not before `start`. */
function trimmedEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}

/** Where the inlay hint goes: after the last value written on the item's first line. */
function firstLineEnd(text: string, item: Node | null, map: YAMLMap): number {
  const itemSpan = spanOf(item);
  if (item !== map) return trimmedEnd(text, itemSpan.start, itemSpan.end);
  // Ends only, compared as numbers: a 2,000-layer file has 10^4 keys and values.
  const lineEnd = lineEndOf(text, itemSpan.start);
  let best = itemSpan.start;
  const consider = (end: number) => {
    if (end <= lineEnd && end > best) best = end;
  };
  consider(endOf(map, -1));
  for (const pair of map.items) {
    consider(endOf(pair.key, -1));
    consider(endOf(pair.value, -1));
  }
  return trimmedEnd(text, itemSpan.start, best);
}

/** The end of the last thing written in a mapping (its last key or value). */
function lastPairEnd(text: string, map: YAMLMap): number {
  const last = map.items[map.items.length - 1];
  const keyEnd = endOf(last.key, 0);
  return trimmedEnd(text, 0, Math.max(keyEnd, endOf(last.value, keyEnd)));
}

/** Where a new entry goes: after the mapping's last value (block: after its line, so a trailing comment stays put). */
function insertion(text: string, map: YAMLMap): YamlInsertion {
  if (map.items.length === 0) return { syntax: 'yaml', at: spanOf(map).start + 1, separator: '' };
  const afterLast = lastPairEnd(text, map);
  if (map.flow) return { syntax: 'yaml', at: afterLast, separator: ', ' };
  const column = spanOf(map).start - lineStartOf(text, spanOf(map).start);
  return { syntax: 'yaml', at: lineEndOf(text, afterLast), separator: `${lineBreakOf(text)}${' '.repeat(column)}` };
}

/** Where the item is replaced: itself in a flow sequence; from its `-` in a block sequence. */
function replacement(text: string, sequence: YAMLSeq, item: Node | null, map: YAMLMap): YamlReplacement {
  const itemSpan = trimmedSpan(text, spanOf(item));
  const lineBreak = lineBreakOf(text);
  const carried = { first: [], last: [] };
  if (sequence.flow) {
    return { syntax: 'yaml', span: itemSpan, style: 'flowSequence', blockMaps: false, itemIndent: '', keyIndent: '', lineBreak, carried };
  }
  let dash = itemSpan.start;
  while (dash > 0 && text[dash - 1] !== '-') dash--;
  dash = Math.max(dash - 1, 0);
  const itemIndent = ' '.repeat(dash - lineStartOf(text, dash));
  const sameLine = lineStartOf(text, itemSpan.start) === lineStartOf(text, dash);
  return {
    syntax: 'yaml',
    span: { start: dash, end: itemSpan.end },
    style: 'blockSequence',
    blockMaps: item === map && !map.flow,
    itemIndent,
    keyIndent: itemIndent + ' '.repeat(sameLine ? itemSpan.start - dash : 2),
    lineBreak,
    carried,
  };
}

/** A value in YAML flow style, for re-writing it in a replacement. */
function flowText(value: SourceValue, text: string): string {
  switch (value.kind) {
    case 'string':
      return formatYamlString(value.value);
    case 'number': {
      // As written: `.nan`, `1e400` or 2^53 + 1 would not survive String(value).
      const written = text.slice(value.span.start, value.span.end);
      return /^[^\s,[\]{}#]+$/.test(written) ? written : String(value.value);
    }
    case 'boolean':
      return String(value.value);
    case 'null':
      return 'null';
    case 'list':
      return `[${value.items.map((item) => flowText(item, text)).join(', ')}]`;
    case 'map':
      return `{${value.entries.map((entry) => `${formatYamlString(entry.key)}: ${flowText(entry.value, text)}`).join(', ')}}`;
    case 'unknown':
      return value.text;
  }
}
