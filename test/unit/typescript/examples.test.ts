import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import type { DocumentAnalysis } from '../../../src/core/analysis';
import { reportShape } from '../../../src/core/dims';
import type { Shape } from '../../../src/core/ir';
import { sliceOf } from '../formats/textEdits';

async function analyzeExample(name: string): Promise<DocumentAnalysis> {
  return analyzeDocument(readFileSync(join(__dirname, '../../../examples', name), 'utf8'), name);
}

/** Every layer's type and output shape. */
function outputs(analysis: DocumentAnalysis): [string, unknown][] {
  assert.equal(analysis.models.length, 1);
  return analysis.models[0].layers.map((layer) => [layer.type, reportShape(layer.output)]);
}

const errors = (analysis: DocumentAnalysis) => analysis.diagnostics.filter((d) => d.severity === 'error');

describe('TypeScript examples through analyzeDocument', () => {
  it('tfjs-acgan-generator.ts: 3 → 7 → 14 → 28 (docs/frameworks/tfjs.md worked vector)', async () => {
    const analysis = await analyzeExample('tfjs-acgan-generator.ts');
    assert.equal(analysis.models[0].framework, 'tfjs');
    assert.deepEqual(outputs(analysis), [
      ['dense', ['N', 3456]],
      ['reshape', ['N', 3, 3, 384]],
      ['conv2dTranspose', ['N', 7, 7, 192]],
      ['batchNormalization', ['N', 7, 7, 192]],
      ['conv2dTranspose', ['N', 14, 14, 96]],
      ['batchNormalization', ['N', 14, 14, 96]],
      ['conv2dTranspose', ['N', 28, 28, 1]],
    ]);
    // Kernel 5 with stride 2 overlaps unevenly (docs/frameworks/README.md, checkerboard artifacts): a warning
    // on the two strided layers, each with the resize + convolution replacement.
    assert.deepEqual(
      analysis.diagnostics.map((d) => [d.code, d.layer, d.fixes?.[0]?.edits[0].newText.split('\n')[0]]),
      [
        ['uneven-overlap', '4', 'cnn.add(tf.layers.upSampling2d({size: [2, 2]}));'],
        ['uneven-overlap', '6', 'cnn.add(tf.layers.upSampling2d({size: [2, 2]}));'],
      ],
    );
  });

  it('tfjs-autoencoder.js: arrays of layers joined by a helper, 28 → 7 → 28', async () => {
    const analysis = await analyzeExample('tfjs-autoencoder.js');
    assert.equal(analysis.models[0].name, 'autoencoder');
    assert.deepEqual(outputs(analysis), [
      ['conv2d', ['N', 14, 14, 32]],
      ['conv2d', ['N', 7, 7, 16]],
      ['flatten', ['N', 784]],
      ['dense', ['N', 32]],
      ['dense', ['N', 784]],
      ['reshape', ['N', 7, 7, 16]],
      ['conv2dTranspose', ['N', 14, 14, 32]],
      ['conv2dTranspose', ['N', 28, 28, 1]],
    ]);
    assert.deepEqual(analysis.diagnostics, []);
  });

  it('unet-literal.ts: a PyTorch U-Net as an object literal, 64 → 16 → 64', async () => {
    const analysis = await analyzeExample('unet-literal.ts');
    assert.equal(analysis.models[0].name, 'unet-small');
    assert.deepEqual(
      analysis.models[0].layers.filter((layer) => !layer.type.startsWith('ReLU')).map((layer) => [layer.name, reportShape(layer.output)]),
      [
        ['enc1', ['N', 16, 64, 64]],
        ['pool1', ['N', 16, 32, 32]],
        ['enc2', ['N', 32, 32, 32]],
        ['pool2', ['N', 32, 16, 16]],
        ['bottleneck', ['N', 64, 16, 16]],
        ['up2', ['N', 32, 32, 32]],
        ['skip2', ['N', 64, 32, 32]],
        ['dec2', ['N', 32, 32, 32]],
        ['up1', ['N', 16, 64, 64]],
        ['skip1', ['N', 32, 64, 64]],
        ['dec1', ['N', 16, 64, 64]],
        ['head', ['N', 2, 64, 64]],
      ],
    );
    assert.deepEqual(errors(analysis), []);
  });

  it('functional TF.js graphs get their merge shapes through apply', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const image = tf.input({shape: [16, 16, 3]});
const a = tf.layers.conv2d({filters: 4, kernelSize: 3, padding: 'same'}).apply(image);
const b = tf.layers.conv2d({filters: 6, kernelSize: 3, padding: 'same'}).apply(image);
const m = tf.layers.concatenate().apply([a, b]);
const up = tf.layers.conv2dTranspose({filters: 2, kernelSize: 4, strides: 2, padding: 'same'}).apply(m);
export const net = tf.model({inputs: image, outputs: up});`;
    const analysis = await analyzeDocument(text, 'net.ts');
    assert.deepEqual(outputs(analysis), [
      ['conv2d', ['N', 16, 16, 4]],
      ['conv2d', ['N', 16, 16, 6]],
      ['concatenate', ['N', 16, 16, 10]],
      ['conv2dTranspose', ['N', 32, 32, 2]],
    ]);
  });

  it('unknown values make dependent shapes unknown, never wrong', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
export function build(k: number, options: object) {
  return tf.sequential({layers: [
    tf.layers.conv2d({inputShape: [16, 16, 3], filters: 4, kernelSize: 3}),
    tf.layers.conv2d({filters: 4, kernelSize: k}),
    tf.layers.conv2d({filters: 4, kernelSize: 3}),
  ]});
}
export function spread(options: object) {
  return tf.sequential({layers: [
    tf.layers.conv2d({inputShape: [16, 16, 3], filters: 4, kernelSize: 3}),
    tf.layers.conv2d({filters: 4, kernelSize: 3, ...options}),
    tf.layers.flatten(),
  ]});
}`;
    const analysis = await analyzeDocument(text, 'build.ts');
    const unknown = (shape: Shape | null) => shape === null || shape.some((dim) => dim.kind === 'unknown');
    assert.deepEqual(
      analysis.models.map((model) => model.layers.map((layer) => unknown(layer.output))),
      [
        [false, true, true],
        [false, true, true],
      ],
    );
    assert.deepEqual(errors(analysis), []);
    // Every `?` says why, pointing where the unknown started: later layers carry the first reason on.
    const reasons = analysis.models.map((model) => model.layers.map((layer) => layer.unknown && [layer.unknown.because, sliceOf(text, layer.unknown.span)]));
    const parameter = ['`kernelSize` of conv2d (layer 1) is not known: `k` is a parameter of `build`, which is never called with known arguments', 'k'];
    const spread = ['the parameters of conv2d (layer 1) include a spread ConvLens cannot fold', 'tf.layers.conv2d({filters: 4, kernelSize: 3, ...options})'];
    assert.deepEqual(reasons, [
      [undefined, parameter, parameter],
      [undefined, spread, spread],
    ]);
  });
});
