import * as assert from 'node:assert/strict';
import type { DocumentAnalysis } from '../../../src/core/analysis';
import { LineIndex } from '../../../src/core/lineIndex';
import { toReport } from '../../../src/core/report';
import { shapeOf } from '../support/shapes';

describe('LineIndex', () => {
  const text = 'ab\ncd\r\nef\rgh';
  const index = new LineIndex(text);

  it('maps offsets on the first line to column offset + 1', () => {
    assert.deepEqual(index.position(0), { line: 1, column: 1 });
    assert.deepEqual(index.position(2), { line: 1, column: 3 });
  });

  it('treats \\n, \\r\\n and a lone \\r as line ends', () => {
    assert.deepEqual(index.position(3), { line: 2, column: 1 });
    assert.deepEqual(index.position(text.indexOf('e')), { line: 3, column: 1 });
    assert.deepEqual(index.position(text.indexOf('h')), { line: 4, column: 2 });
  });

  it('places the end of the text after its last character', () => {
    assert.deepEqual(index.position(text.length), { line: 4, column: 3 });
  });
});

describe('toReport', () => {
  // SPEC.md §4: `output_padding: 1` at line 12, column 5 spans to endColumn 22 (17 characters).
  const text = `${'x\n'.repeat(11)}    output_padding: 1\n`;
  const start = text.indexOf('output_padding');
  const analysis: DocumentAnalysis = {
    models: [
      {
        name: 'm',
        framework: 'pytorch',
        span: { start: 0, end: text.length },
        layers: [
          {
            index: 0,
            name: 'up2',
            title: 'up2',
            type: 'ConvTranspose2d',
            span: { start, end: start + 17 },
            typeSpan: { start: 2, end: 3 },
            hintOffset: 3,
            input: shapeOf(['N', 512, 4, 4]),
            inputs: [shapeOf(['N', 512, 4, 4])],
            output: null,
            params: null,
            macs: null,
          },
        ],
      },
    ],
    diagnostics: [
      {
        code: 'output-padding-too-large',
        severity: 'error',
        message: 'too large',
        span: { start, end: start + 'output_padding: 1'.length },
        layer: 'up2',
      },
      { code: 'parse-error', severity: 'error', message: 'bad', span: { start: 0, end: 1 } },
    ],
  };
  const report = toReport(analysis, text);

  it('gives 1-based line, column, endLine and endColumn as in SPEC.md §4', () => {
    const { line, column, endLine, endColumn } = report.diagnostics[0];
    assert.deepEqual({ line, column, endLine, endColumn }, { line: 12, column: 5, endLine: 12, endColumn: 22 });
  });

  it('reports the layer line from the layer type and keeps unknown shapes null', () => {
    assert.deepEqual(report.models[0].layers[0], {
      name: 'up2',
      type: 'ConvTranspose2d',
      line: 2,
      input: ['N', 512, 4, 4],
      output: null,
      params: null,
    });
  });

  it('omits the layer of a diagnostic that belongs to no layer', () => {
    assert.equal('layer' in report.diagnostics[1], false);
    assert.equal(report.diagnostics[0].layer, 'up2');
  });
});
