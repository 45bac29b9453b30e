/** A size guard: what a kernel call would allocate, so callers can refuse it beforehand. */
import { product, resolveGeometry } from './geometry';
import { PANEL_FLOATS, phaseColumns, planConv, reductionLength, TILE_COLUMNS } from './plan';
import type { ConvOptions } from './types';

const FLOAT_BYTES = 4;

/**
 * Bytes a kernel call allocates beyond its arguments, for the larger of the two backends: the
 * output, the zero-padded input, the packed weights of every phase and group, the GEMM results
 * of all phases, and (WebAssembly) the packing panel and a second copy of the output inside the
 * module's memory. Validates the arguments like the call itself (throws `ShapeError`).
 */
export function estimateBytes(
  op: 'conv' | 'convTranspose',
  xShape: readonly number[],
  wShape: readonly number[],
  opts: ConvOptions = {},
): number {
  const g = resolveGeometry(xShape, wShape, opts, op === 'convTranspose');
  const plan = planConv(g);
  const output = g.batch * g.outChannels * product(g.output);
  const padded = g.inChannels * plan.paddedChannel;
  const packed = g.groups * plan.phases.reduce((sum, phase) => sum + plan.paddedRows * reductionLength(plan, phase), 0);
  const gemm = plan.paddedRows * plan.phases.reduce((sum, phase) => sum + phaseColumns(phase), 0);
  const panel = Math.max(PANEL_FLOATS, TILE_COLUMNS * Math.max(0, ...plan.phases.map((phase) => reductionLength(plan, phase))));
  return FLOAT_BYTES * (2 * output + padded + 2 * packed + gemm + panel);
}
