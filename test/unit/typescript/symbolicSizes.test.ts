/**
 * Size symbols in the TypeScript interpreter (SPEC.md §1.3, §1.6; issue 17): a size parameter of
 * a builder nobody calls is the symbol of its name, carried through arithmetic where the
 * expression algebra says exactly what the result is. No run of TF.js can produce a symbol, so
 * the expected values here are derived by hand (each test says how); the corpus program
 * test/fixtures/tfjs/programs/symbolic-sizes.js checks the same forms against TF.js at
 * imgSize = 128 (tfjsPrograms.test.ts).
 */
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { reportShape } from '../../../src/core/dims';
import { plain, read } from './support';

const HEADER = `import * as tf from '@tensorflow/tfjs';\n`;

/** The input shape ConvLens reads from `shape` written in a builder of `imgSize` nobody calls, and what it implies. */
async function inputOf(shape: string) {
  const { models } = await read(`${HEADER}export function build(imgSize, steps) {
  const x = tf.input({shape: ${shape}});
  return tf.model({inputs: x, outputs: tf.layers.flatten().apply(x)});
}`);
  return { shape: plain(models[0].inputs[0].shape) as unknown[], implied: models[0].implied };
}

async function outputs(text: string) {
  const analysis = await analyzeDocument(HEADER + text, 'model.js');
  return { analysis, shapes: analysis.models.flatMap((model) => model.layers.map((layer) => reportShape(layer.output))) };
}

