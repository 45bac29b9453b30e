/**
 * Canonical layers are plain data: no closures, getters or private fields, so that one survives
 * `structuredClone` (analysis may later move off the extension host thread) and resolves the same.
 */
import * as assert from 'node:assert/strict';
import type { FrameworkVocabulary } from '../../../src/core/engine/canonical';
import { LayerParams } from '../../../src/core/engine/params';
import { VOCABULARIES } from '../../../src/core/frameworks';
import { readYamlModels } from '../../../src/core/formats/yaml/yamlModel';

/** The canonical layer the vocabulary builds for the first layer of a ConvLens YAML model. */
function canonicalOf(text: string, vocabulary: FrameworkVocabulary) {
  const [model] = readYamlModels(text).models;
  const source = model.layers[0];
  const entry = vocabulary.layers[source.type];
  const params = new LayerParams(source, { ignoreCase: vocabulary.ignoresCase, signature: entry.signature, wording: vocabulary.callWording });
  const layer = entry.build(params, { spatialRank: 2, inputRank: 4, type: source.type });
  assert.deepEqual(params.problems, []);
  return layer;
}

const TRANSPOSED: [keyof typeof VOCABULARIES, string][] = [
  ['pytorch', 'type: ConvTranspose2d\n    out_channels: 8\n    kernel_size: 4\n    stride: 2\n    padding: 1\n    output_size: [17, 16]'],
  ['pytorch', 'type: ConvTranspose2d\n    out_channels: 8\n    kernel_size: 3\n    stride: 2\n    output_padding: 1'],
  ['keras', 'type: Conv2DTranspose\n    filters: 8\n    kernel_size: 3\n    strides: 2\n    padding: same'],
  ['tfjs', 'type: conv2dTranspose\n    filters: 8\n    kernelSize: 3\n    strides: 2'],
  ['onnx', 'type: ConvTranspose\n    out_channels: 8\n    kernel_shape: [3, 3]\n    strides: [2, 2]\n    auto_pad: SAME_LOWER'],
  ['tensorflow', "type: conv2d_transpose\n    filter_shape: [3, 3, 8, 4]\n    strides: 2\n    padding: 'SAME'\n    output_shape: [1, 16, 16, 8]"],
];

describe('Canonical layers are plain data', () => {
  for (const [framework, layer] of TRANSPOSED) {
    it(`${framework}, ${layer.split('\n').at(-1)?.trim()}: a transposed convolution survives structuredClone and resolves the same`, () => {
      const vocabulary = VOCABULARIES[framework];
      const canonical = canonicalOf(`framework: ${framework}\ninput: [1, 4, 8, 8]\nlayers:\n  - ${layer}\n`, vocabulary);
      assert.equal(canonical.op, 'convTranspose');
      const clone = structuredClone(canonical);
      assert.deepEqual(clone, canonical);
      if (clone.op !== 'convTranspose' || canonical.op !== 'convTranspose') return;
      const resolve = (which: typeof canonical) => {
        const { axes, problems } = vocabulary.resolveTransposed(which, [8, 8]);
        return { problems, axes: axes.map((axis) => axis && { ...axis, formula: axis.formula('H') }) };
      };
      assert.deepEqual(resolve(clone), resolve(canonical));
    });
  }
});
