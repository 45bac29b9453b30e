import * as assert from 'assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsKernel, loadKernel } from '../../../src/core/kernel';
import { kernels } from './kernels';

describe('loadKernel', () => {
  it('returns the WebAssembly kernel when given the built module', async () => {
    const kernel = await loadKernel(readFileSync(join(__dirname, '../../../dist/convKernel.wasm')));
    assert.strictEqual(kernel.name, 'wasm');
  });

  it('falls back to the JavaScript kernel without bytes or with bytes that are not a module', async () => {
    assert.strictEqual(await loadKernel(), jsKernel);
    assert.strictEqual(await loadKernel(new Uint8Array([0, 1, 2, 3])), jsKernel);
  });

  it('keeps a reused WebAssembly instance correct when a small call follows a large one', async () => {
    const kernel = await loadKernel(readFileSync(join(__dirname, '../../../dist/convKernel.wasm')));
    const ones = (shape: number[]) => ({ data: new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape });
    kernel.convTranspose(ones([1, 8, 40, 40]), ones([8, 8, 4, 4]), { stride: 2, padding: 1 });
    // PyTorch: conv_transpose1d(ones(1,1,3), ones(1,1,2), stride=1) = [1, 2, 2, 1].
    assert.deepStrictEqual(Array.from(kernel.convTranspose(ones([1, 1, 3]), ones([1, 1, 2])).data), [1, 2, 2, 1]);
  });
});

describe('kernel with very many phases', () => {
  for (const kernel of kernels) {
    it(`(${kernel.name}) runs a stride-200000 k1 transposed conv: inputs at multiples of the stride, gaps elsewhere`, () => {
      const x = { data: Float32Array.of(1, 2), shape: [1, 1, 2] };
      const y = kernel.convTranspose(x, { data: Float32Array.of(3), shape: [1, 1, 1] }, { stride: 200000 });
      // o = (i − 1)·s + k = 200001 (docs/frameworks/pytorch.md); only o = i·s is reached (k < s leaves gaps).
      assert.deepStrictEqual(y.shape, [1, 1, 200001]);
      const nonZero = Array.from(y.data.entries()).filter(([, v]) => v !== 0);
      assert.deepStrictEqual(nonZero, [
        [0, 3],
        [200000, 6],
      ]);
    });
  }
});
