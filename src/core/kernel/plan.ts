/**
 * The computation plan shared by both backends. Every convolution is run as a few stride-1
 * "phases": a transposed convolution with stride s splits its output into s^dims sub-grids
 * (sub-pixel decomposition), each a plain correlation of the input with the taps that reach it,
 * so no inserted zero is ever multiplied; a forward convolution is one phase that reads the input
 * with step s. Each phase is a GEMM C[co, q] = Σ_(ci,tap) A[co, (ci,tap)] · X[(ci,tap), q] whose
 * X is read from a zero-padded copy of the input through a table of offsets (implicit im2col).
 */
import type { ConvGeometry } from './geometry';
import { product } from './geometry';

/** Output columns per GEMM tile; rows of every phase are padded to a multiple of it. */
export const TILE_COLUMNS = 8;
/** Output channels per GEMM tile; weights are packed in blocks of this many rows. */
export const TILE_ROWS = 4;
/** Floats of packed input per panel in assembly/convKernel.ts (kept in the L2 cache). */
export const PANEL_FLOATS = 32768;

/** One phase: the output positions `q·stepOut + residue` of every axis (3 axes, leading ones trivial). */
export interface Phase {
  residue: number[];
  /** Positions per axis in this phase; `count[2]` is padded to {@link paddedColumns}. */
  count: number[];
  paddedColumns: number;
  /** Offset of each tap in the padded input of one channel. */
  tapOffsets: Int32Array;
  /** Flat kernel index (kz·Ky·Kx + ky·Kx + kx) of each tap. */
  tapKernelIndex: Int32Array;
}

export interface ConvPlan {
  geometry: ConvGeometry;
  /** Per axis, always 3 axes (1-D and 2-D problems get leading axes of size 1). */
  input: number[];
  output: number[];
  kernel: number[];
  /** Input step between neighbouring phase positions: 1 (transposed) or the stride. */
  stepIn: number[];
  /** Output step between neighbouring phase positions: the stride (transposed) or 1. */
  stepOut: number[];
  lowPad: number[];
  padded: number[];
  /** Elements of one channel of the padded input. */
  paddedChannel: number;
  inPerGroup: number;
  outPerGroup: number;
  /** outPerGroup rounded up to {@link TILE_ROWS}. */
  paddedRows: number;
  phases: Phase[];
}

interface AxisPhase {
  residue: number;
  count: number;
  taps: number[];
  offsets: number[];
}

function axisPhases(g: ConvGeometry, axis: number): AxisPhase[] {
  const [k, s, p, d, o] = [g.kernel[axis], g.stride[axis], g.padding[axis], g.dilation[axis], g.output[axis]];
  const taps = Array.from({ length: k }, (_, t) => t);
  if (!g.transposed) return [{ residue: 0, count: o, taps, offsets: taps.map((t) => t * d - p) }];
  // Output o = i·s − p + t·d, so output residue r gets the taps with (r + p − t·d) ≡ 0 (mod s).
  const phases: AxisPhase[] = [];
  for (let r = 0; r < Math.min(s, o); r++) {
    const reaching = taps.filter((t) => (((r + p - t * d) % s) + s) % s === 0);
    phases.push({ residue: r, count: Math.ceil((o - r) / s), taps: reaching, offsets: reaching.map((t) => (r + p - t * d) / s) });
  }
  return phases;
}

const TRIVIAL_AXIS: AxisPhase[] = [{ residue: 0, count: 1, taps: [0], offsets: [0] }];

function roundUp(value: number, multiple: number): number {
  return Math.ceil(value / multiple) * multiple;
}

