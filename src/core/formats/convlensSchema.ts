/**
 * The ConvLens schema (SPEC.md §1.1), read once for every syntax that writes it — YAML documents
 * and TypeScript object literals: the syntax's reader locates the values (a {@link SourceEntry}
 * tree with spans) and where edits go; this module turns them into a {@link SourceModel}, decides
 * whether they are a model at all, and reports what the schema forbids.
 */
import { Code, type Diagnostic } from '../diagnostics';
import { isKnownLayerType } from '../frameworks';
import type {
  LayerReplacement,
  ParamInsertion,
  SourceEntry,
  SourceInput,
  SourceLayer,
  SourceModel,
  SourceValue,
  Span,
  Syntax,
} from '../ir';
import { entrySpan, lastEntry, literalNameSpan, readerDiagnostic, readFramework } from './sourceValues';

/** One item of a model's `layers` list, as its syntax locates it. */
export interface SchemaLayerItem {
  /** The item's entries; undefined when the item is no mapping (or no object literal the reader can see). */
  entries: SourceEntry[] | undefined;
  /** False when the entries may miss some (a spread the reader could not follow). */
  complete: boolean;
  /** Whether an item that is no mapping is certainly wrong (YAML), rather than a value the reader cannot see (TS). */
  mustBeMapping: boolean;
  span: Span;
  hintOffset: number;
  /** The item's text, shortened: the type shown for a layer whose type cannot be read (written only then). */
  excerpt(): string;
  insertion: ParamInsertion;
  /** Where the item can be replaced by several layers; the entries it carries are filled in here. */
  replacement?: LayerReplacement;
}

/** A candidate model: a mapping with `layers` and `input`/`inputs`, as its syntax locates it. */
export interface SchemaModelSource {
  /** The mapping's entries other than `layers`. */
  entries: SourceEntry[];
  /** The items of `layers`; undefined when `layers` is no list. */
  layers: SchemaLayerItem[] | undefined;
  /** Where `layers`' value is written, for the problem that it is no list. */
  layersSpan: Span;
  span: Span;
  syntax: Syntax;
  fileName: string | undefined;
  /** The model's name when it has no `name` entry (the variable a TS literal is assigned to). */
  fallbackName?: string;
  /** A value written again in the source's syntax (carried to the layers a quick fix writes). */
  valueText(value: SourceValue): string;
  /** The whole text, to find where a layer type's name is written literally (the "did you mean" fix). */
  text: string;
  /** Where a new top-level entry goes (the quick fix that adds `assume:`). */
  insertion?: ParamInsertion;
}

/** Keys of a layer that are not parameters. */
const RESERVED_LAYER_KEYS: ReadonlySet<string> = new Set(['type', 'name', 'from', 'expect']);

/** File names that say "this is a model": `decoder.model.yaml`, `unet.model.ts`. */
const MODEL_FILE_NAME = /\.model\.(?:ya?ml|json|[cm]?[jt]sx?)$/i;

/** Whether a file's name says it holds models (`decoder.model.yaml`). */
export function isNamedAsModel(fileName: string | undefined): boolean {
  return fileName !== undefined && MODEL_FILE_NAME.test(fileName);
}

/**
 * Whether a candidate is a ConvLens model rather than some other program's configuration with
 * `input`/`layers`/`type` keys (a map viewer's, a game level's): a `*.model.*` file name, a
 * `framework` key with a string value (and layers, if `layers` is a list), or an input written as
 * a list of dimensions together with a layer type some vocabulary knows. Anything else gets
 * nothing: no model, no diagnostic.
 */
function isConvLensModel(source: Pick<SchemaModelSource, 'entries' | 'layers' | 'fileName'>): boolean {
  if (isNamedAsModel(source.fileName)) return true;
  // Code that builds such objects (`{framework: 'keras', inputs: [], layers: []}`) has no layers to show.
  const framework = lastEntry(source.entries, 'framework')?.value;
  if (framework?.kind === 'string' && (!source.layers || source.layers.length > 0)) return true;
  if (!source.layers || !inputIsDimensions(source.entries)) return false;
  return source.layers.some((item) => {
    const type = item.entries && lastEntry(item.entries, 'type')?.value;
    return type?.kind === 'string' && isKnownLayerType(type.value);
  });
}

/** `input: [N, 3, 64, 64]`, or `inputs: {name: [...], ...}` with every value such a list. */
function inputIsDimensions(entries: readonly SourceEntry[]): boolean {
  const input = lastEntry(entries, 'input')?.value;
  if (input) return isDimensionList(input);
  const inputs = lastEntry(entries, 'inputs')?.value;
  return inputs?.kind === 'map' && inputs.entries.length > 0 && inputs.entries.every((entry) => isDimensionList(entry.value));
}

/** A non-empty list of sizes, symbols and open (`null`) sizes (an item the reader cannot fold may be either). */
function isDimensionList(value: SourceValue): boolean {
  return (
    value.kind === 'list' &&
    value.items.length > 0 &&
    value.items.every((item) => item.kind === 'number' || item.kind === 'string' || item.kind === 'null' || item.kind === 'unknown')
  );
}

