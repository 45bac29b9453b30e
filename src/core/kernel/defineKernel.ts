import { outputLength, resolveCall } from './geometry';
import type { ConvPlan } from './plan';
import { planConv } from './plan';
import type { ConvKernel, ConvOptions, Tensor } from './types';

/** Runs a validated plan and writes the whole output `[N, C_out, ...]` (every element) to `output`. */
export type PlanRunner = (plan: ConvPlan, x: Float32Array, w: Float32Array, bias: Float32Array | undefined, output: Float32Array) => void;

/** A {@link ConvKernel} from a backend's plan runner: argument checks and planning are shared. */
export function defineKernel(name: ConvKernel['name'], run: PlanRunner): ConvKernel {
  const apply = (x: Tensor, w: Tensor, opts: ConvOptions, transposed: boolean): Tensor => {
    const geometry = resolveCall(x, w, opts, transposed);
    const data = opts.out ?? new Float32Array(outputLength(geometry));
    run(planConv(geometry), x.data, w.data, opts.bias, data);
    return { data, shape: [geometry.batch, geometry.outChannels, ...geometry.output] };
  };
  return {
    name,
    convTranspose: (x, w, opts = {}) => apply(x, w, opts, true),
    conv: (x, w, opts = {}) => apply(x, w, opts, false),
  };
}
