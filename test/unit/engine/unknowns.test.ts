/**
 * Dimensions as tagged data, and every `?` with its reason (issue 19, "Unexplained unknowns"):
 * where an unknown starts, why, and that later layers carry that first reason on. Models go
 * through the real YAML reader; lines are counted by hand in the texts below.
 */
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { dimText, dimsDiffer, knownDim, reportShape, symbolDim, unknownDim, unknownText } from '../../../src/core/dims';
import { transposedFormula } from '../../../src/core/engine/formulas';
import { snakeCase } from '../../../src/core/engine/titles';
import { toReport } from '../../../src/core/report';
import { sliceOf } from '../formats/textEdits';

async function analyzeYaml(text: string) {
  const analysis = await analyzeDocument(text, 'model.yaml');
  return { analysis, layers: analysis.models[0].layers, report: toReport(analysis, text) };
}

describe('dimensions', () => {
  const reason = { because: 'a reason', span: { start: 3, end: 4 } };

  it('are plain data: a shape with all three kinds survives structuredClone and JSON', () => {
    const shape = [symbolDim('N'), knownDim(3), unknownDim(reason)];
    assert.deepEqual(structuredClone(shape), shape);
    assert.deepEqual(JSON.parse(JSON.stringify(shape)), shape);
  });

  it("read as SPEC §4 writes them: numbers, '?', symbols", () => {
    assert.deepEqual(reportShape([symbolDim('N'), knownDim(3), unknownDim(reason)]), ['N', 3, '?']);
    assert.deepEqual([symbolDim('B'), knownDim(7), unknownDim(reason)].map(dimText), ['B', '7', '?']);
    assert.equal(reportShape(null), null);
  });

  it('differ only where both are known (or both symbols) and unequal', () => {
    assert.equal(dimsDiffer(knownDim(3), knownDim(4)), true);
    assert.equal(dimsDiffer(knownDim(3), knownDim(3)), false);
    assert.equal(dimsDiffer(symbolDim('N'), symbolDim('B')), true);
    assert.equal(dimsDiffer(knownDim(3), unknownDim(reason)), false);
    assert.equal(dimsDiffer(knownDim(3), symbolDim('N')), false);
  });

  it('an unknown reason points to its line, and to the diagnostic there when there is one', () => {
    assert.equal(unknownText(reason, 7), 'a reason (line 7)');
    assert.equal(unknownText({ ...reason, reported: 'error' }, 7), 'a reason — see the error at line 7');
    assert.equal(unknownText({ ...reason, reported: 'warning' }, 2), 'a reason — see the warning at line 2');
  });
});

