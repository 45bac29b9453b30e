/**
 * Where every cell of the mechanics view comes from: a transposed convolution seen as a
 * stride-1 convolution with the flipped kernel over the input stretched by `s − 1` zeros and
 * padded by `d·(k−1) − p` (plus output_padding at the end). One axis at a time; 2-D is the
 * product of two axes. DOM-free so it can be unit-tested.
 */

/** One axis of the stretched-and-padded picture. Padding may be negative (cropping). */
export interface AxisGeometry {
  input: number;
  kernel: number;
  stride: number;
  dilation: number;
  padBegin: number;
  /** Stretched input length `(i − 1)·s + 1`. */
  stretched: number;
  /** Cells before the first stretched sample: `d·(k−1) − padBegin` (negative: cropped). */
  before: number;
  /** Cells after the last stretched sample: `d·(k−1) − padEnd + output_padding`. */
  after: number;
  /** Length of the stretched, padded axis. */
  padded: number;
  /** Output length `padded − d·(k−1)`. */
  output: number;
}

export function axisGeometry(
  input: number,
  kernel: number,
  stride: number,
  padBegin: number,
  padEnd: number,
  outputPadding: number,
  dilation: number,
): AxisGeometry {
  const reach = dilation * (kernel - 1);
  const stretched = (input - 1) * stride + 1;
  const before = reach - padBegin;
  const after = reach - padEnd + outputPadding;
  const padded = Math.max(0, stretched + before + after);
  return { input, kernel, stride, dilation, padBegin, stretched, before, after, padded, output: padded - reach };
}

export type PaddedCell = { kind: 'input'; index: number } | { kind: 'zero' } | { kind: 'pad' };

/** What sits at position `j` of the stretched, padded axis. */
export function paddedCell(axis: AxisGeometry, j: number): PaddedCell {
  const u = j - axis.before;
  if (u < 0 || u >= axis.stretched) return { kind: 'pad' };
  return u % axis.stride === 0 ? { kind: 'input', index: u / axis.stride } : { kind: 'zero' };
}

/** One kernel tap over output position `q`: padded position and flipped-kernel tap index. */
export interface Tap {
  padded: number;
  /** Index into the flipped kernel (the kernel as drawn in the sliding window). */
  flippedTap: number;
  /** Index into the original kernel `w`. */
  tap: number;
}

/** The window the flipped kernel covers when it produces output `q`. */
export function windowOf(axis: AxisGeometry, q: number): Tap[] {
  return Array.from({ length: axis.kernel }, (_, t) => ({ padded: q + t * axis.dilation, flippedTap: t, tap: axis.kernel - 1 - t }));
}

/** The taps of output `q` that land on input samples (the others multiply zeros). */
export function contributionsTo(axis: AxisGeometry, q: number): (Tap & { input: number })[] {
  return windowOf(axis, q).flatMap((tap) => {
    const cell = paddedCell(axis, tap.padded);
    return cell.kind === 'input' ? [{ ...tap, input: cell.index }] : [];
  });
}

/** The output positions input sample `i` reaches: `q = i·s − padBegin + t·d`, inside the output. */
export function outputsReachedBy(axis: AxisGeometry, i: number): number[] {
  const reached: number[] = [];
  for (let t = 0; t < axis.kernel; t++) {
    const q = i * axis.stride - axis.padBegin + t * axis.dilation;
    if (q >= 0 && q < axis.output) reached.push(q);
  }
  return reached;
}
