/**
 * Loading the TypeScript parser (`typescript@5.9`'s `createSourceFile`) and the reader that needs
 * it on first need.
 *
 * The parser is 3.5 MB minified and takes about 200 ms to load, so YAML and JSON users must never
 * pay for it; the reader (the interpreter included) is 75 KB that the main bundles cannot afford
 * either (SPEC §6: under 400 KB). The builds keep both out of every main bundle:
 * `import('./typescriptChunk')` below is resolved by esbuild to `require("./tsParser.js")`, the
 * separate chunk `dist/tsParser.js`. Hosts that cannot `require()` a file (VS Code's web worker
 * extension host only offers `vscode`) inject a loader with {@link setTypeScriptParserLoader},
 * e.g. fetching the chunk's text and evaluating it with {@link evaluateTypeScriptParserChunk}.
 */
import type * as TypeScript from 'typescript';
import type * as Chunk from './typescriptChunk';

/** The part of the TypeScript compiler API the reader uses (the whole module's type). */
export type TypeScriptApi = typeof TypeScript;

/** What the chunk exports: the parser and the reader. */
export type TypeScriptChunk = typeof Chunk;

/** Produces the chunk's exports; called at most once per successful load. */
export type TypeScriptParserLoader = () => TypeScriptChunk | Promise<TypeScriptChunk>;

let loader: TypeScriptParserLoader = async () => normalizeModule(await import('./typescriptChunk'));
let loaded: TypeScriptChunk | undefined;
let loading: Promise<TypeScriptChunk> | undefined;

/**
 * Replaces how the parser is loaded (before its first use). The web extension entry calls this
 * because its host cannot `require()` the chunk file.
 */
export function setTypeScriptParserLoader(load: TypeScriptParserLoader): void {
  loader = load;
  loaded = undefined;
  loading = undefined;
}

/** The chunk if it has been loaded already, so that later analyses stay synchronous. */
export function loadedTypeScriptChunk(): TypeScriptChunk | undefined {
  return loaded;
}

/** Loads the chunk once; a failed load is retried by the next call. */
export function loadTypeScriptChunk(): Promise<TypeScriptChunk> {
  if (loaded) return Promise.resolve(loaded);
  // The loader runs in a later microtask, so `loading` is set before it can settle.
  loading ??= Promise.resolve()
    .then(loader)
    .then((chunk) => {
      if (typeof chunk?.readTypeScriptModelsWith !== 'function' || typeof chunk.typescript?.createSourceFile !== 'function') {
        throw new Error('the TypeScript chunk has no reader or no createSourceFile');
      }
      loaded = chunk;
      return chunk;
    })
    .finally(() => {
      loading = undefined;
    });
  return loading;
}

/**
 * Evaluates the CommonJS text of `dist/tsParser.js` and returns its exports. This is how
 * VS Code's web worker extension host loads extension code itself (fetch, then `new Function`;
 * its CSP allows `unsafe-eval`), and that host blocks `importScripts`.
 */
export function evaluateTypeScriptParserChunk(source: string): TypeScriptChunk {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', source)(module, module.exports);
  return normalizeModule(module.exports as TypeScriptChunk);
}

/** esbuild's ESM interop may wrap the CommonJS module as `default`. */
function normalizeModule(module: TypeScriptChunk & { default?: TypeScriptChunk }): TypeScriptChunk {
  return typeof module.readTypeScriptModelsWith === 'function' ? module : (module.default ?? module);
}
