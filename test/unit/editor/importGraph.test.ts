// The extension's record of which files each analysis read (src/extension/importGraph.ts), which
// decides the documents analysed again when a file changes.
import * as assert from 'node:assert/strict';
import { ImportGraph } from '../../../src/extension/importGraph';

const MAIN = 'file:///w/src/main.ts';
const OTHER = 'file:///w/src/other.ts';
const BLOCKS = 'file:///w/src/blocks.ts';
const CONFIG = 'file:///w/src/config.ts';
const MISSING = 'file:///w/src/layers.ts';

describe('Import graph', () => {
  it('names every document whose analysis read a file, directly or through another import', () => {
    const graph = new ImportGraph();
    graph.record(MAIN, [BLOCKS, CONFIG]); // main imports blocks, which imports config
    graph.record(OTHER, [CONFIG]);
    assert.deepEqual(graph.importersOf(CONFIG), [MAIN, OTHER]);
    assert.deepEqual(graph.importersOf(BLOCKS), [MAIN]);
    assert.deepEqual(graph.importersOf('file:///w/src/unrelated.ts'), []);
  });

  it('keeps a path that was asked for and not found, so that creating it counts', () => {
    const graph = new ImportGraph();
    graph.record(MAIN, [MISSING]);
    assert.deepEqual(graph.importersOf(MISSING), [MAIN]);
  });

  it('replaces what a document read with its latest analysis, and forgets a closed one', () => {
    const graph = new ImportGraph();
    graph.record(MAIN, [BLOCKS]);
    graph.record(MAIN, [CONFIG]);
    assert.deepEqual(graph.importersOf(BLOCKS), [], 'the import was removed');
    assert.deepEqual(graph.importersOf(CONFIG), [MAIN]);
    graph.record(OTHER, [CONFIG]);
    graph.forget(MAIN);
    assert.deepEqual(graph.importersOf(CONFIG), [OTHER]);
    graph.record(OTHER, []);
    assert.deepEqual(graph.importersOf(CONFIG), []);
  });

  it('does not count a document as its own importer', () => {
    const graph = new ImportGraph();
    graph.record(MAIN, [MAIN, BLOCKS]);
    assert.deepEqual(graph.importersOf(MAIN), []);
  });
});
