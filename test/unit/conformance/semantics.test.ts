/**
 * Every rule of docs/frameworks/ as a test. Expected values are written literally from docs/frameworks/
 * (and, where marked, from the frameworks' published examples), never computed by the engine.
 */
import * as assert from 'assert';
import type { Diagnostic, DiagnosticCode } from '../../../src/core/diagnostics';
import { reportShape, type ReportDim } from '../../../src/core/dims';
import { analyze } from '../engine/engineSupport';
import { sliceOf } from '../formats/textEdits';
import type { ModelSpec } from '../support/modelSpec';

function describeDiagnostics(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.code}: ${d.message}`).join(' | ') || 'none';
}

/** Asserts each layer's output shape, in order, and that no error is reported. */
async function expectOutputs(spec: ModelSpec, expected: ReportDim[][]): ReturnType<typeof analyze> {
  const result = await analyze(spec);
  const diagnostics = describeDiagnostics(result.diagnostics);
  assert.deepStrictEqual(
    result.model.layers.map((layer) => reportShape(layer.output)),
    expected,
    `layer outputs (diagnostics: ${diagnostics})`,
  );
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  assert.deepStrictEqual(errors.map((d) => d.code), [], `no error expected (diagnostics: ${diagnostics})`);
  return result;
}

/**
 * Asserts a diagnostic with `code` on the last layer (or `layer`), at the entry of `param`
 * when given (SPEC §2: at the range of the offending parameter), else inside the layer.
 */
async function expectDiagnostic(
  spec: ModelSpec,
  code: DiagnosticCode,
  where: { param?: string; layer?: number } = {},
): Promise<void> {
  const { source, text, diagnostics } = await analyze(spec);
  const layer = source.layers[where.layer ?? source.layers.length - 1];
  const entry = where.param === undefined ? undefined : layer.params.find((p) => p.key === where.param);
  if (where.param !== undefined) assert.ok(entry, `test setup: layer has no ${where.param}`);
  const range = entry ? { start: entry.keySpan.start, end: entry.value.span.end } : layer.span;
  const found = diagnostics.filter(
    (d) => d.code === code && d.span.start >= range.start && d.span.end <= range.end,
  );
  const place = entry ? `on "${sliceOf(text, range)}"` : 'inside the layer';
  assert.ok(found.length > 0, `expected ${code} ${place}; got ${describeDiagnostics(diagnostics)}`);
}

/** The transposed-conv geometry of layer `index` (for pads chosen by the framework). */
async function geometryOf(spec: ModelSpec, index = 0) {
  const { model } = await analyze(spec);
  const geometry = model.layers[index]?.transposedConv;
  assert.ok(geometry, 'layer has no transposed-conv geometry');
  return geometry;
}

/** A PyTorch model on a square single-channel image of side `i` (NCHW, batch 1). */
function torch2d(i: number, layers: ModelSpec['layers']): ModelSpec {
  return { framework: 'pytorch', input: [1, 1, i, i], layers };
}

const conv2d = (params: Record<string, number | number[] | string>) => ({
  type: 'Conv2d',
  in_channels: 1,
  out_channels: 1,
  ...params,
});
const convT2d = (params: Record<string, number | number[] | string>) => ({
  type: 'ConvTranspose2d',
  in_channels: 1,
  out_channels: 1,
  ...params,
});

describe('docs/frameworks/README.md: Dumoulin & Visin relationships (as PyTorch layers)', () => {
  const cases: [string, number, ModelSpec['layers'][number], number][] = [
    ['1: s=1, p=0, o = i - k + 1', 4, conv2d({ kernel_size: 3 }), 2],
    ['2: s=1, o = i - k + 2p + 1', 5, conv2d({ kernel_size: 4, padding: 2 }), 6],
    ['3: half padding, o = i', 5, conv2d({ kernel_size: 3, padding: 1 }), 5],
    ['4: full padding, o = i + k - 1', 5, conv2d({ kernel_size: 3, padding: 2 }), 7],
    ['5: p=0, o = floor((i-k)/s) + 1', 5, conv2d({ kernel_size: 3, stride: 2 }), 2],
    ['6: o = floor((i+2p-k)/s) + 1', 5, conv2d({ kernel_size: 3, stride: 2, padding: 1 }), 3],
    ['6: i=6 gives the same output', 6, conv2d({ kernel_size: 3, stride: 2, padding: 1 }), 3],
    ['7: max pooling', 5, { type: 'MaxPool2d', kernel_size: 3, stride: 1 }, 3],
    ['7: average pooling', 5, { type: 'AvgPool2d', kernel_size: 3, stride: 1 }, 3],
    ["8: transpose of 1, o' = i' + k - 1", 2, convT2d({ kernel_size: 3 }), 4],
    ["9: transpose of 2, o' = i' + k - 1 - 2p", 6, convT2d({ kernel_size: 4, padding: 2 }), 5],
    ["10: transpose of 3, o' = i'", 5, convT2d({ kernel_size: 3, padding: 1 }), 5],
    ["11: transpose of 4, o' = i' - (k - 1)", 7, convT2d({ kernel_size: 3, padding: 2 }), 5],
    ["12: o' = s(i'-1) + k", 2, convT2d({ kernel_size: 3, stride: 2 }), 5],
    ["13: o' = s(i'-1) + k - 2p", 3, convT2d({ kernel_size: 3, stride: 2, padding: 1 }), 5],
    ["14: o' = s(i'-1) + a + k - 2p, a = 1", 3, convT2d({ kernel_size: 3, stride: 2, padding: 1, output_padding: 1 }), 6],
    ['15: dilated, o = floor((i + 2p - k - (k-1)(d-1))/s) + 1', 7, conv2d({ kernel_size: 3, dilation: 2 }), 3],
  ];
  for (const [title, i, layer, o] of cases) {
    it(`relationship ${title}: ${i} -> ${o}`, async () => await expectOutputs(torch2d(i, [layer]), [[1, 1, o, o]]));
  }

  it('relationship 14 inverts a convolution exactly with a = (i + 2p - k) mod s: 6 -> 3 -> 6', async () => {
    await expectOutputs(
      torch2d(6, [
        conv2d({ kernel_size: 3, stride: 2, padding: 1 }),
        convT2d({ kernel_size: 3, stride: 2, padding: 1, output_padding: 1 }),
      ]),
      [
        [1, 1, 3, 3],
        [1, 1, 6, 6],
      ],
    );
  });
});

describe('docs/frameworks/pytorch.md', () => {
  describe('worked vectors', () => {
    it('ConvTranspose2d k3 s2 p1, output_padding 0: 6 -> 11', async () =>
      await expectOutputs(torch2d(6, [convT2d({ kernel_size: 3, stride: 2, padding: 1, output_padding: 0 })]), [[1, 1, 11, 11]]));
    it('ConvTranspose2d k3 s2 p1, output_padding 1: 6 -> 12', async () =>
      await expectOutputs(torch2d(6, [convT2d({ kernel_size: 3, stride: 2, padding: 1, output_padding: 1 })]), [[1, 1, 12, 12]]));
    it('ConvTranspose2d k3 s2 p1 from 6: output_size range [11, 12], valid output_padding 0..1', async () => {
      const { model } = await analyze(torch2d(6, [convT2d({ kernel_size: 3, stride: 2, padding: 1 })]));
      const axes = model.layers[0].axes;
      assert.ok(axes && axes.length === 2, 'one explanation per spatial axis');
      for (const axis of axes) {
        assert.deepStrictEqual(axis.reachableOutput, [11, 12]);
        assert.deepStrictEqual(axis.validOutputPadding, [0, 1]);
      }
    });
    for (const size of [11, 12]) {
      it(`ConvTranspose2d k3 s2 p1 from 6 with output_size [${size}, ${size}] -> ${size}`, async () =>
        await expectOutputs(torch2d(6, [convT2d({ kernel_size: 3, stride: 2, padding: 1, output_size: [size, size] })]), [
          [1, 1, size, size],
        ]));
    }
    for (const size of [10, 13]) {
      it(`ConvTranspose2d k3 s2 p1 from 6 with output_size [${size}, ${size}] is unreachable`, async () =>
        await expectDiagnostic(
          torch2d(6, [convT2d({ kernel_size: 3, stride: 2, padding: 1, output_size: [size, size] })]),
          'output-size-unreachable',
          { param: 'output_size' },
        ));
    }
    it('Conv2d k3 s2 p1 then ConvTranspose2d k3 s2 p1 with output_size = input: 12 -> 6 -> 12', async () =>
      await expectOutputs(
        torch2d(12, [
          conv2d({ kernel_size: 3, stride: 2, padding: 1 }),
          convT2d({ kernel_size: 3, stride: 2, padding: 1, output_size: [12, 12] }),
        ]),
        [
          [1, 1, 6, 6],
          [1, 1, 12, 12],
        ],
      ));
    it('the same round trip with output_size given as the full shape', async () =>
      await expectOutputs(
        torch2d(12, [
          conv2d({ kernel_size: 3, stride: 2, padding: 1 }),
          convT2d({ kernel_size: 3, stride: 2, padding: 1, output_size: [1, 1, 12, 12] }),
        ]),
        [
          [1, 1, 6, 6],
          [1, 1, 12, 12],
        ],
      ));
    it('the same round trip without output_size gives 11, and expecting 12 is an output_padding mismatch', async () => {
      await expectOutputs(
        torch2d(12, [conv2d({ kernel_size: 3, stride: 2, padding: 1 }), convT2d({ kernel_size: 3, stride: 2, padding: 1 })]),
        [
          [1, 1, 6, 6],
          [1, 1, 11, 11],
        ],
      );
      await expectDiagnostic(
        torch2d(12, [
          conv2d({ kernel_size: 3, stride: 2, padding: 1 }),
          { ...convT2d({ kernel_size: 3, stride: 2, padding: 1 }), expect: [1, 1, 12, 12] },
        ]),
        'output-padding-mismatch',
      );
    });
    it('ConvTranspose2d k4 s2 p1: 16 -> 32', async () =>
      await expectOutputs(torch2d(16, [convT2d({ kernel_size: 4, stride: 2, padding: 1 })]), [[1, 1, 32, 32]]));
    it('Conv2d(k5 p2 s3) then ConvTranspose2d(k5 p2 s3): 16 -> 6 -> 16', async () =>
      await expectOutputs(
        torch2d(16, [
          conv2d({ kernel_size: 5, padding: 2, stride: 3 }),
          convT2d({ kernel_size: 5, padding: 2, stride: 3 }),
        ]),
        [
          [1, 1, 6, 6],
          [1, 1, 16, 16],
        ],
      ));
  });

  describe('convolution rules', () => {
    it("padding 'same' keeps the size, odd total split with the extra at the end (k4: 5 -> 5)", async () =>
      await expectOutputs(torch2d(5, [conv2d({ kernel_size: 4, padding: 'same' })]), [[1, 1, 5, 5]]));
    it("padding 'same' with dilation (k3 d2: 5 -> 5)", async () =>
      await expectOutputs(torch2d(5, [conv2d({ kernel_size: 3, dilation: 2, padding: 'same' })]), [[1, 1, 5, 5]]));
    it("padding 'valid' is p = 0 (k3: 5 -> 3)", async () =>
      await expectOutputs(torch2d(5, [conv2d({ kernel_size: 3, padding: 'valid' })]), [[1, 1, 3, 3]]));
    it('per-axis tuples apply per axis (k [3, 1], s [2, 1], p [1, 0]: (7, 4) -> (4, 4))', async () =>
      await expectOutputs(
        { framework: 'pytorch', input: [1, 1, 7, 4], layers: [conv2d({ kernel_size: [3, 1], stride: [2, 1], padding: [1, 0] })] },
        [[1, 1, 4, 4]],
      ));
    it("padding 'same' on a strided convolution is refused", async () =>
      await expectDiagnostic(torch2d(8, [conv2d({ kernel_size: 3, stride: 2, padding: 'same' })]), 'unsupported-combination'));
    it('in_channels and out_channels must be divisible by groups', async () => {
      await expectDiagnostic(
        { framework: 'pytorch', input: [1, 3, 8, 8], layers: [{ type: 'Conv2d', in_channels: 3, out_channels: 4, kernel_size: 3, groups: 2 }] },
        'groups-mismatch',
      );
      await expectDiagnostic(
        { framework: 'pytorch', input: [1, 4, 8, 8], layers: [{ type: 'Conv2d', in_channels: 4, out_channels: 3, kernel_size: 3, groups: 2 }] },
        'groups-mismatch',
      );
    });
    it('a kernel larger than the padded input leaves no output (k5 on 3)', async () =>
      await expectDiagnostic(torch2d(3, [conv2d({ kernel_size: 5 })]), 'output-too-small'));
    it('weight (out, in/groups, *k) plus bias: Conv2d 4 -> 6, k3, groups 2 has 6*2*9 + 6 = 114 parameters', async () => {
      const { model } = await analyze({
        framework: 'pytorch',
        input: [1, 4, 8, 8],
        layers: [{ type: 'Conv2d', in_channels: 4, out_channels: 6, kernel_size: 3, groups: 2 }],
      });
      assert.strictEqual(model.layers[0].params, 114);
    });
  });

  describe('transposed convolution rules', () => {
    it('weight (in, out/groups, *k) without bias: ConvTranspose2d 4 -> 6, k3, groups 2 has 4*3*9 = 108 parameters', async () => {
      const { model } = await analyze({
        framework: 'pytorch',
        input: [1, 4, 8, 8],
        layers: [{ type: 'ConvTranspose2d', in_channels: 4, out_channels: 6, kernel_size: 3, groups: 2, bias: false }],
      });
      assert.strictEqual(model.layers[0].params, 108);
    });
    it('output_padding < max(s, d): s1 d2 op1 is valid (5 -> 4 + 5 + 1 = 10)', async () =>
      await expectOutputs(torch2d(5, [convT2d({ kernel_size: 3, dilation: 2, output_padding: 1 })]), [[1, 1, 10, 10]]));
    it('output_padding = stride with dilation 1 is too large (s2 op2)', async () =>
      await expectDiagnostic(torch2d(5, [convT2d({ kernel_size: 3, stride: 2, output_padding: 2 })]), 'output-padding-too-large', {
        param: 'output_padding',
      }));
    it('a computed size below 1 is output-too-small (k1 p1 on 1: -1)', async () =>
      await expectDiagnostic(torch2d(1, [convT2d({ kernel_size: 1, padding: 1 })]), 'output-too-small'));
    it("padding 'same' / 'valid' are refused on transposed convolutions", async () => {
      await expectDiagnostic(torch2d(5, [convT2d({ kernel_size: 3, padding: 'same' })]), 'unsupported-combination');
      await expectDiagnostic(torch2d(5, [convT2d({ kernel_size: 3, padding: 'valid' })]), 'unsupported-combination');
    });
    it("padding_mode other than 'zeros' is refused", async () =>
      await expectDiagnostic(torch2d(5, [convT2d({ kernel_size: 3, padding_mode: 'reflect' })]), 'unsupported-combination'));
    it('output_size overrides the constructor output_padding (op 5 ignored, output_size 12 from 6)', async () =>
      await expectOutputs(
        torch2d(6, [convT2d({ kernel_size: 3, stride: 2, padding: 1, output_padding: 5, output_size: [12, 12] })]),
        [[1, 1, 12, 12]],
      ));
    it('dilation does not widen the output_size range (k3 s1 d3 from 5: only 11)', async () => {
      await expectOutputs(torch2d(5, [convT2d({ kernel_size: 3, dilation: 3, output_size: [11, 11] })]), [[1, 1, 11, 11]]);
      await expectDiagnostic(torch2d(5, [convT2d({ kernel_size: 3, dilation: 3, output_size: [12, 12] })]), 'output-size-unreachable', {
        param: 'output_size',
      });
    });
  });

  describe('1-D and 3-D variants', () => {
    it('ConvTranspose1d k3 s2 p1 op1: 6 -> 12', async () =>
      await expectOutputs(
        {
          framework: 'pytorch',
          input: [1, 2, 6],
          layers: [{ type: 'ConvTranspose1d', in_channels: 2, out_channels: 3, kernel_size: 3, stride: 2, padding: 1, output_padding: 1 }],
        },
        [[1, 3, 12]],
      ));
    it("Conv1d 'same' k4: 5 -> 5", async () =>
      await expectOutputs(
        { framework: 'pytorch', input: [1, 2, 5], layers: [{ type: 'Conv1d', in_channels: 2, out_channels: 2, kernel_size: 4, padding: 'same' }] },
        [[1, 2, 5]],
      ));
    it('ConvTranspose3d k4 s2 p1: (16, 8, 4) -> (32, 16, 8)', async () =>
      await expectOutputs(
        {
          framework: 'pytorch',
          input: [1, 2, 16, 8, 4],
          layers: [{ type: 'ConvTranspose3d', in_channels: 2, out_channels: 1, kernel_size: 4, stride: 2, padding: 1 }],
        },
        [[1, 1, 32, 16, 8]],
      ));
    it('Conv3d k3 s2 p1: (5, 6, 7) -> (3, 3, 4)', async () =>
      await expectOutputs(
        {
          framework: 'pytorch',
          input: [1, 2, 5, 6, 7],
          layers: [{ type: 'Conv3d', in_channels: 2, out_channels: 4, kernel_size: 3, stride: 2, padding: 1 }],
        },
        [[1, 4, 3, 3, 4]],
      ));
  });
});

/** A Keras model on an NHWC input. */
function keras(input: ReportDim[], layers: ModelSpec['layers']): ModelSpec {
  return { framework: 'keras', input, layers };
}

const kerasT2d = (params: Record<string, number | number[] | string | null>) => ({
  type: 'Conv2DTranspose',
  filters: 1,
  ...params,
});

describe('docs/frameworks/keras.md', () => {
  describe("worked vectors: Conv2DTranspose 'same' k3 s2 on (2, 3)", () => {
    const cases: [string, number | undefined, ReportDim[]][] = [
      ['output_padding None (null)', undefined, [1, 4, 6, 1]],
      ['output_padding 0', 0, [1, 3, 5, 1]],
      ['output_padding 1', 1, [1, 4, 6, 1]],
    ];
    for (const [title, op, expected] of cases) {
      it(`${title} -> (${expected[1]}, ${expected[2]})`, async () =>
        await expectOutputs(
          keras([1, 2, 3, 1], [kerasT2d({ kernel_size: 3, strides: 2, padding: 'same', output_padding: op ?? null })]),
          [expected],
        ));
    }
    it('output_padding absent -> (4, 6)', async () =>
      await expectOutputs(keras([1, 2, 3, 1], [kerasT2d({ kernel_size: 3, strides: 2, padding: 'same' })]), [[1, 4, 6, 1]]));
  });

  describe('worked vectors: i=5 k3 s2', () => {
    const cases: [string, Record<string, string | number>, number][] = [
      ['valid', { padding: 'valid' }, 11],
      ['same', { padding: 'same' }, 10],
      ['same, output_padding 0', { padding: 'same', output_padding: 0 }, 9],
      ['same, output_padding 1', { padding: 'same', output_padding: 1 }, 10],
    ];
    for (const [title, params, o] of cases) {
      it(`${title} -> ${o}`, async () =>
        await expectOutputs(keras([1, 5, 5, 1], [kerasT2d({ kernel_size: 3, strides: 2, ...params })]), [[1, o, o, 1]]));
    }
  });

  describe('transposed convolution rules', () => {
    it("'valid' without output_padding: o = i*s + max(k_eff - s, 0) (k1 s3 on 5 -> 15)", async () =>
      await expectOutputs(keras([1, 5, 5, 1], [kerasT2d({ kernel_size: 1, strides: 3, padding: 'valid' })]), [[1, 15, 15, 1]]));
    it("'valid' with dilation: o = (i-1)*s + k_eff (k3 d2 s1 on 5 -> 9)", async () =>
      await expectOutputs(keras([1, 5, 5, 1], [kerasT2d({ kernel_size: 3, dilation_rate: 2, padding: 'valid' })]), [[1, 9, 9, 1]]));
    it("'same' with output_padding: o = (i-1)*s + (k_eff mod 2) + op (k4 s2 op1 on 5 -> 9)", async () =>
      await expectOutputs(
        keras([1, 5, 5, 1], [kerasT2d({ kernel_size: 4, strides: 2, padding: 'same', output_padding: 1 })]),
        [[1, 9, 9, 1]],
      ));
    it('output_padding must be < strides (s2 op2)', async () =>
      await expectDiagnostic(
        keras([1, 5, 5, 1], [kerasT2d({ kernel_size: 3, strides: 2, output_padding: 2 })]),
        'output-padding-too-large',
        { param: 'output_padding' },
      ));
    it('the Keras bound ignores dilation (s1 d2 op1 is too large, unlike PyTorch)', async () =>
      await expectDiagnostic(
        keras([1, 5, 5, 1], [kerasT2d({ kernel_size: 3, dilation_rate: 2, output_padding: 1 })]),
        'output-padding-too-large',
        { param: 'output_padding' },
      ));
    it('strides > 1 together with dilation_rate > 1 is refused', async () =>
      await expectDiagnostic(keras([1, 5, 5, 1], [kerasT2d({ kernel_size: 3, strides: 2, dilation_rate: 2 })]), 'unsupported-combination'));
    it('filters must be > 0', async () =>
      await expectDiagnostic(keras([1, 5, 5, 1], [kerasT2d({ kernel_size: 3, filters: 0 })]), 'invalid-parameter', { param: 'filters' }));
    it('kernel_size and strides may not hold a zero', async () => {
      await expectDiagnostic(keras([1, 5, 5, 1], [kerasT2d({ kernel_size: [3, 0] })]), 'invalid-parameter', { param: 'kernel_size' });
      await expectDiagnostic(keras([1, 5, 5, 1], [kerasT2d({ kernel_size: 3, strides: [0, 1] })]), 'invalid-parameter', { param: 'strides' });
    });
    it("data_format 'channels_first' (NCHW): (2, 5, 5) 'same' s2 -> (3, 10, 10)", async () =>
      await expectOutputs(
        keras([1, 2, 5, 5], [kerasT2d({ filters: 3, kernel_size: 3, strides: 2, padding: 'same', data_format: 'channels_first' })]),
        [[1, 3, 10, 10]],
      ));
  });

  describe('convolution rules', () => {
    it("'valid': o = ceil((i - k_eff + 1)/s) (k3 s2 on 7 -> 3)", async () =>
      await expectOutputs(keras([1, 7, 7, 1], [{ type: 'Conv2D', filters: 4, kernel_size: 3, strides: 2, padding: 'valid' }]), [[1, 3, 3, 4]]));
    it("'same': o = ceil(i/s) (k3 s2 on 7 -> 4)", async () =>
      await expectOutputs(keras([1, 7, 7, 1], [{ type: 'Conv2D', filters: 4, kernel_size: 3, strides: 2, padding: 'same' }]), [[1, 4, 4, 4]]));
  });

  describe('1-D and 3-D variants', () => {
    it("Conv1DTranspose 'same' k3 s2: 5 -> 10", async () =>
      await expectOutputs(keras([1, 5, 2], [{ type: 'Conv1DTranspose', filters: 3, kernel_size: 3, strides: 2, padding: 'same' }]), [[1, 10, 3]]));
    it("Conv3DTranspose 'valid' k3 s2: (2, 3, 4) -> (5, 7, 9)", async () =>
      await expectOutputs(
        keras([1, 2, 3, 4, 1], [{ type: 'Conv3DTranspose', filters: 2, kernel_size: 3, strides: 2, padding: 'valid' }]),
        [[1, 5, 7, 9, 2]],
      ));
  });
});

describe('docs/frameworks/tensorflow.md: conv2d_transpose', () => {
  /** in=4 channels, out=8; NHWC input of side i. */
  const tfT = (i: number, params: Record<string, number | number[] | string>): ModelSpec => ({
    framework: 'tensorflow',
    input: [1, i, i, 4],
    layers: [{ type: 'conv2d_transpose', filter_shape: [3, 3, 8, 4], ...params }],
  });

  for (const o of [7, 8]) {
    it(`'SAME' s2 from 4: output_shape ${o} is in [(i-1)*s + 1, i*s] = [7, 8]`, async () =>
      await expectOutputs(tfT(4, { strides: 2, padding: 'SAME', output_shape: [1, o, o, 8] }), [[1, o, o, 8]]));
  }
  for (const o of [6, 9]) {
    it(`'SAME' s2 from 4: output_shape ${o} does not convolve back to 4`, async () =>
      await expectDiagnostic(tfT(4, { strides: 2, padding: 'SAME', output_shape: [1, o, o, 8] }), 'output-size-unreachable', {
        param: 'output_shape',
      }));
  }
  for (const o of [9, 10]) {
    it(`'VALID' k3 s2 from 4: output_shape ${o} is in [(i-1)*s + k_eff, + s - 1] = [9, 10]`, async () =>
      await expectOutputs(tfT(4, { strides: 2, padding: 'VALID', output_shape: [1, o, o, 8] }), [[1, o, o, 8]]));
  }
  for (const o of [8, 11]) {
    it(`'VALID' k3 s2 from 4: output_shape ${o} does not convolve back to 4`, async () =>
      await expectDiagnostic(tfT(4, { strides: 2, padding: 'VALID', output_shape: [1, o, o, 8] }), 'output-size-unreachable', {
        param: 'output_shape',
      }));
  }
  it("'VALID' k3 d2 s1 from 4: only 8 (k_eff 5) convolves back", async () => {
    await expectOutputs(tfT(4, { strides: 1, dilations: 2, padding: 'VALID', output_shape: [1, 8, 8, 8] }), [[1, 8, 8, 8]]);
    await expectDiagnostic(tfT(4, { strides: 1, dilations: 2, padding: 'VALID', output_shape: [1, 9, 9, 8] }), 'output-size-unreachable', {
      param: 'output_shape',
    });
  });
  it("conv3d_transpose 'SAME' s2: (2, 3, 4) -> output_shape (4, 6, 8)", async () =>
    await expectOutputs(
      {
        framework: 'tensorflow',
        input: [1, 2, 3, 4, 4],
        layers: [{ type: 'conv3d_transpose', filter_shape: [3, 3, 3, 8, 4], strides: 2, padding: 'SAME', output_shape: [1, 4, 6, 8, 8] }],
      },
      [[1, 4, 6, 8, 8]],
    ));
});

describe('docs/frameworks/tfjs.md', () => {
  const tfjs = (input: ReportDim[], layers: ModelSpec['layers']): ModelSpec => ({ framework: 'tfjs', input, layers });

  it('worked vector: ACGAN generator k5 s1 valid, k5 s2 same, k5 s2 same: 3 -> 7 -> 14 -> 28', async () =>
    await expectOutputs(
      tfjs(
        ['N', 3, 3, 384],
        [
          { type: 'conv2dTranspose', filters: 192, kernelSize: 5, strides: 1, padding: 'valid' },
          { type: 'conv2dTranspose', filters: 96, kernelSize: 5, strides: 2, padding: 'same' },
          { type: 'conv2dTranspose', filters: 1, kernelSize: 5, strides: 2, padding: 'same' },
        ],
      ),
      [
        ['N', 7, 7, 192],
        ['N', 14, 14, 96],
        ['N', 28, 28, 1],
      ],
    ));
  it("'valid' deconvLength: o = i*s + max(k - s, 0) (k1 s2 on 5 -> 10; k5 s2 on 7 -> 17)", async () => {
    await expectOutputs(tfjs(['N', 5, 5, 1], [{ type: 'conv2dTranspose', filters: 1, kernelSize: 1, strides: 2, padding: 'valid' }]), [
      ['N', 10, 10, 1],
    ]);
    await expectOutputs(tfjs(['N', 7, 7, 1], [{ type: 'conv2dTranspose', filters: 1, kernelSize: 5, strides: 2, padding: 'valid' }]), [
      ['N', 17, 17, 1],
    ]);
  });
  it('dilationRate is ignored by transposed layers (k3 s1 valid d2 on 5 -> 7, not 9)', async () =>
    await expectOutputs(
      tfjs(['N', 5, 5, 1], [{ type: 'conv2dTranspose', filters: 1, kernelSize: 3, strides: 1, padding: 'valid', dilationRate: 2 }]),
      [['N', 7, 7, 1]],
    ));
  it('there is no outputPadding: writing one is reported on it', async () => {
    const spec = tfjs(['N', 5, 5, 1], [{ type: 'conv2dTranspose', filters: 1, kernelSize: 3, strides: 2, padding: 'same', outputPadding: 1 }]);
    const { source, diagnostics } = await analyze(spec);
    const entry = source.layers[0].params.find((p) => p.key === 'outputPadding')!;
    const onIt = diagnostics.filter((d) => d.span.start >= entry.keySpan.start && d.span.end <= entry.value.span.end);
    assert.ok(onIt.length > 0, `expected a diagnostic on outputPadding; got ${describeDiagnostics(diagnostics)}`);
  });
  it("dataFormat 'channelsFirst': (2, 5, 5) 'same' s2 -> (3, 10, 10)", async () =>
    await expectOutputs(
      tfjs(['N', 2, 5, 5], [{ type: 'conv2dTranspose', filters: 3, kernelSize: 3, strides: 2, padding: 'same', dataFormat: 'channelsFirst' }]),
      [['N', 3, 10, 10]],
    ));
  it("convolution 'same': ceil(i/s); 'valid': ceil((i - k_eff + 1)/s) (7 -> 4 / 3; valid k3 d2 -> 3)", async () => {
    await expectOutputs(tfjs(['N', 7, 7, 1], [{ type: 'conv2d', filters: 2, kernelSize: 3, strides: 2, padding: 'same' }]), [['N', 4, 4, 2]]);
    await expectOutputs(tfjs(['N', 7, 7, 1], [{ type: 'conv2d', filters: 2, kernelSize: 3, strides: 2, padding: 'valid' }]), [['N', 3, 3, 2]]);
    await expectOutputs(tfjs(['N', 7, 7, 1], [{ type: 'conv2d', filters: 2, kernelSize: 3, dilationRate: 2, padding: 'valid' }]), [
      ['N', 3, 3, 2],
    ]);
  });
  it("3-D: conv3dTranspose 'same' k3 s2: (2, 3, 4) -> (4, 6, 8)", async () =>
    await expectOutputs(tfjs(['N', 2, 3, 4, 1], [{ type: 'conv3dTranspose', filters: 2, kernelSize: 3, strides: 2, padding: 'same' }]), [
      ['N', 4, 6, 8, 2],
    ]));
});

describe('docs/frameworks/onnx.md', () => {
  /** ConvTranspose 1 -> 1 channels on a square image of side i. */
  const onnxT = (i: number, params: Record<string, number | number[] | string>): ModelSpec => ({
    framework: 'onnx',
    input: [1, 1, i, i],
    layers: [{ type: 'ConvTranspose', out_channels: 1, ...params }],
  });
  const sameUpper = { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' };

  describe('worked vectors', () => {
    it('ConvTranspose SAME_UPPER i3 k3 s2 -> 6', async () => await expectOutputs(onnxT(3, sameUpper), [[1, 1, 6, 6]]));
    it('... with pads [0, 0, 1, 1] (begin 0, end 1)', async () => {
      const geometry = await geometryOf(onnxT(3, sameUpper));
      assert.deepStrictEqual([geometry.padBegin, geometry.padEnd], [
        [0, 0],
        [1, 1],
      ]);
    });
    it('explicit pads [0, 0, 1, 1] give the same 6', async () =>
      await expectOutputs(onnxT(3, { kernel_shape: [3, 3], strides: [2, 2], pads: [0, 0, 1, 1] }), [[1, 1, 6, 6]]));
    it('NOTSET with zero pads -> 7', async () =>
      await expectOutputs(onnxT(3, { kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'NOTSET', pads: [0, 0, 0, 0] }), [[1, 1, 7, 7]]));
    // ONNX backend test cases (onnx/backend/test/case/node/convtranspose.py).
    it('published test_convtranspose_pads: (3, 3), strides [3, 2], pads [1, 2, 1, 2] -> (7, 3)', async () =>
      await expectOutputs(
        {
          framework: 'onnx',
          input: [1, 1, 3, 3],
          layers: [{ type: 'ConvTranspose', out_channels: 2, kernel_shape: [3, 3], strides: [3, 2], pads: [1, 2, 1, 2] }],
        },
        [[1, 2, 7, 3]],
      ));
    it('published test_convtranspose_output_shape: (3, 3), strides [3, 2], output_shape [10, 8] -> (10, 8)', async () =>
      await expectOutputs(
        {
          framework: 'onnx',
          input: [1, 1, 3, 3],
          layers: [{ type: 'ConvTranspose', out_channels: 2, kernel_shape: [3, 3], strides: [3, 2], output_shape: [10, 8] }],
        },
        [[1, 2, 10, 8]],
      ));
  });

  describe('rules', () => {
    it('pads together with auto_pad other than NOTSET is an error', async () =>
      await expectDiagnostic(onnxT(3, { ...sameUpper, pads: [0, 0, 1, 1] }), 'unsupported-combination'));
    it('output_shape wins over pads (pads 0 would give 7; output_shape 6)', async () =>
      await expectOutputs(onnxT(3, { kernel_shape: [3, 3], strides: [2, 2], pads: [0, 0, 0, 0], output_shape: [6, 6] }), [[1, 1, 6, 6]]));
    it('output_shape under NOTSET: total 1, the beginning gets the larger half', async () => {
      const geometry = await geometryOf(onnxT(3, { kernel_shape: [3, 3], strides: [2, 2], output_shape: [6, 6] }));
      assert.deepStrictEqual([geometry.padBegin, geometry.padEnd], [
        [1, 1],
        [0, 0],
      ]);
    });
    it('output_shape under SAME_UPPER: total 1, begin total/2 (floor) = 0', async () => {
      const geometry = await geometryOf(onnxT(3, { ...sameUpper, output_shape: [6, 6] }));
      assert.deepStrictEqual([geometry.padBegin, geometry.padEnd], [
        [0, 0],
        [1, 1],
      ]);
    });
    it('SAME_LOWER puts the odd padding element at the beginning (i3 k3 s2: 6, pads begin 1 end 0)', async () => {
      const spec = onnxT(3, { ...sameUpper, auto_pad: 'SAME_LOWER' });
      await expectOutputs(spec, [[1, 1, 6, 6]]);
      const geometry = await geometryOf(spec);
      assert.deepStrictEqual([geometry.padBegin, geometry.padEnd], [
        [1, 1],
        [0, 0],
      ]);
    });
    // The operator text says o = i*s = 6; onnxruntime clamps the total padding at 0 and gives
    // min(i*s, (i-1)*s + k_eff) = 5 (SEMANTICS.md, ONNX): ConvLens follows the runtime.
    it('k_eff < s with SAME_UPPER (k1 s2 on 3): onnxruntime gives min(i*s, (i-1)*s + k_eff) = 5, not the text\'s 6', async () =>
      await expectOutputs(onnxT(3, { kernel_shape: [1, 1], strides: [2, 2], auto_pad: 'SAME_UPPER' }), [[1, 1, 5, 5]]));
    it('output_padding must be less than the stride (s2 op2)', async () =>
      await expectDiagnostic(onnxT(3, { kernel_shape: [3, 3], strides: [2, 2], output_padding: [2, 2] }), 'output-padding-too-large', {
        param: 'output_padding',
      }));
    it('output_padding adds at the end: s2 op1 k3 on 3 -> 2*2 + 1 + 3 = 8', async () =>
      await expectOutputs(onnxT(3, { kernel_shape: [3, 3], strides: [2, 2], output_padding: [1, 1] }), [[1, 1, 8, 8]]));
    it('channels must be divisible by group', async () =>
      await expectDiagnostic(
        { framework: 'onnx', input: [1, 3, 4, 4], layers: [{ type: 'ConvTranspose', out_channels: 4, kernel_shape: [3, 3], group: 2 }] },
        'groups-mismatch',
      ));
    it('Conv with pads [1, 1, 1, 1], k3 s2 on 5 -> 3; SAME_UPPER on 7 -> ceil(7/2) = 4', async () => {
      await expectOutputs(
        { framework: 'onnx', input: [1, 1, 5, 5], layers: [{ type: 'Conv', out_channels: 2, kernel_shape: [3, 3], strides: [2, 2], pads: [1, 1, 1, 1] }] },
        [[1, 2, 3, 3]],
      );
      await expectOutputs(
        { framework: 'onnx', input: [1, 1, 7, 7], layers: [{ type: 'Conv', out_channels: 2, kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_UPPER' }] },
        [[1, 2, 4, 4]],
      );
    });
  });

  describe('1-D and 3-D variants', () => {
    it('1-D ConvTranspose SAME_UPPER i3 k3 s2 -> 6, and pads [0, 1] -> 6', async () => {
      const layer = { type: 'ConvTranspose', out_channels: 1, kernel_shape: [3], strides: [2] };
      await expectOutputs({ framework: 'onnx', input: [1, 1, 3], layers: [{ ...layer, auto_pad: 'SAME_UPPER' }] }, [[1, 1, 6]]);
      await expectOutputs({ framework: 'onnx', input: [1, 1, 3], layers: [{ ...layer, pads: [0, 1] }] }, [[1, 1, 6]]);
    });
    it('3-D ConvTranspose k3 s2, zero pads: (2, 2, 2) -> (5, 5, 5)', async () =>
      await expectOutputs(
        {
          framework: 'onnx',
          input: [1, 1, 2, 2, 2],
          layers: [{ type: 'ConvTranspose', out_channels: 1, kernel_shape: [3, 3, 3], strides: [2, 2, 2], pads: [0, 0, 0, 0, 0, 0] }],
        },
        [[1, 1, 5, 5, 5]],
      ));
  });
});

// Other runtimes (TensorRT, oneDNN, CNTK, Caffe, Darknet, MATLAB) have no vocabulary in ConvLens
// (SPEC.md §1.1), so they have no test here.
