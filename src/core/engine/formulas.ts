/**
 * Formulas per spatial axis as the hover shows them: first in symbols
 * (`H_out = (H_in − 1)·s − 2·p + d·(k − 1) + op + 1`), then with the numbers substituted
 * (`(8−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 16`) — where the input size is symbolic, with its
 * expression (`floor((H + 2·1 − 1·(3−1) − 1) / 2) + 1 = ⌈H/2⌉`). Typographic minus and middle dot, as in SPEC.md.
 */

/** One axis's formula: in symbols (absent where the size is given rather than computed) and with numbers. */
export interface AxisFormula {
  symbolic?: string;
  numbers: string;
}

/** Writes an axis's formula for its label (`H`): only a hover shows it, so it is written when shown. */
export type FormulaWriter = (axis: string) => AxisFormula;

const MINUS = '−';

function padTerm(padBegin: number, padEnd: number, sign: 1 | -1): string {
  const op = sign > 0 ? '+' : MINUS;
  return padBegin === padEnd ? ` ${op} 2·${padBegin}` : ` ${op} ${padBegin} ${op} ${padEnd}`;
}

/** The padding in symbols: `2·p`, or `p_begin` and `p_end` where they differ. */
function symbolicPadTerm(padBegin: number, padEnd: number, sign: 1 | -1): string {
  const op = sign > 0 ? '+' : MINUS;
  return padBegin === padEnd ? ` ${op} 2·p` : ` ${op} p_begin ${op} p_end`;
}

/** Symbolic texts by variant, then axis label: written once each and shared by every layer (a few dozen in all). */
const symbolicTexts = new Map<string, Map<string, string>>();

/**
 * `H_out = ` + the right-hand side with `H_in` for the input size. The text depends only on
 * `variant` (which right-hand side) and the axis, so it is written once: results carry a formula
 * for every axis of every layer, and writing them all anew was a good part of the engine's time.
 */
function symbolic(axis: string, variant: string, rightHandSide: (input: string) => string): string {
  let byAxis = symbolicTexts.get(variant);
  if (byAxis === undefined) symbolicTexts.set(variant, (byAxis = new Map()));
  let text = byAxis.get(axis);
  if (text === undefined) byAxis.set(axis, (text = `${axis}_out = ${rightHandSide(`${axis}_in`)}`));
  return text;
}

/** Labels of the usual ranks, shared rather than rebuilt for every layer. */
const AXIS_LABELS: readonly (readonly string[])[] = [[], ['L'], ['H', 'W'], ['D', 'H', 'W']];

/** The axis labels for `rank` spatial axes: `L`; `H, W`; `D, H, W`. */
export function axisLabels(rank: number): readonly string[] {
  return AXIS_LABELS[rank] ?? Array.from({ length: rank }, (_, index) => `X${index + 1}`);
}

/** The convolution's variants: floor or ceil mode, even or uneven padding. */
const CONV_VARIANTS = [
  ['conv', 'conv uneven'],
  ['conv ceil', 'conv ceil uneven'],
] as const;

/** `floor((i + 2·p − d·(k−1) − 1) / s) + 1 = o` (or `ceil(...)` in ceil mode). */
export function convFormula(
  axis: string,
  input: number | string,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation: number,
  output: number | string,
  ceilMode = false,
): AxisFormula {
  const round = ceilMode ? 'ceil' : 'floor';
  return {
    symbolic: symbolic(axis, CONV_VARIANTS[ceilMode ? 1 : 0][padBegin === padEnd ? 0 : 1], (i) => `${round}((${i}${symbolicPadTerm(padBegin, padEnd, 1)} ${MINUS} d·(k ${MINUS} 1) ${MINUS} 1) / s) + 1`),
    numbers: `${round}((${input}${padTerm(padBegin, padEnd, 1)} ${MINUS} ${dilation}·(${kernel}${MINUS}1) ${MINUS} 1) / ${stride}) + 1 = ${output}`,
  };
}

/** TF-style `'same'`: `ceil(i / s) = o`. */
export function sameFormula(axis: string, input: number | string, stride: number, output: number | string): AxisFormula {
  return { symbolic: symbolic(axis, 'same', (i) => `ceil(${i} / s)`), numbers: `ceil(${input} / ${stride}) = ${output}` };
}

/** TF-style `'valid'`: `ceil((i − d·(k−1)) / s) = o`. */
export function validFormula(axis: string, input: number | string, kernel: number, stride: number, dilation: number, output: number | string): AxisFormula {
  return {
    symbolic: symbolic(axis, 'valid', (i) => `ceil((${i} ${MINUS} d·(k ${MINUS} 1)) / s)`),
    numbers: `ceil((${input} ${MINUS} ${dilation}·(${kernel}${MINUS}1)) / ${stride}) = ${output}`,
  };
}

/** PyTorch form: `(i−1)·s − 2·p + d·(k−1) + op + 1 = o`. */
export function transposedFormula(
  axis: string,
  input: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation: number,
  outputPadding: number,
  output: number,
): AxisFormula {
  return {
    symbolic: symbolic(axis, padBegin === padEnd ? 'transposed' : 'transposed uneven', (i) => `(${i} ${MINUS} 1)·s${symbolicPadTerm(padBegin, padEnd, -1)} + d·(k ${MINUS} 1) + op + 1`),
    numbers: `(${input}${MINUS}1)·${stride}${padTerm(padBegin, padEnd, -1)} + ${dilation}·(${kernel}${MINUS}1) + ${outputPadding} + 1 = ${output}`,
  };
}

/** `i·s = o` (Keras/TF.js `'same'` without output padding). */
export function timesStrideFormula(axis: string, input: number, stride: number, output: number): AxisFormula {
  return { symbolic: symbolic(axis, 'times stride', (i) => `${i}·s`), numbers: `${input}·${stride} = ${output}` };
}

/** Keras `'same'` with output padding: `(i−1)·s + (k_eff mod 2) + op = o`. */
export function kerasSameFormula(axis: string, input: number, stride: number, kEff: number, outputPadding: number, output: number): AxisFormula {
  return {
    symbolic: symbolic(axis, 'keras same', (i) => `(${i} ${MINUS} 1)·s + (k_eff mod 2) + op`),
    numbers: `(${input}${MINUS}1)·${stride} + (${kEff} mod 2) + ${outputPadding} = ${output}`,
  };
}

/** TF.js `'valid'` deconvLength: `i·s + max(k − s, 0) = o`. */
export function tfjsValidFormula(axis: string, input: number, kernel: number, stride: number, output: number): AxisFormula {
  return {
    symbolic: symbolic(axis, 'tfjs valid', (i) => `${i}·s + max(k ${MINUS} s, 0)`),
    numbers: `${input}·${stride} + max(${kernel} ${MINUS} ${stride}, 0) = ${output}`,
  };
}

/** `floor(i · scale) = o`. */
export function scaleFormula(axis: string, input: number | string, scale: number, output: number | string): AxisFormula {
  return { symbolic: symbolic(axis, 'scale', (i) => `floor(${i}·scale)`), numbers: `floor(${input}·${scale}) = ${output}` };
}
