/**
 * Typed reading of a layer's parameters, as the framework modules need them.
 *
 * Every getter returns a usable value so that framework code stays linear: the written value, else
 * the default the layer type's call signature declares (the one place a default lives), else a
 * placeholder the builder gives (a required parameter's, or where the framework derives the value); what went wrong is recorded instead: ill-typed, out-of-range or wrong-length
 * values become `invalid-parameter` problems at the value's span and set {@link invalid}; values
 * a reader could not fold (kind `unknown`) set {@link indeterminate}, which makes the layer's
 * output unknown without a diagnostic.
 */
import { Code } from '../diagnostics';
import type { Dim } from '../dims';
import type { SourceEntry, SourceLayer, SourceValue, Span } from '../ir';
import { type BoundLayer, entrySpan, findParam, type Problem } from './problems';
import { repeat, type StatedSize } from './shapes';
import { bindArguments, type CallSignature, type CallWording, type DefaultValue, signatureDefault } from './signature';

/** Accepted spellings of one parameter; the first is the one quick fixes write. */
export type ParamKey = string | readonly string[];

export interface NumberOptions {
  /** Smallest accepted value (inclusive). */
  readonly min?: number;
  /** Whether fractional values are accepted. */
  readonly real?: boolean;
}

// The usual options as shared constants: a literal per read would be an allocation per read.
const ANY_INTEGER: NumberOptions = {};
export const POSITIVE: NumberOptions = { min: 1 };
export const NON_NEGATIVE: NumberOptions = { min: 0 };

/** The largest list a parameter may hold before it is refused unread (hostile input). */
const MAX_LIST_LENGTH = 64;

/** {@link perAxisLengths} of the usual ranks, shared rather than rebuilt for every read. */
const PER_AXIS_LENGTHS: readonly (readonly number[])[] = [[], [1, 1], [1, 2], [1, 3]];

/** The list lengths a per-axis parameter accepts: one value for all axes, or one per axis. */
function perAxisLengths(rank: number): readonly number[] {
  return PER_AXIS_LENGTHS[rank] ?? [1, rank];
}

function nameOf(key: ParamKey): string {
  return typeof key === 'string' ? key : key[0];
}

/** How a vocabulary reads one layer's parameters. */
export interface ParamsOptions {
  /** String choices match regardless of case (Keras lower-cases them). */
  readonly ignoreCase?: boolean;
  /** The layer type's call signature: binds positional arguments, and gives absent parameters their defaults. */
  readonly signature?: CallSignature;
  readonly wording?: CallWording;
  /**
   * Reads a symbolic size (SPEC §1.6 text) under the model's assumptions and defines, for
   * {@link LayerParams.size}: unknown where it is not at least 1 for every value of its symbols.
   * Without it, a symbolic size stays unknown.
   */
  readonly readSize?: (text: string, span: Span) => Dim;
}

/** Reads the parameters of one source layer, collecting problems. */
export class LayerParams implements BoundLayer {
  /** A parameter was missing, ill-typed or out of range (a problem was recorded). */
  invalid = false;
  /** A parameter's value could not be known (reader left an expression unfolded). */
  indeterminate = false;
  /** The first parameter whose value could not be known, for the reason of an unknown output. */
  unfolded?: { name: string; value: SourceValue };
  readonly problems: Problem[] = [];
  /** Every argument under its parameter name: positional ones bound through the signature, then keywords. */
  readonly entries: readonly SourceEntry[];
  private readonly ignoreCase: boolean;
  private readonly signature: CallSignature | undefined;
  private readonly readSize: ParamsOptions['readSize'];

  constructor(
    readonly layer: SourceLayer,
    options: ParamsOptions = {},
  ) {
    this.ignoreCase = options.ignoreCase ?? false;
    this.signature = options.signature;
    this.readSize = options.readSize;
    // A reader that could not see every parameter (a TS spread) leaves the output unknown.
    this.indeterminate = layer.indeterminate === true;
    const args = layer.args;
    if (args && args.length > 0 && options.signature && options.wording) {
      const bound = bindArguments(layer.type, args, layer.params, options.signature, options.wording);
      this.entries = bound.entries;
      for (const problem of bound.problems) this.reject(problem.span, problem.message);
    } else {
      this.entries = layer.params;
    }
  }

