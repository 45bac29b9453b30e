// The extension's seam to its lazily loaded analysis chunk (SPEC §6: activation stays cheap).
import * as assert from 'node:assert/strict';
import * as chunk from '../../../src/core/analysisChunk';
import { AnalysisLoading, type AnalysisChunk } from '../../../src/extension/analysisLoading';

const MODEL = 'input: [1, 3, 8, 8]\nlayers:\n  - type: ReLU\n';

describe('loading the analysis chunk', () => {
  it('answers documents that hold no model without loading the chunk', async () => {
    let loads = 0;
    const loading = new AnalysisLoading(() => {
      loads++;
      return chunk;
    });
    for (const [text, fileName] of [['title: notes\n', 'notes.yaml'], ['{"name": "app"}', 'package.json'], ['export const x = 1;\n', 'x.ts'], [MODEL, 'README.md']]) {
      assert.deepEqual(await loading.analyzeText(text, fileName), { models: [], diagnostics: [] }, fileName);
    }
    assert.equal(loads, 0);
    assert.equal((await loading.analyzeText(MODEL, 'net.yaml')).models[0].layers.length, 1);
    assert.equal(loads, 1);
  });

  it('loads the chunk once for concurrent analyses, and again after a failed load', async () => {
    let loads = 0;
    const loading = new AnalysisLoading(async () => {
      loads++;
      if (loads === 1) throw new Error('no chunk here');
      return chunk;
    });
    await assert.rejects(loading.analyzeText(MODEL, 'net.yaml'), /no chunk here/);
    const [loaded, ...analyses] = await Promise.all([loading.load(), loading.analyzeText(MODEL, 'a.yaml'), loading.analyzeText(MODEL, 'b.yaml')]);
    assert.equal(loaded, chunk);
    assert.deepEqual(
      analyses.map((analysis) => analysis.models.length),
      [1, 1],
    );
    assert.equal(loads, 2);
  });

  it('refuses a file that is not the analysis chunk', async () => {
    const loading = new AnalysisLoading(() => ({}) as AnalysisChunk);
    await assert.rejects(loading.load(), /the analysis chunk has no analyzeDocument/);
  });
});
