/**
 * Imports between workspace files (SPEC.md §1.3, issue 17): the interpreter follows ESM and
 * CommonJS imports read through `readFile`, shows what another file's code builds at the call of
 * the analysed file that ran it, and makes what it cannot read unknown, saying why. Shapes are
 * hand-derived: `dense` gives `[N, units]`; a 'same' transposed convolution of stride s multiplies
 * the size by s, a 'same' convolution of stride 1 keeps it.
 */
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { reportShape } from '../../../src/core/dims';
import { INTERPRETER_BUDGETS } from '../../../src/core/limits';
import type { LayerResult } from '../../../src/core/results';

const BLOCKS = `import * as tf from '@tensorflow/tfjs';
export const UP_FILTERS = 32;

export function upBlock(model, filters) {
  model.add(tf.layers.conv2dTranspose({filters, kernelSize: 4, strides: 2, padding: 'same'}));
}
`;

const GENERATOR = `import * as tf from '@tensorflow/tfjs';
import {UP_FILTERS, upBlock} from './blocks';
const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [100], units: 4 * 4 * 64}));
model.add(tf.layers.reshape({targetShape: [4, 4, 64]}));
model.add(tf.layers.conv2dTranspose({filters: UP_FILTERS, kernelSize: 4, strides: 2, padding: 'same'}));
upBlock(model, 16);
model.add(tf.layers.conv2d({filters: 3, kernelSize: 3, padding: 'same'}));
`;

/** A workspace of files by absolute path; `asked` lists every path read, found or not. */
function workspace(files: Record<string, string>) {
  const asked: string[] = [];
  const readFile = async (path: string) => {
    asked.push(path);
    return files[path];
  };
  return { asked, readFile };
}

async function analyzeIn(files: Record<string, string>, main: string) {
  const { asked, readFile } = workspace(files);
  const analysis = await analyzeDocument(files[main], main, { readFile });
  return { analysis, asked, text: files[main] };
}

const shapes = (layers: readonly LayerResult[]) => layers.map((layer) => reportShape(layer.output));

