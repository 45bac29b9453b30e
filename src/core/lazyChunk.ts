/**
 * Code that the bundles keep in a separate file beside them and load on first need (SPEC §6:
 * activation stays cheap, the main bundles stay small): the TypeScript parser chunk
 * `dist/tsParser.js` (typescriptParser.ts) and the extension's analysis chunk `dist/analysis.js`
 * (analysisChunk.ts). The builds turn `import()` of a chunk's entry into `require()` of its file;
 * hosts that cannot `require()` a file inject a loader, e.g. one that fetches the chunk's text and
 * evaluates it with {@link evaluateChunk}.
 */

/** Produces a chunk's exports; called at most once per successful load. */
export type ChunkLoader<T> = () => T | Promise<T>;

/** One lazily loaded chunk: loaded once, concurrent callers share the load, a failed load is retried by the next call. */
export class LazyChunk<T> {
  private loaded: T | undefined;
  private loading: Promise<T> | undefined;

  /** `check` throws when what a loader produced is not this chunk (a wrong file, a broken build). */
  constructor(
    private loader: ChunkLoader<T>,
    private readonly check: (chunk: T) => void,
  ) {}

  /** Replaces how the chunk is loaded (before its first use) and forgets an earlier load. */
  setLoader(loader: ChunkLoader<T>): void {
    this.loader = loader;
    this.loaded = undefined;
    this.loading = undefined;
  }

  /** The chunk if it has been loaded already, so that callers can stay synchronous. */
  get current(): T | undefined {
    return this.loaded;
  }

  /** Loads the chunk once; a failed load is retried by the next call. */
  load(): Promise<T> {
    if (this.loaded) return Promise.resolve(this.loaded);
    // The loader runs in a later microtask, so `loading` is set before it can settle.
    this.loading ??= Promise.resolve()
      .then(this.loader)
      .then((chunk) => {
        this.check(chunk);
        this.loaded = chunk;
        return chunk;
      })
      .finally(() => {
        this.loading = undefined;
      });
    return this.loading;
  }
}

/**
 * Evaluates the CommonJS text of a chunk and returns its exports. This is how VS Code's web
 * worker extension host loads extension code itself (fetch, then `new Function`; its CSP allows
 * `unsafe-eval`), and that host blocks `importScripts`. Only for the extension's own chunks.
 */
export function evaluateChunk(source: string): unknown {
  const module = { exports: {} as unknown };
  new Function('module', 'exports', source)(module, module.exports);
  return module.exports;
}

/** A chunk's exports, also where esbuild's ESM interop wrapped the CommonJS module as `default`; `member` is one every copy of the chunk exports. */
export function chunkExports<T extends object>(module: T & { default?: T }, member: keyof T): T {
  return member in module ? module : (module.default ?? module);
}
