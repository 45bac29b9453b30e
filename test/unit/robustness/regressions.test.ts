// One test per defect the fuzzer found (npm run fuzz), on its minimized input in
// test/fuzz/regressions/. Each input also has to pass every invariant of the fuzz oracle.
import { reportShape } from '../../../src/core/dims';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentAnalysis } from '../../../src/core/analysis';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { MAX_FOLDED_VALUES } from '../../../src/core/formats/typescript/typescriptFolding';
import { toPreviewLayer } from '../../../src/core/previewLayer';
import { MAX_MEMORY_LIMIT_MB } from '../../../src/core/previewProtocol';
import { codeSpan, layerHoverMarkdown } from '../../../src/extension/presentation';
import { outputSizesOf, previewBytes } from '../../../src/webview/compute';
import { checkInput } from '../../fuzz/oracle';
import { shapeOf } from '../support/shapes';

const FOLDER = 'test/fuzz/regressions';

async function regression(file: string): Promise<{ text: string; analysis: DocumentAnalysis }> {
  const text = readFileSync(join(FOLDER, file), 'utf8');
  const { failures } = await checkInput(text, file);
  assert.deepEqual(failures, [], `${file} breaks an invariant of the fuzz oracle`);
  return { text, analysis: await analyzeDocument(text, file) };
}

