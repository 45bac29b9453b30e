/**
 * The rule families merged after the symbolic engine (spatial, tensor, sequence) on symbolic sizes
 * (issue 15): each converted rule gives its exact expression, a division that is exact for some
 * sizes only warns `conditional-shape`, one exact for none is an error, and what the algebra cannot
 * express is `?` with its reason. Expected expressions are derived by hand in the comments.
 */
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import type { DocumentAnalysis } from '../../../src/core/analysis';
import { reportShape } from '../../../src/core/dims';

async function analyze(lines: string[]): Promise<DocumentAnalysis> {
  return analyzeDocument(lines.join('\n') + '\n', 'model.yaml');
}

function outputs(analysis: DocumentAnalysis) {
  return analysis.models[0].layers.map((layer) => reportShape(layer.output));
}

function codes(analysis: DocumentAnalysis): string[] {
  return analysis.diagnostics.map((d) => `${d.severity} ${d.code}`);
}

/** The reason of the unknown size at `axis` of layer `index`'s output. */
function unknownReason(analysis: DocumentAnalysis, index: number, axis: number): string | undefined {
  const dim = analysis.models[0].layers[index].output?.[axis];
  return dim?.kind === 'unknown' ? dim.reason?.because : undefined;
}

describe('symbolic sizes through the spatial family', () => {
  it('PyTorch padding, unpooling, pixel shuffles and fractional pooling keep exact expressions', async () => {
    const analysis = await analyze([
      'input: [N, 4, H, W]',
      'layers:',
      '  - {type: ZeroPad2d, padding: [1, 2, 3, 4]}', // left 1 + right 2 on W, top 3 + bottom 4 on H
      '  - {type: MaxUnpool2d, kernel_size: 2, stride: 2}', // (i − 1)·2 + 2 = 2i
      '  - {type: PixelUnshuffle, downscale_factor: 2}', // 2H + 14 is even for every H: H + 7, channels 4·4
      '  - {type: PixelShuffle, upscale_factor: 2}', // back: channels 16/4, sizes ·2
      '  - {type: FractionalMaxPool2d, kernel_size: 2, output_ratio: 0.5}', // floor((2H + 14)·0.5) = H + 7
      '  - {type: ConstantPad2d, padding: [-1, 0, 0, -2], value: 0}', // crops one column, two rows
      '  - {type: Unfold, kernel_size: 3}', // (H + 5 − 2)·(W + 2 − 2): a product of two symbols
    ]);
    assert.deepEqual(codes(analysis), []);
    assert.deepEqual(outputs(analysis), [
      ['N', 4, 'H + 7', 'W + 3'],
      ['N', 4, '2*H + 14', '2*W + 6'],
      ['N', 16, 'H + 7', 'W + 3'],
      ['N', 4, '2*H + 14', '2*W + 6'],
      ['N', 4, 'H + 7', 'W + 3'],
      ['N', 4, 'H + 5', 'W + 2'],
      ['N', 36, '?'],
    ]);
    assert.match(unknownReason(analysis, 6, 2) ?? '', /Unfold .*product of two symbolic sizes/);
  });

  it('Unfold counts the blocks with the convolution window arithmetic when one axis is known', async () => {
    const analysis = await analyze([
      'input: [N, 4, H, 10]',
      'layers:',
      // H: floor((H + 2 − 3)/2) + 1 = ceil(H/2); W: floor((10 + 2 − 3)/2) + 1 = 5; features 4·3·3
      '  - {type: Unfold, kernel_size: 3, stride: 2, padding: 1}',
    ]);
    assert.deepEqual(outputs(analysis), [['N', 36, '5*ceil(H/2)']]);
  });

  it('PixelUnshuffle of a size divisible for some H only warns conditional-shape; the quotient is ? with the condition', async () => {
    const analysis = await analyze([
      'input: [N, 4, H, 8]',
      'layers:',
      '  - {type: ZeroPad2d, padding: [0, 0, 1, 0]}', // H + 1: even only when H is odd
      '  - {type: PixelUnshuffle, downscale_factor: 2}',
    ]);
    assert.deepEqual(codes(analysis), ['warning conditional-shape']);
    assert.match(analysis.diagnostics[0].message, /PixelUnshuffle divides the height \(H \+ 1\) by 2 only when H is odd \(H = \d+: /);
    assert.deepEqual(outputs(analysis)[1], ['N', 16, '?', 4]);
    assert.match(unknownReason(analysis, 1, 2) ?? '', /division by 2 is not exact for every allowed value \(only when H is odd\)/);
  });

  it('a division that is exact for no allowed size is the framework error, the size written as its expression', async () => {
    const analysis = await analyze([
      'assume: {H: {multipleOf: 2}}',
      'input: [N, 4, H, 8]',
      'layers:',
      '  - {type: ZeroPad2d, padding: [0, 0, 1, 0]}', // H + 1 is odd for every even H
      '  - {type: PixelUnshuffle, downscale_factor: 2}',
    ]);
    assert.deepEqual(codes(analysis), ['error shape-mismatch']);
    assert.match(analysis.diagnostics[0].message, /input\.size\(-2\)=H \+ 1 is not divisible by 2/);
  });

  it('Fold checks its input length against the blocks of output_size for every allowed value', async () => {
    const analysis = await analyze([
      'input: [N, 4, H, 8]',
      'layers:',
      '  - {type: Unfold, kernel_size: 2, stride: 2}', // floor(H/2)·4 blocks of 4·2·2 features
      '  - {type: Fold, output_size: [8, 8], kernel_size: 2, stride: 2}', // needs 4·4 = 16 blocks: H = 8 or 9
    ]);
    assert.deepEqual(codes(analysis), ['warning conditional-shape']);
    assert.match(analysis.diagnostics[0].message, /^Fold: the input length 4\*floor\(H\/2\) is the 16 blocks of output_size only for some values/);
    assert.deepEqual(outputs(analysis), [
      ['N', 16, '4*floor(H/2)'],
      ['N', 4, 8, 8],
    ]);
  });

  it('Keras depthwise and separable convolutions share the convolution window arithmetic', async () => {
    const analysis = await analyze([
      'framework: keras',
      'input: [N, H, W, 4]',
      'layers:',
      '  - {type: DepthwiseConv2D, kernel_size: 3, strides: 2, padding: same}', // ceil(H/2)
      '  - {type: SeparableConv2D, filters: 8, kernel_size: 3, padding: valid}', // ceil(H/2) − 3 + 1
      '  - {type: ZeroPadding2D, padding: [1, 2]}', // + 2 rows, + 4 columns
    ]);
    assert.deepEqual(codes(analysis), []);
    assert.deepEqual(outputs(analysis), [
      ['N', 'ceil(H/2)', 'ceil(W/2)', 4],
      ['N', 'ceil(H/2) - 2', 'ceil(W/2) - 2', 8],
      ['N', 'ceil(H/2)', 'ceil(W/2) + 2', 8],
    ]);
  });

  it('ONNX Pad, DepthToSpace and SpaceToDepth', async () => {
    const analysis = await analyze([
      'framework: onnx',
      'input: [N, 4, H, W]',
      'layers:',
      '  - {type: Pad, pads: [0, 0, 1, 2, 0, 0, 3, 4]}', // H + 1 + 3, W + 2 + 4
      '  - {type: DepthToSpace, blocksize: 2}', // channels 4/4, sizes ·2
      '  - {type: SpaceToDepth, blocksize: 2}', // 2H + 8 is even for every H
    ]);
    assert.deepEqual(codes(analysis), []);
    assert.deepEqual(outputs(analysis), [
      ['N', 4, 'H + 4', 'W + 6'],
      ['N', 1, '2*H + 8', '2*W + 12'],
      ['N', 4, 'H + 4', 'W + 6'],
    ]);
  });
});

describe('symbolic sizes through the tensor family', () => {
  it('ONNX Slice clamps like numpy, Tile multiplies, Split takes ceil(d/n)', async () => {
    const analysis = await analyze([
      'framework: onnx',
      'assume: {W: {min: 4}}',
      'input: [N, 4, H, W]',
      'layers:',
      '  - {type: Slice, starts: [1], ends: [9223372036854775807], axes: [2]}', // H − 1 (to the end)
      '  - {type: Slice, starts: [0], ends: [-2], axes: [3]}', // min(max(W − 2, 0), W) − 0 = W − 2 for W ≥ 4
      '  - {type: Tile, repeats: [1, 1, 2, 3]}',
      '  - {type: Split, axis: 2, num_outputs: 2}', // ceil((2H − 2)/2) = H − 1
    ]);
    assert.deepEqual(codes(analysis), []);
    assert.deepEqual(outputs(analysis), [
      ['N', 4, 'H - 1', 'W'],
      ['N', 4, 'H - 1', 'W - 2'],
      ['N', 4, '2*H - 2', '3*W - 6'],
      ['N', 4, 'H - 1', '3*W - 6'],
    ]);
  });

  it('a broadcast of sizes equal for some values only warns, and is their maximum', async () => {
    const analysis = await analyze([
      'framework: onnx',
      'input: [N, 4, H, 8]',
      'layers:',
      '  - {type: MaxPool, kernel_shape: [2, 2], strides: [2, 2]}', // floor(H/2)
      '  - {type: Resize, scales: [1, 1, 2, 2]}', // 2·floor(H/2): H when H is even, H − 1 when odd
      '  - {type: Add, from: [-1, input]}',
    ]);
    assert.deepEqual(codes(analysis), ['warning conditional-shape']);
    assert.equal(analysis.diagnostics[0].message, 'Add broadcasts 2*floor(H/2) and H only when H is even (H = 101: 100 vs 101).');
    // max(2·floor(H/2), H) = H: where the sizes agree, or where 2·floor(H/2) is 1 (never: it is even).
    assert.deepEqual(outputs(analysis)[2], ['N', 4, 'H', 8]);
  });

  it('GLU halves exactly under the assumption; Unflatten infers -1 only where it divides', async () => {
    const analysis = await analyze([
      'assume: {H: {multipleOf: 2}}',
      'input: [N, H, 8]',
      'layers:',
      '  - {type: GLU, dim: 1}', // H/2, H even
      '  - {type: Unflatten, dim: 1, unflattened_size: [-1, 4]}', // (H/2)/4: exact only when H is a multiple of 8
    ]);
    assert.deepEqual(codes(analysis), ['warning conditional-shape']);
    assert.match(analysis.diagnostics[0].message, /Unflatten divides the unflattened axis \(H\/2\) by 4 only when H is a multiple of 8/);
    assert.deepEqual(outputs(analysis), [
      ['N', 'H/2', 8],
      ['N', '?', 4, 8],
    ]);
  });

  it('MatMul inner sizes that agree for some sizes only warn; equal symbols multiply', async () => {
    const equal = await analyze(['framework: onnx', 'inputs: {a: [N, 4, H], b: [N, H, 6]}', 'layers:', '  - {type: MatMul, from: [a, b]}']);
    assert.deepEqual(codes(equal), []);
    assert.deepEqual(outputs(equal), [['N', 4, 6]]);
    const pooled = await analyze([
      'framework: onnx',
      'inputs: {a: [N, 4, H], b: [N, 5, 6]}',
      'layers:',
      '  - {type: MaxPool, kernel_shape: [2], strides: [2], from: a}', // floor(H/2): 5 only for H = 10, 11
      '  - {type: MatMul, from: [-1, b]}',
    ]);
    assert.deepEqual(codes(pooled), ['warning conditional-shape']);
    assert.match(pooled.diagnostics[0].message, /^MatMul: the inner sizes \(floor\(H\/2\) and 5\) agree only for some values/);
    assert.deepEqual(outputs(pooled)[1], ['N', 4, 6]);
  });

  it('GLU on an axis that is odd for every allowed value is the framework error', async () => {
    const odd = await analyze(['assume: {H: {multipleOf: 2}}', 'input: [N, 8, H]', 'layers:', '  - {type: ConstantPad1d, padding: [1, 0], value: 0}', '  - {type: GLU, dim: 2}']);
    assert.deepEqual(codes(odd), ['error shape-mismatch']);
    assert.match(odd.diagnostics[0].message, /Halving dimension must be even, but dimension 2 is size H \+ 1/);
  });
});

describe('symbolic sizes through the sequence family', () => {
  it('a symbolic sequence length T passes through embeddings, recurrent layers, attention and transformer blocks', async () => {
    const analysis = await analyze([
      'input: [N, T]',
      'layers:',
      '  - {type: Embedding, num_embeddings: 100, embedding_dim: 16}',
      '  - {type: LSTM, input_size: 16, hidden_size: 8, batch_first: true, bidirectional: true}', // 2·8 features
      '  - {type: MultiheadAttention, embed_dim: 16, num_heads: 2, batch_first: true, add_bias_kv: true}', // weights [N, T, T + 1]
      '  - {type: TransformerEncoderLayer, d_model: 16, nhead: 2, batch_first: true}',
    ]);
    assert.deepEqual(codes(analysis), []);
    assert.deepEqual(outputs(analysis), [
      ['N', 'T', 16],
      ['N', 'T', 16],
      ['N', 'T', 16],
      ['N', 'T', 16],
    ]);
    assert.deepEqual(reportShape(analysis.models[0].layers[2].otherOutputs?.[0].shape ?? null), ['N', 'T', 'T + 1']);
  });

  it('key and value lengths that agree for some T only warn conditional-shape', async () => {
    const analysis = await analyze([
      'framework: keras',
      'input: [N, T, 8]',
      'layers:',
      '  - {type: Dense, units: 8}',
      '  - {type: MaxPooling1D, pool_size: 2}', // floor(T/2)
      '  - {type: UpSampling1D, size: 2}', // 2·floor(T/2): T only when T is even
      '  - {type: MultiHeadAttention, num_heads: 2, key_dim: 4, from: [0, -1, 0]}', // query, value, key
    ]);
    assert.deepEqual(codes(analysis), ['warning conditional-shape']);
    assert.equal(analysis.diagnostics[0].message, 'MultiHeadAttention: key and value lengths (T and 2*floor(T/2)) agree only when T is even (T = 101: 101 vs 100).');
    assert.deepEqual(outputs(analysis)[3], ['N', 'T', 8]);
  });
});
