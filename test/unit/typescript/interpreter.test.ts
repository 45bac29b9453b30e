/**
 * The TypeScript reader's interpreter (SPEC.md §1.3, issue 17): realistic TF.js programs (classes,
 * helpers with defaults, loops, option objects, nested models) read by ConvLens, compared layer by
 * layer with what TensorFlow.js itself reports when the same programs run
 * (test/fixtures/tfjs/interpreter/generate.mjs → truth.json); then the parts no run can check:
 * symbols for what nobody passes, undecidable conditions, where an unknown came from, budgets.
 */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { reportShape } from '../../../src/core/dims';
import { INTERPRETER_BUDGETS } from '../../../src/core/limits';
import { unknownExplanation } from '../../../src/extension/presentation';
import { params, plain, read } from './support';

const FIXTURES = join(process.cwd(), 'test/fixtures/tfjs/interpreter');
type Truth = Record<string, Record<string, { className: string; name: string; outputShape: (number | null)[] }[]>>;
const TRUTH = JSON.parse(readFileSync(join(FIXTURES, 'truth.json'), 'utf8')) as Truth;

/** Which ConvLens model (by name) stands for each model a program exports. */
const MODEL_NAMES: Record<string, Record<string, string>> = {
  'closures-loops.js': { model: 'model' },
  'dcgan-class.js': { generator: 'model' },
  'nested-models.js': { autoencoder: 'autoencoder', twoHeads: 'twoHeads' },
  'options-defaults.js': { classifier: 'mnist_3' },
  'pix2pix-helpers.js': { unet: 'unet' },
};

/** A TF.js shape as ConvLens writes it: the batch `null` is `N`. */
const asReported = (shape: (number | null)[]) => shape.map((dim, index) => (dim === null && index === 0 ? 'N' : dim));

async function analyze(text: string, fileName = 'model.ts') {
  return analyzeDocument(text, fileName);
}

describe('TypeScript interpreter: realistic TF.js programs against TensorFlow.js', () => {
  it('covers every program of the truth file', () => {
    assert.deepEqual(Object.keys(TRUTH).sort(), Object.keys(MODEL_NAMES).sort());
  });

  for (const [file, models] of Object.entries(TRUTH)) {
    it(`${file}: every layer's output shape is the one TF.js computes`, async () => {
      const text = readFileSync(join(FIXTURES, 'programs', file), 'utf8');
      const analysis = await analyze(text, file);
      assert.deepEqual(analysis.diagnostics.filter((diagnostic) => diagnostic.severity === 'error'), []);
      for (const [exported, layers] of Object.entries(models)) {
        const model = analysis.models.find((candidate) => candidate.name === MODEL_NAMES[file][exported]);
        assert.ok(model, `${file}: model ${exported} read`);
        // TF.js's model.layers leaves an input layer out; ConvLens lists `tf.layers.inputLayer` as a row.
        const read = model.layers.filter((layer) => layer.type !== 'inputLayer');
        assert.deepEqual(
          read.map((layer) => [layer.type.toLowerCase(), reportShape(layer.output)]),
          layers.map((layer) => [layer.className.toLowerCase(), asReported(layer.outputShape)]),
          `${file}: ${exported}`,
        );
      }
    });
  }
});

