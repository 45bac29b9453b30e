/** A size guard: what a kernel call would allocate, so callers can refuse it beforehand. */
import { maxOf, product, resolveGeometry } from './geometry';
import { PANEL_FLOATS, phaseColumns, planConv, reductionLength, TILE_COLUMNS } from './plan';
import { packedWeightsLength } from './runPlan';
import type { ConvOptions } from './types';

const FLOAT_BYTES = 4;

/**
 * Bytes a kernel call allocates beyond its arguments, for the larger of the two backends
 * (WebAssembly): the returned output and its copy in the module's memory, the zero-padded input,
 * the packed weights, the GEMM results of all phases and one packing panel. Validates the
 * arguments like the call itself (throws `ShapeError`).
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
  const gemm = plan.paddedRows * plan.phases.reduce((sum, phase) => sum + phaseColumns(phase), 0);
  const panel = Math.max(PANEL_FLOATS, TILE_COLUMNS * maxOf(plan.phases.map((phase) => reductionLength(plan, phase))));
  return FLOAT_BYTES * (2 * output + padded + packedWeightsLength(plan) + gemm + panel);
}
