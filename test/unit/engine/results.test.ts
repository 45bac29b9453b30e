/**
 * What the hover, the CLI table and the preview read from a LayerResult (SPEC.md §2, §3), and
 * that analysis never throws on hostile input.
 */
import { reportShape } from '../../../src/core/dims';
import { shapeOf } from '../support/shapes';
import * as assert from 'node:assert/strict';
import { analyzeModel } from '../../../src/core/engine/analyzeModel';
import { vocabularyOf } from '../../../src/core/frameworks';
import type { SourceModel } from '../../../src/core/ir';
import { readYamlModels } from '../../../src/core/formats/yaml/yamlModel';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { UnknownExpression } from '../support/modelSpec';
import { analyze, layerOf } from './engineSupport';

describe('layer results', () => {
  const up = {
    input: ['N', 512, 8, 8],
    layers: [{ type: 'ConvTranspose2d', out_channels: 256, kernel_size: 4, stride: 2, padding: 1 }],
  };

  it("explains each axis with SPEC's formula: H: (8−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 16", async () => {
    const layer = await layerOf(up);
    assert.equal(layer.rule, 'PyTorch ConvTranspose2d');
    // Each explanation's fields as the hover reads them (its formula is written when read).
    const explained = layer.axes?.map(({ axis, symbolic, formula, reachableOutput, validOutputPadding }) => ({ axis, symbolic, formula, reachableOutput, validOutputPadding }));
    assert.deepEqual(explained, [
      {
        axis: 'H',
        symbolic: 'H_out = (H_in − 1)·s − 2·p + d·(k − 1) + op + 1',
        formula: '(8−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 16',
        reachableOutput: [16, 17],
        validOutputPadding: [0, 1],
      },
      {
        axis: 'W',
        symbolic: 'W_out = (W_in − 1)·s − 2·p + d·(k − 1) + op + 1',
        formula: '(8−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 16',
        reachableOutput: [16, 17],
        validOutputPadding: [0, 1],
      },
    ]);
  });

  it('parameters and multiply-adds per sample of a transposed conv', async () => {
    const layer = await layerOf(up);
    assert.equal(layer.params, 512 * 256 * 16 + 256);
    // Every input pixel of every input channel meets every kernel tap of every output channel.
    assert.equal(layer.macs, 8 * 8 * 512 * 256 * 16);
  });

  it('transposed-conv geometry for the preview', async () => {
    const { source, model } = await analyze(up);
    const geometry = model.layers[0].transposedConv;
    assert.ok(geometry);
    const written = (key: string) => source.layers[0].params.find((param) => param.key === key)?.value.span;
    assert.deepEqual(geometry.paramSpans, { kernel: written('kernel_size'), stride: written('stride'), padding: written('padding') });
    assert.deepEqual(geometry.insertion, source.layers[0].insertion);
    // Every field the preview reads (some are worked out when read, so not copied by a spread).
    const { rank, channelsLast, inputSpatial, inChannels, outChannels, kernel, stride, padBegin, padEnd, outputPadding, dilation, groups, paramNames } = geometry;
    assert.deepEqual({ rank, channelsLast, inputSpatial, inChannels, outChannels, kernel, stride, padBegin, padEnd, outputPadding, dilation, groups, paramNames }, {
      rank: 2,
      channelsLast: false,
      inputSpatial: shapeOf([8, 8]),
      inChannels: 512,
      outChannels: 256,
      kernel: [4, 4],
      stride: [2, 2],
      padBegin: [1, 1],
      padEnd: [1, 1],
      outputPadding: [0, 0],
      dilation: [1, 1],
      groups: 1,
      paramNames: { kernel: 'kernel_size', stride: 'stride', padding: 'padding', outputPadding: 'output_padding', dilation: 'dilation' },
    });
  });

  it('PyTorch dilation widens the valid output_padding values to max(s, d)', async () => {
    const layer = await layerOf({ input: [1, 1, 5, 5], layers: [{ type: 'ConvTranspose2d', out_channels: 1, kernel_size: 3, stride: 2, dilation: 4 }] });
    assert.deepEqual(layer.axes?.[0].validOutputPadding, [0, 1, 2, 3]);
  });

  it("Keras geometry follows TF's 'SAME' padding of the produced size", async () => {
    const layer = await layerOf({
      framework: 'keras',
      input: [1, 6, 6, 1],
      layers: [{ type: 'Conv2DTranspose', filters: 1, kernel_size: 3, strides: 2, padding: 'same' }],
    });
    // o = 12; total padding max(0, (6−1)·2 + 3 − 12) = 1 → begin 0, end 1.
    assert.deepEqual([layer.transposedConv?.padBegin, layer.transposedConv?.padEnd, layer.transposedConv?.outputPadding], [[0, 0], [1, 1], [0, 0]]);
    assert.equal(layer.rule, 'Keras Conv2DTranspose');
    assert.deepEqual([layer.axes?.[0].symbolic, layer.axes?.[0].formula], ['H_out = H_in·s', '6·2 = 12']);
  });

  it('forward convolution formula', async () => {
    const layer = await layerOf({ input: [1, 3, 32, 32], layers: [{ type: 'Conv2d', out_channels: 8, kernel_size: 3, stride: 2, padding: 1 }] });
    assert.equal(layer.axes?.[0].symbolic, 'H_out = floor((H_in + 2·p − d·(k − 1) − 1) / s) + 1');
    assert.equal(layer.axes?.[0].formula, 'floor((32 + 2·1 − 1·(3−1) − 1) / 2) + 1 = 16');
    assert.equal(layer.params, 8 * 3 * 9 + 8);
    assert.equal(layer.macs, 8 * 3 * 9 * 16 * 16);
  });

  it('unknown channel counts leave parameters unknown, never wrong', async () => {
    const layer = await layerOf({ input: ['N', 'C', 8, 8], layers: [{ type: 'Conv2d', out_channels: 8, kernel_size: 3 }] });
    assert.deepEqual([reportShape(layer.output), layer.params, layer.macs], [['N', 8, 6, 6], null, null]);
  });
});

