/**
 * Loading the TypeScript parser (`typescript@5.9`'s `createSourceFile`) on first need.
 *
 * The parser is 3.5 MB minified and takes about 200 ms to load, so YAML and JSON users must never
 * pay for it. The builds keep it out of every main bundle: `import('typescript')` below is
 * resolved by esbuild to `require("./tsParser.js")`, the separate chunk `dist/tsParser.js`. Hosts
 * that cannot `require()` a file (VS Code's web worker extension host only offers `vscode`)
 * inject a loader with {@link setTypeScriptParserLoader}, e.g. fetching the chunk's text and
 * evaluating it with {@link evaluateTypeScriptParserChunk}.
 */
import type * as TypeScript from 'typescript';

/** The part of the TypeScript compiler API the reader uses (the whole module's type). */
export type TypeScriptApi = typeof TypeScript;

/** Produces the TypeScript module; called at most once per successful load. */
export type TypeScriptParserLoader = () => TypeScriptApi | Promise<TypeScriptApi>;

let loader: TypeScriptParserLoader = async () => normalizeModule(await import('typescript'));
let loaded: TypeScriptApi | undefined;
let loading: Promise<TypeScriptApi> | undefined;

/**
 * Replaces how the parser is loaded (before its first use). The web extension entry calls this
 * because its host cannot `require()` the chunk file.
 */
export function setTypeScriptParserLoader(load: TypeScriptParserLoader): void {
  loader = load;
  loaded = undefined;
  loading = undefined;
}

/** The parser if it has been loaded already, so that later analyses stay synchronous. */
export function loadedTypeScriptParser(): TypeScriptApi | undefined {
  return loaded;
}

/** Loads the parser once; a failed load is retried by the next call. */
export function loadTypeScriptParser(): Promise<TypeScriptApi> {
  if (loaded) return Promise.resolve(loaded);
  // The loader runs in a later microtask, so `loading` is set before it can settle.
  loading ??= Promise.resolve()
    .then(loader)
    .then((api) => {
      if (typeof api?.createSourceFile !== 'function') throw new Error('the module has no createSourceFile');
      loaded = api;
      return api;
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
export function evaluateTypeScriptParserChunk(source: string): TypeScriptApi {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', source)(module, module.exports);
  return normalizeModule(module.exports as TypeScriptApi);
}

/** esbuild's ESM interop may wrap the CommonJS module as `default`. */
function normalizeModule(module: TypeScriptApi & { default?: TypeScriptApi }): TypeScriptApi {
  return typeof module.createSourceFile === 'function' ? module : (module.default ?? module);
}
