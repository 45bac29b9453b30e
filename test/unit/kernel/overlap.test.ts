import * as assert from 'assert';
import { Code, ShapeError } from '../../../src/core/diagnostics';
import { estimateBytes, overlapCount, type TransposedGeometryOptions } from '../../../src/core/kernel';
import fixtures from '../../fixtures/kernel/kernel_cases.json';

interface OverlapFixture {
  input: number[];
  options: TransposedGeometryOptions;
  shape: number[];
  counts: number[];
}

/** Distinct counts of the interior, where every tap can land (the unevenness docs/frameworks/README.md names). */
function interiorCounts(input: number, kernel: number, stride: number): number[] {
  const { perAxis } = overlapCount([input], { kernel, stride });
  return [...new Set(perAxis[0].subarray(kernel, perAxis[0].length - kernel))].sort();
}

describe('overlapCount', () => {
  for (const c of fixtures.overlaps as OverlapFixture[]) {
    it(`matches conv_transpose(ones, ones) for input ${c.input.join('x')} ${JSON.stringify(c.options)}`, () => {
      const map = overlapCount(c.input, c.options);
      assert.deepStrictEqual(map.shape, c.shape);
      assert.deepStrictEqual(Array.from(map.data), c.counts);
    });
  }

  it('shows uneven overlap for k3 s2 (2x in 1-D, 4x in 2-D) and even overlap for k4 s2', () => {
    assert.deepStrictEqual(interiorCounts(16, 3, 2), [1, 2]);
    assert.deepStrictEqual(interiorCounts(16, 4, 2), [2]);
    const map = overlapCount([8, 8], { kernel: 3, stride: 2 });
    const interior = Array.from(map.data).filter((_, i) => {
      const [y, x] = [Math.floor(i / map.shape[1]), i % map.shape[1]];
      return y >= 3 && x >= 3 && y < map.shape[0] - 3 && x < map.shape[1] - 3;
    });
    assert.strictEqual(Math.max(...interior) / Math.min(...interior), 4);
  });

  it('leaves gaps (zero counts) when k < s', () => {
    assert.deepStrictEqual(Array.from(overlapCount([3], { kernel: 1, stride: 2 }).data), [1, 0, 1, 0, 1]);
  });

  it('rejects invalid geometry with the convolution codes', () => {
    assert.throws(
      () => overlapCount([4], { kernel: 3, stride: 2, outputPadding: 2 }),
      (error: unknown) => error instanceof ShapeError && error.code === Code.outputPaddingTooLarge,
    );
  });
});

describe('estimateBytes', () => {
  it('counts at least the output tensor (docs/frameworks/pytorch.md: k4 s2 p1 maps 16 to 32)', () => {
    const bytes = estimateBytes('convTranspose', [1, 8, 16, 16], [8, 4, 4, 4], { stride: 2, padding: 1 });
    assert.ok(bytes >= 4 * 4 * 32 * 32, `${bytes}`);
  });

  it('grows with the batch by at least the extra outputs, and with the output size', () => {
    const opts = { stride: 2, padding: 1 };
    const one = estimateBytes('convTranspose', [1, 8, 64, 64], [8, 8, 4, 4], opts);
    const four = estimateBytes('convTranspose', [4, 8, 64, 64], [8, 8, 4, 4], opts);
    // k4 s2 p1 maps 64 to 128: each extra batch item adds an 8×128×128 float32 output.
    assert.ok(four - one >= 3 * 4 * 8 * 128 * 128, `${four} vs ${one}`);
    const wider = estimateBytes('convTranspose', [1, 8, 64, 64], [8, 8, 4, 4], { ...opts, stride: 4 });
    assert.ok(wider > 3 * one, `${wider} vs ${one}`);
    assert.ok(estimateBytes('conv', [1, 8, 64, 64], [8, 8, 3, 3], { stride: 2 }) < one);
  });

  it('validates like the call itself', () => {
    assert.throws(
      () => estimateBytes('conv', [1, 3, 8, 8], [4, 2, 3, 3]),
      (error: unknown) => error instanceof ShapeError && error.code === Code.channelMismatch,
    );
  });
});
