/**
 * The sequence & dense family of torch.nn: recurrent layers and cells, embeddings, Bilinear and
 * the lazy layers, LayerNorm/RMSNorm and the other norms, MultiheadAttention and the Transformer
 * blocks. Defaults, checks and wording of torch 1.13 (RMSNorm: 2.x); docs/frameworks/pytorch.md.
 */
import type { CanonicalLayer, LayerBuilder, LayerEntry } from '../../engine/canonical';
import { type LayerParams, NON_NEGATIVE, POSITIVE } from '../../engine/params';
import type { CallSignature } from '../../engine/signature';
import type { AttentionLayer, RecurrentLayer, SequenceRole, TransformerLayer } from '../../engine/rules/sequence';
import { Code } from '../../diagnostics';
import { byRank, declared, pythonSignature, signedEntries } from '../common';
import { buildNested } from '../nestedLayer';
import { notModelled } from '../unmodelled';
import { MAX_TENSOR_RANK } from '../../engine/shapes';

/** The axes of a batched sequence: `(N, L, H)` with `batch_first`, else `(L, N, H)`. */
function sequenceAxes(params: LayerParams): readonly SequenceRole[] {
  return params.boolean('batch_first', false) ? ['batch', 'time', 'features'] : ['time', 'batch', 'features'];
}

const GATES = { RNN: 1, GRU: 3, LSTM: 4 } as const;
type Recurrent = keyof typeof GATES;

/** `RNN`, `GRU`, `LSTM`: `(output, h_n)` or `(output, (h_n, c_n))`; the output is the first. */
function recurrent(kind: Recurrent): LayerBuilder {
  return (params): RecurrentLayer => {
    params.require('input_size', 'the number of input features');
    params.require('hidden_size', 'the number of hidden features');
    const hidden = params.number('hidden_size', 1, POSITIVE);
    const projSize = params.number('proj_size', 0, NON_NEGATIVE);
    if (kind === 'RNN') params.choice('nonlinearity', ['tanh', 'relu'], 'tanh');
    if (projSize > 0 && kind !== 'LSTM') {
      params.reject(params.spanOf('proj_size'), 'proj_size argument is only supported for LSTM, not RNN or GRU (PyTorch raises a ValueError).');
    } else if (projSize >= hidden) {
      params.reject(params.spanOf('proj_size'), `proj_size has to be smaller than hidden_size (${projSize} >= ${hidden}; PyTorch raises a ValueError).`);
    }
    const input = sequenceAxes(params);
    const inFeatures = declared(params, 'input_size');
    return {
      op: 'recurrent',
      input,
      batchOptional: true,
      gates: GATES[kind],
      hidden,
      projection: projSize > 0 ? projSize : null,
      layers: params.number('num_layers', 1, POSITIVE),
      directions: params.boolean('bidirectional', false) ? 2 : 1,
      biases: params.boolean('bias', true) ? 2 : 0,
      mergeDirections: false,
      outputs: [
        { name: 'output', axes: input },
        { name: 'h_n', axes: ['stateRows', 'batch', 'stepFeatures'] },
        ...(kind === 'LSTM' ? [{ name: 'c_n', axes: ['stateRows', 'batch', 'cellFeatures'] } as const] : []),
      ],
      ...(inFeatures && { inFeatures }),
    };
  };
}

/** `RNNCell`, `GRUCell` → `h'`; `LSTMCell` → `(h', c')`. */
function cell(kind: Recurrent): LayerBuilder {
  return (params): RecurrentLayer => {
    params.require('input_size', 'the number of input features');
    params.require('hidden_size', 'the number of hidden features');
    if (kind === 'RNN') params.choice('nonlinearity', ['tanh', 'relu'], 'tanh');
    const inFeatures = declared(params, 'input_size');
    return {
      op: 'recurrent',
      input: ['batch', 'features'],
      batchOptional: true,
      gates: GATES[kind],
      hidden: params.number('hidden_size', 1, POSITIVE),
      projection: null,
      layers: 1,
      directions: 1,
      biases: params.boolean('bias', true) ? 2 : 0,
      mergeDirections: false,
      outputs: [{ name: "h'", axes: ['batch', 'cellFeatures'] }, ...(kind === 'LSTM' ? [{ name: "c'", axes: ['batch', 'cellFeatures'] } as const] : [])],
      ...(inFeatures && { inFeatures }),
    };
  };
}

