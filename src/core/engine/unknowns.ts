/**
 * Why a shape is unknown: the reasons the engine attaches where an unknown starts, so that every
 * `?` downstream can say where it came from (the reason travels with the dimension).
 */
import { SEVERITY, type DiagnosticCode } from '../diagnostics';
import { dimText, unknownDim, type Dim, type UnknownReason } from '../dims';
import type { SourceValue, Span } from '../ir';
import type { Problem } from './problems';

/** The reason behind a problem that leaves an output unknown; points at the reported diagnostic. */
export function reasonFromProblem(because: string, problem: Problem): UnknownReason {
  return { because, span: problem.span, reported: problem.severity ?? SEVERITY[problem.code] };
}

/** How a value the reader left unfolded reads in a reason: `` `filters` of Conv2D 'c' is `cfg.filters * 2`, … ``. */
function unfoldedValue(what: string, value: SourceValue): string {
  if (value.kind === 'unknown' && value.because) return `${what} is not known: ${value.because}`;
  const text = value.kind === 'unknown' ? value.text.replace(/\s+/g, ' ').trim() : '';
  return text && text.length <= 60 && !text.includes('`') ? `${what} is \`${text}\`, a value ConvLens cannot fold` : `${what} is not a value ConvLens can fold`;
}

/** A value the reader could not fold (a TS expression, a YAML alias it does not follow). */
export function unfoldedReason(what: string, value: SourceValue): UnknownReason {
  return { because: unfoldedValue(what, value), span: value.span };
}

/** What happened to a layer whose rule refused it, by the code of the problem that refused it. */
const REFUSED: Partial<Record<DiagnosticCode, (layer: string) => string>> = {
  'shape-mismatch': (layer) => `the input of ${layer} does not fit it`,
  'channel-mismatch': (layer) => `the channels of ${layer} do not match its input`,
  'groups-mismatch': (layer) => `the channels of ${layer} are not divisible by its groups`,
  'output-too-small': (layer) => `${layer} would produce a size below 1`,
  'output-size-unreachable': (layer) => `the output size asked of ${layer} cannot be reached`,
};

/** The reason of a layer that the framework (`label`) refuses because of `problem`. */
export function refusedReason(layer: string, label: string, problem: Problem): UnknownReason {
  const because = REFUSED[problem.code]?.(layer) ?? `${label} refuses the parameters of ${layer}`;
  return reasonFromProblem(because, problem);
}

/**
 * The output dimension where a rule needs a number and the input has none: an unknown input keeps
 * its own reason (so the `?` still points where it started); a symbol gets one naming it.
 */
export function notComputed(input: Dim, layer: string, span: Span): Dim {
  if (input.kind === 'unknown') return input;
  return unknownDim({ because: `${layer} needs a number where its input has the symbol ${dimText(input)}`, span });
}
