// The short, fixed-seed version of `npm run fuzz` (test/fuzz/): sampled truncations of every seed
// file and a few hundred light mutations, each checked by the fuzz oracle (no exception, spans in
// the text, safe positive dimensions, no known output on an invalid layer, valid preview payloads).
// The large inputs (10^6-element lists, 1 MB lines, bombs) are covered by limits.test.ts.
import * as assert from 'node:assert/strict';
import { makePlan, runFuzz, type FuzzOptions } from '../../fuzz/runner';

const OPTIONS: FuzzOptions = { seed: 20_240_601, count: 1500, seconds: 600, truncationsPerFile: 50, heavyShare: 0 };

describe('fuzz (fixed seed)', () => {
  it(`passes every invariant on ${OPTIONS.count} mutations and sampled truncations of each seed file`, async function () {
    this.timeout(120_000);
    const plan = makePlan(process.cwd(), OPTIONS);
    assert.ok(plan.corpus.length >= 20, `seed files found: ${plan.corpus.length}`);
    assert.deepEqual([...new Set(plan.corpus.map((seed) => seed.format))].sort(), ['json', 'typescript', 'yaml']);
    const summary = await runFuzz(plan, OPTIONS);
    assert.equal(summary.inputs, plan.truncations.length + OPTIONS.count, 'every input was tried');
    const report = summary.failures.map((failure) => `input ${failure.index} (${failure.kind} of ${failure.fileName}): ${failure.failures.join('; ')}`);
    assert.deepEqual(report, [], `reproduce with: npm run fuzz -- --seed ${OPTIONS.seed} --count ${OPTIONS.count} --truncations ${OPTIONS.truncationsPerFile} --heavy 0`);
  });
});
