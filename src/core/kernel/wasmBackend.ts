/**
 * The WebAssembly SIMD backend: the same plan as the JavaScript one, with the phase GEMMs and
 * scatters in assembly/convKernel.ts. The module's bytes come from the caller (the build emits
 * dist/convKernel.wasm), so the core needs neither Node built-ins nor fetch.
 */
import { defineKernel } from './defineKernel';
import { maxOf, product as volume } from './geometry';
import type { ConvPlan } from './plan';
import { PANEL_FLOATS, phaseColumns, reductionLength, TILE_COLUMNS, TILE_ROWS } from './plan';
import { packedWeightsLength, runPlan } from './runPlan';
import { ZeroBorder } from './scratch';
import type { ConvKernel } from './types';

const PAGE_BYTES = 65536;
const ALIGN_BYTES = 64;

interface KernelExports {
  memory: { buffer: ArrayBuffer; grow(pages: number): number };
  heapBase(): number;
  phaseGemm(
    packed: number, rowBlocks: number, depth: number, offsets: number, input: number,
    countZ: number, countY: number, paddedColumns: number, strideZ: number, strideY: number, stepX: number,
    panel: number, product: number,
  ): void;
  packWeights(
    weights: number, into: number, inPerGroup: number, outPerGroup: number, transposed: number, group: number,
    kernelVolume: number, taps: number, kernelIndex: number,
  ): void;
  scatterGroup(
    table: number, rows: number, outZ: number, outY: number, outX: number, stepZ: number, stepY: number,
    phasesY: number, phasesX: number, output: number, bias: number, hasBias: number,
  ): void;
}

/** i32 fields per phase in the table scatterGroup reads (PHASE_FIELDS in convKernel.ts). */
const PHASE_FIELDS = 5;

/** The subset of the WebAssembly JS API used here (core is compiled without DOM or Node types). */
interface WebAssemblyApi {
  Module: new (bytes: WasmSource) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
  compile(bytes: WasmSource): Promise<object>;
}

/** Compiled module bytes (e.g. dist/convKernel.wasm read or fetched by the host). */
export type WasmSource = ArrayBuffer | ArrayBufferView;

function webAssembly(): WebAssemblyApi {
  const api = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly;
  if (!api) throw new Error('WebAssembly is not available on this host');
  return api;
}

/** Byte offsets of every buffer of one call, laid out from `base`. */
function layout(base: number, sizes: Record<string, number>): { offsets: Record<string, number>; end: number } {
  const offsets: Record<string, number> = {};
  let at = base;
  for (const [name, bytes] of Object.entries(sizes)) {
    at = Math.ceil(at / ALIGN_BYTES) * ALIGN_BYTES;
    offsets[name] = at;
    at += bytes;
  }
  return { offsets, end: at };
}

function wasmRunner(exports: KernelExports) {
  const base = exports.heapBase();
  const border = new ZeroBorder();
  return (plan: ConvPlan, x: Float32Array, w: Float32Array, bias: Float32Array | undefined, output: Float32Array): void => {
    const length = output.length;
    const g = plan.geometry;
    const depths = plan.phases.map((phase) => reductionLength(plan, phase));
    const maxDepth = maxOf(depths);
    // Every phase's product stays until the group's scatter, which interleaves them row by row.
    const productFloats = plan.phases.map((phase) => plan.paddedRows * phaseColumns(phase));
    const { offsets: at, end } = layout(base, {
      padded: 4 * g.inChannels * plan.paddedChannel,
      packed: 4 * packedWeightsLength(plan),
      weights: 4 * w.length,
      kernelIndex: 4 * maxOf(plan.phases.map((phase) => phase.tapKernelIndex.length)),
      offsets: 4 * maxDepth,
      panel: 4 * Math.max(PANEL_FLOATS, maxDepth * TILE_COLUMNS),
      product: 4 * productFloats.reduce((a, b) => a + b, 0),
      table: 4 * PHASE_FIELDS * plan.phases.length,
      output: 4 * length,
      bias: 4 * g.outChannels,
    });
    const missing = end - exports.memory.buffer.byteLength;
    if (missing > 0) exports.memory.grow(Math.ceil(missing / PAGE_BYTES));
    const memory = exports.memory.buffer;
    const padded = new Float32Array(memory, at.padded, g.inChannels * plan.paddedChannel);
    border.prepare(plan, padded);
    if (bias) new Float32Array(memory, at.bias, bias.length).set(bias);
    const productAt: number[] = [];
    const table = new Int32Array(memory, at.table, PHASE_FIELDS * plan.phases.length);
    plan.phases.forEach((phase, i) => {
      productAt.push(i === 0 ? at.product : productAt[i - 1] + 4 * productFloats[i - 1]);
      table.set([productAt[i], phaseColumns(phase), phase.count[1], phase.paddedColumns, phase.count[2]], i * PHASE_FIELDS);
    });
    const [, paddedY, paddedX] = plan.padded;
    const [oZ, oY, oX] = plan.output;
    const [sZ, sY, sX] = plan.stepOut;
    new Float32Array(memory, at.weights, w.length).set(w);
    const kernelVolume = volume(plan.kernel);
    runPlan(plan, x, {
      padded,
      packWeights(group, starts) {
        plan.phases.forEach((phase, p) => {
          new Int32Array(memory, at.kernelIndex, phase.tapKernelIndex.length).set(phase.tapKernelIndex);
          exports.packWeights(
            at.weights, at.packed + 4 * starts[p], plan.inPerGroup, plan.outPerGroup, g.transposed ? 1 : 0, group,
            kernelVolume, phase.tapKernelIndex.length, at.kernelIndex,
          );
        });
      },
      runPhase(job) {
        const { phase } = job;
        const depth = reductionLength(plan, phase);
        new Int32Array(memory, at.offsets, depth).set(job.offsets);
        exports.phaseGemm(
          at.packed + 4 * job.packedStart, plan.paddedRows / TILE_ROWS, depth, at.offsets, at.padded + 4 * job.inputBase,
          phase.count[0], phase.count[1], phase.paddedColumns,
          plan.stepIn[0] * paddedY * paddedX, plan.stepIn[1] * paddedX, plan.stepIn[2],
          at.panel, productAt[job.phaseIndex],
        );
      },
      endGroup(job) {
        exports.scatterGroup(
          at.table, plan.outPerGroup, oZ, oY, oX, sZ, sY, Math.min(sY, oY), Math.min(sX, oX),
          at.output + 4 * (job.outputBase + job.firstChannel * oZ * oY * oX), at.bias + 4 * job.firstChannel, bias ? 1 : 0,
        );
      },
    });
    border.completed();
    // Copied out: the module's memory is reused by the next call.
    output.set(new Float32Array(memory, at.output, length));
  };
}

function kernelFromInstance(instance: { exports: unknown }): ConvKernel {
  return defineKernel('wasm', wasmRunner(instance.exports as KernelExports));
}

/** Instantiates the WebAssembly kernel synchronously (Node, workers; browsers limit the main thread). */
export function loadWasmKernelSync(source: WasmSource): ConvKernel {
  const api = webAssembly();
  return kernelFromInstance(new api.Instance(new api.Module(source), {}));
}

/** Compiles and instantiates the WebAssembly kernel; rejects where WebAssembly SIMD is unavailable. */
export async function loadWasmKernel(source: WasmSource): Promise<ConvKernel> {
  const api = webAssembly();
  return kernelFromInstance(new api.Instance(await api.compile(source), {}));
}