const embedding: LayerBuilder = (params) => {
  params.require('num_embeddings', 'the size of the dictionary');
  params.require('embedding_dim', 'the size of each embedding vector');
  const count = params.number('num_embeddings', 1, POSITIVE);
  const padding = params.optionalNumber('padding_idx', 0);
  if (padding !== undefined && (padding < -count || padding >= count)) {
    params.reject(params.spanOf('padding_idx'), `Padding_idx must be within num_embeddings (${padding} is outside [-${count}, ${count - 1}]).`);
  }
  return { op: 'embedding', count, dim: params.number('embedding_dim', 1, POSITIVE), ranks: [], bag: false };
};

const embeddingBag: LayerBuilder = (params) => {
  params.require('num_embeddings', 'the size of the dictionary');
  params.require('embedding_dim', 'the size of each embedding vector');
  params.choice('mode', ['sum', 'mean', 'max'], 'mean');
  return {
    op: 'embedding',
    count: params.number('num_embeddings', 1, POSITIVE),
    dim: params.number('embedding_dim', 1, POSITIVE),
    ranks: [2],
    rankMessages: {
      1: 'A 1-D input needs `offsets` (a second argument ConvLens does not model); PyTorch raises "offsets has to be a 1D Tensor but got None".',
    },
    bag: true,
  };
};

const bilinear: LayerBuilder = (params) => {
  for (const key of ['in1_features', 'in2_features', 'out_features']) params.require(key, 'a feature count');
  const in1 = declared(params, 'in1_features');
  const in2 = declared(params, 'in2_features');
  return { op: 'bilinear', units: params.number('out_features', 1, POSITIVE), bias: params.boolean('bias', true), ...(in1 && { in1 }), ...(in2 && { in2 }) };
};

const lazyLinear: LayerBuilder = (params) => {
  params.require('out_features', 'the number of output features');
  return { op: 'dense', units: params.number('out_features', 1, POSITIVE), bias: params.boolean('bias', true), acceptsVector: true };
};

/** `LayerNorm` (`bias` from 2.1) and `RMSNorm` (2.4): the trailing `normalized_shape` axes. */
function trailingNorm(withBias: boolean): LayerBuilder {
  return (params) => {
    params.require('normalized_shape', 'the trailing shape to normalise');
    const value = params.entry('normalized_shape')?.value;
    const sizes = value?.kind === 'list' ? params.list('normalized_shape', [value.items.length], [], POSITIVE) : [params.number('normalized_shape', 1, POSITIVE)];
    const affine = params.boolean('elementwise_affine', true);
    const perElement = affine ? (withBias && params.boolean('bias', true) ? 2 : 1) : 0;
    return {
      op: 'axisNorm',
      axes: { from: -sizes.length },
      expected: { sizes, key: 'normalized_shape', broadcast: false },
      paramsPerElement: perElement,
    };
  };
}

/** Input ranks from `lowest` up to the largest rank ConvLens reads. */
const ranksFrom = (lowest: number) => Array.from({ length: MAX_TENSOR_RANK - lowest + 1 }, (_, index) => index + lowest);
const RANK_2_OR_MORE = ranksFrom(2);
const RANK_3_OR_MORE = ranksFrom(3);

/**
 * `LazyBatchNorm*d`, `LazyInstanceNorm*d`: `num_features` from the input. Both take
 * `_LazyNormBase`'s defaults `affine=True, track_running_stats=True` (InstanceNorm's own are
 * False). torch 1.13's LazyInstanceNorm infers `num_features` from `input.shape[1]` even for an
 * unbatched input and then fails, so it accepts batched inputs only.
 */
function lazyNorm(ranks: number[]): LayerBuilder {
  return (params) => ({ op: 'norm', channelsLast: false, paramsPerChannel: params.boolean('affine', true) ? 2 : 0, ranks });
}

/** Shape-keeping normalisation without weights over inputs of the given ranks (local response norm). */
function responseNorm(ranks: number[]): LayerBuilder {
  return () => ({ op: 'norm', channelsLast: false, paramsPerChannel: 0, ranks });
}