describe('TypeScript interpreter: what is not known', () => {
  it('runs a builder nobody calls with its defaults, and a size parameter as its symbol', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
export function buildEncoder(imgSize, channels = 3, width = 16) {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({inputShape: [imgSize, imgSize, channels], filters: width, kernelSize: 3, padding: 'same'}));
  model.add(tf.layers.conv2d({filters: width * 2, kernelSize: 3, padding: 'same'}));
  return model;
}`;
    const analysis = await analyze(text);
    assert.deepEqual(analysis.diagnostics, []);
    const model = (await read(text)).models[0];
    assert.deepEqual(plain(model.inputs[0].shape), ['N', 'imgSize', 'imgSize', 3]);
    assert.deepEqual(params(model.layers[0]), { filters: 16, kernelSize: 3, padding: 'same' }, 'the defaults of channels and width');
    // Never a guess: each spatial size is the symbol or unknown, never a number.
    for (const layer of analysis.models[0].layers) {
      const [, height, width] = reportShape(layer.output) ?? ['N', '?', '?'];
      assert.ok(typeof height === 'string' && typeof width === 'string', JSON.stringify(reportShape(layer.output)));
    }
  });

  it('makes the shapes after a layer added under an undecidable condition unknown, with the reason', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [8], units: 4}));
if (Math.random() > 0.5) model.add(tf.layers.dense({units: 16}));
model.add(tf.layers.dense({units: 2}));
`;
    const analysis = await analyze(text);
    const layers = analysis.models[0].layers;
    assert.deepEqual(
      layers.map((layer) => reportShape(layer.output)),
      [['N', 4], null, null],
    );
    assert.equal(layers[2].unknown?.because, 'ConvLens cannot decide the condition `Math.random() > 0.5` (line 4): `Math.random()` is random');
    assert.deepEqual(analysis.diagnostics, []);
  });

  it('makes the parameter count of a layer frozen under an undecidable condition unknown, never 0 or all', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
const first = tf.layers.dense({inputShape: [8], units: 4});
model.add(first);
model.add(tf.layers.dense({units: 2, trainable: false}));
if (Math.random() > 0.5) first.trainable = false;
`;
    const layers = (await analyze(text)).models[0].layers;
    // dense 8 → 4: 8·4 + 4 = 36 weights; the second, frozen in its configuration: 0 (4·2 + 2 = 10 weights).
    assert.deepEqual(
      layers.map((layer) => [layer.params, layer.frozen?.weights]),
      [
        [null, undefined],
        [0, 10],
      ],
    );
    assert.match(layers[0].paramsUnknown!, /^whether it trains is not known: `first\.trainable` is assigned under a condition: ConvLens cannot decide the condition `Math\.random\(\) > 0\.5`/);
  });

  it('counts a layer its configuration froze and the code trained again (`trainable = true` last) in full, as TF.js does', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
const head = tf.layers.dense({inputShape: [8], units: 4, trainable: false});
model.add(head);
head.trainable = true;
`;
    const [layer] = (await analyze(text)).models[0].layers;
    // 8·4 + 4 = 36, trainable again.
    assert.deepEqual([layer.params, layer.frozen], [36, undefined]);
  });

  it('keeps a functional model whose tensor was assigned under an undecidable condition: its layers, ending in an unknown shape', async () => {
    const layersOf = async (body: string) =>
      (await analyze(`import * as tf from '@tensorflow/tfjs';\nexport function build(size, flag) {\n${body}\n}\n`)).models.map((model) =>
        model.layers.map((layer) => [layer.type, reportShape(layer.output)]),
      );
    const input = `const input = tf.input({shape: [size]});\nlet x = tf.layers.dense({units: 8}).apply(input);`;
    // `flag` is never given: the dense(4) may or may not run; the model is not dropped.
    assert.deepEqual(await layersOf(`${input}\nif (flag) x = tf.layers.dense({units: 4}).apply(x);\nreturn tf.model({inputs: input, outputs: x});`), [
      [['dense', ['N', 8]], ['dense', null]],
    ]);
    // A conditional expression, and a layer after it: its input is one of two tensors.
    assert.deepEqual(
      await layersOf(`${input}\nconst y = flag ? tf.layers.dense({units: 4}).apply(x) : x;\nreturn tf.model({inputs: input, outputs: tf.layers.dense({units: 2}).apply(y)});`),
      [[['dense', ['N', 8]], ['dense', null], ['dense', null]]],
    );
    // Two tensors made before the condition: each shows its shape, and which one the model outputs is a row of its own, unknown.
    assert.deepEqual(await layersOf(`${input}\nconst z = tf.layers.dense({units: 3}).apply(input);\nif (flag) x = z;\nreturn tf.model({inputs: input, outputs: x});`), [
      [['dense', ['N', 8]], ['dense', ['N', 3]], ['x', null]],
    ]);
    // In a loop, each turn's tensor is one of the turn's or the one before: thousands of turns read as a chain, each layer once.
    const turns = 2900;
    const looped = await layersOf(`${input}\nfor (let i = 0; i < ${turns}; i++) if (flag) x = tf.layers.dense({units: 4}).apply(x);\nreturn tf.model({inputs: input, outputs: x});`);
    assert.equal(looped[0].length, turns + 1);
    assert.deepEqual(looped[0][0], ['dense', ['N', 8]]);
    assert.ok(looped[0].slice(1).every(([, shape]) => shape === null));
  });

  it('keeps a functional model whose output is one of tensors made before an undecidable condition, its output unknown with the condition', async () => {
    const program = (build: string) => `import * as tf from '@tensorflow/tfjs';
export function build(useDense) {
  const input = tf.input({shape: [8, 8, 3]});
  let x = tf.layers.conv2d({filters: 4, kernelSize: 3}).apply(input);
  const z = tf.layers.flatten().apply(input);
${build}
}
`;
    const lines = (text: string) => (offset: number) => text.slice(0, offset).split('\n').length;
    const cases = [
      // \`if (flag) x = z\`: the condition's line is in the reason.
      { build: '  if (useDense) x = z;\n  return tf.model({inputs: input, outputs: x});', row: 'x', because: /^`x` is assigned under a condition: ConvLens cannot decide the condition `useDense` \(line 6\): `useDense` is a parameter of `build`/ },
      // A conditional expression whose branches are both tensors made before it.
      { build: '  return tf.model({inputs: input, outputs: useDense ? z : x});', row: 'useDense ? z : x', because: /^ConvLens cannot decide the condition `useDense` \(line 6\)/ },
      // A helper that returns one tensor or another early.
      {
        build: '  const pick = (flag) => {\n    if (flag) return z;\n    return x;\n  };\n  return tf.model({inputs: input, outputs: pick(useDense)});',
        row: 'pick(useDense)',
        because: /^`pick` may return early: ConvLens cannot decide the condition `flag` \(line 7\)/,
      },
    ];
    for (const { build, row, because } of cases) {
      const text = program(build);
      const analysis = await analyze(text);
      assert.deepEqual(analysis.diagnostics, [], 'no warning: the row is no layer of an unknown type');
      assert.equal(analysis.models.length, 1, build);
      const layers = analysis.models[0].layers;
      // Both tensors ran whatever the option: their shapes are TF.js's (3x3 valid conv: 8 - 3 + 1 = 6; 8 * 8 * 3 = 192),
      // in the order of the candidates (\`useDense ? z : x\` reads z first); the output's row comes last.
      const candidatesFirst = [...layers.slice(0, -1)].sort((a, b) => a.span.start - b.span.start).concat(layers.slice(-1));
      assert.deepEqual(
        candidatesFirst.map((layer) => [layer.type, reportShape(layer.output), layer.params]),
        [
          ['conv2d', ['N', 6, 6, 4], 112],
          ['flatten', ['N', 192], 0],
          [row, null, 0],
        ],
        build,
      );
      const output = layers[2];
      assert.equal(output.title, 'output', 'hovers and the Outline title the row by what it stands for');
      assert.match(output.unknown!.because, because);
      assert.match(unknownExplanation(output, lines(text))!, /^Unknown because .*ConvLens cannot decide the condition/);
    }
  });

  it('makes a function that may return early under an undecidable condition give an unknown, never one branch', async () => {
    const shapesOf = async (text: string) =>
      (await analyze(`import * as tf from '@tensorflow/tfjs';\n${text}`)).models.map((model) => model.layers.map((layer) => reportShape(layer.output)));
    // Either dense(7) or dense(5) feeds the last layer: its input is not known.
    const eitherBranch = await analyze(`import * as tf from '@tensorflow/tfjs';
function block(x, deep) {
  if (deep) return tf.layers.dense({units: 7}).apply(x);
  return tf.layers.dense({units: 5}).apply(x);
}
const input = tf.input({shape: [4]});
const output = tf.layers.dense({units: 3}).apply(block(input, Math.random() > 0.5));
const model = tf.model({inputs: input, outputs: output});
`);
    const last = eitherBranch.models[0].layers.at(-1)!;
    assert.equal(reportShape(last.output), null);
    assert.match(last.unknown!.because, /^`block` may return early: ConvLens cannot decide the condition `deep`/);
    // Built on the tensor such a function returns, the model is every layer either way would apply, ending unknown.
    assert.deepEqual(
      await shapesOf(`function block(x, deep) {
  if (deep) return tf.layers.dense({units: 7}).apply(x);
  return x;
}
const input = tf.input({shape: [4]});
const hidden = tf.layers.dense({units: 6}).apply(input);
const model = tf.model({inputs: input, outputs: block(hidden, Math.random() > 0.5)});
`),
      [[['N', 6], null]],
    );
    // A builder that returns its model early: the model is the same either way, the layers after the return are unknown.
    assert.deepEqual(
      await shapesOf(`function build(small) {
  const model = tf.sequential();
  model.add(tf.layers.dense({inputShape: [8], units: 4}));
  if (small) return model;
  model.add(tf.layers.dense({units: 16}));
  return model;
}
const classifier = build(Math.random() > 0.5);
`),
      [[['N', 4], null]],
    );
    // A guard that throws leaves only the run that builds the model; a switch's breaks end only their clause.
    assert.deepEqual(
      await shapesOf(`function build(units, kind) {
  if (!units) throw new Error('units?');
  const model = tf.sequential();
  model.add(tf.layers.dense({inputShape: [8], units: 4}));
  switch (kind) {
    case 'wide': model.add(tf.layers.dense({units: 64})); break;
    default: break;
  }
  return model;
}
`),
      [[['N', 4], null]],
    );
  });

  it('reads a model built wholly under an undecidable condition as it is built there (a script run only as `require.main`)', async () => {
    const program = (main: string) => `const tf = require('@tensorflow/tfjs');
function buildDiscriminator(imageSize) {
  const cnn = tf.sequential();
  cnn.add(tf.layers.conv2d({filters: 32, kernelSize: 3, padding: 'same', strides: 2, inputShape: [imageSize, imageSize, 1]}));
  if (process.env.WIDE) cnn.add(tf.layers.conv2d({filters: 64, kernelSize: 3}));
  cnn.add(tf.layers.flatten());
  const image = tf.input({shape: [imageSize, imageSize, 1]});
  const features = cnn.apply(image);
  const realness = tf.layers.dense({units: 1}).apply(features);
  return tf.model({inputs: image, outputs: realness});
}
function run() {
  const discriminator = buildDiscriminator(28);
}
${main}
`;
    const shapesOf = async (text: string) => (await analyze(text, 'gan.js')).models.map((model) => model.layers.map((layer) => reportShape(layer.output)));
    const always = await shapesOf(program('run();'));
    // Inside the model's own region, the condition on WIDE still leaves what follows it unknown.
    assert.deepEqual(always[0], [['N', 14, 14, 32], null, null]);
    assert.deepEqual(await shapesOf(program('if (require.main === module) run();')), always);
  });

  it('keeps the TF.js module when code swaps it for another TF.js package under a condition (tfjs-examples/mnist-acgan)', async () => {
    const builder = `function buildGenerator(latentSize) {
  const cnn = tf.sequential();
  cnn.add(tf.layers.dense({units: 3 * 3 * 384, inputShape: [latentSize]}));
  cnn.add(tf.layers.reshape({targetShape: [3, 3, 384]}));
  return cnn;
}
`;
    const plainRequire = `const tf = require('@tensorflow/tfjs');\n${builder}`;
    const swapped = `let tf = require('@tensorflow/tfjs');
function run(gpu) {
  if (gpu) tf = require('@tensorflow/tfjs-node-gpu');
  else tf = require('@tensorflow/tfjs-node');
}
${builder}`;
    const shapesOf = async (text: string) => (await analyze(text, 'gan.js')).models.map((model) => model.layers.map((layer) => reportShape(layer.output)));
    const expected = await shapesOf(plainRequire);
    assert.deepEqual(expected, [[['N', 3456], ['N', 3, 3, 384]]]);
    assert.deepEqual(await shapesOf(swapped), expected);
    // Another value assigned under the condition still makes what follows unknown.
    const other = swapped.replace("tf = require('@tensorflow/tfjs-node');", 'tf = somethingElse;');
    assert.deepEqual(await shapesOf(other), []);
  });

  it('says where an unknown came from: the parameter, the call site and what was never assigned', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
class Pix2Pix {
  constructor() {
    this.gFilters = 64;
  }
  deconvLayer(input, numFilters) {
    return tf.layers.conv2dTranspose({filters: numFilters, kernelSize: 4, strides: 2, padding: 'same'}).apply(input);
  }
  build() {
    const input = tf.input({shape: [8, 8, 3]});
    const output = this.deconvLayer(input, this.gFilters * this.gFilterDeconvMult[1]);
    return tf.model({inputs: input, outputs: output});
  }
}
new Pix2Pix().build();
`;
    const analysis = await analyze(text);
    const [layer] = analysis.models[0].layers;
    assert.equal(layer.output, null);
    assert.equal(
      layer.unknown?.because,
      '`filters` of conv2dTranspose (layer 0) is not known: it comes from parameter `numFilters` of `deconvLayer`, called at line 11 with ' +
        '`this.gFilters * this.gFilterDeconvMult[1]`, and `this.gFilterDeconvMult` is never assigned',
    );
  });

  it('reads a class extending tf.layers.Layer whose computeOutputShape it cannot evaluate as a layer it does not know, with one warning', async () => {
    const analysis = await analyze(`import * as tf from '@tensorflow/tfjs';
class Scale extends tf.layers.Layer {
  constructor(config) { super(config); this.factor = config.factor; }
  computeOutputShape(inputShape) { return this.inner.computeOutputShape(inputShape); }
  call(inputs) { return inputs; }
  static get className() { return 'Scale'; }
}
const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [8], units: 4}));
model.add(new Scale({factor: 2}));
model.add(tf.layers.dense({units: 2}));
model.summary();
`);
    const layers = analysis.models[0].layers;
    assert.deepEqual(
      layers.map((layer) => [layer.type, reportShape(layer.output)]),
      [
        ['dense', ['N', 4]],
        ['Scale', null],
        ['dense', null],
      ],
    );
    assert.deepEqual(
      analysis.diagnostics.map((diagnostic) => diagnostic.code),
      ['unknown-layer'],
    );
  });
});

describe('TypeScript interpreter: hostile code ends, with the budget named', () => {
  const stopsWith = async (body: string, pattern: RegExp) => {
    const analysis = await analyze(`import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [4], units: 2}));
