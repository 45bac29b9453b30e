// The analysis limits (src/core/limits.ts): when one is hit, a `parse-error` diagnostic says
// what was skipped; nothing is cut silently. Dimensions beyond 2^53 are reported, not rounded.
// And the preview's memory guard: its limit is bounded, and its estimate covers what the
// computation must hold (the page's refusal itself is tested in test/browser/preview.test.mjs).
import { reportShape } from '../../../src/core/dims';
import * as assert from 'node:assert/strict';
import type { DocumentAnalysis } from '../../../src/core/analysis';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { MAX_DIAGNOSTICS, MAX_YAML_ITEMS, MAX_LAYERS, MAX_NESTING, MAX_TEXT_LENGTH } from '../../../src/core/limits';
import { MAX_MEMORY_LIMIT_MB, parseContent } from '../../../src/core/previewProtocol';
import { toReport } from '../../../src/core/report';
import { outputSizesOf, previewBytes } from '../../../src/webview/compute';
import { checkInput } from '../../fuzz/oracle';

const MODEL_YAML = 'input: [N, 3, 8, 8]\nlayers:\n  - type: ReLU\n';

function limitDiagnostics(analysis: DocumentAnalysis) {
  return analysis.diagnostics.filter((diagnostic) => diagnostic.code === 'parse-error');
}

function list(count: number, item = '1'): string {
  return `[${new Array<string>(count).fill(item).join(', ')}]`;
}

