/**
 * Symbolic sizes through the engine (issue 15, SPEC §1.6): expressions after every rule, checks
 * that hold for some sizes only (`conditional-shape`) with their quick fixes, `assume:`, defines,
 * the term budget. Expected expressions are derived by hand in the comments beside them.
 */
import * as assert from 'node:assert/strict';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import type { DocumentAnalysis } from '../../../src/core/analysis';
import { reportShape } from '../../../src/core/dims';
import { analyzeText } from '../../../src/core/index';
import { commonSizesLine, inlayHintLabel, layerHoverMarkdown } from '../../../src/extension/presentation';
import { applyEdits } from '../formats/textEdits';

function yaml(lines: string[]): string {
  return lines.join('\n') + '\n';
}

async function analyze(text: string, defines?: Record<string, number>): Promise<DocumentAnalysis> {
  return analyzeDocument(text, 'model.yaml', defines ? { defines } : {});
}

function outputs(analysis: DocumentAnalysis) {
  return analysis.models[0].layers.map((layer) => reportShape(layer.output));
}

function codes(analysis: DocumentAnalysis): string[] {
  return analysis.diagnostics.map((d) => `${d.severity} ${d.code}`);
}

const convS2 = ['  - type: Conv2d', '    out_channels: 8', '    kernel_size: 3', '    stride: 2', '    padding: 1'];

/** A transposed convolution `up` (k3 s2 p1, 8 channels) with the given output_padding, added to the model's input. */
function upsampledSkip(outputPadding: string): string[] {
  return ['  - type: ConvTranspose2d', '    name: up', '    out_channels: 8', '    kernel_size: 3', '    stride: 2', '    padding: 1', `    output_padding: ${outputPadding}`, '  - type: Add', '    from: [input, up]'];
}

/** A model whose last diagnostic carries a quick fix, and the model once the fix is applied. */
interface QuickFixCase {
  title: string;
  lines: string[];
  codes: string[];
  /** The last diagnostic's message: exactly, or a pattern. */
  message: string | RegExp;
  fix: string;
  /** Text the fixed model contains. */
  fixedText?: string;
  fixedCodes: string[];
  /** A layer's output in the fixed model. */
  fixedOutput?: { layer: number; shape: (string | number)[] };
}

const QUICK_FIXES: QuickFixCase[] = [
  {
    title: 'expect: [N, 8, H/2, W/2] without an assumption holds for some sizes only; the quick fix assumes them',
    lines: ['input: [N, 3, H, W]', 'layers:', ...convS2, '    expect: [N, 8, H/2, W/2]'],
    codes: ['warning conditional-shape'],
    // ceil(H/2) = floor(H/2) exactly when H is even; H = 101 (near 100) fails: 51 vs 50.
    message: /only when H is even and W is even \(H = 101: 51 vs 50\)/,
    fix: 'Assume H is a multiple of 2 and W is a multiple of 2',
    fixedText: 'assume: {H: {multipleOf: 2}, W: {multipleOf: 2}}',
    fixedCodes: [],
  },
  {
    title: 'output-padding-mismatch: the output_padding that fits every allowed H is offered',
    // H even: conv k3 s2 p1 gives H/2; transposed k3 s2 p1 op 0 gives (H/2 − 1)·2 − 2 + 3 = H − 1; op 1 gives H.
    lines: ['assume: {H: {multipleOf: 2}, W: {multipleOf: 2}}', 'input: [N, 8, H, W]', 'layers:', ...convS2, ...upsampledSkip('0')],
    // k3 with s2 also overlaps unevenly (a warning of its own).
    codes: ['warning uneven-overlap', 'error output-padding-mismatch'],
    message: /output_padding/,
    fix: 'Set output_padding to 1',
    fixedCodes: ['warning uneven-overlap'],
    fixedOutput: { layer: 2, shape: ['N', 8, 'H', 'W'] },
  },
  {
    title: 'the U-Net skip Concat lines up only for some sizes; the quick fix adds the assumption',
    lines: ['input: [N, 3, H, 64]', 'layers:', '  - type: MaxPool2d', '    name: down', '    kernel_size: 2', '  - type: Upsample', '    name: up', '    scale_factor: 2', '  - type: Concat', '    from: [input, up]'],
    codes: ['warning conditional-shape'],
    // 2·floor(H/2) = H exactly for even H; near 100 it fails at 101: 100 vs 101.
    message: "Concat '2' lines up only when H is even (H = 101: 100 vs 101).",
    fix: 'Assume H is a multiple of 2',
    fixedText: '\nassume: {H: {multipleOf: 2}}',
    fixedCodes: [],
    fixedOutput: { layer: 2, shape: ['N', 6, 'H', 64] },
  },
  {
    title: 'CenterCrop like: holds for some sizes only: conditional-shape, and the quick fix assumes them',
    lines: ['input: [N, 3, H, 32]', 'layers:', '  - type: AdaptiveAvgPool2d', '    name: small', '    output_size: 20', '  - type: Conv2d', '    out_channels: 3', '    kernel_size: 5', '    from: input', '  - type: CenterCrop', '    like: small'],
    codes: ['warning conditional-shape'],
    // The crop input is H − 4 (conv k5 p0); it covers 20 exactly when H ≥ 24; the counter-example is just below.
    message: "CenterCrop '2' can crop [N, 3, H - 4, 28] to [20, 20] only when H ≥ 24 (H = 23: 19 vs 20).",
    fix: 'Assume H ≥ 24',
    fixedCodes: [],
    fixedOutput: { layer: 2, shape: ['N', 3, 20, 20] },
  },
];