${body}
`);
    const stop = analysis.diagnostics.find((diagnostic) => diagnostic.code === 'parse-error');
    assert.ok(stop, body);
    assert.match(stop.message, pattern, body);
    assert.deepEqual(reportShape(analysis.models[0].layers[0].output), ['N', 2], 'what was read before stays');
  };

  it('an infinite loop stops at the loop budget', async () => {
    await stopsWith('while (true) { model.add(tf.layers.dense({units: 2})); }', /the models grew beyond|a loop ran/);
    await stopsWith('let i = 0; for (;;) { i++; }', new RegExp(`a loop ran ${INTERPRETER_BUDGETS.loopIterations.toLocaleString('en-US')} times`));
  });

  it('deep recursion stops at the call-depth budget', async () => {
    await stopsWith('function f(n) { return f(n + 1); }\nf(0);', new RegExp(`calls nested ${INTERPRETER_BUDGETS.callDepth} deep`));
  });

  it('huge arrays and doubling strings stop at the array budget', async () => {
    await stopsWith('const big = new Array(1e9).fill(0);', /an array grew too long|evaluation steps/);
    await stopsWith('let s = "ab"; for (let i = 0; i < 64; i++) s = s + s;', /a string grew too long/);
  });

  it('freezes a model that holds itself (code TF.js refuses) once, without running out of stack', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const a = tf.sequential();
a.add(tf.layers.dense({inputShape: [4], units: 2}));
const b = tf.sequential();
b.add(a);
a.add(b);
a.trainable = false;
`;
    const analysis = await analyze(text);
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(analysis.models[0].layers[0].frozen?.weights, 4 * 2 + 2);
  });

  it('a length that is NaN or negative does not lower the step count (found by the fuzzer)', async () => {
    // Before: `charge(NaN)` made the step count NaN and `charge(-1e12)` set it back, so the doubling recursion ran unbounded.
    const recursion = 'function grow(n) { return n <= 0 ? 0 : grow(n - 1) + grow(n - 1); }\ngrow(18);';
    await stopsWith(`const s = 'x'.repeat(NaN);\n${recursion}`, /evaluation steps/);
    await stopsWith(`const s = 'x'.padStart(-1e12);\n${recursion}`, /evaluation steps/);
  });

  it('keeps __proto__ an ordinary key and calls getters within the budgets', async () => {
    const analysis = await analyze(`import * as tf from '@tensorflow/tfjs';
const options = JSON.parse('{}');
const config = {__proto__: {units: 99}, ['__proto__']: 3, get units() { return 5; }};
const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [4], units: config.units}));
model.add(tf.layers.dense({units: ({}).units ?? 7}));
`);
    assert.deepEqual(
      analysis.models[0].layers.map((layer) => reportShape(layer.output)),
      [
        ['N', 5],
        ['N', 7],
      ],
    );
  });
});

