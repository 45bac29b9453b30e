import type * as AnalysisChunkModule from '../core/analysisChunk';
import { formatFor, formatThroughImports } from '../core/formats/modelFormats';
import { readingOnce } from '../core/formats/typescript/tfjsImports';
import { LazyChunk, type ChunkLoader } from '../core/lazyChunk';
import type { AnalyzeText } from './analysisCache';

/** What the analysis chunk (`dist/analysis.js`) exports. */
export type AnalysisChunk = typeof AnalysisChunkModule;

/**
 * The analysis behind its chunk: loaded at the first document that may hold a model, once, the
 * load shared by concurrent callers and retried after a failure. Activation only builds this.
 */
export class AnalysisLoading {
  private readonly chunk: LazyChunk<AnalysisChunk>;

  constructor(load: ChunkLoader<AnalysisChunk>) {
    this.chunk = new LazyChunk(load, (loaded) => {
      if (typeof loaded?.analyzeDocument !== 'function') throw new Error('the analysis chunk has no analyzeDocument');
    });
  }

  /** The chunk, loading it if need be. */
  readonly load = (): Promise<AnalysisChunk> => this.chunk.load();

  /**
   * Core's `analyzeDocument`. A text that no format's sniff accepts, and that builds no TF.js
   * model through the files it imports, holds no model (core answers it the same): it gets nothing
   * without loading the chunk, so ordinary YAML, JSON and scripts never pay for it (a script with
   * relative imports pays for reading them, once for here and core).
   */
  readonly analyzeText: AnalyzeText = async (text, fileName, options) => {
    const readFile = options?.readFile && readingOnce(options.readFile);
    if (!formatFor(text, fileName) && !(await formatThroughImports(text, fileName, readFile))) return { models: [], diagnostics: [] };
    return (await this.load()).analyzeDocument(text, fileName, readFile ? { ...options, readFile } : options);
  };
}
