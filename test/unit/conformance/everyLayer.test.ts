/**
 * Every entry of every framework's vocabulary, written as a one-layer ConvLens YAML model with
 * `framework:` and read through the real reader: none may be reported as `unknown-layer`, and none
 * may make ConvLens fail (`internal-error`). The types come from the vocabularies themselves, so a
 * layer added to any of them is covered without being listed here.
 */
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { VOCABULARIES } from '../../../src/core/frameworks';
import { FRAMEWORKS } from '../../../src/core/ir';
import { modelFile, oneLayerSpec } from '../support/modelSpec';

describe('Every vocabulary entry is known through the reader', () => {
  for (const framework of FRAMEWORKS) {
    const types = Object.keys(VOCABULARIES[framework].layers);
    it(`${framework}: all ${types.length} layer types`, async () => {
      assert.ok(types.length > 0);
      const refused: string[] = [];
      for (const type of types) {
        const { text, fileName } = modelFile(oneLayerSpec(framework, [['N', 4, 8, 8]], { type }));
        const { models, diagnostics } = await analyzeDocument(text, fileName);
        assert.equal(models[0]?.layers[0]?.type, type, `${framework} ${type}: the reader produced no layer`);
        const wrong = diagnostics.filter((diagnostic) => diagnostic.code === 'unknown-layer' || diagnostic.code === 'internal-error');
        refused.push(...wrong.map((diagnostic) => `${type}: ${diagnostic.code}: ${diagnostic.message}`));
      }
      assert.deepEqual(refused, []);
    });
  }
});
