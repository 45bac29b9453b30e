/**
 * Formulas with the numbers substituted, as the hover shows them
 * (`(8−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 16`). Typographic minus and middle dot, as in SPEC.md.
 */

const MINUS = '−';

function padTerm(padBegin: number, padEnd: number, sign: 1 | -1): string {
  const op = sign > 0 ? '+' : MINUS;
  return padBegin === padEnd ? ` ${op} 2·${padBegin}` : ` ${op} ${padBegin} ${op} ${padEnd}`;
}

/** Labels of the usual ranks, shared rather than rebuilt for every layer. */
const AXIS_LABELS: readonly (readonly string[])[] = [[], ['L'], ['H', 'W'], ['D', 'H', 'W']];

/** The axis labels for `rank` spatial axes: `L`; `H, W`; `D, H, W`. */
export function axisLabels(rank: number): readonly string[] {
  return AXIS_LABELS[rank] ?? Array.from({ length: rank }, (_, index) => `X${index + 1}`);
}

/** `floor((i + 2·p − d·(k−1) − 1) / s) + 1 = o` (or `ceil(...)` in ceil mode). */
export function convFormula(
  input: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation: number,
  output: number,
  ceilMode = false,
): string {
  const round = ceilMode ? 'ceil' : 'floor';
  return `${round}((${input}${padTerm(padBegin, padEnd, 1)} ${MINUS} ${dilation}·(${kernel}${MINUS}1) ${MINUS} 1) / ${stride}) + 1 = ${output}`;
}

/** TF-style `'same'`: `ceil(i / s) = o`. */
export function sameFormula(input: number, stride: number, output: number): string {
  return `ceil(${input} / ${stride}) = ${output}`;
}

/** TF-style `'valid'`: `ceil((i − d·(k−1)) / s) = o`. */
export function validFormula(input: number, kernel: number, stride: number, dilation: number, output: number): string {
  return `ceil((${input} ${MINUS} ${dilation}·(${kernel}${MINUS}1)) / ${stride}) = ${output}`;
}

/** PyTorch form: `(i−1)·s − 2·p + d·(k−1) + op + 1 = o`. */
export function transposedFormula(
  input: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  dilation: number,
  outputPadding: number,
  output: number,
): string {
  return `(${input}${MINUS}1)·${stride}${padTerm(padBegin, padEnd, -1)} + ${dilation}·(${kernel}${MINUS}1) + ${outputPadding} + 1 = ${output}`;
}

/** `i·s = o` (Keras/TF.js `'same'` without output padding). */
export function timesStrideFormula(input: number, stride: number, output: number): string {
  return `${input}·${stride} = ${output}`;
}

/** Keras `'same'` with output padding: `(i−1)·s + (k_eff mod 2) + op = o`. */
export function kerasSameFormula(input: number, stride: number, kEff: number, outputPadding: number, output: number): string {
  return `(${input}${MINUS}1)·${stride} + (${kEff} mod 2) + ${outputPadding} = ${output}`;
}

/** TF.js `'valid'` deconvLength: `i·s + max(k − s, 0) = o`. */
export function tfjsValidFormula(input: number, kernel: number, stride: number, output: number): string {
  return `${input}·${stride} + max(${kernel} ${MINUS} ${stride}, 0) = ${output}`;
}

/** `floor(i · scale) = o`. */
export function scaleFormula(input: number, scale: number, output: number): string {
  return `floor(${input}·${scale}) = ${output}`;
}
