/**
 * The layers of the sequence & dense family that no framework available here can run: Keras 3's
 * own layers (TF.js has no attention layers, no GroupNormalization/UnitNormalization/
 * RMSNormalization, and no GRU `reset_after=True`) and PyTorch 2.x's RMSNorm (torch 1.13 has
 * none). Expected values are hand-derived from the documented formulas, each written out.
 */
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { reportShape } from '../../../src/core/dims';
import type { Framework } from '../../../src/core/ir';
import { modelFile, oneLayerSpec, type SpecLayer, type SpecValue } from '../support/modelSpec';

async function analyzeOne(framework: Framework, inputs: SpecValue[], layer: SpecLayer) {
  const { text, fileName } = modelFile(oneLayerSpec(framework, inputs, layer));
  const analysis = await analyzeDocument(text, fileName);
  const result = analysis.models[0].layers.at(-1)!;
  return {
    output: reportShape(result.output),
    params: result.params,
    others: result.otherOutputs?.map(({ name, shape }) => [name, reportShape(shape)]),
    codes: analysis.diagnostics.map((d) => d.code),
  };
}

describe('Keras 3 layers of the sequence family TF.js lacks (documented formulas)', () => {
  it('GRU defaults to reset_after=True: 3·(units·(in + units) + 2·units) parameters', async () => {
    // GRU(4) on 3 features: 3·(4·(3 + 4) + 2·4) = 3·36 = 108 (Keras 3 GRUCell: bias of shape (2, 3·units)).
    assert.deepEqual(await analyzeOne('keras', [['N', 5, 3]], { type: 'GRU', units: 4 }), { output: ['N', 4], params: 108, others: undefined, codes: [] });
    // reset_after=False: 3·(4·7 + 4) = 96, TF.js's count.
    assert.equal((await analyzeOne('keras', [['N', 5, 3]], { type: 'GRU', units: 4, reset_after: false })).params, 96);
  });

  it('MultiHeadAttention(num_heads=2, key_dim=2) on [8, 16] and [4, 16]: the query’s shape, four projections', async () => {
    // keras.io MultiHeadAttention example: output (None, 8, 16). Projections: query 16·(2·2) + 4 = 68,
    // key 68, value 68, output (2·2)·16 + 16 = 80: 284.
    const result = await analyzeOne('keras', [['N', 8, 16], ['N', 4, 16]], { type: 'MultiHeadAttention', num_heads: 2, key_dim: 2 });
    assert.deepEqual(result, { output: ['N', 8, 16], params: 284, others: undefined, codes: [] });
  });

  it('MultiHeadAttention with value_dim, output_shape and a separate key', async () => {
    // query [N, 5, 8], value [N, 7, 6], key [N, 7, 3]; heads 3, key_dim 2, value_dim 4, output_shape 10:
    // query 8·6 + 6 = 54, key 3·6 + 6 = 24, value 6·12 + 12 = 84, output 12·10 + 10 = 130: 292.
    const layer = { type: 'MultiHeadAttention', num_heads: 3, key_dim: 2, value_dim: 4, output_shape: 10 };
    assert.deepEqual(await analyzeOne('keras', [['N', 5, 8], ['N', 7, 6], ['N', 7, 3]], layer), { output: ['N', 5, 10], params: 292, others: undefined, codes: [] });
    // Key and value of different lengths cannot be attended together.
    assert.deepEqual((await analyzeOne('keras', [['N', 5, 8], ['N', 7, 6], ['N', 6, 3]], layer)).codes, ['shape-mismatch']);
  });

  it('GroupQueryAttention: query heads share key/value heads', async () => {
    // head_dim 2, 4 query heads, 2 key/value heads, query [N, 5, 8], value [N, 7, 6]: query 8·8 + 8 = 72,
    // key 6·4 + 4 = 28, value 6·4 + 4 = 28, output 8·8 + 8 = 72: 200 (keras.io GroupedQueryAttention).
    const layer = { type: 'GroupQueryAttention', head_dim: 2, num_query_heads: 4, num_key_value_heads: 2 };
    assert.deepEqual(await analyzeOne('keras', [['N', 5, 8], ['N', 7, 6]], layer), { output: ['N', 5, 8], params: 200, others: undefined, codes: [] });
    assert.deepEqual((await analyzeOne('keras', [['N', 5, 8], ['N', 7, 6]], { ...layer, num_key_value_heads: 3 })).codes, ['invalid-parameter']);
  });

  it('Attention and AdditiveAttention: the value’s features at each query position, scale weights only', async () => {
    const inputs = [['N', 4, 5], ['N', 6, 5]];
    assert.deepEqual(await analyzeOne('keras', inputs, { type: 'Attention' }), { output: ['N', 4, 5], params: 0, others: undefined, codes: [] });
    // use_scale: one scalar; score_mode='concat': one more scalar (concat_score_weight).
    assert.equal((await analyzeOne('keras', inputs, { type: 'Attention', use_scale: true, score_mode: 'concat' })).params, 2);
    // AdditiveAttention(use_scale=True): a scale vector of the query's features.
    assert.equal((await analyzeOne('keras', inputs, { type: 'AdditiveAttention' })).params, 5);
    // Dot-product scores need query and key features alike; one input is not enough.
    assert.deepEqual((await analyzeOne('keras', [['N', 4, 3], ['N', 6, 5]], { type: 'Attention' })).codes, ['channel-mismatch']);
    assert.deepEqual((await analyzeOne('keras', [['N', 4, 5]], { type: 'Attention' })).codes, ['shape-mismatch']);
  });

  it('GroupNormalization, UnitNormalization, RMSNormalization', async () => {
    // GroupNormalization(groups=4) on 16 channels: gamma and beta of 16 each.
    assert.deepEqual(await analyzeOne('keras', [['N', 8, 8, 16]], { type: 'GroupNormalization', groups: 4 }), { output: ['N', 8, 8, 16], params: 32, others: undefined, codes: [] });
    assert.deepEqual((await analyzeOne('keras', [['N', 8, 8, 16]], { type: 'GroupNormalization', groups: 5 })).codes, ['groups-mismatch']);
    assert.deepEqual(await analyzeOne('keras', [['N', 5, 8]], { type: 'UnitNormalization' }), { output: ['N', 5, 8], params: 0, others: undefined, codes: [] });
    assert.deepEqual(await analyzeOne('keras', [['N', 5, 8]], { type: 'RMSNormalization' }), { output: ['N', 5, 8], params: 8, others: undefined, codes: [] });
  });

  it('Bidirectional(merge_mode=None) returns both directions; return_state adds each direction’s states', async () => {
    // LSTM(4) on 3 features: 4·(4·(3 + 4) + 4) = 128 per direction.
    const layer = { type: 'Bidirectional', merge_mode: null, layer: { type: 'LSTM', units: 4, return_sequences: true, return_state: true } };
    assert.deepEqual(await analyzeOne('keras', [['N', 6, 3]], layer), {
      output: ['N', 6, 4],
      params: 256,
      others: [
        ['backward_output', ['N', 6, 4]],
        ['forward_state_h', ['N', 4]],
        ['forward_state_c', ['N', 4]],
        ['backward_state_h', ['N', 4]],
        ['backward_state_c', ['N', 4]],
      ],
      codes: [],
    });
    assert.deepEqual((await analyzeOne('keras', [['N', 6, 3]], { type: 'Bidirectional', layer: { type: 'Dense', units: 2 } })).codes, ['invalid-parameter']);
    assert.deepEqual((await analyzeOne('keras', [['N', 6, 3]], { type: 'TimeDistributed', layer: { type: 'Nope' } })).codes, ['invalid-parameter']);
  });
});

