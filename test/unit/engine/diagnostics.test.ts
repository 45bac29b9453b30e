/**
 * Every diagnostic code the engine reports (SPEC.md §2): where it lands, what it says, and the
 * quick fix's edit. Expected texts come from SPEC.md / docs/frameworks/ (framework error texts).
 */
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import type { DiagnosticCode } from '../../../src/core/diagnostics';
import type { ModelSpec, SpecLayer } from '../support/modelSpec';
import { sliceOf } from '../formats/textEdits';
import { afterFix, analyze, diagnosticOf, outputs, summary } from './engineSupport';
import { reportShape } from '../../../src/core/dims';

const upconv = (extra: Record<string, unknown> = {}) => ({
  type: 'ConvTranspose2d',
  name: 'up',
  out_channels: 64,
  kernel_size: 3,
  stride: 2,
  padding: 1,
  ...extra,
});

describe('diagnostics', () => {
  describe('output-padding-mismatch', () => {
    it('against expect: inserts output_padding when the layer has none', async () => {
      const { diagnostic, at, text } = await diagnosticOf(
        { input: [1, 128, 6, 6], layers: [{ ...upconv(), from: 'input', expect: [1, 64, 12, 12] }] },
        'output-padding-mismatch',
      );
      assert.equal(at, 'ConvTranspose2d');
      assert.equal(diagnostic.layer, 'up');
      assert.match(diagnostic.message, /produces \[1, 64, 11, 11\].*set output_padding to 1/);
      assert.deepEqual(diagnostic.related?.map((item) => sliceOf(text, item.span)), ['[1, 64, 12, 12]']);
      assert.ok(afterFix(text, diagnostic).includes('expect: [1, 64, 12, 12]\n    output_padding: 1\n'));
    });

    const unet = (skip: number[], up: Record<string, unknown>): ModelSpec => ({
      inputs: { skip, low: [1, 128, 6, 6] },
      layers: [{ ...upconv(up), from: 'low' }, { type: 'BatchNorm2d' }, { type: 'ReLU' }, { type: 'Concat', name: 'cat', from: [-1, 'skip'] }],
    });

    it('U-Net skip: a Concat with the other input, through BatchNorm and ReLU; fix replaces the value', async () => {
      const { diagnostic, at, text, model } = await diagnosticOf(unet([1, 64, 12, 12], { output_padding: 0 }), 'output-padding-mismatch');
      assert.equal(at, 'output_padding: 0');
      assert.equal(diagnostic.layer, 'up');
      assert.equal(diagnostic.severity, 'error');
      assert.deepEqual(diagnostic.related?.map((item) => sliceOf(text, item.span)), ['Concat', 'skip: [1, 64, 12, 12]']);
      assert.match(afterFix(text, diagnostic), /output_padding: 1\n/);
      assert.equal(diagnostic.fixes?.[0].preferred, true);
      assert.equal(model.layers[3].output, null);
      assert.deepEqual((await outputs(unet([1, 64, 12, 12], { output_padding: 1 }))).at(-1), [1, 128, 12, 12]);
    });

    it('one value per axis when the axes need different values', async () => {
      const { diagnostic, text } = await diagnosticOf(unet([1, 64, 12, 11], { output_padding: 0 }), 'output-padding-mismatch');
      assert.match(afterFix(text, diagnostic), /output_padding: \[1, 0\]\n/);
    });

    it('PyTorch with output_size: the fix sets output_size', async () => {
      const { diagnostic, at, text } = await diagnosticOf(unet([1, 64, 12, 12], { output_size: [11, 11] }), 'output-padding-mismatch');
      assert.equal(at, 'output_size: [11, 11]');
      assert.match(afterFix(text, diagnostic), /output_size: \[12, 12\]\n/);
    });

    it('CenterCrop like: the reference must not be larger than the cropped input', async () => {
      const { diagnostic, at, text } = await diagnosticOf(
        {
          inputs: { skip: [1, 64, 11, 11], low: [1, 128, 6, 6] },
          layers: [{ ...upconv({ output_padding: 1 }), from: 'low' }, { type: 'CenterCrop', from: 'skip', like: 'up' }],
        },
        'output-padding-mismatch',
      );
      assert.equal(at, 'output_padding: 1');
      assert.match(afterFix(text, diagnostic), /output_padding: 0\n/);
    });

    it('Keras: sets output_padding for a same-padded Conv2DTranspose', async () => {
      const { diagnostic, text } = await diagnosticOf(
        {
          framework: 'keras',
          input: [1, 5, 5, 1],
          layers: [{ type: 'Conv2DTranspose', filters: 1, kernel_size: 4, strides: 2, padding: 'same', expect: [1, 9, 9, 1] }],
        },
        'output-padding-mismatch',
      );
      // 'same' with output_padding: (5−1)·2 + (4 mod 2) + op = 9 → op = 1.
      assert.match(afterFix(text, diagnostic), /output_padding: 1\n/);
    });
  });

  describe('output-padding-mismatch at a broadcasting merge (Keras Add)', () => {
    // Conv2DTranspose k3 s2 'same' with output_padding 0 on 6: (6−1)·2 + (3 mod 2) + 0 = 11; op 1 gives 12 (docs/frameworks/keras.md).
    const skipAdd = (framework: 'keras' | 'tfjs', transpose: SpecLayer, skip: number[]): ModelSpec => ({
      framework,
      inputs: { skip, low: [1, 6, 6, 8] },
      layers: [{ name: 'up', filters: 4, strides: 2, padding: 'same', from: 'low', ...transpose }, { type: 'Add', name: 'sum', from: ['up', 'skip'] }],
    });
    const keras = (skip: number[], outputPadding: number) => skipAdd('keras', { type: 'Conv2DTranspose', kernel_size: 3, output_padding: outputPadding }, skip);

    it('Keras: the output_padding that makes the inputs equal, with the fix, as for Concatenate', async () => {
      const { diagnostic, at, text, model } = await diagnosticOf(keras([1, 12, 12, 4], 0), 'output-padding-mismatch');
      assert.equal(at, 'output_padding: 0');
      assert.equal(diagnostic.layer, 'up');
      assert.deepEqual(diagnostic.related?.map((item) => sliceOf(text, item.span)), ['Add', 'skip: [1, 12, 12, 4]']);
      assert.match(afterFix(text, diagnostic), /output_padding: 1\n/);
      assert.equal(model.layers[1].output, null);
      assert.deepEqual((await outputs(keras([1, 12, 12, 4], 1))).at(-1), [1, 12, 12, 4]);
    });

    it('Keras: an axis of size 1 broadcasts, so no fix is offered and the inputs add', async () => {
      assert.deepEqual((await outputs(keras([1, 1, 11, 4], 0))).at(-1), [1, 11, 11, 4]);
    });

    it('Keras: a clash no output_padding can fix stays the broadcast rule\'s shape-mismatch', async () => {
      // output_padding < strides: 11 or 12 reachable, not 20.
      const { diagnostic } = await diagnosticOf(keras([1, 20, 20, 4], 0), 'shape-mismatch');
      assert.match(diagnostic.message, /cannot broadcast/);
    });

    it('TF.js ignores outputPadding: the clash is a shape-mismatch without a fix', async () => {
      // deconvLength 'same': 6·2 = 12, whatever outputPadding says (docs/frameworks/tfjs.md).
      const { diagnostic } = await diagnosticOf(skipAdd('tfjs', { type: 'conv2dTranspose', kernelSize: 3 }, [1, 11, 11, 4]), 'shape-mismatch');
      assert.match(diagnostic.message, /cannot broadcast \[1, 12, 12, 4\] and \[1, 11, 11, 4\]/);
      assert.equal(diagnostic.fixes, undefined);
    });
  });

  describe('shape-mismatch', () => {
    it('a merge output_padding cannot fix, at the merge with both sides related', async () => {
      const { diagnostic, at, text } = await diagnosticOf(
        {
          inputs: { skip: [1, 64, 20, 20], low: [1, 128, 6, 6] },
          layers: [{ ...upconv(), from: 'low' }, { type: 'Concat', from: ['up', 'skip'] }],
        },
        'shape-mismatch',
      );
      assert.equal(at, '[up, skip]');
      assert.match(diagnostic.message, /can only produce H 11\.\.12, W 11\.\.12/);
      assert.equal(diagnostic.related?.length, 2);
      assert.equal(sliceOf(text, diagnostic.related![1].span), 'skip: [1, 64, 20, 20]');
    });

    it('TF.js has no output padding: an expect mismatch is a shape-mismatch at expect', async () => {
      const { at } = await diagnosticOf(
        {
          framework: 'tfjs',
          input: [1, 5, 5, 2],
          layers: [{ type: 'conv2dTranspose', filters: 2, kernelSize: 4, strides: 2, padding: 'same', expect: [1, 9, 9, 2] }],
        },
        'shape-mismatch',
      );
      assert.equal(at, '[1, 9, 9, 2]');
    });

    it('an expect that differs in channels', async () => {
      await diagnosticOf({ input: [1, 3, 8, 8], layers: [{ type: 'Conv2d', out_channels: 4, kernel_size: 1, expect: [1, 5, 8, 8] }] }, 'shape-mismatch');
    });
  });

  describe('output-padding-too-large', () => {
    it('PyTorch: op < max(stride, dilation), with ATen\'s message, at output_padding', async () => {
      const { diagnostic, at } = await diagnosticOf({ input: [1, 4, 6, 6], layers: [upconv({ output_padding: 2 })] }, 'output-padding-too-large');
      assert.equal(at, 'output_padding: 2');
      assert.ok(
        diagnostic.message.startsWith(
          'output padding must be smaller than either stride or dilation, but got output_padding_height: 2 output_padding_width: 2 stride_height: 2 stride_width: 2 dilation_height: 1 dilation_width: 1',
        ),
      );
    });
    it('PyTorch accepts op ≥ stride when below the dilation', async () => {
      // (6−1)·1 − 2·1 + 3·(3−1) + 2 + 1 = 12
      assert.deepEqual(await outputs({ input: [1, 4, 6, 6], layers: [upconv({ stride: 1, dilation: 3, output_padding: 2 })] }), [[1, 64, 12, 12]]);
    });
    it('Keras: op < strides', async () => {
      const { diagnostic, at } = await diagnosticOf(
        { framework: 'keras', input: [1, 5, 5, 1], layers: [{ type: 'Conv2DTranspose', filters: 1, kernel_size: 3, strides: 2, output_padding: 2 }] },
        'output-padding-too-large',
      );
      assert.equal(at, 'output_padding: 2');
      assert.match(diagnostic.message, /`output_padding` must be < `strides`/);
    });
    it('ONNX: op < strides', async () => {
      const { at } = await diagnosticOf(
        { framework: 'onnx', input: [1, 1, 3, 3], layers: [{ type: 'ConvTranspose', out_channels: 1, kernel_shape: [3, 3], strides: [2, 2], output_padding: [0, 2] }] },
        'output-padding-too-large',
      );
      assert.equal(at, 'output_padding: [0, 2]');
    });
  });

  it('output-size-unreachable: PyTorch output_size outside [min, min + s − 1]', async () => {
    const { diagnostic, at } = await diagnosticOf({ input: [1, 4, 6, 6], layers: [upconv({ output_size: [13, 13] })] }, 'output-size-unreachable');
    assert.equal(at, 'output_size: [13, 13]');
    assert.equal(diagnostic.message, 'requested an output size of [13, 13], but valid sizes range from [11, 11] to [12, 12] (for an input of [6, 6]).');
  });

  describe('channel-mismatch', () => {
    it('a stated in_channels: at the value, fix sets it to the incoming channels', async () => {
      const { diagnostic, at, text } = await diagnosticOf(
        { input: [1, 3, 8, 8], layers: [{ type: 'Conv2d', in_channels: 4, out_channels: 8, kernel_size: 3 }] },
        'channel-mismatch',
      );
      assert.equal(at, 'in_channels: 4');
      assert.match(afterFix(text, diagnostic), /in_channels: 3\n/);
    });
    it('Linear in_features', async () => {
      const { diagnostic, text } = await diagnosticOf({ input: [1, 16], layers: [{ type: 'Linear', in_features: 12, out_features: 4 }] }, 'channel-mismatch');
      assert.match(afterFix(text, diagnostic), /in_features: 16\n/);
    });
    it('an Add of different channel counts, at from', async () => {
      const { at } = await diagnosticOf({ inputs: { a: [1, 3, 4, 4], b: [1, 5, 4, 4] }, layers: [{ type: 'Add', from: ['a', 'b'] }] }, 'channel-mismatch');
      assert.equal(at, '[a, b]');
    });
  });

  it('groups-mismatch: at groups', async () => {
    const { at, diagnostic } = await diagnosticOf({ input: [1, 6, 8, 8], layers: [{ type: 'Conv2d', out_channels: 4, kernel_size: 3, groups: 3 }] }, 'groups-mismatch');
    assert.equal(at, 'groups: 3');
    assert.match(diagnostic.message, /out_channels \(4\) must be divisible by groups/);
  });

  it('groups-mismatch names the parameters as the framework spells them (ONNX group, Keras filters)', async () => {
    const onnx = await diagnosticOf(
      { framework: 'onnx', input: [1, 3, 4, 4], layers: [{ type: 'Conv', out_channels: 4, kernel_shape: [3, 3], group: 2 }] },
      'groups-mismatch',
    );
    assert.equal(onnx.at, 'group: 2');
    assert.match(onnx.diagnostic.message, /^in_channels \(3\) must be divisible by group \(group = 2\)/);
    const keras = await diagnosticOf({ framework: 'keras', input: [1, 4, 4, 4], layers: [{ type: 'Conv2D', filters: 3, kernel_size: 3, groups: 2 }] }, 'groups-mismatch');
    assert.equal(keras.at, 'groups: 2');
    assert.match(keras.diagnostic.message, /^filters \(3\) must be divisible by groups \(groups = 2\)/);
  });

  it('output-too-small: in our words, saying what PyTorch does, at the layer type', async () => {
    const { at, diagnostic } = await diagnosticOf({ input: [1, 1, 3, 3], layers: [{ type: 'Conv2d', out_channels: 1, kernel_size: 5 }] }, 'output-too-small');
    assert.equal(at, 'Conv2d');
    // 3 − 5 + 1 = −1 per axis.
    assert.equal(diagnostic.message, 'Conv2d: the output would be -1x-1 for an input of 3x3; every size must be at least 1. PyTorch raises a RuntimeError (output size too small).');
  });

  it("quotes PyTorch only as 'PyTorch raises: …', in its words (torch 1.13's texts)", async () => {
    const message = async (spec: ModelSpec, code: DiagnosticCode) => (await diagnosticOf(spec, code)).diagnostic.message;
    const strided = await message({ input: [1, 1, 8, 8], layers: [{ type: 'Conv2d', out_channels: 1, kernel_size: 3, stride: 2, padding: 'same' }] }, 'unsupported-combination');
    assert.equal(strided, `Conv2d cannot pad 'same' with stride 2, 2: use an integer padding, or stride 1. PyTorch raises: "padding='same' is not supported for strided convolutions".`);
    const mode = await message({ input: [1, 1, 8, 8], layers: [upconv({ padding_mode: 'reflect' })] }, 'unsupported-combination');
    assert.ok(mode.endsWith(`PyTorch raises: 'Only "zeros" padding mode is supported for ConvTranspose2d'.`), mode);
    const pool = await message({ input: [1, 1, 8, 8], layers: [{ type: 'MaxPool2d', kernel_size: 1, padding: 1 }] }, 'invalid-parameter');
    assert.equal(pool, 'padding 1, 1 is more than half the window 1, 1. PyTorch raises: "pad should be at most half of kernel size, …".');
  });

  describe('unsupported-combination', () => {
    const cases: [string, ModelSpec, string][] = [
      ["PyTorch padding='same' with stride 2", { input: [1, 1, 8, 8], layers: [{ type: 'Conv2d', out_channels: 1, kernel_size: 3, stride: 2, padding: 'same' }] }, 'padding: same'],
      ["PyTorch padding='same' on a transposed conv", { input: [1, 1, 8, 8], layers: [upconv({ padding: 'same' })] }, 'padding: same'],
      ["PyTorch padding_mode='reflect' on a transposed conv", { input: [1, 1, 8, 8], layers: [upconv({ padding_mode: 'reflect' })] }, 'padding_mode: reflect'],
      [
        'Keras strides > 1 with dilation_rate > 1',
        { framework: 'keras', input: [1, 8, 8, 1], layers: [{ type: 'Conv2DTranspose', filters: 1, kernel_size: 3, strides: 2, dilation_rate: 2 }] },
        'dilation_rate: 2',
      ],
      [
        'ONNX pads with auto_pad',
        { framework: 'onnx', input: [1, 1, 3, 3], layers: [{ type: 'ConvTranspose', out_channels: 1, kernel_shape: [3, 3], auto_pad: 'SAME_UPPER', pads: [0, 0, 1, 1] }] },
        'pads: [0, 0, 1, 1]',
      ],
    ];
    for (const [title, spec, text] of cases) {
      it(title, async () => assert.equal((await diagnosticOf(spec, 'unsupported-combination')).at, text));
    }
  });

  describe('invalid-parameter', () => {
    const conv = (extra: Record<string, unknown>) => ({ input: [1, 3, 8, 8], layers: [{ type: 'Conv2d', out_channels: 4, kernel_size: 3, ...extra }] });
    const cases: [string, ModelSpec, string][] = [
      ['a zero kernel', conv({ kernel_size: 0 }), '0'],
      ['a list of the wrong length', conv({ kernel_size: [3, 3, 3] }), '[3, 3, 3]'],
      ['a string for a number', conv({ stride: 'two' }), 'two'],
      ['a fraction for an integer', conv({ stride: 1.5 }), '1.5'],
      ['a number beyond 2^53, not rounded', conv({ out_channels: 1e20 }), '100000000000000000000'],
      ['a missing required parameter, at the type', { input: [1, 3, 8, 8], layers: [{ type: 'Conv2d', kernel_size: 3 }] }, 'Conv2d'],
      ["PyTorch padding strings are case-sensitive ('SAME')", conv({ padding: 'SAME' }), 'SAME'],
      ['an input dimension beyond 2^53', { input: [1, 3, 2 ** 60, 8], layers: [{ type: 'ReLU' }] }, String(2 ** 60)],
    ];
    for (const [title, spec, text] of cases) {
      it(title, async () => assert.equal((await diagnosticOf(spec, 'invalid-parameter')).at, text));
    }
    it('a list of absurd length is refused without being read (in JSON, which is read at any length)', async () => {
      const layer = { class_name: 'Conv2D', config: { filters: 1, kernel_size: new Array<number>(200_000).fill(3), batch_input_shape: [null, 8, 8, 1] } };
      const { diagnostics } = await analyzeDocument(JSON.stringify({ class_name: 'Sequential', config: { layers: [layer] } }), 'model.json');
      const found = diagnostics.filter((d) => d.code === 'invalid-parameter');
      assert.equal(found.length, 1, summary(diagnostics));
      assert.match(found[0].message, /must have 1 or 2 values.*far more/);
    });
    it('sizes that would exceed 2^53 are refused, not rounded', async () => {
      const { diagnostics } = await analyze({
        input: [1, 1, 2 ** 52, 8],
        layers: [{ type: 'ConvTranspose2d', out_channels: 1, kernel_size: 2, stride: 4 }],
      });
      assert.deepEqual(diagnostics.map((d) => d.code), ['invalid-parameter'], summary(diagnostics));
    });
  });

  describe('ignored-parameter', () => {
    it('TF.js outputPadding: a warning at the parameter, explaining the alternatives, with the shape TF.js computes', async () => {
      const spec: ModelSpec = {
        framework: 'tfjs',
        input: [1, 4, 4, 1],
        layers: [{ type: 'conv2dTranspose', filters: 1, kernelSize: 4, strides: 2, padding: 'same', outputPadding: 1 }],
      };
      const { diagnostic, at } = await diagnosticOf(spec, 'ignored-parameter');
      assert.equal(at, 'outputPadding: 1');
      assert.equal(diagnostic.severity, 'warning');
      assert.match(diagnostic.message, /deconvLength/);
      // TF.js's deconvLength for 'same': input·strides = 8.
      assert.deepEqual(reportShape((await analyze(spec)).model.layers[0].output), [1, 8, 8, 1]);
    });
  });

  describe('uneven-overlap', () => {
    it('kernel 3, stride 2: a warning at the kernel, with a resize + stride-1 conv replacement', async () => {
      const { diagnostic, at, text } = await diagnosticOf({ input: [1, 8, 6, 6], layers: [upconv()] }, 'uneven-overlap');
      assert.equal(at, 'kernel_size: 3');
      assert.equal(diagnostic.severity, 'warning');
      assert.match(diagnostic.message, /checkerboard/);
      const replaced = afterFix(text, diagnostic);
      assert.match(replaced, /- type: Upsample\n {4}scale_factor: 2\n {4}mode: nearest\n {2}- type: Conv2d\n {4}out_channels: 64\n {4}kernel_size: 3\n {4}padding: same/);
    });
    it('kernel < stride leaves gaps', async () => {
      const { diagnostic } = await diagnosticOf({ input: [1, 8, 6, 6], layers: [upconv({ kernel_size: 1, padding: 0 })] }, 'uneven-overlap');
      assert.match(diagnostic.message, /gaps/);
    });
    it('no warning when the kernel is divisible by the stride', async () => {
      assert.deepEqual((await analyze({ input: [1, 8, 6, 6], layers: [upconv({ kernel_size: 4 })] })).diagnostics, []);
    });
    it('per axis: only the uneven axis is named', async () => {
      const { diagnostic } = await diagnosticOf({ input: [1, 8, 6, 6], layers: [upconv({ kernel_size: [4, 3] })] }, 'uneven-overlap');
      assert.match(diagnostic.message, /W: kernel 3 mod stride 2 = 1/);
      assert.doesNotMatch(diagnostic.message, /H:/);
    });
  });

  it("unknown-layer: a warning at the type, suggesting the framework's spelling", async () => {
    const { diagnostic, at } = await diagnosticOf({ input: [1, 3, 8, 8], layers: [{ type: 'conv2d', out_channels: 4, kernel_size: 3 }] }, 'unknown-layer');
    assert.equal(at, 'conv2d');
    assert.equal(diagnostic.severity, 'warning');
    assert.match(diagnostic.message, /did you mean 'Conv2d'/);
  });
});