describe('analysis limits', () => {
  it('reads nothing of a text longer than the limit, and says so on the first line', async () => {
    const text = `# ${'x'.repeat(MAX_TEXT_LENGTH)}\n${MODEL_YAML}`;
    const analysis = await analyzeDocument(text, 'big.model.yaml');
    assert.deepEqual(analysis.models, []);
    const [limit] = limitDiagnostics(analysis);
    assert.equal(limit.severity, 'error'); // not read means not checked: a CI run must not pass it
    assert.match(limit.message, /^This file has 4,194,\d{3} characters; ConvLens analyses files of up to 4,194,304, so nothing in it was analysed\.$/);
    assert.equal(limit.span.start, 0);
  });

  it('still reads a 1 MB line', async () => {
    const analysis = await analyzeDocument(`name: ${'n'.repeat(1_000_000)}\n${MODEL_YAML}`, 'long.model.yaml');
    assert.equal(analysis.models[0].name.length, 1_000_000);
    assert.deepEqual(reportShape(analysis.models[0].layers[0].output), ['N', 3, 8, 8]);
  });

  it('does not parse a YAML 10^6-element list (too slow for the yaml parser), with the reason', async () => {
    const text = `input: [N, 3, 8, 8]\nlayers:\n  - type: Conv2d\n    out_channels: 4\n    kernel_size: ${list(1_000_000)}\n`;
    const analysis = await analyzeDocument(text, 'list.model.yaml');
    assert.deepEqual(analysis.models, []);
    assert.match(limitDiagnostics(analysis)[0].message, /about 1,000,0\d\d items \(lines, commas and brackets\); ConvLens reads YAML files of up to 60,000/);
    assert.equal(MAX_YAML_ITEMS, 60_000);
  });

  it('does not parse a TypeScript 10^6-element list either, but reads one in JSON (its own fast parser)', async () => {
    const ts = await analyzeDocument(`export const m = {input: ${list(1_000_000)}, layers: [{type: 'ReLU'}]};`, 'list.ts');
    assert.deepEqual(ts.models, []);
    assert.match(limitDiagnostics(ts)[0].message, /about 1,000,0\d\d items \(lines, commas and brackets\); ConvLens reads TypeScript and JavaScript files of up to 1,000,000/);
    const json = await analyzeDocument(`{"class_name": "Sequential", "config": {"layers": [{"class_name": "ReLU", "config": {"batch_input_shape": ${list(1_000_000)}}}]}}`, 'list.json');
    assert.deepEqual(limitDiagnostics(json), []);
    assert.ok(json.diagnostics.some((diagnostic) => /has more than 64 dimensions/.test(diagnostic.message)));
    assert.equal(json.models[0].layers[0].output, null);
  });

  it(`reports the first ${MAX_DIAGNOSTICS} problems of a file and how many more there are`, async () => {
    const text = `${MODEL_YAML}${'  - a: b: c: d\n'.repeat(2000)}`;
    const analysis = await analyzeDocument(text, 'broken.model.yaml');
    assert.equal(analysis.diagnostics.length, MAX_DIAGNOSTICS + 1);
    const last = analysis.diagnostics[MAX_DIAGNOSTICS];
    assert.equal(last.code, 'parse-error');
    // Each of the 2,000 broken lines has at least one YAML error.
    const more = /^([\d,]+) more problems in this file are not shown; ConvLens reports at most 1,000 per file\.$/.exec(last.message);
    assert.ok(more && Number(more[1].replace(/,/g, '')) >= 1000, last.message);
  });

  it(`analyses the first ${MAX_LAYERS} layers of a larger model and marks where it stopped`, async () => {
    const layers = Array.from({ length: MAX_LAYERS + 5 }, (_, index) => `{"class_name": "ReLU", "config": {"name": "relu_${index}"}}`);
    const text = `{"class_name": "Sequential", "config": {"layers": [{"class_name": "InputLayer", "config": {"batch_input_shape": [null, 4]}}, ${layers.join(', ')}]}}`;
    const analysis = await analyzeDocument(text, 'deep.json');
    const model = analysis.models[0];
    assert.equal(model.layers.length, MAX_LAYERS);
    assert.deepEqual(reportShape(model.layers.at(-1)?.output ?? null), ['N', 4]);
    const [limit] = limitDiagnostics(analysis);
    assert.equal(limit.message, "ConvLens analyses 10,000 layers per file: the last 5 of this model's 10,005, from this one on, have no shapes and are not checked.");
    // The first layer left out is relu_10000 (the InputLayer gives the input, it is not a layer).
    assert.equal(model.layers.at(-1)?.name, 'relu_9999');
    assert.equal(text.slice(limit.span.start, limit.span.end), '"ReLU"');
    assert.ok(text.indexOf('"relu_9999"') < limit.span.start && limit.span.start < text.indexOf('"relu_10000"'));
  });

  it(`counts the ${MAX_LAYERS} layers over all models of a file`, async () => {
    const model = `---\ninput: [N, 4]\nlayers:\n${'  - type: ReLU\n'.repeat(4000)}`;
    const analysis = await analyzeDocument(model.repeat(5), 'many.model.yaml');
    assert.deepEqual(analysis.models.map((result) => result.layers.length), [4000, 4000, 2000]);
    assert.deepEqual(limitDiagnostics(analysis).map((diagnostic) => diagnostic.message), [
      "ConvLens analyses 10,000 layers per file: the last 2,000 of this model's 4,000, from this one on, have no shapes and are not checked.",
      'ConvLens analyses 10,000 layers per file: this model and the 1 after it are not analysed.',
    ]);
  });

  it(`refuses YAML and TypeScript nested deeper than ${MAX_NESTING} levels the same way in every host`, async () => {
    const yaml = await analyzeDocument(`${MODEL_YAML}    size: ${'['.repeat(300)}1${']'.repeat(300)}\n`, 'nest.model.yaml');
    const ts = await analyzeDocument(`export const m = {input: [1, 3, 8, 8], layers: [{type: 'ReLU', x: ${'('.repeat(300)}1${')'.repeat(300)}}]};`, 'nest.ts');
    for (const analysis of [yaml, ts]) {
      assert.deepEqual(analysis.models, []);
      assert.match(limitDiagnostics(analysis)[0].message, /nests about 30\d levels deep; ConvLens reads files nested up to 256 levels/);
    }
    // Brackets in comments and strings do not count.
    const commented = await analyzeDocument(`# ${'['.repeat(300)}\nname: "${'{'.repeat(300)}"\n${MODEL_YAML}`, 'ok.model.yaml');
    assert.deepEqual(limitDiagnostics(commented), []);
    assert.equal(commented.models.length, 1);
    const tsCommented = await analyzeDocument(
      `// ${'('.repeat(300)}\n/* ${'['.repeat(300)}\n */\nconst s = '${'{'.repeat(300)}', d = "${'('.repeat(300)}";\n` +
        `const t = \`${'['.repeat(300)}\n${'('.repeat(300)}\`;\nexport const m = {input: [1, 3, 8, 8], layers: [{type: 'ReLU'}]};`,
      'ok.ts',
    );
    assert.deepEqual(limitDiagnostics(tsCommented), []);
    assert.equal(tsCommented.models.length, 1);
  });

  it('reports dimensions beyond 2^53 instead of rounding them, in every reader', async () => {
    const cases: [string, string][] = [
      ['big.model.yaml', 'input: [1, 3, 9007199254740993, 8]\nlayers:\n  - type: ReLU\n'],
      ['big.ts', 'export const m = {input: [1, 3, 2 ** 53 + 2, 8], layers: [{type: "ReLU"}]};'],
      ['big.json', '{"class_name": "Sequential", "config": {"layers": [{"class_name": "ReLU", "config": {"batch_input_shape": [null, 9007199254740993, 4]}}]}}'],
    ];
    for (const [file, text] of cases) {
      const analysis = await analyzeDocument(text, file);
      const report = toReport(analysis, text);
      assert.ok(report.diagnostics.some((diagnostic) => diagnostic.code === 'invalid-parameter' && /too large/.test(diagnostic.message)), file);
      assert.equal(report.models[0].layers[0].output, null, file);
      assert.ok(!JSON.stringify(report).includes('9007199254740992'), `${file}: no rounded size`);
    }
    // A product beyond 2^53 (2^52 · 4 = 2^54) is refused as well.
    const grown = await analyzeDocument('input: [1, 1, 4503599627370496, 1]\nlayers:\n  - type: Upsample\n    scale_factor: 4\n', 'grow.model.yaml');
    assert.equal(grown.models[0].layers[0].output, null);
    assert.deepEqual((await checkInput('input: [1, 1, 4503599627370496, 1]\nlayers:\n  - type: Upsample\n    scale_factor: 4\n', 'grow.model.yaml')).failures, []);
  });
});