describe('symbolic sizes in the engine', () => {
  it('every rule of a small stack computes on expressions', async () => {
    const text = yaml([
      'input: [N, 3, H, W]',
      'layers:',
      ...convS2, // floor((H + 2 − 3)/2) + 1 = ceil(H/2)
      '  - type: MaxPool2d', // k2 s2 ceil_mode: ceil((ceil(H/2) − 2)/2) + 1 = ceil(H/4)
      '    kernel_size: 2',
      '    stride: 2',
      '    ceil_mode: true',
      '  - type: Upsample', // floor(ceil(H/4)·2) = 2·ceil(H/4)
      '    scale_factor: 2',
      '  - type: ConvTranspose2d', // (2·ceil(H/4) − 1)·2 − 2 + 4 + 1 = 4·ceil(H/4) + 1
      '    out_channels: 4',
      '    kernel_size: 4',
      '    stride: 2',
      '    padding: 1',
      '    output_padding: 1',
      '  - type: AdaptiveAvgPool2d',
      '    output_size: [7, null]',
      '  - type: Flatten', // 4·7·(4·ceil(W/4) + 1) = 112·ceil(W/4) + 28
      '  - type: Linear',
      '    out_features: 10',
    ]);
    const analysis = await analyze(text);
    assert.deepEqual(codes(analysis), []);
    assert.deepEqual(outputs(analysis), [
      ['N', 8, 'ceil(H/2)', 'ceil(W/2)'],
      ['N', 8, 'ceil(H/4)', 'ceil(W/4)'],
      ['N', 8, '2*ceil(H/4)', '2*ceil(W/4)'],
      ['N', 4, '4*ceil(H/4) + 1', '4*ceil(W/4) + 1'],
      ['N', 4, 7, '4*ceil(W/4) + 1'],
      ['N', '112*ceil(W/4) + 28'],
      ['N', 10],
    ]);
    // The editor shows the pretty form; the hover the formula it came from and the values at common sizes.
    const conv = analysis.models[0].layers[0];
    assert.equal(inlayHintLabel(conv, 'output'), '→ [N, 8, ⌈H/2⌉, ⌈W/2⌉]');
    const hover = layerHoverMarkdown(conv, () => 1);
    assert.ok(hover.includes('`= floor((H + 2·1 − 1·(3−1) − 1) / 2) + 1 = ⌈H/2⌉`'), hover);
    // ceil(224/2) = 112, ceil(256/2) = 128, ceil(512/2) = 256, ceil(640/2) = 320.
    assert.ok(hover.includes('At H = W = 224: \\[N, 8, 112, 112\\] · 256: \\[N, 8, 128, 128\\] · 512: \\[N, 8, 256, 256\\] · 640: \\[N, 8, 320, 320\\]'), hover);
    const transposed = analysis.models[0].layers[3];
    assert.ok(transposed.axes?.some((axis) => axis.formula === '2·⌈H/4⌉ → 4·⌈H/4⌉ + 1' && axis.symbolic?.startsWith('H_out = (H_in − 1)·s')), JSON.stringify(transposed.axes));
  });

  it('assume: simplifies under the assumption (H multiple of 32: H/2, H/4)', async () => {
    const analysis = await analyze(yaml(['assume: {H: {multipleOf: 32}, W: {multipleOf: 32}}', 'input: [N, 3, H, W]', 'layers:', ...convS2, ...convS2]));
    assert.deepEqual(codes(analysis), []);
    assert.deepEqual(outputs(analysis), [
      ['N', 8, 'H/2', 'W/2'],
      ['N', 8, 'H/4', 'W/4'],
    ]);
  });

  it('a malformed assume: is an invalid-parameter error at its key, the rest still holds', async () => {
    const text = yaml(['assume: {H: {multipleOf: 0}, W: {multipleOf: 2}}', 'input: [N, 3, H, W]', 'layers:', ...convS2]);
    const analysis = await analyze(text);
    assert.deepEqual(codes(analysis), ['error invalid-parameter']);
    assert.equal(text.slice(analysis.diagnostics[0].span.start, analysis.diagnostics[0].span.end), 'H');
    assert.deepEqual(outputs(analysis), [['N', 8, 'ceil(H/2)', 'W/2']]);
  });

  it('analyzeText (SPEC §5) writes symbolic sizes in the SPEC §1.6 syntax, and takes defines', async () => {
    const text = yaml(['input: [N, 3, H, W]', 'layers:', ...convS2]);
    const symbolic = await analyzeText(text, 'model.yaml');
    assert.deepEqual(symbolic.models[0].layers[0].output, ['N', 8, 'ceil(H/2)', 'ceil(W/2)']);
    const concrete = await analyzeText(text, 'model.yaml', { defines: { H: 640, W: 480 } });
    assert.deepEqual(concrete.models[0].layers[0].output, ['N', 8, 320, 240]);
  });

  it('defines bind the symbols first: the shapes are concrete', async () => {
    const analysis = await analyze(yaml(['input: [N, 3, H, W]', 'layers:', ...convS2]), { H: 100, W: 64 });
    assert.deepEqual(outputs(analysis), [['N', 8, 50, 32]]);
  });

  it('expect: [N, 8, H/2, W/2] is compared symbolically: holds under the assumption', async () => {
    const clean = await analyze(yaml(['assume: {H: {multipleOf: 2}, W: {multipleOf: 2}}', 'input: [N, 3, H, W]', 'layers:', ...convS2, '    expect: [N, 8, H/2, W/2]']));
    assert.deepEqual(codes(clean), []);
  });

  it('an expect that fails for every value is an error, as before', async () => {
    // ceil(H/2) < 2·H for every H ≥ 1.
    const analysis = await analyze(yaml(['input: [N, 3, H, W]', 'layers:', ...convS2, '    expect: [N, 8, 2*H, W]']));
    assert.deepEqual(codes(analysis), ['error shape-mismatch']);
  });

  it('where the right output_padding depends on the parity of H, the warning says which value for which H', async () => {
    // H free: conv gives ceil(H/2); transposed k3 s2 p1 op gives 2·ceil(H/2) − 1 + op: op = 1 for even H, 0 for odd H.
    const analysis = await analyze(yaml(['input: [N, 8, H, 16]', 'layers:', ...convS2, ...upsampledSkip('[0, 1]')]));
    assert.deepEqual(codes(analysis), ['warning uneven-overlap', 'warning conditional-shape']);
    assert.match(analysis.diagnostics[1].message, /only when H is odd .* No single output_padding fits every size: H: 0 when H is odd, 1 when H is even\./);
  });

  for (const check of QUICK_FIXES) {
    it(check.title, async () => {
      const text = yaml(check.lines);
      const analysis = await analyze(text);
      assert.deepEqual(codes(analysis), check.codes);
      // The last diagnostic is the one the case is about.
      const diagnostic = analysis.diagnostics[analysis.diagnostics.length - 1];
      if (typeof check.message === 'string') assert.equal(diagnostic.message, check.message);
      else assert.match(diagnostic.message, check.message);
      const fix = diagnostic.fixes?.[0];
      assert.equal(fix?.title, check.fix);
      const fixed = applyEdits(text, fix.edits);
      if (check.fixedText) assert.ok(fixed.includes(check.fixedText), fixed);
      const reanalysed = await analyze(fixed);
      assert.deepEqual(codes(reanalysed), check.fixedCodes);
      if (check.fixedOutput) assert.deepEqual(outputs(reanalysed)[check.fixedOutput.layer], check.fixedOutput.shape);
    });
  }

  it('an expression beyond the term budget is ? with the reason', async () => {
    // Strides 3 down and 2 up in turn nest floors that no assumption cancels; the expression grows each pair.
    const pair = [
      '  - type: Conv2d',
      '    out_channels: 4',
      '    kernel_size: 3',
      '    stride: 3',
      '    padding: 1',
      '  - type: ConvTranspose2d',
      '    out_channels: 4',
      '    kernel_size: 4',
      '    stride: 2',
      '    padding: 1',
    ];
    const analysis = await analyze(yaml(['input: [N, 4, H, 8]', 'layers:', ...Array.from({ length: 80 }, () => pair).flat()]));
    const layers = analysis.models[0].layers;
    const first = layers.findIndex((layer) => layer.output?.[2].kind === 'unknown');
    assert.ok(first > 0, 'the budget is reached');
    assert.match(layers[first].unknown?.because ?? '', /grew beyond 64 terms/);
    assert.equal(layers[first - 1].output?.[2].kind, 'symbolic');
  });

  it('the hover lists the output at common sizes, a size the assumptions exclude as —', () => {
    const dims = [
      { kind: 'symbolic' as const, expr: { kind: 'expr' as const, terms: [{ coefficient: 1, atom: { kind: 'symbol' as const, name: 'N', multipleOf: 1 } }], constant: 0 } },
      { kind: 'known' as const, value: 8 },
      { kind: 'symbolic' as const, expr: { kind: 'expr' as const, terms: [{ coefficient: 1, atom: { kind: 'symbol' as const, name: 'H', multipleOf: 64 } }], constant: 0 } },
    ];
    // H counted in units of 64: the expression is H/64; 224 is no multiple of 64.
    assert.equal(commonSizesLine(dims), 'At H = 224: [N, 8, —] · 256: [N, 8, 4] · 512: [N, 8, 8] · 640: [N, 8, 10]');
  });
});
