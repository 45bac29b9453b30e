/**
 * Builds {@link SourceModel}s for engine tests from a compact description, without a reader.
 *
 * The model is laid out as ConvLens YAML text (returned as `text`), and every span points at
 * where that value was written, so tests can check that a diagnostic lands on the right
 * parameter and that quick-fix edits produce the expected text.
 */
import type {
  Framework,
  SourceEntry,
  SourceInput,
  SourceLayer,
  SourceModel,
  SourceValue,
  Span,
  TextEdit,
} from '../../../src/core/ir';

/** An expression a reader could not fold (becomes a SourceValue of kind `unknown`). */
export class UnknownExpression {
  constructor(readonly text: string) {}
}

export type SyntheticValue =
  | number
  | string
  | boolean
  | null
  | UnknownExpression
  | SyntheticValue[]
  | { [key: string]: SyntheticValue };

/** One layer: `type`, optional `name`/`from`/`expect`, and every other key is a parameter. */
export interface SyntheticLayer {
  type: string;
  name?: string;
  from?: SyntheticValue;
  expect?: SyntheticValue;
  [param: string]: SyntheticValue | undefined;
}

export interface SyntheticModelSpec {
  framework?: Framework;
  name?: string;
  /** A single input (named `input`), e.g. `['N', 3, 32, 32]`. */
  input?: SyntheticValue;
  /** Several named inputs. */
  inputs?: Record<string, SyntheticValue>;
  layers: SyntheticLayer[];
}

/** A SourceModel plus the fake YAML text its spans index into. */
export interface SyntheticSourceModel extends SourceModel {
  text: string;
}

const LAYER_INDENT = '  ';
const PARAM_INDENT = '    ';

/** Formats a value the way the fake YAML writes it (flow style for lists and maps). */
export function formatSyntheticValue(value: SyntheticValue): string {
  return new TextWriter().value(value).text;
}

/** Appends text while recording the span of each value written. */
class TextWriter {
  text = '';

  constructor(private readonly origin = 0) {}

  get offset(): number {
    return this.origin + this.text.length;
  }

  write(fragment: string): this {
    this.text += fragment;
    return this;
  }

  value(value: SyntheticValue): this {
    this.sourceValue(value);
    return this;
  }

  /** Writes `value` and returns it as a SourceValue with spans into the text. */
  sourceValue(value: SyntheticValue): SourceValue {
    const start = this.offset;
    const spanFrom = (): Span => ({ start, end: this.offset });
    if (value instanceof UnknownExpression) {
      this.write(value.text);
      return { kind: 'unknown', text: value.text, span: spanFrom() };
    }
    if (value === null) {
      this.write('null');
      return { kind: 'null', span: spanFrom() };
    }
    if (Array.isArray(value)) {
      this.write('[');
      const items = value.map((item, index) => {
        if (index > 0) this.write(', ');
        return this.sourceValue(item);
      });
      this.write(']');
      return { kind: 'list', items, span: spanFrom() };
    }
    switch (typeof value) {
      case 'number':
        this.write(String(value));
        return { kind: 'number', value, span: spanFrom() };
      case 'boolean':
        this.write(String(value));
        return { kind: 'boolean', value, span: spanFrom() };
      case 'string':
        this.write(plainScalar(value) ? value : JSON.stringify(value));
        return { kind: 'string', value, span: spanFrom() };
      default: {
        this.write('{');
        const entries = Object.entries(value).map(([key, item], index) => {
          if (index > 0) this.write(', ');
          return this.entry(key, item);
        });
        this.write('}');
        return { kind: 'map', entries, span: spanFrom() };
      }
    }
  }

  /** Writes `key: value` and returns the entry. */
  entry(key: string, value: SyntheticValue): SourceEntry {
    const keyStart = this.offset;
    this.write(key);
    const keySpan = { start: keyStart, end: this.offset };
    this.write(': ');
    return { key, keySpan, value: this.sourceValue(value) };
  }
}

