/**
 * Keras 3 spatial layers that TF.js does not implement (so test/fixtures/tfjs/spatial.json cannot
 * check them): expected shapes and parameter counts are worked out by hand from Keras's documented
 * formulas (docs/frameworks/keras.md): `'valid'` `o = ceil((i − k_eff + 1)/s)`, `'same'`
 * `o = ceil(i/s)`; depthwise `k·C·m + C·m`; separable `k·C·m + C·m·f + f`; ConvLSTM
 * `4·f·k·(C + f) + 4·f`.
 */
import * as assert from 'node:assert/strict';
import type { SpecLayer } from '../support/modelSpec';
import { layerOf, outputs } from './engineSupport';
import { reportShape } from '../../../src/core/dims';

const keras = (input: (number | string)[], layer: SpecLayer) => ({ framework: 'keras' as const, input, layers: [layer] });

describe('Keras 3 spatial layers without a TF.js counterpart (hand-derived)', () => {
  const cases: [string, (number | string)[], SpecLayer, (number | string)[], number][] = [
    // 'valid': 10 − 3 + 1 = 8; channels 4·2 = 8; 3·4·2 + 8 = 32.
    ['DepthwiseConv1D k3 m2', ['N', 10, 4], { type: 'DepthwiseConv1D', kernel_size: 3, depth_multiplier: 2 }, ['N', 8, 8], 32],
    // 'same', stride 2: ceil(9/2) = 5; 3·4 + 4·5 + 5 = 37.
    ['SeparableConv1D f5 k3 s2 same', ['N', 9, 4], { type: 'SeparableConv1D', filters: 5, kernel_size: 3, strides: 2, padding: 'same' }, ['N', 5, 5], 37],
    // The alias: as SeparableConv2D; (6 − 3 + 1) = 4 per axis; 9·2 + 2·3 + 3 = 27.
    ['SeparableConvolution2D f3 k3', ['N', 6, 6, 2], { type: 'SeparableConvolution2D', filters: 3, kernel_size: 3 }, ['N', 4, 4, 3], 27],
    // (5 − 3 + 1) = 3 per axis; 4·2·27·(1 + 2) + 4·2 = 656.
    ['ConvLSTM3D f2 k3', ['N', 4, 5, 5, 5, 1], { type: 'ConvLSTM3D', filters: 2, kernel_size: 3 }, ['N', 3, 3, 3, 2], 656],
    // Every step kept: 7 − 2 + 1 = 6; 4·3·2·(2 + 3) + 12 = 132.
    ['ConvLSTM1D f3 k2 return_sequences', ['N', 6, 7, 2], { type: 'ConvLSTM1D', filters: 3, kernel_size: 2, return_sequences: true }, ['N', 6, 6, 3], 132],
    // channels_first: [N, T, C, H, W] → [N, f, H', W']; 8 − 3 + 1 = 6; 4·4·9·(3 + 4) + 16 = 1024.
    [
      'ConvLSTM2D channels_first',
      ['N', 5, 3, 8, 8],
      { type: 'ConvLSTM2D', filters: 4, kernel_size: 3, data_format: 'channels_first' },
      ['N', 4, 6, 6],
      1024,
    ],
  ];
  for (const [title, input, layer, expected, params] of cases) {
    it(`${title}: ${JSON.stringify(expected)}, ${params} parameters`, async () => {
      const result = await layerOf(keras(input, layer));
      assert.deepEqual(reportShape(result.output), expected);
      assert.equal(result.params, params);
    });
  }

  it('RandomCrop(height, width) outputs the target size (Keras 3 docs: `(..., target_height, target_width, channels)`)', async () => {
    assert.deepEqual(await outputs(keras(['N', 8, 8, 3], { type: 'RandomCrop', height: 4, width: 5 })), [['N', 4, 5, 3]]);
  });

  it('the aliases Convolution2D, Convolution2DTranspose and GlobalAvgPool2D are the layers they name', async () => {
    assert.deepEqual(
      await outputs({
        framework: 'keras',
        input: ['N', 8, 8, 3],
        layers: [
          { type: 'Convolution2D', filters: 4, kernel_size: 3 },
          { type: 'Convolution2DTranspose', filters: 2, kernel_size: 2, strides: 2 },
          { type: 'GlobalAvgPool2D' },
        ],
      }),
      [['N', 6, 6, 4], ['N', 12, 12, 2], ['N', 2]],
    );
  });
});
