/**
 * The sequence & dense family as TF.js 4.22 spells it: the `tf.layers` factories and the class
 * names and snake_case keys of a saved model.json. TF.js's GRU has no `reset_after`, and TF.js
 * has no attention layers. docs/frameworks/tfjs.md.
 */
import type { LayerBuilder } from '../../engine/canonical';
import type { LayerLookup } from '../nestedLayer';
import { kerasSequenceLayers } from '../kerasFamily/sequence';

/** TF.js's builders of the family; `lookup` finds the entry of a layer a wrapper holds. */
export function tfjsSequenceBuilders(lookup: LayerLookup): Record<string, LayerBuilder> {
  return kerasSequenceLayers(
    {
      units: 'units',
      returnSequences: ['returnSequences', 'return_sequences'],
      returnState: ['returnState', 'return_state'],
      useBias: ['useBias', 'use_bias'],
      resetAfter: ['resetAfter', 'reset_after'],
      resetAfterSupported: false,
      inputDim: ['inputDim', 'input_dim'],
      inputDimRequired: false,
      outputDim: ['outputDim', 'output_dim'],
      mergeMode: ['mergeMode', 'merge_mode'],
      bidirectionalRecurrentOnly: false,
      axis: 'axis',
      center: 'center',
      scale: 'scale',
    },
    {
      recurrent: { LSTM: ['lstm', 'LSTM'], GRU: ['gru', 'GRU'], SimpleRNN: ['simpleRNN', 'SimpleRNN'] },
      bidirectional: ['bidirectional', 'Bidirectional'],
      timeDistributed: ['timeDistributed', 'TimeDistributed'],
      embedding: ['embedding', 'Embedding'],
      layerNormalization: ['layerNormalization', 'LayerNormalization'],
    },
    lookup,
    { layerKey: 'layer', ignoreCase: false },
  );
}