  /** The written entry for a parameter, if any (`null` values count as absent). */
  entry(key: ParamKey): SourceEntry | undefined {
    const found = findParam(this.entries, key);
    return found && found.value.kind !== 'null' ? found : undefined;
  }

  has(key: ParamKey): boolean {
    return this.entry(key) !== undefined;
  }

  /** Where to report a problem about a parameter: `key: value` as written (SPEC.md §4), else the layer's type. */
  spanOf(key: ParamKey): Span {
    const entry = this.entry(key);
    return entry ? entrySpan(entry) : this.layer.typeSpan;
  }

  /** Records an `invalid-parameter` problem. */
  reject(span: Span, message: string): void {
    this.invalid = true;
    this.problems.push({ code: Code.invalidParameter, message, span });
  }

  /** Records a problem of any code; `fatal` problems make the output unknown. */
  report(problem: Problem, fatal = true): void {
    if (fatal) this.invalid = true;
    this.problems.push(problem);
  }

  /** Records that a required parameter is missing. */
  require(key: ParamKey, what: string): boolean {
    if (this.has(key)) return true;
    if (!this.indeterminate) this.reject(this.layer.typeSpan, `${this.layer.type} needs \`${nameOf(key)}\` (${what}).`);
    return false;
  }

  /** The default the call signature declares for a parameter under any of its spellings; undefined for none (or `None`). */
  private declaredDefault(key: ParamKey): DefaultValue | undefined {
    const signature = this.signature;
    if (!signature) return undefined;
    for (const name of typeof key === 'string' ? [key] : key) {
      const value = signatureDefault(signature, name);
      if (value !== undefined && value !== null) return value;
    }
    return undefined;
  }

  /** Whether the call signature declares a default for a parameter (a required one has none). */
  hasDefault(key: ParamKey): boolean {
    return this.declaredDefault(key) !== undefined;
  }

  /**
   * The default the call signature declares for a parameter. A builder asks only for parameters
   * that have one: its absence is a ConvLens bug, thrown as such.
   */
  defaultOf(key: ParamKey): DefaultValue {
    const value = this.declaredDefault(key);
    if (value === undefined) throw new Error(`${this.layer.type}: its call signature declares no default for \`${nameOf(key)}\``);
    return value;
  }

  /** The signature's default of a parameter that holds numbers, or one number per axis of `length` axes. */
  private defaultNumbers(key: ParamKey, length: number): number[] {
    const value = this.defaultOf(key);
    if (typeof value === 'number') return repeat(value, length);
    if (Array.isArray(value) && value.every((item) => typeof item === 'number')) {
      return value.length === 1 ? repeat(value[0] as number, length) : (value as number[]).slice();
    }
    throw new Error(`${this.layer.type}: the default of \`${nameOf(key)}\` is not numbers`);
  }

  /**
   * An integer (or real) parameter; when absent or invalid, the signature's default, or
   * `fallback` where the builder gives one.
   */
  number(key: ParamKey, options?: NumberOptions): number;
  number(key: ParamKey, fallback: number, options?: NumberOptions): number;
  number(key: ParamKey, fallbackOrOptions?: number | NumberOptions, options?: NumberOptions): number {
    // Two conditionals rather than a destructured pair: no array per read.
    const fallback = typeof fallbackOrOptions === 'number' ? fallbackOrOptions : undefined;
    const read = typeof fallbackOrOptions === 'number' ? options : fallbackOrOptions;
    const entry = this.entry(key);
    const value = entry && this.numberValue(entry.value, nameOf(key), read ?? ANY_INTEGER);
    if (value !== undefined) return value;
    return fallback ?? this.defaultNumbers(key, 1)[0];
  }

  /**
   * A size parameter that becomes an output dimension as it is (`units`, `filters`): as
   * {@link number}, or the symbolic size the reader knew the value as, where that is at least
   * `options.min` (and 1) for every value of its symbols.
   */
  size(key: ParamKey, fallback: number, options: NumberOptions = ANY_INTEGER): StatedSize {
    const entry = this.entry(key);
    return (entry && this.sizeValue(entry.value, nameOf(key), options)) ?? fallback;
  }

