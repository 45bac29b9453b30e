import * as assert from 'node:assert/strict';
import type { LayerResult, ModelResult } from '../../../src/core/analysis';
import { formatCount, formatShape } from '../../../src/core/formatting';
import { formatDocumentSummary, formatSummaryTable } from '../../../src/core/summaryTable';
import { shapeOf } from '../support/shapes';

const span = { start: 0, end: 1 };

function layer(fields: Partial<LayerResult> & Pick<LayerResult, 'name' | 'type'>): LayerResult {
  const input = fields.input ?? null;
  return { index: 0, title: fields.name, span, typeSpan: span, hintOffset: 0, input, inputs: [input], output: null, params: null, macs: null, ...fields };
}

describe('formatting', () => {
  it('formats counts with thousands separators and unknowns as ?', () => {
    assert.equal(formatCount(0), '0');
    assert.equal(formatCount(999), '999');
    assert.equal(formatCount(3576704), '3,576,704');
    assert.equal(formatCount(null), '?');
  });

  it('formats shapes as lists and a wholly unknown shape as ?', () => {
    assert.equal(formatShape(shapeOf(['N', 256, 8, '?'])), '[N, 256, 8, ?]');
    assert.equal(formatShape(null), '?');
  });
});

describe('summary table', () => {
  it('tabulates a model like Keras summary(), with input and output shapes and totals', () => {
    const model: ModelResult = {
      name: 'tiny',
      framework: 'pytorch',
      span,
      layers: [
        layer({ name: 'up1', type: 'ConvTranspose2d', input: shapeOf(['N', 100, 1, 1]), output: shapeOf(['N', 512, 4, 4]), params: 819200, macs: 13107200 }),
        layer({ name: '1', type: 'BatchNorm2d', input: shapeOf(['N', 512, 4, 4]), output: shapeOf(['N', 512, 4, 4]), params: 1024, macs: null }),
      ],
    };
    assert.equal(
      formatDocumentSummary({ models: [model], diagnostics: [] }, 'tiny.yaml'),
      [
        'Model: "tiny" (pytorch)',
        '_'.repeat(67),
        ' Layer (type)            Input Shape      Output Shape     Param #',
        '='.repeat(67),
        ' up1 (ConvTranspose2d)   [N, 100, 1, 1]   [N, 512, 4, 4]   819,200',
        ' 1 (BatchNorm2d)         [N, 512, 4, 4]   [N, 512, 4, 4]     1,024',
        '='.repeat(67),
        'Total params: 820,224',
        'Total multiply-adds: 13,107,200 (+ 1 layer unknown)',
        '_'.repeat(67),
        '',
      ].join('\n'),
    );
  });

  it('shortens cells longer than 80 characters, so that one huge layer type does not widen every row (fuzz: out of memory)', () => {
    const model: ModelResult = {
      name: 'broken',
      framework: 'pytorch',
      span,
      layers: [
        layer({ name: 'x', type: 'x'.repeat(1_000_000), input: shapeOf(['N', 3, 8, 8]) }),
        ...Array.from({ length: 9_999 }, (_, index) => layer({ name: String(index + 1), type: 'ReLU', input: shapeOf(['N', 3, 8, 8]) })),
      ],
    };
    const lines = formatDocumentSummary({ models: [model], diagnostics: [] }, 'broken.yaml').split('\n');
    // The label column is 80 wide: `x (` and 76 more characters, the last an ellipsis.
    assert.equal(lines[4], ` x (${'x'.repeat(76)}…   [N, 3, 8, 8]   ?${' '.repeat(20)}?`);
    assert.equal(lines[5], ` 1 (ReLU)${' '.repeat(75)}[N, 3, 8, 8]   ?${' '.repeat(20)}?`);
    // The widest lines are the rules: the four columns, their three gaps and a margin each side.
    assert.equal(Math.max(...lines.map((line) => line.length)), 80 + 12 + 12 + 7 + 3 * 3 + 2);
  });

  it('titles unnamed layers in the editor as Keras does, and names them by index in the CLI as SPEC does', () => {
    const unnamed = { ...layer({ name: '1', type: 'BatchNorm2d', input: shapeOf(['N', 8]) }), title: 'batch_norm2d' };
    const model: ModelResult = { name: 'm', framework: 'pytorch', span, layers: [unnamed] };
    assert.match(formatDocumentSummary({ models: [model], diagnostics: [] }, 'm.yaml'), /^ batch_norm2d \(BatchNorm2d\) /m);
    assert.match(formatSummaryTable(model), /^ 1 \(BatchNorm2d\) /m);
  });

  it('says so when a document holds no model', () => {
    assert.equal(formatDocumentSummary({ models: [], diagnostics: [] }, 'notes.yaml'), 'No ConvLens model found in notes.yaml.\n');
  });
});
