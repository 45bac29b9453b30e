/** The backend-independent loop over batch items, groups and phases of a {@link ConvPlan}. */
import type { ConvPlan, Phase } from './plan';
import { fillPadded, packWeights, reductionOffsets } from './plan';
import { product } from './geometry';

/** One GEMM + scatter: a phase of one group of one batch item. */
export interface PhaseJob {
  phase: Phase;
  /** Index of `phase` in `plan.phases`. */
  phaseIndex: number;
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
  /** Called after the last phase of each group of each batch item. */
  endGroup?(job: PhaseJob): void;
}

/** Packs weights once per call, then runs every phase of every group for each batch item. */
export function runPlan(plan: ConvPlan, x: Float32Array, w: Float32Array, executor: PhaseExecutor): void {
  const g = plan.geometry;
  const jobs: Omit<PhaseJob, 'outputBase'>[][] = [];
  const offsets = plan.phases.map((phase) => reductionOffsets(plan, phase));
  for (let group = 0; group < g.groups; group++) {
    const packed = packWeights(plan, w, group);
    jobs.push(
      plan.phases.map((phase, phaseIndex) => {
        return {
          phase,
          phaseIndex,
          packed: packed[phaseIndex],
          offsets: offsets[phaseIndex],
          inputBase: group * plan.inPerGroup * plan.paddedChannel,
          firstChannel: group * plan.outPerGroup,
        };
      }),
    );
  }
  const outputItem = g.outChannels * product(g.output);
  for (let n = 0; n < g.batch; n++) {
    fillPadded(plan, x, n, executor.padded);
    for (const groupJobs of jobs) {
      const placed = groupJobs.map((job) => ({ ...job, outputBase: n * outputItem }));
      for (const job of placed) executor.runPhase(job);
      executor.endGroup?.(placed[placed.length - 1]);
    }
  }
}