describe('TypeScript interpreter: imports between workspace files', () => {
  it('follows an imported constant and helper, and shows what the helper built at its call', async () => {
    const { analysis, asked, text } = await analyzeIn({ '/ws/models/gen.js': GENERATOR, '/ws/models/blocks.js': BLOCKS }, '/ws/models/gen.js');
    assert.deepEqual(asked, ['/ws/models/blocks.js'], 'a specifier without extension tries .js first');
    const [model] = analysis.models;
    assert.deepEqual(shapes(model.layers), [
      ['N', 1024],
      ['N', 4, 4, 64],
      ['N', 8, 8, 32],
      ['N', 16, 16, 16],
      ['N', 16, 16, 3],
    ]);
    const helper = model.layers[3];
    assert.equal(text.slice(helper.span.start, helper.span.end), 'upBlock(model, 16)');
    assert.equal(helper.hintOffset, text.indexOf('upBlock(model, 16)') + 'upBlock(model, 16)'.length);
    assert.equal(helper.builtElsewhere, '`blocks.js` line 5');
    assert.equal(model.layers[2].builtElsewhere, undefined);
    assert.deepEqual(analysis.diagnostics, []);
    // The upsampling preview may show the helper's layer, but has nowhere in this file to write its parameters.
    assert.ok(model.layers[2].transposedConv?.paramSpans && model.layers[2].transposedConv.insertion);
    assert.equal(helper.transposedConv?.paramSpans, undefined);
    assert.equal(helper.transposedConv?.insertion, undefined);
  });

  it('follows CommonJS require, module.exports and exports.x, relative to the importing file', async () => {
    const files = {
      'src/train.js': `const tf = require('@tensorflow/tfjs');
const {head} = require('./parts/head');
const input = tf.input({shape: [12]});
const output = head(input);
const model = tf.model({inputs: input, outputs: output});
`,
      'src/parts/head.js': `const tf = require('@tensorflow/tfjs');
const sizes = require('../sizes.js');
module.exports = {head: (x) => tf.layers.dense({units: sizes.HIDDEN}).apply(tf.layers.dense({units: sizes.HIDDEN * 2}).apply(x))};
`,
      'src/sizes.js': 'exports.HIDDEN = 5;\n',
    };
    const { analysis, asked, text } = await analyzeIn(files, 'src/train.js');
    assert.deepEqual(asked, ['src/parts/head.js', 'src/sizes.js']);
    const [model] = analysis.models;
    assert.deepEqual(shapes(model.layers), [
      ['N', 10],
      ['N', 5],
    ]);
    for (const layer of model.layers) assert.equal(text.slice(layer.span.start, layer.span.end), 'head(input)');
  });

  it('makes what comes from a file it cannot read unknown, and says which import and why', async () => {
    const { analysis } = await analyzeIn({ '/ws/gen.js': GENERATOR }, '/ws/gen.js');
    const layers = analysis.models[0].layers;
    assert.deepEqual(shapes(layers.slice(0, 2)), [
      ['N', 1024],
      ['N', 4, 4, 64],
    ]);
    assert.equal(layers[2].output, null);
    assert.match(layers[2].unknown?.because ?? '', /`\.\/blocks` cannot be read \(it is missing, or outside the workspace\)/);
    // The helper's call is not followed: what comes after it cannot be known either.
    assert.equal(layers[layers.length - 1].output, null);
  });

  it('without a way to read files, says so', async () => {
    const analysis = await analyzeDocument(GENERATOR, '/ws/gen.js');
    assert.match(analysis.models[0].layers[2].unknown?.because ?? '', /`\.\/blocks` is another file, and this analysis was given no way to read files/);
  });

  it('tells where an unknown from another file started', async () => {
    const files = {
      '/ws/main.js': `import * as tf from '@tensorflow/tfjs';
import {addHead} from './head.js';
const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [8], units: 4}));
addHead(model);
`,
      '/ws/head.js': `import * as tf from '@tensorflow/tfjs';
import {settings} from 'some-package';
export function addHead(model) {
  model.add(tf.layers.dense({units: settings.classes}));
}
`,
    };
    const { analysis } = await analyzeIn(files, '/ws/main.js');
    const head = analysis.models[0].layers[1];
    assert.equal(head.output, null);
    assert.match(head.unknown?.because ?? '', /`some-package` is a module ConvLens does not read/);
    assert.match(head.unknown?.because ?? '', /\(in `head\.js` line \d+\)/);
  });

  it('treats an import cycle as unknown, never as a value', async () => {
    const files = {
      '/ws/main.js': `import * as tf from '@tensorflow/tfjs';
import {A} from './a.js';
import {C} from './b.js';
const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [8], units: A}));
model.add(tf.layers.dense({units: C}));
`,
      '/ws/a.js': "import {B} from './b.js';\nexport const A = B * 2;\n",
      '/ws/b.js': "import {A} from './a.js';\nexport const B = 8;\nexport const C = A;\n",
    };
    const { analysis } = await analyzeIn(files, '/ws/main.js');
    const [first, second] = analysis.models[0].layers;
    assert.deepEqual(reportShape(first.output), ['N', 16]);
    assert.equal(second.output, null);
    assert.match(second.unknown?.because ?? '', /`\.\/a\.js` imports this file back \(an import cycle\)/);
  });

  it('reads at most the budget of files, and imports nested at most the budget deep', async () => {
    const count = INTERPRETER_BUDGETS.importedFiles + 2;
    const wide: Record<string, string> = {
      '/ws/main.js': `import * as tf from '@tensorflow/tfjs';
${Array.from({ length: count }, (_, index) => `import {K as k${index}} from './c${index}.js';`).join('\n')}
const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [8], units: k0 + k${count - 1}}));
`,
    };
    for (let index = 0; index < count; index++) wide[`/ws/c${index}.js`] = 'export const K = 1;\n';
    const layer = (await analyzeIn(wide, '/ws/main.js')).analysis.models[0].layers[0];
    assert.equal(layer.output, null);
    assert.match(layer.unknown?.because ?? '', new RegExp(`a file reads at most ${INTERPRETER_BUDGETS.importedFiles} imported files`));

    const depth = INTERPRETER_BUDGETS.importDepth + 2;
    const deep: Record<string, string> = {
      '/ws/main.js': `import * as tf from '@tensorflow/tfjs';
import {K} from './d0.js';
const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [8], units: K}));
`,
    };
    for (let index = 0; index < depth; index++) deep[`/ws/d${index}.js`] = `export {K} from './d${index + 1}.js';\n`;
    deep[`/ws/d${depth}.js`] = 'export const K = 3;\n';
    const nested = await analyzeIn(deep, '/ws/main.js');
    assert.equal(nested.asked.length, INTERPRETER_BUDGETS.importDepth);
    assert.match(nested.analysis.models[0].layers[0].unknown?.because ?? '', new RegExp(`imports nest more than ${INTERPRETER_BUDGETS.importDepth} files deep`));
    // Within the budget, the same chain is followed to its value.
    deep[`/ws/d${INTERPRETER_BUDGETS.importDepth - 1}.js`] = 'export const K = 3;\n';
    assert.deepEqual(reportShape((await analyzeIn(deep, '/ws/main.js')).analysis.models[0].layers[0].output), ['N', 3]);
  });

  it('reports a budget that runs out in another file at the call that ran it, naming the file', async () => {
    const files = {
      '/ws/main.js': `import * as tf from '@tensorflow/tfjs';
import {spin} from './spin.js';
const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [8], units: 4}));
spin(model);
`,
      '/ws/spin.js': `import * as tf from '@tensorflow/tfjs';
export function spin(model) {
  model.add(tf.layers.dense({units: 2}));
  while (true) {}
}
`,
    };
    const { analysis, text } = await analyzeIn(files, '/ws/main.js');
    const stopped = analysis.diagnostics.find((diagnostic) => diagnostic.message.startsWith('ConvLens stopped interpreting'));
    assert.ok(stopped, JSON.stringify(analysis.diagnostics));
    assert.equal(text.slice(stopped.span.start, stopped.span.end), 'spin(model)');
    assert.match(stopped.message, /\(in `spin\.js` line 4\)/);
  });

  it('offers no quick fix for a layer another file writes, where it does for its own', async () => {
    const up = "tf.layers.conv2dTranspose({filters: 8, kernelSize: 3, strides: 2, padding: 'same'})";
    const files = {
      '/ws/main.js': `import * as tf from '@tensorflow/tfjs';
import {up} from './up.js';
const model = tf.sequential();
model.add(tf.layers.reshape({inputShape: [16], targetShape: [4, 4, 1]}));
model.add(${up});
up(model);
`,
      '/ws/up.js': `import * as tf from '@tensorflow/tfjs';\nexport function up(model) {\n  model.add(${up});\n}\n`,
    };
    const { analysis } = await analyzeIn(files, '/ws/main.js');
    const overlaps = analysis.diagnostics.filter((diagnostic) => diagnostic.code === 'uneven-overlap');
    assert.equal(overlaps.length, 2);
    assert.equal(overlaps[0].fixes?.length, 1, 'the layer written in this file');
    assert.equal(overlaps[1].fixes, undefined, 'the layer written in up.js');
    assert.deepEqual(shapes(analysis.models[0].layers), [
      ['N', 4, 4, 1],
      ['N', 8, 8, 8],
      ['N', 16, 16, 8],
    ]);
  });

  it('shows a model another file built at its top level only where this file uses it', async () => {
    const files = {
      '/ws/main.js': `import * as tf from '@tensorflow/tfjs';
import {encoder} from './encoder.js';
const model = tf.sequential();
model.add(encoder);
model.add(tf.layers.dense({units: 2}));
`,
      '/ws/encoder.js': "import * as tf from '@tensorflow/tfjs';\nexport const encoder = tf.sequential({layers: [tf.layers.dense({inputShape: [8], units: 4})]});\n",
    };
    const { analysis, text } = await analyzeIn(files, '/ws/main.js');
    assert.equal(analysis.models.length, 1);
    const [inner, outer] = analysis.models[0].layers;
    assert.deepEqual(shapes([inner, outer]), [
      ['N', 4],
      ['N', 2],
    ]);
    assert.equal(text.slice(inner.span.start, inner.span.end), 'encoder');
    assert.equal(inner.builtElsewhere, '`encoder.js` line 2');
  });

  it('shows a model a builder of another file makes at each call of it, named after the variable it goes to', async () => {
    const files = {
      '/ws/main.js': `import * as tf from '@tensorflow/tfjs';
import {buildModel} from './builder.js';
const encoder = buildModel(784, 32);
const decoder = buildModel(32, 784);
`,
      '/ws/builder.js': `import * as tf from '@tensorflow/tfjs';
export function buildModel(inputSize, outputSize) {
  const input = tf.input({shape: [inputSize]});
  const output = tf.layers.dense({units: outputSize}).apply(input);
  return tf.model({inputs: input, outputs: output});
}
`,
    };
    const { analysis, text } = await analyzeIn(files, '/ws/main.js');
    assert.deepEqual(
      analysis.models.map((model) => [model.name, shapes(model.layers), text.slice(model.layers[0].span.start, model.layers[0].span.end), model.layers[0].builtElsewhere]),
      [
        ['encoder', [['N', 32]], 'buildModel(784, 32)', '`builder.js` line 4'],
        ['decoder', [['N', 784]], 'buildModel(32, 784)', '`builder.js` line 4'],
      ],
    );
  });
});

