import * as assert from 'node:assert/strict';
import * as chunk from '../../../src/core/formats/typescript/typescriptChunk';
import { evaluateTypeScriptParserChunk, loadedTypeScriptChunk, setTypeScriptParserLoader } from '../../../src/core/formats/typescript/typescriptParser';
import { readTypeScriptModels } from '../../../src/core/formats/typescript/typescriptModel';

const MODEL = `import * as tf from '@tensorflow/tfjs';\ntf.sequential({layers: [tf.layers.flatten({inputShape: [2, 2]})]});`;

describe('TypeScript parser loading', () => {
  it('reports a parser that fails to load as an internal error, logged with its stack, and retries on the next read', async () => {
    let attempts = 0;
    const logged: unknown[] = [];
    setTypeScriptParserLoader(() => {
      attempts++;
      if (attempts === 1) throw new Error('no chunk here');
      return chunk;
    });
    const failed = await readTypeScriptModels(MODEL, 'a.ts', { logger: { error: (_message, error) => logged.push(error) } });
    assert.equal(failed.models.length, 0);
    // Not the model's fault: ConvLens's own chunk did not load.
    assert.equal(failed.diagnostics[0].code, 'internal-error');
    assert.match(failed.diagnostics[0].message, /no chunk here/);
    assert.match(String((logged[0] as Error).stack), /no chunk here/);
    assert.equal(loadedTypeScriptChunk(), undefined);

    const first = readTypeScriptModels(MODEL, 'a.ts');
    assert.ok(first instanceof Promise, 'the first read after a failure waits for the parser');
    assert.equal((await first).models.length, 1);
    const second = readTypeScriptModels(MODEL, 'a.ts');
    assert.ok(!(second instanceof Promise), 'once loaded, reading is synchronous');
    assert.equal(second.models.length, 1);
    assert.equal(attempts, 2);
  });

  it('loads the parser once even when several reads wait for it', async () => {
    let attempts = 0;
    setTypeScriptParserLoader(async () => {
      attempts++;
      return chunk;
    });
    const results = await Promise.all([readTypeScriptModels(MODEL, 'a.ts'), readTypeScriptModels(MODEL, 'b.ts')]);
    assert.deepEqual(
      results.map((result) => result.models.length),
      [1, 1],
    );
    assert.equal(attempts, 1);
  });

  it('evaluates a CommonJS chunk from its text, as the web worker host must', () => {
    const api = evaluateTypeScriptParserChunk('exports.readTypeScriptModelsWith = function () { return 42; }; exports.marker = "chunk";');
    assert.equal((api as unknown as { marker: string }).marker, 'chunk');
    const wrapped = evaluateTypeScriptParserChunk('module.exports = {default: {readTypeScriptModelsWith() {}, marker: "inner"}};');
    assert.equal((wrapped as unknown as { marker: string }).marker, 'inner');
  });
});
