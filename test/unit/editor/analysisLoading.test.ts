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

  it('loads the chunk for a script that builds a TF.js model through its imports, and for no other script', async () => {
    let loads = 0;
    const loading = new AnalysisLoading(() => {
      loads++;
      return chunk;
    });
    const files: Record<string, string> = {
      '/ws/util.js': 'export const double = (x) => 2 * x;\n',
      '/ws/net.js': "import * as tf from '@tensorflow/tfjs';\nexport const build = () => tf.sequential({layers: [tf.layers.dense({inputShape: [3], units: 2})]});\n",
    };
    const reads: string[] = [];
    const readFile = async (path: string) => {
      reads.push(path);
      return files[path];
    };
    const plain = await loading.analyzeText("import { double } from './util';\nexport const y = double(2);\n", '/ws/plain.js', { readFile });
    assert.deepEqual(plain, { models: [], diagnostics: [] });
    assert.equal(loads, 0);
    reads.length = 0;
    const entry = await loading.analyzeText("import { build } from './net';\nexport const model = build();\n", '/ws/main.js', { readFile });
    assert.deepEqual(
      entry.models.map((model) => model.layers.length),
      [1],
    );
    assert.equal(loads, 1);
    // The import is read once, for the choice here and for core's analysis.
    assert.deepEqual(reads, ['/ws/net.js']);
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
