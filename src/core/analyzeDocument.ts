import type { DocumentAnalysis } from './analysis';
import { analyzeModel } from './engine/analyzeModel';
import type { ParsedFile } from './ir';
import { readKerasJson, looksLikeKerasJson } from './formats/kerasJson';
import { readYamlModels, looksLikeYamlModel } from './formats/yamlModel';

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
      return false;
  }
}

/** Analyses every model in a document. Never throws on bad input: problems become diagnostics. */
export function analyzeDocument(text: string, fileName: string): DocumentAnalysis {
  const format = formatOf(fileName);
  if (!format || !mayHoldModel(text, format)) return { models: [], diagnostics: [] };
  const parsed: ParsedFile = format === 'yaml' ? readYamlModels(text) : readKerasJson(text);
  const analysis: DocumentAnalysis = { models: [], diagnostics: [...parsed.diagnostics] };
  for (const source of parsed.models) {
    const { model, diagnostics } = analyzeModel(source);
    analysis.models.push(model);
    analysis.diagnostics.push(...diagnostics);
  }
  return analysis;
}