describe('the preview memory guard', () => {
  const params = { kernel: [3, 3], stride: [2, 2], padBegin: [0, 0], padEnd: [0, 0], outputPadding: [0, 0], dilation: [1, 1] };

  it('estimates at least the input, output and overlap map as float32', () => {
    for (const side of [1, 8, 600]) {
      const output = outputSizesOf([side, side], params);
      // PyTorch: (i−1)·2 + 3 = 2i + 1.
      assert.deepEqual(output, [2 * side + 1, 2 * side + 1]);
      assert.ok(previewBytes([side, side], params, output) >= 4 * (side * side + 2 * output[0] * output[1]));
    }
    // The browser test's case: 600×600 → 1201×1201 is refused under a 1 MiB limit.
    assert.ok(previewBytes([600, 600], params, outputSizesOf([600, 600], params)) > 1024 * 1024);
  });

  it('keeps the limit the page enforces within the setting’s bounds', () => {
    const content = { layer: null, memoryLimitMB: 256 };
    assert.deepEqual(parseContent(content), { ...content, message: undefined });
    for (const memoryLimitMB of [0, -1, NaN, Infinity, 1e308, MAX_MEMORY_LIMIT_MB + 1]) {
      assert.equal(parseContent({ ...content, memoryLimitMB }), undefined, String(memoryLimitMB));
    }
    assert.ok(parseContent({ ...content, memoryLimitMB: MAX_MEMORY_LIMIT_MB }));
  });
});
