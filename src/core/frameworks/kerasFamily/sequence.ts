/**
 * The sequence & dense family of Keras 3 and TF.js (a port of Keras): `LSTM`, `GRU`, `SimpleRNN`,
 * the `Bidirectional` and `TimeDistributed` wrappers, `Embedding`, the normalisations over axes
 * and (Keras only) the attention layers. Parameter spellings and the few semantic differences
 * (TF.js's GRU has no `reset_after`) come from {@link KerasSequenceSpelling}.
 */
import { Code } from '../../diagnostics';
import type { CanonicalLayer, LayerBuilder } from '../../engine/canonical';
import { type LayerParams, type ParamKey, POSITIVE } from '../../engine/params';
import type { AttentionLayer, OutputTemplate, RecurrentAxis, RecurrentLayer } from '../../engine/rules/sequence';
import { elementwise, spellings } from '../common';
import { buildNested, type LayerLookup } from '../nestedLayer';
import { notModelled } from '../unmodelled';
import { findParam } from '../../engine/problems';

/** The parameter spellings and defaults of one member of the family. */
export interface KerasSequenceSpelling {
  units: ParamKey;
  returnSequences: ParamKey;
  returnState: ParamKey;
  useBias: ParamKey;
  resetAfter: ParamKey;
  /** Keras 3's GRU defaults to `reset_after=True`; TF.js's to `false`, and it refuses `true`. */
  resetAfterSupported: boolean;
  inputDim: ParamKey;
  /**
   * Whether a missing `input_dim` is refused. TF.js code's `embedding({inputDim})` reaches the
   * vocabulary without it: the TypeScript reader takes `inputDim` as the model input (as Dense's
   * is), so there a missing one leaves only the parameter count unknown.
   */
  inputDimRequired: boolean;
  outputDim: ParamKey;
  mergeMode: ParamKey;
  /**
   * Whether `Bidirectional` refuses a layer that is not recurrent. Keras does; TF.js runs any
   * layer twice (its `forwardLayer` and `backwardLayer` are copies of it) and merges the outputs,
   * which ConvLens does not model: there the output is unknown.
   */
  bidirectionalRecurrentOnly: boolean;
  axis: ParamKey;
  center: ParamKey;
  scale: ParamKey;
}

type RecurrentKind = 'LSTM' | 'GRU' | 'SimpleRNN';
const GATES: Record<RecurrentKind, number> = { SimpleRNN: 1, GRU: 3, LSTM: 4 };

/** The type names under which a vocabulary spells each layer of the family. */
export interface KerasSequenceNames {
  recurrent: Record<RecurrentKind, readonly string[]>;
  bidirectional: readonly string[];
  timeDistributed: readonly string[];
  embedding: readonly string[];
  layerNormalization: readonly string[];
}

function recurrent(kind: RecurrentKind, spelling: KerasSequenceSpelling): LayerBuilder {
  return (params, context): RecurrentLayer => {
    params.require(spelling.units, 'the number of units');
    const units = params.size(spelling.units, 1, POSITIVE);
    const resetAfter = kind === 'GRU' && params.boolean(spelling.resetAfter);
    if (resetAfter && !spelling.resetAfterSupported) {
      params.report({
        code: Code.unsupportedCombination,
        message: `TF.js's ${context.type} has no reset_after: "GRUCell does not support reset_after parameter set to true." Remove it (TF.js's GRU is Keras's reset_after=False).`,
        span: params.spanOf(spelling.resetAfter),
      });
    }
    const state: OutputTemplate<RecurrentAxis>[] = (kind === 'LSTM' ? ['state_h', 'state_c'] : ['state']).map((name) => ({ name, axes: ['batch', 'stepFeatures'] }));
    return {
      op: 'recurrent',
      input: ['batch', 'time', 'features'],
      batchOptional: false,
      gates: GATES[kind],
      hidden: units,
      projection: null,
      layers: 1,
      directions: 1,
      // Keras keeps one bias per gate; GRU with reset_after a second (the recurrent kernel's).
      biases: params.boolean(spelling.useBias) ? (resetAfter ? 2 : 1) : 0,
      mergeDirections: false,
      outputs: [
        { name: 'output', axes: params.boolean(spelling.returnSequences) ? ['batch', 'time', 'features'] : ['batch', 'features'] },
        ...(params.boolean(spelling.returnState) ? state : []),
      ],
    };
  };
}

