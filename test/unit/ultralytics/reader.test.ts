/**
 * The Ultralytics reader's own rules, each against a hand-derived expectation: Python rounding,
 * `make_divisible`, the scale choice, the sniff, and the diagnostics of SPEC.md §1.4.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import { analyzeDocument } from '../../../src/core/analyzeDocument';
import { reportShape } from '../../../src/core/dims';
import { readerFor } from '../../../src/core/formats/registry';
import { RELEASES } from '../../../src/core/formats/ultralytics/releases';
import { parseUltralyticsVersion } from '../../../src/core/ultralyticsVersions';
import type { AnalyzeOptions } from '../../../src/core/analyzeOptions';
import { makeDivisible, pythonRound, scaleFromFileName, ultralyticsScales } from '../../../src/core/formats/ultralytics/ultralyticsModel';

const V8_HEAD = `nc: 80
scales:
  n: [0.33, 0.25, 1024]
  s: [0.33, 0.50, 1024]
backbone:
  - [-1, 1, Conv, [64, 3, 2]] # 0
  - [-1, 1, Conv, [128, 3, 2]] # 1
  - [-1, 3, C2f, [128, True]] # 2
  - [-1, 1, Conv, [256, 3, 2]] # 3
head:
  - [-1, 1, nn.Upsample, [None, 2, "nearest"]] # 4
  - [[-1, 2], 1, Concat, [1]] # 5
`;

describe('Ultralytics reader', () => {
  it('rounds as Python does (halves to even) and makes channels divisible by 8', () => {
    // Python: round(2.5) == 2, round(1.5) == 2, round(0.99) == 1; ceil(40 / 8) * 8 == 40, ceil(41 / 8) * 8 == 48.
    assert.deepStrictEqual([pythonRound(2.5), pythonRound(1.5), pythonRound(0.99), pythonRound(3.5)], [2, 2, 1, 4]);
    assert.deepStrictEqual([makeDivisible(40), makeDivisible(41), makeDivisible(16)], [40, 48, 16]);
  });

  it('lists the scales for the editor’s switch, with the one an analysis builds', () => {
    const keySpan = { start: V8_HEAD.indexOf('scales'), end: V8_HEAD.indexOf('scales') + 'scales'.length };
    assert.deepStrictEqual(ultralyticsScales(V8_HEAD, 'custom.yaml'), { letters: ['n', 's'], current: 'n', keySpan });
    assert.strictEqual(ultralyticsScales(V8_HEAD, 'yolov8s.yaml')?.current, 's');
    assert.strictEqual(ultralyticsScales(V8_HEAD, 'yolov8s.yaml', { scale: 'n' })?.current, 'n');
    assert.strictEqual(ultralyticsScales(`scale: s\n${V8_HEAD}`, 'custom.yaml')?.current, 's');
    assert.strictEqual(ultralyticsScales(V8_HEAD.replace(/scales:\n(  .*\n)+/, ''), 'custom.yaml'), undefined);
  });

  it('builds the scale an analysis asks for, before the file name', async () => {
    // Row 1 is Conv(c1, 128·width): n (width 0.25) → 32 channels, s (0.50) → 64.
    const channels = async (scale: string) => reportShape((await analyzeDocument(V8_HEAD, 'yolov8s.yaml', { scale })).models[0].layers[1].output)?.[1];
    assert.deepStrictEqual([await channels('n'), await channels('s')], [32, 64]);
  });

  it('takes the scale from the file name as guess_model_scale does', () => {
    assert.strictEqual(scaleFromFileName('models/yolo11s.yaml'), 's');
    assert.strictEqual(scaleFromFileName('yolov8x-seg.yaml'), 'x');
    assert.strictEqual(scaleFromFileName('yoloe-11m.yaml'), 'm');
    assert.strictEqual(scaleFromFileName('yolov8.yaml'), undefined);
  });

  it('is the only YAML reader of a YOLO config, and leaves ConvLens YAML alone', () => {
    assert.strictEqual(readerFor(V8_HEAD, 'yolov8.yaml')?.id, 'ultralytics');
    assert.strictEqual(readerFor('input: [1, 3, 8, 8]\nlayers:\n  - type: ReLU\n', 'model.yaml')?.id, 'yaml');
    assert.strictEqual(readerFor('backbone: [1]\nhead: [2]\ninput: [1]\nlayers: []\n', 'x.yaml')?.id, 'yaml');
  });

  it("claims backbone/head lists only when they hold rows, and still reports a YOLO config's broken row", async () => {
    assert.deepStrictEqual(await analyzeDocument('backbone:\n  - stem\n  - res2\nhead:\n  - roi_heads\n', 'freeze.yaml'), { models: [], diagnostics: [] });
    const broken = await analyzeDocument(V8_HEAD.replace('[-1, 1, Conv, [256, 3, 2]]', '[-1, Conv, [256, 3, 2]]'), 'yolov8n.yaml');
    assert.deepStrictEqual(broken.diagnostics.map((d) => d.message), ['Row 3 must be [from, repeats, module, args]; it has 3 elements.']);
  });

  it('finds a Concat of maps of different sizes, naming both rows and sizes', async () => {
    // 64×64 input: row 0 → 32, row 1 → 16, row 2 keeps 16, row 3 → 8, row 4 upsamples to 16: Concat with row 2 fits.
    const fits = await analyzeDocument(V8_HEAD, 'yolov8n.yaml', { defines: { H: 64, W: 64 } });
    assert.deepStrictEqual(fits.diagnostics, []);
    // Hand-derived: n: width 0.25 → 16, 32, 32, 64 channels; C2f n = max(round(3 × 0.33), 1) = 1; Concat 64 + 32.
    assert.deepStrictEqual(fits.models[0].layers.map((layer) => reportShape(layer.output)), [
      [1, 16, 32, 32], [1, 32, 16, 16], [1, 32, 16, 16], [1, 64, 8, 8], [1, 64, 16, 16], [1, 96, 16, 16],
    ]);
    const broken = V8_HEAD.replace('[[-1, 2], 1, Concat', '[[-1, 1], 1, Concat').replace('[None, 2, "nearest"]', '[None, 1, "nearest"]');
    const { diagnostics } = await analyzeDocument(broken, 'yolov8n.yaml', { defines: { H: 64, W: 64 } });
    assert.strictEqual(diagnostics.length, 1);
    assert.strictEqual(diagnostics[0].code, 'shape-mismatch');
    assert.match(diagnostics[0].message, /row 4 is 8×8, row 1 is 16×16/);
  });

  it('reports from pointing forward or out of range, and an unknown module once', async () => {
    const text = V8_HEAD.replace('[[-1, 2], 1, Concat', '[[-1, 9], 1, Concat').replace('[-1, 1, Conv, [128, 3, 2]]', '[-5, 1, Conv, [128, 3, 2]]')
      + '  - [-1, 1, MyBlock, [64]]\n  - [-1, 1, MyBlock, [64]]\n';
    const { diagnostics, models } = await analyzeDocument(text, 'yolov8n.yaml', { defines: { H: 64, W: 64 } });
    assert.deepStrictEqual(diagnostics.map((d) => d.code), ['invalid-parameter', 'invalid-parameter', 'unknown-layer']);
    assert.match(diagnostics[0].message, /points before row 0/);
    assert.match(diagnostics[1].message, /not before row 5/);
    assert.strictEqual(models[0].layers[1].output, null);
  });

  it('warns about a scale with four values and a missing scale', async () => {
    const text = V8_HEAD.replace('n: [0.33, 0.25, 1024]', 'n: [0.33, 0.25, 1024, 1]');
    const { diagnostics } = await analyzeDocument(text, 'custom.yaml', {});
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.severity]), [['ignored-parameter', 'warning'], ['ignored-parameter', 'warning']]);
    assert.match(diagnostics[0].message, /assumes the first, 'n'/);
    assert.match(diagnostics[1].message, /unpacks exactly three/);
  });

  it('writes the spatial sizes over H and W, multiples of 32, when no image size is defined', async () => {
    // Hand-derived, scale s: Conv k3 s2 (autopad 1): floor((H + 2 − 3)/2) + 1 = H/2 for even H; the
    // upsample doubles; channels 64·0.5, 128·0.5, 128·0.5, 256·0.5, then Concat 128 + 64.
    const { models, diagnostics } = await analyzeDocument(V8_HEAD, 'yolov8s.yaml', {});
    assert.deepStrictEqual(diagnostics, []);
    assert.deepStrictEqual(models[0].layers.map((layer) => reportShape(layer.output)), [
      [1, 32, 'H/2', 'W/2'], [1, 64, 'H/4', 'W/4'], [1, 64, 'H/4', 'W/4'], [1, 128, 'H/8', 'W/8'], [1, 128, 'H/4', 'W/4'], [1, 192, 'H/4', 'W/4'],
    ]);
    assert.strictEqual(models[0].layers[0].unknown, undefined);
    assert.strictEqual(models[0].layers[0].rule?.startsWith('Ultralytics Conv(3, 32, k=3, s=2)'), true);
    assert.strictEqual(models[0].layers[2].rule?.startsWith('Ultralytics C2f(64, 64, n=1, shortcut=True)'), true);
  });

  // Six stride-2 convs: H/2 … H/32, then floor((H/32 − 1)/2) + 1 = ceil(H/64), unless H is a multiple of 64.
  const DEEP = `nc: 80
backbone:
${'  - [-1, 1, Conv, [64, 3, 2]]\n'.repeat(6)}head:
`;

  it('reports a Concat that lines up only for some image sizes, with the condition and a failing size', async () => {
    // Row 6 doubles ceil(H/64); row 4 is H/32 = 2·(H/64): equal exactly when H/32 is even.
    const text = `${DEEP}  - [-1, 1, nn.Upsample, [None, 2, "nearest"]]\n  - [[-1, 4], 1, Concat, [1]]\n`;
    const { models, diagnostics } = await analyzeDocument(text, 'custom.yaml', {});
    assert.deepStrictEqual(reportShape(models[0].layers[5].output), [1, 64, 'ceil(H/64)', 'ceil(W/64)']);
    assert.deepStrictEqual(diagnostics.map((d) => [d.code, d.severity]), [['conditional-shape', 'warning']]);
    assert.match(diagnostics[0].message, /^Concat lines up only when H is a multiple of 64: row 6 is 2\*ceil\(H\/64\)×2\*ceil\(W\/64\), row 4 is H\/32×W\/32; at H = \d+/);
    // At H = 640 (20·32) both are 20; at H = 608 (19·32) they are 20 and 19.
    assert.deepStrictEqual((await analyzeDocument(text, 'custom.yaml', { defines: { H: 640, W: 640 } })).diagnostics, []);
    const at608 = await analyzeDocument(text, 'custom.yaml', { defines: { H: 608, W: 608 } });
    assert.deepStrictEqual(at608.diagnostics.map((d) => d.code), ['shape-mismatch']);
    assert.match(at608.diagnostics[0].message, /row 6 is 20×20, row 4 is 19×19/);
  });

  it("assumes multiples of the head's largest stride, as Ultralytics measures it (P6: 64)", async () => {
    // The head reads row 5 at 256 / 4 = stride 64: H is a multiple of 64 and row 5 is exactly H/64.
    const { models } = await analyzeDocument(`${DEEP}  - [[4, 5], 1, Detect, [nc]]\n`, 'custom.yaml', {});
    assert.deepStrictEqual(reportShape(models[0].layers[5].output), [1, 64, 'H/64', 'W/64']);
    const head = models[0].layers[6];
    assert.deepStrictEqual(reportShape(head.output), [1, 84, '?']);
    assert.match(head.unknown?.because ?? '', /^the anchor count Σ H·W of the head is a product of the image sizes: define H and W .* \(row 6, Detect\)$/);
  });

  it('catches the hand-written c1 of nn.ConvTranspose2d (ultralytics#10233) and removes it', async () => {
    const text = V8_HEAD.replace('[-1, 1, nn.Upsample, [None, 2, "nearest"]]', '[-1, 1, nn.ConvTranspose2d, [256, 256, 2, 2]]');
    const { diagnostics } = await analyzeDocument(text, 'yolov8s.yaml', {});
    assert.deepStrictEqual(diagnostics.map((d) => d.code), ['invalid-parameter']);
    assert.match(diagnostics[0].message, /kernel_size=256 is a channel count/);
    const edit = diagnostics[0].fixes?.[0].edits[0];
    assert.ok(edit);
    const fixed = text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end);
    assert.ok(fixed.includes('[-1, 1, nn.ConvTranspose2d, [256, 2, 2]]'));
    // Hand-derived at 64×64, scale s: 8×8 → (8 − 1)·2 + 2 = 16, channels make_divisible(256 × 0.5) = 128.
    const after = await analyzeDocument(fixed, 'yolov8s.yaml', { ultralyticsVersion: '8.3', defines: { H: 64, W: 64 } });
    assert.deepStrictEqual(after.diagnostics, []);
    assert.deepStrictEqual(reportShape(after.models[0].layers[4].output), [1, 128, 16, 16]);
    // thop 2.0.14 (8.3's) counts nn.ConvTranspose2d(256, 128, 2, 2) on 20×20 as 209,715,200 (40·40 outputs ·
    // 128 · 256 · 2²); here the input is 128 channels at 8×8: 16·16 · 128 · 128 · 4.
    assert.strictEqual(after.models[0].layers[4].macs, 16 * 16 * 128 * 128 * 4);
    // thop 2.0.19 (8.4's) counts per input element, `l_prod(input_size) · (out_c // groups) · k²` (calc_func.py): 8·8 · 128 · 128 · 4.
    const current = await analyzeDocument(fixed, 'yolov8s.yaml', { defines: { H: 64, W: 64 } });
    assert.strictEqual(current.models[0].layers[4].macs, 8 * 8 * 128 * 128 * 4);
  });

  it('says at which scales groups fail, as groups are not width-scaled', async () => {
    // Row 1 reads row 0: 64 × 0.25 = 16 channels at n, 64 × 0.5 = 32 at s (the scale shown); its
    // own output is 32 at n, 64 at s. groups=32 divides both at s, not 16 at n.
    const text = V8_HEAD.replace('[-1, 1, Conv, [128, 3, 2]]', '[-1, 1, Conv, [128, 3, 2, None, 32]]');
    const { diagnostics } = await analyzeDocument(text, 'yolov8s.yaml', {});
    assert.deepStrictEqual(diagnostics.map((d) => d.code), ['groups-mismatch']);
    assert.strictEqual(diagnostics[0].message, 'Fails at scale n: 16 input channels are not divisible by groups=32 (groups is not width-scaled).');
  });

  it("reports the width assertions of PSA, C2PSA and A2C2f with Ultralytics' own errors", async () => {
    // Each appended after row 5 (Concat: 192 channels at s, 96 at n). Checked in Ultralytics 8.3.166:
    // C2PSA(128, 256) raises AssertionError, PSA(64, 64) and C2fPSA(64, 64) ZeroDivisionError,
    // A2C2f(48, 48, 1, False, -1) "Dimension of ABlock be a multiple of 32.".
    const problems = async (row: string, scale: string) => (await analyzeDocument(`${V8_HEAD}  - ${row}\n`, `yolov8${scale}.yaml`, { ultralyticsVersion: '8.3' })).diagnostics;
    // C2PSA [512] at s: c2 = 256, c1 = 192.
    const widened = await problems('[-1, 1, C2PSA, [512]]', 's');
    assert.deepStrictEqual(widened.map((d) => d.code), ['channel-mismatch']);
    assert.strictEqual(widened[0].message, 'AssertionError: assert c1 == c2 — C2PSA keeps its width, but it reads 192 channels and is asked for 256 at this scale.');
    assert.strictEqual(widened[0].related?.[0].message, 'row 5 makes 192 channels');
    // PSA [384] at n: c1 = c2 = 96, hidden int(96 × 0.5) = 48 < 64.
    const headless = await problems('[-1, 1, PSA, [384]]', 'n');
    assert.deepStrictEqual(headless.map((d) => d.code), ['invalid-parameter']);
    assert.match(headless[0].message, /^ZeroDivisionError: integer division or modulo by zero — PSA's attention has 48 \/\/ 64 = 0 heads/);
    // A2C2f [192] at n: c2 = make_divisible(192 × 0.25) = 48, hidden int(48 × 0.5) = 24.
    const narrow = await problems('[-1, 1, A2C2f, [192, False, -1]]', 'n');
    assert.deepStrictEqual(narrow.map((d) => d.code), ['invalid-parameter']);
    assert.match(narrow[0].message, /^AssertionError: Dimension of ABlock be a multiple of 32\. \(A2C2f's hidden width int\(c2 \* e\) = int\(48 × 0\.5\) = 24/);
    // At s the same rows build: C2PSA [384] keeps 192 (hidden 96: one head), A2C2f [256] → 128 (hidden 64).
    assert.deepStrictEqual(await problems('[-1, 1, C2PSA, [384]]', 's'), []);
    assert.deepStrictEqual(await problems('[-1, 1, A2C2f, [256, False, -1]]', 's'), []);
  });

  it('pads with nn.ZeroPad2d as PyTorch does: an int on every side, else (left, right, top, bottom)', async () => {
    const padded = async (padding: string) => {
      const text = V8_HEAD.replace('[-1, 1, nn.Upsample, [None, 2, "nearest"]]', `[-1, 1, nn.ZeroPad2d, [${padding}]]`).replace('[[-1, 2], 1, Concat, [1]]', '[-1, 1, nn.Identity, []]');
      const { layers } = (await analyzeDocument(text, 'yolov8s.yaml', { defines: { H: 64, W: 64 } })).models[0];
      return { shape: reportShape(layers[4].output), params: layers[4].params, macs: layers[4].macs };
    };
    // Row 3 makes [1, 128, 8, 8] at 64×64, scale s; thop counts nn.ZeroPad2d as zero_ops.
    assert.deepStrictEqual(await padded('1'), { shape: [1, 128, 10, 10], params: 0, macs: 0 });
    assert.deepStrictEqual(await padded('[0, 1, 2, 3]'), { shape: [1, 128, 13, 9], params: 0, macs: 0 });
  });

  it('checks the output_padding of nn.ConvTranspose2d as PyTorch does', async () => {
    const text = V8_HEAD.replace('[-1, 1, nn.Upsample, [None, 2, "nearest"]]', '[-1, 1, nn.ConvTranspose2d, [64, 2, 2, 0, 2]]');
    const { diagnostics } = await analyzeDocument(text, 'yolov8n.yaml', {});
    assert.deepStrictEqual(diagnostics.map((d) => d.code), ['output-padding-too-large']);
    // Grouped (c2 = 256 · 0.25 = 64 = c1 at n): thop 2.0.14 counts nn.ConvTranspose2d(64, 64, 4, 2, 1, 0, 4) on 8×10 as 5,242,880 = 16·20 · 64 · 64/4 · 4².
    const grouped = V8_HEAD.replace('[-1, 1, nn.Upsample, [None, 2, "nearest"]]', '[-1, 1, nn.ConvTranspose2d, [256, 4, 2, 1, 0, 4]]').replace('[[-1, 2], 1, Concat, [1]]', '[-1, 1, nn.Identity, []]');
    const at = await analyzeDocument(grouped, 'yolov8n.yaml', { ultralyticsVersion: '8.3', defines: { H: 64, W: 80 } });
    assert.deepStrictEqual(reportShape(at.models[0].layers[4].output), [1, 64, 16, 20]);
    assert.strictEqual(at.models[0].layers[4].macs, 5_242_880);
    // thop 2.0.19 (8.4's): 8·10 inputs · 64 · 64/4 · 4² = 1,310,720.
    const current = await analyzeDocument(grouped, 'yolov8n.yaml', { defines: { H: 64, W: 80 } });
    assert.strictEqual(current.models[0].layers[4].macs, 1_310_720);
    assert.strictEqual(diagnostics[0].fixes?.[0].edits[0].newText, '1');
  });
});

/** A YOLO26-style file: `end2end`, `reg_max: 1`, an 8.4 SPPF row and an end-to-end Detect on three levels. */
const YOLO26 = `nc: 80
end2end: True
reg_max: 1
scales:
  n: [0.50, 0.25, 1024]
backbone:
  - [-1, 1, Conv, [64, 3, 2]] # 0 P1/2
  - [-1, 1, Conv, [128, 3, 2]] # 1 P2/4
  - [-1, 1, Conv, [256, 3, 2]] # 2 P3/8
  - [-1, 1, Conv, [512, 3, 2]] # 3 P4/16
  - [-1, 1, Conv, [1024, 3, 2]] # 4 P5/32
  - [-1, 1, SPPF, [1024, 5, 3, True]] # 5
head:
  - [[2, 3, 5], 1, Detect, [nc]] # 6
`;