describe('TypeScript interpreter: fuzz regressions (npm run fuzz -- --interpreter)', () => {
  /** The output shapes of the file's only model. */
  const shapesOf = async (body: string) => {
    const analysis = await analyze(`import * as tf from '@tensorflow/tfjs';
const model = tf.sequential();
model.add(tf.layers.conv2d({inputShape: [8, 8, 3], filters: 4, kernelSize: 3, padding: 'same'}));
${body}
model.add(tf.layers.zeroPadding2d({padding: 1}));
`);
    return analysis.models[0].layers.map((layer) => ({ shape: reportShape(layer.output), because: layer.unknown?.because }));
  };

  it('a layer added by a callback handed to code it does not follow makes the shapes after it unknown, never drops out', async () => {
    // TF.js: with the upsampling the last layer is [N, 18, 18, 4], without it [N, 10, 10, 4]; before the fix ConvLens said [N, 10, 10, 4].
    for (const body of [
      '(Math.random() > 0.5 ? [1] : []).forEach(() => { model.add(tf.layers.upSampling2d({size: [2, 2]})); });',
      'const extra = [...JSON.parse(text)];\nextra.forEach(() => model.add(tf.layers.upSampling2d({size: [2, 2]})));',
      'Array.from({length: count}, () => model.add(tf.layers.upSampling2d({size: [2, 2]})));',
      'onReady(() => model.add(tf.layers.upSampling2d({size: [2, 2]})));',
    ]) {
      const layers = await shapesOf(body);
      assert.deepEqual(layers[0].shape, ['N', 8, 8, 4], body);
      const last = layers[layers.length - 1];
      assert.ok(last.shape === null || last.shape.includes('?'), `${body}: ${JSON.stringify(last.shape)}`);
      assert.ok(last.because && /random|JSON|count|onReady|text/.test(last.because), `${body}: ${last.because}`);
    }
  });

  it('says a property name is missing where the parser left it out, never an empty code span (inputs 28401 and 38116 of seed 2026)', async () => {
    const layers = await shapesOf('const options = undefined;\nmodel.add(tf.layers.dense({units: options .}));');
    assert.equal(layers[1].because, '`units` of dense (layer 1) is not known: `options .` reads a property whose name is missing of undefined');
  });

  it('reads a key an object lacks as unknown when `__proto__` gave it a prototype, never as missing', async () => {
    // JavaScript: `{__proto__: {filters: 16}}.filters` is 16; before the fix ConvLens read `undefined ?? 2` and showed 2 channels.
    const layers = await shapesOf('const options = {__proto__: {filters: 16}};\nmodel.add(tf.layers.conv2d({filters: options.filters ?? 2, kernelSize: 1}));');
    assert.ok(layers[1].shape === null || layers[1].shape.includes('?'), JSON.stringify(layers[1].shape));
    assert.match(layers[1].because ?? '', /__proto__/);
    // `__proto__: null` leaves no prototype: a missing key is undefined, as in JavaScript.
    const own = await shapesOf('const options = {__proto__: null};\nmodel.add(tf.layers.conv2d({filters: options.filters ?? 2, kernelSize: 1}));');
    assert.deepEqual(own[1].shape, ['N', 8, 8, 2]);
  });

  it('never explains a `?` with an empty code span: a missing name, an anonymous function', async () => {
    // Before: "`` is not defined in this file" and "parameter `f` of ``, called at line 4 with ...".
    for (const body of [
      'model.add(tf.layers.conv2d({filters: , kernelSize: 1}));',
      'if () model.add(tf.layers.upSampling2d({size: [2, 2]}));',
      '[JSON.parse(text)].forEach((f) => model.add(tf.layers.conv2d({filters: f, kernelSize: 1})));',
    ]) {
      const because = (await shapesOf(body))[1].because ?? '';
      assert.match(because, /missing|the function at line 4/, body);
      assert.doesNotMatch(because, /``/, body);
    }
  });

  it('follows `Array(n)` as `new Array(n)` and a string\'s `toString()`', async () => {
    // Hand arithmetic: Array(6).fill(0).length = 6 filters; 'same' padding keeps 8×8.
    const layers = await shapesOf("model.add(tf.layers.conv2d({filters: Array(6).fill(0).length, kernelSize: 3, padding: 'same'.toString()}));");
    assert.deepEqual(layers[1].shape, ['N', 8, 8, 6]);
  });
});