/** `Bidirectional(layer, merge_mode)`: two directions of a recurrent layer, concatenated, merged, or both returned (`None`). */
function bidirectional(spelling: KerasSequenceSpelling, layerKey: ParamKey, lookup: LayerLookup, ignoreCase: boolean): LayerBuilder {
  return (params, context): CanonicalLayer => {
    // merge_mode=None returns both directions' outputs (a written `null`, which `entry` treats as absent).
    const merge = findParam(params.entries, spelling.mergeMode)?.value.kind === 'null' ? null : params.choice(spelling.mergeMode, ['concat', 'sum', 'mul', 'ave']);
    params.require(layerKey, 'the wrapped recurrent layer');
    // A separate backward layer may differ from the forward one: ConvLens does not model it.
    notModelled(params, 'backward_layer');
    const inner = buildNested(params, layerKey, context, lookup, { ignoreCase, rankOffset: 0 });
    if (inner && inner.op !== 'recurrent') {
      if (spelling.bidirectionalRecurrentOnly) params.reject(params.spanOf(layerKey), `${context.type} wraps a recurrent layer (LSTM, GRU, SimpleRNN).`);
      else {
        const span = params.spanOf(layerKey);
        params.indeterminate = true;
        params.unfolded ??= { name: 'layer', value: { kind: 'unknown', text: '', span, because: 'it is not a recurrent layer: TF.js runs it in both directions and merges the two, which ConvLens does not model' } };
      }
    }
    if (!inner || inner.op !== 'recurrent') return { op: 'elementwise' };
    const [output, ...states] = inner.outputs;
    const backward = (template: OutputTemplate<RecurrentAxis>) => ({ ...template, name: `backward_${template.name}` });
    const forward = (template: OutputTemplate<RecurrentAxis>) => ({ ...template, name: `forward_${template.name}` });
    return {
      ...inner,
      directions: 2,
      mergeDirections: merge !== 'concat',
      outputs: merge === null ? [forward(output), backward(output), ...states.map(forward), ...states.map(backward)] : [output, ...states.map(forward), ...states.map(backward)],
    };
  };
}

/** The layers of the family as one vocabulary spells them; `lookup` finds a wrapped layer's builder. */
export function kerasSequenceLayers(
  spelling: KerasSequenceSpelling,
  names: KerasSequenceNames,
  lookup: LayerLookup,
  options: { layerKey: ParamKey; ignoreCase: boolean },
): Record<string, LayerBuilder> {
  const recurrentLayers = (Object.keys(names.recurrent) as RecurrentKind[]).map((kind) => spellings(names.recurrent[kind], recurrent(kind, spelling)));
  return {
    ...Object.assign({}, ...recurrentLayers),
    ...spellings(names.bidirectional, bidirectional(spelling, options.layerKey, lookup, options.ignoreCase)),
    ...spellings(names.timeDistributed, (params, context): CanonicalLayer => {
      params.require(options.layerKey, 'the wrapped layer');
      // The wrapped layer sees one step: the input without its time axis.
      const inner = buildNested(params, options.layerKey, context, lookup, { ignoreCase: options.ignoreCase, rankOffset: -1 });
      return inner ? { op: 'timeDistributed', inner } : { op: 'elementwise' };
    }),
    ...spellings(names.embedding, (params) => {
      if (spelling.inputDimRequired) params.require(spelling.inputDim, 'the size of the vocabulary');
      params.require(spelling.outputDim, 'the size of each embedding vector');
      const count = params.has(spelling.inputDim) ? params.number(spelling.inputDim, 1, POSITIVE) : null;
      return { op: 'embedding', count, dim: params.size(spelling.outputDim, 1, POSITIVE), ranks: [], bag: false };
    }),
    ...spellings(names.layerNormalization, (params) => ({
      op: 'axisNorm',
      axes: readAxes(params, spelling.axis),
      expected: null,
      paramsPerElement: (params.boolean(spelling.center) ? 1 : 0) + (params.boolean(spelling.scale) ? 1 : 0),
    })),
  };
}

/** `axis`: an int or a list of ints. */
function readAxes(params: LayerParams, key: ParamKey): number[] {
  const value = params.entry(key)?.value;
  return value?.kind === 'list' ? params.list(key, [value.items.length], null, { min: -64 }) : [params.number(key, { min: -64 })];
}

/** `MultiHeadAttention(num_heads, key_dim, value_dim, use_bias, output_shape)`: called on `[query, value, key]`. */
const multiHeadAttention: LayerBuilder = (params): AttentionLayer => {
  params.require('num_heads', 'the number of heads');
  params.require('key_dim', 'the size of each head for query and key');
  const heads = params.number('num_heads', 1, POSITIVE);
  const keyDim = params.number('key_dim', 1, POSITIVE);
  const valueDim = params.optionalNumber('value_dim', 1, POSITIVE) ?? keyDim;
  const bias = params.boolean('use_bias');
  const outputShape = params.entry('output_shape')?.value;
  // A tuple output_shape or attention_axes reshape the output beyond what ConvLens models.
  notModelled(params, 'attention_axes');
  if (outputShape?.kind === 'list') notModelled(params, 'output_shape');
  const outputUnits = outputShape?.kind === 'number' ? params.number('output_shape', 1, POSITIVE) : 'query';
  return projectedAttention({ heads, queryKey: heads * keyDim, key: heads * keyDim, value: heads * valueDim, attended: heads * valueDim, output: outputUnits, bias });
};

