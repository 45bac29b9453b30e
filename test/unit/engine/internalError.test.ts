// SPEC.md §2 `internal-error`: an exception inside ConvLens is ours, never the user's
// `invalid-parameter`; its stack goes to the logger, and the analysis goes on.
import { reportShape } from '../../../src/core/dims';
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { analyzeText } from '../../../src/core/index';
import { CONV_RELU_CONV, PLANTED_BUG, withBrokenReLU } from '../support/brokenRule';

describe('internal-error: a failure inside ConvLens', () => {
  it('becomes an internal-error on the layer, with the stack in the log, and blames nothing on the model', async () => {
    const logged: { message: string; error: unknown }[] = [];
    const analysis = await withBrokenReLU(() => analyzeDocument(CONV_RELU_CONV, 'net.model.yaml', { logger: { error: (message, error) => logged.push({ message, error }) } }));
    assert.deepEqual(
      analysis.diagnostics.map(({ code, severity, layer }) => ({ code, severity, layer })),
      [{ code: 'internal-error', severity: 'error', layer: 'act' }],
    );
    const [diagnostic] = analysis.diagnostics;
    assert.match(diagnostic.message, /^ConvLens failed on this layer — a bug in ConvLens, not in the model; see the log \(a planted bug in the ReLU rule\)\.$/);
    assert.equal(CONV_RELU_CONV.slice(diagnostic.span.start, diagnostic.span.end), 'ReLU');
    assert.equal(logged.length, 1);
    assert.equal(logged[0].message, "ConvLens failed on layer 'act'");
    assert.match((logged[0].error as Error).stack ?? '', new RegExp(`^Error: ${PLANTED_BUG}\\n\\s+at `));
    // The layer before is analysed; the failed layer and those after it have unknown shapes.
    assert.deepEqual(
      analysis.models[0].layers.map((layer) => reportShape(layer.output)),
      [[1, 4, 8, 8], null, null],
    );
  });

  it('never rejects without a logger, and the library reports it with 1-based lines', async () => {
    const report = await withBrokenReLU(() => analyzeText(CONV_RELU_CONV, 'net.model.yaml'));
    assert.deepEqual(
      report.diagnostics.map(({ code, layer, line, column }) => ({ code, layer, line, column })),
      [{ code: 'internal-error', layer: 'act', line: 8, column: 11 }],
    );
  });

  it('is gone once the rule works again (the seam leaves the vocabulary as it was)', async () => {
    const analysis = await analyzeDocument(CONV_RELU_CONV, 'net.model.yaml');
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(reportShape(analysis.models[0].layers.at(-1)?.output ?? null), [1, 2, 8, 8]);
  });
});
