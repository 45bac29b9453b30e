// `convlens check` in-process (runCli with a captured stdout/stderr): exit statuses, severities,
// the config file, --max-warnings, internal errors. Shapes follow SEMANTICS.md's PyTorch formula
// for transposed convolutions, out = (in − 1)·s − 2p + d·(k − 1) + op + 1.
import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/run';
import { withBrokenReLU, CONV_RELU_CONV, PLANTED_BUG } from '../support/brokenRule';

// Two uneven-overlap warnings (k3 mod s2 = 1), no error: 4 → (4−1)·2 − 2 + 2 + 1 = 7 → 13.
const TWO_WARNINGS = `input: [1, 8, 4, 4]
layers:
  - type: ConvTranspose2d
    name: up1
    out_channels: 4
    kernel_size: 3
    stride: 2
    padding: 1
  - type: ConvTranspose2d
    name: up2
    out_channels: 2
    kernel_size: 3
    stride: 2
    padding: 1
`;

// (7−1)·2 − 2 + 3 + 1 + 1 = 15, but `expect` says 14: output_padding 0 would match (lines 9, 10).
const EXPECT_MISMATCH = `input: [N, 16, 7, 7]
layers:
  - type: ConvTranspose2d
    name: up
    out_channels: 1
    kernel_size: 4
    stride: 2
    padding: 1
    output_padding: 1
    expect: [N, 1, 14, 14]
`;

