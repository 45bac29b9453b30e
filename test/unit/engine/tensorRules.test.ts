/**
 * The tensor-family rules (src/core/engine/rules/tensor.ts) on sizes that are not numbers: a
 * symbol passes through where the rule only moves it, and a size the rule would have to compute
 * from a symbol is unknown with a reason — never a guess. Expected shapes are derived by hand in
 * each title (the numeric cases are checked against the frameworks in test/unit/conformance).
 */
import * as assert from 'node:assert/strict';
import { reportShape } from '../../../src/core/dims';
import { readModel, type ModelSpec } from '../support/modelSpec';

async function lastLayer(spec: ModelSpec) {
  const { analysis } = await readModel(spec);
  const layers = analysis.models[0].layers;
  return { layer: layers[layers.length - 1], diagnostics: analysis.diagnostics };
}

describe('Tensor rules on symbolic and unknown sizes', () => {
  it('ONNX Reshape copies a symbolic batch through a 0 and infers -1 from the numbers: [N, 3, 4, 4] -> [N, 48]', async () => {
    const { layer, diagnostics } = await lastLayer({ framework: 'onnx', input: ['N', 3, 4, 4], layers: [{ type: 'Reshape', shape: [0, -1] }] });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(reportShape(layer.output), ['N', 48]);
  });

  it('ONNX Reshape infers its -1 from symbolic sizes when the division is exact: [2, H] -> [H, 2]', async () => {
    const { layer } = await lastLayer({ framework: 'onnx', input: [2, 'H'], layers: [{ type: 'Reshape', shape: [-1, 2] }] });
    assert.deepEqual(reportShape(layer.output), ['H', 2]);
  });

  it('ONNX Reshape whose -1 would need an inexact division of a symbol is unknown there, with a reason: [3, H] -> [?, 2]', async () => {
    const { layer } = await lastLayer({ framework: 'onnx', input: [3, 'H'], layers: [{ type: 'Reshape', shape: [-1, 2] }] });
    assert.deepEqual(reportShape(layer.output), ['?', 2]);
    assert.ok(layer.unknown?.because.includes('H'), layer.unknown?.because);
  });

  it('Keras Add broadcasts a symbol against 1 and keeps equal symbols: [N, H, 1] + [N, 1, C=8] -> [N, H, 8]', async () => {
    const { layer, diagnostics } = await lastLayer({
      framework: 'keras',
      inputs: { a: ['N', 'H', 1], b: ['N', 1, 8] },
      layers: [{ type: 'Add', from: ['a', 'b'] }],
    });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(reportShape(layer.output), ['N', 'H', 8]);
  });

  it('Keras Multiply sets the batch aside, lining up the rest from the right: [N, 16] * [N, 1, 16] -> [N, 1, 16] (numpy would give [N, N, 16])', async () => {
    const { layer, diagnostics } = await lastLayer({
      framework: 'keras',
      inputs: { noise: ['N', 16], embedded: ['N', 1, 16] },
      layers: [{ type: 'Multiply', from: ['noise', 'embedded'] }],
    });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(reportShape(layer.output), ['N', 1, 16]);
  });

  it('Keras Add of known batch sizes that differ has a batch of None (Merge.compute_output_shape): [2, 3] + [4, 6, 3] -> [?, 6, 3]', async () => {
    const { layer, diagnostics } = await lastLayer({
      framework: 'keras',
      inputs: { a: [2, 3], b: [4, 6, 3] },
      layers: [{ type: 'Add', from: ['a', 'b'] }],
    });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(reportShape(layer.output), ['?', 6, 3]);
    assert.match(layer.unknown?.because ?? '', /batch sizes 2 and 4/);
  });

  it('a broadcast of two different symbols is unknown (H could be W, or 1): [N, H] + [N, W] -> [N, ?]', async () => {
    const { layer, diagnostics } = await lastLayer({
      framework: 'onnx',
      inputs: { a: ['N', 'H'], b: ['N', 'W'] },
      layers: [{ type: 'Mul', from: ['a', 'b'] }],
    });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(reportShape(layer.output), ['N', '?']);
  });

  it('a clash of known sizes is a shape-mismatch with no output: [2, 3] + B [4, 3]', async () => {
    const { layer, diagnostics } = await lastLayer({ framework: 'onnx', input: [2, 3], layers: [{ type: 'Add', B: [4, 3] }] });
    assert.deepEqual(diagnostics.map((diagnostic) => diagnostic.code), ['shape-mismatch']);
    assert.equal(layer.output, null);
  });

  it('ONNX Slice of a symbolic axis clamps like numpy: [N, 8] [1:3] on both axes -> [min(N, 3) - 1, 2]', async () => {
    const { layer } = await lastLayer({ framework: 'onnx', input: ['N', 8], layers: [{ type: 'Slice', starts: [1, 1], ends: [3, 3] }] });
    // max(0, min(3, N) − min(1, N)) = min(N, 3) − 1 for N ≥ 1 (N = 1 and 2 clamp the end).
    assert.deepEqual(reportShape(layer.output), ['min(N, 3) - 1', 2]);
  });

  it('ONNX Squeeze without axes needs every size: [N, 1, 4] -> unknown', async () => {
    const { layer, diagnostics } = await lastLayer({ framework: 'onnx', input: ['N', 1, 4], layers: [{ type: 'Squeeze' }] });
    assert.deepEqual(diagnostics, []);
    assert.equal(layer.output, null);
  });

  it('ONNX Squeeze with axes keeps a symbol elsewhere: [N, 1, 4] axes [1] -> [N, 4]', async () => {
    const { layer } = await lastLayer({ framework: 'onnx', input: ['N', 1, 4], layers: [{ type: 'Squeeze', axes: [1] }] });
    assert.deepEqual(reportShape(layer.output), ['N', 4]);
  });

  it('PyTorch GLU of a symbolic axis halves to unknown: [N, C] dim 1 -> [N, ?]', async () => {
    const { layer } = await lastLayer({ framework: 'pytorch', input: ['N', 'C'], layers: [{ type: 'GLU', dim: 1 }] });
    assert.deepEqual(reportShape(layer.output), ['N', '?']);
  });

  it('PyTorch PReLU: num_parameters weights, 3 of them for 3 channels; 4 for 3 channels is a channel-mismatch', async () => {
    const good = await lastLayer({ framework: 'pytorch', input: ['N', 3, 8, 8], layers: [{ type: 'PReLU', num_parameters: 3 }] });
    assert.equal(good.layer.params, 3);
    const bad = await lastLayer({ framework: 'pytorch', input: ['N', 3, 8, 8], layers: [{ type: 'PReLU', num_parameters: 4 }] });
    assert.deepEqual(bad.diagnostics.map((diagnostic) => diagnostic.code), ['channel-mismatch']);
  });

  it('Keras PReLU counts one weight per element of a sample, shared axes once: [N, 8, 8, 3] shared [1, 2] -> 3', async () => {
    const { layer } = await lastLayer({ framework: 'keras', input: ['N', 8, 8, 3], layers: [{ type: 'PReLU', shared_axes: [1, 2] }] });
    assert.equal(layer.params, 3);
  });

  it('Keras Permute moves a symbol: [N, H, 4] dims [2, 1] -> [N, 4, H]', async () => {
    const { layer } = await lastLayer({ framework: 'keras', input: ['N', 'H', 4], layers: [{ type: 'Permute', dims: [2, 1] }] });
    assert.deepEqual(reportShape(layer.output), ['N', 4, 'H']);
  });

  it('Keras Subtract takes exactly two inputs (Keras 3: "should be called on exactly 2 inputs"); two broadcast', async () => {
    const three = await lastLayer({ framework: 'keras', inputs: { a: ['N', 4], b: ['N', 4], c: ['N', 4] }, layers: [{ type: 'Subtract', from: ['a', 'b', 'c'] }] });
    assert.deepEqual(three.diagnostics.map((diagnostic) => diagnostic.code), ['shape-mismatch']);
    const two = await lastLayer({ framework: 'keras', inputs: { a: ['N', 4], b: ['N', 1] }, layers: [{ type: 'Subtract', from: ['a', 'b'] }] });
    assert.deepEqual(reportShape(two.layer.output), ['N', 4]);
  });

  it('Keras Dot of 4-D inputs (which TF.js refuses) along axes [3, 3]: [N, 2, 3, 5] · [N, 4, 6, 5] -> [N, 2, 3, 4, 6]', async () => {
    const { layer, diagnostics } = await lastLayer({
      framework: 'keras',
      inputs: { a: ['N', 2, 3, 5], b: ['N', 4, 6, 5] },
      layers: [{ type: 'Dot', axes: [3, 3], from: ['a', 'b'] }],
    });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(reportShape(layer.output), ['N', 2, 3, 4, 6]);
  });
});