/** `SyncBatchNorm`: BatchNorm over `(N, C, +)` (PyTorch runs it on GPUs only; the shape does not depend on that). */
const syncBatchNorm: LayerBuilder = (params) => {
  params.require('num_features', 'the number of channels');
  const features = declared(params, 'num_features');
  return { op: 'norm', channelsLast: false, paramsPerChannel: params.boolean('affine', true) ? 2 : 0, ranks: RANK_2_OR_MORE, ...(features && { features }) };
};

const multiheadAttention: LayerBuilder = (params): AttentionLayer => {
  params.require('embed_dim', 'the model dimension');
  params.require('num_heads', 'the number of heads');
  const embed = params.number('embed_dim', 1, POSITIVE);
  const heads = params.number('num_heads', 1, POSITIVE);
  if (embed % heads !== 0) params.reject(params.spanOf('num_heads'), `embed_dim must be divisible by num_heads (${embed} by ${heads}; PyTorch raises an AssertionError).`);
  const bias = params.boolean('bias', true);
  const biasKv = params.boolean('add_bias_kv', false);
  const kdim = params.optionalNumber('kdim', 1, POSITIVE) ?? embed;
  const vdim = params.optionalNumber('vdim', 1, POSITIVE) ?? embed;
  return {
    op: 'attention',
    order: ['query', 'key', 'value'],
    // One input stands for `attn(x, x, x)` (self-attention); docs/frameworks/pytorch.md.
    minInputs: 1,
    input: sequenceAxes(params),
    batchOptional: true,
    queryFeatures: { value: embed, key: 'embed_dim', fixable: true },
    keyFeatures: { value: kdim, key: params.has('kdim') ? 'kdim' : 'embed_dim', fixable: params.has('kdim') },
    valueFeatures: { value: vdim, key: params.has('vdim') ? 'vdim' : 'embed_dim', fixable: params.has('vdim') },
    queryMatchesKey: false,
    projections: [
      { from: 'query', units: embed, bias },
      { from: 'key', units: embed, bias },
      { from: 'value', units: embed, bias },
      { from: embed, units: embed, bias },
    ],
    extraParams: biasKv ? 2 * embed : 0,
    outputFeatures: embed,
    extraKeys: (biasKv ? 1 : 0) + (params.boolean('add_zero_attn', false) ? 1 : 0),
    heads,
    // need_weights=True and average_attn_weights=True by default: one map per batch element.
    weights: { name: 'attn_output_weights', axes: ['batch', 'target', 'source'] },
  };
};

/** Parameters of the Transformer blocks with model size `e` and feed-forward size `f`. */
function blockParams(e: number, f: number) {
  const attention = 4 * e * e + 4 * e;
  const feedForward = 2 * e * f + f + e;
  return { encoder: attention + feedForward + 4 * e, decoder: 2 * attention + feedForward + 6 * e };
}

/** `TransformerEncoderLayer` (src), `TransformerDecoderLayer` (tgt, memory), `Transformer` (src, tgt). */
function transformer(kind: 'encoder' | 'decoder' | 'full'): LayerBuilder {
  return (params): TransformerLayer => {
    const full = kind === 'full';
    if (!full) {
      params.require('d_model', 'the model dimension');
      params.require('nhead', 'the number of heads');
    }
    const model = params.number('d_model', 512, POSITIVE);
    const heads = params.number('nhead', 8, POSITIVE);
    const feedForward = params.number('dim_feedforward', 2048, POSITIVE);
    if (model % heads !== 0) params.reject(params.spanOf('nhead'), `embed_dim must be divisible by num_heads (d_model ${model} by nhead ${heads}; PyTorch raises an AssertionError).`);
    for (const key of ['custom_encoder', 'custom_decoder']) notModelled(params, key);
    const sizes = blockParams(model, feedForward);
    const count = full
      ? params.number('num_encoder_layers', 6, NON_NEGATIVE) * sizes.encoder + params.number('num_decoder_layers', 6, NON_NEGATIVE) * sizes.decoder + 4 * model
      : sizes[kind];
    // PyTorch meets a wrong feature size first in attention, or with norm_first in LayerNorm;
    // Transformer checks it itself ("the feature number of src and tgt must be equal to d_model").
    const inLayerNorm = !full && params.boolean('norm_first', false);
    return {
      op: 'transformer',
      input: sequenceAxes(params),
      batchOptional: true,
      inputs: kind === 'encoder' ? 1 : 2,
      outputFrom: full ? 1 : 0,
      model: { value: model, key: 'd_model', fixable: true },
      mismatchCode: inLayerNorm ? Code.shapeMismatch : Code.channelMismatch,
      params: count,
      feedForward,
      encoderBlocks: full ? params.number('num_encoder_layers', 6, NON_NEGATIVE) : kind === 'encoder' ? 1 : 0,
      decoderBlocks: full ? params.number('num_decoder_layers', 6, NON_NEGATIVE) : kind === 'decoder' ? 1 : 0,
      // Transformer(src, tgt): encoder on src, decoder on tgt; a decoder layer (tgt, memory).
      sourceFrom: kind === 'decoder' ? 1 : 0,
      targetFrom: kind === 'encoder' ? 0 : kind === 'decoder' ? 0 : 1,
    };
  };
}