describe('PyTorch 2.x RMSNorm (torch.nn.RMSNorm, documented formula)', () => {
  it('normalises the trailing normalized_shape with one weight per element', async () => {
    assert.deepEqual(await analyzeOne('pytorch', [[2, 5, 8]], { type: 'RMSNorm', normalized_shape: [8] }), { output: [2, 5, 8], params: 8, others: undefined, codes: [] });
    assert.deepEqual(await analyzeOne('pytorch', [[2, 5, 8]], { type: 'RMSNorm', normalized_shape: [5, 8], elementwise_affine: false }), { output: [2, 5, 8], params: 0, others: undefined, codes: [] });
    assert.deepEqual((await analyzeOne('pytorch', [[2, 5, 8]], { type: 'RMSNorm', normalized_shape: 4 })).codes, ['shape-mismatch']);
  });

  it('counts the multiply-adds of the Transformer blocks’ matrix products', async () => {
    const macsOf = async (inputs: SpecValue[], layer: SpecLayer) => {
      const { text, fileName } = modelFile(oneLayerSpec('pytorch', inputs, layer));
      return (await analyzeDocument(text, fileName)).models[0].layers[0].macs;
    };
    // Encoder block, E = 4, F = 8, S = 3, N = 2: projections 4·4²·3 = 192, scores and weighted sum
    // 2·3²·4 = 72, feed-forward 2·4·8·3 = 192: 456 per batch element, 912 in all.
    const encoder = { type: 'TransformerEncoderLayer', d_model: 4, nhead: 2, dim_feedforward: 8 };
    assert.equal(await macsOf([[3, 2, 4]], encoder), 912);
    // Two of them stacked: twice as many.
    assert.equal(await macsOf([[3, 2, 4]], { type: 'TransformerEncoder', encoder_layer: encoder, num_layers: 2 }), 1824);
    // Decoder block, T = 2, memory S = 3, N = 1: self-attention 4·16·2 + 2·2²·4 = 160; attention to
    // the memory 2·16·2 + 2·16·3 + 2·2·3·4 = 208; feed-forward 2·4·8·2 = 128: 496.
    assert.equal(await macsOf([[2, 1, 4], [3, 1, 4]], { type: 'TransformerDecoderLayer', d_model: 4, nhead: 2, dim_feedforward: 8 }), 496);
  });

  it('MultiheadAttention with one input attends the input to itself, as attn(x, x, x)', async () => {
    // embed_dim 8: in_proj 3·8·8 + 3·8 = 216, out_proj 8·8 + 8 = 72: 288; weights (N, L, S) = (2, 5, 5).
    const result = await analyzeOne('pytorch', [[5, 2, 8]], { type: 'MultiheadAttention', embed_dim: 8, num_heads: 2 });
    assert.deepEqual(result, { output: [5, 2, 8], params: 288, others: [['attn_output_weights', [2, 5, 5]]], codes: [] });
  });
});

