/**
 * Call signatures: how a layer's positional arguments bind to its parameter names, as the
 * framework's constructor binds them (`nn.ConvTranspose2d(64, 32, 4, 2, 1)` binds
 * `in_channels=64, out_channels=32, kernel_size=4, stride=2, padding=1`).
 */
import type { SourceEntry, SourceValue, Span } from '../ir';

/**
 * A default as the framework lists it: a number, a string, a boolean, `null` (Python `None`:
 * the builder derives the value, e.g. a pool's strides from its window), or a list of them
 * (`strides=(1, 1)`, TF.js `padding: [[1, 1], [1, 1]]`).
 */
export type DefaultValue = number | string | boolean | null | readonly DefaultValue[];

/** One parameter that may be passed by position. */
export interface SignatureParameter {
  readonly name: string;
  /** Absent for a required parameter. */
  readonly default?: DefaultValue;
}

/** The call signature a vocabulary entry declares. */
export interface CallSignature {
  /** Parameters that may be passed by position, in the framework's order; keywords may name them too. */
  readonly positional: readonly SignatureParameter[];
  /**
   * Parameters given by name only (TF.js config fields, ONNX attributes, Keras keyword
   * arguments ConvLens knows no position for), with their defaults.
   */
  readonly keywords?: readonly SignatureParameter[];
  /** Any number of positional arguments is accepted (Python `*args`, `nn.Identity`). */
  readonly variadic?: boolean;
  /**
   * The class the framework names in its errors, where that is not the layer type (Python names
   * the class defining `__init__`: `_MaxPoolNd` for `nn.MaxPool2d`, `Module` for `nn.Tanh`).
   */
  readonly owner?: string;
}

/** A signature without positional parameters: the layer is configured by keywords only (Keras config, ONNX attributes). */
export const KEYWORDS_ONLY: CallSignature = { positional: [] };

/** In a {@link KeywordTable}: a parameter the framework refuses to build without. */
export const REQUIRED = Symbol('required');

/** Keyword parameters by name: each one's default, or {@link REQUIRED}. */
export type KeywordTable = Readonly<Record<string, DefaultValue | typeof REQUIRED>>;

/** A keywords-only signature from a table, each name spelled by `spell` (TF.js: camelCase). */
export function keywordSignature(table: KeywordTable, spell: (name: string) => string = (name) => name): CallSignature {
  const keywords = Object.entries(table).map(([name, value]): SignatureParameter => (value === REQUIRED ? { name: spell(name) } : { name: spell(name), default: value }));
  return { positional: [], keywords };
}

/** Each parameter's default by name, built once per signature (builders look defaults up on every layer). */
const DEFAULTS = new WeakMap<CallSignature, ReadonlyMap<string, DefaultValue | undefined>>();

/**
 * The default `signature` declares for parameter `name`: `undefined` when the parameter is
 * required or not in the signature (`has` tells which), `null` when the framework derives it.
 */
export function signatureDefault(signature: CallSignature, name: string): DefaultValue | undefined {
  let defaults = DEFAULTS.get(signature);
  if (!defaults) {
    const parameters = [...signature.positional, ...(signature.keywords ?? [])];
    defaults = new Map(parameters.map((parameter) => [parameter.name, parameter.default]));
    DEFAULTS.set(signature, defaults);
  }
  return defaults.get(name);
}

/** How the framework words a call its signature refuses. */
export interface CallWording {
  /** More positional arguments than the signature takes. */
  tooManyPositional(type: string, signature: CallSignature, given: number): string;
  /** A keyword naming a parameter a positional argument already set. */
  repeatedArgument(type: string, signature: CallSignature, name: string): string;
}

/** A call the signature refuses, at the offending argument. */
export interface BindingProblem {
  span: Span;
  message: string;
}

/** Keyword entries plus the positional arguments named through the signature. */
export interface BoundArguments {
  /** Positional arguments first (named by the signature, the key span being the value's), then the keywords. */
  entries: SourceEntry[];
  problems: BindingProblem[];
}

/**
 * Binds positional `args` and keyword `params` through `signature`, as Python does: the i-th
 * argument names the i-th positional parameter; extra arguments, and keywords repeating a
 * positional argument, are refused with the framework's `wording`.
 */
export function bindArguments(
  type: string,
  args: readonly SourceValue[],
  params: readonly SourceEntry[],
  signature: CallSignature,
  wording: CallWording,
): BoundArguments {
  const problems: BindingProblem[] = [];
  const positional = signature.positional;
  if (args.length > positional.length && !signature.variadic) {
    problems.push({ span: args[positional.length].span, message: wording.tooManyPositional(type, signature, args.length) });
  }
  const named = Math.min(args.length, positional.length);
  const entries: SourceEntry[] = [];
  for (let index = 0; index < named; index++) {
    entries.push({ key: positional[index].name, keySpan: args[index].span, value: args[index] });
  }
  for (const entry of params) {
    const repeated = positional.findIndex((parameter) => parameter.name === entry.key);
    if (repeated >= 0 && repeated < named) {
      problems.push({ span: { start: entry.keySpan.start, end: entry.value.span.end }, message: wording.repeatedArgument(type, signature, entry.key) });
    } else {
      entries.push(entry);
    }
  }
  return { entries, problems };
}
