import * as assert from 'assert';
import { Code, ShapeError, type DiagnosticCode } from '../../../src/core/diagnostics';
import type { ConvOptions, Tensor } from '../../../src/core/kernel';
import { kernels } from './kernels';

function tensor(shape: number[]): Tensor {
  return { data: new Float32Array(shape.reduce((a, b) => a * b, 1)), shape };
}

function assertShapeError(run: () => unknown, code: DiagnosticCode, message?: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof ShapeError, `expected a ShapeError, got ${String(error)}`);
    assert.strictEqual(error.code, code);
    if (message) assert.match(error.message, message);
    return true;
  });
}

for (const kernel of kernels) {
  const transposed = (x: number[], w: number[], opts?: ConvOptions) => () => kernel.convTranspose(tensor(x), tensor(w), opts);
  const forward = (x: number[], w: number[], opts?: ConvOptions) => () => kernel.conv(tensor(x), tensor(w), opts);

  describe(`kernel (${kernel.name}) argument errors`, () => {
    it('output-padding-too-large when op >= max(stride, dilation), with ATen wording', () => {
      assertShapeError(
        transposed([1, 2, 4, 4], [2, 3, 3, 3], { stride: 2, outputPadding: [0, 2] }),
        Code.outputPaddingTooLarge,
        /output padding must be smaller than either stride or dilation, but got output_padding_height: 0 output_padding_width: 2 stride_height: 2 stride_width: 2/,
      );
      assertShapeError(transposed([1, 2, 4], [2, 3, 3], { outputPadding: 1 }), Code.outputPaddingTooLarge);
      // op < d is allowed even with stride 1 (the ATen rule is op < max(s, d)).
      assert.deepStrictEqual(kernel.convTranspose(tensor([1, 2, 4]), tensor([2, 3, 3]), { dilation: 2, outputPadding: 1 }).shape, [1, 3, 9]);
    });

    it('invalid-parameter, before any work, for an output beyond 2^28 values (1 GiB of float32)', () => {
      // (2 − 1)·30000 + 1 = 30001 per axis: 30001² ≈ 9.0e8 values.
      assertShapeError(transposed([1, 1, 2, 2], [1, 1, 1, 1], { stride: 30000 }), Code.invalidParameter, /9\.00e\+8 values/);
      // Stride 16384: 16385² = 268,468,225 values, just over 2^28 = 268,435,456.
      assertShapeError(transposed([1, 1, 2, 2], [1, 1, 1, 1], { stride: 16384 }), Code.invalidParameter, /2\.68e\+8 values/);
    });

    it('output-too-small when a transposed output dimension drops below 1', () => {
      assertShapeError(
        transposed([1, 1, 1, 3], [1, 1, 1, 1], { padding: 1 }),
        Code.outputTooSmall,
        /Given input size per channel: \(1 x 3\)\. Calculated output size per channel: \(-1 x 1\)\. Output size is too small/,
      );
    });

    it('output-too-small when the kernel exceeds the padded input of a convolution', () => {
      assertShapeError(forward([1, 1, 2, 2], [1, 1, 3, 3]), Code.outputTooSmall, /Kernel size can't be greater than actual input size/);
      assertShapeError(forward([1, 1, 5], [1, 1, 3], { dilation: 3 }), Code.outputTooSmall);
    });

    it('output-size-unreachable outside [min, min + s - 1] (docs/frameworks/pytorch.md: i=6 k3 s2 p1 gives [11, 12])', () => {
      const opts = { stride: 2, padding: 1 };
      assert.deepStrictEqual(kernel.convTranspose(tensor([1, 1, 6]), tensor([1, 1, 3]), { ...opts, outputSize: [11] }).shape, [1, 1, 11]);
      assert.deepStrictEqual(kernel.convTranspose(tensor([1, 1, 6]), tensor([1, 1, 3]), { ...opts, outputSize: [1, 1, 12] }).shape, [1, 1, 12]);
      assertShapeError(
        transposed([1, 1, 6], [1, 1, 3], { ...opts, outputSize: [13] }),
        Code.outputSizeUnreachable,
        /requested an output size of \[13\], but valid sizes range from \[11\] to \[12\] \(for an input of \[6\]\)/,
      );
      assertShapeError(transposed([1, 1, 6], [1, 1, 3], { ...opts, outputSize: [10] }), Code.outputSizeUnreachable);
    });

    it('groups-mismatch when the weight does not divide into groups', () => {
      assertShapeError(
        transposed([1, 3, 4, 4], [3, 2, 3, 3], { groups: 2 }),
        Code.groupsMismatch,
        /Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size \[3, 2, 3, 3\] instead/,
      );
      assertShapeError(forward([1, 4, 5, 5], [3, 2, 3, 3], { groups: 2 }), Code.groupsMismatch);
    });

    it('channel-mismatch when input channels disagree with the weight', () => {
      assertShapeError(
        transposed([1, 3, 5, 5], [4, 2, 3, 3]),
        Code.channelMismatch,
        /Given transposed=1, groups=1, weight of size \[4, 2, 3, 3\], expected input\[1, 3, 5, 5\] to have 4 channels, but got 3 channels instead/,
      );
      assertShapeError(forward([1, 3, 5, 5], [8, 2, 3, 3], { groups: 2 }), Code.channelMismatch, /to have 4 channels, but got 3 channels/);
    });

    const invalidCases: [string, () => unknown, RegExp?][] = [
      ['a 2-D input', forward([2, 3], [1, 1, 1]), /Expected 3D, 4D or 5D/],
      ['a 6-D input', transposed([1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 1])],
      ['a weight rank that differs from the input', forward([1, 1, 4, 4], [1, 1, 3]), /Expected 3-dimensional input for 3-dimensional weight/],
      ['a zero dimension', forward([1, 0, 4], [1, 0, 3])],
      ['stride 0', transposed([1, 1, 4], [1, 1, 3], { stride: 0 }), /non-positive stride is not supported/],
      ['negative padding', forward([1, 1, 4], [1, 1, 3], { padding: -1 }), /negative padding is not supported/],
      ['dilation 0', forward([1, 1, 4], [1, 1, 3], { dilation: 0 }), /dilation should be greater than zero/],
      ['negative output padding', transposed([1, 1, 4], [1, 1, 3], { outputPadding: -1 })],
      ['a non-integer stride', transposed([1, 1, 4], [1, 1, 3], { stride: 1.5 })],
      ['a stride list of the wrong length', forward([1, 1, 4, 4], [1, 1, 3, 3], { stride: [1, 2, 3] }), /list of 2 values/],
      ['groups 0', forward([1, 2, 4], [2, 2, 3], { groups: 0 }), /non-positive groups/],
      ['a bias of the wrong length', transposed([1, 2, 4], [2, 3, 3], { bias: new Float32Array(2) }), /expected bias to be 1-dimensional with 3 elements/],
      ['output padding on a forward convolution', forward([1, 1, 4], [1, 1, 3], { outputPadding: 1 })],
      ['an output size of the wrong length', transposed([1, 1, 4, 4], [1, 1, 3, 3], { outputSize: [8, 8, 8] }), /output_size must have 2 or 4 elements \(got 3\)/],
      ['data shorter than the shape', () => kernel.conv({ data: new Float32Array(3), shape: [1, 1, 4] }, tensor([1, 1, 3]))],
    ];
    for (const [what, run, message] of invalidCases) {
      it(`invalid-parameter for ${what}`, () => assertShapeError(run, Code.invalidParameter, message));
    }
  });
}