describe('every unknown says why', () => {
  it('a Concat whose inputs do not line up: its output and every later one point at its error', async () => {
    const text = [
      'framework: pytorch', // line 1
      'input: [N, 3, 16, 16]',
      'layers:',
      '  - type: Conv2d',
      '    name: a', // line 5
      '    out_channels: 4',
      '    kernel_size: 3',
      '    padding: 1',
      '  - type: Conv2d',
      '    name: b', // line 10
      '    out_channels: 4',
      '    kernel_size: 3',
      '    stride: 2',
      '    padding: 1',
      '  - type: Concat', // line 15
      '    name: cat3',
      '    from: [a, b]',
      '  - type: ReLU',
      '  - type: Conv2d',
      '    out_channels: 8', // line 20
      '    kernel_size: 1',
      '',
    ].join('\n');
    const { analysis, layers, report } = await analyzeYaml(text);
    // a: [N, 4, 16, 16]; b: floor((16 + 2 − 2 − 1) / 2) + 1 = 8 → [N, 4, 8, 8]: the spatial sizes differ.
    assert.deepEqual(
      analysis.diagnostics.map((d) => [d.code, d.layer]),
      [['shape-mismatch', 'cat3']],
    );
    const because = "the inputs of Concat 'cat3' do not line up";
    for (const layer of layers.slice(2)) {
      assert.equal(layer.output, null, layer.name);
      assert.equal(layer.unknown?.because, because, layer.name);
      assert.equal(layer.unknown?.reported, 'error');
      assert.equal(sliceOf(text, layer.unknown?.span), '[a, b]');
    }
    assert.equal(layers[0].unknown, undefined);
    // The CLI's JSON (SPEC §4): the layer whose output is unknown carries `unknown`; the others do not.
    assert.deepEqual(
      report.models[0].layers.map((layer) => layer.unknown),
      [undefined, undefined, ...Array(3).fill(`${because} — see the error at line 17`)],
    );
    assert.equal('unknown' in report.models[0].layers[0], false);
  });

  it('an unknown layer type: later shapes name the layer and the framework', async () => {
    const text = ['input: [1, 3, 8, 8]', 'layers:', '  - type: Foo', '    name: x', '  - type: ReLU', '  - type: Foo', ''].join('\n');
    const { layers, report } = await analyzeYaml(text);
    assert.deepEqual(
      layers.map((layer) => layer.unknown?.because),
      ["layer 'x' has type 'Foo', which PyTorch does not know", "layer 'x' has type 'Foo', which PyTorch does not know", 'layer 2 has type \'Foo\', which PyTorch does not know'],
    );
    assert.equal(report.models[0].layers[1].unknown, "layer 'x' has type 'Foo', which PyTorch does not know — see the warning at line 3");
  });

  it('a refused parameter: points at the parameter and its error', async () => {
    const text = ['input: [1, 3, 8, 8]', 'layers:', '  - type: Conv2d', '    name: c', '    out_channels: 8', '    kernel_size: 0', '  - type: ReLU', ''].join('\n');
    const { layers, report } = await analyzeYaml(text);
    assert.equal(layers[1].unknown?.because, "PyTorch refuses the parameters of Conv2d 'c'");
    assert.equal(sliceOf(text, layers[1].unknown?.span), '0');
    assert.equal(report.models[0].layers[1].unknown, "PyTorch refuses the parameters of Conv2d 'c' — see the error at line 6");
  });

  it('a symbolic spatial size is computed (conv k3 p0: H − 2); a product of two symbolic sizes is unknown and says why', async () => {
    const text = ['input: [N, 3, H, W]', 'layers:', '  - type: Conv2d', '    out_channels: 8', '    kernel_size: 3', '  - type: Flatten', '  - type: ReLU', ''].join('\n');
    const { layers, report } = await analyzeYaml(text);
    assert.deepEqual(reportShape(layers[0].output), ['N', 8, 'H - 2', 'W - 2']);
    assert.equal(layers[0].unknown, undefined);
    assert.deepEqual(reportShape(layers[2].output), ['N', '?']);
    assert.equal(layers[2].unknown?.because, "the size after Flatten (layer 1) is not kept as an expression: a product of two symbolic sizes is not linear");
    assert.equal(report.models[0].layers[2].unknown, 'the size after Flatten (layer 1) is not kept as an expression: a product of two symbolic sizes is not linear (line 6)');
  });

  it('a symbolic batch alone is not unknown', async () => {
    const { layers, report } = await analyzeYaml(['input: [N, 3, 8, 8]', 'layers:', '  - type: ReLU', ''].join('\n'));
    assert.equal(layers[0].unknown, undefined);
    assert.deepEqual(report.models[0].layers[0], { name: '0', type: 'ReLU', line: 3, input: ['N', 3, 8, 8], output: ['N', 3, 8, 8], params: 0 });
  });

  it('an input dimension left open', async () => {
    const { layers } = await analyzeYaml(['input: [1, 3, null, 8]', 'layers:', '  - type: Flatten', ''].join('\n'));
    assert.deepEqual(reportShape(layers[0].output), [1, '?']);
    assert.equal(layers[0].unknown?.because, "input 'input' leaves dimension 2 open");
  });
});

describe('layer titles', () => {
  it("snake-cases types as Keras' to_snake_case does (keras/src/utils/naming.py)", () => {
    // Keras 3: Conv2DTranspose() is named conv2d_transpose, ReLU() re_lu, BatchNormalization() batch_normalization.
    assert.equal(snakeCase('Conv2DTranspose'), 'conv2d_transpose');
    assert.equal(snakeCase('ReLU'), 're_lu');
    assert.equal(snakeCase('BatchNormalization'), 'batch_normalization');
    assert.equal(snakeCase('conv2dTranspose'), 'conv2d_transpose');
    assert.equal(snakeCase('ConvTranspose2d'), 'conv_transpose2d');
  });

  it('titles unnamed layers with a per-type counter, the first without one; names stay as SPEC says', async () => {
    const text = [
      'input: [1, 3, 8, 8]',
      'layers:',
      '  - type: Conv2d',
      '    out_channels: 3',
      '    kernel_size: 1',
      '  - type: ConvTranspose2d',
      '    out_channels: 3',
      '    kernel_size: 1',
      '  - type: Conv2d',
      '    out_channels: 3',
      '    kernel_size: 1',
      '  - type: Conv2d',
      '    name: enc',
      '    out_channels: 3',
      '    kernel_size: 1',
      '  - type: Conv2d',
      '    out_channels: 3',
      '    kernel_size: 1',
      '',
    ].join('\n');
    const { layers, report } = await analyzeYaml(text);
    assert.deepEqual(
      layers.map((layer) => layer.title),
      ['conv2d', 'conv_transpose2d', 'conv2d_1', 'enc', 'conv2d_2'],
    );
    assert.deepEqual(
      report.models[0].layers.map((layer) => layer.name),
      ['0', '1', '2', 'enc', '4'],
    );
  });
});

describe('formulas', () => {
  it('write unequal begin and end padding apart, in symbols and in numbers', () => {
    // ONNX-style pads (1, 2): (5−1)·2 − 1 − 2 + 1·(3−1) + 0 + 1 = 8.
    assert.deepEqual(transposedFormula('W', 5, 3, 2, 1, 2, 1, 0, 8), {
      symbolic: 'W_out = (W_in − 1)·s − p_begin − p_end + d·(k − 1) + op + 1',
      numbers: '(5−1)·2 − 1 − 2 + 1·(3−1) + 0 + 1 = 8',
    });
  });
});
