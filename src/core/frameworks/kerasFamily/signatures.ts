/**
 * The call signatures of the Keras family (Keras 3 `keras.layers`, TF.js 4.22 `tf.layers`): the
 * parameters ConvLens reads, by name, with their defaults — the one place those defaults live
 * (builders read them through `LayerParams`). Keras 3 and TF.js share the snake_case config names
 * (TF.js code spells them in camelCase); where the two agree, one table below holds the value:
 * TF.js's own, as `getConfig()` of a layer built with only its required arguments gives it
 * (test/fixtures/tfjs/signatures.json, checked by test/unit/engine/kerasSignatureDefaults.test.ts).
 * Where Keras 3 differs, and for layers only Keras has, the values are Keras 3's documented
 * signatures (keras.io/api/layers, cited per entry).
 */
import { type CallSignature, type DefaultValue, keywordSignature, type KeywordTable as Parameters, REQUIRED } from '../../engine/signature';

const RANKS = [1, 2, 3] as const;

/** One `value` per axis. */
function repeat(value: DefaultValue, rank: number): DefaultValue[] {
  return Array.from({ length: rank }, () => value);
}

/** `Conv{1,2,3}D` and its relatives: `rank` values per axis, TF.js's defaults. */
function convolution(rank: number): Parameters {
  return {
    filters: REQUIRED,
    kernel_size: REQUIRED,
    strides: repeat(1, rank),
    padding: 'valid',
    data_format: 'channelsLast',
    dilation_rate: repeat(1, rank),
    // TF.js 4.22 has no `groups`; ConvLens reads Keras's (default 1) for both.
    groups: 1,
    use_bias: true,
  };
}

/** Depthwise convolutions: no `filters` (the channels come from the input times `depth_multiplier`). */
function depthwise(rank: number): Parameters {
  const parameters: Record<string, DefaultValue | typeof REQUIRED> = { ...convolution(rank), depth_multiplier: 1 };
  delete parameters.filters;
  return parameters;
}

/** Pooling windows: strides `None` means the window (`pool_size`). */
function pooling(rank: number): Parameters {
  return { pool_size: repeat(2, rank), strides: null, padding: 'valid', data_format: 'channelsLast' };
}

function recurrent(extra: Parameters = {}): Parameters {
  return { units: REQUIRED, use_bias: true, return_sequences: false, return_state: false, ...extra };
}

const RATE: Parameters = { rate: REQUIRED };

/** Every layer both frameworks read the same way, by Keras class name (TF.js's defaults). */
const SHARED: Readonly<Record<string, Parameters>> = {
  ...Object.fromEntries(
    RANKS.flatMap((rank) => [
      [`Conv${rank}D`, convolution(rank)],
      [`Convolution${rank}D`, convolution(rank)],
      [`Conv${rank}DTranspose`, { ...convolution(rank), output_padding: null }],
      [`Convolution${rank}DTranspose`, { ...convolution(rank), output_padding: null }],
      [`ConvLSTM${rank}D`, { ...convolution(rank), return_sequences: false }],
      [`DepthwiseConv${rank}D`, depthwise(rank)],
      [`SeparableConv${rank}D`, { ...convolution(rank), depth_multiplier: 1 }],
      [`SeparableConvolution${rank}D`, { ...convolution(rank), depth_multiplier: 1 }],
      ...['MaxPooling', 'MaxPool', 'AveragePooling', 'AvgPool', 'AvgPooling'].map((name) => [`${name}${rank}D`, pooling(rank)]),
      ...['GlobalAveragePooling', 'GlobalMaxPooling', 'GlobalAvgPool', 'GlobalMaxPool'].map((name) => [
        `${name}${rank}D`,
        // TF.js 4.22's global pooling has no keepDims; ConvLens reads Keras's (default False).
        { data_format: 'channelsLast', keepdims: false },
      ]),
      [`UpSampling${rank}D`, { size: repeat(2, rank), data_format: 'channelsLast' }],
      // Keras 3 writes ZeroPadding2D(padding=(1, 1)): the same sides as TF.js's [[1, 1], [1, 1]].
      [`ZeroPadding${rank}D`, { padding: repeat([1, 1], rank), data_format: 'channelsLast' }],
      // Keras 3: Cropping1D(cropping=(1, 1)), Cropping2D(cropping=((0, 0), (0, 0))),
      // Cropping3D(cropping=((1, 1), (1, 1), (1, 1))) (keras.io/api/layers/reshaping_layers).
      [`Cropping${rank}D`, { cropping: rank === 2 ? [[0, 0], [0, 0]] : repeat([1, 1], rank), data_format: 'channelsLast' }],
    ]),
  ),
  BatchNormalization: { axis: -1, center: true, scale: true },
  LayerNormalization: { axis: -1, center: true, scale: true },
  Dense: { units: REQUIRED, use_bias: true },
  Reshape: { target_shape: REQUIRED },
  Concatenate: { axis: -1 },
  Activation: { activation: REQUIRED },
  GaussianNoise: { stddev: REQUIRED },
  Rescaling: { scale: REQUIRED, offset: 0 },
  Softmax: { axis: 1 },
  PReLU: { shared_axes: null },
  Dropout: RATE,
  GaussianDropout: RATE,
  AlphaDropout: RATE,
  ...Object.fromEntries(RANKS.map((rank) => [`SpatialDropout${rank}D`, RATE])),
  Permute: { dims: REQUIRED },
  RepeatVector: { n: REQUIRED },
  Dot: { axes: REQUIRED },
  CenterCrop: { height: REQUIRED, width: REQUIRED, data_format: 'channelsLast' },
  Resizing: { height: REQUIRED, width: REQUIRED, data_format: 'channelsLast' },
  SimpleRNN: recurrent(),
  LSTM: recurrent(),
  GRU: recurrent({ reset_after: false }),
  Embedding: { input_dim: REQUIRED, output_dim: REQUIRED },
  Bidirectional: { layer: REQUIRED, merge_mode: 'concat' },
  TimeDistributed: { layer: REQUIRED },
};

