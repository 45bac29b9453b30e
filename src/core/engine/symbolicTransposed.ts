/**
 * Transposed convolutions on symbolic input sizes. Every vocabulary resolves an axis either as an
 * affine map of the input size, `o = s·i + c` (PyTorch and ONNX with explicit pads, Keras and
 * TF.js `same`/`valid`, ONNX `SAME_*`), or as the size an output-size parameter asks for, which
 * the framework accepts for inputs whose window of reachable sizes — ends affine in the input —
 * holds it. So the symbolic rule reads those maps from the vocabulary's own resolution at a few
 * input sizes (refusing when they do not agree on one affine map) instead of a second copy of
 * every framework's formula; the property test compares it with the concrete rule.
 */
import type { AxisExplanation } from '../results';
import { Code } from '../diagnostics';
import { knownDim, type Dim } from '../dims';
import { type Comparison, type SymExpr, type SymValue, formatExpressionPretty } from '../symbolic';
import type { FrameworkVocabulary, TransposedAxis, TransposedConvLayer } from './canonical';
import { dimOf, type DimScope } from './dimArithmetic';
import { axisLabels } from './formulas';
import type { Problem } from './problems';
import type { Sometimes } from './conditions';

/** Input sizes the resolution is read at: far from the small sizes where windows clamp. */
const PROBES = [1024, 1025, 1027] as const;

/** One symbolic axis of a transposed convolution. */
export interface SymbolicTransposedAxis {
  output: Dim;
  /** The output-padding knob on this axis: its value now and the values the framework accepts; output(v) = output + v − value. */
  knob: { value: number; range: [number, number] } | null;
}

/** What the symbolic axes of one transposed convolution come to. */
export interface SymbolicTransposedResult {
  axes: (SymbolicTransposedAxis | null)[];
  explanations: AxisExplanation[];
  /** Output sizes asked for that the framework accepts for no allowed input size. */
  unreachable: Problem[];
  /** Output sizes asked for that it accepts for some input sizes only. */
  conditional: { axis: string; comparisons: Sometimes[] }[];
}

/** `slope·i + offset` through the values at the probes, or null when they are not on one such line. */
function affine(values: readonly number[]): { slope: number; offset: number } | null {
  const slope = (values[1] - values[0]) / (PROBES[1] - PROBES[0]);
  if (!Number.isSafeInteger(slope)) return null;
  const offset = values[0] - slope * PROBES[0];
  return values.every((value, index) => value === slope * PROBES[index] + offset) ? { slope, offset } : null;
}

function affineExpr(scope: DimScope, input: SymExpr, line: { slope: number; offset: number }): SymValue {
  return scope.algebra.add(scope.algebra.mul(input, line.slope), line.offset);
}

/**
 * The symbolic axes of transposed convolution `layer` whose spatial input sizes are `inputs`
 * (null entries where an axis is not symbolic).
 */
export function symbolicTransposedAxes(
  layer: TransposedConvLayer,
  inputs: readonly Dim[],
  vocabulary: FrameworkVocabulary,
  scope: DimScope,
  knobName: string,
): SymbolicTransposedResult {
  const labels = axisLabels(layer.rank);
  const result: SymbolicTransposedResult = { axes: [], explanations: [], unreachable: [], conditional: [] };
  // Every vocabulary resolves each axis from its own input size alone, so one resolution per
  // probe serves all the symbolic axes at once.
  const resolutions = PROBES.map((probe) => vocabulary.resolveTransposed(layer, inputs.map((dim) => (dim.kind === 'symbolic' ? probe : null))).axes);
  inputs.forEach((dim, axis) => {
    if (dim.kind !== 'symbolic') {
      result.axes.push(null);
      return;
    }
    const resolved = resolutions.map((axes) => axes[axis]);
    const fail = (reason: string) => result.axes.push({ output: dimOf({ kind: 'unknown', reason }, scope), knob: null });
    if (resolved.some((entry) => entry === null)) return fail('the framework does not resolve this axis');
    const probes = resolved as TransposedAxis[];
    const label = labels[axis];
    const symbolicFormula = probes[0].formula(label).symbolic;
    const explain = (numbers: string) =>
      result.explanations.push({ axis: label, formula: numbers, ...(symbolicFormula !== undefined && { symbolic: symbolicFormula }) });
    if (layer.knob?.kind === 'outputSize') {
      const requested = probes[0].requested ?? probes[0].output;
      const low = affine(probes.map((entry) => entry.reachable[0]));
      const high = affine(probes.map((entry) => entry.reachable[1]));
      if (!low || !high) return fail(`the sizes ${knobName} may ask for do not follow the input size linearly`);
      const comparisons: Comparison[] = [];
      for (const [line, sign] of [
        [low, 1],
        [high, -1],
      ] as const) {
        const bound = affineExpr(scope, dim.expr, line);
        const slack = bound.kind === 'expr' ? scope.algebra.sub(sign > 0 ? requested : bound, sign > 0 ? bound : requested) : bound;
        comparisons.push(slack.kind === 'expr' ? scope.algebra.atLeastWhen(slack, 0) : { kind: 'undecided', reason: slack.reason });
      }
      const never = comparisons.find((comparison) => comparison.kind === 'never');
      if (never && never.kind === 'never') {
        result.unreachable.push({
          code: Code.outputSizeUnreachable,
          message: `${knobName} asks for ${label} = ${requested}, which no allowed ${formatExpressionPretty(dim.expr)} reaches (e.g. ${Object.entries(never.witness.values)
            .map(([name, value]) => `${name} = ${value}`)
            .join(', ')}).`,
          span: scope.source.typeSpan,
        });
      }
      const sometimes = comparisons.filter((comparison): comparison is Sometimes => comparison.kind === 'sometimes');
      if (sometimes.length > 0) result.conditional.push({ axis: label, comparisons: sometimes });
      const output = knownDim(requested);
      result.axes.push({ output, knob: null });
      explain(`${knobName} ${requested}, for ${label}_in = ${formatExpressionPretty(dim.expr)}`);
      return;
    }
    const line = affine(probes.map((entry) => entry.output));
    if (!line) return fail('its output does not follow the input size linearly');
    const output = dimOf(affineExpr(scope, dim.expr, line), scope);
    const knobValues = probes.map((entry) => entry.output - entry.knobOffset);
    const range = probes[0].validOutputPadding;
    const knob = layer.knob?.kind === 'outputPadding' && range && knobValues.every((value) => value === knobValues[0]) ? { value: knobValues[0], range } : null;
    result.axes.push({ output, knob });
    if (output.kind !== 'unknown') explain(formatOutput(dim.expr, output));
  });
  return result;
}

/** `H/2 → H`: the input and output expressions of an axis, for the hover beside the formula in symbols. */
function formatOutput(input: SymExpr, output: Dim): string {
  const text = output.kind === 'symbolic' ? formatExpressionPretty(output.expr) : output.kind === 'known' ? String(output.value) : '?';
  return `${formatExpressionPretty(input)} → ${text}`;
}