/** Reads a candidate as a model; undefined (and nothing reported) when it is not one ({@link isConvLensModel}). */
export function readSchemaModel(source: SchemaModelSource, diagnostics: Diagnostic[]): SourceModel | undefined {
  if (!isConvLensModel(source)) return undefined;
  const entries = source.entries;
  const nameValue = lastEntry(entries, 'name')?.value;
  const frameworkEntry = lastEntry(entries, 'framework');
  const model: SourceModel = {
    name: nameValue?.kind === 'string' || nameValue?.kind === 'number' ? String(nameValue.value) : source.fallbackName,
    // A framework the reader cannot fold (a TS expression) is not reported: it may well be right.
    framework: readFramework(frameworkEntry?.value.kind === 'unknown' ? undefined : frameworkEntry, diagnostics),
    frameworkSpan: frameworkEntry?.value.span,
    inputs: readInputs(lastEntry(entries, 'input'), lastEntry(entries, 'inputs'), diagnostics),
    layers: [],
    span: source.span,
    syntax: source.syntax,
    assume: lastEntry(entries, 'assume'),
    insertion: source.insertion,
  };
  if (!source.layers) {
    diagnostics.push(readerDiagnostic(Code.invalidParameter, '`layers` must be a list of layers, each with a `type`.', source.layersSpan));
    return model;
  }
  for (const item of source.layers) model.layers.push(readLayer(item, source, diagnostics));
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
    if (inputs.value.kind !== 'unknown') {
      diagnostics.push(
        readerDiagnostic(
          Code.invalidParameter,
          '`inputs` must map input names to shapes, e.g. `inputs: {image: [1, 3, 256, 256]}`.',
          inputs.value.span,
        ),
      );
    }
    return [];
  }
  return inputs.value.entries.map((named) => ({
    name: named.key,
    shape: checkedShape(named.value, diagnostics),
    span: entrySpan(named),
  }));
}

/** A shape must be a list; anything else the reader could read is reported and read as unknown. */
function checkedShape(value: SourceValue, diagnostics: Diagnostic[]): SourceValue {
  if (value.kind === 'list' || value.kind === 'unknown') return value;
  diagnostics.push(
    readerDiagnostic(
      Code.invalidParameter,
      'A shape must be a list of dimensions including the batch, e.g. `[N, 3, 64, 64]`.',
      value.span,
    ),
  );
  return { kind: 'unknown', text: '', span: value.span };
}

/**
 * One layer. An item whose type cannot be read stays a layer, named by its text, whose output is
 * unknown: leaving it out would compute every later shape as if it were not there.
 */
function readLayer(item: SchemaLayerItem, source: SchemaModelSource, diagnostics: Diagnostic[]): SourceLayer {
  const entries = item.entries ?? [];
  const typeValue = lastEntry(entries, 'type')?.value;
  const hasType = typeValue?.kind === 'string' && typeValue.value !== '';
  if (!item.entries && item.mustBeMapping) {
    diagnostics.push(readerDiagnostic(Code.invalidParameter, 'A layer must be a mapping with a `type`, e.g. `- type: Conv2d`.', item.span));
  } else if (item.entries && item.complete && !hasType) {
    diagnostics.push(
      readerDiagnostic(
        Code.invalidParameter,
        typeValue ? 'A layer `type` must be a layer name such as `Conv2d`.' : 'This layer has no `type`.',
        typeValue ? typeValue.span : item.span,
      ),
    );
  }
  const layer = layerFromEntries(
    entries,
    RESERVED_LAYER_KEYS,
    hasType ? typeValue.value : item.excerpt(),
    hasType ? typeValue.span : item.span,
    item.span,
    item.hintOffset,
    item.insertion,
  );
  layer.from = lastEntry(entries, 'from')?.value;
  // A YAML plain scalar is the name itself; a quoted one (and a TS string) has it inside its quotes.
  if (hasType) layer.typeNameSpan = literalNameSpan(source.text, typeValue.span, typeValue.value, source.syntax === 'yaml');
  if (!item.entries || !item.complete || !hasType) layer.indeterminate = true;
  const replacement = item.replacement;
  if (replacement) {
    // Only this reader holds the item's replacement: it is completed in place.
    const carried = (key: string, value: SourceValue | undefined): [string, string][] => (value ? [[key, source.valueText(value)]] : []);
    const last = [...carried('name', lastEntry(entries, 'name')?.value), ...carried('expect', layer.expect)];
    const first = carried('from', layer.from);
    if (first.length > 0 || last.length > 0) replacement.carried = { first, last };
    layer.replacement = replacement;
  }
  return layer;
}

/**
 * A layer from its configuration's entries: the last `name` and `expect`, and the entries without
 * `reserved` keys as its parameters. Shared by every reader whose layers are key-value mappings.
 */
export function layerFromEntries(
  entries: SourceEntry[],
  reserved: ReadonlySet<string>,
  type: string,
  typeSpan: Span,
  span: Span,
  hintOffset: number,
  insertion: ParamInsertion,
): SourceLayer {
  // One pass: until the first reserved key the params are the entries array itself, shared;
  // from it on, a copy of the entries before it, extended (a 500-layer file reads thousands).
  let lastName: SourceValue | undefined;
  let expect: SourceValue | undefined;
  let params = entries;
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index];
    if (entry.key === 'name') lastName = entry.value;
    else if (entry.key === 'expect') expect = entry.value;
    if (reserved.has(entry.key)) {
      if (params === entries) params = entries.slice(0, index);
    } else if (params !== entries) params.push(entry);
  }
  const nameValue = lastName; // a const, so that `hasName` narrows it
  const hasName = nameValue?.kind === 'string' || nameValue?.kind === 'number';
  // Every key from the start, in one order: the engine reads thousands of layers of one shape.
  return {
    type,
    typeSpan,
    typeNameSpan: undefined,
    name: hasName ? String(nameValue.value) : undefined,
    nameSpan: hasName ? nameValue.span : undefined,
    params,
    from: undefined,
    expect,
    span,
    indeterminate: undefined,
    hintOffset,
    insertion,
    replacement: undefined,
    unknownInput: undefined,
  };
}
