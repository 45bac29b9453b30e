// The editor's texts (src/extension/presentation.ts) on hand-built analysis results. Formats
// follow SPEC.md §2: `→ [N, 256, 8, 8]`, `[N, 512, 4, 4] → [N, 256, 8, 8]`, `8×8 → 16×16`.
import * as assert from 'node:assert/strict';
import type { LayerResult } from '../../src/core/analysis';
import {
  escapeMarkdown,
  inlayHintLabel,
  layerHoverMarkdown,
  previewTitle,
} from '../../src/extension/presentation';

const span = { start: 0, end: 1 };

function layer(fields: Partial<LayerResult> & Pick<LayerResult, 'name' | 'type'>): LayerResult {
  const input = fields.input ?? null;
  return { index: 0, span, typeSpan: span, hintOffset: 0, input, inputs: [input], output: null, params: null, macs: null, ...fields };
}

/** PyTorch ConvTranspose2d(512, 256, 4, 2, 1) on 4×4 (docs/frameworks/pytorch.md: (4−1)·2 − 2 + 4 = 8). */
const up2 = layer({
  name: 'up2',
  type: 'ConvTranspose2d',
  input: ['N', 512, 4, 4],
  inputs: [['N', 512, 4, 4]],
  output: ['N', 256, 8, 8],
  params: 512 * 256 * 4 * 4,
  macs: 512 * 256 * 4 * 4 * 4 * 4,
  rule: 'PyTorch ConvTranspose2d',
  axes: ['H', 'W'].map((axis) => ({ axis, formula: '(4−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 8', validOutputPadding: [0, 1], reachableOutput: [8, 9] as [number, number] })),
  transposedConv: {
    rank: 2,
    channelsLast: false,
    inputSpatial: [4, 4],
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
  },
});

describe('extension presentation', () => {
  it('labels inlay hints with the output, or the input and the output', () => {
    assert.equal(inlayHintLabel(up2, 'output'), '→ [N, 256, 8, 8]');
    assert.equal(inlayHintLabel(up2, 'inputAndOutput'), '[N, 512, 4, 4] → [N, 256, 8, 8]');
    const unknown = layer({ name: 'x', type: 'Mystery', input: ['N', 3, '?', 8] });
    assert.equal(inlayHintLabel(unknown, 'output'), '→ ?');
    assert.equal(inlayHintLabel(unknown, 'inputAndOutput'), '[N, 3, ?, 8] → ?');
    const concat = layer({ name: 'cat', type: 'Concat', input: [1, 2, 4, 4], inputs: [[1, 2, 4, 4], [1, 3, 4, 4]], output: [1, 5, 4, 4] });
    assert.equal(inlayHintLabel(concat, 'inputAndOutput'), '[1, 2, 4, 4], [1, 3, 4, 4] → [1, 5, 4, 4]');
  });

  it('titles the preview CodeLens with spatial sizes in either layout', () => {
    assert.equal(previewTitle(up2), 'Preview upsampling (4×4 → 8×8)');
    // Keras channels-last: [N, H, W, C]; the layout travels in the results.
    const keras = { ...up2, input: ['N', 7, 5, 64], inputs: [['N', 7, 5, 64]], output: ['N', 14, 10, 32] };
    keras.transposedConv = { ...up2.transposedConv!, channelsLast: true, inputSpatial: [7, 5] };
    assert.equal(previewTitle(keras), 'Preview upsampling (7×5 → 14×10)');
    // Keras with data_format='channels_first'.
    const channelsFirst = { ...keras, input: ['N', 64, 7, 5], inputs: [['N', 64, 7, 5]], output: ['N', 32, 14, 10] };
    channelsFirst.transposedConv = { ...keras.transposedConv, channelsLast: false };
    assert.equal(previewTitle(channelsFirst), 'Preview upsampling (7×5 → 14×10)');
    // PyTorch without the batch axis: [C, H, W].
    const unbatched = { ...up2, input: [512, 4, 4], inputs: [[512, 4, 4]], output: [256, 8, 8] };
    assert.equal(previewTitle(unbatched), 'Preview upsampling (4×4 → 8×8)');
    assert.equal(previewTitle({ ...up2, output: null }), 'Preview upsampling (4×4 → ?)');
    assert.equal(previewTitle(layer({ name: 'r', type: 'ReLU' })), undefined);
  });

  it('writes the hover with shapes, formulas, counts, rule, output_padding choices and the link', () => {
    const markdown = layerHoverMarkdown(up2, 'command:convlens.previewUpsampling?x');
    assert.equal(
      markdown,
      [
        '**up2** · `ConvTranspose2d`',
        'Input `[N, 512, 4, 4]` → output `[N, 256, 8, 8]`',
        '- H: `(4−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 8`\n- W: `(4−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 8`',
        'Parameters: 2,097,152 · Multiply-adds: 33,554,432',
        'Rule: PyTorch ConvTranspose2d',
        'Valid `output_padding`: H {0, 1}, W {0, 1}',
        'Reachable output sizes: H 8–9, W 8–9',
        '[Preview upsampling](command:convlens.previewUpsampling?x)',
      ].join('\n\n'),
    );
  });

  it('escapes Markdown in names taken from the model file', () => {
    assert.equal(escapeMarkdown('a_b*[c](d)'), 'a\\_b\\*\\[c\\]\\(d\\)');
    assert.ok(layerHoverMarkdown(layer({ name: '*x*', type: 'ReLU' })).startsWith('**\\*x\\*** · `ReLU`'));
  });
});
