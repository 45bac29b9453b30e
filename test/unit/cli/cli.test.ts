// The CLI contract of SPEC.md §4, run as a user runs it: `node dist/cli.js` (built by `npm run build`,
// which `npm test` runs first). Expected shapes follow docs/frameworks/pytorch.md.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const cli = resolve(__dirname, '../../../dist/cli.js');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Lines 1-12; `output_padding: 2` at line 12, column 5 breaks PyTorch's bound op < max(s, d) = 2.
const BROKEN = `name: broken
input: [N, 512, 4, 4]
layers:
  - type: ConvTranspose2d
    name: up1
    out_channels: 256
    kernel_size: 4
    stride: 2
    padding: 1
  - type: ConvTranspose2d
    name: up2
    output_padding: 2
    out_channels: 128
    kernel_size: 4
    stride: 2
    padding: 1
`;

const GOOD = `name: good
input: [N, 100, 1, 1]
layers:
  - type: ConvTranspose2d
    out_channels: 512
    kernel_size: 4
`;

// An Ultralytics 8.4 row: SPPF(c1, c2, k, n, shortcut), which 8.3's SPPF(c1, c2, k) refuses.
const YOLO26_SPPF = `nc: 80
scales:
  n: [0.50, 0.25, 1024]
backbone:
  - [-1, 1, Conv, [64, 3, 2]]
  - [-1, 1, SPPF, [64, 5, 3, True]]
head:
  - [-1, 1, nn.Upsample, [None, 2, "nearest"]]
`;