/**
 * `TransformerEncoder(encoder_layer, num_layers, norm)`, `TransformerDecoder(decoder_layer, …)`:
 * `num_layers` copies of the nested block, then the optional `norm` (a LayerNorm over d_model).
 */
function transformerStack(kind: 'encoder' | 'decoder'): LayerBuilder {
  const key = `${kind}_layer`;
  return (params, context): CanonicalLayer => {
    params.require(key, `the ${kind} layer to repeat`);
    params.require('num_layers', 'the number of layers');
    const layers = params.number('num_layers', 1, NON_NEGATIVE);
    const lookup = (type: string) => (Object.hasOwn(PYTORCH_SEQUENCE_LAYERS, type) ? PYTORCH_SEQUENCE_LAYERS[type] : undefined);
    const block = buildNested(params, key, context, lookup, { ignoreCase: false, rankOffset: 0 });
    const inputs = kind === 'encoder' ? 1 : 2;
    if (block && (block.op !== 'transformer' || block.inputs !== inputs || block.outputFrom !== 0)) {
      params.reject(params.spanOf(key), `${context.type} repeats a Transformer${kind === 'encoder' ? 'Encoder' : 'Decoder'}Layer.`);
    }
    if (!block || block.op !== 'transformer') return { op: 'elementwise' };
    const norm = buildNested(params, 'norm', context, lookup, { ignoreCase: false, rankOffset: 0 });
    let normParams = 0;
    if (norm?.op === 'axisNorm' && norm.expected && !norm.expected.broadcast) {
      normParams = norm.expected.sizes.reduce((total, size) => total * size, norm.paramsPerElement);
      if (norm.expected.sizes.length !== 1 || norm.expected.sizes[0] !== block.model.value) {
        params.report({
          code: Code.shapeMismatch,
          message: `${context.type}'s norm normalises [${norm.expected.sizes.join(', ')}], but the blocks output d_model = ${block.model.value} features (PyTorch raises "Given normalized_shape=…" in forward).`,
          span: params.spanOf('norm'),
        });
      }
    } else if (norm) {
      notModelled(params, 'norm');
    }
    return { ...block, params: layers * block.params + normParams, encoderBlocks: layers * block.encoderBlocks, decoderBlocks: layers * block.decoderBlocks };
  };
}

const RECURRENT_SIGNATURE = pythonSignature(
  'input_size, hidden_size, num_layers=1, bias=True, batch_first=False, dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None',
  'RNNBase',
);
const LAZY_NORM = pythonSignature('eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None', '_LazyNormBase');
const TRANSFORMER_BLOCK = (owner: string) =>
  pythonSignature(
    "d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu', layer_norm_eps=1e-05, batch_first=False, norm_first=False, device=None, dtype=None",
    owner,
  );

/**
 * Signatures as torch 1.13's `inspect.signature` lists them (test/fixtures/pytorch/sequence.json);
 * RNN/LSTM/GRU take `*args` and bind them as `RNNBase` does after `mode`; `activation`'s default
 * is the function `F.relu`, written by its name. RMSNorm as torch 2.4 documents it.
 */
