/**
 * The convolution kernel (SPEC.md §5): PyTorch's `conv{1,2,3}d` and `conv_transpose{1,2,3}d`
 * on float32 tensors, with a portable JavaScript backend and an optional WebAssembly SIMD one,
 * plus what the upsampling preview needs around them (overlap map, size guard).
 */
import { defineKernel } from './defineKernel';
import { jsRunner } from './jsBackend';
import type { ConvKernel, ConvOptions, Tensor } from './types';
import { loadWasmKernel, type WasmSource } from './wasmBackend';

export type { AxisValue, ConvKernel, ConvOptions, Tensor } from './types';
export { resolveGeometry, type ConvGeometry } from './geometry';
export { loadWasmKernel, loadWasmKernelSync, type WasmSource } from './wasmBackend';
export { overlapCount, type OverlapMap, type TransposedGeometryOptions } from './overlap';
export { estimateBytes } from './memory';

/** The JavaScript backend; works on every host. */
export const jsKernel: ConvKernel = defineKernel('js', jsRunner());

/**
 * The fastest kernel this host can run: the WebAssembly one built from `wasm` (the bytes of
 * dist/convKernel.wasm) when given and loadable (SIMD support), otherwise {@link jsKernel}.
 */
export async function loadKernel(wasm?: WasmSource): Promise<ConvKernel> {
  if (!wasm) return jsKernel;
  try {
    return await loadWasmKernel(wasm);
  } catch {
    return jsKernel;
  }
}

/**
 * PyTorch `conv_transpose{1,2,3}d` (JavaScript backend): x `[N, C_in, ...spatial]`,
 * w `[C_in, C_out/groups, ...k]`. Throws `ShapeError` (with a diagnostic `code`) on invalid arguments.
 */
export function convTranspose(x: Tensor, w: Tensor, opts?: ConvOptions): Tensor {
  return jsKernel.convTranspose(x, w, opts);
}

/**
 * PyTorch `conv{1,2,3}d` (JavaScript backend): x `[N, C_in, ...spatial]`, w `[C_out, C_in/groups, ...k]`.
 * Throws `ShapeError` (with a diagnostic `code`) on invalid arguments.
 */
export function conv(x: Tensor, w: Tensor, opts?: ConvOptions): Tensor {
  return jsKernel.conv(x, w, opts);
}