describe('TypeScript interpreter: size symbols through arithmetic', () => {
  it('shows the issue example: two 2×2 poolings of imgSize are imgSize/4', async () => {
    // conv 'same' keeps imgSize; each maxPooling2d({poolSize: 2}) halves it (floor, exact for multiples of 4).
    const { analysis, shapes } = await outputs(`export function buildEncoder(imgSize) {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({inputShape: [imgSize, imgSize, 3], filters: 64, kernelSize: 3, padding: 'same'}));
  model.add(tf.layers.maxPooling2d({poolSize: 2}));
  model.add(tf.layers.maxPooling2d({poolSize: 2}));
  model.add(tf.layers.conv2d({filters: 512, kernelSize: 3, padding: 'same'}));
  return model;
}`);
    assert.deepEqual(shapes.at(-1), ['N', 'floor(imgSize/4)', 'floor(imgSize/4)', 512]);
    assert.deepEqual(analysis.diagnostics, []);
  });

  it('carries + - * and exact / by constants into input shapes, with the multiples a division implies', async () => {
    assert.deepEqual((await inputOf('[imgSize * 2, 2 * imgSize - 1, imgSize + imgSize, 3]')).shape, ['N', '2*imgSize', '2*imgSize - 1', '2*imgSize', 3]);
    // imgSize / 4 in a shape: a whole number only for multiples of 4, which the model is then analysed under.
    const quarter = await inputOf('[imgSize / 4, imgSize * 0.5, 3]');
    assert.deepEqual(quarter.shape, ['N', '(imgSize)/4', '(imgSize)/2', 3]);
    assert.deepEqual(quarter.implied, { imgSize: { multipleOf: 4 } });
    // (3·imgSize + 6) / 6 = imgSize/2 + 1: whole for even imgSize.
    const shifted = await inputOf('[(3 * imgSize + 6) / 6, 3]');
    assert.deepEqual(shifted.shape, ['N', '(imgSize + 2)/2', 3]);
    assert.deepEqual(shifted.implied, { imgSize: { multipleOf: 2 } });
    // The symbol cancels: a number.
    assert.deepEqual((await inputOf('[imgSize - imgSize + 7, 3]')).shape.slice(0, 2), ['N', 7]);
  });

  it('halves imgSize in a loop (imgSize / 2 ** n) and shows the result in the engine\'s terms', async () => {
    // Three halvings: imgSize/8, a multiple of 8 assumed; a conv2dTranspose 'same' of stride 2 doubles it.
    const { analysis, shapes } = await outputs(`export function buildDecoder(imgSize, levels = 3) {
  let side = imgSize;
  for (let level = 0; level < levels; level++) side = side / 2;
  const input = tf.input({shape: [side, imgSize / 2 ** levels, 64]});
  const output = tf.layers.conv2dTranspose({filters: 8, kernelSize: 4, strides: 2, padding: 'same'}).apply(input);
  return tf.model({inputs: input, outputs: output});
}`);
    assert.deepEqual(shapes, [['N', 'imgSize/4', 'imgSize/4', 8]]);
    assert.deepEqual(analysis.models[0].layers[0].input && reportShape(analysis.models[0].layers[0].input), ['N', 'imgSize/8', 'imgSize/8', 64]);
  });

  it('keeps Math.floor, Math.ceil, Math.min and Math.max of a symbol as expressions', async () => {
    const { shape, implied } = await inputOf('[Math.floor(imgSize / 3) + 1, Math.ceil(imgSize / 3), Math.max(imgSize, 64), Math.min(imgSize, steps)]');
    assert.deepEqual(shape, ['N', 'floor(imgSize/3) + 1', 'ceil(imgSize/3)', 'max(imgSize, 64)', 'min(imgSize, steps)']);
    assert.equal(implied, undefined, 'a floor needs no assumption');
    // conv1d of kernel 5 takes 4 steps off: floor(imgSize/3) + 1 − 4.
    const { shapes } = await outputs(`export function rows(imgSize) {
  const input = tf.input({shape: [Math.floor(imgSize / 3) + 1, 16]});
  return tf.model({inputs: input, outputs: tf.layers.conv1d({filters: 4, kernelSize: 5}).apply(input)});
}`);
    assert.deepEqual(shapes, [['N', 'floor(imgSize/3) - 3', 4]]);
  });

  it('makes unknown, with the reason, what no expression of the algebra states exactly', async () => {
    const unknown = async (shape: string) => (await inputOf(shape)).shape[1];
    // A product of two symbols, a remainder, rounding, a comparison, a string: none is a linear size.
    for (const shape of ['[imgSize * imgSize]', '[imgSize % 7]', '[Math.round(imgSize / 3)]', '[imgSize > 64]', '[`${imgSize}`]', '[2 ** imgSize]']) {
      assert.deepEqual(await unknown(shape), { '?': shape.slice(1, -1) }, shape);
    }
    // (imgSize + 1) / 2 is whole only for odd imgSize: no multiple makes it whole.
    const { models } = await read(`${HEADER}export function build(imgSize) {
  const x = tf.input({shape: [(imgSize + 1) / 2, 3]});
  return tf.model({inputs: x, outputs: tf.layers.flatten().apply(x)});
}`);
    const [, half] = models[0].inputs[0].shape.kind === 'list' ? models[0].inputs[0].shape.items : [];
    assert.equal(half.kind, 'unknown');
    assert.match(half.kind === 'unknown' ? (half.because ?? '') : '', /^`\(imgSize \+ 1\)\/2` is a whole number only for some values of imgSize: `imgSize` is a parameter of `build`/);
  });

  it('never lets a value computed from a symbol pass for the symbol itself', async () => {
    // Before symbols were carried, each of these read as the parameter's name in the shape.
    const { shape } = await inputOf('[imgSize.width, imgSize && 3, (imgSize - 64) || 3, [imgSize][0], typeof imgSize, Number(imgSize) > 1, imgSize ?? 3]');
    assert.deepEqual(shape, [
      'N',
      { '?': 'imgSize.width' },
      { '?': 'imgSize && 3' },
      { '?': '(imgSize - 64) || 3' },
      'imgSize',
      { '?': 'typeof imgSize' },
      { '?': 'Number(imgSize) > 1' },
      'imgSize',
    ]);
    const { models } = await read(`${HEADER}export function build(imgSize) {
  let side = imgSize;
  side++;
  const x = tf.input({shape: [side, -side, 3]});
  return tf.model({inputs: x, outputs: tf.layers.flatten().apply(x)});
}`);
    assert.deepEqual(plain(models[0].inputs[0].shape), ['N', 'imgSize + 1', '-imgSize - 1', 3]);
  });

  it('leaves a size the engine takes only as a number unknown, saying where the symbol came from', async () => {
    const { analysis } = await outputs(`export function build(imgSize) {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({inputShape: [8, 8, 3], filters: 4, kernelSize: imgSize / 4}));
  return model;
}`);
    assert.equal(analysis.models[0].layers[0].output, null);
    assert.equal(analysis.models[0].layers[0].unknown?.because, '`kernelSize` of conv2d (layer 0) is not known: `imgSize` is a parameter of `build`, which is never called with known arguments');
  });

  it('cannot decide a condition on a symbol: the shapes after a layer added under it are unknown', async () => {
    const { analysis, shapes } = await outputs(`export function build(imgSize) {
  const model = tf.sequential();
  model.add(tf.layers.conv2d({inputShape: [imgSize, imgSize, 3], filters: 8, kernelSize: 3, padding: 'same'}));
  if (imgSize > 64) model.add(tf.layers.maxPooling2d({poolSize: 2}));
  model.add(tf.layers.conv2d({filters: 8, kernelSize: 3, padding: 'same'}));
  return model;
}`);
    assert.deepEqual(shapes, [['N', 'imgSize', 'imgSize', 8], null, null]);
    assert.match(analysis.models[0].layers[2].unknown?.because ?? '', /^ConvLens cannot decide the condition `imgSize > 64` \(line 5\)/);
  });
});