/** Where TF.js 4.22 differs from the shared table (signatures.json). */
const TFJS: Readonly<Record<string, Parameters>> = {
  // TF.js's Cropping2D has no default: it indexes `cropping`.
  Cropping2D: { cropping: REQUIRED },
};

/** Where Keras 3 differs from TF.js, and the layers only Keras has (keras.io/api/layers). */
const KERAS: Readonly<Record<string, Parameters>> = {
  // Keras 3 writes `data_format=None` (keras.config.image_data_format(), 'channels_last' unless configured).
  ...Object.fromEntries(Object.entries(SHARED).filter(([, parameters]) => 'data_format' in parameters).map(([name]) => [name, { data_format: null }])),
  // Softmax(axis=-1); GRU(..., reset_after=True).
  Softmax: { axis: -1 },
  GRU: { reset_after: true },
  // MultiHeadAttention(num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True, output_shape=None, attention_axes=None).
  MultiHeadAttention: { num_heads: REQUIRED, key_dim: REQUIRED, value_dim: null, use_bias: true, output_shape: null, attention_axes: null },
  // GroupQueryAttention(head_dim, num_query_heads, num_key_value_heads, dropout=0.0, use_bias=True).
  GroupQueryAttention: { head_dim: REQUIRED, num_query_heads: REQUIRED, num_key_value_heads: REQUIRED, use_bias: true },
  GroupedQueryAttention: { head_dim: REQUIRED, num_query_heads: REQUIRED, num_key_value_heads: REQUIRED, use_bias: true },
  // Attention(use_scale=False, score_mode='dot'); AdditiveAttention(use_scale=True).
  Attention: { use_scale: false, score_mode: 'dot' },
  AdditiveAttention: { use_scale: true },
  // GroupNormalization(groups=32, axis=-1, epsilon=0.001, center=True, scale=True); RMSNormalization(axis=-1).
  GroupNormalization: { groups: 32, axis: -1, center: true, scale: true },
  RMSNormalization: { axis: -1 },
  UnitNormalization: { axis: -1 },
  RandomCrop: { height: REQUIRED, width: REQUIRED, data_format: null },
};

function camelCase(name: string): string {
  return name.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * The Keras family's signatures for `framework`, under every type name `names(base)` gives for
 * each Keras class name; classes without one (merges, plain activations) read no parameter.
 */
export function kerasFamilySignatures(framework: 'keras' | 'tfjs', names: (base: string) => readonly string[]): Record<string, CallSignature> {
  const own = framework === 'keras' ? KERAS : TFJS;
  const spell = framework === 'keras' ? (name: string) => name : camelCase;
  const signatures: Record<string, CallSignature> = {};
  for (const base of new Set([...Object.keys(SHARED), ...Object.keys(own)])) {
    const signature = keywordSignature({ ...SHARED[base], ...own[base] }, spell);
    for (const name of names(base)) signatures[name] = signature;
  }
  return signatures;
}