describe('hostile input', () => {
  const hostile: [string, unknown][] = [
    ['a map as kernel_size', { input: [1, 3, 8, 8], layers: [{ type: 'Conv2d', out_channels: 1, kernel_size: { a: 1 } }] }],
    ['a map as from', { input: [1, 3, 8, 8], layers: [{ type: 'ReLU', from: { x: 1 } }] }],
    ['an input that is a string', { input: 'big', layers: [{ type: 'ReLU' }] }],
    ['an expect that is a number', { input: [1, 3], layers: [{ type: 'ReLU', expect: 4 }] }],
    ['Infinity and NaN-like values', { input: [1, 3, 8, 8], layers: [{ type: 'Conv2d', out_channels: 1, kernel_size: Number.MAX_VALUE, stride: -0 }] }],
    ['a merge of nothing', { input: [1, 3], layers: [{ type: 'Concat', from: [] }] }],
    ['a flatten past the rank', { input: [1, 3], layers: [{ type: 'Flatten', start_dim: 5 }] }],
    ['an unfolded expression everywhere', { input: [new UnknownExpression('n'), 3, 8, 8], layers: [{ type: 'Upsample', scale_factor: new UnknownExpression('s') }] }],
    ['a very deep input shape', { input: new Array<number>(10_000).fill(1), layers: [{ type: 'ReLU' }] }],
  ];
  for (const [title, spec] of hostile) {
    it(`does not throw on ${title}`, async () => {
      // Stated as a model by its framework: a string input alone would not make a model (no false alarms).
      const { model } = await analyze({ framework: 'pytorch', ...(spec as Parameters<typeof analyze>[0]) });
      assert.equal(model.layers.length, (spec as { layers: unknown[] }).layers.length);
    });
  }

  it('does not throw on a model without any input (a Keras config that states none)', async () => {
    const text = JSON.stringify({ class_name: 'Sequential', config: { layers: [{ class_name: 'Conv2D', config: { filters: 1, kernel_size: 1 } }] } });
    const { models, diagnostics } = await analyzeDocument(text, 'model.json');
    assert.equal(models[0].layers.length, 1);
    assert.equal(models[0].layers[0].output, null);
    assert.match(diagnostics[0].message, /states no input shape/);
  });

  it('does not throw when a reader hands over a framework it does not know', async () => {
    const source = readYamlModels('input: [1, 3]\nlayers:\n  - type: ReLU\n').models[0];
    const odd = { ...source, framework: 'caffe' } as unknown as SourceModel;
    assert.doesNotThrow(() => analyzeModel(odd, vocabularyOf(odd.framework)));
  });

  it('a 2,000-layer chain is analysed layer by layer', async () => {
    const layers = Array.from({ length: 2000 }, (_, index) => ({ type: 'Conv2d', out_channels: 4, kernel_size: 3, padding: 1, name: `c${index}` }));
    const { model, diagnostics } = await analyze({ input: [1, 4, 16, 16], layers });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(reportShape(model.layers.at(-1)?.output ?? null), [1, 4, 16, 16]);
  });
});
