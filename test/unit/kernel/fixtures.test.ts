import * as assert from 'assert';
import type { ConvOptions } from '../../../src/core/kernel';
import { kernelCases, kernels } from './kernels';

const RELATIVE_TOLERANCE = 1e-5;

for (const kernel of kernels) {
  describe(`kernel (${kernel.name}) against PyTorch fixtures`, () => {
    it('covers every operator, dimensionality and both value kinds', () => {
      const kinds = new Set(kernelCases.map((c) => `${c.op}${c.x.shape.length - 2}d ${c.exact}`));
      assert.strictEqual(kinds.size, 12);
    });

    for (const c of kernelCases) {
      it(c.name, () => {
        const opts: ConvOptions = { ...c.opts, ...(c.bias ? { bias: Float32Array.from(c.bias) } : {}) };
        const x = { data: Float32Array.from(c.x.data), shape: c.x.shape };
        const w = { data: Float32Array.from(c.w.data), shape: c.w.shape };
        // A first call on other data with the same layout: the second must not see its leftovers.
        kernel[c.op]({ data: x.data.map((v) => 7 - v), shape: x.shape }, w, opts);
        const y = kernel[c.op](x, w, opts);
        assert.deepStrictEqual(y.shape, c.y.shape);
        const expected = Float32Array.from(c.y.data);
        if (c.exact) {
          // Integer data: every partial sum is exact in float32, so the bits must agree.
          assert.deepStrictEqual(Array.from(y.data), Array.from(expected));
          return;
        }
        let worst = 0;
        for (let i = 0; i < expected.length; i++) {
          worst = Math.max(worst, Math.abs(y.data[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
        }
        assert.ok(worst <= RELATIVE_TOLERANCE, `largest relative difference ${worst}`);
      });
    }
  });
}
