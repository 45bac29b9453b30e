/**
 * Loading the TypeScript parser (`typescript@5.9`'s `createSourceFile`) and the reader that needs
 * it on first need.
 *
 * The parser is 3.5 MB minified and takes about 200 ms to load, so YAML and JSON users must never
 * pay for it; the reader (the interpreter included) is 75 KB that the main bundles cannot afford
 * either (SPEC §6: under 400 KB). The builds keep both out of every main bundle:
 * `import('./typescriptChunk')` below is resolved by esbuild to `require("./tsParser.js")`, the
 * separate chunk `dist/tsParser.js` (lazyChunk.ts). Hosts that cannot `require()` a file (VS Code's
 * web worker extension host only offers `vscode`) inject a loader with {@link setTypeScriptParserLoader},
 * e.g. fetching the chunk's text and evaluating it with {@link evaluateTypeScriptParserChunk}.
 */
import type * as TypeScript from 'typescript';
import type * as Chunk from './typescriptChunk';
import { chunkExports, evaluateChunk, LazyChunk, type ChunkLoader } from '../../lazyChunk';

/** The part of the TypeScript compiler API the reader uses (the whole module's type). */
export type TypeScriptApi = typeof TypeScript;

/** What the chunk exports: the parser and the reader. */
export type TypeScriptChunk = typeof Chunk;

/** Produces the chunk's exports; called at most once per successful load. */
export type TypeScriptParserLoader = ChunkLoader<TypeScriptChunk>;

const chunk = new LazyChunk<TypeScriptChunk>(
  async () => chunkExports(await import('./typescriptChunk'), 'readTypeScriptModelsWith'),
  (loaded) => {
    if (typeof loaded?.readTypeScriptModelsWith !== 'function' || typeof loaded.typescript?.createSourceFile !== 'function') {
      throw new Error('the TypeScript chunk has no reader or no createSourceFile');
    }
  },
);

/**
 * Replaces how the parser is loaded (before its first use). The web extension host calls this
 * because it cannot `require()` the chunk file.
 */
export function setTypeScriptParserLoader(load: TypeScriptParserLoader): void {
  chunk.setLoader(load);
}

/** The chunk if it has been loaded already, so that later analyses stay synchronous. */
export function loadedTypeScriptChunk(): TypeScriptChunk | undefined {
  return chunk.current;
}

/** Loads the chunk once; a failed load is retried by the next call. */
export function loadTypeScriptChunk(): Promise<TypeScriptChunk> {
  return chunk.load();
}

/** Evaluates the CommonJS text of `dist/tsParser.js` and returns its exports, as the web worker host must ({@link evaluateChunk}). */
export function evaluateTypeScriptParserChunk(source: string): TypeScriptChunk {
  return chunkExports(evaluateChunk(source) as TypeScriptChunk, 'readTypeScriptModelsWith');
}