describe('CLI: convlens check', () => {
  let dir: string;

  before(function () {
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
    dir = mkdtempSync(join(tmpdir(), 'convlens-cli-'));
    mkdirSync(join(dir, 'models', 'node_modules'), { recursive: true });
    writeFileSync(join(dir, 'models', 'broken.model.yaml'), BROKEN);
    writeFileSync(join(dir, 'models', 'good.model.yaml'), GOOD);
    writeFileSync(join(dir, 'models', 'notes.yaml'), 'title: not a model\n');
    writeFileSync(join(dir, 'models', 'node_modules', 'skipped.model.yaml'), BROKEN);
    mkdirSync(join(dir, 'yolo'));
    writeFileSync(join(dir, 'yolo', 'yolo26n.yaml'), YOLO26_SPPF);
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 and prints only the count for a model without problems, as linters do', () => {
    const { status, stdout } = run(['check', 'models/good.model.yaml'], dir);
    assert.equal(status, 0);
    assert.equal(stdout, 'Checked 1 file (1 model): 0 errors, 0 warnings.\n');
  });

  it('prints the layer table with --tables', () => {
    const { status, stdout } = run(['check', '--tables', 'models/good.model.yaml'], dir);
    assert.equal(status, 0);
    // (1 − 1)·1 − 0 + 3 + 0 + 1 = 4; weights 100·512·4·4 + bias 512.
    assert.match(stdout, /^ 0 \(ConvTranspose2d\)\s+\[N, 100, 1, 1\]\s+\[N, 512, 4, 4\]\s+819,712$/m);
  });

  it('exits 1 with compiler-style lines when an error is found', () => {
    const { status, stdout } = run(['check', 'models/broken.model.yaml'], dir);
    assert.equal(status, 1);
    assert.match(stdout, /^models\/broken\.model\.yaml:12:5: error output-padding-too-large: .+$/m);
  });

  it('shows the source line with a caret under the problem, like a compiler', () => {
    const { stdout } = run(['check', 'models/broken.model.yaml'], dir);
    const lines = stdout.split('\n');
    const at = lines.findIndex((line) => line.startsWith('models/broken.model.yaml:12:5: error output-padding-too-large: '));
    // `output_padding: 2` spans columns 5 to 21.
    assert.deepEqual(lines.slice(at + 1, at + 3), ['   12 |     output_padding: 2', `      |     ^${'~'.repeat(16)}`]);
    assert.equal(lines.at(-2), 'Checked 1 file (1 model): 1 error, 0 warnings.');
  });

  it('shows a window of a long source line around the problem, and shortens a long layer type in the message', () => {
    // Line 3: the unknown type starts at column 520, after `  - {name: `, 500 characters and `, type: `.
    const type = `Nope${'x'.repeat(996)}`;
    writeFileSync(join(dir, 'long.model.yaml'), `input: [N, 3, 8, 8]\nlayers:\n  - {name: ${'a'.repeat(500)}, type: ${type}}\n`);
    const { stdout } = run(['check', '--no-tables', 'long.model.yaml'], dir);
    const lines = stdout.split('\n');
    assert.equal(lines[0], `long.model.yaml:3:520: warning unknown-layer: PyTorch has no layer type '${type.slice(0, 79)}…'; shapes after it are unknown.`);
    // 40 characters before the type, 160 in all, `…` on both sides where the line is cut.
    assert.equal(lines[1], `    3 | …${'a'.repeat(32)}, type: ${type.slice(0, 120)}…`);
    assert.equal(lines[2], `      |  ${' '.repeat(40)}^${'~'.repeat(119)}`);
  });

  it('leaves the layer tables out by default (and with --no-tables, kept for older scripts)', () => {
    const { status, stdout } = run(['check', '--no-tables', 'models'], dir);
    assert.equal(run(['check', 'models'], dir).stdout, stdout);
    assert.equal(status, 1);
    assert.doesNotMatch(stdout, /Layer \(type\)/);
    assert.match(stdout, /^models\/broken\.model\.yaml:12:5: error output-padding-too-large: /m);
    assert.match(stdout, /^Checked 2 files \(2 models\): 1 error, 0 warnings\.$/m);
  });

  it('writes GitHub Actions annotations with --format github', () => {
    const { status, stdout } = run(['check', '--format', 'github', 'models'], dir);
    assert.equal(status, 1);
    assert.match(stdout, /^::error file=models\/broken\.model\.yaml,line=12,col=5,endLine=12,endColumn=22,title=ConvLens output-padding-too-large::\S.*$/m);
    assert.doesNotMatch(stdout, /Layer \(type\)/);
  });

  it('writes the stable JSON report, recursing into folders but not node_modules or non-models', () => {
    const { status, stdout } = run(['check', '--format', 'json', 'models'], dir);
    assert.equal(status, 1);
    const report = JSON.parse(stdout);
    assert.equal(report.version, 1);
    assert.deepEqual(
      report.files.map((file: { path: string }) => file.path),
      ['models/broken.model.yaml', 'models/good.model.yaml'],
    );
    const broken = report.files[0];
    assert.deepEqual(broken.models[0].layers[0], {
      name: 'up1',
      type: 'ConvTranspose2d',
      line: 4,
      input: ['N', 512, 4, 4],
      // (4 − 1)·2 − 2·1 + 4 = 8; 512·256·16 weights + 256 bias.
      output: ['N', 256, 8, 8],
      params: 2097408,
    });
    assert.equal(broken.models[0].layers[1].output, null);
    assert.deepEqual(
      broken.diagnostics.filter((d: { code: string }) => d.code === 'output-padding-too-large').map(({ message: _message, ...rest }: { message: string }) => rest),
      [{ code: 'output-padding-too-large', severity: 'error', layer: 'up2', line: 12, column: 5, endLine: 12, endColumn: 22, related: [] }],
    );
    assert.deepEqual(report.summary, { files: 2, models: 2, errors: 1, warnings: 0 });
  });

  it('reads YOLO files as Ultralytics 8.4 by default, as 8.3 with --ultralytics 8.3', () => {
    const current = run(['check', '--format', 'json', 'yolo'], dir);
    assert.equal(current.status, 0, current.stdout);
    // Conv(3, 16, 3, 2) = 3·16·9 + 2·16 = 464; SPPF(16, 16, 5, 3, True): cv1 Conv(16, 8, 1) = 16·8 + 2·8 = 144, cv2 Conv(8·(3 + 1), 16, 1) = 32·16 + 2·16 = 544.
    const layers = JSON.parse(current.stdout).files[0].models[0].layers;
    assert.deepEqual(
      layers.map((layer: { type: string; params: number }) => [layer.type, layer.params]),
      [
        ['Conv', 464],
        ['SPPF', 688],
        ['nn.Upsample', 0],
      ],
    );
    const older = run(['check', '--ultralytics', '8.3', 'yolo/yolo26n.yaml'], dir);
    assert.equal(older.status, 1);
    assert.match(older.stdout, /yolo26n\.yaml:6:\d+: error invalid-parameter: SPPF takes at most 3 arguments \(c1, c2, k\) in Ultralytics 8\.3; .* Ultralytics 8\.4's SPPF takes \(c1, c2, k, n, shortcut\)/);
    const same = run(['check', '--ultralytics', '8.4', '--format', 'json', 'yolo'], dir);
    assert.equal(same.stdout, current.stdout);
    const wrong = run(['check', '--ultralytics', '8.5', 'yolo'], dir);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /--ultralytics takes 8\.3 or 8\.4, not '8\.5'/);
  });

  it('exits 2 on usage errors and unreadable paths', () => {
    assert.equal(run(['check'], dir).status, 2);
    assert.equal(run(['check', '--format', 'xml', 'models'], dir).status, 2);
    assert.equal(run(['lint', 'models'], dir).status, 2);
    const missing = run(['check', 'models', 'models/missing.yaml'], dir);
    assert.equal(missing.status, 2);
    assert.equal(missing.stderr, 'convlens: no such file or directory: models/missing.yaml\n');
    assert.equal(missing.stdout, '', 'nothing is checked when a path is wrong');
  });

  it('checks a 4 MB one-line file after a TypeScript model without stalling (fuzz: it took 39 s)', function () {
    this.timeout(30_000);
    // The fuzzer's input: a TF.js seed whose kernelSize list is a million `{}` on one line, checked
    // after another TypeScript file. V8 then ran the nesting scan's `indexOf` on every character.
    const seed = readFileSync(resolve(__dirname, '../../../test/fuzz/seeds/tfjs-functional.ts'), 'utf8');
    const list = seed.indexOf('kernelSize: ') + 'kernelSize: '.length;
    writeFileSync(join(dir, 'huge.ts'), `${seed.slice(0, list)}[${'{}, '.repeat(1_000_000)}{}]${seed.slice(seed.indexOf(',', list))}`);
    const example = resolve(__dirname, '../../../examples/unet-literal.ts');
    const result = spawnSync(process.execPath, [cli, 'check', '--format', 'json', example, 'huge.ts'], { cwd: dir, encoding: 'utf8', timeout: 10_000 });
    assert.equal(result.signal, null, 'not killed after 10 s');
    const report = JSON.parse(result.stdout) as { files: { path: string; diagnostics: { message: string }[] }[] };
    const huge = report.files.find((file) => file.path === 'huge.ts');
    assert.match(huge?.diagnostics[0].message ?? '', /^This file has about 3,000,0\d\d items \(lines, commas and brackets\)/);
  });

  it('follows imports between files inside the workspace, never outside it (SPEC §1.3)', () => {
    // A 'same' transposed convolution of stride 2 doubles the size: 4 → 8 (UP_FILTERS) → 16 (upBlock, in blocks.js).
    mkdirSync(join(dir, 'project', 'models'), { recursive: true });
    writeFileSync(join(dir, 'secret.js'), 'export const CLASSES = 7;\n');
    writeFileSync(
      join(dir, 'project', 'models', 'blocks.js'),
      "import * as tf from '@tensorflow/tfjs';\nexport const UP_FILTERS = 32;\nexport function upBlock(model, filters) {\n  model.add(tf.layers.conv2dTranspose({filters, kernelSize: 4, strides: 2, padding: 'same'}));\n}\n",
    );
    writeFileSync(
      join(dir, 'project', 'models', 'gen.js'),
      [
        "import * as tf from '@tensorflow/tfjs';",
        "import {UP_FILTERS, upBlock} from './blocks';",
        "import {CLASSES} from '../../secret.js';",
        'const model = tf.sequential();',
        "model.add(tf.layers.reshape({inputShape: [1024], targetShape: [4, 4, 64]}));",
        "model.add(tf.layers.conv2dTranspose({filters: UP_FILTERS, kernelSize: 4, strides: 2, padding: 'same'}));",
        'upBlock(model, 16);',
        "model.add(tf.layers.conv2d({filters: 3, kernelSize: 3, padding: 'same'}));",
        'model.add(tf.layers.flatten());',
        'model.add(tf.layers.dense({units: CLASSES}));',
        '',
      ].join('\n'),
    );
    const { status, stdout } = run(['check', '--format', 'json', 'models/gen.js'], join(dir, 'project'));
    assert.equal(status, 0, stdout);
    const layers = JSON.parse(stdout).files[0].models[0].layers as { line: number; output: unknown; unknown?: string }[];
    assert.deepEqual(
      layers.map(({ line, output }) => [line, output]),
      [
        [5, ['N', 4, 4, 64]],
        [6, ['N', 8, 8, 32]],
        [7, ['N', 16, 16, 16]],
        [8, ['N', 16, 16, 3]],
        [9, ['N', 768]],
        [10, null],
      ],
    );
    assert.match(layers[5].unknown ?? '', /`\.\.\/\.\.\/secret\.js` cannot be read \(it is missing, or outside the workspace\)/);
  });

  it('shows each model a builder of another file makes, at each call of it (issue 17)', () => {
    // dense gives [N, units]: 784 → 128 → 32 for the encoder, 32 → 128 → 784 for the decoder.
    mkdirSync(join(dir, 'twice'), { recursive: true });
    writeFileSync(
      join(dir, 'twice', 'builder.js'),
      "import * as tf from '@tensorflow/tfjs';\nexport function buildModel(inputSize, hidden, outputSize) {\n  const model = tf.sequential();\n  model.add(tf.layers.dense({inputShape: [inputSize], units: hidden}));\n  model.add(tf.layers.dense({units: outputSize}));\n  return model;\n}\n",
    );
    writeFileSync(
      join(dir, 'twice', 'main.js'),
      "import * as tf from '@tensorflow/tfjs';\nimport {buildModel} from './builder.js';\nconst encoder = buildModel(784, 128, 32);\nconst decoder = buildModel(32, 128, 784);\n",
    );
    const { status, stdout } = run(['check', '--format', 'json', 'main.js'], join(dir, 'twice'));
    assert.equal(status, 0, stdout);
    const models = JSON.parse(stdout).files[0].models as { name: string; layers: { line: number; output: unknown }[] }[];
    assert.deepEqual(
      models.map(({ name, layers }) => [name, layers.map(({ line, output }) => [line, output])]),
      [
        ['encoder', [[3, ['N', 128]], [3, ['N', 32]]]],
        ['decoder', [[4, ['N', 128]], [4, ['N', 784]]]],
      ],
    );
  });

  it('documents every option in --help', () => {
    const { status, stdout } = run(['--help'], dir);
    assert.equal(status, 0);
    const options = ['--format text', '--format json', '--format github', '--tables', '--no-tables', '--max-warnings N', '--severity CODE=LEVEL', '--config FILE', '--define NAME=INT', '--scale LETTER', '--ultralytics VERSION', '-h, --help', '--version', 'Exit status'];
    for (const option of options) assert.ok(stdout.includes(option), option);
    // Every extension a folder is searched for, from the reader registry.
    assert.ok(stdout.includes('*.yaml, *.yml, *.json, *.ts, *.mts, *.cts, *.js, *.mjs, *.cjs'), stdout);
  });

  it("reports nothing on ConvLens's own sources (no false alarms: they hold `input`, `layers` and `type` keys)", () => {
    const { status, stdout, stderr } = run(['check', 'src'], resolve(__dirname, '../../..'));
    assert.equal(stderr, '');
    assert.equal(status, 0);
    assert.match(stdout, /0 errors, 0 warnings\.$/m);
    assert.doesNotMatch(stdout, /Model:/);
  });
});
