/**
 * TF.js custom layers (classes extending `tf.layers.Layer`, issue 17): on symbolic tensors TF.js
 * takes a layer's output from its `computeOutputShape(inputShape)` (the base class's returns the
 * input shape: tfjs-layers engine/topology.js), after `build`; ConvLens runs the same methods with
 * its interpreter. The shapes below are derived by hand from the methods written in each test;
 * test/fixtures/tfjs/programs/custom-*.{js,ts} check the same against TF.js itself
 * (tfjsPrograms.test.ts).
 */
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { reportShape } from '../../../src/core/dims';

const HEADER = `import * as tf from '@tensorflow/tfjs';\n`;

async function analyze(text: string) {
  const analysis = await analyzeDocument(HEADER + text, 'model.js');
  return {
    analysis,
    layers: analysis.models.flatMap((model) => model.layers.map((layer) => [layer.type, reportShape(layer.output)])),
    codes: analysis.diagnostics.map((diagnostic) => diagnostic.code),
  };
}

describe('TypeScript interpreter: custom layers (tf.layers.Layer subclasses)', () => {
  it("takes the output from computeOutputShape, with the instance's fields from its constructor", async () => {
    const { layers, codes } = await analyze(`class Upsample extends tf.layers.Layer {
  static className = 'Upsample';
  constructor(config) { super(config); this.factor = config.factor ?? 2; }
  computeOutputShape([batch, height, width, channels]) { return [batch, height * this.factor, width * this.factor, channels]; }
}
const model = tf.sequential();
model.add(tf.layers.conv2d({inputShape: [7, 7, 1], filters: 4, kernelSize: 3, padding: 'same'}));
model.add(new Upsample({factor: 3}));
model.add(new Upsample({}));
model.add(tf.layers.flatten());
`);
    // 7·3 = 21, then 21·2 = 42; flatten: 42·42·4 = 7056.
    assert.deepEqual(layers, [
      ['conv2d', ['N', 7, 7, 4]],
      ['Upsample', ['N', 21, 21, 4]],
      ['Upsample', ['N', 42, 42, 4]],
      ['flatten', ['N', 7056]],
    ]);
    assert.deepEqual(codes, []);
  });

  it("keeps the input shape for a layer without computeOutputShape, as TF.js's base class does", async () => {
    const { layers, codes } = await analyze(`class Scale extends tf.layers.Layer {
  call(inputs) { return tf.mul(inputs, 2); }
}
const input = tf.input({shape: [5, 3]});
const output = tf.layers.dense({units: 2}).apply(new Scale().apply(input));
export const model = tf.model({inputs: input, outputs: output});
`);
    assert.deepEqual(layers, [
      ['Scale', ['N', 5, 3]],
      ['dense', ['N', 5, 2]],
    ]);
    assert.deepEqual(codes, []);
  });

  it('names the layer by its static className (a field, a getter or an assignment), as TF.js does', async () => {
    const { layers } = await analyze(`class A extends tf.layers.Layer { static get className() { return 'Alpha'; } }
class B extends tf.layers.Layer {}
B.className = 'Beta';
class C extends B {}
const model = tf.sequential({layers: [tf.layers.dense({inputShape: [2], units: 3}), new A(), new B(), new C()]});
`);
    assert.deepEqual(
      layers.map(([type]) => type),
      ['dense', 'Alpha', 'Beta', 'Beta'],
    );
  });

  it('runs computeOutputShape on symbolic sizes: the batch null, a symbol as an expression', async () => {
    // computeOutputShape halves the channels (ceil) and doubles the height: ceil(9/2) = 5, 2·(imgSize/4).
    const { layers, codes } = await analyze(`class Reshuffle extends tf.layers.Layer {
  computeOutputShape(inputShape) {
    const shape = inputShape.slice();
    shape[1] = shape[1] * 2;
    shape[shape.length - 1] = Math.ceil(shape[shape.length - 1] / 2);
    return shape;
  }
}
export function build(imgSize) {
  const input = tf.input({shape: [imgSize / 4, 8, 9]});
  return tf.model({inputs: input, outputs: new Reshuffle().apply(input)});
}
`);
    assert.deepEqual(layers, [['Reshuffle', ['N', 'imgSize/2', 8, 5]]]);
    assert.deepEqual(codes, []);
  });

  it('warns once, saying why, where computeOutputShape returns what ConvLens cannot know, and leaves the shapes after it unknown', async () => {
    const { analysis, layers, codes } = await analyze(`class Odd extends tf.layers.Layer {
  computeOutputShape(inputShape) { return [inputShape[0], inputShape[1] * inputShape[2]]; }
}
export function build(size) {
  const input = tf.input({shape: [size, size]});
  return tf.model({inputs: input, outputs: tf.layers.dense({units: 2}).apply(new Odd().apply(input))});
}
`);
    assert.deepEqual(layers, [
      ['Odd', null],
      ['dense', null],
    ]);
    assert.deepEqual(codes, ['unknown-layer']);
    assert.equal(
      analysis.diagnostics[0].message,
      "TF.js has no layer type 'Odd' (in what its computeOutputShape returns, dimension 1 is not known (the input size `size` is symbolic)); shapes after it are unknown.",
    );
  });

  it('warns of nothing on an input that is not known: the reason of the unknown travels on', async () => {
    // A U-Net builder (josoriom/u-net) whose input shape is a parameter nobody passes: the resize
    // layer is defined and TF.js builds it; its output is unknown because its input is.
    const { analysis, layers, codes } = await analyze(`class ResizeTo extends tf.layers.Layer {
  constructor(height, width) { super({}); this.height = height; this.width = width; }
  computeOutputShape(shape) { return [shape[0], this.height, this.width, shape[3]]; }
}
export function build(inputShape) {
  const input = tf.input({shape: inputShape});
  const features = tf.layers.conv2d({filters: 4, kernelSize: 3}).apply(input);
  return tf.model({inputs: input, outputs: new ResizeTo(8, 8).apply(features)});
}
`);
    assert.deepEqual(layers, [
      ['conv2d', null],
      ['ResizeTo', null],
    ]);
    assert.deepEqual(codes, []);
    const [conv, resize] = analysis.models[0].layers;
    assert.ok(conv.unknown && resize.unknown);
    assert.equal(resize.unknown.because, conv.unknown.because);
  });

  it('stops a computeOutputShape that does not end at a budget of its own', async () => {
    const { analysis, layers } = await analyze(`class Spin extends tf.layers.Layer {
  computeOutputShape(inputShape) { let n = 0; while (n >= 0) n++; return inputShape; }
}
const model = tf.sequential({layers: [tf.layers.dense({inputShape: [2], units: 3}), new Spin()]});
`);
    assert.deepEqual(layers, [
      ['dense', ['N', 3]],
      ['Spin', null],
    ]);
    assert.match(analysis.diagnostics.find((diagnostic) => diagnostic.code === 'unknown-layer')?.message ?? '', /ConvLens stopped evaluating `computeOutputShape`: (after [\d,]+ evaluation steps|a loop ran)/);
  });

  it('shares one run\'s step budget among all the computeOutputShape calls of a file', async () => {
    // 60 layers on one known input, 20,000 steps each, would be 1,200,000: the last ones are not evaluated at all.
    const { analysis } = await analyze(`class Spin extends tf.layers.Layer {
  computeOutputShape(inputShape) { let n = 0; while (n >= 0) n++; return inputShape; }
}
const input = tf.input({shape: [2]});
const outputs = [];
for (let i = 0; i < 60; i++) outputs.push(new Spin().apply(input));
export const model = tf.model({inputs: input, outputs});
`);
    const messages = analysis.diagnostics.filter((diagnostic) => diagnostic.code === 'unknown-layer').map((diagnostic) => diagnostic.message);
    assert.match(messages[0], /stopped evaluating `computeOutputShape`: (after [\d,]+ evaluation steps|a loop ran)/);
    assert.match(messages.at(-1) ?? '', /stopped evaluating `computeOutputShape`: such calls of this file took 1,000,000 evaluation steps/);
  });

  describe('parameters: the trainable weights its build adds with this.addWeight', () => {
    const PROJECTION = `class Projection extends tf.layers.Layer {
  constructor(config) { super(config); this.units = config.units; }
  build(inputShape) {
    this.kernel = this.addWeight('kernel', [inputShape[inputShape.length - 1], this.units], 'float32', tf.initializers.glorotUniform({}));
    this.bias = this.addWeight('bias', [this.units], 'float32', tf.initializers.zeros());
    this.count = this.addWeight('count', [1], 'float32', tf.initializers.zeros(), undefined, false);
  }
  computeOutputShape(shape) { return [...shape.slice(0, -1), this.units]; }
}
`;
    const paramsOf = async (text: string) => {
      const { analysis } = await analyze(text);
      return analysis.models[0].layers.map((layer): [number | null, string | undefined] => [layer.params, layer.paramsUnknown]);
    };

    it('counts the trainable ones (a non-trainable weight, or a layer made with trainable: false, adds none)', async () => {
      // kernel 6·4 + bias 4 = 28; the non-trainable count adds nothing. Then 4·2 + 2 = 10, and 0 frozen.
      const params = await paramsOf(`${PROJECTION}
const model = tf.sequential();
model.add(new Projection({inputShape: [6], units: 4}));
model.add(new Projection({units: 2}));
model.add(new Projection({units: 3, trainable: false}));
`);
      assert.deepEqual(params, [
        [28, undefined],
        [10, undefined],
        [0, undefined],
      ]);
    });

    it('counts none for a layer without build or weights', async () => {
      const params = await paramsOf(`class Scale extends tf.layers.Layer {}
const model = tf.sequential();
model.add(tf.layers.dense({inputShape: [3], units: 2}));
model.add(new Scale({}));
`);
      assert.deepEqual(params[1], [0, undefined]);
    });

    it('leaves the count unknown, saying why, where the weights are not all known', async () => {
      const cases: [string, string, RegExp][] = [
        ['a size never assigned', `build() { this.w = this.addWeight('w', [this.size, 2], 'float32', tf.initializers.zeros()); }`, /the shape of weight 'w' is not known: `this\.size` is never assigned/],
        ['an undecidable condition', `build() { if (Math.random() > 0.5) this.w = this.addWeight('w', [2], 'float32', tf.initializers.zeros()); }`, /weight 'w' is added under a condition ConvLens cannot decide/],
        ['an unknown trainable flag', `build() { this.w = this.addWeight('w', [2], 'float32', tf.initializers.zeros(), undefined, globalThis.flag); }`, /whether weight 'w' is trainable is not known/],
        ['a weight added in the constructor', `constructor(config) { super(config); this.w = this.addWeight('w', [2], 'float32', tf.initializers.zeros()); }`, /it adds a weight outside its build \(line 3\)/],
        ['weights kept elsewhere', `get trainableWeights() { return []; }`, /it defines `trainableWeights` itself/],
      ];
      for (const [what, member, because] of cases) {
        const [params, paramsUnknown] = (
          await paramsOf(`class Custom extends tf.layers.Layer {
  ${member}
}
const input = tf.input({shape: [4]});
export const model = tf.model({inputs: input, outputs: new Custom({}).apply(input)});
`)
        )[0];
        assert.equal(params, null, what);
        assert.match(paramsUnknown ?? '', because, what);
      }
    });
  });
});
