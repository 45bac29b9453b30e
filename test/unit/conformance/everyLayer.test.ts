/**
 * Every entry of every framework's vocabulary, written as a one-layer model and read through the
 * real readers: ConvLens YAML with `framework:` for every framework; besides, each TF.js factory
 * (`tf.layers.x(...)`, a lower-case name) in TypeScript, and each Keras class name in a Keras 3
 * `to_json()` document. None may be reported as `unknown-layer`, and none may make ConvLens fail
 * (`internal-error`). The types come from the vocabularies themselves, so a layer added to any of
 * them is covered without being listed here.
 */
import * as assert from 'node:assert/strict';
import type { DocumentAnalysis } from '../../../src/core/analysis';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { VOCABULARIES } from '../../../src/core/frameworks';
import { FRAMEWORKS, type Framework } from '../../../src/core/ir';
import { modelFile, oneLayerSpec } from '../support/modelSpec';

/** The diagnostics that must not appear for a known type, and whether the reader produced its layer. */
function refusals(type: string, analysis: DocumentAnalysis): string[] {
  const layers = analysis.models[0]?.layers ?? [];
  const found = layers.some((layer) => layer.type === type);
  const wrong = analysis.diagnostics.filter((diagnostic) => diagnostic.code === 'unknown-layer' || diagnostic.code === 'internal-error');
  return [...(found ? [] : [`${type}: the reader produced no such layer`]), ...wrong.map((diagnostic) => `${type}: ${diagnostic.code}: ${diagnostic.message}`)];
}

/** Analyses one document per type; every refusal found. */
async function refusedTypes(types: readonly string[], documentOf: (type: string) => [text: string, fileName: string]): Promise<string[]> {
  const refused: string[] = [];
  for (const type of types) refused.push(...refusals(type, await analyzeDocument(...documentOf(type))));
  return refused;
}

const yamlDocument = (framework: Framework) => (type: string) => {
  const { text, fileName } = modelFile(oneLayerSpec(framework, [['N', 4, 8, 8]], { type }));
  return [text, fileName] as [string, string];
};

/** A TF.js sequential model whose second layer is the factory `type`. */
const typeScriptDocument = (type: string): [string, string] => [
  `import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential({\n  layers: [\n    tf.layers.inputLayer({inputShape: [4, 8, 8]}),\n    tf.layers.${type}({}),\n  ],\n});\n`,
  'model.ts',
];

/** A Keras 3 `Sequential` as `model.to_json()` writes it, whose layer is the class `type`. */
const kerasJsonDocument = (type: string): [string, string] => [
  JSON.stringify({
    module: 'keras',
    class_name: 'Sequential',
    config: {
      name: 'sequential',
      layers: [
        { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 4, 8, 8], dtype: 'float32', name: 'input_layer' }, registered_name: null },
        { module: 'keras.layers', class_name: type, config: { name: 'layer' }, registered_name: null },
      ],
    },
    registered_name: null,
  }),
  'model.json',
];

describe('Every vocabulary entry is known through the readers', () => {
  for (const framework of FRAMEWORKS) {
    const types = Object.keys(VOCABULARIES[framework].layers);
    it(`${framework}: all ${types.length} layer types in ConvLens YAML`, async () => {
      assert.ok(types.length > 0);
      assert.deepEqual(await refusedTypes(types, yamlDocument(framework)), []);
    });
  }

  const factories = Object.keys(VOCABULARIES.tfjs.layers).filter((type) => /^[a-z]/.test(type) && type !== 'inputLayer');
  it(`tfjs: all ${factories.length} tf.layers factories in TypeScript`, async () => {
    assert.deepEqual(await refusedTypes(factories, typeScriptDocument), []);
  });

  const classes = Object.keys(VOCABULARIES.keras.layers).filter((type) => type !== 'InputLayer');
  it(`keras: all ${classes.length} layer classes in a to_json() document`, async () => {
    assert.deepEqual(await refusedTypes(classes, kerasJsonDocument), []);
  });
});