describe('Ultralytics releases', () => {
  const codes = async (text: string, options: AnalyzeOptions) => (await analyzeDocument(text, 'yolo26n.yaml', options)).diagnostics.map((d) => `${d.code}: ${d.message}`);

  it('reads 8.4 by default: reg_max and end2end go to the heads, before the input channels', async () => {
    const { models, diagnostics } = await analyzeDocument(YOLO26, 'yolo26n.yaml', { defines: { H: 128, W: 128 } });
    assert.deepStrictEqual(diagnostics, []);
    const head = models[0].layers[6];
    assert.strictEqual(head.rule, 'Ultralytics Detect(nc=80, reg_max=1, end2end=True, ch=[64, 128, 256])');
    // End to end: the best min(max_det = 300, anchors) boxes, [x1, y1, x2, y2, score, class] each; 16² + 8² + 4² = 336 anchors at 128×128.
    assert.deepStrictEqual(reportShape(head.output), [1, 300, 6]);
    const small = await analyzeDocument(YOLO26, 'yolo26n.yaml', { defines: { H: 64, W: 64 } });
    assert.deepStrictEqual(reportShape(small.models[0].layers[6].output), [1, 84, 6]);
    // Without an image size the anchor count is unknown, so the box count is too.
    const symbolic = await analyzeDocument(YOLO26, 'yolo26n.yaml', {});
    assert.deepStrictEqual(reportShape(symbolic.models[0].layers[6].output), [1, '?', 6]);
    assert.deepStrictEqual((await analyzeDocument(YOLO26, 'yolo26n.yaml', { ultralyticsVersion: '8.4' })).models[0].layers.map((l) => l.params), symbolic.models[0].layers.map((l) => l.params));
  });

  it('reads 8.3 when asked: its SPPF refuses the 8.4 arguments, and it ignores end2end and reg_max', async () => {
    const found = await codes(YOLO26, { ultralyticsVersion: '8.3' });
    assert.deepStrictEqual(found, [
      "ignored-parameter: `reg_max` is read by Ultralytics 8.4; 8.3's parse_model ignores it (choose the release the file is written for).",
      "ignored-parameter: `end2end` is read by Ultralytics 8.4; 8.3's parse_model ignores it (choose the release the file is written for).",
      "invalid-parameter: SPPF takes at most 3 arguments (c1, c2, k) in Ultralytics 8.3; this row makes 5 once Ultralytics has rewritten it (TypeError). Ultralytics 8.4's SPPF takes (c1, c2, k, n, shortcut): choose that release if the file is written for it.",
    ]);
  });

  it("names the release a module belongs to when the chosen one lacks it", async () => {
    const seg = YOLO26.replace('Detect, [nc]]', 'Segment26, [nc, 32, 256]]');
    assert.deepStrictEqual((await codes(seg, { ultralyticsVersion: '8.4' })).length, 0);
    const found = await codes(seg, { ultralyticsVersion: '8.3' });
    assert.ok(found.includes("unknown-layer: Unknown module 'Segment26': it is not among Ultralytics 8.3's modules ConvLens knows (it is a module of Ultralytics 8.4: choose that release to read it); its output keeps the input's channels and its spatial size is unknown."), found.join('\n'));
  });

  it("builds 8.4's PSA below 64 channels (one attention head), where 8.3 divides by zero; words A2C2f's assertion as each release", async () => {
    // PSA [384] after row 5 at n: c1 = c2 = 96, hidden c = int(96 × 0.5) = 48 < 64.
    const psa = `${V8_HEAD}  - [-1, 1, PSA, [384]]\n`;
    assert.deepStrictEqual(await codes(psa, { ultralyticsVersion: '8.4' }), []);
    assert.match((await codes(psa, { ultralyticsVersion: '8.3' })).join('\n'), /ZeroDivisionError: integer division or modulo by zero — PSA's attention has 48 \/\/ 64 = 0 heads/);
    // 8.4.60's PSA(96, 96), checked in Ultralytics: one head of key_dim int(48 × 0.5) = 24: qkv Conv(48, 96) 4,800, proj Conv(48, 48)
    // 2,400, pe Conv(48, 48, 3, g=48) 528, ffn Conv(48, 96) 4,800 and Conv(96, 48) 4,704, cv1 and cv2 Conv(96, 96) 9,408 each: 36,048.
    assert.strictEqual((await analyzeDocument(psa, 'yolov8n.yaml', {})).models[0].layers[6].params, 36_048);
    const narrow = `${V8_HEAD}  - [-1, 1, A2C2f, [192, False, -1]]\n`;
    assert.match((await codes(narrow, { ultralyticsVersion: '8.4' })).join(), /AssertionError: Dimension of ABlock must be a multiple of 32\./);
  });

  it("warns where C3k2's sixth argument is the other release's (8.3's g, 8.4's attn)", async () => {
    const written = (sixth: string) => V8_HEAD.replace('[-1, 3, C2f, [128, True]] # 2', `[-1, 3, C3k2, [128, False, 0.5, ${sixth}]] # 2`);
    const attention = (await codes(written('True'), { ultralyticsVersion: '8.3' })).join('\n');
    assert.match(attention, /ignored-parameter: C3k2's sixth argument is `g` \(groups\) in Ultralytics 8\.3, `attn` in 8\.4/);
    assert.deepStrictEqual(await codes(written('True'), { ultralyticsVersion: '8.4' }), []);
    assert.match((await codes(written('2'), { ultralyticsVersion: '8.4' })).join('\n'), /ignored-parameter: C3k2's sixth argument is `attn` in Ultralytics 8\.4, `g` \(groups\) in 8\.3/);
    assert.deepStrictEqual(await codes(written('2'), { ultralyticsVersion: '8.3' }), []);
  });

  it('reads the editor setting convlens.ultralytics.version', () => {
    assert.deepStrictEqual(parseUltralyticsVersion('8.3'), { value: '8.3', problems: [] });
    assert.deepStrictEqual(parseUltralyticsVersion(undefined), { value: '8.4', problems: [] });
    assert.deepStrictEqual(parseUltralyticsVersion(8.3), { value: '8.4', problems: ['8.3 is not an Ultralytics release ConvLens reads (8.3, 8.4); reading 8.4'] });
  });
});

describe('Ultralytics JSON Schema', () => {
  it('lists exactly the modules of the libraries of every release, and is contributed for yolo*.yaml', () => {
    const schema = JSON.parse(readFileSync('schemas/ultralytics-model.schema.json', 'utf8'));
    const names = schema.properties.backbone.items.items[2].anyOf[0].enum as string[];
    const known = Object.values(RELEASES).flatMap((release) => [...Object.keys(release.modules), ...Object.keys(release.partial)]);
    assert.deepStrictEqual(names, [...new Set(known)].sort());
    const packageJson = JSON.parse(readFileSync('package.json', 'utf8'));
    assert.ok(packageJson.contributes.yamlValidation.some((entry: { fileMatch: string[]; url: string }) => entry.url === './schemas/ultralytics-model.schema.json' && entry.fileMatch.includes('yolo*.yaml')));
  });
});
