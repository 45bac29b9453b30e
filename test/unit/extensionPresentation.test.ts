// The editor's texts (src/extension/presentation.ts) on hand-built analysis results. Formats
// follow SPEC.md §2: `→ [N, 256, 8, 8]`, `[N, 512, 4, 4] → [N, 256, 8, 8]`, `8×8 → 16×16`.
import * as assert from 'node:assert/strict';
import type { LayerResult, ModelResult } from '../../src/core/analysis';
import { shapeOf, TEST_REASON } from './support/shapes';
import {
  escapeMarkdown,
  inlayHintLabel,
  layerHoverMarkdown,
  placeHints,
  previewTitle,
  sharedHoverMarkdown,
  unknownExplanation,
  type LayerEntry,
} from '../../src/extension/presentation';

const span = { start: 0, end: 1 };
/** Lines of a hand-built document: one per ten characters. */
const lineOf = (offset: number) => Math.floor(offset / 10) + 1;

function layer(fields: Partial<LayerResult> & Pick<LayerResult, 'name' | 'type'>): LayerResult {
  const input = fields.input ?? null;
  return { index: 0, title: fields.name, span, typeSpan: span, hintOffset: 0, input, inputs: [input], output: null, params: null, macs: null, ...fields };
}

/** PyTorch ConvTranspose2d(512, 256, 4, 2, 1) on 4×4 (docs/frameworks/pytorch.md: (4−1)·2 − 2 + 4 = 8). */
const up2 = layer({
  name: 'up2',
  type: 'ConvTranspose2d',
  input: shapeOf(['N', 512, 4, 4]),
  inputs: [shapeOf(['N', 512, 4, 4])],
  output: shapeOf(['N', 256, 8, 8]),
  params: 512 * 256 * 4 * 4,
  macs: 512 * 256 * 4 * 4 * 4 * 4,
  rule: 'PyTorch ConvTranspose2d',
  axes: ['H', 'W'].map((axis) => ({
    axis,
    symbolic: `${axis}_out = (${axis}_in − 1)·s − 2·p + d·(k − 1) + op + 1`,
    formula: '(4−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 8',
    validOutputPadding: [0, 1],
    reachableOutput: [8, 9] as [number, number],
  })),
  transposedConv: {
    rank: 2,
    channelsLast: false,
    inputSpatial: shapeOf([4, 4]),
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
    const unknown = layer({ name: 'x', type: 'Mystery', input: shapeOf(['N', 3, '?', 8]) });
    assert.equal(inlayHintLabel(unknown, 'output'), '→ ?');
    assert.equal(inlayHintLabel(unknown, 'inputAndOutput'), '[N, 3, ?, 8] → ?');
    const concat = layer({ name: 'cat', type: 'Concat', input: shapeOf([1, 2, 4, 4]), inputs: [shapeOf([1, 2, 4, 4]), shapeOf([1, 3, 4, 4])], output: shapeOf([1, 5, 4, 4]) });
    assert.equal(inlayHintLabel(concat, 'inputAndOutput'), '[1, 2, 4, 4], [1, 3, 4, 4] → [1, 5, 4, 4]');
  });

  it('titles the preview CodeLens with spatial sizes in either layout', () => {
    assert.equal(previewTitle(up2), 'Preview upsampling (4×4 → 8×8)');
    // Keras channels-last: [N, H, W, C]; the layout travels in the results.
    const keras = { ...up2, input: shapeOf(['N', 7, 5, 64]), inputs: [shapeOf(['N', 7, 5, 64])], output: shapeOf(['N', 14, 10, 32]) };
    keras.transposedConv = { ...up2.transposedConv!, channelsLast: true, inputSpatial: shapeOf([7, 5]) };
    assert.equal(previewTitle(keras), 'Preview upsampling (7×5 → 14×10)');
    // Keras with data_format='channels_first'.
    const channelsFirst = { ...keras, input: shapeOf(['N', 64, 7, 5]), inputs: [shapeOf(['N', 64, 7, 5])], output: shapeOf(['N', 32, 14, 10]) };
    channelsFirst.transposedConv = { ...keras.transposedConv, channelsLast: false };
    assert.equal(previewTitle(channelsFirst), 'Preview upsampling (7×5 → 14×10)');
    // PyTorch without the batch axis: [C, H, W].
    const unbatched = { ...up2, input: shapeOf([512, 4, 4]), inputs: [shapeOf([512, 4, 4])], output: shapeOf([256, 8, 8]) };
    assert.equal(previewTitle(unbatched), 'Preview upsampling (4×4 → 8×8)');
    assert.equal(previewTitle({ ...up2, output: null }), 'Preview upsampling (4×4 → ?)');
    assert.equal(previewTitle(layer({ name: 'r', type: 'ReLU' })), undefined);
  });

  it('writes the hover with shapes, formulas, counts, rule, output_padding choices and the link', () => {
    const markdown = layerHoverMarkdown(up2, lineOf, 'command:convlens.previewUpsampling?x');
    assert.equal(
      markdown,
      [
        '**up2** · `ConvTranspose2d`',
        'Input `[N, 512, 4, 4]` → output `[N, 256, 8, 8]`',
        [
          '- `H_out = (H_in − 1)·s − 2·p + d·(k − 1) + op + 1`  ',
          '  `= (4−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 8`',
          '- `W_out = (W_in − 1)·s − 2·p + d·(k − 1) + op + 1`  ',
          '  `= (4−1)·2 − 2·1 + 1·(4−1) + 0 + 1 = 8`',
        ].join('\n'),
        'Parameters: 2,097,152 · Multiply-adds: 33,554,432',
        'Rule: PyTorch ConvTranspose2d',
        'Valid `output_padding`: H {0, 1}, W {0, 1}',
        'Reachable output sizes: H 8–9, W 8–9',
        '[Preview upsampling](command:convlens.previewUpsampling?x)',
      ].join('\n\n'),
    );
  });

  it('lists the other tensors a layer returns after its input and output', () => {
    // nn.LSTM(4, 8, num_layers=2) on (5, 3, 4): output (5, 3, 8), h_n and c_n (2, 3, 8).
    const lstm = layer({
      name: 'lstm',
      type: 'LSTM',
      input: shapeOf([5, 3, 4]),
      output: shapeOf([5, 3, 8]),
      otherOutputs: [
        { name: 'h_n', shape: shapeOf([2, 3, 8]) },
        { name: 'c_n', shape: shapeOf([2, 3, 8]) },
      ],
    });
    const sections = layerHoverMarkdown(lstm, lineOf).split('\n\n');
    assert.equal(sections[1], 'Input `[5, 3, 4]` → output `[5, 3, 8]`');
    assert.equal(sections[2], 'Also returns `h_n` `[2, 3, 8]`, `c_n` `[2, 3, 8]` (the output is the first element)');
  });

  it('says why a parameter count is unknown where the reader knows (a custom layer\'s weights)', () => {
    const custom = layer({ name: 'p', type: 'Projection', output: shapeOf(['N', 4]), paramsUnknown: "the shape of weight 'w' is not known" });
    const sections = layerHoverMarkdown(custom, lineOf).split('\n\n');
    const at = sections.indexOf('Parameters: ? · Multiply-adds: ?');
    assert.ok(at > 0, sections.join(' | '));
    assert.equal(sections[at + 1], "Parameters unknown because the shape of weight 'w' is not known");
  });

  it('says how a frozen layer was frozen and how many parameters its weights hold, which the count leaves out', () => {
    const frozen = layer({ name: 'bn', type: 'batchNormalization', params: 0, frozen: { by: '`bn.trainable = …` at line 7', weights: 8 } });
    const sections = layerHoverMarkdown(frozen, lineOf).split('\n\n');
    const at = sections.indexOf('Parameters: 0 · Multiply-adds: ?');
    assert.ok(at > 0, sections.join(' | '));
    assert.equal(sections[at + 1], 'Frozen by \\`bn\\.trainable = …\\` at line 7: its weights \\(8 parameters\\) do not train and are not counted');
  });

  it('escapes Markdown in names taken from the model file', () => {
    assert.equal(escapeMarkdown('a_b*[c](d)'), 'a\\_b\\*\\[c\\]\\(d\\)');
    assert.ok(layerHoverMarkdown(layer({ name: '*x*', type: 'ReLU' }), lineOf).startsWith('**\\*x\\*** · `ReLU`'));
  });

  it('titles an unnamed layer by its Keras-style title, not its index', () => {
    const unnamed = layer({ name: '6', type: 'conv2dTranspose' });
    unnamed.title = 'conv2d_transpose_2';
    assert.ok(layerHoverMarkdown(unnamed, lineOf).startsWith('**conv2d\\_transpose\\_2** · `conv2dTranspose`'));
  });

  it('says why an output is unknown, pointing at the line where the unknown started', () => {
    const cat = { because: "the inputs of Concat 'cat3' do not line up", span: { start: 142, end: 148 }, reported: 'error' as const };
    const after = layer({ name: 'x', type: 'ReLU', input: null, output: null, unknown: cat });
    assert.equal(unknownExplanation(after, lineOf), "Unknown because the inputs of Concat 'cat3' do not line up — see the error at line 15.");
    assert.ok(layerHoverMarkdown(after, lineOf).includes("Unknown because the inputs of Concat 'cat3' do not line up — see the error at line 15\\."));
    // Without a diagnostic at the start, the line alone.
    const folded = layer({ name: 'y', type: 'Conv2D', output: shapeOf(['N', '?', 8, 8]), unknown: TEST_REASON });
    assert.equal(unknownExplanation(folded, lineOf), 'Unknown because a test says so (line 1).');
    assert.equal(unknownExplanation(up2, lineOf), undefined);
    assert.ok(!layerHoverMarkdown(up2, lineOf).includes('Unknown'));
  });

  describe('one model\'s many layers at one place (a loop, or an entry file\'s call that built a model elsewhere)', () => {
    const model = { name: 'segmenter', framework: 'tfjs', layers: [] } as unknown as ModelResult;
    /** `count` 'same' convolutions, 16 channels, then one to 4: hand-built, sizes kept (96). */
    const entries = (count: number): LayerEntry[] =>
      Array.from({ length: count }, (_unused, index) => {
        const last = index === count - 1;
        const built = layer({
          name: `conv${index + 1}`,
          type: 'conv2d',
          input: shapeOf(['N', 96, 96, index === 0 ? 3 : 16]),
          output: shapeOf(['N', 96, 96, last ? 4 : 16]),
          params: 10,
          builtElsewhere: '`segmenter.js` line 7',
        });
        return { model, modelIndex: 0, layer: built, layerIndex: index };
      });
    const hoverOf = (entry: LayerEntry) => layerHoverMarkdown(entry.layer, lineOf);

    it('gives each layer its hint while they fit in the editor’s limit on a line’s hints', () => {
      // '→ [N, 96, 96, 16] → [N, 96, 96, 4]': 34 characters, within VS Code's 43.
      assert.deepEqual(placeHints([{ model, layers: entries(2) }], 'output', lineOf).map(({ label }) => label), ['→ [N, 96, 96, 16]', '→ [N, 96, 96, 4]']);
      // 4 × 17 + 16 and the spaces between: 88, within a limit of 100, and any number without one (0).
      const each = ['→ [N, 96, 96, 16]', '→ [N, 96, 96, 16]', '→ [N, 96, 96, 16]', '→ [N, 96, 96, 16]', '→ [N, 96, 96, 4]'];
      assert.deepEqual(placeHints([{ model, layers: entries(5) }], 'output', lineOf, 100).map(({ label }) => label), each);
      assert.equal(placeHints([{ model, layers: entries(5) }], 'output', lineOf, 87)[0].label, '5 layers: [N, 96, 96, 16] … [N, 96, 96, 4]');
      assert.equal(placeHints([{ model, layers: entries(50) }], 'output', lineOf, 0).length, 50);
    });

    it('gives one hint with the count and the first and last shapes past that, or the last alone, within the limit; its tooltip lists the layers', () => {
      const [hint, ...rest] = placeHints([{ model, layers: entries(31) }], 'output', lineOf);
      assert.equal(rest.length, 0);
      // '31 layers: [N, 96, 96, 16] … [N, 96, 96, 4]' is 43 characters: it fits, one more would not.
      assert.equal(hint.label, '31 layers: [N, 96, 96, 16] … [N, 96, 96, 4]');
      assert.equal(placeHints([{ model, layers: entries(31) }], 'output', lineOf, 42)[0].label, '31 layers → [N, 96, 96, 4]');
      const lines = hint.tooltip!.split('\n');
      assert.equal(lines[0], '31 layers are built here:');
      assert.equal(lines[1], 'conv1 (conv2d) → [N, 96, 96, 16]');
      assert.equal(lines[31], 'conv31 (conv2d) → [N, 96, 96, 4]');
      assert.equal(placeHints([{ model, layers: entries(31) }], 'inputAndOutput', lineOf)[0].label, '[N, 96, 96, 3] → 31 layers → [N, 96, 96, 4]');
    });

    it('lists at most 40 layers in the tooltip, and says why any is unknown', () => {
      const layers = entries(45);
      layers[44].layer.output = null;
      layers[44].layer.unknown = TEST_REASON;
      const [hint] = placeHints([{ model, layers }], 'output', lineOf);
      assert.equal(hint.label, '45 layers: [N, 96, 96, 16] … ?');
      const lines = hint.tooltip!.split('\n');
      assert.equal(lines.length, 1 + 40 + 2);
      assert.equal(lines[41], '…and 5 more (the Outline lists every layer).');
      assert.equal(lines[42], 'Unknown because a test says so (line 1).');
    });

    it('hovers a few layers each in full, and more as a table with parameters and preview links', () => {
      const few = sharedHoverMarkdown([{ model, layers: entries(3) }], lineOf, hoverOf);
      assert.equal(few.split('\n\n---\n\n').length, 1 + 3, 'the heading, then each layer');
      assert.ok(few.startsWith('3 layers are built here:\n\n---\n\n**conv1** · `conv2d`'), few);

      const many = entries(31);
      many[2].layer.transposedConv = up2.transposedConv;
      const table = sharedHoverMarkdown([{ model, layers: many }], lineOf, hoverOf, (entry) => (entry.layer.transposedConv ? 'command:preview' : undefined));
      const sections = table.split('\n\n');
      assert.equal(sections[0], '**31 layers are built here:**');
      const rows = sections[1].split('\n');
      assert.equal(rows.length, 2 + 31);
      assert.equal(rows[2], '| 1 | conv1 `conv2d` | `[N, 96, 96, 16]` | 10 |');
      assert.equal(rows[4], '| 3 | conv3 `conv2d` · [Preview](command:preview) | `[N, 96, 96, 16]` | 10 |');
      assert.equal(rows[32], '| 31 | conv31 `conv2d` | `[N, 96, 96, 4]` | 10 |');
      assert.equal(sections[2], 'Written in `segmenter.js` line 7, built by this call');
    });
  });
});
