/**
 * Keras 3 and TF.js tensor-manipulation, merge, activation and dropout layers: the same
 * semantics under each one's spellings, with the differences TF.js has (docs/frameworks/tfjs.md):
 * merges need two inputs, `Dot` takes at most 3-D inputs, dropout rates are clamped rather than
 * refused, and there is no `Subtract`.
 */
import { Code } from '../../diagnostics';
import type { LayerBuilder } from '../../engine/canonical';
import { type LayerParams, type ParamKey, POSITIVE } from '../../engine/params';
import { MAX_TENSOR_RANK } from '../../engine/shapes';
import { elementwise, spellings } from '../common';

/** What differs between the family's members. */
export interface KerasTensorDialect {
  /** A parameter's spellings from its Keras (snake_case) name. */
  key(name: string): ParamKey;
  /** The type names of one Keras layer name. */
  names(base: string): readonly string[];
  /** Least inputs of a merge (Keras 3: 1, TF.js: 2). */
  mergeInputs: number;
  /** Most axes of a `Dot` input (TF.js: 3), else null. */
  dotRank: number | null;
  /** Keras refuses a dropout rate outside [0, 1]; TF.js clamps it. */
  checksRate: boolean;
  /** Whether `Softmax` runs on the last axis only (TF.js 4.22's kernel; its default axis is 1). */
  softmaxLastAxisOnly: boolean;
  /** Layers of Keras the member does not have. */
  without: readonly string[];
}

const ANY_INPUTS = Number.MAX_SAFE_INTEGER;

function rateChecked(params: LayerParams, dialect: KerasTensorDialect): void {
  const key = dialect.key('rate');
  const rate = params.number(key, 0.5, { real: true });
  if (dialect.checksRate && (rate < 0 || rate > 1)) {
    params.reject(params.spanOf(key), `Invalid value received for argument \`rate\`. Expected a float value between 0 and 1. Received: rate=${rate}`);
  }
}

function dropout(dialect: KerasTensorDialect, rank: number | null): LayerBuilder {
  return (params) => {
    rateChecked(params, dialect);
    return { op: 'checkedActivation', ranks: rank === null ? null : [rank, rank], axis: null, halves: false };
  };
}

function softmax(dialect: KerasTensorDialect): LayerBuilder {
  return (params, context) => {
    const axis = params.number('axis');
    const rank = context.inputRank;
    if (dialect.softmaxLastAxisOnly && rank !== null && axis !== -1 && axis !== rank - 1) {
      params.report({
        code: Code.unsupportedCombination,
        message: `Softmax along a non-last dimension is not yet supported. Logits was rank ${rank} and dim was ${axis} (TF.js runs softmax on the last axis only, and its default axis is 1; set axis: -1).`,
        span: params.has('axis') ? params.spanOf('axis') : params.layer.typeSpan,
      });
    }
    return { op: 'checkedActivation', ranks: null, axis: { value: axis, key: 'axis' }, halves: false };
  };
}

/** `dims` of Permute: a permutation of 1..n (the batch axis stays first). */
function permute(dialect: KerasTensorDialect): LayerBuilder {
  return (params) => {
    const key = dialect.key('dims');
    params.require(key, 'the order of the axes, from 1');
    const written = params.entry(key)?.value;
    const dims = params.list(key, [written?.kind === 'list' ? written.items.length : 1], [], POSITIVE);
    const sorted = [...dims].sort((a, b) => a - b);
    if (params.has(key) && sorted.some((dim, index) => dim !== index + 1)) {
      params.reject(
        params.spanOf(key),
        `Invalid permutation argument \`dims\` for Permute Layer. The set of indices in \`dims\` must be consecutive and start from 1. Received dims=${JSON.stringify(dims)}`,
      );
    }
    return { op: 'permute', order: { value: [0, ...dims], key } };
  };
}

function merge(inputs: [number, number]): LayerBuilder {
  return () => ({ op: 'broadcast', arity: inputs, constants: [], ontoFirst: false, batchFirst: true });
}

function dot(dialect: KerasTensorDialect): LayerBuilder {
  return (params) => {
    const key = dialect.key('axes');
    params.require(key, 'the axis (or pair of axes) to multiply along');
    const written = params.entry(key)?.value;
    const pair = written?.kind === 'list' ? params.list(key, [2], [-1, -1], { min: -MAX_TENSOR_RANK }) : null;
    const axis = pair ? 0 : params.number(key, -1);
    return { op: 'dot', axes: { value: pair ? [pair[0], pair[1]] : [axis, axis], key }, maxRank: dialect.dotRank };
  };
}

/** The family's layers for one member (Keras 3 or TF.js). */
export function kerasTensorLayers(dialect: KerasTensorDialect): Record<string, LayerBuilder> {
  const table: Record<string, LayerBuilder> = {
    // Shape-preserving; Normalization's mean and variance are not trainable (ConvLens counts trainable weights).
    ...[
      ...['Activation', 'ReLU', 'LeakyReLU', 'ELU', 'ThresholdedReLU', 'Identity', 'Masking', 'GaussianNoise', 'ActivityRegularization'],
      ...['Rescaling', 'Normalization', 'RandomFlip', 'RandomRotation', 'RandomZoom', 'RandomContrast', 'RandomBrightness', 'RandomTranslation'],
    ]
      .map((base) => spellings(dialect.names(base), elementwise))
      .reduce((all, part) => ({ ...all, ...part }), {}),
    ...spellings(dialect.names('Softmax'), softmax(dialect)),
    ...spellings(dialect.names('PReLU'), (params) => {
      const key = dialect.key('shared_axes');
      const written = params.entry(key)?.value;
      const shared = written?.kind === 'list' ? params.list(key, [written.items.length], [], POSITIVE) : params.has(key) ? [params.number(key, 1, POSITIVE)] : [];
      return { op: 'prelu', weights: { kind: 'elements', sharedAxes: shared } };
    }),
    ...spellings(dialect.names('Dropout'), dropout(dialect, null)),
    ...spellings(dialect.names('GaussianDropout'), dropout(dialect, null)),
    ...spellings(dialect.names('AlphaDropout'), dropout(dialect, null)),
    ...spellings(dialect.names('SpatialDropout1D'), dropout(dialect, 3)),
    ...spellings(dialect.names('SpatialDropout2D'), dropout(dialect, 4)),
    ...spellings(dialect.names('SpatialDropout3D'), dropout(dialect, 5)),
    ...spellings(dialect.names('Permute'), permute(dialect)),
    ...spellings(dialect.names('RepeatVector'), (params) => {
      params.require('n', 'the number of repetitions');
      return { op: 'repeatVector', times: params.size('n', 1, POSITIVE) };
    }),
    ...['Add', 'Multiply', 'Average', 'Maximum', 'Minimum']
      .map((base) => spellings(dialect.names(base), merge([dialect.mergeInputs, ANY_INPUTS])))
      .reduce((all, part) => ({ ...all, ...part }), {}),
    ...spellings(dialect.names('Subtract'), merge([2, 2])),
    ...spellings(dialect.names('Dot'), dot(dialect)),
  };
  for (const base of dialect.without) for (const name of dialect.names(base)) delete table[name];
  return table;
}