/** Whether a string can be written unquoted without YAML reading it as something else. */
function plainScalar(value: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.\-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|~)$/i.test(value);
}

function writeLayer(writer: TextWriter, layer: SyntheticLayer): SourceLayer {
  writer.write(LAYER_INDENT);
  const start = writer.offset;
  writer.write('- ');
  const typeEntry = writer.entry('type', layer.type);
  const hintOffset = writer.offset;
  const params: SourceEntry[] = [];
  let nameEntry: SourceEntry | undefined;
  let from: SourceValue | undefined;
  let expect: SourceValue | undefined;
  for (const [key, value] of Object.entries(layer)) {
    if (key === 'type' || value === undefined) continue;
    writer.write(`\n${PARAM_INDENT}`);
    const entry = writer.entry(key, value);
    if (key === 'name') nameEntry = entry;
    else if (key === 'from') from = entry.value;
    else if (key === 'expect') expect = entry.value;
    else params.push(entry);
  }
  const end = writer.offset;
  writer.write('\n');
  return {
    type: layer.type,
    typeSpan: typeEntry.value.span,
    ...(nameEntry && { name: layer.name, nameSpan: nameEntry.value.span }),
    params,
    ...(from && { from }),
    ...(expect && { expect }),
    span: { start, end },
    hintOffset,
    insertion: { syntax: 'yaml', at: end, separator: `\n${PARAM_INDENT}` },
    replacement: {
      syntax: 'yaml',
      span: { start, end },
      style: 'blockSequence',
      blockMaps: true,
      itemIndent: LAYER_INDENT,
      keyIndent: PARAM_INDENT,
      lineBreak: '\n',
      carried: { first: [], last: [] },
    },
  };
}

/** Builds a SourceModel (framework default `pytorch`) laid out as fake ConvLens YAML. */
export function syntheticModel(spec: SyntheticModelSpec): SyntheticSourceModel {
  const framework = spec.framework ?? 'pytorch';
  const writer = new TextWriter();
  if (spec.name !== undefined) writer.write('name: ').value(spec.name).write('\n');
  let frameworkSpan: Span | undefined;
  if (spec.framework !== undefined) {
    writer.write('framework: ');
    frameworkSpan = writer.sourceValue(framework).span;
    writer.write('\n');
  }
  const inputs: SourceInput[] = [];
  if (spec.inputs !== undefined) {
    writer.write('inputs:');
    for (const [name, shape] of Object.entries(spec.inputs)) {
      writer.write(`\n${LAYER_INDENT}`);
      const start = writer.offset;
      const entry = writer.entry(name, shape);
      inputs.push({ name, shape: entry.value, span: { start, end: writer.offset } });
    }
    writer.write('\n');
  } else if (spec.input !== undefined) {
    const start = writer.offset;
    const entry = writer.entry('input', spec.input);
    inputs.push({ name: 'input', shape: entry.value, span: { start, end: writer.offset } });
    writer.write('\n');
  }
  writer.write('layers:\n');
  const layers = spec.layers.map((layer) => writeLayer(writer, layer));
  return {
    ...(spec.name !== undefined && { name: spec.name }),
    framework,
    ...(frameworkSpan && { frameworkSpan }),
    inputs,
    layers,
    span: { start: 0, end: writer.text.length },
    syntax: 'yaml',
    text: writer.text,
  };
}

/** The text a span covers. */
export function textAt(text: string, span: Span): string {
  return text.slice(span.start, span.end);
}

/** Applies non-overlapping edits to a text (any order). */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return [...edits]
    .sort((a, b) => b.span.start - a.span.start)
    .reduce((result, edit) => result.slice(0, edit.span.start) + edit.newText + result.slice(edit.span.end), text);
}

/** The span of a layer parameter's value (throws in a test if the layer has no such parameter). */
export function paramSpan(model: SourceModel, layerIndex: number, key: string): Span {
  const entry = model.layers[layerIndex]?.params.find((param) => param.key === key);
  if (!entry) throw new Error(`layer ${layerIndex} has no parameter ${key}`);
  return entry.value.span;
}
