/**
 * Each framework module against the formulas of docs/frameworks/ and worked vectors, and the framework's
 * own vocabulary (names exactly as the framework spells them). Expected values are written from
 * docs/frameworks/, SPEC.md or the frameworks' documentation, never computed by the engine.
 */
import { reportShape } from '../../../src/core/dims';
import * as assert from 'node:assert/strict';
import { analyze, layerOf, outputs, summary } from './engineSupport';

describe('frameworks', () => {
  describe('pytorch', () => {
    it('DCGAN generator head: [N,100,1,1] → k4 s1 p0 → [N,512,4,4] → k4 s2 p1 → [N,256,8,8]', async () => {
      assert.deepEqual(
        await outputs({
          input: ['N', 100, 1, 1],
          layers: [
            { type: 'ConvTranspose2d', out_channels: 512, kernel_size: 4, stride: 1, padding: 0 },
            { type: 'BatchNorm2d' },
            { type: 'ReLU' },
            { type: 'ConvTranspose2d', out_channels: 256, kernel_size: 4, stride: 2, padding: 1, output_padding: 0 },
          ],
        }),
        [['N', 512, 4, 4], ['N', 512, 4, 4], ['N', 512, 4, 4], ['N', 256, 8, 8]],
      );
    });

    it('counts weights (in, out/groups, *k) plus bias, and BatchNorm γ, β', async () => {
      const { model } = await analyze({
        input: ['N', 100, 1, 1],
        layers: [
          { type: 'ConvTranspose2d', out_channels: 512, kernel_size: 4, bias: false },
          { type: 'BatchNorm2d' },
          { type: 'ConvTranspose2d', out_channels: 256, kernel_size: 4, stride: 2, padding: 1 },
        ],
      });
      assert.deepEqual(
        model.layers.map((layer) => layer.params),
        [100 * 512 * 16, 2 * 512, 512 * 256 * 16 + 256],
      );
    });

    it('Conv2d k3 s2 p1 then ConvTranspose2d with output_size = input: 12 → 6 → 12', async () => {
      assert.deepEqual(
        await outputs({
          input: [1, 3, 12, 12],
          layers: [
            { type: 'Conv2d', out_channels: 8, kernel_size: 3, stride: 2, padding: 1 },
            { type: 'ConvTranspose2d', out_channels: 3, kernel_size: 3, stride: 2, padding: 1, output_size: [12, 12] },
          ],
        }),
        [[1, 8, 6, 6], [1, 3, 12, 12]],
      );
    });

    it('output_size may be the full shape', async () => {
      assert.deepEqual(
        await outputs({ input: [1, 4, 6, 6], layers: [{ type: 'ConvTranspose2d', out_channels: 2, kernel_size: 3, stride: 2, padding: 1, output_size: [1, 2, 12, 11] }] }),
        [[1, 2, 12, 11]],
      );
    });

    it('CNTK example with PyTorch semantics: (480, 640), kernel (3, 4), stride 1 → (482, 643)', async () => {
      assert.deepEqual(
        await outputs({ input: [1, 3, 480, 640], layers: [{ type: 'ConvTranspose2d', out_channels: 128, kernel_size: [3, 4] }] }),
        [[1, 128, 482, 643]],
      );
    });

    it('accepts an input without batch axis (C, H, W), as torch.nn does', async () => {
      assert.deepEqual(await outputs({ input: [3, 8, 8], layers: [{ type: 'Conv2d', out_channels: 4, kernel_size: 3 }] }), [[4, 6, 6]]);
    });

    it("padding='same' keeps the size at stride 1, also for an even kernel", async () => {
      assert.deepEqual(
        await outputs({ input: [1, 2, 9, 9], layers: [{ type: 'Conv2d', out_channels: 2, kernel_size: 4, padding: 'same', dilation: 2 }] }),
        [[1, 2, 9, 9]],
      );
    });

    it('pooling (stride defaults to the kernel), adaptive pooling, Upsample, Flatten, Linear', async () => {
      assert.deepEqual(
        await outputs({
          input: ['N', 16, 32, 32],
          layers: [
            { type: 'MaxPool2d', kernel_size: 2 },
            { type: 'AvgPool2d', kernel_size: 3, stride: 1, padding: 1 },
            { type: 'Upsample', scale_factor: 2 },
            { type: 'AdaptiveAvgPool2d', output_size: [4, null] },
            { type: 'AdaptiveAvgPool2d', output_size: 4 },
            { type: 'Flatten' },
            { type: 'Linear', out_features: 10 },
          ],
        }),
        [['N', 16, 16, 16], ['N', 16, 16, 16], ['N', 16, 32, 32], ['N', 16, 4, 32], ['N', 16, 4, 4], ['N', 256], ['N', 10]],
      );
    });

    it('Linear parameters: in·out + out', async () => {
      assert.equal((await layerOf({ input: ['N', 256], layers: [{ type: 'Linear', out_features: 10 }] })).params, 2570);
    });

    it('GroupNorm and InstanceNorm keep the shape; InstanceNorm is not affine by default', async () => {
      const { model } = await analyze({
        input: ['N', 8, 4, 4],
        layers: [{ type: 'GroupNorm', num_groups: 2, num_channels: 8 }, { type: 'InstanceNorm2d', num_features: 8 }],
      });
      assert.deepEqual(model.layers.map((layer) => [reportShape(layer.output), layer.params]), [
        [['N', 8, 4, 4], 16],
        [['N', 8, 4, 4], 0],
      ]);
    });

    it('Conv3d / ConvTranspose3d work per axis (D, H, W)', async () => {
      assert.deepEqual(
        await outputs({
          input: [1, 1, 6, 8, 10],
          layers: [{ type: 'ConvTranspose3d', out_channels: 2, kernel_size: [3, 4, 3], stride: [2, 2, 1], padding: [1, 1, 0] }],
        }),
        [[1, 2, 11, 16, 12]],
      );
    });

    it('ConvTranspose1d: 6 → 11 with k3 s2 p1, 12 with output_padding 1', async () => {
      assert.deepEqual(
        await outputs({
          input: [1, 2, 6],
          layers: [
            { type: 'ConvTranspose1d', out_channels: 2, kernel_size: 3, stride: 2, padding: 1, from: 'input' },
            { type: 'ConvTranspose1d', out_channels: 2, kernel_size: 3, stride: 2, padding: 1, output_padding: 1, from: 'input' },
          ],
        }),
        [[1, 2, 11], [1, 2, 12]],
      );
    });
  });

  describe('keras', () => {
    const transposed = (extra: Record<string, number | string | null>) => ({
      framework: 'keras' as const,
      input: ['N', 2, 3, 4],
      layers: [{ type: 'Conv2DTranspose', filters: 8, kernel_size: 3, strides: 2, padding: 'same', ...extra }],
    });
    it("Conv2DTranspose 'same' k3 s2 on (2,3): op None → (4,6), op 0 → (3,5), op 1 → (4,6)", async () => {
      assert.deepEqual(await outputs(transposed({})), [['N', 4, 6, 8]]);
      assert.deepEqual(await outputs(transposed({ output_padding: null })), [['N', 4, 6, 8]]);
      assert.deepEqual(await outputs(transposed({ output_padding: 0 })), [['N', 3, 5, 8]]);
      assert.deepEqual(await outputs(transposed({ output_padding: 1 })), [['N', 4, 6, 8]]);
    });

    it("i=5 k3 s2: valid 11, same 10, same op0 9, same op1 10", async () => {
      const run = async (padding: string, output_padding?: number) =>
        (await outputs({
          framework: 'keras',
          input: [1, 5, 5, 1],
          layers: [{ type: 'Conv2DTranspose', filters: 1, kernel_size: 3, strides: 2, padding, ...(output_padding !== undefined && { output_padding }) }],
        }))[0];
      assert.deepEqual(
        await Promise.all([run('valid'), run('same'), run('same', 0), run('same', 1)]),
        [[1, 11, 11, 1], [1, 10, 10, 1], [1, 9, 9, 1], [1, 10, 10, 1]],
      );
    });

    it('channels_first puts channels at axis 1; kernel parameters k·k·in·filters + filters', async () => {
      const layer = await layerOf({
        framework: 'keras',
        input: ['N', 4, 5, 5],
        layers: [{ type: 'Conv2DTranspose', filters: 8, kernel_size: 3, strides: 2, data_format: 'channels_first' }],
      });
      assert.deepEqual(reportShape(layer.output), ['N', 8, 11, 11]);
      assert.equal(layer.params, 3 * 3 * 4 * 8 + 8);
    });

    it("Conv2D 'same' s2 on 5 → 3, 'valid' → 2; pooling, UpSampling2D, ZeroPadding2D, Cropping2D, Flatten, Dense, Reshape", async () => {
      assert.deepEqual(
        await outputs({
          framework: 'keras',
          input: ['N', 5, 5, 3],
          layers: [
            { type: 'Conv2D', filters: 4, kernel_size: 3, strides: 2, padding: 'same' },
            { type: 'Conv2D', filters: 4, kernel_size: 3, strides: 2, from: 'input' },
            { type: 'UpSampling2D', size: 2 },
            { type: 'ZeroPadding2D', padding: 1 },
            { type: 'Cropping2D', cropping: [[1, 0], [2, 1]] },
            { type: 'MaxPooling2D' },
            { type: 'Flatten' },
            { type: 'Dense', units: 6 },
            { type: 'Reshape', target_shape: [3, -1] },
          ],
        }),
        [['N', 3, 3, 4], ['N', 2, 2, 4], ['N', 4, 4, 4], ['N', 6, 6, 4], ['N', 5, 3, 4], ['N', 2, 1, 4], ['N', 8], ['N', 6], ['N', 3, 2]],
      );
    });

    it("Keras lower-cases padding ('SAME' is 'same')", async () => {
      assert.deepEqual(await outputs({ framework: 'keras', input: [1, 5, 5, 1], layers: [{ type: 'Conv2D', filters: 1, kernel_size: 3, padding: 'SAME' }] }), [
        [1, 5, 5, 1],
      ]);
    });

    it('Concatenate defaults to the last axis', async () => {
      assert.deepEqual(
        await outputs({ framework: 'keras', inputs: { a: [1, 4, 4, 3], b: [1, 4, 4, 5] }, layers: [{ type: 'Concatenate', from: ['a', 'b'] }] }),
        [[1, 4, 4, 8]],
      );
    });
  });

  describe('tfjs', () => {
    it('ACGAN generator: kernelSize 5: strides 1 valid, 2 same, 2 same: 3 → 7 → 14 → 28', async () => {
      assert.deepEqual(
        await outputs({
          framework: 'tfjs',
          input: [null, 3, 3, 384],
          layers: [
            { type: 'conv2dTranspose', filters: 192, kernelSize: 5, strides: 1, padding: 'valid' },
            { type: 'batchNormalization' },
            { type: 'conv2dTranspose', filters: 96, kernelSize: 5, strides: 2, padding: 'same' },
            { type: 'batchNormalization' },
            { type: 'conv2dTranspose', filters: 1, kernelSize: 5, strides: 2, padding: 'same', activation: 'tanh' },
          ],
        }),
        [['?', 7, 7, 192], ['?', 7, 7, 192], ['?', 14, 14, 96], ['?', 14, 14, 96], ['?', 28, 28, 1]],
      );
    });

    it("deconvLength 'valid' ignores dilation: i·s + max(k − s, 0)", async () => {
      const { model, diagnostics } = await analyze({
        framework: 'tfjs',
        input: [1, 4, 4, 2],
        layers: [{ type: 'conv2dTranspose', filters: 2, kernelSize: 3, strides: 2, padding: 'valid', dilationRate: 2 }],
      });
      assert.deepEqual(reportShape(model.layers[0].output), [1, 9, 9, 2]);
      // k3 s2 also has uneven overlap (a second warning, SPEC §2).
      assert.deepEqual(diagnostics.map((d) => [d.code, d.severity]), [
        ['ignored-parameter', 'warning'],
        ['uneven-overlap', 'warning'],
      ]);
    });

    it('camelCase vocabulary keeps shapes flowing', async () => {
      assert.deepEqual(
        await outputs({
          framework: 'tfjs',
          input: [1, 8, 8, 3],
          layers: [
            { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same', dataFormat: 'channelsLast' },
            { type: 'leakyReLU', alpha: 0.2 },
            { type: 'maxPooling2d', poolSize: 2 },
            { type: 'upSampling2d', size: [2, 2] },
            { type: 'zeroPadding2d', padding: 1 },
            { type: 'cropping2D', cropping: 1 },
            { type: 'dropout', rate: 0.5 },
            { type: 'activation', activation: 'relu' },
            { type: 'flatten' },
            { type: 'dense', units: 10 },
            { type: 'reshape', targetShape: [5, 2] },
          ],
        }),
        [[1, 8, 8, 4], [1, 8, 8, 4], [1, 4, 4, 4], [1, 8, 8, 4], [1, 10, 10, 4], [1, 8, 8, 4], [1, 8, 8, 4], [1, 8, 8, 4], [1, 256], [1, 10], [1, 5, 2]],
      );
    });

    it('also reads the Keras class names and snake_case keys of a model.json', async () => {
      assert.deepEqual(
        await outputs({ framework: 'tfjs', input: [1, 3, 3, 8], layers: [{ type: 'Conv2DTranspose', filters: 4, kernel_size: 5, strides: 1, padding: 'valid' }] }),
        [[1, 7, 7, 4]],
      );
    });
  });

  describe('onnx', () => {
    const convTranspose = (extra: Record<string, unknown>) => ({
      framework: 'onnx' as const,
      input: [1, 1, 3, 3],
      layers: [{ type: 'ConvTranspose', out_channels: 2, kernel_shape: [3, 3], strides: [2, 2], ...(extra as Record<string, number[] | string>) }],
    });
    it('SAME_UPPER i3 k3 s2 → 6 with pads begin (0, 0), end (1, 1)', async () => {
      const layer = await layerOf(convTranspose({ auto_pad: 'SAME_UPPER' }));
      assert.deepEqual(reportShape(layer.output), [1, 2, 6, 6]);
      assert.deepEqual([layer.transposedConv?.padBegin, layer.transposedConv?.padEnd], [[0, 0], [1, 1]]);
    });
    it('NOTSET with zero pads → 7; pads are [x1_begin, x2_begin, x1_end, x2_end]', async () => {
      assert.deepEqual(await outputs(convTranspose({ pads: [0, 0, 0, 0] })), [[1, 2, 7, 7]]);
      assert.deepEqual(await outputs(convTranspose({ pads: [1, 0, 0, 0] })), [[1, 2, 6, 7]]);
    });
    it('output_shape wins over pads', async () => {
      assert.deepEqual(await outputs(convTranspose({ pads: [0, 0, 0, 0], output_shape: [6, 6] })), [[1, 2, 6, 6]]);
    });
    it('Conv with auto_pad SAME_LOWER, pooling, Resize by scales, Flatten to a matrix, Gemm', async () => {
      assert.deepEqual(
        await outputs({
          framework: 'onnx',
          input: [1, 3, 7, 7],
          layers: [
            { type: 'Conv', out_channels: 4, kernel_shape: [3, 3], strides: [2, 2], auto_pad: 'SAME_LOWER' },
            { type: 'Relu' },
            { type: 'Resize', scales: [1, 1, 2, 2] },
            { type: 'MaxPool', kernel_shape: [2, 2], strides: [2, 2] },
            { type: 'Flatten' },
            { type: 'Gemm', out_features: 5 },
          ],
        }),
        [[1, 4, 4, 4], [1, 4, 4, 4], [1, 4, 8, 8], [1, 4, 4, 4], [1, 64], [1, 5]],
      );
    });
  });

  describe('tensorflow', () => {
    const transpose = (padding: string, output_shape: number[]) => ({
      framework: 'tensorflow' as const,
      input: [1, 6, 6, 16],
      layers: [{ type: 'conv2d_transpose', filter_shape: [3, 3, 8, 16], strides: 2, padding, output_shape }],
    });
    it("'SAME': output_shape valid for o in [(i−1)s + 1, i·s] = [11, 12]", async () => {
      assert.deepEqual(await outputs(transpose('SAME', [1, 12, 12, 8])), [[1, 12, 12, 8]]);
      assert.deepEqual(await outputs(transpose('SAME', [1, 11, 11, 8])), [[1, 11, 11, 8]]);
      const { diagnostics } = await analyze(transpose('SAME', [1, 13, 13, 8]));
      assert.deepEqual(diagnostics.map((d) => d.code), ['output-size-unreachable'], summary(diagnostics));
      assert.match(diagnostics[0].message, /Size of out_backprop doesn't match computed: actual = 6, computed = 7/);
    });
    it("'VALID': output_shape valid for o in [(i−1)s + k_eff, … + s − 1] = [13, 14]", async () => {
      assert.deepEqual(await outputs(transpose('VALID', [1, 14, 14, 8])), [[1, 14, 14, 8]]);
      assert.equal((await analyze(transpose('VALID', [1, 12, 12, 8]))).diagnostics[0]?.code, 'output-size-unreachable');
    });
    it('filter_shape [h, w, out, in]: in is checked against the input channels', async () => {
      const { diagnostics } = await analyze({
        framework: 'tensorflow',
        input: [1, 6, 6, 3],
        layers: [{ type: 'conv2d_transpose', filter_shape: [3, 3, 8, 16], strides: 2, padding: 'SAME', output_shape: [1, 12, 12, 8] }],
      });
      assert.deepEqual(diagnostics.map((d) => d.code), ['channel-mismatch']);
    });
    it('conv2d with filter [h, w, in, out], NCHW data_format', async () => {
      assert.deepEqual(
        await outputs({ framework: 'tensorflow', input: [1, 3, 9, 9], layers: [{ type: 'conv2d', filter_shape: [3, 3, 3, 5], strides: [1, 1, 2, 2], padding: 'SAME', data_format: 'NCHW' }] }),
        [[1, 5, 5, 5]],
      );
    });
  });
});
