/**
 * Builders read their own defaults (`params.number('stride', 1)`) beside the call signature's
 * (torch 1.13's own, test/fixtures/pytorch/signatures.json). The two must agree: a layer written
 * with only its required arguments must give exactly what it gives with every default written
 * out — the same output at every input rank, the same diagnostics. Iterates the vocabulary, so a
 * new entry is checked the day it is added.
 */
import * as assert from 'node:assert/strict';
import { reportShape } from '../../../src/core/dims';
import type { SignatureParameter } from '../../../src/core/engine/signature';
import { pytorch } from '../../../src/core/frameworks/pytorch';
import { analyze } from './engineSupport';
import type { SpecLayer, SpecValue } from '../support/modelSpec';

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
/** A value for a required parameter that most layers accept (a channel count, a kernel size, a size). */
const REQUIRED_VALUE = 4;
/** Inputs of every rank a layer may take: [N, C], [N, C, L], [N, C, H, W], [N, C, D, H, W]. */
const INPUTS: SpecValue[][] = [
  [2, 4],
  [2, 4, 12],
  [2, 4, 12, 12],
  [2, 4, 12, 12, 12],
];

function layerWith(type: string, parameters: readonly SignatureParameter[], withDefaults: boolean): SpecLayer {
  const needed = NEEDED[type] ?? {};
  const layer: SpecLayer = { type, ...needed };
  for (const parameter of parameters) {
    if (parameter.name in needed) continue;
    if (!('default' in parameter)) layer[parameter.name] = REQUIRED_VALUE;
    else if (withDefaults) layer[parameter.name] = parameter.default ?? null;
  }
  return layer;
}

/**
 * What a one-layer model gives: its output shape and each diagnostic's code and message. Layers of
 * two inputs (`CosineSimilarity`) get the same shape twice.
 */
async function outcome(input: SpecValue[], layer: SpecLayer, inputCount: 1 | 2) {
  const spec =
    inputCount === 1
      ? { framework: 'pytorch' as const, input, layers: [layer] }
      : { framework: 'pytorch' as const, inputs: { a: input, b: input }, layers: [{ ...layer, from: ['a', 'b'] }] };
  const { model, diagnostics } = await analyze(spec);
  return {
    output: reportShape(model?.layers[0]?.output ?? null),
    diagnostics: diagnostics.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`),
  };
}

describe('PyTorch builders default as torch 1.13 does', () => {
  for (const [type, entry] of Object.entries(pytorch.layers)) {
    const parameters = entry.signature.positional;
    if (!parameters.some((parameter) => 'default' in parameter)) continue;
    it(`${type}: the defaults written out change nothing`, async () => {
      let accepted = 0;
      for (const inputCount of [1, 2] as const) {
        for (const input of INPUTS) {
          const bare = await outcome(input, layerWith(type, parameters, false), inputCount);
          const explicit = await outcome(input, layerWith(type, parameters, true), inputCount);
          assert.deepEqual(explicit, bare, `${type} on ${inputCount} input(s) ${JSON.stringify(input)}`);
          if (bare.output !== null && bare.diagnostics.length === 0) accepted++;
        }
        if (accepted > 0) break;
      }
      // Each layer must accept some input here, or the comparison above compared only errors.
      assert.ok(accepted > 0, `${type} accepted none of the inputs with required arguments = ${REQUIRED_VALUE}`);
    });
  }
});
