import * as assert from 'assert';
import type { ConvOptions, Tensor } from '../../../src/core/kernel';
import { kernelCases, kernels } from './kernels';

const ones = (shape: number[]): Tensor => ({ data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape });

// The PyTorch fixtures with integer data, whose results must agree bit for bit.
const exactCases = kernelCases.filter((c) => c.exact);

for (const kernel of kernels) {
  describe(`kernel (${kernel.name}) buffers reused across calls`, () => {
    it('writes into a caller-given out buffer, whatever it held, the values PyTorch computes', () => {
      assert.ok(exactCases.length >= 6);
      for (const c of exactCases) {
        const out = new Float32Array(c.y.data.length).fill(Number.NaN);
        const opts: ConvOptions = { ...c.opts, ...(c.bias ? { bias: Float32Array.from(c.bias) } : {}), out };
        const y = kernel[c.op]({ data: Float32Array.from(c.x.data), shape: c.x.shape }, { data: Float32Array.from(c.w.data), shape: c.w.shape }, opts);
        assert.strictEqual(y.data, out, c.name);
        assert.deepStrictEqual(y.shape, c.y.shape, c.name);
        assert.deepStrictEqual(Array.from(out), c.y.data, c.name);
      }
    });

    it('leaves a returned result alone when the next call reuses the same working memory', () => {
      // PyTorch: conv_transpose1d(ones(1,1,3), ones(1,1,2)) = [1, 2, 2, 1]; with x = 2·ones, [2, 4, 4, 2].
      const first = kernel.convTranspose(ones([1, 1, 3]), ones([1, 1, 2]));
      const second = kernel.convTranspose({ data: Float32Array.of(2, 2, 2), shape: [1, 1, 3] }, ones([1, 1, 2]));
      assert.deepStrictEqual(Array.from(first.data), [1, 2, 2, 1]);
      assert.deepStrictEqual(Array.from(second.data), [2, 4, 4, 2]);
      assert.notStrictEqual(first.data.buffer, second.data.buffer);
    });

    it('leaves one out buffer alone while writing another', () => {
      const first = new Float32Array(4);
      const second = new Float32Array(4);
      kernel.convTranspose(ones([1, 1, 3]), ones([1, 1, 2]), { out: first });
      kernel.convTranspose({ data: Float32Array.of(2, 2, 2), shape: [1, 1, 3] }, ones([1, 1, 2]), { out: second });
      assert.deepStrictEqual(Array.from(first), [1, 2, 2, 1]);
      assert.deepStrictEqual(Array.from(second), [2, 4, 4, 2]);
    });

    it('clears the padding a larger call left in its working memory before a smaller call with another layout', () => {
      // The first call's padded input is all interior (no padding): 5s where the second has its border.
      kernel.conv({ data: new Float32Array(2 * 9).fill(5), shape: [1, 2, 9] }, ones([2, 2, 3]));
      // PyTorch: conv1d(ones(1,1,3), ones(1,1,3), padding=1) = [2, 3, 2] (the padding is zero).
      assert.deepStrictEqual(Array.from(kernel.conv(ones([1, 1, 3]), ones([1, 1, 3]), { padding: 1 }).data), [2, 3, 2]);
    });

    it('refuses an out buffer of the wrong length or one that overlaps the input (invalid-parameter)', () => {
      const x = ones([1, 1, 3]);
      for (const out of [new Float32Array(3), new Float32Array(5)]) {
        assert.throws(() => kernel.convTranspose(x, ones([1, 1, 2]), { out }), (error: { code?: string }) => error.code === 'invalid-parameter');
      }
      const shared = new Float32Array(7);
      const input = { data: shared.subarray(0, 3).fill(1), shape: [1, 1, 3] };
      assert.throws(
        () => kernel.convTranspose(input, ones([1, 1, 2]), { out: shared.subarray(2, 6) }),
        /out must not share memory with the input or the weight/,
      );
    });
  });
}