describe('CLI: convlens check, in-process', () => {
  let dir: string;

  async function run(args: string[], cwd = dir) {
    let stdout = '';
    let stderr = '';
    const status = await runCli(args, { cwd, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) }, '0.0.0-test');
    return { status, stdout, stderr };
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'convlens-run-'));
    writeFileSync(join(dir, 'warnings.model.yaml'), TWO_WARNINGS);
    writeFileSync(join(dir, 'expect.model.yaml'), EXPECT_MISMATCH);
    writeFileSync(join(dir, 'relu.model.yaml'), CONV_RELU_CONV);
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('says in one line that a path does not exist, checks nothing and exits 2', async () => {
    assert.deepEqual(await run(['check', 'warnings.model.yaml', 'foo.yaml']), { status: 2, stdout: '', stderr: 'convlens: no such file or directory: foo.yaml\n' });
  });

  it('points a usage error to --help and exits 2', async () => {
    assert.deepEqual(await run(['check', '--max-warnings', 'x', 'warnings.model.yaml']), {
      status: 2,
      stdout: '',
      stderr: "convlens: --max-warnings takes a number of warnings (0 or more), not 'x'\nRun 'convlens --help' for the options.\n",
    });
  });

  it('fails with more warnings than --max-warnings, as ESLint does', async () => {
    assert.equal((await run(['check', 'warnings.model.yaml'])).status, 0);
    assert.equal((await run(['check', '--max-warnings', '2', 'warnings.model.yaml'])).status, 0);
    const over = await run(['check', '--max-warnings', '1', 'warnings.model.yaml']);
    assert.equal(over.status, 1);
    assert.equal(over.stderr, 'convlens: too many warnings: 2 (--max-warnings 1)\n');
    assert.match(over.stdout, /^Checked 1 file \(1 model\): 0 errors, 2 warnings\.$/m);
  });

  it('sets per-code severities with --severity: off drops the problem, error fails the run', async () => {
    const off = await run(['check', '--severity', 'uneven-overlap=off', 'warnings.model.yaml']);
    assert.deepEqual(off, { status: 0, stdout: 'Checked 1 file (1 model): 0 errors, 0 warnings.\n', stderr: '' });
    const raised = await run(['check', '--severity', 'uneven-overlap=error', 'warnings.model.yaml']);
    assert.equal(raised.status, 1);
    assert.match(raised.stdout, /^warnings\.model\.yaml:6:5: error uneven-overlap: /m);
    const lowered = await run(['check', '--format', 'json', '--severity', 'output-padding-mismatch=info', 'expect.model.yaml']);
    assert.equal(lowered.status, 0);
    assert.equal(JSON.parse(lowered.stdout).files[0].diagnostics[0].severity, 'info');
  });

  it('refuses an unknown code or level, and lowering internal-error, with exit 2', async () => {
    const code = await run(['check', '--severity', 'uneven=off', 'warnings.model.yaml']);
    assert.equal(code.status, 2);
    assert.match(code.stderr, /^convlens: --severity: unknown diagnostic code 'uneven' \(known: parse-error, /);
    const level = await run(['check', '--severity', 'uneven-overlap=silent', 'warnings.model.yaml']);
    assert.equal(level.status, 2);
    assert.match(level.stderr, /^convlens: --severity: 'uneven-overlap': the level must be one of error, warning, info, off, not "silent"\n/);
    assert.match((await run(['check', '--severity', 'internal-error=off', 'warnings.model.yaml'])).stderr, /'internal-error' stays an error/);
  });

  it('reads severities from convlens.json in the current folder; flags win over it', async () => {
    writeFileSync(join(dir, 'convlens.json'), '{"severity": {"uneven-overlap": "error"}}');
    assert.equal((await run(['check', 'warnings.model.yaml'])).status, 1);
    assert.equal((await run(['check', '--severity', 'uneven-overlap=warning', 'warnings.model.yaml'])).status, 0);
  });

  it('reads .convlensrc.json with comments and trailing commas, or the file --config names', async () => {
    writeFileSync(join(dir, '.convlensrc.json'), '// CI settings\n{"severity": {"uneven-overlap": "off",},}\n');
    assert.match((await run(['check', 'warnings.model.yaml'])).stdout, /0 errors, 0 warnings\.$/m);
    writeFileSync(join(dir, 'strict.json'), '{"severity": {"uneven-overlap": "error"}}');
    assert.equal((await run(['check', '--config', 'strict.json', 'warnings.model.yaml'])).status, 1);
  });

  it('says what is wrong with a config file, with exit 2', async () => {
    assert.deepEqual(await run(['check', '--config', 'none.json', 'warnings.model.yaml']), { status: 2, stdout: '', stderr: 'convlens: no such file or directory: none.json\n' });
    // Line 2, column 34: the `}` where a value belongs.
    writeFileSync(join(dir, 'convlens.json'), '{\n  "severity": {"uneven-overlap": }\n}');
    assert.deepEqual(await run(['check', 'warnings.model.yaml']), { status: 2, stdout: '', stderr: 'convlens: convlens.json:2:34: invalid JSON (ValueExpected)\n' });
    writeFileSync(join(dir, 'convlens.json'), '{"severities": {}}');
    assert.equal((await run(['check', 'warnings.model.yaml'])).stderr, "convlens: convlens.json: unknown key 'severities' (known: severity)\n");
    writeFileSync(join(dir, 'convlens.json'), '[]');
    assert.match((await run(['check', 'warnings.model.yaml'])).stderr, /^convlens: convlens\.json: the config must be a JSON object/);
    writeFileSync(join(dir, 'convlens.json'), '{"severity": {"uneven-overlap": "loud"}}');
    assert.match((await run(['check', 'warnings.model.yaml'])).stderr, /^convlens: convlens\.json: severity: 'uneven-overlap': the level must be one of/);
  });

  it('prints problems first, the tables only with --tables, and the count last', async () => {
    const plain = await run(['check', 'expect.model.yaml']);
    assert.deepEqual(plain.stdout.split('\n'), [
      "expect.model.yaml:9:5: error output-padding-mismatch: ConvTranspose2d 'up' produces [N, 1, 15, 15], but `expect` of 'up' needs [N, 1, 14, 14]; set output_padding to 0.",
      '    9 |     output_padding: 1',
      '      |     ^~~~~~~~~~~~~~~~~',
      'expect.model.yaml:10:13: note: expected [N, 1, 14, 14]',
      'Checked 1 file (1 model): 1 error, 0 warnings.',
      '',
    ]);
    const tables = (await run(['check', '--tables', 'expect.model.yaml'])).stdout.split('\n');
    const table = tables.indexOf(' Layer (type)           Input Shape     Output Shape     Param #');
    assert.ok(table > tables.indexOf('expect.model.yaml:10:13: note: expected [N, 1, 14, 14]'), tables.join('\n'));
    assert.match(tables[table + 2], /^ up \(ConvTranspose2d\)\s+\[N, 16, 7, 7\]\s+\[N, 1, 15, 15\]\s+257$/);
    assert.equal(tables.at(-2), 'Checked 1 file (1 model): 1 error, 0 warnings.');
  });

  it('gives each JSON diagnostic its related places and the report a summary', async () => {
    const { status, stdout } = await run(['check', '--format', 'json', 'expect.model.yaml', 'warnings.model.yaml']);
    assert.equal(status, 1);
    const report = JSON.parse(stdout);
    assert.deepEqual(report.files[0].diagnostics[0].related, [{ message: 'expected [N, 1, 14, 14]', line: 10, column: 13 }]);
    assert.deepEqual(report.files[1].diagnostics.map((d: { related: unknown }) => d.related), [[], []]);
    assert.deepEqual(report.summary, { files: 2, models: 2, errors: 1, warnings: 2 });
    assert.deepEqual(Object.keys(report), ['version', 'files', 'summary']);
  });

  it('exits 3 on a failure inside ConvLens, with the stack on stderr and the report intact', async () => {
    const { status, stdout, stderr } = await withBrokenReLU(() => run(['check', '--format', 'json', 'relu.model.yaml', 'expect.model.yaml']));
    assert.equal(status, 3);
    const report = JSON.parse(stdout);
    assert.deepEqual(
      report.files[0].diagnostics.map(({ code, layer }: { code: string; layer: string }) => ({ code, layer })),
      [{ code: 'internal-error', layer: 'act' }],
    );
    assert.equal(report.files[1].diagnostics[0].code, 'output-padding-mismatch', 'the other files are still checked');
    assert.match(stderr, new RegExp(`^convlens: relu\\.model\\.yaml: ConvLens failed on layer 'act'\\nError: ${PLANTED_BUG}\\n\\s+at `));
  });

  it('walks folders for every extension of the reader registry, .mts and .cjs included', async () => {
    const models = join(dir, 'models');
    mkdirSync(models);
    // The same channel mismatch in three spellings: in_channels 3 on a 1-channel input.
    const literal = "{ input: [1, 1, 8, 8], layers: [{ type: 'Conv2d', in_channels: 3, out_channels: 2, kernel_size: 3 }] }";
    writeFileSync(join(models, 'a.mts'), `export const net = ${literal};\n`);
    writeFileSync(join(models, 'b.cjs'), `module.exports = ${literal};\n`);
    writeFileSync(join(models, 'c.txt'), `module.exports = ${literal};\n`);
    const { status, stdout } = await run(['check', '--format', 'json', 'models']);
    assert.equal(status, 1);
    const report = JSON.parse(stdout);
    assert.deepEqual(
      report.files.map((file: { path: string; diagnostics: { code: string }[] }) => [file.path, file.diagnostics.map((d) => d.code)]),
      [
        [join('models', 'a.mts'), ['channel-mismatch']],
        [join('models', 'b.cjs'), ['channel-mismatch']],
      ],
    );
  });

  it('prints help and the version', async () => {
    assert.match((await run(['--help'])).stdout, /^Usage: convlens check \[options\] PATH\.\.\./);
    assert.deepEqual(await run(['--version']), { status: 0, stdout: '0.0.0-test\n', stderr: '' });
  });
});