/**
 * A file that never names TF.js is read when a workspace file it imports does (the entry of an
 * app that calls the project's builder); every other script gets nothing, and one without
 * relative imports reads nothing.
 */
describe('TypeScript reader: a file that builds a model only through its imports', () => {
  const BUILDER = `import * as tf from '@tensorflow/tfjs';
export function buildClassifier(features, classes = 3) {
  const model = tf.sequential();
  model.add(tf.layers.dense({inputShape: [features], units: 16, activation: 'relu'}));
  model.add(tf.layers.dense({units: classes, activation: 'softmax'}));
  return model;
}
`;

  it('reads the entry that calls a builder of another file, the model shown at its call', async () => {
    const { analysis, asked } = await analyzeIn(
      {
        '/ws/src/main.ts': `import { buildClassifier } from './model/classifier';\nimport { FEATURES } from './settings';\nexport const classifier = buildClassifier(FEATURES);\n`,
        '/ws/src/settings.ts': 'export const FEATURES = 8;\n',
        '/ws/src/model/classifier.ts': BUILDER,
      },
      '/ws/src/main.ts',
    );
    assert.deepEqual(
      analysis.models.map((model) => [model.name, shapes(model.layers)]),
      [['classifier', [['N', 16], ['N', 3]]]],
    );
    assert.deepEqual(analysis.diagnostics, []);
    // Each import is read once, by the choice of the reader and by the interpreter together.
    assert.equal(new Set(asked).size, asked.length);
  });

  it('gives nothing to a script whose imports never name TF.js, or that only uses a model another file built', async () => {
    const files = {
      '/ws/app.js': `const { format } = require('./util');\nimport { predict } from './serve';\nexport function run(x) { return format(predict(x)); }\n`,
      '/ws/util.js': `export const format = (value) => JSON.stringify(value);\n`,
      '/ws/serve.js': `import { model } from './trained';\nexport function predict(input) { return model.predict(input); }\n`,
      '/ws/trained.js': `import * as tf from '@tensorflow/tfjs';\nexport const model = tf.sequential({layers: [tf.layers.dense({inputShape: [4], units: 2})]});\n`,
      '/ws/plain.js': `import { format } from './util';\nconsole.log(format({ a: 1 }));\n`,
    };
    const app = await analyzeIn(files, '/ws/app.js');
    assert.deepEqual(app.analysis, { models: [], diagnostics: [] });
    const plain = await analyzeIn(files, '/ws/plain.js');
    assert.deepEqual(plain.analysis, { models: [], diagnostics: [] });
    assert.deepEqual(plain.asked, ['/ws/util.js']);
  });

  it('gives no budget diagnostic to a script that only imports a file that names TF.js', async () => {
    // Importing trained.js makes its layers (TF.js objects); this file's own loop never ends.
    const { analysis } = await analyzeIn(
      {
        '/ws/worker.js': `import { model } from './trained';\nlet ticks = 0;\nwhile (true) ticks++;\nexport { model, ticks };\n`,
        '/ws/trained.js': `import * as tf from '@tensorflow/tfjs';\nexport const model = tf.sequential({layers: [tf.layers.dense({inputShape: [4], units: 2})]});\n`,
      },
      '/ws/worker.js',
    );
    assert.deepEqual(analysis, { models: [], diagnostics: [] });
  });

  it('reads nothing for a script without relative imports', async () => {
    const { analysis, asked } = await analyzeIn({ '/ws/cli.ts': `import { readFileSync } from 'node:fs';\nexport const config = JSON.parse(readFileSync('config.json', 'utf8'));\n` }, '/ws/cli.ts');
    assert.deepEqual(analysis, { models: [], diagnostics: [] });
    assert.deepEqual(asked, []);
  });
});
