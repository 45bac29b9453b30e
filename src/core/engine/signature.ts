/**
 * Call signatures: how a layer's positional arguments bind to its parameter names, as the
 * framework's constructor binds them (`nn.ConvTranspose2d(64, 32, 4, 2, 1)` binds
 * `in_channels=64, out_channels=32, kernel_size=4, stride=2, padding=1`).
 */
import type { SourceEntry, SourceValue, Span } from '../ir';

/** A default as the framework lists it: a number, a string, a boolean, or `null` (Python `None`). */
export type DefaultValue = number | string | boolean | null;

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
