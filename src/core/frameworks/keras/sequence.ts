/** The sequence & dense family as Keras 3 spells it (`keras.layers`); docs/frameworks/keras.md. */
import type { LayerBuilder } from '../../engine/canonical';
import type { LayerLookup } from '../nestedLayer';
import { KERAS_ONLY_SEQUENCE_LAYERS, kerasSequenceLayers } from '../kerasFamily/sequence';

/** Keras's builders of the family; `lookup` finds the entry of a layer a wrapper holds. */
export function kerasSequenceBuilders(lookup: LayerLookup): Record<string, LayerBuilder> {
  return {
    ...kerasSequenceLayers(
      {
        units: 'units',
        returnSequences: 'return_sequences',
        returnState: 'return_state',
        useBias: 'use_bias',
        resetAfter: 'reset_after',
        resetAfterSupported: true,
        inputDim: 'input_dim',
        inputDimRequired: true,
        outputDim: 'output_dim',
        mergeMode: 'merge_mode',
        bidirectionalRecurrentOnly: true,
        axis: 'axis',
        center: 'center',
        scale: 'scale',
      },
      {
        recurrent: { LSTM: ['LSTM'], GRU: ['GRU'], SimpleRNN: ['SimpleRNN'] },
        bidirectional: ['Bidirectional'],
        timeDistributed: ['TimeDistributed'],
        embedding: ['Embedding'],
        layerNormalization: ['LayerNormalization'],
      },
      lookup,
      { layerKey: 'layer', ignoreCase: true },
    ),
    ...KERAS_ONLY_SEQUENCE_LAYERS,
  };
}
