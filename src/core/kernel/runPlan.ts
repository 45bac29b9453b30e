/** The backend-independent loop over batch items, groups and phases of a {@link ConvPlan}. */
import type { ConvPlan, Phase } from './plan';
import { fillPadded, packedLengths, reductionOffsets } from './plan';
import { product } from './geometry';

/** One GEMM: a phase of one group of one batch item. */
export interface PhaseJob {
  phase: Phase;
  /** Index of `phase` in `plan.phases`. */
  phaseIndex: number;
  /** Where the group's weights for this phase start in the executor's `packed` buffer. */
  packedStart: number;
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
  /**
   * Packs the weights of `group` in the layout of plan.ts `packWeights`, phase p at `starts[p]` of a
   * buffer of {@link packedWeightsLength} floats the executor owns.
   */
  packWeights(group: number, starts: number[]): void;
  /** Zeroed buffer for the padded input; each batch item's interior is copied into it. */
  padded: Float32Array;
  runPhase(job: PhaseJob): void;
  /** Called after the last phase of each group of each batch item. */
  endGroup?(job: PhaseJob): void;
}

/** Floats the packed weights of all groups and phases take. */
export function packedWeightsLength(plan: ConvPlan): number {
  return plan.geometry.groups * packedLengths(plan).reduce((a, b) => a + b, 0);
}

/** Packs weights once per call, then runs every phase of every group for each batch item. */
export function runPlan(plan: ConvPlan, x: Float32Array, executor: PhaseExecutor): void {
  const g = plan.geometry;
  const lengths = packedLengths(plan);
  const offsets = plan.phases.map((phase) => reductionOffsets(plan, phase));
  const jobs: Omit<PhaseJob, 'outputBase'>[][] = [];
  let cursor = 0;
  for (let group = 0; group < g.groups; group++) {
    const starts = lengths.map((length) => (cursor += length) - length);
    executor.packWeights(group, starts);
    jobs.push(
      plan.phases.map((phase, phaseIndex) => ({
        phase,
        phaseIndex,
        packedStart: starts[phaseIndex],
        offsets: offsets[phaseIndex],
        inputBase: group * plan.inPerGroup * plan.paddedChannel,
        firstChannel: group * plan.outPerGroup,
      })),
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
