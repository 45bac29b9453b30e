import type { DocumentAnalysis, ModelResult } from './analysis';
import type { Diagnostic } from './diagnostics';
import { internalError, type AnalyzeOptions } from './analyzeOptions';
import { analyzeModel } from './engine/analyzeModel';
import { readerWithImports } from './formats/registry';
import { readingOnce } from './formats/typescript/tfjsImports';
import { vocabularyOf } from './frameworks';
import type { ParsedFile } from './ir';
import { mergeSharedDiagnostics, type FoundDiagnostic } from './sharedModels';
import { MAX_LAYERS, limitDiagnostics, limitLayers, skippedModels, textLimitDiagnostic } from './limits';

/**
 * Analyses every model in a document (SPEC.md §5): the reader is chosen from the file name's
 * extension and a sniff of the text (`formats/registry.ts`), or, for a TypeScript/JavaScript file
 * that never names TF.js, from the workspace files it imports. Never rejects: bad input becomes
 * diagnostics, and an exception inside ConvLens an `internal-error` whose stack goes to
 * `options.logger`. Asynchronous because a reader may need to load its parser first (the
 * TypeScript one does, once) and read the files a model imports through `options.readFile`.
 */
export async function analyzeDocument(text: string, fileName: string, given: AnalyzeOptions = {}): Promise<DocumentAnalysis> {
  // The files a TypeScript model imports are read once, by the choice of its reader and by the reader.
  const options = given.readFile ? { ...given, readFile: readingOnce(given.readFile) } : given;
  try {
    const reader = await readerWithImports(text, fileName, options.readFile);
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
