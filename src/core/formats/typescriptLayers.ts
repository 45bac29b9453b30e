/**
 * Building {@link SourceLayer}s from TypeScript syntax, with the edits quick fixes need written
 * in TypeScript syntax (`, key: value` into an object literal, layers into an array).
 */
import type * as TS from 'typescript';
import type { ReplacementLayer, SourceEntry, SourceLayer, SourceValue, Span, TextEdit } from '../ir';
import { formatFlowValue, indentationOf, lineBreakOf, lineStartOf } from './sourceValues';
import { excerptOf, type Evaluator } from './typescriptSyntax';

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

/**
 * Where a layer's expression sits, so that a quick fix can replace it by several layers. Only
 * offsets: a read layer must not keep the syntax tree alive once reading is done.
 */
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
  /** Where `tf.layers` (or its alias) is written before the factory; absent: `tf.layers`. */
  factory?: Span;
}

/** Builds a layer from its parts, with edits in TypeScript syntax. */
export function buildLayer(evaluator: Evaluator, parts: LayerParts): SourceLayer {
  return parts.replace ? new ReplaceableLayer(evaluator, parts, parts.replace) : new TypeScriptLayer(evaluator, parts);
}

/**
 * How {@link TypeScriptLayer.insertParam} writes a new entry: into an empty object literal
 * (`key: value`), after an object's last property (`, key: value`), between the parentheses of a
 * call without arguments (`{key: value}`), or around an expression (`{...expression, key: value}`).
 */
type Insertion = 'firstEntry' | 'nextEntry' | 'newObject' | 'spread';

/**
 * A layer read from TypeScript. Its edits are methods over offsets and the text, not closures
 * over syntax nodes, so the parsed file is garbage as soon as reading ends.
 */
class TypeScriptLayer implements SourceLayer {
  readonly type: string;
  readonly typeSpan: Span;
  readonly typeNameSpan: Span | undefined;
  readonly name: string | undefined;
  readonly nameSpan: Span | undefined;
  readonly params: SourceEntry[];
  readonly from: SourceValue | undefined;
  readonly expect: SourceValue | undefined;
  readonly span: Span;
  readonly hintOffset: number;
  declare indeterminate?: boolean;
  protected readonly text: string;
  private readonly insertStart: number;
  private readonly insertEnd: number;
  private readonly insertion: Insertion;

  constructor(evaluator: Evaluator, parts: LayerParts) {
    // One pass over the entries for the last `name` and `expect` and for the params, which are the
    // entries without reserved keys (`name`, `inputShape`...): until the first reserved key they
    // are the entries array itself, shared; from it on, a copy of the entries before it, extended.
    const { entries, reserved } = parts;
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
    this.type = parts.type;
    this.typeSpan = parts.typeSpan;
    this.typeNameSpan = parts.typeNameSpan;
    this.name = hasName ? String(nameValue.value) : undefined;
    this.nameSpan = hasName ? nameValue.span : undefined;
    this.params = params;
    this.from = parts.from;
    this.expect = expect;
    this.span = parts.span;
    this.hintOffset = parts.hintOffset;
    if (parts.entriesIncomplete) this.indeterminate = true;
    this.text = evaluator.text;
    const config = parts.config;
    if (config.kind === 'object') {
      const properties = config.node.properties;
      this.insertion = properties.length === 0 ? 'firstEntry' : 'nextEntry';
      this.insertStart = properties.length === 0 ? evaluator.start(config.node) + 1 : properties[properties.length - 1].end;
      this.insertEnd = this.insertStart;
    } else if (config.kind === 'empty') {
      this.insertion = 'newObject';
      this.insertStart = this.insertEnd = config.offset;
    } else {
      this.insertion = 'spread';
      this.insertStart = evaluator.start(config.node);
      this.insertEnd = config.node.end;
    }
  }

  insertParam(key: string, valueText: string): TextEdit {
    const entry = `${formatKey(key)}: ${valueText}`;
    const span = { start: this.insertStart, end: this.insertEnd };
    switch (this.insertion) {
      case 'firstEntry':
        return { span, newText: entry };
      case 'nextEntry':
        return { span, newText: `, ${entry}` };
      case 'newObject':
        return { span, newText: `{${entry}}` };
      case 'spread':
        return { span, newText: `{...${this.text.slice(this.insertStart, this.insertEnd)}, ${entry}}` };
    }
  }
}

/** A layer written where several layers can take its place (an array element, an `add` statement). */
class ReplaceableLayer extends TypeScriptLayer {
  private readonly site: ReplaceSite;
  private readonly factory: Span | undefined;

  constructor(evaluator: Evaluator, parts: LayerParts, site: ReplaceSite) {
    super(evaluator, parts);
    this.site = site;
    this.factory = parts.factory;
  }

  replaceWith(layers: ReplacementLayer[]): TextEdit {
    const { text, site } = this;
    const startsLine = text.slice(lineStartOf(text, site.span.start), site.span.start).trim() === '';
    const separator = startsLine
      ? `${site.separator}${lineBreakOf(text)}${indentationOf(text, site.span.start)}`
      : `${site.separator} `;
    return { span: site.span, newText: layers.map((layer) => this.writeLayer(layer)).join(separator) };
  }

  private writeLayer(layer: ReplacementLayer): string {
    if (this.site.style === 'literal') return formatObject([['type', layer.type], ...layer.params]);
    const factory = this.factory ? excerptOf(this.text, this.factory.start, this.factory.end, 200) : 'tf.layers';
    const call = `${factory}.${layer.type}(${layer.params.length > 0 ? formatObject(layer.params) : ''})`;
    return this.site.receiver ? `${excerptOf(this.text, this.site.receiver.start, this.site.receiver.end, 200)}.add(${call})` : call;
  }
}
