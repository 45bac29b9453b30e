/** The backend-independent loop over batch items, groups and phases of a {@link ConvPlan}. */
import type { ConvPlan, Phase } from './plan';
import { fillPadded, packWeights, reductionLength, reductionOffsets } from './plan';
import { product } from './geometry';

/** One GEMM + scatter: a phase of one group of one batch item. */
export interface PhaseJob {
  phase: Phase;
  /** Weights of the group for this phase, packed by {@link packWeights}. */
  packed: Float32Array;
  /** Offsets of each reduction index into the padded input, relative to `inputBase`. */
  offsets: Int32Array;
  /** First element of the group's channels in the padded input. */
  inputBase: number;
  /** First element of the batch item in the output. */
  outputBase: number;
  /** First output channel of the group. */
  firstChannel: number;
}

export interface PhaseExecutor {
  /** The zero-initialised padded-input buffer; each batch item's interior is copied into it. */
  padded: Float32Array;
  runPhase(job: PhaseJob): void;
}

/** Packs weights once per call, then runs every phase of every group for each batch item. */
export function runPlan(plan: ConvPlan, x: Float32Array, w: Float32Array, executor: PhaseExecutor): void {
  const g = plan.geometry;
  const jobs: Omit<PhaseJob, 'outputBase'>[] = [];
  for (const phase of plan.phases) {
    const offsets = reductionOffsets(plan, phase);
    for (let group = 0; group < g.groups; group++) {
      const packed = new Float32Array(plan.paddedRows * reductionLength(plan, phase));
      packWeights(plan, phase, w, group, packed);
      jobs.push({
        phase,
        packed,
        offsets,
        inputBase: group * plan.inPerGroup * plan.paddedChannel,
        firstChannel: group * plan.outPerGroup,
      });
    }
  }
  const outputItem = g.outChannels * product(g.output);
  for (let n = 0; n < g.batch; n++) {
    fillPadded(plan, x, n, executor.padded, 0);
    for (const job of jobs) executor.runPhase({ ...job, outputBase: n * outputItem });
  }
}