const SIGNATURES: Record<string, CallSignature> = {
  RNN: RECURRENT_SIGNATURE,
  LSTM: RECURRENT_SIGNATURE,
  GRU: RECURRENT_SIGNATURE,
  RNNCell: pythonSignature("input_size, hidden_size, bias=True, nonlinearity='tanh', device=None, dtype=None"),
  LSTMCell: pythonSignature('input_size, hidden_size, bias=True, device=None, dtype=None'),
  GRUCell: pythonSignature('input_size, hidden_size, bias=True, device=None, dtype=None'),
  Embedding: pythonSignature(
    'num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None, device=None, dtype=None',
  ),
  EmbeddingBag: pythonSignature(
    "num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, mode='mean', sparse=False, _weight=None, include_last_offset=False, padding_idx=None, device=None, dtype=None",
  ),
  Bilinear: pythonSignature('in1_features, in2_features, out_features, bias=True, device=None, dtype=None'),
  LazyLinear: pythonSignature('out_features, bias=True, device=None, dtype=None'),
  LayerNorm: pythonSignature('normalized_shape, eps=1e-05, elementwise_affine=True, device=None, dtype=None'),
  RMSNorm: pythonSignature('normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None'),
  LocalResponseNorm: pythonSignature('size, alpha=0.0001, beta=0.75, k=1.0'),
  SyncBatchNorm: pythonSignature('num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, process_group=None, device=None, dtype=None'),
  CrossMapLRN2d: pythonSignature('size, alpha=0.0001, beta=0.75, k=1'),
  ...Object.fromEntries(['Batch', 'Instance'].flatMap((kind) => [1, 2, 3].map((rank) => [`Lazy${kind}Norm${rank}d`, LAZY_NORM]))),
  MultiheadAttention: pythonSignature(
    'embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False, kdim=None, vdim=None, batch_first=False, device=None, dtype=None',
  ),
  TransformerEncoderLayer: TRANSFORMER_BLOCK('TransformerEncoderLayer'),
  TransformerDecoderLayer: TRANSFORMER_BLOCK('TransformerDecoderLayer'),
  TransformerEncoder: pythonSignature('encoder_layer, num_layers, norm=None, enable_nested_tensor=True, mask_check=True'),
  TransformerDecoder: pythonSignature('decoder_layer, num_layers, norm=None'),
  Transformer: pythonSignature(
    "d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6, dim_feedforward=2048, dropout=0.1, activation='relu', custom_encoder=None, custom_decoder=None, layer_norm_eps=1e-05, batch_first=False, norm_first=False, device=None, dtype=None",
  ),
};

/** The torch.nn layers of the sequence & dense family (torch.nn 2.x's `RMSNorm` included). */
export const PYTORCH_SEQUENCE_LAYERS: Record<string, LayerEntry> = signedEntries(
  {
    RNN: recurrent('RNN'),
    LSTM: recurrent('LSTM'),
    GRU: recurrent('GRU'),
    RNNCell: cell('RNN'),
    LSTMCell: cell('LSTM'),
    GRUCell: cell('GRU'),
    Embedding: embedding,
    EmbeddingBag: embeddingBag,
    Bilinear: bilinear,
    LazyLinear: lazyLinear,
    LayerNorm: trailingNorm(true),
    RMSNorm: trailingNorm(false),
    LocalResponseNorm: responseNorm(RANK_3_OR_MORE),
    CrossMapLRN2d: responseNorm([4]),
    SyncBatchNorm: syncBatchNorm,
    ...byRank((rank) => `LazyBatchNorm${rank}d`, (rank) => lazyNorm(rank === 1 ? [2, 3] : [rank + 2])),
    ...byRank((rank) => `LazyInstanceNorm${rank}d`, (rank) => lazyNorm([rank + 2])),
    MultiheadAttention: multiheadAttention,
    TransformerEncoderLayer: transformer('encoder'),
    TransformerDecoderLayer: transformer('decoder'),
    Transformer: transformer('full'),
    TransformerEncoder: transformerStack('encoder'),
    TransformerDecoder: transformerStack('decoder'),
  },
  SIGNATURES,
);