  /** A list of sizes ({@link size}) whose length must be one of `lengths`; when absent or invalid, `fallback`. */
  sizeList(key: ParamKey, lengths: number[], fallback: StatedSize[], options: NumberOptions = ANY_INTEGER): StatedSize[] {
    const entry = this.entry(key);
    return (entry && this.itemList(entry.value, nameOf(key), lengths, undefined, options, true)) ?? fallback;
  }

  /** A number parameter that may be absent: `undefined` when absent, `fallback` when invalid. */
  optionalNumber(key: ParamKey, fallback: number, options: NumberOptions = ANY_INTEGER): number | undefined {
    return this.has(key) ? this.number(key, fallback, options) : undefined;
  }

  /**
   * A per-axis parameter: a scalar (applied to every axis) or a list of exactly `rank` numbers.
   * When absent or invalid, the signature's default or `fallback` (as {@link number}). Rank 0
   * means the rank is not known yet (rank-generic layers after an unknown input): nothing is
   * read or reported.
   */
  perAxis(key: ParamKey, rank: number, options?: NumberOptions): number[];
  perAxis(key: ParamKey, rank: number, fallback: number, options?: NumberOptions): number[];
  perAxis(key: ParamKey, rank: number, fallbackOrOptions?: number | NumberOptions, options?: NumberOptions): number[] {
    if (rank === 0) return [];
    const fallback = typeof fallbackOrOptions === 'number' ? fallbackOrOptions : undefined;
    const read = typeof fallbackOrOptions === 'number' ? options : fallbackOrOptions;
    const entry = this.entry(key);
    const values = entry && this.numberList(entry.value, nameOf(key), perAxisLengths(rank), rank, read ?? ANY_INTEGER);
    if (!values) return fallback === undefined ? this.defaultNumbers(key, rank) : repeat(fallback, rank);
    // A one-element list stands for every axis, as a scalar does (PyTorch expands it so too).
    return values.length === rank ? values : repeat(values[0], rank);
  }

  /**
   * A list of numbers whose length must be one of `lengths`; a scalar is accepted and repeated to
   * `scalarLength` when that is given. When absent or invalid, `fallback`, else the signature's
   * default (a list, or a number repeated to `scalarLength`, else to the first of `lengths`).
   */
  list(key: ParamKey, lengths: number[], fallback: number[] | null, options: NumberOptions & { scalarLength?: number } = ANY_INTEGER): number[] {
    const entry = this.entry(key);
    const values = entry && this.numberList(entry.value, nameOf(key), lengths, options.scalarLength, options);
    return values ?? fallback ?? this.defaultNumbers(key, options.scalarLength ?? lengths[0]);
  }

  /** A string parameter from a fixed vocabulary; when absent or invalid, `fallback` or else the signature's default. */
  choice<T extends string>(key: ParamKey, allowed: readonly T[], fallback?: T): T {
    const entry = this.entry(key);
    const value = entry?.value;
    if (value?.kind === 'unknown') this.markUnfolded(nameOf(key), value);
    else if (value) {
      const match = value.kind === 'string' ? this.findChoice(allowed, value.value) : undefined;
      if (match !== undefined) return match;
      const written = value.kind === 'string' ? `'${value.value}'` : 'this value';
      this.reject(value.span, `Invalid ${nameOf(key)} ${written}, should be one of ${allowed.map((item) => `'${item}'`).join(', ')}.`);
    }
    if (fallback !== undefined) return fallback;
    const declared = this.defaultOf(key);
    const match = typeof declared === 'string' ? this.findChoice(allowed, declared) : undefined;
    if (match === undefined) throw new Error(`${this.layer.type}: the default of \`${nameOf(key)}\` is not one of its choices`);
    return match;
  }

  /** The allowed value `written` names (ignoring case where the vocabulary does). */
  private findChoice<T extends string>(allowed: readonly T[], written: string): T | undefined {
    if (!this.ignoreCase) return allowed.includes(written as T) ? (written as T) : undefined;
    const lower = written.toLowerCase();
    return allowed.find((item) => item.toLowerCase() === lower);
  }

