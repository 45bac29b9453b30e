/** The kernel backends under test: every fixture and error test runs against each of them. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConvKernel, ConvOptions } from '../../../src/core/kernel';
import fixtures from '../../fixtures/kernel/kernel_cases.json';
import { jsKernel, loadWasmKernelSync } from '../../../src/core/kernel';

/** Built by `npm run build` (or `npm run build:wasm`); a missing file fails the wasm tests loudly. */
const WASM_PATH = join(__dirname, '../../../dist/convKernel.wasm');

function wasmKernel(): ConvKernel {
  let bytes: Buffer;
  try {
    bytes = readFileSync(WASM_PATH);
  } catch {
    throw new Error(`${WASM_PATH} is missing: run "npm run build:wasm" before the unit tests`);
  }
  return loadWasmKernelSync(bytes);
}

export const kernels: ConvKernel[] = [jsKernel, wasmKernel()];

/** One case of the PyTorch-generated kernel fixtures (test/fixtures/kernel). */
export interface KernelCase {
  name: string;
  op: 'conv' | 'convTranspose';
  /** Integer data: the result must agree bit for bit. */
  exact: boolean;
  x: { shape: number[]; data: number[] };
  w: { shape: number[]; data: number[] };
  bias?: number[];
  opts: Omit<ConvOptions, 'bias'>;
  y: { shape: number[]; data: number[] };
}

export const kernelCases = fixtures.cases as KernelCase[];
