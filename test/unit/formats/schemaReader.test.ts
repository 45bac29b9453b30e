/**
 * The ConvLens schema is read once for YAML and TypeScript object literals (`convlensSchema.ts`),
 * and a layer replaced by a quick fix keeps what belongs to it. Expected shapes are derived by
 * hand: PyTorch ConvTranspose2d o = (i − 1)·s − 2p + k + op; Upsample ×2; Conv2d with
 * `padding: 'same'` keeps the size; TF.js `padding: 'same'` transposed conv o = i·s.
 */
import { reportShape } from '../../../src/core/dims';
import { strict as assert } from 'assert';
import type { DocumentAnalysis } from '../../../src/core/analysis';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { Code } from '../../../src/core/diagnostics';
import { applyEdits } from './textEdits';

async function analyze(text: string, fileName: string): Promise<DocumentAnalysis> {
  return analyzeDocument(text, fileName);
}

/** Applies the uneven-overlap quick fix and analyses the result. */
async function afterUnevenOverlapFix(text: string, fileName: string): Promise<{ edited: string; analysis: DocumentAnalysis }> {
  const before = await analyze(text, fileName);
  const fix = before.diagnostics.find((diagnostic) => diagnostic.code === Code.unevenOverlap)?.fixes?.[0];
  assert.ok(fix, 'the uneven-overlap quick fix is offered');
  const edited = applyEdits(text, fix.edits);
  return { edited, analysis: await analyze(edited, fileName) };
}

function shapesByName(analysis: DocumentAnalysis): Record<string, unknown> {
  return Object.fromEntries(analysis.models[0].layers.map((layer) => [layer.name, reportShape(layer.output)]));
}

const PYTORCH_LAYER = `{ type: 'ConvTranspose2d', name: 'up', out_channels: 4, kernel_size: 3, stride: 2, padding: 1, output_padding: 1 }`;

describe('ConvLens schema: one reader for YAML and TypeScript literals', () => {
  it('reads the same model from YAML and from a TypeScript literal', async () => {
    const yaml = await analyze(`framework: pytorch\ninput: [N, 8, 4, 4]\nlayers:\n  - ${PYTORCH_LAYER}\n`, 'a.yaml');
    const ts = await analyze(`export const m = {\n  framework: 'pytorch',\n  input: ['N', 8, 4, 4],\n  layers: [\n    ${PYTORCH_LAYER},\n  ],\n};\n`, 'a.ts');
    // (4 − 1)·2 − 2·1 + 3 + 1 = 8
    assert.deepEqual(shapesByName(yaml), { up: ['N', 4, 8, 8] });
    assert.deepEqual(shapesByName(ts), shapesByName(yaml));
    assert.deepEqual(
      ts.diagnostics.map((d) => d.code),
      yaml.diagnostics.map((d) => d.code),
    );
  });

  it('keeps the name of a TypeScript literal layer replaced by the uneven-overlap fix', async () => {
    const text = `export const m = {\n  framework: 'pytorch',\n  input: ['N', 8, 4, 4],\n  layers: [\n    { type: 'ReLU' },\n    ${PYTORCH_LAYER},\n  ],\n};\n`;
    const { edited, analysis } = await afterUnevenOverlapFix(text, 'decoder.ts');
    assert.ok(edited.includes(`{type: 'Conv2d', out_channels: 4, kernel_size: 3, padding: 'same', name: 'up'}`), edited);
    // Upsample ×2: 4 → 8; Conv2d 'same' keeps 8: the same shape under the same name.
    assert.deepEqual(analysis.models[0].layers.map((layer) => layer.type), ['ReLU', 'Upsample', 'Conv2d']);
    assert.deepEqual(shapesByName(analysis).up, ['N', 4, 8, 8]);
  });

  it('keeps the name of a YAML layer replaced by the uneven-overlap fix', async () => {
    const text = `framework: pytorch\ninput: [N, 8, 4, 4]\nlayers:\n  - type: ConvTranspose2d\n    name: up\n    out_channels: 4\n    kernel_size: 3\n    stride: 2\n    padding: 1\n    output_padding: 1\n`;
    const { analysis } = await afterUnevenOverlapFix(text, 'decoder.yaml');
    assert.deepEqual(shapesByName(analysis).up, ['N', 4, 8, 8]);
  });

  it("keeps a TF.js sequential's input and a layer's name when its first layer is replaced", async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
model.add(tf.layers.conv2dTranspose({inputShape: [8, 8, 3], filters: 4, kernelSize: 3, strides: 2, padding: 'same', name: 'up'}));
model.add(tf.layers.reLU());
`;
    const { edited, analysis } = await afterUnevenOverlapFix(text, 'generator.ts');
    assert.ok(edited.includes(`model.add(tf.layers.upSampling2d({size: [2, 2], inputShape: [8, 8, 3]}));`), edited);
    assert.ok(edited.includes(`model.add(tf.layers.conv2d({filters: 4, kernelSize: 3, padding: 'same', name: 'up'}));`), edited);
    assert.deepEqual(analysis.diagnostics.filter((d) => d.severity === 'error'), []);
    // 'same', stride 2: 8·2 = 16, before and after the fix.
    assert.deepEqual(reportShape(analysis.models[0].layers[0].input), ['N', 8, 8, 3]);
    assert.deepEqual(shapesByName(analysis).up, ['N', 16, 16, 4]);
  });
});