  /** A boolean parameter; when absent or invalid, `fallback` or else the signature's default. */
  boolean(key: ParamKey, fallback?: boolean): boolean {
    const entry = this.entry(key);
    if (entry?.value.kind === 'boolean') return entry.value.value;
    if (entry && entry.value.kind !== 'unknown') this.reject(entry.value.span, `\`${nameOf(key)}\` must be true or false.`);
    if (fallback !== undefined) return fallback;
    const declared = this.defaultOf(key);
    if (typeof declared !== 'boolean') throw new Error(`${this.layer.type}: the default of \`${nameOf(key)}\` is not a boolean`);
    return declared;
  }

  /** A string parameter of any value; undefined when absent or not a string. */
  text(key: ParamKey): string | undefined {
    const value = this.entry(key)?.value;
    return value?.kind === 'string' ? value.value : undefined;
  }

  /** Records that parameter `name` holds a value the reader could not fold. */
  private markUnfolded(name: string, value: SourceValue): void {
    this.indeterminate = true;
    this.unfolded ??= { name, value };
  }

  private numberValue(value: SourceValue, name: string, options: NumberOptions): number | undefined {
    if (value.kind === 'unknown') {
      this.markUnfolded(name, value);
      return undefined;
    }
    if (value.kind !== 'number' || !Number.isFinite(value.value)) {
      this.reject(value.span, `\`${name}\` must be a number.`);
      return undefined;
    }
    const number = value.value;
    if (Math.abs(number) > Number.MAX_SAFE_INTEGER) {
      this.reject(value.span, `\`${name}\` is too large; it must be at most ${Number.MAX_SAFE_INTEGER} (2^53 − 1).`);
      return undefined;
    }
    if (!options.real && !Number.isInteger(number)) {
      this.reject(value.span, `\`${name}\` must be an integer, got ${number}.`);
      return undefined;
    }
    const min = options.min;
    if (min !== undefined && number < min) {
      this.reject(value.span, `\`${name}\` must be ${min === 1 ? 'positive' : `at least ${min}`}, got ${number}.`);
      return undefined;
    }
    return number;
  }

  /** A size ({@link size}): where `symbolic`, a symbolic size the reader knew; else a number. */
  private sizeValue(value: SourceValue, name: string, options: NumberOptions, symbolic = true): StatedSize | undefined {
    if (!symbolic || value.kind !== 'unknown' || value.size === undefined || !this.readSize) return this.numberValue(value, name, options);
    const dim = this.readSize(value.size, value.span);
    if (dim.kind === 'known') return this.numberValue({ kind: 'number', value: dim.value, span: value.span }, name, options);
    if (dim.kind === 'symbolic') return dim;
    this.markUnfolded(name, value);
    return undefined;
  }

  private numberList(
    value: SourceValue,
    name: string,
    lengths: readonly number[],
    scalarLength: number | undefined,
    options: NumberOptions,
  ): number[] | undefined {
    // Read without symbols, every item is a number.
    return this.itemList(value, name, lengths, scalarLength, options, false) as number[] | undefined;
  }

  /**
   * A list of sizes ({@link sizeValue}; numbers only unless `symbolic`) whose length must be one
   * of `lengths` (a scalar repeated to `scalarLength`, where given).
   */
  private itemList(
    value: SourceValue,
    name: string,
    lengths: readonly number[],
    scalarLength: number | undefined,
    options: NumberOptions,
    symbolic: boolean,
  ): StatedSize[] | undefined {
    if (value.kind === 'list') {
      if (!lengths.includes(value.items.length)) {
        const expected = lengths.length === 1 ? `${lengths[0]}` : `${lengths.slice(0, -1).join(', ')} or ${lengths.at(-1)}`;
        const shown = value.items.length > MAX_LIST_LENGTH ? 'far more' : `${value.items.length}`;
        this.reject(value.span, `\`${name}\` must have ${expected} values, one per axis; it has ${shown}.`);
        return undefined;
      }
      const items: StatedSize[] = [];
      for (const item of value.items) {
        const element = this.sizeValue(item, name, options, symbolic);
        if (element === undefined) return undefined;
        items.push(element);
      }
      return items;
    }
    if (scalarLength !== undefined) {
      const item = this.sizeValue(value, name, options, symbolic);
      return item === undefined ? undefined : repeat(item, scalarLength);
    }
    if (value.kind === 'unknown') this.markUnfolded(name, value);
    else this.reject(value.span, `\`${name}\` must be a list of numbers.`);
    return undefined;
  }
}
