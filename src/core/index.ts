/**
 * `dist/core.js`: the platform-neutral core of ConvLens as a library (SPEC.md §5).
 * The kernel (PyTorch conventions) and the analysis, without I/O.
 */
import { analyzeDocument } from './analyzeDocument';
import type { AnalyzeOptions } from './analyzeOptions';
import { toReport, type Analysis } from './report';

export { conv, convTranspose } from './kernel';
export type { ConvOptions, Tensor } from './kernel';
// Beyond SPEC.md §5's `conv`/`convTranspose` (JavaScript backend): the backends themselves
// (`jsKernel`; `loadKernel(bytes)` for the WebAssembly SIMD one built from dist/convKernel.wasm,
// falling back to `jsKernel`) and the preview's helpers around them (`overlapCount`, the overlap
// map; `estimateBytes`, a size guard). Each carries its TSDoc from src/core/kernel.
export { estimateBytes, jsKernel, loadKernel, overlapCount } from './kernel';
export type { ConvKernel, OverlapMap, TransposedGeometryOptions, WasmSource } from './kernel';
export { Code, ShapeError, SEVERITY } from './diagnostics';
export type { DiagnosticCode, Severity } from './diagnostics';
export type { Analysis, DiagnosticReport, LayerReport, ModelReport, RelatedReport } from './report';
export type { AnalyzeOptions, Logger } from './analyzeOptions';
export type { UltralyticsVersion } from './ultralyticsVersions';

/**
 * Analyses the models in a text, as the CLI does for one file: the format is chosen from the
 * file name's extension and the content. Lines and columns in the result are 1-based. Never
 * rejects: a failure inside ConvLens is an `internal-error` diagnostic (its stack goes to
 * `options.logger`). The Ultralytics reader uses `options.defines` (`H`, `W`), `scale` and
 * `ultralyticsVersion` (the release whose `parse_model` it follows: 8.4 unless 8.3 is asked for);
 * the other readers do not use `defines` yet (symbolic sizes land later). The TypeScript reader
 * reads the workspace files a model imports (relative ESM and CommonJS imports) through
 * `options.readFile`; without it, what comes from them is unknown.
 */
export async function analyzeText(text: string, fileName: string, options?: AnalyzeOptions): Promise<Analysis> {
  return toReport(await analyzeDocument(text, fileName, options), text);
}
