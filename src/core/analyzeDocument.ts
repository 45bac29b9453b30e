import type { DocumentAnalysis, ModelResult } from './analysis';
import type { Diagnostic } from './diagnostics';
import { internalError, type AnalyzeOptions } from './analyzeOptions';
import { analyzeModel } from './engine/analyzeModel';
import { readerFor } from './formats/registry';
import { vocabularyOf } from './frameworks';
import type { ParsedFile } from './ir';
import { mergeSharedDiagnostics, type FoundDiagnostic } from './sharedModels';
import { MAX_LAYERS, limitDiagnostics, limitLayers, skippedModels, textLimitDiagnostic } from './limits';

/**
 * Analyses every model in a document (SPEC.md §5): the reader is chosen from the file name's
 * extension and a sniff of the text (`formats/registry.ts`). Never rejects: bad input becomes
 * diagnostics, and an exception inside ConvLens an `internal-error` whose stack goes to
 * `options.logger`. Asynchronous because a reader may need to load its parser first (the
 * TypeScript one does, once) and read the files a model imports through `options.readFile`.
 */
export async function analyzeDocument(text: string, fileName: string, options: AnalyzeOptions = {}): Promise<DocumentAnalysis> {
  try {
    const reader = readerFor(text, fileName);
    if (!reader) return { models: [], diagnostics: [] };
    const tooLarge = textLimitDiagnostic(text, reader);
    if (tooLarge) return { models: [], diagnostics: [tooLarge] };
    return analyzeParsed(await reader.read(text, fileName, options), text, options);
  } catch (error) {
    return { models: [], diagnostics: [internalError(error, { start: 0, end: 0 }, options.logger)] };
  }
}

function analyzeParsed(parsed: ParsedFile, text: string, options: AnalyzeOptions): DocumentAnalysis {
  if (parsed.analysis) return { models: parsed.analysis.models, diagnostics: limitDiagnostics(parsed.analysis.diagnostics) };
  const models: ModelResult[] = [];
  const found: FoundDiagnostic[] = [];
  const unattributed = (diagnostic: Diagnostic) => found.push({ model: undefined, diagnostic });
  parsed.diagnostics.forEach(unattributed);
  let layersLeft = MAX_LAYERS;
  for (const [index, whole] of parsed.models.entries()) {
    if (layersLeft === 0) {
      unattributed(skippedModels(parsed.models.slice(index)));
      break;
    }
    const { model: source, diagnostic: limited } = limitLayers(whole, layersLeft);
    if (limited) unattributed(limited);
    layersLeft -= source.layers.length;
    const { model, diagnostics } = analyzeModel(source, vocabularyOf(source.framework), options);
    models.push(model);
    for (const diagnostic of diagnostics) found.push({ model, diagnostic });
  }
  // Models one builder made at the same places report each problem there once.
  return { models, diagnostics: limitDiagnostics(mergeSharedDiagnostics(found, text)) };
}
