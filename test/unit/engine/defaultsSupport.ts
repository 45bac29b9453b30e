/**
 * The check every vocabulary's defaults pass: builders read an absent parameter's default from
 * the layer type's call signature, so a layer written with only its required arguments must give
 * exactly what it gives with every default the signature declares written out — the same output
 * and parameter count at every input rank, the same diagnostics — read by the real readers. Iterates the vocabulary,
 * so a new entry is checked the day it is added.
 */
import * as assert from 'node:assert/strict';
import { reportShape } from '../../../src/core/dims';
import type { FrameworkVocabulary } from '../../../src/core/engine/canonical';
import type { SignatureParameter } from '../../../src/core/engine/signature';
import { analyze } from './engineSupport';
import type { SpecLayer, SpecValue } from '../support/modelSpec';

export interface DefaultsCheck {
  /** Arguments a layer needs beyond its signature's required ones, or values its required ones need (by type). */
  needed(type: string): Readonly<Record<string, SpecValue>>;
  /** A value for any other required parameter (a channel count, a kernel size, a size). */
  requiredValue: SpecValue;
  /** Inputs of every rank a layer may take. */
  inputs: readonly SpecValue[][];
}

/** Channels-first inputs of every rank: [N, C], [N, C, L], [N, C, H, W], [N, C, D, H, W] (PyTorch and ONNX). */
export const CHANNELS_FIRST_INPUTS: readonly SpecValue[][] = [
  [2, 4],
  [2, 4, 12],
  [2, 4, 12, 12],
  [2, 4, 12, 12, 12],
];

/** Every parameter of a signature, positional then keyword-only. */
export function parametersOf(signature: { positional: readonly SignatureParameter[]; keywords?: readonly SignatureParameter[] }): SignatureParameter[] {
  return [...signature.positional, ...(signature.keywords ?? [])];
}

function layerWith(type: string, parameters: readonly SignatureParameter[], needed: Readonly<Record<string, SpecValue>>, check: DefaultsCheck, withDefaults: boolean): SpecLayer {
  const layer: SpecLayer = { type, ...needed };
  for (const parameter of parameters) {
    if (parameter.name in needed) continue;
    if (!('default' in parameter)) layer[parameter.name] = check.requiredValue;
    else if (withDefaults) layer[parameter.name] = (parameter.default ?? null) as SpecValue;
  }
  return layer;
}

/**
 * What a one-layer model gives: its output shape, parameter count, and each diagnostic's code and
 * message (two-input layers get the input twice).
 */
async function outcome(framework: FrameworkVocabulary['framework'], input: SpecValue[], layer: SpecLayer, inputCount: 1 | 2) {
  const spec = inputCount === 1 ? { framework, input, layers: [layer] } : { framework, inputs: { a: input, b: input }, layers: [{ ...layer, from: ['a', 'b'] }] };
  const { model, diagnostics } = await analyze(spec);
  return {
    output: reportShape(model?.layers[0]?.output ?? null),
    params: model?.layers[0]?.params ?? null,
    diagnostics: diagnostics.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`),
  };
}

/**
 * One `it` per layer type whose signature declares a default: the defaults written out change
 * nothing; and one for the whole vocabulary: without any argument, every layer type is the user's
 * error at worst, never ConvLens's (a builder asking for a default its signature lacks).
 */
export function defaultsWrittenOutChangeNothing(vocabulary: FrameworkVocabulary, check: DefaultsCheck): void {
  it('every layer type without arguments: no internal error', async () => {
    const failed: string[] = [];
    for (const type of Object.keys(vocabulary.layers)) {
      const { diagnostics } = await outcome(vocabulary.framework, check.inputs[0], { type }, 1);
      failed.push(...diagnostics.filter((diagnostic) => diagnostic.startsWith('internal-error')).map((diagnostic) => `${type}: ${diagnostic}`));
    }
    assert.deepEqual(failed, []);
  });
  for (const [type, entry] of Object.entries(vocabulary.layers)) {
    const parameters = parametersOf(entry.signature);
    if (!parameters.some((parameter) => 'default' in parameter)) continue;
    it(`${type}: the defaults written out change nothing`, async () => {
      const needed = check.needed(type);
      let accepted = 0;
      for (const inputCount of [1, 2] as const) {
        for (const input of check.inputs) {
          const bare = await outcome(vocabulary.framework, input, layerWith(type, parameters, needed, check, false), inputCount);
          const explicit = await outcome(vocabulary.framework, input, layerWith(type, parameters, needed, check, true), inputCount);
          assert.deepEqual(explicit, bare, `${type} on ${inputCount} input(s) ${JSON.stringify(input)}`);
          if (bare.output !== null && bare.diagnostics.length === 0) accepted++;
        }
        if (accepted > 0) break;
      }
      // Each layer must accept some input here, or the comparison above compared only errors.
      assert.ok(accepted > 0, `${type} accepted none of the inputs with its required arguments`);
    });
  }
}
