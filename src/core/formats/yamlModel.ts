/**
 * The reader for ConvLens YAML (SPEC.md §1.1): every document whose top level is a mapping with
 * a `layers` sequence and an `input`/`inputs` key becomes a {@link SourceModel}.
 */
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { internalError, type AnalyzeOptions } from '../analyzeOptions';
import { Code, type Diagnostic } from '../diagnostics';
import type {
  ParsedFile,
  ReplacementLayer,
  SourceEntry,
  SourceInput,
  SourceLayer,
  SourceModel,
  SourceValue,
  Span,
  TextEdit,
} from '../ir';
import {
  entrySpan,
  formatFlowValue,
  lineBreakOf,
  lineEndOf,
  lineStartOf,
  lastEntry,
  literalNameSpan,
  readerDiagnostic,
  readFramework,
} from './sourceValues';
import { spanOf, YamlValueReader } from './yamlValues';

/** A cheap test that runs before any parsing: top-level `layers:` and `input:`/`inputs:` keys. */
export function looksLikeYamlModel(text: string): boolean {
  return /^["']?layers["']?[ \t]*:/m.test(text) && /^["']?inputs?["']?[ \t]*:/m.test(text);
}

/**
 * Reads every ConvLens model in a YAML file. Never throws: problems become diagnostics, and a
 * failure of the parser an `internal-error` whose stack goes to `options.logger`.
 */
export function readYamlModels(text: string, options: AnalyzeOptions = {}): ParsedFile {
  const diagnostics: Diagnostic[] = [];
  const models: SourceModel[] = [];
  try {
    const documents = parseAllDocuments(text, {
      prettyErrors: false,
      customTags: [],
      merge: false,
      strict: true,
    });
    if ('empty' in documents) {
      // Loops, not push(...): a broken file can have 10^5 errors, beyond the arguments a call takes.
      for (const error of documents.errors) diagnostics.push(parseErrorDiagnostic(text, error.message, error.pos));
      return { models, diagnostics };
    }
    for (const document of documents) {
      for (const error of document.errors) diagnostics.push(parseErrorDiagnostic(text, error.message, error.pos));
      const model = readDocument(text, document, diagnostics);
      if (model) models.push(model);
    }
  } catch (error) {
    // The text limits keep pathological input (nesting that exhausts the stack) from getting here.
    diagnostics.push(internalError(error, { start: 0, end: 0 }, options.logger));
  }
  return { models, diagnostics };
}

/** Writes a value the way a person would in YAML: `1`, `[1, 1]`, strings bare when safe. */
export function formatYamlValue(value: number | number[] | string): string {
  return formatFlowValue(value, formatYamlString);
}

const PLAIN_SAFE = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
const RESERVED_WORDS = /^(true|false|null|yes|no|on|off)$/i;

function formatYamlString(text: string): string {
  return PLAIN_SAFE.test(text) && !RESERVED_WORDS.test(text) ? text : JSON.stringify(text);
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

function readDocument(text: string, document: Document.Parsed, diagnostics: Diagnostic[]): SourceModel | undefined {
  const top = document.contents;
  if (!isMap(top)) return undefined;
  const layersPair = pairNamed(top, 'layers');
  const inputPair = pairNamed(top, 'input');
  const inputsPair = pairNamed(top, 'inputs');
  if (!layersPair || (!inputPair && !inputsPair)) return undefined;

  const values = new YamlValueReader(text, document, diagnostics);
  const entry = (key: string) => {
    const pair = pairNamed(top, key);
    return pair && values.entry(pair);
  };

  const nameValue = entry('name')?.value;
  const frameworkEntry = entry('framework');
  const model: SourceModel = {
    name: nameValue?.kind === 'string' || nameValue?.kind === 'number' ? String(nameValue.value) : undefined,
    framework: readFramework(frameworkEntry, diagnostics),
    frameworkSpan: frameworkEntry?.value.span,
    inputs: readInputs(entry('input'), entry('inputs'), diagnostics),
    layers: [],
    span: spanOf(top),
    formatValue: formatYamlValue,
  };

  const layersKeySpan = spanOf(layersPair.key as Node);
  const layersNode = values.resolve(layersPair.value as Node | null);
  if (!isSeq(layersNode)) {
    diagnostics.push(
      readerDiagnostic(
        Code.invalidParameter,
        '`layers` must be a list of layers, each written `- type: ...`.',
        layersPair.value ? spanOf(layersPair.value as Node) : layersKeySpan,
      ),
    );
    return model;
  }
  for (const item of layersNode.items as (Node | null)[]) {
    const layer = readLayer(text, values, layersNode, item, diagnostics);
    if (layer) model.layers.push(layer);
  }
  return model;
}

function readInputs(input: SourceEntry | undefined, inputs: SourceEntry | undefined, diagnostics: Diagnostic[]): SourceInput[] {
  if (input && inputs) {
    diagnostics.push(
      readerDiagnostic(Code.invalidParameter, 'Give either `input` or `inputs`, not both; `input` is used.', inputs.keySpan),
    );
  }
  if (input) return [{ name: 'input', shape: checkedShape(input.value, diagnostics), span: entrySpan(input) }];
  if (!inputs) return [];
  if (inputs.value.kind !== 'map') {
    diagnostics.push(
      readerDiagnostic(
        Code.invalidParameter,
        '`inputs` must map input names to shapes, e.g. `inputs: {image: [1, 3, 256, 256]}`.',
        inputs.value.span,
      ),
    );
    return [];
  }
  return inputs.value.entries.map((named) => ({
    name: named.key,
    shape: checkedShape(named.value, diagnostics),
    span: entrySpan(named),
  }));
}

/** A shape must be a list; anything else is reported and read as unknown. */
function checkedShape(value: SourceValue, diagnostics: Diagnostic[]): SourceValue {
  if (value.kind === 'list') return value;
  diagnostics.push(
    readerDiagnostic(
      Code.invalidParameter,
      'A shape must be a list of dimensions including the batch, e.g. `[N, 3, 64, 64]`.',
      value.span,
    ),
  );
  return { kind: 'unknown', text: value.kind === 'unknown' ? value.text : '', span: value.span };
}

const RESERVED_LAYER_KEYS = new Set(['type', 'name', 'from', 'expect']);

function readLayer(
  text: string,
  values: YamlValueReader,
  sequence: YAMLSeq,
  item: Node | null,
  diagnostics: Diagnostic[],
): SourceLayer | undefined {
  const node = values.resolve(item);
  const itemSpan = spanOf(item, spanOf(sequence));
  // A block mapping's range runs over a comment after its last value; the layer ends before it.
  const span = isMap(item) && item.items.length > 0 ? { start: itemSpan.start, end: lastPairEnd(text, item) } : trimmedSpan(text, itemSpan);
  if (!isMap(node)) {
    diagnostics.push(
      readerDiagnostic(Code.invalidParameter, 'A layer must be a mapping with a `type`, e.g. `- type: Conv2d`.', span),
    );
    return undefined;
  }
  const entries = values.entries(node);
  const find = (key: string) => lastEntry(entries, key);
  const typeEntry = find('type');
  if (!typeEntry || typeEntry.value.kind !== 'string' || typeEntry.value.value === '') {
    diagnostics.push(
      readerDiagnostic(
        Code.invalidParameter,
        typeEntry ? 'A layer `type` must be a layer name such as `Conv2d`.' : 'This layer has no `type`.',
        typeEntry ? typeEntry.value.span : span,
      ),
    );
    return undefined;
  }
  const nameEntry = find('name');
  const nameValue = nameEntry?.value;
  const hasName = nameValue?.kind === 'string' || nameValue?.kind === 'number';
  const params = entries.filter((entry) => !RESERVED_LAYER_KEYS.has(entry.key));
  return {
    type: typeEntry.value.value,
    typeSpan: typeEntry.value.span,
    typeNameSpan: literalNameSpan(text, typeEntry.value.span, typeEntry.value.value, true),
    name: hasName ? String(nameValue.value) : undefined,
    nameSpan: hasName ? nameValue.span : undefined,
    params,
    from: find('from')?.value,
    expect: find('expect')?.value,
    span,
    hintOffset: firstLineEnd(text, item, node),
    insertParam: (key, valueText) => insertParam(text, node, key, valueText),
    replaceWith: (layers) =>
      replaceItem(text, sequence, item, node, layers, { from: find('from')?.value, name: nameValue, expect: find('expect')?.value }),
  };
}

/** A span without the trailing whitespace a node's range may cover. */
function trimmedSpan(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start && /\s/.test(text[end - 1])) end--;
  return { start: span.start, end };
}

/** Where the inlay hint goes: after the last value written on the item's first line. */
function firstLineEnd(text: string, item: Node | null, map: YAMLMap): number {
  const itemSpan = spanOf(item);
  const lineEnd = lineEndOf(text, itemSpan.start);
  if (item !== map) return trimmedSpan(text, itemSpan).end;
  let best = itemSpan.start;
  const consider = (node: unknown) => {
    const end = spanOf(node as Node | null, { start: -1, end: -1 }).end;
    if (end <= lineEnd && end > best) best = end;
  };
  consider(map);
  for (const pair of map.items) {
    consider(pair.key);
    consider(pair.value);
  }
  return trimmedSpan(text, { start: itemSpan.start, end: best }).end;
}

/** The end of the last thing written in a mapping (its last key or value). */
function lastPairEnd(text: string, map: YAMLMap): number {
  const last = map.items[map.items.length - 1];
  const keyEnd = spanOf(last.key as Node | null).end;
  const valueEnd = spanOf(last.value as Node | null, { start: keyEnd, end: keyEnd }).end;
  return trimmedSpan(text, { start: 0, end: Math.max(keyEnd, valueEnd) }).end;
}

function insertParam(text: string, map: YAMLMap, key: string, valueText: string): TextEdit {
  const line = `${formatYamlString(key)}: ${valueText}`;
  const afterLast = lastPairEnd(text, map);
  if (map.flow) return { span: { start: afterLast, end: afterLast }, newText: `, ${line}` };
  // After the line holding the last value, so a trailing comment stays where it was.
  const at = lineEndOf(text, afterLast);
  const column = spanOf(map).start - lineStartOf(text, spanOf(map).start);
  return { span: { start: at, end: at }, newText: `${lineBreakOf(text)}${' '.repeat(column)}${line}` };
}

/** What stays with a replaced layer: its input on the first new layer, its name and assertion on the last. */
interface CarriedEntries {
  from?: SourceValue;
  name?: SourceValue;
  expect?: SourceValue;
}

type WrittenEntry = [key: string, valueText: string];

function replaceItem(
  text: string,
  sequence: YAMLSeq,
  item: Node | null,
  map: YAMLMap,
  layers: ReplacementLayer[],
  carried: CarriedEntries,
): TextEdit {
  const itemSpan = trimmedSpan(text, spanOf(item));
  const written = layers.map(
    (layer): WrittenEntry[] => [
      ['type', formatYamlString(layer.type)],
      ...layer.params.map(([key, value]): WrittenEntry => [formatYamlString(key), formatYamlValue(value)]),
    ],
  );
  if (written.length > 0) {
    carry(written[0], 'from', carried.from, text);
    carry(written[written.length - 1], 'name', carried.name, text);
    carry(written[written.length - 1], 'expect', carried.expect, text);
  }
  const flowItems = written.map((entries) => `{${entries.map(([key, value]) => `${key}: ${value}`).join(', ')}}`);
  if (sequence.flow) return { span: itemSpan, newText: flowItems.join(', ') };

  let dash = itemSpan.start;
  while (dash > 0 && text[dash - 1] !== '-') dash--;
  dash = Math.max(dash - 1, 0);
  const dashColumn = dash - lineStartOf(text, dash);
  const itemIndent = ' '.repeat(dashColumn);
  const sameLine = lineStartOf(text, itemSpan.start) === lineStartOf(text, dash);
  const keyIndent = itemIndent + ' '.repeat(sameLine ? itemSpan.start - dash : 2);
  const lineBreak = lineBreakOf(text);
  const items = written.map((entries, index) => {
    if (item !== map || map.flow) return `- ${flowItems[index]}`;
    return `- ${entries.map(([key, value]) => `${key}: ${value}`).join(`${lineBreak}${keyIndent}`)}`;
  });
  return { span: { start: dash, end: itemSpan.end }, newText: items.join(`${lineBreak}${itemIndent}`) };
}

function carry(entries: WrittenEntry[], key: string, value: SourceValue | undefined, text: string): void {
  if (value && !entries.some(([written]) => written === key)) entries.push([key, flowText(value, text)]);
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
