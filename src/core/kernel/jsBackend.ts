/** The portable kernel: the phase GEMMs of {@link planConv} in plain JavaScript. */
import { maxOf } from './geometry';
import type { ConvPlan, Phase } from './plan';
import { packWeights, phaseColumns, reductionLength, TILE_ROWS } from './plan';
import type { PlanRunner } from './defineKernel';
import { packedWeightsLength, runPlan, type PhaseExecutor } from './runPlan';
import { Scratch, ZeroBorder } from './scratch';

/**
 * C[co, q] for one phase and one group, 4 output channels × 4 columns at a time so that each
 * loaded input value and weight feeds four multiply-adds.
 */
function phaseGemm(
  plan: ConvPlan,
  phase: Phase,
  packed: Float32Array,
  packedStart: number,
  offsets: Int32Array,
  padded: Float32Array,
  inputBase: number,
  product: Float32Array,
): void {
  const depth = reductionLength(plan, phase);
  const columns = phaseColumns(phase);
  const [countZ, countY, countX] = phase.count;
  const [stepZ, stepY, stepX] = plan.stepIn;
  const [, paddedY, paddedX] = plan.padded;
  for (let block = 0; block < plan.paddedRows; block += TILE_ROWS) {
    const weightBase = packedStart + block * depth;
    const out0 = block * columns;
    const out1 = out0 + columns;
    const out2 = out1 + columns;
    const out3 = out2 + columns;
    for (let qz = 0; qz < countZ; qz++) {
      for (let qy = 0; qy < countY; qy++) {
        const rowIn = inputBase + (qz * stepZ * paddedY + qy * stepY) * paddedX;
        const rowOut = (qz * countY + qy) * phase.paddedColumns;
        for (let qx = 0; qx < countX; qx += 4) {
          const column = rowIn + qx * stepX;
          let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
          let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
          for (let k = 0, a = weightBase; k < depth; k++, a += TILE_ROWS) {
            const at = offsets[k] + column;
            const b0 = padded[at];
            const b1 = padded[at + stepX];
            const b2 = padded[at + 2 * stepX];
            const b3 = padded[at + 3 * stepX];
            const a0 = packed[a];
            const a1 = packed[a + 1];
            const a2 = packed[a + 2];
            const a3 = packed[a + 3];
            c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
            c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
            c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
            c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
          }
          const o = rowOut + qx;
          product[out0 + o] = c00; product[out0 + o + 1] = c01; product[out0 + o + 2] = c02; product[out0 + o + 3] = c03;
          product[out1 + o] = c10; product[out1 + o + 1] = c11; product[out1 + o + 2] = c12; product[out1 + o + 3] = c13;
          product[out2 + o] = c20; product[out2 + o + 1] = c21; product[out2 + o + 2] = c22; product[out2 + o + 3] = c23;
          product[out3 + o] = c30; product[out3 + o + 1] = c31; product[out3 + o + 2] = c32; product[out3 + o + 3] = c33;
        }
      }
    }
  }
}

/** Writes one phase's GEMM result (plus bias) to its strided positions in the output. */
function scatterPhase(
  plan: ConvPlan,
  phase: Phase,
  product: Float32Array,
  bias: Float32Array | undefined,
  output: Float32Array,
  outputBase: number,
  firstChannel: number,
): void {
  const [oZ, oY, oX] = plan.output;
  const [sZ, sY, sX] = plan.stepOut;
  const [rZ, rY, rX] = phase.residue;
  const [countZ, countY, countX] = phase.count;
  const columns = phaseColumns(phase);
  for (let co = 0; co < plan.outPerGroup; co++) {
    const shift = bias ? bias[firstChannel + co] : 0;
    const channel = outputBase + (firstChannel + co) * oZ * oY * oX;
    for (let qz = 0; qz < countZ; qz++) {
      for (let qy = 0; qy < countY; qy++) {
        const from = co * columns + (qz * countY + qy) * phase.paddedColumns;
        const to = channel + ((qz * sZ + rZ) * oY + qy * sY + rY) * oX + rX;
        for (let qx = 0; qx < countX; qx++) output[to + qx * sX] = product[from + qx] + shift;
      }
    }
  }
}

/**
 * A runner of plans with JavaScript loops; its buffers are plain typed arrays, kept from call to
 * call (see scratch.ts).
 */
export function jsRunner(): PlanRunner {
  const scratch = new Scratch();
  const border = new ZeroBorder();
  return (plan, x, w, bias, output) => {
    const padded = scratch.take('padded', plan.geometry.inChannels * plan.paddedChannel);
    const product = scratch.take('product', plan.paddedRows * maxOf(plan.phases.map(phaseColumns)));
    const packed = scratch.take('packed', packedWeightsLength(plan));
    border.prepare(plan, padded);
    const executor: PhaseExecutor = {
      padded,
      packWeights: (group, starts) => packWeights(plan, w, group, packed, starts),
      runPhase(job) {
        phaseGemm(plan, job.phase, packed, job.packedStart, job.offsets, padded, job.inputBase, product);
        scatterPhase(plan, job.phase, product, bias, output, job.outputBase, job.firstChannel);
      },
    };
    runPlan(plan, x, executor);
    border.completed();
  };
}