describe('TF.js code with the sequence family (the TypeScript reader)', () => {
  it("reads embedding({inputDim}) without a false alarm and a factory call inside a wrapper through the wrapper's rule", async () => {
    const text = [
      "import * as tf from '@tensorflow/tfjs';",
      'const model = tf.sequential();',
      'model.add(tf.layers.embedding({ inputDim: 100, outputDim: 16, inputShape: [20] }));',
      "model.add(tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 8 }), mergeMode: 'concat' }));",
      '',
    ].join('\n');
    const analysis = await analyzeDocument(text, 'model.ts');
    assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error'), []);
    const [embedding, bidirectional] = analysis.models[0].layers;
    // The reader takes inputDim as the model input, so the vocabulary size (and the count) is unknown.
    assert.deepEqual([reportShape(embedding.output), embedding.params], [['N', 20, 16], null]);
    // LSTM(8) on 16 features in both directions, concatenated: [N, 16]; 2·4·(8·(16 + 8) + 8) = 1600.
    assert.deepEqual([reportShape(bidirectional.output), bidirectional.params], [['N', 16], 1600]);
  });
});

describe('Symbolic sizes through the sequence family', () => {
  it('keeps batch and time symbols, leaves counts that need them unknown, never guesses a broadcast', async () => {
    // LSTM(4 → 8) on (T, N, 4): (T, N, 8); 4·(8·(4 + 8) + 2·8) = 448 parameters; multiply-adds need T and N.
    const { text, fileName } = modelFile(oneLayerSpec('pytorch', [['T', 'N', 4]], { type: 'LSTM', input_size: 4, hidden_size: 8 }));
    const [lstm] = (await analyzeDocument(text, fileName)).models[0].layers;
    assert.deepEqual([reportShape(lstm.output), lstm.params, lstm.macs], [['T', 'N', 8], 448, null]);
    assert.deepEqual(lstm.otherOutputs?.map(({ shape }) => reportShape(shape)), [[1, 'N', 8], [1, 'N', 8]]);
    // MatMul: a symbol against 1 keeps the symbol; against a known size it can only be that size;
    // two different symbols could broadcast either way: unknown, not a guess.
    assert.deepEqual((await analyzeOne('onnx', [['B', 2, 3], [1, 3, 4]], { type: 'MatMul' })).output, ['B', 2, 4]);
    assert.deepEqual((await analyzeOne('onnx', [['B', 2, 3], [5, 3, 4]], { type: 'MatMul' })).output, [5, 2, 4]);
    assert.deepEqual((await analyzeOne('onnx', [['B', 2, 3], ['C', 3, 4]], { type: 'MatMul' })).output, ['?', 2, 4]);
    assert.deepEqual((await analyzeOne('onnx', [['B', 2, 3], ['B', 3, 4]], { type: 'MatMul' })).output, ['B', 2, 4]);
    // MultiheadAttention on symbolic lengths: the weights keep them (add_bias_kv appends one key position: S + 1).
    const attention = { type: 'MultiheadAttention', embed_dim: 4, num_heads: 2 };
    assert.deepEqual((await analyzeOne('pytorch', [['L', 'N', 4], ['S', 'N', 4], ['S', 'N', 4]], attention)).others, [['attn_output_weights', ['N', 'L', 'S']]]);
    assert.deepEqual((await analyzeOne('pytorch', [['L', 'N', 4], ['S', 'N', 4], ['S', 'N', 4]], { ...attention, add_bias_kv: true })).others, [['attn_output_weights', ['N', 'L', 'S + 1']]]);
  });
});