describe('TypeScript interpreter: tf.tidy runs its callback there and then', () => {
  // dense gives [N, units]; a 'valid' 3×3 convolution takes 2 off each side's size, flatten multiplies them.
  it('reads a model built, and layers applied, in tf.tidy(fn) and tf.tidy(name, fn), and what comes after them', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
const model = tf.tidy(() => {
  const m = tf.sequential();
  m.add(tf.layers.dense({inputShape: [8], units: 4}));
  return m;
});
model.add(tf.layers.dense({units: 2}));
const image = tf.input({shape: [6, 6, 1]});
const flat = tf.tidy('features', () => tf.keep(tf.layers.flatten().apply(tf.layers.conv2d({filters: 2, kernelSize: 3}).apply(image))));
const head = tf.model({inputs: image, outputs: tf.layers.dense({units: 3}).apply(flat)});
`;
    const analysis = await analyze(text);
    assert.deepEqual(analysis.diagnostics, []);
    assert.deepEqual(
      analysis.models.map((model) => [model.name, model.layers.map((layer) => reportShape(layer.output))]),
      [
        ['m', [['N', 4], ['N', 2]]],
        ['head', [['N', 4, 4, 2], ['N', 32], ['N', 3]]],
      ],
    );
  });

  it('makes what a tidy of a callback it does not know returns unknown, never a guess', async () => {
    const text = `import * as tf from '@tensorflow/tfjs';
import {sizeOf} from 'somewhere';
const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [8], units: 4}));
model.add(tf.layers.dense({units: tf.tidy(sizeOf)}));
`;
    const analysis = await analyze(text);
    const [first, second] = analysis.models[0].layers;
    assert.deepEqual([reportShape(first.output), reportShape(second.output)], [['N', 4], null]);
    assert.match(second.unknown?.because ?? '', /`tf\.tidy\(sizeOf\)` is a call ConvLens does not follow/);
  });
});

describe('TypeScript interpreter: the names of a functional model', () => {
  it('takes an input for itself where a layer is named as it, or an unnamed layer is numbered as it', async () => {
    // Hand-derived: dense 8 → 3 (27 parameters) and 16 → 4 (68), concatenated 7 (TF.js accepts inputs
    // named '0' and '1': its unnamed layers are dense_Dense1, …). Before, the engine took layer 0 (named
    // by its index) for input '0': the second dense read [N, 3] and counted 16 parameters.
    const analysis = await analyze(`import * as tf from '@tensorflow/tfjs';
