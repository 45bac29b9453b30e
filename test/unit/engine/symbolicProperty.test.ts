/**
 * Exactness of symbolic sizes (issue 15, SPEC §1.6): random stacks of every shape rule, in each
 * framework, analysed once with symbolic H and W and again with numbers for H and W (`defines`,
 * which the concrete rules compute — the rules the PyTorch, TF.js and ONNX fixtures pin down). At
 * every substituted value the assumptions allow, each symbolic size evaluates to the concrete size
 * (where the concrete engine has one); a symbolic result may be `?`, never a different number.
 * Seeded, so a failure names the model and values that reproduce it.
 */
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import type { Dim } from '../../../src/core/dims';
import { evaluate } from '../../../src/core/symbolic';
// @ts-expect-error -- a plain ES module shared with the fixture generators
import { seededDraws } from '../../fixtures/seededRandom.mjs';

type Draws = {
  int(low: number, high: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
};

type Framework = 'pytorch' | 'keras' | 'onnx' | 'tfjs';
type Layer = Record<string, unknown>;

const MODELS = 1500;

/** Layer types of the spatial and tensor families whose rules compute on expressions, each drawn by the generator below. */
const CONVERTED_TYPES = [
  'ZeroPad2d', 'ReplicationPad2d', 'ReflectionPad2d', 'ConstantPad2d', 'PixelShuffle', 'PixelUnshuffle', 'MaxUnpool2d', 'FractionalMaxPool2d', 'Unfold',
  'DepthwiseConv2D', 'SeparableConv2D', 'Pad', 'SpaceToDepth', 'DepthToSpace', 'MaxUnpool',
  'GLU', 'Slice', 'Tile', 'Split', 'Add',
];
const VALUES_PER_MODEL = 4;

/** A padding (negative: cropping) of each side of the last two axes, as `[left, right, top, bottom]`. */
function padSides(r: Draws): number[] {
  return Array.from({ length: 4 }, () => r.int(-2, 3));
}

/**
 * Layers of the framework's vocabulary that keep a 4-D feature map with `channels` channels, with
 * random parameters (a depth-to-space layer comes with its inverse, so the channels stay).
 */
function spatialLayers(framework: Framework, r: Draws, channels: number): Layer[] {
  const block = r.pick([2, 2, 3]);
  switch (framework) {
    case 'pytorch':
      return r.pick<() => Layer[]>([
        () => [{ type: r.pick(['ZeroPad2d', 'ReplicationPad2d', 'ReflectionPad2d']), padding: padSides(r).map(Math.abs) }],
        () => [{ type: 'ConstantPad2d', padding: padSides(r), value: 0 }],
        () => [{ type: 'PixelUnshuffle', downscale_factor: block }, { type: 'PixelShuffle', upscale_factor: block }],
        () => [{ type: 'PixelShuffle', upscale_factor: 2 }, { type: 'PixelUnshuffle', downscale_factor: 2 }],
        () => [{ type: 'MaxUnpool2d', kernel_size: r.int(1, 4), stride: r.int(1, 3), padding: r.int(0, 1) }],
        // output_size is accepted strictly within natural ± stride: for one window of input sizes.
        () => [{ type: 'MaxUnpool2d', kernel_size: 2, stride: r.int(2, 4), output_size: [r.int(2, 80), r.int(2, 80)] }],
        () => [{ type: 'GLU', dim: r.pick([2, 3, -1]) }],
        () => [{ type: 'FractionalMaxPool2d', kernel_size: 2, output_ratio: [r.pick([0.5, 0.75, 0.25, 0.3]), r.pick([0.5, 0.625])] }],
        () => [spatialLayer(framework, r, channels)],
        () => [spatialLayer(framework, r, channels)],
      ])();
    case 'keras':
      return r.pick<() => Layer[]>([
        () => [{ type: 'DepthwiseConv2D', kernel_size: r.int(1, 4), strides: r.int(1, 3), padding: r.pick(['same', 'valid']) }],
        () => [{ type: 'SeparableConv2D', filters: channels, kernel_size: r.int(1, 4), strides: r.int(1, 2), padding: r.pick(['same', 'valid']) }],
        () => [spatialLayer(framework, r, channels)],
        () => [spatialLayer(framework, r, channels)],
      ])();
    case 'onnx':
      return r.pick<() => Layer[]>([
        () => [{ type: 'Pad', pads: [0, 0, r.int(-2, 3), r.int(-2, 3), 0, 0, r.int(-2, 3), r.int(-2, 3)] }],
        () => [{ type: 'SpaceToDepth', blocksize: block }, { type: 'DepthToSpace', blocksize: block }],
        () => [{ type: 'MaxUnpool', kernel_shape: [2, 2], strides: [r.int(1, 3), r.int(1, 3)] }],
        () => [{ type: 'MaxUnpool', kernel_shape: [2, 2], strides: [2, 2], output_shape: [r.int(2, 300), r.int(2, 300)] }],
        // numpy slicing: "to the end" (INT64_MAX), negative positions and steps clamp.
        () => [{ type: 'Slice', starts: [r.int(-5, 3)], ends: [r.pick([9223372036854775807, r.int(-60, 60)])], axes: [r.pick([2, 3])], steps: [r.pick([1, 2, 3, -1, -2])] }],
        () => [{ type: 'Tile', repeats: [1, 1, r.int(1, 3), r.int(1, 3)] }],
        () => [{ type: 'Split', axis: r.pick([2, 3]), num_outputs: r.int(1, 3) }],
        () => [spatialLayer(framework, r, channels)],
        () => [spatialLayer(framework, r, channels)],
      ])();
    case 'tfjs':
      return [spatialLayer(framework, r, channels)];
  }
}

/** One layer of the framework's vocabulary that keeps a 4-D feature map, with random parameters. */
function spatialLayer(framework: Framework, r: Draws, channels: number): Layer {
  const k = r.int(1, 5);
  const s = r.int(1, 3);
  const d = r.pick([1, 1, 2]);
  switch (framework) {
    case 'pytorch':
      return r.pick<() => Layer>([
        () => ({ type: 'Conv2d', out_channels: channels, kernel_size: k, stride: s, padding: r.int(0, Math.floor(k / 2) + 1), dilation: d }),
        () => {
          const op = r.int(0, Math.max(s, d) - 1);
          return { type: 'ConvTranspose2d', out_channels: channels, kernel_size: k, stride: s, padding: r.int(0, k - 1), output_padding: op, dilation: d };
        },
        // output_size fixes the size; the framework accepts it for one window of input sizes.
        () => ({ type: 'ConvTranspose2d', out_channels: channels, kernel_size: k, stride: s, padding: r.int(0, k - 1), output_size: [r.int(2, 60), r.int(2, 60)] }),
        () => ({ type: 'MaxPool2d', kernel_size: Math.max(k, 2), stride: s, padding: r.int(0, Math.floor(Math.max(k, 2) / 2)), ceil_mode: r.chance(0.5), dilation: d }),
        () => ({ type: 'AvgPool2d', kernel_size: Math.max(k, 2), stride: s, ceil_mode: r.chance(0.5) }),
        () => ({ type: 'AdaptiveAvgPool2d', output_size: [r.pick([null, 5]), r.pick([null, 3])] }),
        () => ({ type: 'Upsample', scale_factor: r.pick([2, 3, 0.5, 1.5]) }),
        () => ({ type: 'BatchNorm2d', num_features: channels }),
        () => ({ type: 'ReLU' }),
        () => ({ type: 'CenterCrop', size: [r.int(1, 6), r.int(1, 6)] }),
      ])();
    case 'keras': {
      const padding = r.pick(['same', 'valid']);
      return r.pick<() => Layer>([
        () => ({ type: 'Conv2D', filters: channels, kernel_size: k, strides: s, padding }),
        () => ({ type: 'Conv2DTranspose', filters: channels, kernel_size: k, strides: s, padding, ...(r.chance(0.5) && { output_padding: r.int(0, s - 1) }) }),
        () => ({ type: 'MaxPooling2D', pool_size: Math.max(k, 2), strides: s, padding }),
        () => ({ type: 'UpSampling2D', size: r.int(1, 3) }),
        () => ({ type: 'Cropping2D', cropping: [r.int(0, 2), r.int(0, 2)] }),
        () => ({ type: 'ZeroPadding2D', padding: [r.int(0, 2), r.int(0, 2)] }),
      ])();
    }
    case 'onnx':
      return r.pick<() => Layer>([
        () => ({ type: 'Conv', out_channels: channels, kernel_shape: [k, k], strides: [s, s], pads: [r.int(0, 1), r.int(0, 1), r.int(0, 2), r.int(0, 2)] }),
        () => ({ type: 'Conv', out_channels: channels, kernel_shape: [k, k], strides: [s, s], auto_pad: r.pick(['SAME_UPPER', 'SAME_LOWER', 'VALID']) }),
        () => ({ type: 'ConvTranspose', out_channels: channels, kernel_shape: [k, k], strides: [s, s], pads: [r.int(0, 1), 0, r.int(0, 1), 0], output_padding: [r.int(0, s - 1), 0] }),
        () => ({ type: 'ConvTranspose', out_channels: channels, kernel_shape: [k, k], strides: [s, s], auto_pad: r.pick(['SAME_UPPER', 'SAME_LOWER']) }),
        () => ({ type: 'ConvTranspose', out_channels: channels, kernel_shape: [k, k], strides: [s, s], output_shape: [r.int(2, 60), r.int(2, 60)] }),
        () => ({ type: 'MaxPool', kernel_shape: [Math.max(k, 2), Math.max(k, 2)], strides: [s, s], ceil_mode: r.int(0, 1) }),
        () => ({ type: 'Resize', scales: [1, 1, r.pick([2, 0.5, 4]), r.pick([2, 1, 0.25])] }),
      ])();
    case 'tfjs':
      return r.pick<() => Layer>([
        () => ({ type: 'conv2d', filters: channels, kernelSize: k, strides: s, padding: r.pick(['same', 'valid']) }),
        () => ({ type: 'conv2dTranspose', filters: channels, kernelSize: k, strides: s, padding: r.pick(['same', 'valid']) }),
        () => ({ type: 'maxPooling2d', poolSize: Math.max(k, 2), strides: s, padding: r.pick(['same', 'valid']) }),
        () => ({ type: 'upSampling2d', size: [r.int(1, 3), r.int(1, 2)] }),
      ])();
  }
}

/** The end of a model: merges with an earlier output, then flattening and a dense layer. */
function tailLayers(framework: Framework, r: Draws, channels: number): Layer[] {
  const merge = r.pick(['Add', 'Concat']);
  const layers: Layer[] = [];
  if (r.chance(0.5)) layers.push({ type: merge, from: [-1, -1 - r.int(1, 3)] });
  if (framework === 'pytorch' && r.chance(0.15)) {
    layers.push({ type: 'Unfold', kernel_size: r.int(1, 3), stride: r.int(1, 3), padding: r.int(0, 1), dilation: r.pick([1, 2]) });
  } else if (r.chance(0.4)) {
    layers.push(framework === 'onnx' ? { type: 'Flatten' } : { type: framework === 'tfjs' ? 'flatten' : 'Flatten' });
    if (framework === 'pytorch') layers.push({ type: 'Linear', out_features: channels });
    if (framework === 'keras') layers.push({ type: 'Dense', units: channels });
  }
  return layers;
}

function yamlValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(yamlValue).join(', ')}]`;
  return String(value);
}

interface RandomModel {
  text: string;
  assume: Record<string, { multipleOf: number; min: number }>;
}

function randomModel(r: Draws): RandomModel {
  const framework = r.pick<Framework>(['pytorch', 'pytorch', 'keras', 'onnx', 'tfjs']);
  const channels = 4;
  const channelsLast = framework === 'keras' || framework === 'tfjs';
  const assume: RandomModel['assume'] = {};
  for (const name of ['H', 'W']) {
    if (r.chance(0.6)) assume[name] = { multipleOf: r.pick([1, 2, 4, 8, 16, 32]), min: r.pick([1, 1, 16, 40]) };
  }
  const layers = Array.from({ length: r.int(1, 7) }, () => spatialLayers(framework, r, channels)).flat();
  layers.push(...tailLayers(framework, r, channels));
  const assumeText = Object.entries(assume)
    .map(([name, { multipleOf, min }]) => `${name}: {multipleOf: ${multipleOf}, min: ${min}}`)
    .join(', ');
  const input = channelsLast ? `[N, H, W, ${channels}]` : `[N, ${channels}, H, W]`;
  const text = [
    `framework: ${framework}`,
    ...(assumeText ? [`assume: {${assumeText}}`] : []),
    `input: ${input}`,
    'layers:',
    ...layers.map((layer) => `  - {${Object.entries(layer).map(([key, value]) => `${key}: ${yamlValue(value)}`).join(', ')}}`),
  ].join('\n');
  return { text: text + '\n', assume };
}

/** A value of a symbol the assumptions allow: a multiple of its unit, at least its minimum. */
function allowedValue(r: Draws, assumption: { multipleOf: number; min: number } | undefined): number {
  const { multipleOf = 1, min = 1 } = assumption ?? {};
  const lowest = Math.max(1, Math.ceil(min / multipleOf));
  return multipleOf * r.int(lowest, lowest + Math.ceil(300 / multipleOf));
}

describe('symbolic sizes are exact (property test against the concrete engine)', () => {
  it(`${MODELS} random models × ${VALUES_PER_MODEL} values of H and W`, async function () {
    this.timeout(120_000); // about 7,500 analyses
    const r: Draws = seededDraws(15);
    const failures: string[] = [];
    let compared = 0;
    let symbolicDims = 0;
    const symbolicTypes = new Set<string>();
    for (let model = 0; model < MODELS && failures.length < 5; model++) {
      const { text, assume } = randomModel(r);
      const symbolic = await analyzeDocument(text, 'random.model.yaml');
      const symbolicLayers = symbolic.models[0]?.layers ?? [];
      for (let sample = 0; sample < VALUES_PER_MODEL; sample++) {
        const values = { N: r.int(1, 3), H: allowedValue(r, assume.H), W: allowedValue(r, assume.W) };
        const concrete = await analyzeDocument(text, 'random.model.yaml', { defines: values });
        concrete.models[0]?.layers.forEach((layer, index) => {
          const expected = layer.output;
          const actual = symbolicLayers[index]?.output;
          if (!expected || !actual || expected.length !== actual.length) return;
          expected.forEach((dim: Dim, axis) => {
            const got = actual[axis];
            if (dim.kind !== 'known' || got.kind === 'unknown') return;
            const value = got.kind === 'known' ? got.value : evaluate(got.expr, values);
            if (got.kind === 'symbolic') {
              symbolicDims++;
              symbolicTypes.add(layer.type);
            }
            compared++;
            if (value !== dim.value) {
              failures.push(`model ${model}, layer ${index}, axis ${axis}, ${JSON.stringify(values)}: symbolic ${JSON.stringify(got)} gives ${value}, concrete ${dim.value}\n${text}`);
            }
          });
        });
      }
    }
    assert.deepEqual(failures, []);
    // The test must have compared many symbolic sizes, not only constants.
    assert.ok(symbolicDims > 5000, `only ${symbolicDims} symbolic sizes compared (of ${compared})`);
    // Every rule converted to symbolic sizes (issue 15) must have been compared on expressions.
    const missing = CONVERTED_TYPES.filter((type) => !symbolicTypes.has(type));
    assert.deepEqual(missing, [], `no symbolic size compared after ${missing.join(', ')}`);
  });
});
