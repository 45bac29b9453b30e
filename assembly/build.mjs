// Compiles the kernel's AssemblyScript to dist/convKernel.wasm (used by esbuild.mjs and the benchmark).
import asc from 'assemblyscript/asc';

export const KERNEL_SOURCE = 'assembly/convKernel.ts';
export const KERNEL_WASM = 'dist/convKernel.wasm';

/** Builds the module; throws with the compiler's messages on failure. */
export async function buildKernelWasm(outFile = KERNEL_WASM) {
  const args = [KERNEL_SOURCE, '-O3', '--noAssert', '--runtime', 'stub', '--use', 'abort=', '--enable', 'simd', '-o', outFile];
  const { error, stderr } = await asc.main(args);
  if (error) throw new Error(`asc failed: ${error.message}\n${stderr.toString()}`);
}