describe('TypeScript interpreter: size symbols in the sizes a layer states (units, filters, targetShape, n, outputDim, recurrent units)', () => {
  // Each stated size is the output dimension as it is (dense: [..., units]; conv2d: channels = filters;
  // reshape: [batch, ...targetShape]; repeatVector: [batch, n, features]); counts that need its number are unknown.
  it('shows the issue example: a head builder never called with a number gives [N, hidden], its parameters unknown', async () => {
    const { analysis, shapes } = await outputs(`function head(x, hidden) { return tf.layers.dense({units: hidden}).apply(x); }
const input = tf.input({shape: [16]});
export const model = tf.model({inputs: input, outputs: head(input, 8)});
export function classifier(inputs, hidden) {
  const x = tf.input({shape: [32]});
  return tf.model({inputs: x, outputs: head(x, hidden)});
}`);
    assert.deepEqual(shapes, [
      ['N', 8],
      ['N', 'hidden'],
    ]);
    assert.deepEqual(
      analysis.models.map((model) => model.layers[0].params),
      [136, null],
    );
    assert.deepEqual(analysis.diagnostics, []);
  });

  it('carries symbolic filters, units, n and target shapes through the layers after them', async () => {
    // conv2d 'same' keeps the size and has `filters` channels; a 3×3 'valid' one takes 2 off; flatten of
    // a symbolic size is unknown, and dense then has `width` units; repeatVector makes [N, width, 2·width];
    // reshape of [N, 64·width] into [width, 64] fits for every width.
    const { analysis, shapes } = await outputs(`export function build(imgSize, filters, width) {
  const input = tf.input({shape: [imgSize, imgSize, 3]});
  let x = tf.layers.conv2d({filters, kernelSize: 3, padding: 'same'}).apply(input);
  x = tf.layers.conv2d({filters: filters * 2, kernelSize: 3}).apply(x);
  x = tf.layers.flatten().apply(x);
  x = tf.layers.dense({units: width}).apply(x);
  const seq = tf.layers.repeatVector({n: width}).apply(tf.layers.dense({units: width * 2}).apply(x));
  const wide = tf.layers.dense({units: 64 * width}).apply(x);
  const grid = tf.layers.reshape({targetShape: [width, 64]}).apply(wide);
  return tf.model({inputs: input, outputs: [seq, grid]});
}`);
    assert.deepEqual(shapes, [
      ['N', 'imgSize', 'imgSize', 'filters'],
      ['N', 'imgSize - 2', 'imgSize - 2', '2*filters'],
      ['N', '?'],
      ['N', 'width'],
      ['N', '2*width'],
      ['N', 'width', '2*width'],
      ['N', '64*width'],
      ['N', 'width', 64],
    ]);
    assert.deepEqual(
      analysis.models[0].layers.map((layer) => layer.params),
      [null, null, 0, null, null, 0, null, 0],
    );
    assert.deepEqual(analysis.diagnostics, []);
  });

  it('checks a reshape with symbolic sizes (never, sometimes), and is unknown, saying why, where it cannot', async () => {
    // [N, 64·size] into [size/2, 64]: 64·size = 32·size never (size ≥ 1); into [16, 64]: only for size = 16;
    // [N, 1024] into [size/4, size/4, 64]: the target's count (size/4)²·64 is no linear expression.
    const { analysis, shapes } = await outputs(`export function build(size) {
  const model = tf.sequential();
  model.add(tf.layers.dense({inputShape: [100], units: 1024}));
  model.add(tf.layers.reshape({targetShape: [size / 4, size / 4, 64]}));
  return model;
}
export function other(size) {
  const model = tf.sequential();
  model.add(tf.layers.dense({inputShape: [100], units: 64 * size}));
  model.add(tf.layers.reshape({targetShape: [size / 2, 64]}));
  return model;
}
export function third(size) {
  const model = tf.sequential();
  model.add(tf.layers.dense({inputShape: [100], units: 64 * size}));
  model.add(tf.layers.reshape({targetShape: [16, 64]}));
  return model;
}`);
    assert.deepEqual(shapes, [['N', 1024], ['N', '?', '?', '?'], ['N', '64*size'], null, ['N', '64*size'], ['N', 16, 64]]);
    assert.match(analysis.models[0].layers[1].unknown?.because ?? '', /^reshape \(layer 1\) cannot check that its input's 1024 values fit \[size\/4, size\/4, 64\]/);
    assert.deepEqual(
      analysis.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.message]),
      [
        ['shape-mismatch', 'cannot reshape [N, 64*size] (64*size values per sample) into [size/2, 64].'],
        ['conditional-shape', 'reshape can reshape [N, 64*size] into [16, 64] only for some values of the sizes (size = 1: 64 vs 1024).'],
      ],
    );
  });

  it("carries a symbolic embedding size: [N, inputLength, outputDim], the vocabulary's vectors uncounted", async () => {
    const { analysis, shapes } = await outputs(`export function build(dim) {
  const model = tf.sequential();
  model.add(tf.layers.embedding({inputDim: 1000, outputDim: dim, inputLength: 10}));
  model.add(tf.layers.dense({units: 3}));
  return model;
}`);
    assert.deepEqual(shapes, [
      ['N', 10, 'dim'],
      ['N', 10, 3],
    ]);
    assert.deepEqual(
      analysis.models[0].layers.map((layer) => layer.params),
      [null, null],
    );
  });

  it('carries symbolic recurrent units: [N, time, units] with sequences, [N, units] without, the weights uncounted', async () => {
    const { analysis, shapes } = await outputs(`export function build(steps, hidden) {
  const model = tf.sequential();
  model.add(tf.layers.lstm({inputShape: [steps, 8], units: hidden, returnSequences: true}));
  model.add(tf.layers.simpleRNN({units: hidden * 2}));
  return model;
}`);
    assert.deepEqual(shapes, [
      ['N', 'steps', 'hidden'],
      ['N', '2*hidden'],
    ]);
    assert.deepEqual(
      analysis.models[0].layers.map((layer) => layer.params),
      [null, null],
    );
  });

  it('leaves a symbolic size that may be below 1 unknown', async () => {
    const { analysis, shapes } = await outputs(`export function build(width) {
  const model = tf.sequential();
  model.add(tf.layers.dense({inputShape: [8], units: width - 4}));
  return model;
}`);
    assert.deepEqual(shapes, [null]);
    assert.match(analysis.models[0].layers[0].unknown?.because ?? '', /^`units` of dense \(layer 0\) is not known/);
  });
});
