/**
 * The "did you mean" quick fix of unknown-layer: it renames only the type's text, in every source
 * syntax, and is left out where the written text is not the type's name itself.
 */
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import type { Diagnostic } from '../../../src/core/diagnostics';
import { literalNameSpan } from '../../../src/core/formats/sourceValues';
import { applyEdits } from '../formats/textEdits';

async function unknownLayers(text: string, fileName: string): Promise<Diagnostic[]> {
  const { diagnostics } = await analyzeDocument(text, fileName);
  return diagnostics.filter((diagnostic) => diagnostic.code === 'unknown-layer');
}

/** The text after the one fix of the only unknown-layer diagnostic. */
async function fixed(text: string, fileName: string): Promise<string> {
  const [diagnostic, ...others] = await unknownLayers(text, fileName);
  assert.equal(others.length, 0);
  assert.equal(diagnostic.fixes?.length, 1, diagnostic.message);
  assert.equal(diagnostic.fixes[0].preferred, true);
  return applyEdits(text, diagnostic.fixes[0].edits);
}

const PYTORCH_LAYER = 'in_channels: 3, out_channels: 4, kernel_size: 3';

describe('unknown-layer quick fix', () => {
  it('YAML: replaces a plain type and the inside of a quoted one', async () => {
    const text = `framework: pytorch\ninput: [1, 3, 8, 8]\nlayers:\n  - type: ConvTranspose2D\n    in_channels: 3\n    out_channels: 4\n    kernel_size: 3\n`;
    assert.equal(await fixed(text, 'up.model.yaml'), text.replace('ConvTranspose2D', 'ConvTranspose2d'));
    const quoted = `framework: pytorch\ninput: [1, 3, 8, 8]\nlayers:\n  - {type: 'convTranspose2d', ${PYTORCH_LAYER}} # up\n`;
    assert.equal(await fixed(quoted, 'up.model.yaml'), `framework: pytorch\ninput: [1, 3, 8, 8]\nlayers:\n  - {type: 'ConvTranspose2d', ${PYTORCH_LAYER}} # up\n`);
  });

  it('Keras JSON: replaces the class name inside its quotes', async () => {
    const text = `{"class_name": "Sequential", "config": {"layers": [{"class_name": "InputLayer", "config": {"batch_input_shape": [null, 8, 8, 3]}}, {"class_name": "conv2dtranspose", "config": {"filters": 4, "kernel_size": 3}}]}}`;
    assert.equal(await fixed(text, 'model.json'), text.replace('"conv2dtranspose"', '"Conv2DTranspose"'));
  });

  it('TypeScript: the string of a ConvLens literal, and the factory name of tf.layers', async () => {
    const literal = `const m = {framework: 'pytorch', input: [1, 3, 8, 8], layers: [{type: 'ConvTranspose2D', ${PYTORCH_LAYER}}]};`;
    assert.equal(await fixed(literal, 'm.ts'), literal.replace("'ConvTranspose2D'", "'ConvTranspose2d'"));
    const tfjs = `import * as tf from '@tensorflow/tfjs';\nconst model = tf.sequential({layers: [tf.layers.conv2DTranspose({inputShape: [8, 8, 3], filters: 4, kernelSize: 3})]});`;
    assert.equal(await fixed(tfjs, 'm.ts'), tfjs.replace('tf.layers.conv2DTranspose(', 'tf.layers.conv2dTranspose('));
  });

  it('offers no fix where the text is not the name itself (a constant, a concatenation) or nothing is near', async () => {
    const constant = `const ConvTranspose2D = 'ConvTranspose2D';\nconst m = {framework: 'pytorch', input: [1, 3, 8, 8], layers: [{type: ConvTranspose2D, ${PYTORCH_LAYER}}]};`;
    const concatenated = `const m = {framework: 'pytorch', input: [1, 3, 8, 8], layers: [{type: 'ConvTranspose' + '2D', ${PYTORCH_LAYER}}]};`;
    const unrelated = `framework: pytorch\ninput: [1, 3, 8, 8]\nlayers:\n  - type: Deconvolution\n`;
    for (const [text, fileName] of [[constant, 'm.ts'], [concatenated, 'm.ts'], [unrelated, 'm.model.yaml']]) {
      const [diagnostic] = await unknownLayers(text, fileName);
      assert.ok(diagnostic, fileName);
      assert.equal(diagnostic.fixes, undefined, text);
    }
  });
});

describe('literalNameSpan', () => {
  const at = (text: string, name: string, bare: boolean) => {
    const span = literalNameSpan(text, { start: 0, end: text.length }, name, bare);
    return span && text.slice(span.start, span.end);
  };

  it('finds a bare name only where bare names are allowed, and quoted names without escapes', () => {
    assert.equal(at('Conv2D', 'Conv2D', true), 'Conv2D');
    assert.equal(at('Conv2D', 'Conv2D', false), undefined);
    assert.equal(at('"Conv2D"', 'Conv2D', false), 'Conv2D');
    assert.equal(at("'Conv2D'", 'Conv2D', false), 'Conv2D');
    assert.equal(at('`Conv2D`', 'Conv2D', false), 'Conv2D');
    assert.equal(at('"Conv2D\'', 'Conv2D', false), undefined);
    assert.equal(at('"Conv\\u0032D"', 'Conv2D', false), undefined);
    assert.equal(at("'Conv'+'2D'", 'Conv2D', false), undefined);
  });
});
