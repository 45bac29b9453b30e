/**
 * The reader for TypeScript and JavaScript model definitions (SPEC.md §1.3): TF.js layers models
 * and ConvLens object literals. Files are parsed with TypeScript's `createSourceFile` and never
 * executed; a cheap text test keeps ordinary files from being parsed at all.
 */
import { internalError, type AnalyzeOptions } from '../../analyzeOptions';
import type { ParsedFile } from '../../ir';
import { MAY_IMPORT } from './importPaths';
import type { StartGrowingAnalysis } from './interpreterShapes';
import { loadedTypeScriptChunk, loadTypeScriptChunk } from './typescriptParser';

/** TF.js named in a text: its package, or the `tf.` members that build models. */
export const TFJS_HINT = /@tensorflow\/tfjs|\btf\s*\.\s*(?:layers|sequential|model|input)\b/;
export const LITERAL_LAYERS = /\blayers['"]?\s*:/;
const LITERAL_INPUT = /\binputs?['"]?\s*:/;
const LITERAL_TYPE = /\btype['"]?\s*:/;

/** A cheap test that runs before any parsing: TF.js, or an object with `layers:`, `input:` and `type:`. */
export function looksLikeTypeScriptModel(text: string): boolean {
  return TFJS_HINT.test(text) || (LITERAL_LAYERS.test(text) && LITERAL_INPUT.test(text) && LITERAL_TYPE.test(text));
}

/**
 * Reads every model in a TypeScript/JavaScript file. Synchronous once the parser is loaded (and
 * for files the text test rejects); the first call that needs the parser returns a promise.
 * Never throws or rejects: problems become diagnostics, and a failure inside ConvLens (the parser
 * not loading included) an `internal-error` whose stack goes to `options.logger`. `growTfjs`
 * starts the shape engine's analysis of a TF.js model as the program builds it, for the shapes
 * the program reads (`x.shape`; the analysis passes it, so that the engine stays out of the
 * bundles that only need this file's sniff); without it they are unknown.
 */
export function readTypeScriptModels(text: string, fileName: string, options: AnalyzeOptions = {}, growTfjs?: StartGrowingAnalysis): ParsedFile | Promise<ParsedFile> {
  // A file that imports others may build a model through them (the analysis read them first: tfjsImports.ts).
  if (!looksLikeTypeScriptModel(text) && !MAY_IMPORT.test(text)) return { models: [], diagnostics: [] };
  const chunk = loadedTypeScriptChunk();
  if (chunk) return chunk.readTypeScriptModelsWith(chunk.typescript, text, fileName, options, growTfjs);
  return loadTypeScriptChunk().then(
    (loaded) => loaded.readTypeScriptModelsWith(loaded.typescript, text, fileName, options, growTfjs),
    (error: unknown) => ({ models: [], diagnostics: [internalError(error, { start: 0, end: 0 }, options.logger)] }),
  );
}

/** The extensions read as TypeScript (the model reader registry lists them under the language `typescript`). */
export const TYPESCRIPT_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.cts'];
/** The extensions read as JavaScript, with the parser's JavaScript rules (language `javascript`). */
export const JAVASCRIPT_EXTENSIONS: readonly string[] = ['.js', '.mjs', '.cjs'];