describe('fuzz regressions', () => {
  it('huge-padding.model.yaml: a padded size beyond 2^53 − 1 is unknown and says why (was: a dimension of 2^54 + 6)', async () => {
    const { analysis } = await regression('huge-padding.model.yaml');
    const pad = analysis.models[0].layers[0];
    assert.deepEqual(reportShape(pad.output), [1, 3, '?', '?']);
    assert.match(pad.unknown?.because ?? '', /exceeds 9007199254740991/);
  });

  it('huge-padding-tfjs.model.yaml: the same through TF.js zeroPadding2d, another rule (was: a dimension of 2^54 + 6)', async () => {
    const { analysis } = await regression('huge-padding-tfjs.model.yaml');
    const pad = analysis.models[0].layers[0];
    assert.deepEqual(reportShape(pad.output), ['N', '?', '?', 3]);
    assert.match(pad.unknown?.because ?? '', /exceeds 9007199254740991/);
  });

  it('folding-bomb.ts: consts that double each other stop at the folding budget, with a diagnostic (was: hang)', async () => {
    const { text, analysis } = await regression('folding-bomb.ts');
    const limit = analysis.diagnostics.find((diagnostic) => diagnostic.code === 'parse-error');
    assert.ok(limit, 'a parse-error diagnostic says where folding stopped');
    assert.equal(limit.severity, 'error');
    // The budget: MAX_FOLDED_VALUES plus one value per two characters of the file.
    const budget = MAX_FOLDED_VALUES + Math.ceil(text.length / 2);
    assert.match(limit.message, new RegExp(`after ${budget.toLocaleString('en-US')} values`));
    assert.ok(limit.span.end < text.indexOf('export const model'), 'it points into the const chain');
    assert.equal(analysis.diagnostics.length, 1, 'literals are still read: the layer types stay known');
    // Nothing that depends on the unfolded kernel is reported as known.
    assert.deepEqual(analysis.models[0].layers.map((layer) => [layer.type, layer.output]), [['ConvTranspose2d', null], ['ReLU', null]]);
  });

  it('nameless-parameter.js: a parameter whose name does not parse (`function (1)`) is named "(missing code)" in reasons (was: an empty `` span)', async () => {
    const { analysis } = await regression('nameless-parameter.js');
    const reasons = analysis.models.flatMap((model) => model.layers).map((layer) => layer.unknown?.because ?? '');
    assert.ok(reasons.some((because) => because.includes('`(missing code)` is a parameter of')), JSON.stringify(reasons));
  });

  it('yolo-too-many-arguments.yaml: a YOLO row Ultralytics refuses (TypeError) has no output, nor the rows after it (was: a shape despite the error)', async () => {
    const { analysis } = await regression('yolo-too-many-arguments.yaml');
    assert.deepEqual(analysis.diagnostics.map((diagnostic) => diagnostic.code), ['invalid-parameter']);
    assert.match(analysis.diagnostics[0].message, /^AConv takes at most 2 arguments \(c1, c2\) in Ultralytics 8\.4; this row makes 4/);
    assert.deepEqual(analysis.models[0].layers.map((layer) => reportShape(layer.output)), [[1, 16, 'H/2', 'W/2'], null, null]);
  });

  it('deep-flow-nesting.model.yaml: nesting beyond the limit is refused the same way everywhere (was: stack-dependent parse errors)', async () => {
    const { analysis } = await regression('deep-flow-nesting.model.yaml');
    assert.deepEqual(analysis.models, []);
    assert.equal(analysis.diagnostics.length, 1);
    assert.equal(analysis.diagnostics[0].code, 'parse-error');
    assert.match(analysis.diagnostics[0].message, /nests about 2,00\d levels deep; ConvLens reads files nested up to 256 levels/);
  });

  it('one-element-kernel.json: a one-element kernel_size list stands for every axis (was: NaN in the geometry)', async () => {
    const { analysis } = await regression('one-element-kernel.json');
    const [layer] = analysis.models[0].layers;
    // Keras Conv2DTranspose, padding 'same', strides 1 (docs/frameworks/keras.md): o = i·s.
    assert.deepEqual(reportShape(layer.output), ['N', 28, 8, 32]);
    assert.deepEqual(layer.transposedConv?.kernel, [2, 2]);
    assert.deepEqual(analysis.diagnostics, []);
  });

  it('expect-too-large.model.yaml: a dimension beyond 2^53 in `expect` is reported as the assertion’s, not rounded', async () => {
    const { text, analysis } = await regression('expect-too-large.model.yaml');
    const [layer] = analysis.models[0].layers;
    // PyTorch (docs/frameworks/pytorch.md): (7−1)·2 − 2·1 + (4−1) + 0 + 1 = 14.
    assert.deepEqual(reportShape(layer.output), [1, 6, 14, 14]);
    assert.equal(analysis.diagnostics.length, 1);
    const [diagnostic] = analysis.diagnostics;
    assert.equal(diagnostic.code, 'invalid-parameter');
    assert.equal(diagnostic.message, '`expect`: this dimension is too large; dimensions must be at most 9007199254740991 (2^53 − 1).');
    assert.equal(text.slice(diagnostic.span.start, diagnostic.span.end), '1e308');
  });

  it('huge-stride.model.yaml: a stride of 100,000 is refused without planning it, by the kernel and by the preview guard (was: out of memory)', async () => {
    const { analysis } = await regression('huge-stride.model.yaml');
    const [layer] = analysis.models[0].layers;
    // PyTorch (docs/frameworks/pytorch.md): (8−1)·100000 + (3−1) + 1 = 700003.
    assert.deepEqual(reportShape(layer.output), ['N', 2, 700_003, 700_003]);
    const preview = toPreviewLayer(analysis.models[0], layer, { uri: 'file:///x', modelIndex: 0, layerIndex: 0 }, 'x');
    assert.ok(preview);
    // The kernel refuses an output of 4.9·10^11 values before it plans anything.
    assert.throws(() => outputSizesOf([8, 8], preview.params), { code: 'invalid-parameter' });
    const output = [700_003, 700_003];
    // The preview's guard bounds it without planning too: far beyond any memory limit the page accepts.
    assert.ok(previewBytes([8, 8], preview.params, output) > 4 * 700_003 ** 2);
    assert.ok(previewBytes([8, 8], preview.params, output) > MAX_MEMORY_LIMIT_MB * 1024 * 1024);
  });

  it('huge-channels-batchnorm.model.yaml: a parameter count beyond 2^53 is unknown, not rounded', async () => {
    const { analysis } = await regression('huge-channels-batchnorm.model.yaml');
    const [layer] = analysis.models[0].layers;
    assert.deepEqual(reportShape(layer.output), ['N', 2 ** 52, 1, 1]);
    assert.equal(layer.params, null);
    assert.equal(layer.macs, null);
  });

  it('replace-carries-expect.model.yaml: the replacement quick fix carries `expect` over as written (was: NaN, Infinity, rounded)', async () => {
    const { analysis } = await regression('replace-carries-expect.model.yaml');
    const replace = analysis.diagnostics.flatMap((diagnostic) => diagnostic.fixes ?? []).find((fix) => fix.title.startsWith('Replace by Upsample + Conv2d'));
    assert.ok(replace, 'the uneven-overlap diagnostic offers the replacement');
    const written = replace.edits.map((edit) => edit.newText).join('');
    assert.ok(written.includes('expect: [N, 6, .nan, 1e400, 0x11, 9007199254740993]'), written);
  });

  it('the hover shows layer types and symbols from the file as code, which they cannot close (was: Markdown injection)', () => {
    const hostile = 'x` [run](command:convlens.previewUpsampling) `';
    const span = { start: 0, end: 1 };
    const markdown = layerHoverMarkdown(
      {
        index: 0, name: 'up', title: 'up', type: hostile, span, typeSpan: span, hintOffset: 0,
        input: shapeOf([hostile, 3]), inputs: [shapeOf([hostile, 3])], output: null, params: null, macs: null,
      },
      () => 1,
    );
    assert.ok(markdown.includes(`\`\` ${hostile} \`\``), markdown);
    assert.ok(markdown.includes(`\`\` [${hostile}, 3] \`\``), markdown);
    // Outside the code spans, no link syntax is left.
    const outside = markdown.replace(/(`+) [\s\S]*? \1|`[^`]*`/g, '');
    assert.doesNotMatch(outside, /\]\(/);
    assert.equal(codeSpan('a\n\nb'), '`a b`', 'a blank line cannot end the paragraph');
    assert.equal(codeSpan('ConvTranspose2d'), '`ConvTranspose2d`');
  });
});
