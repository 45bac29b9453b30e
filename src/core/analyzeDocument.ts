import type { DocumentAnalysis } from './analysis';
import { analyzeModel } from './engine/analyzeModel';
import type { ParsedFile } from './ir';
import { readKerasJson, looksLikeKerasJson } from './formats/kerasJson';
import { readYamlModels, looksLikeYamlModel } from './formats/yamlModel';
import { readTypeScriptModels, looksLikeTypeScriptModel } from './formats/typescriptModel';
import { MAX_LAYERS, limitDiagnostics, limitLayers, skippedModels, textLimitDiagnostic } from './limits';

export type ModelFormat = 'yaml' | 'json' | 'typescript';

/** The reader for a file name, by extension; undefined for files ConvLens never reads. */
export function formatOf(fileName: string): ModelFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.json')) return 'json';
  if (/\.(ts|mts|cts|js|mjs|cjs)$/.test(lower)) return 'typescript';
  return undefined;
}

/** A cheap test on the text, before any parsing, that the file may define a model. */
export function mayHoldModel(text: string, format: ModelFormat): boolean {
  switch (format) {
    case 'yaml':
      return looksLikeYamlModel(text);
    case 'json':
      return looksLikeKerasJson(text);
    case 'typescript':
      return looksLikeTypeScriptModel(text);
  }
}

/**
 * Analyses every model in a document. Never throws on bad input: problems become diagnostics.
 * Synchronous except for the first TypeScript/JavaScript model file, which waits for the parser
 * to load (SPEC.md §5).
 */
export function analyzeDocument(text: string, fileName: `${string}.${'yaml' | 'yml' | 'json'}`): DocumentAnalysis;
export function analyzeDocument(text: string, fileName: string): DocumentAnalysis | Promise<DocumentAnalysis>;
export function analyzeDocument(text: string, fileName: string): DocumentAnalysis | Promise<DocumentAnalysis> {
  const format = formatOf(fileName);
  if (!format || !mayHoldModel(text, format)) return { models: [], diagnostics: [] };
  const tooLarge = textLimitDiagnostic(text, format);
  if (tooLarge) return { models: [], diagnostics: [tooLarge] };
  if (format === 'typescript') {
    const parsed = readTypeScriptModels(text, fileName);
    return parsed instanceof Promise ? parsed.then(analyzeParsed) : analyzeParsed(parsed);
  }
  return analyzeParsed(format === 'yaml' ? readYamlModels(text, fileName) : readKerasJson(text));
}

function analyzeParsed(parsed: ParsedFile): DocumentAnalysis {
  const analysis: DocumentAnalysis = { models: [], diagnostics: [...parsed.diagnostics] };
  let layersLeft = MAX_LAYERS;
  for (const [index, whole] of parsed.models.entries()) {
    if (layersLeft === 0) {
      analysis.diagnostics.push(skippedModels(parsed.models.slice(index)));
      break;
    }
    const { model: source, diagnostic: limited } = limitLayers(whole, layersLeft);
    if (limited) analysis.diagnostics.push(limited);
    layersLeft -= source.layers.length;
    const { model, diagnostics } = analyzeModel(source);
    analysis.models.push(model);
    for (const diagnostic of diagnostics) analysis.diagnostics.push(diagnostic);
  }
  return { models: analysis.models, diagnostics: limitDiagnostics(analysis.diagnostics) };
}
