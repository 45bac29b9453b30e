/**
 * The reader for Keras model configs (SPEC.md §1.2): `model.to_json()` output of Keras 2 and
 * Keras 3, and TF.js `model.json` topologies. Layer configs become {@link SourceLayer}s;
 * functional wiring comes from `inbound_nodes`. The file decides the framework: a TF.js
 * model.json is run by TF.js, so it is read in the tfjs vocabulary, anything else in Keras's.
 */
import { Code, type Diagnostic } from '../../diagnostics';
import { UNKNOWN_TEXT } from '../../dims';
import type { JsonInsertion, ParsedFile, SourceEntry, SourceInput, SourceLayer, SourceModel, SourceValue, Span } from '../../ir';
import { parseJsonSource } from './jsonSource';
import {
  asList,
  asMap,
  asString,
  entrySpan,
  entryValue,
  findEntry,
  indentationOf,
  lineBreakOf,
  lineEndOf,
  lineStartOf,
  literalNameSpan,
  readerDiagnostic,
  type ListValue,
  type MapValue,
  type StringValue,
} from '../sourceValues';

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);
const FUNCTIONAL_CLASSES = new Set(['Functional', 'Model']);

/** Reads the Keras model in a JSON file. Never throws: problems become diagnostics. */
export function readKerasJson(text: string): ParsedFile {
  const parsed = parseJsonSource(text);
  if (!parsed.ok) {
    return { models: [], diagnostics: [readerDiagnostic(Code.parseError, `JSON: ${parsed.message}`, parsed.span)] };
  }
  const modelMap = modelConfigOf(parsed.value);
  if (!modelMap) return { models: [], diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const model = readModel(text, modelMap, isTfjsModelJson(parsed.value) ? 'tfjs' : 'keras', diagnostics);
  return { models: model ? [model] : [], diagnostics };
}

/** The `{class_name, config}` object, also inside a TF.js `modelTopology` / `model_config`. */
function modelConfigOf(root: SourceValue): MapValue | undefined {
  let candidate = asMap(root);
  if (!candidate) return undefined;
  candidate = asMap(entryValue(candidate, 'modelTopology')) ?? candidate;
  candidate = asMap(entryValue(candidate, 'model_config')) ?? candidate;
  const className = asString(entryValue(candidate, 'class_name'));
  return className && MODEL_CLASSES.has(className) ? candidate : undefined;
}

/** A TF.js model.json: `{"format": "layers-model", "modelTopology": {...}}` (what `model.save()` and the converter write). */
function isTfjsModelJson(root: SourceValue): boolean {
  const map = asMap(root);
  return map !== undefined && asString(entryValue(map, 'format')) === 'layers-model' && asMap(entryValue(map, 'modelTopology')) !== undefined;
}

function readModel(text: string, modelMap: MapValue, framework: 'keras' | 'tfjs', diagnostics: Diagnostic[]): SourceModel | undefined {
  const classEntry = findEntry(modelMap, 'class_name')!;
  const layerList = layerListOf(modelMap, diagnostics);
  if (!layerList) return undefined;
  const configMap = asMap(entryValue(modelMap, 'config'));
  const model: SourceModel = {
    name: configMap ? asString(entryValue(configMap, 'name')) : undefined,
    framework,
    inputs: [],
    layers: [],
    span: modelMap.span,
    syntax: 'json',
  };
  const scope: Scope = { prefix: '', functional: isFunctional(modelMap), renames: new Map() };
  readLayers(text, layerList, scope, model, diagnostics);

  if (model.inputs.length === 0) {
    const built = buildInputShape(modelMap, configMap);
    if (built) {
      model.inputs.push(inputOf('input', built, entrySpan(built), diagnostics));
    } else {
      diagnostics.push(
        readerDiagnostic(
          Code.invalidParameter,
          'This Keras model states no input shape (no InputLayer, `batch_input_shape` or `batch_shape`).',
          classEntry.value.span,
        ),
      );
    }
  }
  return model;
}

function isFunctional(modelMap: MapValue): boolean {
  return FUNCTIONAL_CLASSES.has(asString(entryValue(modelMap, 'class_name')) ?? '');
}

/** A model's layers: `config.layers`, or (Keras ≤ 2.2 Sequential) the config itself. */
function layerListOf(modelMap: MapValue, diagnostics: Diagnostic[]): ListValue | undefined {
  const config = entryValue(modelMap, 'config');
  const layerList = asList(config) ?? asList(entryValue(asMap(config) ?? modelMap, 'layers'));
  if (!layerList) {
    diagnostics.push(readerDiagnostic(Code.invalidParameter, 'This Keras model config has no `layers` list.', (config ?? findEntry(modelMap, 'class_name')!.value).span));
  }
  return layerList;
}

/**
 * Where a (possibly nested) model's layers land in the one flat model ConvLens analyses. A model
 * used as a layer (SPEC.md §1.2) has its layers read in place, named `outer/inner`; its own name
 * then stands for its output layer, and its inputs for what feeds it.
 */
interface Scope {
  /** Prepended to the names of this model's layers (`encoder/`). */
  prefix: string;
  functional: boolean;
  /** Names as this model writes them → names in the flat model (nested models, inputs of a nested model). */
  renames: Map<string, string>;
  /** For a nested model: the flat names of what feeds it. */
  feeds?: StringValue[];
}

/** The flat name of a source as written inside `scope`. */
function flatName(scope: Scope, source: StringValue): StringValue {
  const value = scope.renames.get(source.value) ?? scope.prefix + source.value;
  return value === source.value ? source : { ...source, value };
}

function readLayers(text: string, layerList: ListValue, scope: Scope, model: SourceModel, diagnostics: Diagnostic[]): void {
  const first = model.layers.length;
  let inputIndex = 0;
  for (const item of layerList.items) {
    const layerMap = asMap(item);
    const className = layerMap && findEntry(layerMap, 'class_name');
    const layerConfig = layerMap && asMap(entryValue(layerMap, 'config'));
    if (!layerMap || className?.value.kind !== 'string' || !layerConfig) {
      diagnostics.push(
        readerDiagnostic(Code.invalidParameter, 'A Keras layer needs a `class_name` string and a `config` object.', item.span),
      );
      continue;
    }
    const name = layerName(layerMap, layerConfig);
    const nested = scope.prefix !== '';
    if (className.value.value === 'InputLayer') {
      // A nested model's inputs are what feeds the model, in order.
      const feed = scope.feeds?.[inputIndex++];
      if (feed && name) {
        scope.renames.set(name.value, feed.value);
        continue;
      }
      const shape = batchShapeEntry(layerConfig);
      if (!shape) {
        if (!nested) diagnostics.push(readerDiagnostic(Code.invalidParameter, 'This InputLayer states no `batch_shape`.', layerMap.span));
      } else if ((scope.functional && !nested) || model.inputs.length === 0) {
        const input = inputOf(name?.value ?? 'input', shape, layerMap.span, diagnostics);
        model.inputs.push(input);
        if (name) scope.renames.set(name.value, input.name);
      }
      continue;
    }
    if (!scope.functional && model.inputs.length === 0 && model.layers.length === 0) {
      const shape = batchShapeEntry(layerConfig);
      if (shape) model.inputs.push(inputOf('input', shape, entrySpan(shape), diagnostics));
    }
    const from = scope.functional ? inboundSources(layerMap)?.map((source) => flatName(scope, source)) : undefined;
    if (MODEL_CLASSES.has(className.value.value) && name) {
      readNestedModel(text, layerMap, name, from, scope, model, diagnostics);
      continue;
    }
    const flatLayerName = name && nested ? { ...name, value: scope.prefix + name.value } : name;
    const layer = readLayer(text, layerMap, className.value, layerConfig, flatLayerName, from);
    // The first layer of a nested model takes what feeds the model.
    if (scope.feeds && !scope.functional && model.layers.length === first) layer.from = sourcesValue(scope.feeds, layerMap.span);
    model.layers.push(layer);
  }
}

/** Reads a model used as a layer in place; its name then stands for its output layer. */
function readNestedModel(
  text: string,
  layerMap: MapValue,
  name: StringValue,
  from: StringValue[] | undefined,
  scope: Scope,
  model: SourceModel,
  diagnostics: Diagnostic[],
): void {
  const layerList = layerListOf(layerMap, diagnostics);
  if (!layerList) return;
  const previous = model.layers.at(-1)?.name ?? model.inputs.at(-1)?.name;
  const feeds = from?.length ? from : previous === undefined ? undefined : [{ kind: 'string' as const, value: previous, span: name.span }];
  const inner: Scope = { prefix: `${scope.prefix}${name.value}/`, functional: isFunctional(layerMap), renames: new Map(), feeds };
  const first = model.layers.length;
  readLayers(text, layerList, inner, model, diagnostics);
  const outputs = asList(entryValue(asMap(entryValue(layerMap, 'config')) ?? layerMap, 'output_layers'));
  const output = asString(asList(outputs?.items[0])?.items[0]);
  const last = output !== undefined ? flatName(inner, { kind: 'string', value: output, span: name.span }).value : model.layers.at(-1)?.name;
  if (model.layers.length > first && last !== undefined) scope.renames.set(name.value, last);
}

/** One source as a string, several (merges) as a list. */
function sourcesValue(sources: StringValue[], span: Span): SourceValue | undefined {
  if (sources.length === 0) return undefined;
  return sources.length === 1 ? sources[0] : { kind: 'list', items: sources, span };
}

function layerName(layerMap: MapValue, layerConfig: MapValue): StringValue | undefined {
  const name = entryValue(layerConfig, 'name') ?? entryValue(layerMap, 'name');
  return name?.kind === 'string' ? name : undefined;
}

function batchShapeEntry(layerConfig: MapValue): SourceEntry | undefined {
  return findEntry(layerConfig, 'batch_shape') ?? findEntry(layerConfig, 'batch_input_shape');
}

/** Keras 3 records the shape a Sequential model was built with. */
function buildInputShape(modelMap: MapValue, configMap: MapValue | undefined): SourceEntry | undefined {
  const fromConfig = configMap && findEntry(configMap, 'build_input_shape');
  if (fromConfig) return fromConfig;
  const buildConfig = asMap(entryValue(modelMap, 'build_config'));
  return buildConfig && findEntry(buildConfig, 'input_shape');
}

/** A batch shape with `null` read as the symbolic batch `N` (first axis) or unknown. */
function inputOf(name: string, shapeEntry: SourceEntry, span: Span, diagnostics: Diagnostic[]): SourceInput {
  const shape = asList(normalized(shapeEntry.value));
  if (!shape) {
    diagnostics.push(readerDiagnostic(Code.invalidParameter, 'An input shape must be a list such as `[null, 28, 28, 1]`.', shapeEntry.value.span));
    return { name, shape: { kind: 'unknown', text: '', span: shapeEntry.value.span }, span };
  }
  const items = shape.items.map((dim, axis): SourceValue =>
    dim.kind === 'null' ? { kind: 'string', value: axis === 0 ? 'N' : UNKNOWN_TEXT, span: dim.span } : dim,
  );
  return { name, shape: { kind: 'list', items, span: shape.span }, span };
}

/** The wrappers, whose trainable weights are those of the layer they hold. */
const WRAPPERS = new Set(['TimeDistributed', 'Bidirectional']);

/** Config keys that are bookkeeping rather than layer semantics. */
const BOOKKEEPING_KEYS = new Set(['name', 'trainable', 'dtype', 'batch_input_shape', 'batch_shape', 'activity_regularizer']);
const BOOKKEEPING_SUFFIXES = ['_initializer', '_regularizer', '_constraint'];

function isLayerParameter(entry: SourceEntry): boolean {
  if (entry.value.kind === 'null') return false; // Keras writes `None` for "not given".
  if (BOOKKEEPING_KEYS.has(entry.key)) return false;
  return !BOOKKEEPING_SUFFIXES.some((suffix) => entry.key.endsWith(suffix));
}

function readLayer(
  text: string,
  layerMap: MapValue,
  className: StringValue,
  layerConfig: MapValue,
  name: StringValue | undefined,
  from: StringValue[] | undefined,
): SourceLayer {
  const params = layerConfig.entries
    .filter(isLayerParameter)
    .map((entry) => ({ ...entry, value: entry.key === 'target_shape' ? targetShape(entry.value) : normalized(entry.value) }));
  const lineEnd = trimEnd(text, lineEndOf(text, className.span.end));
  // A frozen layer (Keras writes `"trainable": false` on each layer of a frozen model): 0 trainable
  // parameters. A wrapper's own is not read (TF.js: its trainable weights are the held layer's).
  const trainable = WRAPPERS.has(className.value) ? undefined : layerConfig.entries.find((entry) => entry.key === 'trainable')?.value;
  return {
    ...(trainable?.kind === 'boolean' && !trainable.value && { trainable: { frozen: true, by: '`"trainable": false`' } }),
    type: className.value,
    typeSpan: className.span,
    typeNameSpan: literalNameSpan(text, className.span, className.value, false),
    name: name?.value,
    nameSpan: name?.span,
    params,
    from: from && sourcesValue(from, layerMap.span),
    span: layerMap.span,
    // In one-line JSON (the default of `to_json()`) the line end is far away: stay by the type.
    hintOffset: lineEnd <= layerMap.span.end ? lineEnd : className.span.end,
    insertion: configInsertion(text, layerConfig),
  };
}

function trimEnd(text: string, end: number): number {
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end;
}

/** A Reshape's `target_shape`, where TF.js's `model.save()` writes the inferred axis (`-1`) as `null`. */
function targetShape(value: SourceValue): SourceValue {
  const list = asList(normalized(value));
  if (!list) return normalized(value);
  return { ...list, items: list.items.map((item): SourceValue => (item.kind === 'null' ? { kind: 'number', value: -1, span: item.span } : item)) };
}

/** Legacy `{"class_name": "__tuple__", "items": [...]}` tuples become plain lists, at any depth. */
function normalized(value: SourceValue): SourceValue {
  if (value.kind === 'list') return { ...value, items: value.items.map(normalized) };
  if (value.kind !== 'map') return value;
  const items = asList(entryValue(value, 'items'));
  if (asString(entryValue(value, 'class_name')) === '__tuple__' && items) {
    return { kind: 'list', items: items.items.map(normalized), span: value.span };
  }
  return { ...value, entries: value.entries.map((entry) => ({ ...entry, value: normalized(entry.value) })) };
}

/**
 * The layers feeding this one, from its first inbound node: Keras 2 / TF.js write
 * `[[[name, node, tensor, {}], ...]]`, Keras 3 `[{"args": [<__keras_tensor__>...], "kwargs": {}}]`.
 */
function inboundSources(layerMap: MapValue): StringValue[] | undefined {
  const firstNode = asList(entryValue(layerMap, 'inbound_nodes'))?.items[0];
  if (!firstNode) return undefined;
  const sources: StringValue[] = [];
  if (firstNode.kind === 'list') {
    for (const tensor of firstNode.items) {
      const source = asList(tensor)?.items[0];
      if (source?.kind === 'string') sources.push(source);
    }
  } else if (firstNode.kind === 'map') {
    const args = entryValue(firstNode, 'args');
    if (args) collectKerasTensors(args, sources);
  }
  return sources;
}

function collectKerasTensors(value: SourceValue, sources: StringValue[]): void {
  if (value.kind === 'list') {
    for (const item of value.items) collectKerasTensors(item, sources);
  } else if (value.kind === 'map' && asString(entryValue(value, 'class_name')) === '__keras_tensor__') {
    const history = asList(entryValue(asMap(entryValue(value, 'config')) ?? value, 'keras_history'));
    const source = history?.items[0];
    if (source?.kind === 'string') sources.push(source);
  }
}

/** Where a key goes in the layer's config: after its last entry (or inside its empty braces). */
function configInsertion(text: string, config: MapValue): JsonInsertion {
  const nulls = config.entries.flatMap((entry): [string, Span][] => (entry.value.kind === 'null' ? [[entry.key, entry.value.span]] : []));
  const last = config.entries[config.entries.length - 1];
  if (!last) return { syntax: 'json', at: config.span.start + 1, separator: '', nulls };
  const multiLine = lineStartOf(text, last.keySpan.start) !== lineStartOf(text, config.span.start);
  const separator = multiLine ? `,${lineBreakOf(text)}${indentationOf(text, last.keySpan.start)}` : ', ';
  return { syntax: 'json', at: last.value.span.end, separator, nulls };
}
