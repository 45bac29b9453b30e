/**
 * The page's kernel: the WebAssembly one built from the module the host serves beside the page's
 * scripts, else the JavaScript one together with the reason, which the page shows.
 */
import { jsKernel, loadKernel, type ConvKernel } from '../core/kernel';

export interface PageKernel {
  kernel: ConvKernel;
  /** The module's bytes for the worker; only when the page itself could instantiate them. */
  wasm?: ArrayBuffer;
  /** Why the JavaScript kernel computes instead of the WebAssembly one. */
  fallbackReason?: string;
}

const REFUSED = 'this webview cannot compile it (no WebAssembly SIMD, or its security policy refuses WebAssembly)';

/** Fetches and instantiates the kernel module at `wasmUri`; never rejects. */
export async function loadPageKernel(wasmUri: string | undefined): Promise<PageKernel> {
  let bytes: ArrayBuffer;
  try {
    if (!wasmUri) return { kernel: jsKernel, fallbackReason: 'the page was given no module to load' };
    const response = await fetch(wasmUri);
    if (!response.ok) return { kernel: jsKernel, fallbackReason: `the module could not be fetched (HTTP ${response.status})` };
    bytes = await response.arrayBuffer();
  } catch (error) {
    return { kernel: jsKernel, fallbackReason: `the module could not be fetched (${error instanceof Error ? error.message : String(error)})` };
  }
  const kernel = await loadKernel(bytes);
  return kernel.name === 'wasm' ? { kernel, wasm: bytes } : { kernel, fallbackReason: REFUSED };
}

/** The line telling which kernel computed a result, and why when it is the slower one. */
export function kernelPathText(computedBy: ConvKernel['name'], page: PageKernel): string {
  if (computedBy === 'wasm') return 'Computed by the WebAssembly kernel (SIMD).';
  const reason = page.fallbackReason ?? 'the worker could not compile it';
  return `Computed by the JavaScript kernel (slower): the WebAssembly kernel is unavailable, ${reason}.`;
}
