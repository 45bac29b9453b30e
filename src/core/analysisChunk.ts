/**
 * The entry of the lazily loaded chunk `dist/analysis.js`: core's readers, engine and framework
 * vocabularies, which the extension loads on its first analysis instead of at activation
 * (SPEC §6; `Platform.loadAnalysis` in src/extension/activateShared.ts). Exactly what the editor
 * needs from them; the TypeScript parser stays in its own chunk, loaded by this one at first need.
 */
export { analyzeDocument } from './analyzeDocument';
export { ultralyticsScales } from './formats/ultralytics/ultralyticsModel';
export { setTypeScriptParserLoader } from './formats/typescript/typescriptParser';
export { planParamEdits, toPreviewLayer } from './previewLayer';
