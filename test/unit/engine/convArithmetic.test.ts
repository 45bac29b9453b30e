import * as assert from 'node:assert/strict';
import {
  convOutputSize,
  effectiveKernelSize,
  endPaddingForOutput,
  outputSizeRange,
  samePaddingConv,
  splitPadding,
  strideOrDilationBound,
  transposedConvOutputSize,
  validConvOutputSize,
} from '../../../src/core/convArithmetic';
import { tfTransposedGeometry } from '../../../src/core/frameworks/common';
import { kerasTransposedOutputSize } from '../../../src/core/frameworks/keras';
import { onnxTransposedAutoPad, onnxTransposedPaddingForOutput } from '../../../src/core/frameworks/onnx';
import { pytorchSamePadding } from '../../../src/core/frameworks/pytorch';
import { tfTransposedOutputRange } from '../../../src/core/frameworks/tensorflow';
import { tfjsDeconvLength } from '../../../src/core/frameworks/tfjs';

// Expected values: docs/frameworks/README.md (Dumoulin & Visin table) and the framework pages' worked vectors.
describe('convArithmetic', () => {
  describe('Dumoulin & Visin relationships', () => {
    const forward: [string, number, number, number, number, number, number][] = [
      // rel, i, k, s, p, d, o
      ['1', 4, 3, 1, 0, 1, 2],
      ['2', 5, 4, 1, 2, 1, 6],
      ['3', 5, 3, 1, 1, 1, 5],
      ['4', 5, 3, 1, 2, 1, 7],
      ['5', 5, 3, 2, 0, 1, 2],
      ['6', 5, 3, 2, 1, 1, 3],
      ['6 (i=6)', 6, 3, 2, 1, 1, 3],
      ['7 (pooling)', 5, 3, 1, 0, 1, 3],
      ['15 (dilated)', 7, 3, 1, 0, 2, 3],
    ];
    for (const [rel, i, k, s, p, d, o] of forward) {
      it(`relationship ${rel}: i=${i} k=${k} s=${s} p=${p} d=${d} → ${o}`, () => {
        assert.equal(convOutputSize(i, k, s, p, p, d), o);
      });
    }
    const transposed: [string, number, number, number, number, number, number][] = [
      // rel, i', k, s, p, a (output padding), o'
      ['8', 2, 3, 1, 0, 0, 4],
      ['9', 6, 4, 1, 2, 0, 5],
      ['10', 5, 3, 1, 1, 0, 5],
      ['11', 7, 3, 1, 2, 0, 5],
      ['12', 2, 3, 2, 0, 0, 5],
      ['13', 3, 3, 2, 1, 0, 5],
      ['14', 3, 3, 2, 1, 1, 6],
    ];
    for (const [rel, i, k, s, p, a, o] of transposed) {
      it(`relationship ${rel}: i'=${i} k=${k} s=${s} p=${p} a=${a} → ${o}`, () => {
        assert.equal(transposedConvOutputSize(i, k, s, p, p, 1, a), o);
      });
    }
  });

  it('k_eff = d·(k−1) + 1', () => {
    assert.equal(effectiveKernelSize(3, 1), 3);
    assert.equal(effectiveKernelSize(3, 2), 5);
    assert.equal(effectiveKernelSize(1, 7), 1);
  });

  describe('PyTorch', () => {
    it('ConvTranspose2d k3 s2 p1: 6 → 11 (op 0) / 12 (op 1)', () => {
      assert.equal(transposedConvOutputSize(6, 3, 2, 1, 1, 1, 0), 11);
      assert.equal(transposedConvOutputSize(6, 3, 2, 1, 1, 1, 1), 12);
    });
    it('output_size range for i=6 k3 s2 p1 is [11, 12]', () => {
      assert.deepEqual(outputSizeRange(6, 3, 2, 1, 1, 1), [11, 12]);
    });
    it('dilation does not widen the output_size range', () => {
      const [min, max] = outputSizeRange(6, 3, 2, 1, 1, 3);
      assert.equal(max - min, 1);
    });
    it('ConvTranspose2d k4 s2 p1: 16 → 32', () => {
      assert.equal(transposedConvOutputSize(16, 4, 2, 1, 1, 1, 0), 32);
    });
    it('Conv2d k3 s2 p1 then ConvTranspose2d with output_size=input: 12 → 6 → 12', () => {
      assert.equal(convOutputSize(12, 3, 2, 1, 1, 1), 6);
      const [min, max] = outputSizeRange(6, 3, 2, 1, 1, 1);
      assert.ok(12 >= min && 12 <= max);
      // Relationship 14: a = (i + 2p − k) mod s = (12 + 2 − 3) mod 2 = 1 gives back 12.
      assert.equal(transposedConvOutputSize(6, 3, 2, 1, 1, 1, 1), 12);
    });
    it('Conv2d(k5 p2 s3) then ConvTranspose2d(k5 p2 s3): 16 → 6 → 16 since (16+4−5) mod 3 = 0', () => {
      assert.equal(convOutputSize(16, 5, 3, 2, 2, 1), 6);
      assert.equal(transposedConvOutputSize(6, 5, 3, 2, 2, 1, 0), 16);
    });
    it("padding='same' splits d·(k−1) with the odd element at the end", () => {
      assert.deepEqual(pytorchSamePadding(4, 1), { padBegin: 1, padEnd: 2 });
      assert.deepEqual(pytorchSamePadding(3, 2), { padBegin: 2, padEnd: 2 });
    });
    it('ceil_mode drops a last window that starts in the end padding', () => {
      // MaxPool2d(k2, s2), i=5: floor → 2, ceil → 3; with p=1, i=4: ceil would give 4 but the
      // last window starts at 6 ≥ i + p = 5, so 3.
      assert.equal(convOutputSize(5, 2, 2, 0, 0, 1, false), 2);
      assert.equal(convOutputSize(5, 2, 2, 0, 0, 1, true), 3);
      assert.equal(convOutputSize(4, 2, 2, 1, 1, 1, true), 3);
    });
  });

  describe('output_padding bounds', () => {
    // Keras's and ONNX's bound (op < s) is the stride itself, checked in frameworks.test.ts.
    it('PyTorch: op < max(s, d)', () => {
      assert.equal(strideOrDilationBound(2, 1), 2);
      assert.equal(strideOrDilationBound(1, 3), 3);
    });
  });

  describe('Keras / TF', () => {
    it("Conv2DTranspose 'same' k3 s2 on (2,3): op None → (4,6), op 0 → (3,5), op 1 → (4,6)", () => {
      assert.deepEqual([2, 3].map((i) => kerasTransposedOutputSize(i, 3, 2, 1, true, null)), [4, 6]);
      assert.deepEqual([2, 3].map((i) => kerasTransposedOutputSize(i, 3, 2, 1, true, 0)), [3, 5]);
      assert.deepEqual([2, 3].map((i) => kerasTransposedOutputSize(i, 3, 2, 1, true, 1)), [4, 6]);
    });
    it('i=5 k3 s2: valid 11, same 10, same op0 9, same op1 10', () => {
      assert.equal(kerasTransposedOutputSize(5, 3, 2, 1, false, null), 11);
      assert.equal(kerasTransposedOutputSize(5, 3, 2, 1, true, null), 10);
      assert.equal(kerasTransposedOutputSize(5, 3, 2, 1, true, 0), 9);
      assert.equal(kerasTransposedOutputSize(5, 3, 2, 1, true, 1), 10);
    });
    it("'valid' without op: o = i·s + max(k_eff − s, 0)", () => {
      assert.equal(kerasTransposedOutputSize(4, 1, 3, 1, false, null), 12);
      assert.equal(kerasTransposedOutputSize(4, 5, 2, 1, false, null), 11);
    });
    it("conv 'same': o = ceil(i/s), total padding max(0, (o−1)s + k_eff − i), extra at the end", () => {
      assert.deepEqual(samePaddingConv(5, 3, 2, 1), { output: 3, padBegin: 1, padEnd: 1 });
      assert.deepEqual(samePaddingConv(6, 3, 2, 1), { output: 3, padBegin: 0, padEnd: 1 });
      assert.deepEqual(samePaddingConv(6, 3, 2, 1, 'begin'), { output: 3, padBegin: 1, padEnd: 0 });
    });
    it("conv 'valid': o = ceil((i − k_eff + 1)/s)", () => {
      assert.equal(validConvOutputSize(5, 3, 2, 1), 2);
      assert.equal(validConvOutputSize(7, 3, 1, 2), 3);
    });
    it('tf.nn.conv2d_transpose output_shape ranges', () => {
      assert.deepEqual(tfTransposedOutputRange(6, 3, 2, 1, true), [11, 12]);
      assert.deepEqual(tfTransposedOutputRange(6, 3, 2, 1, false), [13, 14]);
    });
    it('TF geometry: SAME pads as the forward conv of the output; leftover positions are output padding', () => {
      // o = 12 from i = 6, k3 s2 SAME: total = max(0, 5·2 + 3 − 12) = 1 → (0, 1).
      assert.deepEqual(tfTransposedGeometry(6, 12, 3, 2, 1, true), { padBegin: 0, padEnd: 1, outputPadding: 0 });
      // k=1 s=2 'valid' TF.js: o = 2i, but (i−1)s + 1 = 2i − 1 → one output padding.
      assert.deepEqual(tfTransposedGeometry(4, 8, 1, 2, 1, false), { padBegin: 0, padEnd: 0, outputPadding: 1 });
    });
    it('endPaddingForOutput', () => {
      assert.deepEqual(endPaddingForOutput(13, 12), { padEnd: 1, outputPadding: 0 });
      assert.deepEqual(endPaddingForOutput(11, 12), { padEnd: 0, outputPadding: 1 });
    });
  });

  describe('TF.js deconvLength', () => {
    it('ACGAN generator: k5 s1 valid, k5 s2 same, k5 s2 same: 3 → 7 → 14 → 28', () => {
      const a = tfjsDeconvLength(3, 5, 1, false);
      const b = tfjsDeconvLength(a, 5, 2, true);
      const c = tfjsDeconvLength(b, 5, 2, true);
      assert.deepEqual([a, b, c], [7, 14, 28]);
    });
  });

  describe('ONNX', () => {
    it('ConvTranspose SAME_UPPER i3 k3 s2 → 6 with pads (0, 1)', () => {
      const pads = onnxTransposedAutoPad(3, 2, 1, 'end');
      assert.deepEqual(pads, { padBegin: 0, padEnd: 1 });
      assert.equal(transposedConvOutputSize(3, 3, 2, pads.padBegin, pads.padEnd, 1, 0), 6);
    });
    it('NOTSET with zero pads → 7', () => {
      assert.equal(transposedConvOutputSize(3, 3, 2, 0, 0, 1, 0), 7);
    });
    it('SAME with k_eff < s: inference total pad 0, so k=1 s=2 gives 2i − 1 (text: 2i)', () => {
      const pads = onnxTransposedAutoPad(1, 2, 1, 'end');
      assert.deepEqual(pads, { padBegin: 0, padEnd: 0 });
      assert.equal(transposedConvOutputSize(5, 1, 2, 0, 0, 1, 0), 9);
    });
    it('SAME_LOWER puts the odd element first', () => {
      assert.deepEqual(onnxTransposedAutoPad(4, 1, 1, 'begin'), { padBegin: 2, padEnd: 1 });
    });
    it('output_shape: total = s(i−1) + op + k_eff − o; SAME_UPPER smaller half first, else larger first', () => {
      assert.deepEqual(onnxTransposedPaddingForOutput(3, 6, 3, 2, 1, 0, true), { total: 1, padBegin: 0, padEnd: 1 });
      assert.deepEqual(onnxTransposedPaddingForOutput(3, 6, 3, 2, 1, 0, false), { total: 1, padBegin: 1, padEnd: 0 });
      assert.equal(onnxTransposedPaddingForOutput(3, 8, 3, 2, 1, 0, false).total, -1);
    });
    it('splitPadding', () => {
      assert.deepEqual(splitPadding(3, 'end'), { padBegin: 1, padEnd: 2 });
      assert.deepEqual(splitPadding(3, 'begin'), { padBegin: 2, padEnd: 1 });
    });
  });
});
