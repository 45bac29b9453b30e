/**
 * The sequence & dense family of ONNX operators: `LSTM`, `GRU`, `RNN`, `MatMul`, `Einsum`,
 * `LayerNormalization`, `RMSNormalization`, `Attention`. Weights are inputs in ONNX; a
 * ConvLens layer states what it reads from them (`input_size` from `W`, `bias` for `B`,
 * `normalized_shape` for `Scale`). Where onnxruntime differs from the operator text, ConvLens
 * follows onnxruntime and says so. docs/frameworks/onnx.md.
 */
import { Code } from '../../diagnostics';
import type { CanonicalLayer, LayerBuilder, LayerEntry } from '../../engine/canonical';
import { type LayerParams, NON_NEGATIVE, POSITIVE } from '../../engine/params';
import type { RecurrentAxis, RecurrentLayer } from '../../engine/rules/sequence';
import { declared, signedEntries } from '../common';
import { ONNX_SIGNATURES } from './signatures';

const GATES = { RNN: 1, GRU: 3, LSTM: 4 } as const;

/** `Y`, `Y_h` (and `Y_c`) in `layout` 0 (`[seq, dirs, batch, hidden]`) or 1 (`[batch, seq, dirs, hidden]`). */
function recurrentOutputs(kind: keyof typeof GATES, batchFirst: boolean): RecurrentLayer['outputs'] {
  const state: readonly RecurrentAxis[] = batchFirst ? ['batch', 'directions', 'stepFeatures'] : ['directions', 'batch', 'stepFeatures'];
  return [
    { name: 'Y', axes: batchFirst ? ['batch', 'time', 'directions', 'stepFeatures'] : ['time', 'directions', 'batch', 'stepFeatures'] },
    { name: 'Y_h', axes: state },
    ...(kind === 'LSTM' ? [{ name: 'Y_c', axes: state }] : []),
  ];
}

function recurrent(kind: keyof typeof GATES): LayerBuilder {
  return (params, context): RecurrentLayer => {
    params.require('hidden_size', 'the number of hidden features');
    const direction = params.choice('direction', ['forward', 'reverse', 'bidirectional']);
    const layout = params.number('layout', NON_NEGATIVE);
    if (layout > 1) params.reject(params.spanOf('layout'), `layout must be 0 or 1, got ${layout}.`);
    const inFeatures = declared(params, 'input_size');
    return {
      op: 'recurrent',
      input: layout === 1 ? ['batch', 'time', 'features'] : ['time', 'batch', 'features'],
      batchOptional: false,
      gates: GATES[kind],
      hidden: params.number('hidden_size', 1, POSITIVE),
      projection: null,
      layers: 1,
      directions: direction === 'bidirectional' ? 2 : 1,
      // B holds Wb and Rb: two bias vectors per gate.
      biases: params.boolean('bias') ? 2 : 0,
      mergeDirections: false,
      outputs: recurrentOutputs(kind, layout === 1),
      ...(inFeatures && { inFeatures }),
      // onnxruntime checks the rank of X when it builds the session, layout when it runs.
      ...(layout === 1 && {
        refusedAfterRank: {
          code: Code.unsupportedCombination,
          message:
            `onnxruntime refuses ${context.type} with layout=1 ("Batchwise recurrent operations (layout == 1) are not supported"); ` +
            'the operator text defines it (X [batch, seq, input], Y [batch, seq, num_directions, hidden]). Use layout 0.',
          key: 'layout',
        },
      }),
    };
  };
}

/** Normalisation over `axis` and every axis after it; `Scale` (and `B`) broadcast to them. */
function axisNormalization(params: LayerParams, paramsPerElement: number): CanonicalLayer {
  const value = params.entry('normalized_shape')?.value;
  const sizes = value?.kind === 'list' ? params.list('normalized_shape', [value.items.length], [], POSITIVE) : null;
  return { op: 'axisNorm', axes: { from: params.number('axis') }, expected: sizes && { sizes, key: 'normalized_shape', broadcast: true }, paramsPerElement };
}

/** `LayerNormalization` (opset 17): `Scale` and, unless `bias: false`, `B`. */
const layerNormalization: LayerBuilder = (params) => axisNormalization(params, params.boolean('bias') ? 2 : 1);

/** `RMSNormalization` (opset 23): as LayerNormalization with a `Scale` only. */
const rmsNormalization: LayerBuilder = (params) => axisNormalization(params, 1);

/** `Attention` (opset 23): head counts are attributes; Q, K, V come through `from`. */
const attention: LayerBuilder = (params) => {
  const heads = (key: string) => (params.has(key) ? { value: params.number(key, 1, POSITIVE), key } : null);
  return { op: 'headAttention', queryHeads: heads('q_num_heads'), kvHeads: heads('kv_num_heads') };
};

/** The ONNX operators of the sequence & dense family. */
export const ONNX_SEQUENCE_LAYERS: Record<string, LayerEntry> = signedEntries({
  LSTM: recurrent('LSTM'),
  GRU: recurrent('GRU'),
  RNN: recurrent('RNN'),
  MatMul: () => ({ op: 'matmul' }),
  Einsum: (params) => {
    params.require('equation', 'the einsum equation');
    return { op: 'einsum', equation: params.text('equation') ?? '', equationKey: 'equation' };
  },
  LayerNormalization: layerNormalization,
  RMSNormalization: rmsNormalization,
  Attention: attention,
}, ONNX_SIGNATURES);
