/**
 * Every model reader ConvLens has: each format of `modelFormats.ts` with the function that reads
 * it. The analysis chooses its reader here; everything that only needs a format's languages,
 * extensions or sniff takes {@link MODEL_FORMATS}, which does not pull in the readers.
 */
import type { AnalyzeOptions } from '../analyzeOptions';
import { GrowingModelAnalysis } from '../engine/analyzeModel';
import { vocabularyOf } from '../frameworks';
import type { ParsedFile } from '../ir';
import { readKerasJson } from './kerasJson/kerasJson';
import { formatFor, formatThroughImports, MODEL_FORMATS, type ModelFormat, type ModelFormatId } from './modelFormats';
import { readTypeScriptModels } from './typescript/typescriptModel';
import { readUltralyticsModel } from './ultralytics/ultralyticsModel';
import { readYamlModels } from './yaml/yamlModel';

/** A reader of one model format: only called for files its format's sniff accepts, within its text budget. */
export interface ModelReader extends ModelFormat {
  /** Reads every model in the file. Rejects only on a bug (an `internal-error`); bad input becomes diagnostics. */
  read(text: string, fileName: string, options: AnalyzeOptions): Promise<ParsedFile>;
}

const READS: Record<ModelFormatId, ModelReader['read']> = {
  yaml: async (text, fileName, options) => readYamlModels(text, fileName, options),
  json: async (text) => readKerasJson(text),
  typescript: (text, fileName, options) => Promise.resolve(readTypeScriptModels(text, fileName, options, () => growTfjsModel(options))),
  ultralytics: async (text, fileName, options) => readUltralyticsModel(text, fileName, options),
};

/** The engine's analysis of a TF.js model as a program builds it, for the shapes the program reads (`x.shape`), under the analysis's `defines`. */
function growTfjsModel(options: AnalyzeOptions): GrowingModelAnalysis {
  return new GrowingModelAnalysis({ framework: 'tfjs', span: { start: 0, end: 0 }, syntax: 'typescript' }, vocabularyOf('tfjs'), { defines: options.defines });
}

/** Every reader, in the order of {@link MODEL_FORMATS}. */
export const MODEL_READERS: readonly ModelReader[] = MODEL_FORMATS.map((format) => ({ ...format, read: READS[format.id] }));

/** The reader for a file, by its extension and then its content; undefined when no format's sniff accepts it. */
export function readerFor(text: string, fileName: string): ModelReader | undefined {
  return readerOf(formatFor(text, fileName));
}

/**
 * {@link readerFor}, or the TypeScript reader for a file no sniff accepts that builds a TF.js
 * model through the files it imports (read through `readFile`: `formatThroughImports`).
 */
export async function readerWithImports(text: string, fileName: string, readFile: AnalyzeOptions['readFile']): Promise<ModelReader | undefined> {
  return readerFor(text, fileName) ?? readerOf(await formatThroughImports(text, fileName, readFile));
}

function readerOf(format: ModelFormat | undefined): ModelReader | undefined {
  return format && MODEL_READERS.find((reader) => reader.id === format.id);
}
