/**
 * Problems found by the shape engine before they become {@link Diagnostic}s, and the edits of
 * quick fixes that set a parameter.
 */
import type { DiagnosticCode, Fix, RelatedInformation, Severity } from '../diagnostics';
import { plainSpan, type SourceEntry, type SourceLayer, type SourceModel, type Span, type TextEdit, type WrittenValue } from '../ir';
import { formatValue, insertParamEdit } from '../writers';

/** A diagnostic without severity and layer name (the engine adds both). */
export interface Problem {
  code: DiagnosticCode;
  message: string;
  span: Span;
  related?: RelatedInformation[];
  fixes?: Fix[];
  /** Overrides the code's usual severity (a warning under an error code). */
  severity?: Severity;
  /** The layer the problem belongs to, when not the one being analysed (the transposed conv a merge blames). */
  layer?: string;
}

/** A value a quick fix may write. */
export type FixValue = WrittenValue;

/** A source layer with every argument under its parameter name ({@link LayerParams} is one). */
export interface BoundLayer {
  readonly layer: SourceLayer;
  /** Positional arguments named through the call signature, then the keyword arguments. */
  readonly entries: readonly SourceEntry[];
}

/** Finds a parameter entry by its spelling or any of its accepted spellings (the last one written wins). */
export function findParam(params: readonly SourceEntry[], keys: string | readonly string[]): SourceEntry | undefined {
  // Plain loops, not `keys.includes`: the engine looks up a dozen parameters per layer.
  for (let i = params.length - 1; i >= 0; i--) {
    const key = params[i].key;
    if (typeof keys === 'string') {
      if (key === keys) return params[i];
      continue;
    }
    for (let spelling = 0; spelling < keys.length; spelling++) if (keys[spelling] === key) return params[i];
  }
  return undefined;
}

/** Where a diagnostic about a parameter goes: `key: value` as written (SPEC.md §4's example). */
export function entrySpan(entry: SourceEntry): Span {
  return { start: Math.min(entry.keySpan.start, entry.value.span.start), end: entry.value.span.end };
}

/**
 * The edit that sets parameter `key` (or an existing alias in `aliases`) of `layer` to `value`:
 * replaces the written value, or inserts the parameter when the layer does not have it.
 */
export function setParamEdit(
  model: SourceModel,
  bound: BoundLayer,
  key: string,
  value: FixValue,
  aliases: readonly string[] = [key],
): TextEdit {
  const text = formatValue(model.syntax, value);
  const entry = findParam(bound.entries, aliases);
  return entry ? { span: plainSpan(entry.value.span), newText: text } : insertParamEdit(bound.layer.insertion, key, text);
}

/** A quick fix that sets one parameter. */
export function setParamFix(
  model: SourceModel,
  bound: BoundLayer,
  key: string,
  value: FixValue,
  aliases?: readonly string[],
): Fix {
  return {
    title: `Set ${key} to ${formatValue(model.syntax, value)}`,
    edits: [setParamEdit(model, bound, key, value, aliases)],
    preferred: true,
  };
}
