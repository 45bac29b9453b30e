import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { looksLikeTypeScriptModel, readTypeScriptModels } from '../../../src/core/formats/typescript/typescriptModel';
import { read } from './support';

const EXAMPLES = ['tfjs-acgan-generator.ts', 'tfjs-autoencoder.js', 'unet-literal.ts'].map((name) => ({
  name,
  text: readFileSync(join(__dirname, '../../../examples', name), 'utf8'),
}));

describe('TypeScript reader: robustness', () => {
  it('rejects ordinary files by their text, without parsing (a synchronous empty result)', () => {
    const ordinary = [
      `export function add(a: number, b: number) { return a + b; }`,
      `const config = {layers: 3, name: 'x'};`,
      `import * as vscode from 'vscode';\nexport const layers = [];`,
      ``,
    ];
    for (const text of ordinary) {
      assert.equal(looksLikeTypeScriptModel(text), false, text);
      assert.deepEqual(readTypeScriptModels(text, 'a.ts'), { models: [], diagnostics: [] });
    }
    assert.equal(looksLikeTypeScriptModel(`import * as tf from '@tensorflow/tfjs';`), true);
    assert.equal(looksLikeTypeScriptModel(`const m = {input: [1], layers: [{type: 'ReLU'}]};`), true);
  });

  it('finds no model in a file that passes the text test but defines none', async () => {
    const { models, diagnostics } = await read(`import * as tf from '@tensorflow/tfjs';\nexport const t = tf.tensor([1, 2]);`);
    assert.deepEqual(models, []);
    assert.deepEqual(diagnostics, []);
  });

  it('reports a syntax error inside a model with its position, and reads the model anyway', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const m = tf.sequential({layers: [
  tf.layers.dense({units: 4, inputShape: [4]),
  tf.layers.dense({units: 1}),
]});`;
    const { models, diagnostics } = await read(text);
    assert.equal(models.length, 1);
    const errors = diagnostics.filter((d) => d.code === 'parse-error');
    assert.ok(errors.length >= 1);
    assert.equal(errors[0].severity, 'error');
    assert.equal(errors[0].span.start, text.indexOf(')', text.indexOf('inputShape')));
    assert.match(errors[0].message, /^TypeScript: '.' expected/);
  });

  it('ignores syntax errors outside models', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const m = tf.sequential({layers: [tf.layers.dense({units: 4, inputShape: [4]})]});
function broken( { return 1 }`;
    const { models, diagnostics } = await read(text);
    assert.equal(models.length, 1);
    assert.deepEqual(diagnostics, []);
  });

  it('never throws on any prefix or on mutations of the examples', async () => {
    for (const { name, text } of EXAMPLES) {
      for (let end = 0; end <= text.length; end += 7) {
        const parsed = await read(text.slice(0, end), name);
        assert.ok(Array.isArray(parsed.models), `${name} cut at ${end}`);
      }
      // Deterministic mutations: drop, duplicate or swap characters around every 29th offset.
      for (let at = 0; at < text.length; at += 29) {
        const mutations = [
          text.slice(0, at) + text.slice(at + 1),
          text.slice(0, at) + text[at] + text.slice(at),
          text.slice(0, at) + '([{' + text.slice(at),
        ];
        for (const mutated of mutations) {
          const parsed = await read(mutated, name);
          for (const diagnostic of parsed.diagnostics) {
            assert.ok(diagnostic.span.start >= 0 && diagnostic.span.end <= mutated.length, `${name} mutated at ${at}`);
          }
        }
      }
    }
  });

  it('survives deep nesting and long arrays', async () => {
    const deep = `import * as tf from '@tensorflow/tfjs';\nconst K = ${'('.repeat(5000)}3${')'.repeat(5000)};\ntf.sequential({layers: [tf.layers.dense({units: K, inputShape: [1]})]});`;
    const parsed = await read(deep);
    assert.ok(Array.isArray(parsed.models));
    const long = `import * as tf from '@tensorflow/tfjs';\ntf.sequential({layers: [tf.layers.dense({units: 1, inputShape: [${new Array(100_000).fill(1).join(',')}]})]});`;
    assert.equal((await read(long)).models.length, 1);
  });
});