/**
 * `GroupQueryAttention(head_dim, num_query_heads, num_key_value_heads, use_bias)` on
 * `[query, value, key]`: query heads share key/value heads; the output has the query's features.
 */
const groupQueryAttention: LayerBuilder = (params, context): AttentionLayer => {
  for (const key of ['head_dim', 'num_query_heads', 'num_key_value_heads']) params.require(key, 'a head size or count');
  const headDim = params.number('head_dim', 1, POSITIVE);
  const queryHeads = params.number('num_query_heads', 1, POSITIVE);
  const kvHeads = params.number('num_key_value_heads', 1, POSITIVE);
  if (queryHeads % kvHeads !== 0) {
    params.reject(params.spanOf('num_key_value_heads'), `${context.type}: num_query_heads (${queryHeads}) must be divisible by num_key_value_heads (${kvHeads}).`);
  }
  const bias = params.boolean('use_bias');
  return projectedAttention({
    heads: queryHeads,
    queryKey: queryHeads * headDim,
    key: kvHeads * headDim,
    value: kvHeads * headDim,
    attended: queryHeads * headDim,
    output: 'query',
    bias,
  });
};

/** Units of each projection of a Keras attention layer; `output` may be the query's own features. */
interface AttentionUnits {
  heads: number;
  queryKey: number;
  key: number;
  value: number;
  /** The attended values, all heads together, before the output projection. */
  attended: number;
  output: number | 'query';
  bias: boolean;
}

/** How every Keras attention layer is called: on `[query, value]` or `[query, value, key]`, each `[batch, time, features]`. */
const KERAS_ATTENTION_CALL = {
  op: 'attention',
  order: ['query', 'value', 'key'],
  minInputs: 2,
  input: ['batch', 'time', 'features'],
  batchOptional: false,
} as const satisfies Partial<AttentionLayer>;

/** A Keras attention layer with learned projections, called on `[query, value, key]`. */
function projectedAttention(units: AttentionUnits): AttentionLayer {
  const { bias } = units;
  return {
    ...KERAS_ATTENTION_CALL,
    queryMatchesKey: false,
    projections: [
      { from: 'query', units: units.queryKey, bias },
      { from: 'key', units: units.key, bias },
      { from: 'value', units: units.value, bias },
      { from: units.attended, units: units.output, bias },
    ],
    extraParams: 0,
    outputFeatures: units.output,
    extraKeys: 0,
    heads: units.heads,
    weights: null,
  };
}

/** `Attention` (dot or concat scores) and `AdditiveAttention`: no projections; the output has the value's features. */
function scoreAttention(additive: boolean): LayerBuilder {
  return (params): AttentionLayer => {
    const scoreMode = additive ? 'dot' : params.choice('score_mode', ['dot', 'concat']);
    const useScale = params.boolean('use_scale');
    return {
      ...KERAS_ATTENTION_CALL,
      queryMatchesKey: true,
      projections: [],
      // Attention: a scalar scale and a scalar concat weight; AdditiveAttention: a scale per feature.
      extraParams: additive ? (useScale ? 'queryFeatures' : 0) : (useScale ? 1 : 0) + (scoreMode === 'concat' ? 1 : 0),
      outputFeatures: 'value',
      extraKeys: 0,
      heads: 1,
      weights: null,
    };
  };
}

/** The layers of the family that TF.js does not have: attention, and the newer Keras 3 normalisations. */
export const KERAS_ONLY_SEQUENCE_LAYERS: Record<string, LayerBuilder> = {
  MultiHeadAttention: multiHeadAttention,
  // Keras 3 exports the class GroupedQueryAttention under both names.
  ...spellings(['GroupQueryAttention', 'GroupedQueryAttention'], groupQueryAttention),
  Attention: scoreAttention(false),
  AdditiveAttention: scoreAttention(true),
  UnitNormalization: elementwise,
  GroupNormalization: (params) => {
    const groups = params.number('groups', POSITIVE);
    // ConvLens models the channel axis last (axis=-1, the default).
    if (params.number('axis') !== -1) notModelled(params, 'axis');
    return {
      op: 'norm',
      channelsLast: true,
      paramsPerChannel: (params.boolean('center') ? 1 : 0) + (params.boolean('scale') ? 1 : 0),
      ranks: [],
      groups: { value: groups, key: 'groups', fixable: true },
    };
  },
  RMSNormalization: (params) => ({ op: 'axisNorm', axes: readAxes(params, 'axis'), expected: null, paramsPerElement: 1 }),
};
