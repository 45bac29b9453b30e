/**
 * Builders read their defaults from the call signature (torch 1.13's own,
 * test/fixtures/pytorch/signatures.json, checked by signatures.test.ts) or, where a PyTorch
 * builder still states one, beside it. Either way a layer written with only its required
 * arguments must give exactly what it gives with every default written out (defaultsSupport.ts).
 */
import { pytorch } from '../../../src/core/frameworks/pytorch';
import { CHANNELS_FIRST_INPUTS, defaultsWrittenOutChangeNothing } from './defaultsSupport';
import type { SpecValue } from '../support/modelSpec';

/** Arguments a layer needs although its signature makes them optional (Upsample: size or scale_factor). */
const NEEDED: Readonly<Record<string, Readonly<Record<string, SpecValue>>>> = {
  Upsample: { scale_factor: 2 },
  UpsamplingNearest2d: { scale_factor: 2 },
  UpsamplingBilinear2d: { scale_factor: 2 },
  FractionalMaxPool2d: { output_size: 2 },
  FractionalMaxPool3d: { output_size: 2 },
  Fold: { output_size: [3, 4], kernel_size: 1 },
  // Features of 12 (the inputs' last axis) in 2 heads; the stacks repeat a nested layer.
  Transformer: { d_model: 12, nhead: 2 },
  TransformerEncoder: { encoder_layer: { type: 'TransformerEncoderLayer', d_model: 12, nhead: 2 }, num_layers: 2 },
  TransformerDecoder: { decoder_layer: { type: 'TransformerDecoderLayer', d_model: 12, nhead: 2 }, num_layers: 2 },
};

describe('PyTorch builders default as torch 1.13 does', () => {
  defaultsWrittenOutChangeNothing(pytorch, {
    needed: (type) => NEEDED[type] ?? {},
    requiredValue: 4,
    inputs: CHANNELS_FIRST_INPUTS,
  });
});