const a = tf.input({shape: [16], name: '0'});
const b = tf.input({shape: [8], name: '1'});
const h = tf.layers.dense({units: 4}).apply(a);
const g = tf.layers.dense({units: 3}).apply(b);
const out = tf.layers.concatenate().apply([g, h]);
export const model = tf.model({inputs: [a, b], outputs: out});
`);
    assert.deepEqual(analysis.diagnostics, []);
    const layers = analysis.models[0].layers;
    assert.deepEqual(layers.map((layer) => [reportShape(layer.input), reportShape(layer.output), layer.params]), [
      [['N', 8], ['N', 3], 27],
      [['N', 16], ['N', 4], 68],
      [['N', 3], ['N', 7], 0],
    ]);
  });
});

describe('TypeScript interpreter: shapes the code reads, within the budgets', () => {
  it('computes the shapes code reads for the first INTERPRETER_BUDGETS.layers layers, then says so (the fuzzer: 10^4 blocks reading x.shape took seconds)', async () => {
    const budget = INTERPRETER_BUDGETS.layers;
    const analysis = await analyze(`import * as tf from '@tensorflow/tfjs';
const input = tf.input({shape: [4]});
let x = input;
for (let i = 0; i < ${budget + 5}; i++) x = tf.layers.dense({units: x.shape[1]}).apply(x);
export const model = tf.model({inputs: input, outputs: x});
`);
    const layers = analysis.models[0].layers;
    assert.equal(layers.length, budget + 5);
    // Dense keeps the width it reads: [N, 4] throughout, as far as the shapes are computed.
    assert.deepEqual(reportShape(layers[budget].output), ['N', 4]);
    const beyond = layers[budget + 1];
    assert.equal(beyond.output, null);
    assert.match(beyond.unknown?.because ?? '', new RegExp(`\`x\\.shape\` is not known: ConvLens computes the shapes the code reads for its first ${budget.toLocaleString('en-US')} layers`));
  });
});
