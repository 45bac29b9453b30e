import { strict as assert } from 'assert';
import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import type { DocumentAnalysis } from '../../src/core/analysis';
import { analyzeDocument } from '../../src/core/analyzeDocument';
import { reportShape, type ReportDim } from '../../src/core/dims';
import { applyEdits, sliceOf } from './formats/textEdits';

function example(file: string): string {
  return readFileSync(join('examples', file), 'utf8');
}

function outputsByName(analysis: DocumentAnalysis): Map<string, ReportDim[] | null> {
  return new Map(analysis.models[0].layers.map((layer) => [layer.name, reportShape(layer.output)]));
}

function errors(analysis: DocumentAnalysis): string[] {
  return analysis.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code}: ${d.message}`);
}

/** Final shapes from the papers and framework docs cited in each example's header. */
const EXAMPLES: { file: string; output: ReportDim[]; along?: Record<string, ReportDim[]> }[] = [
  {
    file: 'dcgan-generator.model.yaml',
    output: ['N', 3, 64, 64],
    along: { project: ['N', 512, 4, 4], up8: ['N', 256, 8, 8], up16: ['N', 128, 16, 16], up32: ['N', 64, 32, 32] },
  },
  {
    file: 'unet.model.yaml',
    output: [1, 2, 388, 388],
    along: {
      enc1: [1, 64, 568, 568],
      enc2: [1, 128, 280, 280],
      enc3: [1, 256, 136, 136],
      enc4: [1, 512, 64, 64],
      bottleneck: [1, 1024, 28, 28],
      up1: [1, 512, 56, 56],
      crop1: [1, 512, 56, 56],
      up2: [1, 256, 104, 104],
      up3: [1, 128, 200, 200],
      up4: [1, 64, 392, 392],
      crop4: [1, 64, 392, 392],
    },
  },
  {
    // By hand: a 2×2 pool of stride 2 floors, so four of them give floor(H/16); an up-convolution k2 s2 doubles.
    file: 'unet-symbolic.model.yaml',
    output: ['N', 2, 'H', 'W'],
    along: {
      enc1: ['N', 64, 'H', 'W'],
      enc4: ['N', 512, 'floor(H/8)', 'floor(W/8)'],
      bottleneck: ['N', 1024, 'floor(H/16)', 'floor(W/16)'],
      up4: ['N', 512, '2*floor(H/16)', '2*floor(W/16)'],
      up1: ['N', 64, '2*floor(H/2)', '2*floor(W/2)'],
    },
  },
  { file: 'fcn32s-head.model.yaml', output: [1, 21, 512, 512] },
  {
    file: 'keras-autoencoder.json',
    output: ['N', 28, 28, 1],
    along: {
      max_pooling2d: ['N', 14, 14, 32],
      max_pooling2d_1: ['N', 7, 7, 32],
      conv2d_transpose: ['N', 14, 14, 32],
      conv2d_transpose_1: ['N', 28, 28, 32],
    },
  },
  {
    file: 'onnx-decoder.model.yaml',
    output: [1, 3, 32, 32],
    along: { up1: [1, 32, 16, 16], up2: [1, 16, 32, 32] },
  },
];

describe('examples', () => {
  for (const { file, output, along } of EXAMPLES) {
    it(`${file} produces the shapes its header states`, async () => {
      const analysis = await analyzeDocument(example(file), file);
      assert.equal(analysis.models.length, 1);
      assert.deepEqual(errors(analysis), []);
      const layers = analysis.models[0].layers;
      assert.deepEqual(reportShape(layers[layers.length - 1].output), output);
      const outputs = outputsByName(analysis);
      for (const [name, shape] of Object.entries(along ?? {})) {
        assert.deepEqual(outputs.get(name), shape, name);
      }
    });
  }

  describe('denoising-autoencoder.model.yaml', () => {
    const file = 'denoising-autoencoder.model.yaml';
    const text = example(file);

    it('reports the planted output_padding on dec2, and its quick fix repairs the model', async () => {
      const analysis = await analyzeDocument(text, file);
      const mismatch = analysis.diagnostics.find((d) => d.code === 'output-padding-mismatch');
      assert.ok(mismatch, JSON.stringify(analysis.diagnostics, null, 2));
      assert.equal(mismatch.layer, 'dec2');
      const dec2Start = text.indexOf('name: dec2');
      assert.ok(mismatch.span.start > dec2Start && mismatch.span.end < text.indexOf('type: Sigmoid'), sliceOf(text, mismatch.span));
      assert.deepEqual(outputsByName(analysis).get('dec1'), ['N', 16, 14, 14]);

      const fix = mismatch.fixes?.find((candidate) => candidate.preferred) ?? mismatch.fixes?.[0];
      assert.ok(fix, 'the diagnostic offers a quick fix');
      const fixed = applyEdits(text, fix.edits);
      assert.ok(fixed.slice(fixed.indexOf('name: dec2')).includes('output_padding: 1'), fixed);

      const reanalysed = await analyzeDocument(fixed, file);
      assert.deepEqual(
        reanalysed.diagnostics.filter((d) => d.code === 'output-padding-mismatch'),
        [],
      );
      assert.deepEqual(errors(reanalysed), []);
      const layers = reanalysed.models[0].layers;
      assert.deepEqual(reportShape(layers[layers.length - 1].output), ['N', 1, 28, 28]);
    });
  });

  describe('unet-symbolic.model.yaml', () => {
    const file = 'unet-symbolic.model.yaml';
    const text = example(file);

    it('reports each skip Concat that lines up for some sizes only; the assumption the quick fix adds makes it clean', async () => {
      const analysis = await analyzeDocument(text, file);
      const conditional = analysis.diagnostics.filter((d) => d.code === 'conditional-shape');
      assert.deepEqual(
        conditional.map((d) => d.layer),
        ['up4', 'up3', 'up2', 'up1'],
      );
      // Level 1 (one pool): 2·floor(H/2) = H exactly for even H; level 4 (four pools): floor(H/8) even, H mod 16 in 0..7.
      assert.match(conditional[3].message, /only when H is even and W is even \(H = 101: 100 vs 101\)/);
      assert.match(conditional[0].message, /only when H mod 16 is 0 to 7 and W mod 16 is 0 to 7/);
      const fix = conditional[0].fixes?.[0];
      assert.equal(fix?.title, 'Assume H is a multiple of 16 and W is a multiple of 16');
      const fixed = applyEdits(text, fix.edits);
      assert.ok(fixed.includes('\nassume: {H: {multipleOf: 16}, W: {multipleOf: 16}}\n'), fixed);
      const reanalysed = await analyzeDocument(fixed, file);
      assert.deepEqual(reanalysed.diagnostics, []);
      const outputs = outputsByName(reanalysed);
      assert.deepEqual(outputs.get('bottleneck'), ['N', 1024, 'H/16', 'W/16']);
      assert.deepEqual(outputs.get('up4'), ['N', 512, 'H/8', 'W/8']);
      assert.deepEqual(outputs.get('classes'), ['N', 2, 'H', 'W']);
    });
  });

  it('yolov8-custom-head.yaml builds as Ultralytics builds it', async () => {
    // Expected: Ultralytics 8.3.166's parse_model on this file, zeros of [1, 3, 640, 640] through the rows
    // (rows 10 and 13 are the transposed convolutions; the last is Detect's inference output; params = Σ m.np).
    const file = 'yolov8-custom-head.yaml';
    for (const [scale, params, up1, up2] of [
      ['n', 3300752, [1, 128, 40, 40], [1, 64, 80, 80]],
      ['s', 11740384, [1, 256, 40, 40], [1, 128, 80, 80]],
    ] as const) {
      const analysis = await analyzeDocument(example(file), file, { scale, defines: { H: 640, W: 640 } });
      assert.deepEqual(analysis.diagnostics, []);
      const layers = analysis.models[0].layers;
      assert.deepEqual([layers[10].output, layers[13].output, layers[layers.length - 1].output].map(reportShape), [up1, up2, [1, 84, 8400]]);
      assert.equal(layers.reduce((sum, layer) => sum + (layer.params ?? NaN), 0), params);
    }
  });

  it('examples/README.md lists every example, and only those', () => {
    const listed = [...example('README.md').matchAll(/^\| `([^`]+)` \|/gm)].map((match) => match[1]).sort();
    const files = readdirSync('examples').filter((file) => file !== 'README.md').sort();
    assert.deepEqual(listed, files);
  });
});