/** Lays out the phases, the padded input and the tap offsets of a validated call. */
export function planConv(g: ConvGeometry): ConvPlan {
  const lead = 3 - g.input.length;
  const spatial = (values: number[], fill: number) => [...new Array<number>(lead).fill(fill), ...values];
  const input = spatial(g.input, 1);
  const output = spatial(g.output, 1);
  const kernel = spatial(g.kernel, 1);
  const stepIn = g.transposed ? [1, 1, 1] : spatial(g.stride, 1);
  const stepOut = g.transposed ? spatial(g.stride, 1) : [1, 1, 1];
  const perAxis = [0, 1, 2].map((a) => (a < lead ? TRIVIAL_AXIS : axisPhases(g, a - lead)));

  const lowPad = [0, 0, 0];
  const padded = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    let low = 0;
    let high = input[a] - 1;
    for (const phase of perAxis[a]) {
      const last = (a === 2 ? roundUp(phase.count, TILE_COLUMNS) : phase.count) - 1;
      for (const offset of phase.offsets) {
        low = Math.min(low, offset);
        high = Math.max(high, last * stepIn[a] + offset);
      }
    }
    lowPad[a] = -low;
    padded[a] = high - low + 1;
  }
  const [kY, kX] = [kernel[1], kernel[2]];
  const [pY, pX] = [padded[1], padded[2]];

  const phases: Phase[] = [];
  for (const pz of perAxis[0]) {
    for (const py of perAxis[1]) {
      for (const px of perAxis[2]) {
        const offsets: number[] = [];
        const kernelIndex: number[] = [];
        pz.taps.forEach((tz, iz) =>
          py.taps.forEach((ty, iy) =>
            px.taps.forEach((tx, ix) => {
              offsets.push(((pz.offsets[iz] + lowPad[0]) * pY + py.offsets[iy] + lowPad[1]) * pX + px.offsets[ix] + lowPad[2]);
              kernelIndex.push((tz * kY + ty) * kX + tx);
            }),
          ),
        );
        phases.push({
          residue: [pz.residue, py.residue, px.residue],
          count: [pz.count, py.count, px.count],
          paddedColumns: roundUp(px.count, TILE_COLUMNS),
          tapOffsets: Int32Array.from(offsets),
          tapKernelIndex: Int32Array.from(kernelIndex),
        });
      }
    }
  }
  const outPerGroup = g.outChannels / g.groups;
  return {
    geometry: g,
    input,
    output,
    kernel,
    stepIn,
    stepOut,
    lowPad,
    padded,
    paddedChannel: product(padded),
    inPerGroup: g.inChannels / g.groups,
    outPerGroup,
    paddedRows: roundUp(outPerGroup, TILE_ROWS),
    phases,
  };
}

/** Reduction length of a phase's GEMM: input channels of a group × taps. */
export function reductionLength(plan: ConvPlan, phase: Phase): number {
  return plan.inPerGroup * phase.tapOffsets.length;
}

/** Columns of a phase's GEMM (rows of every phase padded to whole tiles). */
export function phaseColumns(phase: Phase): number {
  return phase.count[0] * phase.count[1] * phase.paddedColumns;
}

/** Floats of the packed weights of one group, per phase (see {@link packWeights}). */
export function packedLengths(plan: ConvPlan): number[] {
  return plan.phases.map((phase) => plan.paddedRows * reductionLength(plan, phase));
}

/**
 * Packs the weights of one group for every phase p, at `into[starts[p]...]`, as
 * A[rowBlock][k][TILE_ROWS] with k = ci·taps + tap; weights are
 * [C_in, C_out/g, ...k] transposed, [C_out, C_in/g, ...k] forward. Rows beyond the group's
 * output channels are left as they are: their products are never read.
 */
export function packWeights(plan: ConvPlan, weights: Float32Array, group: number, into: Float32Array, starts: number[]): void {
  const { inPerGroup, outPerGroup, geometry, phases } = plan;
  const kernelVolume = product(plan.kernel);
  phases.forEach((phase, p) => {
    const taps = phase.tapOffsets.length;
    const depth = inPerGroup * taps;
    const kernelIndex = phase.tapKernelIndex;
    // Block by block of output channels, so that the writes form a few sequential streams.
    for (let block = 0; block < outPerGroup; block += TILE_ROWS) {
      for (let ci = 0; ci < inPerGroup; ci++) {
        const end = Math.min(block + TILE_ROWS, outPerGroup);
        for (let co = block; co < end; co++) {
          const filter =
            (geometry.transposed ? (group * inPerGroup + ci) * outPerGroup + co : (group * outPerGroup + co) * inPerGroup + ci) * kernelVolume;
          const at = starts[p] + block * depth + (co - block) + ci * taps * TILE_ROWS;
          for (let t = 0; t < taps; t++) into[at + t * TILE_ROWS] = weights[filter + kernelIndex[t]];
        }
      }
    }
  });
}

/** Offsets into the padded input of every reduction index k = ci·taps + tap of a phase. */
export function reductionOffsets(plan: ConvPlan, phase: Phase): Int32Array {
  const taps = phase.tapOffsets.length;
  const offsets = new Int32Array(plan.inPerGroup * taps);
  for (let ci = 0; ci < plan.inPerGroup; ci++) {
    for (let t = 0; t < taps; t++) offsets[ci * taps + t] = ci * plan.paddedChannel + phase.tapOffsets[t];
  }
  return offsets;
}

/** Copies batch item `n` of the input into the interior of a zeroed padded buffer. */
export function fillPadded(plan: ConvPlan, x: Float32Array, n: number, into: Float32Array): void {
  const [iZ, iY, iX] = plan.input;
  const [, pY, pX] = plan.padded;
  const [lZ, lY, lX] = plan.lowPad;
  const channels = plan.geometry.inChannels;
  const channelSize = iZ * iY * iX;
  for (let c = 0; c < channels; c++) {
    const source = (n * channels + c) * channelSize;
    for (let z = 0; z < iZ; z++) {
      for (let y = 0; y < iY; y++) {
        const row = source + (z * iY + y) * iX;
        into.set(x.subarray(row, row + iX), c * plan.paddedChannel + ((z + lZ) * pY + y + lY) * pX + lX);
      }
    }
  }
}
