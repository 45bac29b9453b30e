import type { Diagnostic } from './diagnostics';
import type { ModelResult } from './results';

// The engine's result types, for the modules that read a document's analysis.
export type { AxisExplanation, LayerResult, ModelResult, PreviewParamKey, TransposedConvGeometry, TransposedConvParams } from './results';

/** Everything the editor features and the CLI need about one document. */
export interface DocumentAnalysis {
  models: ModelResult[];
  diagnostics: Diagnostic[];
}
