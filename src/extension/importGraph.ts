/**
 * Which files each analysed document read through `readFile` (its imports, and the paths the
 * reader tried that did not exist), so that an edit, save, creation or deletion of one of them
 * re-analyses the documents that import it. Keys are URI strings; free of `vscode` so that it
 * is unit-tested in Node.
 */
export class ImportGraph {
  private readonly readsOf = new Map<string, ReadonlySet<string>>();

  /** What `importer`'s latest analysis read; replaces what an earlier one read. */
  record(importer: string, reads: Iterable<string>): void {
    const files = new Set(reads);
    files.delete(importer);
    if (files.size === 0) this.readsOf.delete(importer);
    else this.readsOf.set(importer, files);
  }

  /** Drops a document that is no longer analysed (closed). */
  forget(importer: string): void {
    this.readsOf.delete(importer);
  }

  /**
   * The documents whose latest analysis read `file`. An analysis records every file it read,
   * through any chain of imports, so these are also the indirect importers.
   */
  importersOf(file: string): string[] {
    return [...this.readsOf].filter(([, reads]) => reads.has(file)).map(([importer]) => importer);
  }
}
